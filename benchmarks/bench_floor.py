"""Benchmark: ``evalnb batch`` on the real report notebooks against each one's own floor.

For each report notebook of ``make demo`` (``evalnb notebooks --demo``; all
by default, ``--notebooks`` to pick) and the first ``--reports`` keys the
batch itself would pick (its own planning: :func:`evalnb.batch.plan.load_notebook`,
:func:`evalnb.batch.targets.select_targets`, :func:`evalnb.batch.plan.build_parameters`),
in one run:

floor: the report's computation and drawing in this one warm Python process,
    no kernel: the parameters injected as papermill injects them, the code
    cells exec'd in a fresh namespace (matplotlib's Agg backend), every
    displayed object formatted as the kernel formats it (IPython's display
    formatter with the inline backend's figure formats: HTML, PNG, SVG),
    figures left open shown after their cell as the inline backend does,
    and the outputs joined into one HTML page (images as base64 data URIs).
    One key is the warm-up (imports, fonts, the municipality's figures);
    the others are timed.  ``+export`` is the same plus the batch's own HTML
    export (:class:`evalnb.batch.export.Exporter`: nbconvert and the layout
    pass) of the floor's outputs.
batch: ``evalnb batch NOTEBOOK --data DB --keys … --format html`` with
    ``--jobs 1`` and ``--jobs 2``, each in a new output folder with an empty
    figures cache (``EVALNB_CACHE_DIR``).  ``wall`` is the command's wall
    clock over the reports (start-up included); ``steady`` is the median of
    the per-report durations the manifest records, each worker's first report
    left out (it waits for its kernel to boot).  A notebook with one key only
    (one municipality in the sample) has no steady report: its one report is
    shown, marked ``*``.

The floor's figures are medians over the keys; ``--repeat N`` measures each
notebook N times in turn (floor, then batch) and keeps the fastest of each.

It prints a table (seconds per report) and the ratio batch jobs=1 steady /
floor, target <= 1.5 for HTML.  The floor's ``cpu`` column is its CPU time:
well below its wall clock, the machine was busy with other work.  Run it from the project root::

    .venv/bin/python benchmarks/bench_floor.py                     # every demo notebook
    .venv/bin/python benchmarks/bench_floor.py --notebooks assessment/school_report.ipynb \\
        --reports 8 --data sqlite:///data/evalnb.sqlite

Without ``--data`` the committed sample district (data/sample) is imported
into a new SQLite file first.  Nothing here asserts a time; on a shared
machine compare the ratios, which see the same load.
"""

from __future__ import annotations

import argparse
import ast
import base64
import contextlib
import html
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


def _env(**extra) -> dict:
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    return env


