"""Benchmark: ``evalnb batch`` against a plain loop of papermill + nbconvert commands.

The same three-chart report notebook (``tests/notebooks/bench_report.ipynb``)
runs for the same N schools of a synthetic data folder (made here, CSV, so
the benchmark needs no domain package):

(a) a sequential loop of ``papermill`` and ``jupyter nbconvert --to html
    --no-input`` subprocess commands, as one would script it by hand;
(b) ``evalnb batch --format html`` (wall clock of the whole command,
    start-up included);
floor: the report's computation and drawing in one warm Python process,
    no kernel: the notebook's code cells exec'd with matplotlib's Agg
    backend, every figure rendered to PNG, after one warm-up, on one core;
    and the same on all cores (one warm process per core sharing the schools).

It prints seconds per report and the ratios.  Run it from the project root::

    .venv/bin/python benchmarks/bench_batch.py            # N = 24
    .venv/bin/python benchmarks/bench_batch.py --n 40 --jobs 2
    .venv/bin/python benchmarks/bench_batch.py --skip-loop  # (b) and floor only

The numbers depend on the machine and on what else runs on it; nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "tests" / "notebooks" / "bench_report.ipynb"
BIN = Path(sys.executable).parent

SUBJECTS = ["Mathematics", "Russian", "Physics", "Chemistry", "History", "English"]
PERIODS = ["2023-2024 Q1", "2023-2024 Q2", "2023-2024 Q3", "2023-2024 Q4"]


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes, grandchildren included."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def make_data(folder: Path, n: int, students_per_school: int = 150, seed: int = 7) -> list[str]:
    """schools.csv, students.csv, marks.csv for ``n`` schools; returns the school ids."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    langs = ["en", "ru", "zh"]
    names = {"en": "Secondary School No. {i}", "ru": "Средняя школа № {i}", "zh": "第{i}中学"}
    ids = [f"B{i:03d}" for i in range(1, n + 1)]
    schools = pd.DataFrame({
        "school_id": ids,
        "name": [names[langs[i % 3]].format(i=i + 1) for i in range(n)],
        "municipality": [f"District {i % 4 + 1}" for i in range(n)],
        "kind": "general", "language": [langs[i % 3] for i in range(n)],
    })
    sid = np.repeat(ids, students_per_school)
    students = pd.DataFrame({
        "student_id": [f"{s}-{k}" for s in ids for k in range(students_per_school)],
        "school_id": sid,
        "grade": rng.integers(5, 12, len(sid)),
        "gender": rng.choice(["m", "f"], len(sid)),
    })
    level = dict(zip(ids, rng.uniform(3.2, 4.3, n)))
    rows = len(students) * len(SUBJECTS) * len(PERIODS)
    base = np.repeat(students["school_id"].map(level).to_numpy(), len(SUBJECTS) * len(PERIODS))
    marks = pd.DataFrame({
        "student_id": np.repeat(students["student_id"].to_numpy(), len(SUBJECTS) * len(PERIODS)),
        "subject": np.tile(np.repeat(SUBJECTS, len(PERIODS)), len(students)),
        "period": np.tile(PERIODS, len(students) * len(SUBJECTS)),
        "mark": np.clip(np.rint(base + rng.normal(0, 0.8, rows)), 2, 5).astype(int),
    })
    folder.mkdir(parents=True, exist_ok=True)
    schools.to_csv(folder / "schools.csv", index=False)
    students.to_csv(folder / "students.csv", index=False)
    marks.to_csv(folder / "marks.csv", index=False)
    return ids


def plain_loop(ids: list[str], data: Path, out: Path) -> float:
    """(a): papermill then nbconvert, one subprocess each, school after school."""
    out.mkdir(parents=True, exist_ok=True)
    # Kernels as Jupyter starts them: charts through the inline backend.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    for sid in ids:
        nb = out / f"{sid}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(NOTEBOOK), str(nb), "-p", "school_id", sid,
                        "-p", "data", str(data), "--no-progress-bar", "--log-level", "ERROR"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                        str(nb), "--log-level", "ERROR"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    elapsed = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    _check_charts((out / f"{ids[0]}.html").read_text(encoding="utf-8"), "(a)")
    return elapsed, cpu


def _check_charts(html: str, which: str) -> None:
    """Both ways must do the same work: three charts embedded in the HTML."""
    n = html.count("data:image/png;base64,")
    if n < 3:
        raise SystemExit(f"{which} embedded {n} PNG images instead of 3 charts: not comparable")


def evalnb_batch(ids: list[str], data: Path, out: Path, jobs: int, extra=()) -> float:
    """(b): the whole ``evalnb batch`` command, start-up and shut-down included."""
    cmd = [sys.executable, "-m", "evalnb.batch", str(NOTEBOOK), "--format", "html",
           "--data", str(data), "--out", str(out), "--jobs", str(jobs), "--no-progress",
           "--schools", *ids, *extra]
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"evalnb batch failed with status {proc.returncode}")
    manifest = json.loads((out / NOTEBOOK.stem / "manifest.json").read_text(encoding="utf-8"))
    built = manifest["counts"]["ok"]
    if built != len(ids):
        raise SystemExit(f"evalnb batch built {built} of {len(ids)} reports")
    _check_charts((out / NOTEBOOK.stem / f"{ids[0]}.html").read_text(encoding="utf-8"), "(b)")
    return elapsed, cpu


