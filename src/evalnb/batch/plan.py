"""Planning a batch: the notebook's declaration, the schools, each report's parameters.

Everything here runs before any kernel starts, so a wrong parameter, an
unknown format or a missing file fails the whole batch at once with an
:class:`~evalnb.errors.InputError` naming the notebook and the parameter.

A notebook declares itself in its metadata (no domain knowledge in the batch)::

    "evalnb": {
      "key": "school_id",                       # the parameter naming one report (see .targets)
      "applies_to": {"kinds": ["general"],      # the default set of schools
                     "municipality": null,
                     "with_rows_in": "enrolments"},
      "figures": ["pass_rate", "quality"],      # index columns (default: every scalar figure)
      "figure_labels": {"pass_rate": {"en": "Pass rate", "ru": "Успеваемость", "zh": "及格率"}},
      "figure_formats": {"pass_rate": "percent"}
    }
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError, ParameterError
from .boot import import_statements
from .model import safe_name
from .targets import Target
from .params import Param, notebook_parameters
from .values import check_injection, check_value, coerce_text

#: Parameters the batch sets itself (besides the key); `-p` may not override them.
MANAGED = ("data", "lang", "rules_path")

#: Bumped when the batch's exports change in a way that must rebuild reports.
EXPORT_VERSION = 1

_APPLIES_KEYS = {"kinds", "kind", "municipality", "with_rows_in", "ids"}


@dataclass
class NotebookSpec:
    """A report notebook as the batch sees it."""

    path: Path
    name: str
    source: str
    sha256: str
    params: dict[str, Param]
    key: str = "school_id"
    applies_to: dict[str, Any] = field(default_factory=dict)
    figures: list[str] | None = None
    figure_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    figure_formats: dict[str, str] = field(default_factory=dict)
    kernel_name: str = "python3"
    language: str = "python"
    warm: list[str] = field(default_factory=list)


def load_notebook(path: str | Path) -> NotebookSpec:
    """Read a report notebook and its declaration; InputError if unusable."""
    import nbformat

    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError(f"notebook {path} does not exist", table=str(path),
                         hint="pass the path of a .ipynb report notebook")
    raw = path.read_bytes()
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception as exc:  # noqa: BLE001 - any parse failure is bad input
        raise InputError(f"{path} is not a readable notebook: {exc}", table=str(path)) from None
    params = notebook_parameters(path, nb)
    meta = nb.metadata.get("evalnb", {}) or {}
    if not isinstance(meta, dict):
        raise InputError("notebook metadata 'evalnb' must be an object", table=str(path))
    applies = meta.get("applies_to") or {}
    unknown = set(applies) - _APPLIES_KEYS
    if unknown:
        raise InputError(f"unknown key(s) in metadata evalnb.applies_to: {sorted(unknown)}",
                         table=str(path), hint=f"known: {sorted(_APPLIES_KEYS)}")
    figures = meta.get("figures")
    if figures is not None and not (isinstance(figures, list)
                                    and all(isinstance(f, str) for f in figures)):
        raise InputError("metadata evalnb.figures must be a list of names", table=str(path))
    ks = nb.metadata.get("kernelspec", {}) or {}
    language = ks.get("language") or nb.metadata.get("language_info", {}).get("name") or "python"
    return NotebookSpec(
        path=path.resolve(), name=report_set_name(path), source=raw.decode("utf-8"),
        sha256=hashlib.sha256(raw).hexdigest(), params=params,
        key=str(meta.get("key") or "school_id"), applies_to=dict(applies), figures=figures,
        figure_labels=dict(meta.get("figure_labels") or {}),
        figure_formats=dict(meta.get("figure_formats") or {}),
        kernel_name=ks.get("name") or "python3", language=language,
        warm=import_statements(nb) if language == "python" else [])


def report_set_name(path: Path) -> str:
    """The output folder of a notebook's reports: ``OUT/<this>/``.

    Notebooks below a ``notebooks/`` folder are named by their path from it,
    so that ``notebooks/north/school_report.ipynb`` and
    ``notebooks/south/school_report.ipynb`` do not share a folder
    (``north-school_report``, ``south-school_report``); any other
    notebook by its file name.
    """
    parts = Path(path).resolve().with_suffix("").parts
    if "notebooks" in parts[:-1]:
        below = parts[len(parts) - 1 - parts[::-1].index("notebooks") + 1:]
        return safe_name("-".join(below))
    return safe_name(Path(path).stem)


def coerce_key(spec: NotebookSpec, value: Any) -> Any:
    p = spec.params[spec.key]
    nb = str(spec.path)
    if isinstance(value, str):
        return coerce_text(p, value, notebook=nb)
    if p.types is not None and str in p.types and not isinstance(value, str):
        value = str(value)
    return check_value(p, value, notebook=nb)


def check_extra_parameters(spec: NotebookSpec, parameters: dict[str, Any] | None,
                           *, from_text: bool = False) -> dict[str, Any]:
    """``-p NAME VALUE`` parameters checked against the notebook's declaration."""
    out: dict[str, Any] = {}
    nb = str(spec.path)
    for name, value in (parameters or {}).items():
        if name == spec.key:
            raise ParameterError(f"parameter {name!r} is the report key; choose schools with "
                                 "--schools/--all/--kind/--municipality", notebook=nb,
                                 parameter=name, value=value)
        if name in MANAGED:
            option = {"data": "--data", "lang": "--lang", "rules_path": "--rules"}[name]
            raise ParameterError(f"parameter {name!r} is set by the batch; use {option}",
                                 notebook=nb, parameter=name, value=value)
        p = spec.params.get(name)
        if p is None:
            raise ParameterError(
                f"unknown parameter {name!r} for {spec.path.name}", notebook=nb, parameter=name,
                value=value, hint="declared: " + ", ".join(spec.params) if spec.params else None)
        out[name] = coerce_text(p, value, notebook=nb) if from_text and isinstance(value, str) \
            else check_value(p, value, notebook=nb)
    return out