def demo_notebooks() -> list[Path]:
    """The report notebooks ``make demo`` runs, in its order."""
    out = subprocess.run([sys.executable, "-m", "evalnb", "notebooks", "--demo", "--paths"],
                         env=_env(), cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [Path(line) for line in out.split() if line.strip()]


def plan(notebook: Path, data: str, reports: int):
    """The notebook's spec and the parameters of the first ``reports`` reports the batch
    would make, by the batch's own planning code."""
    from evalnb.batch.plan import build_parameters, load_notebook
    from evalnb.batch.targets import absolute, select_targets

    spec = load_notebook(notebook)
    data = absolute(data)
    targets = select_targets(spec, data)[:reports]
    return spec, [build_parameters(spec, tg, data=data, lang=None, rules_path=None, extra={})
                  for tg in targets]


# -- the floor: one warm process, no kernel ------------------------------------------------

class Floor:
    """Runs report notebooks in this process as a kernel would, without the kernel.

    ``run(spec, params)`` returns the report's outputs (nbformat output dicts, one
    list per code cell, as a kernel would send them) and the HTML page made of them.
    """

    def __init__(self):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from IPython.core.displaypub import CapturingDisplayPublisher
        from IPython.core.interactiveshell import InteractiveShell
        from IPython.core.pylabtools import select_figure_formats
        from matplotlib_inline.config import InlineBackend
        from traitlets.config import Config

        cfg = Config()
        cfg.HistoryManager.hist_file = ":memory:"
        self.shell = InteractiveShell.instance(config=cfg)
        self.shell.display_pub = CapturingDisplayPublisher()
        # evalnb.record and the report's meta are displayed where a kernel runs: here too
        self.shell.kernel = "floor"
        # the figure formats and savefig options the inline backend gives a kernel
        inline = InlineBackend.instance()
        select_figure_formats(self.shell, inline.figure_formats, **inline.print_figure_kwargs)
        self.plt = plt
        self.rc = matplotlib.rcParams.copy()
        self._matplotlib = matplotlib

    def close(self) -> None:
        """Forget the shell (``display`` then prints again, as in a plain process)."""
        from IPython.core.interactiveshell import InteractiveShell

        self.plt.close("all")
        InteractiveShell.clear_instance()

    def cells(self, spec, params: dict) -> list[str]:
        """The code cells with the parameters injected by papermill's own code."""
        import nbformat
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        nb = load_notebook_node(nbformat.reads(spec.source, as_version=4))
        nb = parameterize_notebook(nb, params, False, kernel_name=spec.kernel_name,
                                   language=spec.language)
        return [c.source for c in nb.cells if c.cell_type == "code"]

    def _publish(self, value, outputs: list, kind: str = "display_data") -> None:
        data, metadata = self.shell.display_formatter.format(value)
        outputs.append(self._output(kind, data, metadata))

    @staticmethod
    def _output(kind, data, metadata) -> dict:
        data = {m: (base64.b64encode(v).decode("ascii") if isinstance(v, bytes) else v)
                for m, v in data.items()}
        out = {"output_type": kind, "data": data, "metadata": metadata or {}}
        if kind == "execute_result":
            out["execution_count"] = None
        return out

    def _cell(self, source: str, ns: dict) -> list[dict]:
        from IPython.display import display

        outputs: list[dict] = []
        pub = self.shell.display_pub
        pub.outputs.clear()
        tree = ast.parse(self.shell.transform_cell(source))
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
            last = ast.Expression(tree.body.pop().value)
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(io.StringIO()):
            ns.setdefault("display", display)
            exec(compile(tree, "<cell>", "exec"), ns)
            value = eval(compile(last, "<cell>", "eval"), ns) if last is not None else None
        captured = [self._output("display_data", o["data"], o.get("metadata"))
                    for o in pub.outputs]
        pub.outputs.clear()
        if stdout.getvalue():
            outputs.append({"output_type": "stream", "name": "stdout", "text": stdout.getvalue()})
        outputs.extend(captured)
        if value is not None:
            self._publish(value, outputs, "execute_result")
        for num in self.plt.get_fignums():  # the inline backend shows what a cell left open
            self._publish(self.plt.figure(num), outputs)
        self.plt.close("all")
        return outputs

    def run(self, spec, params: dict) -> tuple[list[list[dict]], bytes]:
        # as the kernel's reset between reports: no figure of what ran before is left to show
        self.plt.close("all")
        self._matplotlib.rcParams.update(self.rc)
        cwd = os.getcwd()
        os.chdir(spec.path.parent)  # a kernel runs in the notebook's folder
        try:
            ns = {"__name__": "__main__"}
            outputs = [self._cell(src, ns) for src in self.cells(spec, params)]
        finally:
            os.chdir(cwd)
        return outputs, page(outputs)


def page(outputs: list[list[dict]]) -> bytes:
    """The outputs as one HTML page: what a reader needs, with nothing of nbconvert."""
    parts = []
    for cell in outputs:
        for o in cell:
            if o["output_type"] == "stream":
                parts.append(f"<pre>{html.escape(o['text'])}</pre>")
                continue
            data = o.get("data", {})
            if "image/png" in data:
                parts.append(f'<img src="data:image/png;base64,{data["image/png"]}">')
            elif "image/svg+xml" in data:
                parts.append(data["image/svg+xml"])
            elif "text/html" in data:
                parts.append(data["text/html"])
    return ("<!DOCTYPE html><html><body>" + "\n".join(parts) + "</body></html>").encode("utf-8")


def as_notebook(spec, outputs: list[list[dict]]):
    """The notebook as the kernel would have left it: the floor's outputs in its code cells."""
    import nbformat

    nb = nbformat.reads(spec.source, as_version=4)
    cells = iter(outputs)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.from_dict(o) for o in next(cells)]
    return nb


