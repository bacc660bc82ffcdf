"""``evalnb.batch.run``: plan (every check before anything runs), execute, record.

Planning reads the notebook (:mod:`.plan`), its targets (:mod:`.targets`)
and builds each report's parameters; execution hands tasks to an executor
(:mod:`.executors`) and records each result as it comes (:mod:`.manifest`).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..core.i18n import check_lang
from ..core.store import data_fingerprint, default_url
from ..errors import InputError, UnknownNameError
from .manifest import BatchResult, landing, store_result, write_index
from .model import FORMATS, Task
from .outputs import FolderLock, clean_temporaries, outputs_present, read_json
from .plan import (NotebookSpec, build_parameters, check_extra_parameters, file_sha256,
                   fingerprint, load_notebook, passed_parameters, require_parameters)
from .progress import Progress, file_log, progress_enabled, sigterm_as_interrupt
from .targets import absolute, check_data, redact, select_targets

__all__ = ["run", "landing", "BatchResult"]

log = logging.getLogger("evalnb.batch")


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


def run(notebook: str | os.PathLike | NotebookSpec, *, data: str | None = None,
        schools: Iterable[Any] | None = None, all_schools: bool = False,
        kinds: Iterable[str] | str | None = None, municipality: str | None = None,
        formats: Iterable[str] | str = ("html", "pdf"), lang: str | None = None,
        jobs: int | None = None, scheduler: Any = None, out: str | os.PathLike = "reports",
        rules: str | os.PathLike | None = None, timeout: float | None = None,
        force: bool = False, parameters: dict[str, Any] | None = None,
        fresh_kernel: bool = False, recycle_after: int = 100, progress: bool | None = None,
        ui_lang: str | None = None, _text_parameters: bool = False) -> BatchResult:
    """Run a report notebook once per school and export each report.

    Parameters
    ----------
    notebook : path of the report notebook (it declares its ``parameters``
        cell and, in its metadata, ``evalnb.key`` / ``applies_to`` / ``figures``).
    data : database URL or data folder (default: the database of ``make demo``).
    schools : the keys to run: school ids, or values of the notebook's key (each must
        exist in the data); default: every target of the schools the notebook applies
        to (see :mod:`evalnb.batch.targets`); ``all_schools`` ignores ``applies_to``;
        ``kinds`` / ``municipality`` narrow it.
    formats : any of ``html``, ``pdf``, ``ipynb`` (a list or ``"html,pdf"``).
    lang : the reports' language, passed as ``lang`` (the notebook must declare it);
        default: each school's own, as the notebook decides.
    jobs : local worker processes (default: one per core).
    scheduler : a Dask scheduler address (``tcp://host:port``) or a ``distributed.Client``;
        reports then run on the cluster.
    out : output root; reports go to ``out/<notebook>/``.
    rules : a rules (policy) file, passed to the notebook as ``rules_path`` (which it
        must declare); ``data`` is passed only to a notebook that declares it.
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
    data = str(data) if data is not None else default_url()
    rules_path = rules_sha = None
    if rules is not None:
        rp = Path(rules).expanduser()
        if not rp.is_file():
            raise InputError(f"rules file {rp} does not exist", table=str(rp),
                             hint="pass --rules FILE with a rules YAML file")
        rules_path, rules_sha = str(rp.resolve()), file_sha256(rp)
    data = absolute(data)
    check_data(data)
    passed = passed_parameters(spec, lang=lang, rules_path=rules_path)
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
        with file_log(out_dir / "batch.log"), sigterm_as_interrupt():
            removed = clean_temporaries(out_dir)
            data_fp = data_fingerprint(data)
            log.info("batch start: %s, %d report(s), formats %s, data %s%s", spec.path,
                     len(planned), ",".join(fmts), redact(data),
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

    bar = Progress(total=len(planned), initial=len(planned) - len(todo),
                   enabled=progress_enabled(progress), desc=spec.name)
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
                entry = store_result(out_dir, res, fmts, params=params, spec=spec, fp=fp,
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
        write_index(spec, result, data=data, lang=lang, version=version, fmts=fmts,
                    ui_lang=ui_lang)