def passed_parameters(spec: NotebookSpec, *, lang: str | None,
                      rules_path: str | None) -> list[str]:
    """The parameters the batch passes: the key, ``data`` if the notebook declares it,
    ``lang`` / ``rules_path`` when ``--lang`` / ``--rules`` give them.

    A notebook need not declare ``data``, ``lang`` or ``rules_path`` (a
    methodologist's notebook may read its own data); but an option the
    notebook cannot receive is an error, not a silent no-op.
    """
    passed = [spec.key]
    if "data" in spec.params:
        passed.append("data")
    for name, value, option in (("lang", lang, "--lang"), ("rules_path", rules_path, "--rules")):
        if value is not None and name not in spec.params:
            raise ParameterError(
                f"{spec.path.name} has no parameter {name!r}, so {option} cannot reach it",
                notebook=str(spec.path), parameter=name, value=value,
                hint=f"declare `{name} = None` in the cell tagged 'parameters', or leave out "
                     f"{option}")
        if value is not None:
            passed.append(name)
    return passed


def require_parameters(spec: NotebookSpec, passed: Iterable[str]) -> None:
    """Every parameter the batch passes must be declared; every required one passed."""
    nb = str(spec.path)
    declared = ", ".join(spec.params) or "none"
    for name in passed:
        if name not in spec.params:
            what = "the report's key (metadata evalnb.key)" if name == spec.key else \
                "a parameter the batch must pass"
            raise ParameterError(
                f"{spec.path.name} has no parameter {name!r}, {what}",
                notebook=nb, parameter=name,
                hint=f"declare it in the cell tagged 'parameters' (declared: {declared})")
    passed = set(passed)
    for p in spec.params.values():
        if p.required and p.name not in passed:
            raise ParameterError(f"parameter {p.name!r} of {spec.path.name} has no value",
                                 notebook=nb, parameter=p.name,
                                 hint=f"pass it with -p {p.name} VALUE")


def build_parameters(spec: NotebookSpec, target: Target, *, data: str, lang: str | None,
                     rules_path: str | None, extra: dict[str, Any]) -> dict[str, Any]:
    """One report's parameters, checked, and proven to be injected as data."""
    nb = str(spec.path)
    params: dict[str, Any] = {spec.key: coerce_key(spec, target.key)}
    if "data" in spec.params:
        params["data"] = check_value(spec.params["data"], data, notebook=nb)
    if lang is not None:
        params["lang"] = check_value(spec.params["lang"], lang, notebook=nb)
    if rules_path is not None:
        params["rules_path"] = check_value(spec.params["rules_path"], rules_path, notebook=nb)
    params.update(extra)
    check_injection(params, notebook=nb, kernel_name=spec.kernel_name, language=spec.language)
    return params


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fingerprint(spec: NotebookSpec, params: dict[str, Any], data_fp: str, version: str,
                rules_sha: str | None) -> str:
    """What a report depends on: notebook, parameters, data, rules file, evalnb version."""
    doc = {"notebook": spec.sha256, "parameters": params, "data": data_fp, "evalnb": version,
           "rules": rules_sha, "export": EXPORT_VERSION}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=True, default=str)
                          .encode()).hexdigest()