def floor(runner: Floor, spec, params_list: list[dict], exporter=None) -> dict:
    """Seconds per report after a warm-up on the first key: the median over the keys of
    the wall clock (``floor``) and of the process's CPU time (``floor_cpu``); with an
    ``exporter``, also the median of the batch's HTML export of the outputs (``export``)."""
    runner.run(spec, params_list[0])  # warm-up: imports, fonts, the shared figures
    if exporter is not None:
        out, _ = runner.run(spec, params_list[0])
        exporter.html(as_notebook(spec, out), title="warm-up")
    timed = params_list[1:] or params_list
    walls, cpus, exports = [], [], []
    for params in timed:
        c0, t0 = time.process_time(), time.perf_counter()
        outputs, _ = runner.run(spec, params)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        if exporter is not None:
            t0 = time.perf_counter()
            exporter.html(as_notebook(spec, outputs), title=str(params[spec.key]))
            exports.append(time.perf_counter() - t0)
    return {"floor": statistics.median(walls), "floor_cpu": statistics.median(cpus),
            "export": statistics.median(exports) if exports else 0.0}


# -- the batch -----------------------------------------------------------------------------

def batch(spec, params_list: list[dict], data: str, jobs: int, work: Path) -> dict:
    """One ``evalnb batch`` command in a new output folder with an empty figures cache."""
    out, cache = work / f"out-{spec.name}-j{jobs}", work / f"cache-{spec.name}-j{jobs}"
    keys = [str(p[spec.key]) for p in params_list]
    cmd = [sys.executable, "-m", "evalnb", "batch", str(spec.path), "--data", data,
           "--keys", *keys, "--format", "html", "--jobs", str(jobs), "--out", str(out),
           "--no-progress"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=_env(EVALNB_CACHE_DIR=str(cache)), cwd=ROOT,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                         f"{(proc.stdout + proc.stderr)[-3000:]}")
    manifest = json.loads((out / spec.name / "manifest.json").read_text(encoding="utf-8"))
    reports = [r for r in manifest["reports"] if r["status"] == "ok"]
    if len(reports) != len(keys):
        raise SystemExit(f"evalnb batch built {len(reports)} of {len(keys)} reports")
    seen, steady = set(), []
    for r in reports:  # in the order the tasks were handed out
        summary = json.loads((out / spec.name / r["summary"]).read_text(encoding="utf-8"))
        if summary["worker"] in seen:
            steady.append(r["duration"])
        seen.add(summary["worker"])
    # one key only: its report is a worker's first (it waited for the kernel's boot)
    return {"wall": wall / len(keys),
            "steady": statistics.median(steady) if steady else reports[0]["duration"],
            "out": out / spec.name}


# -- the run -------------------------------------------------------------------------------

def import_sample(work: Path) -> str:
    db = work / "demo.sqlite"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "evalnb", "import", str(SAMPLE), "--db",
                    f"sqlite:///{db}"], env=_env(), cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"sample district imported into {db} in {time.perf_counter() - t0:.1f} s", flush=True)
    return f"sqlite:///{db}"


HEAD = (f"{'notebook':<34} {'keys':>4} {'floor':>6} {'cpu':>6} {'+export':>7} {'j1 wall':>8} "
        f"{'j1 steady':>9} {'j2 wall':>8} {'j2 steady':>9} {'j1 steady/floor':>16}")


