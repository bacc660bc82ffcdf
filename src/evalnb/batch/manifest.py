"""A batch's record: the per-report summaries, ``manifest.json``, the index pages.

:func:`store_result` writes one report's files (atomically, its
``summary.json`` last: the commit mark that lets a later run skip it);
:func:`write_index` writes ``manifest.json``, ``manifest.csv`` (the same
reports with their key figures, one row each, for a spreadsheet) and
``index.html`` from every report's entry; :class:`BatchResult` is what :func:`~evalnb.batch.run`
returns; :func:`landing` links the batches of one output folder.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.i18n import check_lang
from ..errors import ReportError
from .index import choose_lang, figure_columns, notebook_meta, render_index
from .model import Result
from .outputs import atomic_write, remove_outputs, write_json
from .plan import NotebookSpec
from .targets import redact

log = logging.getLogger("evalnb.batch")


@dataclass
class BatchResult:
    """What a batch did; ``exit_status`` is 0 when every report is built."""

    notebook: str
    out_dir: Path
    reports: list[dict] = field(default_factory=list)
    duration: float = 0.0
    interrupted: bool = False

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / "manifest.json"

    @property
    def index_path(self) -> Path:
        return self.out_dir / "index.html"

    @property
    def log_path(self) -> Path:
        return self.out_dir / "batch.log"

    def count(self, status: str) -> int:
        return sum(r["status"] == status for r in self.reports)

    @property
    def failures(self) -> list[dict]:
        return [r for r in self.reports if r["status"] == "failed"]

    @property
    def errors(self) -> list[ReportError]:
        """The failed reports' errors, each with its report's key."""
        return [ReportError.from_dict(r.get("error") or {}, key=r["key"]) for r in self.failures]

    @property
    def exit_status(self) -> int:
        return 1 if self.failures or self.interrupted else 0

    def summary(self) -> str:
        """A few lines for a terminal: counts, then one line per failure."""
        n = len(self.reports)
        lines = [f"{n} report(s) of {self.notebook}: {self.count('ok')} built, "
                 f"{self.count('skipped')} up to date, {self.count('failed')} failed "
                 f"({self.duration:.1f} s) -> {self.index_path}"]
        for r, e in zip(self.failures, self.errors):
            where = f"cell {e.cell}: " if e.cell is not None else ""
            lines.append(f"  FAILED {r['key']}: {where}{e.ename}: {e.evalue}"
                         + (f"  ({r['outputs']['ipynb']})" if "ipynb" in (r.get("outputs") or {})
                            else ""))
        return "\n".join(lines)


def store_result(out_dir: Path, res: Result, fmts, *, params, spec: NotebookSpec, fp: str,
                 version: str, title_hint: str | None) -> dict:
    """Write one report's files atomically, its summary last; return its manifest entry."""
    for ev in res.events:
        log.info("%s: %s", res.key, ev)
    outputs = {}
    for fmt in ("html", "pdf", "ipynb"):
        if fmt in res.files:
            atomic_write(out_dir / f"{res.name}.{fmt}", res.files[fmt])
            outputs[fmt] = f"{res.name}.{fmt}"
    if res.status != "ok":
        remove_outputs(out_dir, res.name, keep=outputs)
    meta = res.meta or {}
    entry = {
        "key": res.key, "file": res.name, "status": res.status,
        "title": meta.get("title") or title_hint or str(res.key),
        "subtitle": meta.get("subtitle", ""), "lang": meta.get("lang") or params.get("lang"),
        "duration": round(res.duration, 3), "attempts": res.attempts,
        "outputs": outputs, "figures": res.figures,
        "error": res.error.to_dict() if res.error is not None else None,
        "parameters": {k: redact(v) if k == "data" and v is not None else v
                       for k, v in params.items()},
        "fingerprint": fp, "evalnb_version": version,
        "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds"),
        "worker": res.worker,
    }
    write_json(out_dir / f"{res.name}.summary.json", entry)  # the commit mark: written last
    if res.status == "ok":
        log.info("%s: ok in %.2f s -> %s", res.key, res.duration, ", ".join(outputs.values()))
    else:
        e = res.error
        log.error("%s: FAILED %s", res.key, e.message if e is not None else "(no error)")
        if e is not None and e.traceback:
            log.info("%s: traceback:\n%s", res.key, e.traceback)
    return entry


