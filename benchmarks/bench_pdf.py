"""Benchmark: the PDF engines of the handouts, side by side in one run, on the same HTML.

(a) WeasyPrint, as ``evalnb batch`` prints today (one warm exporter, fonts configured once);
(b) headless Chromium through one page kept open (Playwright, Debian's /usr/bin/chromium),
    :class:`evalnb.batch.export.ChromiumPDF`.

Each engine prints every handout of an HTML folder once after a warm-up; the numbers are
seconds per page and per report, and layout fidelity: the checks of
``tests/test_handouts.py`` (text beyond the margins, lone headings, table headers, developer
material) counted per engine.  The handouts are built first with ``evalnb batch --format
html`` (a few report sets of the sample database) unless ``--html DIR`` gives a folder.
For scale, the HTML build's own time per report is printed too.

    .venv/bin/python benchmarks/bench_pdf.py
    .venv/bin/python benchmarks/bench_pdf.py --html reports/   # any batch output folder
    .venv/bin/python benchmarks/bench_pdf.py --keep /tmp/pdfs   # keep both engines' PDFs

The numbers depend on the machine and on what else runs on it; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

#: (notebook, batch arguments): one or two handouts of each kind, wide tables included.
SETS = [
    ("assessment/school_report.ipynb", ["--schools", "RU001", "RU003"]),
    ("assessment/municipality_overview.ipynb", []),
    ("training/unit_monthly_report.ipynb", ["--schools", "EN005", "EN001"]),
    ("training/county_overview.ipynb", []),
    ("diagnosis/school_report.ipynb", ["--schools", "CN002"]),
    ("school_overview.ipynb", ["--schools", "RU001", "CN001", "EN023"]),
]


def build_html(out: Path, data: str) -> float:
    """Build the handouts as HTML; returns the seconds per report (wall clock / reports)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0, n = time.perf_counter(), 0
    for notebook, args in SETS:
        cmd = [sys.executable, "-m", "evalnb", "batch", str(ROOT / "notebooks" / notebook),
               "--data", data, "--out", str(out), "--format", "html", "--jobs", "1",
               "--no-progress", *args]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
    for manifest in out.glob("*/manifest.json"):
        n += len(json.loads(manifest.read_text(encoding="utf-8"))["reports"])
    return (time.perf_counter() - t0) / max(n, 1)


def handouts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*/*.html") if p.name != "index.html")


def run_engine(name: str, engine, pages: list[Path], keep: Path | None) -> dict:
    from handout_checks import check_pdf
    import pdfplumber

    engine.pdf(pages[0].read_text(encoding="utf-8"))  # warm-up (fonts, browser start)
    seconds, n_pages, problems, per_check = 0.0, 0, [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for html_path in pages:
            html = html_path.read_text(encoding="utf-8")
            t0 = time.perf_counter()
            pdf = engine.pdf(html)
            seconds += time.perf_counter() - t0
            target = (keep or Path(tmp)) / name / html_path.parent.name / f"{html_path.stem}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pdf)
            with pdfplumber.open(target) as doc:
                n_pages += len(doc.pages)
            for check, found in check_pdf(target, html).items():
                per_check[check] = per_check.get(check, 0) + len(found)
                problems += [f"{check}: {html_path.parent.name}/{html_path.stem}: {p}" for p in found]
    return {"engine": name, "reports": len(pages), "pages": n_pages, "seconds": seconds,
            "per_page": seconds / max(n_pages, 1), "per_report": seconds / len(pages),
            "checks": per_check, "problems": problems}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", type=Path, help="a batch output folder holding HTML handouts")
    ap.add_argument("--data", default="sqlite:///" + str(ROOT / "data" / "evalnb.sqlite"))
    ap.add_argument("--keep", type=Path, help="keep the PDFs of both engines here")
    ap.add_argument("--engines", default="weasyprint,chromium")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from evalnb.batch.export import ChromiumPDF, Exporter

    html_cost = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.html
        if folder is None:
            folder = Path(tmp) / "html"
            html_cost = build_html(folder, args.data)
        pages = handouts(folder)
        if not pages:
            print(f"no HTML handouts in {folder}", file=sys.stderr)
            return 2
        engines = {"weasyprint": Exporter, "chromium": ChromiumPDF}
        results = []
        for name in args.engines.split(","):
            engine = engines[name]()
            try:
                results.append(run_engine(name, engine, pages, args.keep))
            finally:
                if hasattr(engine, "close"):
                    engine.close()
    print(f"{len(pages)} handouts" + (f"; HTML build {html_cost:.2f} s per report (batch, "
                                       "1 job, start-up included)" if html_cost else ""))
    print(f"{'engine':<11} {'pages':>5} {'s total':>8} {'s/page':>7} {'s/report':>8}  problems by check")
    for r in results:
        checks = ", ".join(f"{k} {v}" for k, v in sorted(r["checks"].items()))
        print(f"{r['engine']:<11} {r['pages']:>5} {r['seconds']:>8.2f} {r['per_page']:>7.3f} "
              f"{r['per_report']:>8.2f}  {checks}")
    if len(results) == 2 and results[1]["seconds"]:
        print(f"weasyprint / chromium time: {results[0]['seconds'] / results[1]['seconds']:.2f}")
    for r in results:  # a few problems of each check and engine
        shown: dict[str, int] = {}
        for p in r["problems"]:
            check = p.split(":", 1)[0]
            shown[check] = shown.get(check, 0) + 1
            if shown[check] <= 4:
                print(f"  [{r['engine']}] {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