def line(r: dict) -> str:
    star = "*" if r["keys"] == 1 else " "
    return (f"{r['notebook']:<34} {r['keys']:>4} {r['floor']:>6.3f} {r['floor_cpu']:>6.3f} "
            f"{r['floor'] + r['export']:>7.3f} {r['j1_wall']:>8.3f} {r['j1_steady']:>8.3f}{star} "
            f"{r['j2_wall']:>8.3f} {r['j2_steady']:>8.3f}{star} "
            f"{r['j1_steady'] / r['floor']:>15.2f}x")


def measure(runner: Floor, exporter, spec, params: list[dict], data: str, jobs: list[int],
            work: Path, repeat: int) -> dict:
    """One notebook: the floor and the batch runs, ``repeat`` times in turn; the fastest of
    each (the run least disturbed by other programs on the machine)."""
    row = {"notebook": spec.name, "keys": len(params)}
    for i in range(repeat):
        got = floor(runner, spec, params, exporter)
        for j in (1, 2):
            if j in jobs:
                b = batch(spec, params, data, j, work / f"r{i}")
                got[f"j{j}_wall"], got[f"j{j}_steady"] = b["wall"], b["steady"]
            else:
                got[f"j{j}_wall"] = got[f"j{j}_steady"] = float("nan")
        for k, v in got.items():
            row[k] = min(row.get(k, v), v)
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notebooks", nargs="+", metavar="NB",
                    help="notebooks to measure, as paths or relative to notebooks/ "
                         "(default: every notebook of make demo)")
    ap.add_argument("--reports", type=int, default=6,
                    help="keys per notebook: the first the batch would pick (default 6; "
                         "the first is the floor's warm-up)")
    ap.add_argument("--data", help="database URL (default: data/sample imported into SQLite)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], choices=[1, 2],
                    help="batch runs to make (default: 1 2)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="measure each notebook this many times and keep the fastest "
                         "(default 1; 2 or 3 on a busy machine)")
    ap.add_argument("--work", help="folder for outputs (default: a temporary folder)")
    args = ap.parse_args(argv)
    if args.reports < 2:
        ap.error("--reports must be at least 2 (one warm-up, one timed)")
    notebooks = demo_notebooks() if not args.notebooks else [
        Path(n) if Path(n).exists() else ROOT / "notebooks" / n for n in args.notebooks]

    from evalnb.batch.export import Exporter

    with tempfile.TemporaryDirectory(prefix="bench-floor-", dir=args.work) as tmp:
        work = Path(tmp)
        data = args.data or import_sample(work)
        os.environ["EVALNB_CACHE_DIR"] = str(work / "cache-floor")  # the floor's own, empty
        runner, exporter = Floor(), Exporter()
        print(f"{len(notebooks)} notebook(s), {os.cpu_count()} core(s), "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)
        print("seconds per report. floor: one warm process, no kernel (median wall clock; cpu: "
              "its CPU time); +export: and the batch's HTML export of its outputs; batch: wall = "
              "command / reports, steady = median of the manifest's durations without each "
              "worker's first report (* one key only: the first report)")
        print(HEAD)
        print("-" * len(HEAD), flush=True)
        rows = []
        for nb in notebooks:
            spec, params = plan(nb, data, args.reports)
            if not params:
                print(f"{spec.name:<34} no report in the data", flush=True)
                continue
            row = measure(runner, exporter, spec, params, data, args.jobs, work, args.repeat)
            rows.append(row)
            print(line(row), flush=True)
        runner.close()
        if rows:
            many = [r for r in rows if r["keys"] > 1] or rows
            worst = max(many, key=lambda r: r["j1_steady"] / r["floor"])
            total = sum(r["j1_steady"] for r in many) / sum(r["floor"] for r in many)
            print(f"notebooks with several keys: batch jobs=1 steady / floor {total:.2f}x over "
                  f"their sum (target <= 1.5x); worst {worst['notebook']} "
                  f"{worst['j1_steady'] / worst['floor']:.2f}x")
            print(f"load average now {os.getloadavg()[0]:.2f}")
            print(json.dumps([{k: (round(v, 4) if isinstance(v, float) else v)
                               for k, v in r.items()} for r in rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
