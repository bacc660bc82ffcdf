"""``evalnb.batch.run``: plan, execute, write, index."""

from __future__ import annotations

import datetime as _dt
import logging
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..core.i18n import check_lang
from ..errors import InputError, UnknownNameError
from . import _data
from .index import choose_lang, figure_columns, notebook_meta, render_index
from .model import FORMATS, Result, Task
from .outputs import (FolderLock, atomic_write, clean_temporaries, outputs_present, read_json,
                      remove_outputs, write_json)
from .plan import (NotebookSpec, build_parameters, check_extra_parameters, file_sha256,
                   fingerprint, load_notebook, require_parameters, select_targets)

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
    def exit_status(self) -> int:
        return 1 if self.failures or self.interrupted else 0

    def summary(self) -> str:
        """A few lines for a terminal: counts, then one line per failure."""
        n = len(self.reports)
        lines = [f"{n} report(s) of {self.notebook}: {self.count('ok')} built, "
                 f"{self.count('skipped')} up to date, {self.count('failed')} failed "
                 f"({self.duration:.1f} s) -> {self.index_path}"]
        for r in self.failures:
            e = r.get("error") or {}
            where = f"cell {e['cell']}: " if e.get("cell") is not None else ""
            lines.append(f"  FAILED {r['key']}: {where}{e.get('ename')}: {e.get('evalue')}"
                         + (f"  ({r['outputs']['ipynb']})" if "ipynb" in (r.get("outputs") or {})
                            else ""))
        return "\n".join(lines)


def _formats(formats) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f for f in formats.replace(" ", "").split(",") if f]
    out = []
    for f in formats:
        f = str(f).lower().lstrip(".")
        if f not in FORMATS:
            raise UnknownNameError("format", f, FORMATS)
        if f not in out:
            out.append(f)
    if not out:
        raise InputError("no output format given", hint="--format html,pdf,ipynb")
    return tuple(out)