def floor(ids: list[str], data: Path, reps: int | None = None, cpu: bool = False):
    """Seconds per report of the notebook's own work in one warm process, no kernel.

    With ``cpu=True``: ``(wall, cpu)`` seconds per report."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c.source for c in nb.cells
             if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    codes = [compile(src, f"<cell {i}>", "exec") for i, src in enumerate(cells)]
    rc = matplotlib.rcParams.copy()

    def one(sid: str) -> None:
        matplotlib.rcParams.update(rc)
        ns = {"__name__": "__main__", "school_id": sid, "data": str(data), "lang": None,
              "rules_path": None}
        with contextlib.redirect_stdout(io.StringIO()):
            for code in codes:
                exec(code, ns)
                for num in plt.get_fignums():  # what the inline backend does after a cell
                    fig = plt.figure(num)
                    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
                plt.close("all")

    one(ids[0])  # warm-up: imports, font cache, first figure
    chosen = ids[:reps] if reps else ids
    c0, t0 = time.process_time(), time.perf_counter()
    for sid in chosen:
        one(sid)
    wall = (time.perf_counter() - t0) / len(chosen)
    return (wall, (time.process_time() - c0) / len(chosen)) if cpu else wall


def _floor_chunk(chunk: list[str], data: str) -> float:
    return floor(chunk, Path(data)) * len(chunk)


def floor_parallel(ids: list[str], data: Path, jobs: int) -> float:
    """The floor on ``jobs`` cores: ``jobs`` warm processes share the reports.

    Measured right after (b), so that both see the same machine (load from
    other programs changes the numbers a lot on a 2-core machine)."""
    import concurrent.futures
    import multiprocessing

    chunks = [ids[i::jobs] for i in range(jobs)]
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
        busy = list(pool.map(_floor_chunk, chunks, [str(data)] * jobs))
    return max(busy) / len(ids)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=24, help="schools (reports), at least 20 (default 24)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="evalnb batch worker processes (default: one per core)")
    ap.add_argument("--skip-loop", action="store_true",
                    help="skip (a), the slow papermill + nbconvert loop")
    ap.add_argument("--fresh-kernel", action="store_true",
                    help="also time evalnb batch --fresh-kernel")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temp dir)")
    args = ap.parse_args(argv)
    if args.n < 20:
        ap.error("--n must be at least 20")

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="evalnb-bench-"))
    try:
        data = work / "data"
        ids = make_data(data, args.n)
        print(f"evalnb batch benchmark: {args.n} reports of {NOTEBOOK.name} (3 charts, 1 table), "
              f"{os.cpu_count()} core(s), load average {os.getloadavg()[0]:.2f}")
        results: dict[str, float] = {}
        n = args.n

        b, b_cpu = evalnb_batch(ids, data, work / "b", args.jobs)
        results.update(b=b / n, b_cpu=b_cpu / n)
        print(f"(b) evalnb batch --format html --jobs {args.jobs}: {b:7.1f} s  "
              f"{b / n:.3f} s/report   cpu {b_cpu / n:.3f} s/report")
        flp = floor_parallel(ids, data, args.jobs)
        results["floor_parallel"] = flp
        print(f"floor on {args.jobs} cores ({args.jobs} warm processes):        "
              f"{flp:.3f} s/report")
        if args.fresh_kernel:
            bf, bf_cpu = evalnb_batch(ids, data, work / "bf", args.jobs, extra=["--fresh-kernel"])
            results.update(b_fresh=bf / n, b_fresh_cpu=bf_cpu / n)
            print(f"    same with --fresh-kernel:        {bf:7.1f} s  {bf / n:.3f} s/report   "
                  f"cpu {bf_cpu / n:.3f} s/report")
        fl, fl_cpu = floor(ids, data, cpu=True)
        results.update(floor=fl, floor_cpu=fl_cpu)
        print(f"floor on 1 core (one warm process, no kernel):   {fl:.3f} s/report   "
              f"cpu {fl_cpu:.3f} s/report")
        if not args.skip_loop:
            a, a_cpu = plain_loop(ids, data, work / "a")
            results.update(a=a / n, a_cpu=a_cpu / n)
            print(f"(a) papermill + nbconvert loop:   {a:7.1f} s  {a / n:.3f} s/report   "
                  f"cpu {a_cpu / n:.3f} s/report")

        print()
        print("wall clock (what a user waits; sensitive to other load on the machine):")
        if "a" in results:
            print(f"  speed-up (a)/(b):            {results['a'] / results['b']:6.1f}x"
                  "   (target >= 8x)")
        print(f"  (b) / floor on 1 core:       {results['b'] / fl:6.2f}    (target <= 2)")
        print(f"  (b) / floor on {args.jobs} cores:      {results['b'] / flp:6.2f}"
              "    (overhead of kernels, papermill, export, start-up; 1.0 = none)")
        print("cpu time (work done, all processes; robust to other load):")
        if "a" in results:
            print(f"  (a)/(b):                     {results['a_cpu'] / results['b_cpu']:6.1f}x")
        print(f"  (b) / floor:                 {results['b_cpu'] / fl_cpu:6.2f}")
        print(f"load average now {os.getloadavg()[0]:.2f}")
        print(json.dumps({k: round(v, 4) for k, v in results.items()}))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
