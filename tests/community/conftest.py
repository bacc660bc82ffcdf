"""The sample county's community tables, in a folder and an SQLite file, once per session."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="session")
def community_tables():
    from evalnb.community.sample import sample
    from evalnb.core.domain import SampleContext

    return sample(SampleContext(seed=0, rng=np.random.default_rng(1), tables={}))


@pytest.fixture(scope="session")
def community_db(community_tables, tmp_path_factory) -> str:
    from evalnb.core.sampling import to_csv_text
    from evalnb.core.store import Store

    folder = tmp_path_factory.mktemp("community-sample")
    for name, frame in community_tables.items():
        (folder / f"{name}.csv").write_text(to_csv_text(frame), encoding="utf-8")
    url = f"sqlite:///{folder / 'community.sqlite'}"
    Store(url).import_folder(folder)
    return url