def write_index(spec: NotebookSpec, result: BatchResult, *, data, lang, version,
                fmts, ui_lang=None) -> None:
    reports = result.reports
    figures = figure_columns(spec.figures, reports)
    index_lang = choose_lang(lang, reports, ui_lang)
    meta = notebook_meta(spec.source)
    manifest_reports = []
    for r in reports:
        m = {k: r.get(k) for k in ("key", "file", "title", "subtitle", "lang", "status",
                                    "duration", "attempts", "outputs", "figures", "error",
                                    "finished")}
        m["summary"] = f"{r['file']}.summary.json" if r["status"] != "pending" else None
        if m["error"]:
            m["error"] = {k: v for k, v in m["error"].items() if k != "traceback"}
        manifest_reports.append(m)
    manifest = {
        "notebook": spec.path.name, "notebook_path": str(spec.path), "notebook_sha256": spec.sha256,
        "key": spec.key, "formats": list(fmts), "data": redact(data), "lang": lang,
        "evalnb_version": version,
        "generated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "duration": round(result.duration, 3), "interrupted": result.interrupted,
        "counts": {s: result.count(s) for s in ("ok", "skipped", "failed", "pending")},
        "figures": figures, "reports": manifest_reports,
        "meta": {"title": meta.get("title")} if meta.get("title") else {},
    }
    write_json(result.out_dir / "manifest.json", manifest)
    atomic_write(result.out_dir / "manifest.csv", manifest_csv(manifest_reports, figures))
    html = render_index(notebook=spec.name, reports=reports, lang=index_lang,
                        figures=figures, labels=spec.figure_labels, formats=spec.figure_formats,
                        data=redact(data), version=version,
                        interrupted=result.interrupted, meta=meta)
    atomic_write(result.out_dir / "index.html", html.encode("utf-8"))


#: the columns of ``manifest.csv`` before the key figures
CSV_COLUMNS = ("key", "title", "status", "lang", "file", "outputs", "duration", "attempts",
               "finished", "error")


def _cell(value):
    """A spreadsheet cell: numbers as numbers, missing as empty, lists joined, text as it is."""
    import math

    if value is None or isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def manifest_csv(reports: list[dict], figures: list[str]) -> bytes:
    """``manifest.csv``: one row per report, its status and key figures (UTF-8 with a BOM,
    so that a spreadsheet reads Cyrillic and Chinese titles right; ``,`` between cells).

    Examples
    --------
    >>> text = manifest_csv([{"key": "RU001", "title": "СОШ № 1", "status": "ok",
    ...                       "outputs": {"html": "RU001.html"}, "figures": {"quality": 0.5}}],
    ...                     ["quality"]).decode("utf-8-sig")
    >>> text.splitlines()[1]
    'RU001,СОШ № 1,ok,,,html: RU001.html,,,,,0.5'
    """
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *figures])
    for r in reports:
        error = r.get("error") or {}
        row = [_cell(r.get(c)) for c in CSV_COLUMNS[:-1]]
        row.append(_cell(error.get("message") if isinstance(error, dict) else error))
        values = r.get("figures") or {}
        row.extend(_cell(values.get(f)) for f in figures)
        writer.writerow(row)
    return buf.getvalue().encode("utf-8-sig")


def landing(out: str | os.PathLike = "reports", *, lang: str | None = None) -> Path | None:
    """Write ``OUT/index.html`` linking the index page of every notebook's batch in ``OUT``.

    Returns its path, or None when ``OUT`` holds no batch yet.
    """
    from .index import render_landing

    if lang is not None:
        check_lang(lang)
    root = Path(out).expanduser()
    from .index import default_ui_lang

    html = render_landing(root, lang=lang or default_ui_lang())
    if html is None:
        return None
    path = root / "index.html"
    atomic_write(path, html.encode("utf-8"))
    return path
