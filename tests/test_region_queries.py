"""Per-school reads at region scale use the indexes, on SQLite and on PostgreSQL.

A report reads one school's rows (``evalnb.core.report.school_rows``: the
store's ``read(table, school_id=…)``); the municipality's figures read a chunk
of schools at a time and the periods with marks.  None of these may scan a
whole table: their cost must not grow with the region.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from evalnb.assessment import data
from evalnb.assessment import sample as assessment_sample
from evalnb.core import schemas
from evalnb.core.store import Store

TABLES = ("schools", "students", "periods", "marks", "external")


@pytest.fixture
def region_store(db_url):
    import numpy as np

    frames = assessment_sample.generate(np.random.default_rng(5), n_schools=22)
    store = Store(db_url)
    store.write_frames({t: frames[t] for t in TABLES})
    return store


def _per_school_query(store: Store, table: str, ids: list[str]):
    spec, t = schemas.get(table), store.metadata.tables[table]
    q = sa.select(*t.c)
    link = spec.school_link
    if link[0] == "school_id":
        return q.where(t.c.school_id.in_(ids))
    parent = store.metadata.tables[link[0]]
    return q.join(parent, parent.c[link[1]] == t.c[link[1]]).where(parent.c.school_id.in_(ids))


def _marked_periods_query(store: Store, ids: list[str]):
    marks, students = store.metadata.tables["marks"], store.metadata.tables["students"]
    return (sa.select(marks.c.period).distinct()
            .join(students, students.c.student_id == marks.c.student_id)
            .where(students.c.school_id.in_(ids)))


def _plan(store: Store, query) -> list[str]:
    sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            return [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
        # the planner prefers a sequential scan of a small table; forbidding it shows
        # whether an index can serve the query (it can not: a Seq Scan stays in the plan)
        conn.exec_driver_sql("SET enable_seqscan = off")
        conn.exec_driver_sql("ANALYZE")
        return [row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql)]


def _uses_indexes_only(store: Store, plan: list[str]) -> bool:
    text = "\n".join(plan)
    if store.engine.dialect.name == "sqlite":
        return all(step.startswith(("SEARCH", "USE TEMP B-TREE")) for step in plan) and "INDEX" in text
    return "Seq Scan" not in text and "Index" in text


def test_per_school_and_per_chunk_reads_use_the_indexes(region_store):
    for table in ("students", "marks", "external"):
        plan = _plan(region_store, _per_school_query(region_store, table, ["RU007"]))
        assert _uses_indexes_only(region_store, plan), (table, plan)
        assert len(region_store.read(table, school_id="RU007")) > 0
    ids = [f"RU{i:03d}" for i in range(1, 6)]
    for table in ("students", "marks", "external"):
        plan = _plan(region_store, _per_school_query(region_store, table, ids))
        assert _uses_indexes_only(region_store, plan), (table, plan)
    plan = _plan(region_store, _marked_periods_query(region_store, ids))
    assert _uses_indexes_only(region_store, plan), plan
    assert sorted(data._marked_periods(region_store, ids)) == [f"2019-2020 Q{q}" for q in (1, 2, 3, 4)]
    # the region's second municipality: its two schools only, none of the first's
    name = assessment_sample.REGION_MUNICIPALITIES[1][0]
    figures = data._compute(region_store, name, None, data.AssessmentRules(), chunk=3)
    assert list(figures.schools["school_id"]) == ["RU021", "RU022"]
    assert set(figures.stats_s["school_id"]) == {"RU021", "RU022"}
    assert figures.period == "2019-2020 Q4"
