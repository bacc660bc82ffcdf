"""Timing of the training calculators on a large synthetic county.

    .venv/bin/python benchmarks/bench_training.py [--enrollments 200000]

DESIGN.md's budget: calculators are vectorised, a large district is
summarised in about a second on two cores.  Prints the time of validation
(``ensure``), ``assess``, ``annual_compliance`` and ``monthly_unit_report``,
and compares ``assess`` with its floor: the same points, qualification and
ranking written as bare pandas (no rules object, no validation, no
commendation ties or reasons), printing the ratio.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from evalnb.core.validate import ensure
from evalnb.training import annual_compliance, assess, monthly_unit_report


def county(n_enrollments: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    nc, nt = max(n_enrollments // 100, 10), max(n_enrollments // 10, 10)
    start = pd.Timestamp("2024-09-01") + pd.to_timedelta(rng.integers(0, 300, nc), "D")
    courses = pd.DataFrame({
        "course_id": [f"C{i:06d}" for i in range(nc)], "title": "course",
        "mode": rng.choice(["online", "face_to_face"], nc), "sessions": rng.integers(3, 13, nc),
        "hours": rng.integers(4, 40, nc).astype(float),
        "credits": np.where(rng.random(nc) < .5, np.nan, 2.0), "start": start,
        "end": start + pd.Timedelta(days=20)})
    teachers = pd.DataFrame({
        "teacher_id": [f"T{i:07d}" for i in range(nt)], "school_id": [f"S{i % 300:03d}" for i in range(nt)],
        "name": "teacher", "kind": rng.choice(["primary", "secondary", "kindergarten"], nt)})
    pairs = pd.DataFrame({
        "course_id": courses["course_id"].to_numpy()[rng.integers(0, nc, n_enrollments)],
        "teacher_id": teachers["teacher_id"].to_numpy()[rng.integers(0, nt, n_enrollments)],
    }).drop_duplicates()
    n = len(pairs)
    sessions = pairs["course_id"].map(courses.set_index("course_id")["sessions"]).to_numpy()
    enrollments = pairs.assign(
        absences=(rng.random(n) * sessions / 2).astype(int), late_or_early=rng.integers(0, 8, n),
        written_score=np.where(rng.random(n) < .05, np.nan, rng.integers(30, 101, n)),
        discipline_score=rng.integers(5, 16, n).astype(float))
    return teachers, courses, enrollments


def floor_assess(courses: pd.DataFrame, enrollments: pd.DataFrame) -> pd.DataFrame:
    """The arithmetic of ``assess`` in plain pandas: the floor it is compared with."""
    e = enrollments.merge(courses[["course_id", "sessions"]], on="course_id")
    e["total"] = (0.7 * e["written_score"].fillna(0)
                  + 15 * (e["sessions"] - e["absences"]) / e["sessions"]
                  + e["discipline_score"].fillna(0))
    e["qualified"] = ((e["absences"] < e["sessions"] / 3) & (e["late_or_early"] <= 5)
                      & e["written_score"].notna() & (e["total"] >= 60))
    e["rank"] = e.groupby("course_id")["total"].rank(ascending=False, method="min")
    return e


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enrollments", type=int, default=200_000)
    args = ap.parse_args()
    teachers, courses, enrollments = county(args.enrollments)
    clock = time.perf_counter()
    teachers, courses, enrollments = (ensure(teachers, "teachers"), ensure(courses, "courses"),
                                      ensure(enrollments, "enrollments"))
    times = {"validate": time.perf_counter() - clock}
    clock = time.perf_counter()
    assessed = assess(courses, enrollments)
    times["assess"] = time.perf_counter() - clock
    clock = time.perf_counter()
    annual_compliance(teachers, courses, assessed, "2024-2025")
    times["annual_compliance"] = time.perf_counter() - clock
    clock = time.perf_counter()
    monthly_unit_report(teachers, courses, assessed, "2025-03")
    times["monthly_unit_report"] = time.perf_counter() - clock
    clock = time.perf_counter()
    floor_assess(courses, enrollments)
    times["floor of assess"] = time.perf_counter() - clock
    print(f"{len(enrollments)} enrollments, {len(courses)} courses, {len(teachers)} teachers")
    for name, seconds in times.items():
        print(f"  {name:<20} {seconds:6.2f} s")
    print(f"  assess / its floor   {times['assess'] / times['floor of assess']:6.2f}   (ties, reasons, credits and rules cost the rest)")


if __name__ == "__main__":
    main()
