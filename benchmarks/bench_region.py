"""Benchmark: ``evalnb batch`` on the assessment school report as the region grows.

For each N (default 20, 200 and 2,000 general schools) in one run:

1. ``evalnb sample --scale N`` writes the region (timed: ``gen s``);
2. ``evalnb import`` of the tables the report reads (schools, students,
   periods, marks, external) into a new SQLite file (timed: ``import s``,
   with the import's peak resident memory);
3. ``evalnb batch notebooks/assessment/school_report.ipynb`` for the same
   number of reports (``--reports``, default 10: the first schools of the
   region's first municipality, whose figures every report compares with),
   ``--jobs`` kernels, once in HTML and once in HTML+PDF, each in a new output
   folder and with an empty figures cache (so the municipality's figures are
   computed in the run, once).  Seconds per report are the wall clock of
   the command divided by the reports; the peak resident memory of the
   batch's parent process and of each kernel (its children) is sampled
   every 0.1 s.

It prints the table and the ratios of N to the smallest N (targets: per
report within 1.25×, memory within 1.5×).  Run it from the project root::

    .venv/bin/python benchmarks/bench_region.py                 # N = 20, 200, 2000
    .venv/bin/python benchmarks/bench_region.py --n 20 200 --reports 6

Nothing here asserts a time; the numbers depend on what else runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "assessment" / "school_report.ipynb"
TABLES = ("schools", "students", "periods", "marks", "external")


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "evalnb", *args]


class Peak:
    """Peak resident memory of a process and of each of its descendants (sampled)."""

    def __init__(self, pid: int, every: float = 0.1):
        self.pid, self.every = pid, every
        self.parent = 0
        self.children: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        try:
            proc = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                self.parent = max(self.parent, proc.memory_info().rss)
                for child in proc.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                    except psutil.Error:
                        continue
                    self.children[child.pid] = max(self.children.get(child.pid, 0), rss)
            except psutil.Error:
                return
            self._stop.wait(self.every)

    def stop(self):
        self._stop.set()
        self._thread.join()


def run(cmd: list[str], env: dict) -> tuple[float, Peak]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    peak = Peak(proc.pid)
    out, _ = proc.communicate()
    took = time.perf_counter() - start
    peak.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-3000:]}")
    return took, peak


def first_schools(folder: Path, n: int) -> list[str]:
    import pandas as pd

    schools = pd.read_csv(folder / "schools.csv", dtype=str)
    ru = schools[(schools["kind"] == "general") & (schools["language"] == "ru")]
    first = ru["municipality"].iloc[0]
    return list(ru.loc[ru["municipality"] == first, "school_id"].head(n))


def one_region(n: int, work: Path, args, env: dict) -> dict:
    folder, region = work / f"region{n}", work / f"region{n}-tables"
    gen, _ = run(_cmd("sample", "--scale", str(n), "--out", str(folder)), env)
    region.mkdir(exist_ok=True)
    for t in TABLES:
        os.replace(folder / f"{t}.csv", region / f"{t}.csv")
    shutil.rmtree(folder)
    db = work / f"region{n}.sqlite"
    # a region's marks file is hundreds of MB: past the default guard against a mistaken file
    imp, imp_peak = run(_cmd("import", str(region), "--db", f"sqlite:///{db}", "--max-file-mb", "4000"),
                        env)
    ids = first_schools(region, args.reports)
    row = {"n": n, "gen": gen, "import": imp, "import_mb": imp_peak.parent / 2**20,
           "reports": len(ids)}
    for label, fmts in (("html", "html"), ("pdf", "html,pdf")):
        cache = work / f"cache-{n}-{label}"
        out = work / f"out-{n}-{label}"
        run_env = dict(env, EVALNB_CACHE_DIR=str(cache))
        took, peak = run(_cmd("batch", str(NOTEBOOK), "--data", f"sqlite:///{db}", "--schools", *ids,
                              "--format", fmts, "--jobs", str(args.jobs), "--out", str(out),
                              "--lang", "ru", "--no-progress"), run_env)
        kernels = sorted(peak.children.values(), reverse=True)
        row[label] = took / len(ids)
        row[f"{label}_parent_mb"] = peak.parent / 2**20
        row[f"{label}_worker_mb"] = [k / 2**20 for k in kernels[: args.jobs]]
    shutil.rmtree(region)
    return row


def table(rows: list[dict]) -> str:
    head = (f"{'N':>6} {'gen s':>7} {'import s':>9} {'import MB':>10} {'s/report HTML':>14} "
            f"{'s/report HTML+PDF':>18} {'peak MB parent':>15}  peak MB workers (HTML | HTML+PDF)")
    lines = [head, "-" * len(head)]
    for r in rows:
        workers = " ".join(f"{m:.0f}" for m in r["html_worker_mb"]) + " | " + \
            " ".join(f"{m:.0f}" for m in r["pdf_worker_mb"])
        lines.append(f"{r['n']:>6} {r['gen']:>7.1f} {r['import']:>9.1f} {r['import_mb']:>10.0f} "
                     f"{r['html']:>14.2f} {r['pdf']:>18.2f} "
                     f"{max(r['html_parent_mb'], r['pdf_parent_mb']):>15.0f}  {workers}")
    base = rows[0]
    wmax = lambda r: max(r["html_worker_mb"] + r["pdf_worker_mb"])  # noqa: E731
    for r in rows[1:]:
        lines.append(
            f"N={r['n']} / N={base['n']}: per report HTML {r['html'] / base['html']:.2f}x, "
            f"HTML+PDF {r['pdf'] / base['pdf']:.2f}x (target <= 1.25x); peak worker memory "
            f"{wmax(r) / wmax(base):.2f}x, parent "
            f"{max(r['html_parent_mb'], r['pdf_parent_mb']) / max(base['html_parent_mb'], base['pdf_parent_mb']):.2f}x "
            f"(target <= 1.5x); import {r['import'] / base['import']:.1f}x for "
            f"{r['n'] / base['n']:.0f}x the schools")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[20, 200, 2000])
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", help="folder for the regions (default: a temporary folder)")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p))
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-region-", dir=args.work) as tmp:
        for n in args.n:
            rows.append(one_region(n, Path(tmp), args, env))
            print(table(rows), flush=True)
            print(flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
