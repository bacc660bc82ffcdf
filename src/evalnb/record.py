"""Recording a report's key figures.

``evalnb.record(name, value)`` in a report notebook emits a display output of
its own MIME type.  Exporters do not render that type (so it never shows in
HTML or PDF), and :func:`read_records` finds it again in the executed notebook;
the batch turns the records into ``<key>.summary.json``.  This is how
scrapbook glues values, without the extra dependency.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import numpy as np

MIMETYPE = "application/vnd.evalnb.record+json"

#: Values recorded outside a kernel (plain Python, tests, benchmarks).
recorded: dict[str, Any] = {}


def _plain(value: Any) -> Any:
    """A JSON-able copy of ``value`` (numpy scalars, dates, NaN → None)."""
    if isinstance(value, (np.generic,)):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "item"):
        return _plain(value.item())
    return str(value)


def record(name: str, value: Any) -> Any:
    """Record a key figure of a report under ``name``; returns ``value``.

    Examples
    --------
    >>> import evalnb
    >>> evalnb.record("pass_rate", 0.95)
    0.95
    """
    if not isinstance(name, str) or not name:
        raise TypeError("record name must be a non-empty string")
    plain = _plain(value)
    recorded[name] = plain
    _emit(MIMETYPE, {"name": name, "value": plain})
    return value


def _emit(mimetype: str, payload: dict) -> None:
    """Display ``payload`` under ``mimetype`` when running in a kernel (else nothing)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import display

        display({mimetype: payload}, raw=True)


def _payloads(nb, mimetype: str):
    """Every payload of ``mimetype`` in an executed notebook, in order."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            if mimetype in data:
                yield data[mimetype]


def read_records(nb) -> dict[str, Any]:
    """The figures recorded in an executed notebook (a ``nbformat`` node), in order."""
    return {item["name"]: item["value"] for item in _payloads(nb, MIMETYPE)}


META_MIMETYPE = "application/vnd.evalnb.meta+json"


def report_meta(*, title: str, lang: str, subtitle: str = "", key: str | None = None) -> None:
    """Declare what a report is about, for the batch's exports and index.

    ``title`` (e.g. the school's name) and ``subtitle`` (e.g. the period) go
    into the PDF's running header and the index page; ``lang`` sets
    ``<html lang>`` so that Chinese is shaped with Simplified-Chinese glyphs.
    Like :func:`record`, it renders nothing in the exported documents.
    """
    meta = {"title": str(title), "subtitle": str(subtitle), "lang": str(lang)}
    if key is not None:
        meta["key"] = str(key)
    recorded["_meta"] = meta
    _emit(META_MIMETYPE, meta)


def read_meta(nb) -> dict[str, str]:
    """The last :func:`report_meta` of an executed notebook, or ``{}``."""
    meta: dict[str, str] = {}
    for payload in _payloads(nb, META_MIMETYPE):
        meta = dict(payload)
    return meta
