"""How fast are mark_stats and objectivity on a big municipality? (run: .venv/bin/python benchmarks/bench_assessment.py)

Synthetic data, generated here: 1,000,000 journal marks (50,000 students ×
5 subjects × 4 quarters, with ``na`` and ``exempt`` rows) and 200,000
external results (ВПР and a regional work in two subjects, on several days).

Three timings, best of ``--repeat`` runs each:

* **floor** — plain pandas computing the same counts: a join of marks to
  students and a ``groupby(...).size()`` of the mark / status per school,
  subject and period; a ``merge_asof`` of external dates on period ends, a
  join on (student, subject, period) and a ``groupby`` of lowered /
  confirmed / raised / unmatched.
* **evalnb** — ``mark_stats`` + ``objectivity`` on frames as the store returns
  them (already validated, so ``ensure`` only checks a flag).
* **validation** — what ``ensure`` costs on raw frames (typed pandas frames
  that have not been validated; a CSV import pays this once).

The target (DESIGN.md, performance budget): evalnb within 2× of the floor,
about a second or two on two cores.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from evalnb.assessment import mark_stats, objectivity
from evalnb.core.validate import ensure

SUBJECTS = ["Русский язык", "Математика", "История", "Биология", "Физика"]
PERIODS = pd.DataFrame({
    "period": ["2019-2020 Q1", "2019-2020 Q2", "2019-2020 Q3", "2019-2020 Q4"],
    "start": pd.to_datetime(["2019-09-02", "2019-11-05", "2020-01-09", "2020-03-30"]),
    "end": pd.to_datetime(["2019-10-27", "2019-12-29", "2020-03-22", "2020-05-31"]),
})


def generate(n_students: int = 50_000, n_schools: int = 200, seed: int = 0) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    sid = np.array([f"S{i:07d}" for i in range(n_students)], dtype=object)
    school = rng.integers(0, n_schools, n_students)
    grade = rng.integers(1, 12, n_students)
    students = pd.DataFrame({
        "student_id": sid,
        "school_id": np.array([f"M{s:04d}" for s in range(n_schools)], dtype=object)[school],
        "grade": pd.array(grade, dtype="Int64"),
        "class_label": pd.Series(grade.astype(str), dtype=object) + np.array(list("АБВ"), dtype=object)[
            rng.integers(0, 3, n_students)],
        "gender": np.where(rng.random(n_students) < 0.5, "m", "f").astype(object),
    })
    n_subj, n_per = len(SUBJECTS), len(PERIODS)
    stu = np.repeat(np.arange(n_students), n_subj * n_per)
    subj = np.tile(np.repeat(np.arange(n_subj), n_per), n_students)
    per = np.tile(np.arange(n_per), n_students * n_subj)
    mark = rng.choice([5, 4, 3, 2, 1], size=len(stu), p=[0.3, 0.4, 0.25, 0.045, 0.005])
    status = np.full(len(stu), None, dtype=object)
    roll = rng.random(len(stu))
    status[roll < 0.01] = "na"
    status[(roll >= 0.01) & (roll < 0.013)] = "exempt"
    mark_col = pd.array(mark, dtype="Int64")
    mark_col[status != None] = pd.NA  # noqa: E711 - element-wise
    marks = pd.DataFrame({
        "student_id": sid[stu], "subject": np.array(SUBJECTS, dtype=object)[subj],
        "period": PERIODS["period"].to_numpy(dtype=object)[per], "mark": mark_col, "status": status,
    })
    # external: ВПР (April) and a regional work (December) in Russian and mathematics
    procs = [("ВПР", "2020-04-14", 0), ("ВПР", "2020-04-21", 1), ("РДР", "2019-12-12", 0),
             ("РДР", "2019-12-12", 1)]
    parts = []
    for proc, day, s in procs:
        shift = rng.integers(0, 3, n_students).astype("timedelta64[D]")
        parts.append(pd.DataFrame({
            "student_id": sid, "subject": SUBJECTS[s], "procedure": proc,
            "date": (np.datetime64(day) + shift).astype("datetime64[ns]"),
            "mark": pd.array(rng.choice([5, 4, 3, 2], size=n_students, p=[0.2, 0.4, 0.3, 0.1]),
                             dtype="Int64"),
            "passed": pd.array([pd.NA] * n_students, dtype="boolean"),
            "score": np.nan, "max_score": np.nan}))
    external = pd.concat(parts, ignore_index=True)
    return {"students": students, "marks": marks, "external": external, "periods": PERIODS.copy()}


def floor(d: dict[str, pd.DataFrame]) -> tuple[pd.Series, pd.Series]:
    """The same counts with plain pandas."""
    students, marks, external, periods = d["students"], d["marks"], d["external"], d["periods"]
    school = students.set_index("student_id")["school_id"]
    m = marks.assign(school_id=marks["student_id"].map(school),
                     result=marks["mark"].astype("string").fillna(marks["status"].astype("string")))
    counts = m.groupby(["school_id", "subject", "period", "result"], observed=True).size()

    e = external.sort_values("date")
    e = pd.merge_asof(e, periods[["period", "end"]].sort_values("end"), left_on="date", right_on="end")
    jm = marks[["student_id", "subject", "period", "mark"]].rename(columns={"mark": "journal"})
    e = e.merge(jm, on=["student_id", "subject", "period"], how="left")
    diff = (e["mark"].astype("float64") - e["journal"].astype("float64")).to_numpy()
    e["result"] = np.select([diff < 0, diff == 0, diff > 0], ["lowered", "confirmed", "raised"], "unmatched")
    e["school_id"] = e["student_id"].map(school)
    obj = e.groupby(["school_id", "subject", "procedure", "result"]).size()
    return counts, obj


def evalnb_run(d: dict[str, pd.DataFrame]):
    stats = mark_stats(d["marks"], d["students"])
    obj = objectivity(d["external"], d["marks"], d["periods"], d["students"])
    return stats, obj


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=50_000, help="students (marks = 20 × students)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    raw = generate(args.students)
    print(f"marks: {len(raw['marks']):,} rows; external: {len(raw['external']):,} rows; "
          f"students: {len(raw['students']):,}")

    t_validate = best(lambda: {t: ensure(raw[t].copy(), t) for t in ("students", "marks", "external",
                                                                       "periods")}, 1)
    valid = {t: ensure(raw[t], t) for t in ("students", "marks", "external", "periods")}

    # the same counts, so the comparison is fair
    stats, obj = evalnb_run(valid)
    counts, fobj = floor(valid)
    assert int(stats["n5"].sum()) == int(counts.xs("5", level="result").sum())
    assert int(obj["lowered"].sum()) == int(fobj.xs("lowered", level="result").sum())
    assert int(obj["n_unmatched"].sum()) == int(fobj.xs("unmatched", level="result").sum())

    t_floor = best(lambda: floor(valid), args.repeat)
    t_evalnb = best(lambda: evalnb_run(valid), args.repeat)
    t_stats = best(lambda: mark_stats(valid["marks"], valid["students"]), args.repeat)
    t_obj = best(lambda: objectivity(valid["external"], valid["marks"], valid["periods"], valid["students"]),
                 args.repeat)
    print(f"floor (plain pandas groupby + merge_asof):   {t_floor:6.2f} s")
    print(f"evalnb mark_stats + objectivity:             {t_evalnb:6.2f} s   "
          f"(mark_stats {t_stats:.2f} s, objectivity {t_obj:.2f} s)")
    print(f"ratio evalnb / floor:                        {t_evalnb / t_floor:6.2f}   (target ≤ 2)")
    print(f"validating the raw frames (ensure, once):    {t_validate:6.2f} s")
    return {"floor": t_floor, "evalnb": t_evalnb, "ratio": t_evalnb / t_floor, "validate": t_validate}


if __name__ == "__main__":
    main()