def _progress_enabled(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    if os.environ.get("CI"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def _file_log(path: Path):
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s"))
    old_level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
        handler.close()


@contextmanager
def _sigterm_as_interrupt():
    """Let ``kill`` stop a batch like Ctrl-C does: cleanly, leaving no partial file."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


class _Progress:
    def __init__(self, total: int, initial: int, enabled: bool, desc: str):
        self.ok = self.failed = 0
        self.skipped = initial
        self.bar = None
        if enabled and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, desc=desc, unit="report",
                            dynamic_ncols=True, file=sys.stderr)
            self._post()

    def _post(self):
        if self.bar is not None:
            self.bar.set_postfix_str(f"done {self.ok + self.skipped} · failed {self.failed}",
                                     refresh=False)

    def update(self, status: str, key: Any) -> None:
        if status == "failed":
            self.failed += 1
            if self.bar is not None:
                self.bar.write(f"failed: {key}", file=sys.stderr)
        else:
            self.ok += 1
        if self.bar is not None:
            self._post()
            self.bar.update(1)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def run(notebook: str | os.PathLike | NotebookSpec, *, data: str | None = None,
        schools: Iterable[Any] | None = None, all_schools: bool = False,
        kinds: Iterable[str] | str | None = None, municipality: str | None = None,
        formats: Iterable[str] | str = ("html", "pdf"), lang: str | None = None,
        jobs: int | None = None, scheduler: Any = None, out: str | os.PathLike = "reports",
        rules: str | os.PathLike | None = None, timeout: float | None = None,
        force: bool = False, parameters: dict[str, Any] | None = None,
        fresh_kernel: bool = False, recycle_after: int = 100, progress: bool | None = None,
        ui_lang: str | None = None,
        _text_parameters: bool = False) -> BatchResult:
    """Run a report notebook once per school and export each report.

    Parameters
    ----------
    notebook : path of the report notebook (it declares its ``parameters``
        cell and, in its metadata, ``evalnb.key`` / ``applies_to`` / ``figures``).
    data : database URL or data folder (default: the database of ``make demo``).
    schools : the keys to run (default: every school the notebook applies to);
        ``all_schools`` ignores ``applies_to``; ``kinds`` / ``municipality`` narrow it.
    formats : any of ``html``, ``pdf``, ``ipynb`` (a list or ``"html,pdf"``).
    lang : the reports' language (default: each school's own; the notebook decides).
    jobs : local worker processes (default: one per core).
    scheduler : a Dask scheduler address (``tcp://host:port``) or a ``distributed.Client``;
        reports then run on the cluster.
    out : output root; reports go to ``out/<notebook>/``.
    rules : a rules (policy) file, passed to the notebook as ``rules_path``.
    timeout : seconds one report may take (default: no limit).
    force : rebuild reports that are up to date.
    parameters : more notebook parameters (``-p NAME VALUE``), checked against the
        notebook's declaration.
    fresh_kernel : a new kernel (started ahead) for every report instead of one
        reused kernel per worker.
    recycle_after : replace a reused kernel after this many reports.
    progress : show a progress bar (default: when stderr is a terminal and CI is unset).

    Returns a :class:`BatchResult`; raises :class:`~evalnb.errors.InputError`
    (or its subclass :class:`~evalnb.errors.ParameterError`) before anything
    runs when the notebook, a parameter, the data or an option is wrong.
    """
    t_start = time.monotonic()
    from .. import __version__

    # ---- plan: everything is checked before anything runs --------------------------
    spec = notebook if isinstance(notebook, NotebookSpec) else load_notebook(notebook)
    fmts = _formats(formats)
    if lang is not None:
        check_lang(lang)
    if timeout is not None and not timeout > 0:
        raise InputError(f"timeout must be positive, got {timeout!r}", column="timeout",
                         value=timeout)
    data = str(data) if data is not None else _data.default_url()
    rules_path = rules_sha = None
    if rules is not None:
        rp = Path(rules).expanduser()
        if not rp.is_file():
            raise InputError(f"rules file {rp} does not exist", table=str(rp),
                             hint="pass --rules FILE with a rules YAML file")
        rules_path, rules_sha = str(rp.resolve()), file_sha256(rp)
    data = _data.absolute(data)
    _data.check_data(data)
    passed = [spec.key, "data"] + (["lang"] if lang is not None else []) + (
        ["rules_path"] if rules_path is not None else [])
    extra = check_extra_parameters(spec, parameters, from_text=_text_parameters)
    require_parameters(spec, passed + list(extra))
    if isinstance(kinds, str):
        kinds = [kinds]
    if schools is not None and not isinstance(schools, (list, tuple)):
        schools = list(schools)
    targets = select_targets(spec, data, schools=schools, all_schools=all_schools, kinds=kinds,
                             municipality=municipality)
    planned = []
    names: dict[str, Any] = {}
    from .model import safe_name

    for tg in targets:
        params = build_parameters(spec, tg, data=data, lang=lang, rules_path=rules_path,
                                  extra=extra)
        name = safe_name(params[spec.key])
        if name in names:
            raise InputError(f"schools {names[name]!r} and {tg.key!r} would share the report "
                             f"file {name}", table="schools", value=tg.key)
        names[name] = tg.key
        planned.append((tg, params, name))

    # ---- output folder -------------------------------------------------------------
    out_dir = Path(out).expanduser().resolve() / spec.name
    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult(notebook=spec.path.name, out_dir=out_dir)
    lock = FolderLock(out_dir)
    lock.acquire()
    try:
        with _file_log(out_dir / "batch.log"), _sigterm_as_interrupt():
            removed = clean_temporaries(out_dir)
            data_fp = _data.data_fingerprint(data)
            log.info("batch start: %s, %d report(s), formats %s, data %s%s", spec.path,
                     len(planned), ",".join(fmts), _data.redact(data),
                     f", removed {removed} temporary file(s) of an interrupted run"
                     if removed else "")
            _execute(spec, planned, result, fmts=fmts, data=data, data_fp=data_fp,
                     rules_sha=rules_sha, version=__version__, force=force, timeout=timeout,
                     jobs=jobs, scheduler=scheduler, fresh_kernel=fresh_kernel,
                     recycle_after=recycle_after, progress=progress, lang=lang,
                     t_start=t_start, ui_lang=ui_lang)
            log.info("batch end: %d built, %d up to date, %d failed in %.1f s",
                     result.count("ok"), result.count("skipped"), result.count("failed"),
                     result.duration)
    finally:
        lock.release()
    return result


def _execute(spec: NotebookSpec, planned, result: BatchResult, *, fmts, data, data_fp,
             rules_sha, version, force, timeout, jobs, scheduler, fresh_kernel, recycle_after,
             progress, lang, t_start, ui_lang=None) -> None:
    out_dir = result.out_dir
    entries: dict[str, dict] = {}
    order = [name for _, _, name in planned]
    todo: list[tuple[Any, dict, str, str]] = []
    for tg, params, name in planned:
        fp = fingerprint(spec, params, data_fp, version, rules_sha)
        prev = read_json(out_dir / f"{name}.summary.json")
        if (not force and isinstance(prev, dict) and prev.get("fingerprint") == fp
                and prev.get("status") == "ok" and outputs_present(out_dir, name, fmts)):
            entry = dict(prev)
            entry["status"] = "skipped"
            entry["outputs"] = {f: f"{name}.{f}" for f in fmts
                                if (out_dir / f"{name}.{f}").is_file()}
            entries[name] = entry
            continue
        entries[name] = {"key": params[spec.key], "file": name, "status": "pending",
                         "title": tg.title, "fingerprint": fp}
        todo.append((tg, params, name, fp))
    if len(entries) > len(todo):
        log.info("%d report(s) up to date, not rebuilt (use --force to rebuild)",
                 len(entries) - len(todo))

    bar = _Progress(total=len(planned), initial=len(planned) - len(todo),
                    enabled=_progress_enabled(progress), desc=spec.name)
    by_name = {name: (tg, params, fp) for tg, params, name, fp in todo}

    def tasks() -> Iterator[Task]:
        for tg, params, name, fp in todo:
            yield Task(key=params[spec.key], name=name, notebook=spec.name,
                       notebook_source=spec.source, notebook_dir=str(spec.path.parent),
                       kernel_name=spec.kernel_name, warm_code=spec.warm, parameters=params,
                       formats=fmts, timeout=timeout, fresh_kernel=fresh_kernel,
                       title_hint=tg.title, lang_hint=tg.lang, fingerprint=fp)

    executor = None
    interrupted = False
    try:
        if todo:
            options = {"fresh_kernel": fresh_kernel, "recycle_after": recycle_after,
                       "prestart": {"kernel_name": spec.kernel_name, "language": spec.language,
                                    "cwd": str(spec.path.parent), "warm": spec.warm},
                       "prewarm_formats": fmts}
            if scheduler is not None:
                from .executors import DaskExecutor

                executor = DaskExecutor(scheduler, options)
                log.info("running on Dask scheduler %s (%d thread(s))",
                         getattr(scheduler, "scheduler", scheduler), executor.threads)
            else:
                from .executors import LocalExecutor

                n = jobs or os.cpu_count() or 1
                n = max(1, min(int(n), len(todo)))
                hard = (timeout * 2 + 120) if timeout else None
                executor = LocalExecutor(n, options, hard_timeout=hard)
                log.info("running on %d local worker process(es)%s", n,
                         ", a fresh kernel per report" if fresh_kernel else "")
            for res in executor.map(tasks()):
                tg, params, fp = by_name[res.name]
                entry = _store(out_dir, res, fmts, params=params, spec=spec, fp=fp,
                               version=version, title_hint=tg.title)
                entries[res.name] = entry
                bar.update(entry["status"], res.key)
    except KeyboardInterrupt:
        interrupted = True
        log.warning("interrupted; %d report(s) not built",
                    sum(e["status"] == "pending" for e in entries.values()))
        raise
    finally:
        bar.close()
        if executor is not None:
            executor.close(force=interrupted)
        result.reports = [entries[n] for n in order]
        result.interrupted = interrupted
        result.duration = time.monotonic() - t_start
        _write_index(spec, result, data=data, lang=lang, version=version, fmts=fmts,
                     ui_lang=ui_lang)


def _store(out_dir: Path, res: Result, fmts, *, params, spec: NotebookSpec, fp: str,
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
        "outputs": outputs, "figures": res.figures, "error": res.error,
        "parameters": {**params, "data": _data.redact(params["data"])},
        "fingerprint": fp, "evalnb_version": version,
        "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "worker": res.worker,
    }
    write_json(out_dir / f"{res.name}.summary.json", entry)  # the commit mark: written last
    if res.status == "ok":
        log.info("%s: ok in %.2f s -> %s", res.key, res.duration, ", ".join(outputs.values()))
    else:
        e = res.error or {}
        log.error("%s: FAILED %s%s: %s", res.key,
                  f"at cell {e['cell']}, " if e.get("cell") is not None else "",
                  e.get("ename"), e.get("evalue"))
        if e.get("traceback"):
            log.info("%s: traceback:\n%s", res.key, e["traceback"])
    return entry


def _write_index(spec: NotebookSpec, result: BatchResult, *, data, lang, version, fmts,
                 ui_lang=None) -> None:
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
        "key": spec.key, "formats": list(fmts), "data": _data.redact(data), "lang": lang,
        "evalnb_version": version,
        "generated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "duration": round(result.duration, 3), "interrupted": result.interrupted,
        "counts": {s: result.count(s) for s in ("ok", "skipped", "failed", "pending")},
        "figures": figures, "reports": manifest_reports,
        "meta": {"title": meta.get("title")} if meta.get("title") else {},
    }
    write_json(result.out_dir / "manifest.json", manifest)
    html = render_index(notebook=spec.name, reports=reports, lang=index_lang,
                        figures=figures, labels=spec.figure_labels, formats=spec.figure_formats,
                        data=_data.redact(data), version=version,
                        interrupted=result.interrupted, meta=meta)
    atomic_write(result.out_dir / "index.html", html.encode("utf-8"))


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
