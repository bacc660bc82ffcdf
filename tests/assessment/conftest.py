"""Fixtures of the assessment tests: the sample's Russian municipality, read once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sample_frames(sample_db):
    """The sample's Russian municipality, as the store returns it (validated frames)."""
    from evalnb.core.store import Store

    store = Store(sample_db)
    ids = list(store.schools(kinds=["general"], with_rows_in="students")["school_id"])
    return {
        "schools": store.schools(ids=ids),
        "students": store.read("students", school_id=ids),
        "marks": store.read("marks", school_id=ids),
        "external": store.read("external", school_id=ids),
        "periods": store.read("periods"),
    }
