"""Fixtures of the 诊改 tests: hand-made frames and a writable copy of the sample."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evalnb.diagnosis.catalog import ELEMENTS

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

#: A school that meets every condition of the establishment standard (guidance §4(三)).
GOOD = {"enrollment_fulltime": 1500, "teachers_fulltime": 75, "teachers_professional": 40,
        "building_area_m2": 30000, "equipment_value_yuan": 4_500_000, "diagnosis_system": 1}


def make_status(rows: dict[tuple[str, int], dict]) -> pd.DataFrame:
    """``{(school_id, year): {indicator: value}}`` → the long ``vocational_status`` table."""
    recs = [(s, y, k, v) for (s, y), vals in rows.items() for k, v in vals.items()]
    return pd.DataFrame(recs, columns=["school_id", "year", "indicator", "value"])


def make_schools(ids, municipality="M1", **cols) -> pd.DataFrame:
    frame = pd.DataFrame({"school_id": list(ids), "name": [f"School {i}" for i in ids],
                          "municipality": municipality, "kind": "vocational"})
    for k, v in cols.items():
        frame[k] = v
    return frame


def self_rows(school="S1", cycle="2021-2025", attainment="achieved", elements=ELEMENTS, **texts):
    att = attainment if isinstance(attainment, list) else [attainment] * len(elements)
    frame = pd.DataFrame({"school_id": school, "cycle": cycle, "element": list(elements), "attainment": att})
    for k, v in texts.items():
        frame[k] = v
    return frame


@pytest.fixture
def good():
    return dict(GOOD)


@pytest.fixture
def status_of():
    return make_status


@pytest.fixture
def schools_of():
    return make_schools


@pytest.fixture
def self_of():
    return self_rows


@pytest.fixture
def sample_store(sample_db, tmp_path):
    """A writable copy of the sample database (forms write to it), made with SQLite's backup API."""
    import sqlite3

    from evalnb.core.store import Store

    src = sqlite3.connect(sample_db.removeprefix("sqlite:///"))
    dst = sqlite3.connect(tmp_path / "s.sqlite")
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return Store(f"sqlite:///{tmp_path / 's.sqlite'}")
