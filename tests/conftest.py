"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import pytest

from evalnb_testing import SAMPLE
from pg_fixtures import *  # noqa: F401,F403  (db_url: SQLite and PostgreSQL)

# Charts render headless everywhere, in tests as in the batch.
os.environ.setdefault("MPLBACKEND", "Agg")
# The municipality figures the reports cache go to a folder of this run, not the user's cache
if "EVALNB_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["EVALNB_CACHE_DIR"] = tempfile.mkdtemp(prefix="evalnb-test-cache-")
    atexit.register(shutil.rmtree, os.environ["EVALNB_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def form_notebooks():
    """notebooks/forms/, written from the domains' forms as `evalnb forms` and `make lab` do."""
    from evalnb.serve.registry import write_notebooks

    from evalnb_testing import ROOT

    return write_notebooks(ROOT / "notebooks" / "forms")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    """URL of an SQLite database holding the committed sample district."""
    from evalnb.core.store import Store

    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    url = f"sqlite:///{path}"
    Store(url).import_folder(SAMPLE)
    return url


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium shared by the browser tests of one module (see evalnb_testing.chromium)."""
    from evalnb_testing import chromium

    with chromium() as b:
        yield b
