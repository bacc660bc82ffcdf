"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import pytest

from evalnb_testing import SAMPLE
from pg_fixtures import *  # noqa: F401,F403  (db_url: SQLite and PostgreSQL)

# Charts render headless everywhere, in tests as in the batch.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    """URL of an SQLite database holding the committed sample district."""
    from evalnb.core.store import Store

    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    url = f"sqlite:///{path}"
    Store(url).import_folder(SAMPLE)
    return url
