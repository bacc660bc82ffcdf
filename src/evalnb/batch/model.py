"""What travels between the batch's parent and its workers: plain, picklable records."""

from __future__ import annotations

import hashlib
import re
import traceback as _traceback
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReportError

FORMATS = ("html", "pdf", "ipynb")

#: Names a report file may not take: they belong to the batch's own files.
RESERVED = frozenset({"index", "manifest", "batch"})

_UNSAFE = re.compile(r"[^\w.-]")


def safe_name(key: Any, limit: int = 80) -> str:
    """A file name stem for a report key that can never leave its folder.

    Letters (any script), digits, ``_``, ``.`` and ``-`` are kept; anything
    else becomes ``_``; leading dots are dropped.  When the name had to be
    changed (or is reserved), a short hash of the original key is appended so
    that two different keys never share a file.

    >>> safe_name("S001")
    'S001'
    >>> safe_name("../../x")
    'x-5d1cc4e7'
    """
    raw = str(key)
    name = unicodedata.normalize("NFC", raw)
    name = _UNSAFE.sub("_", name).strip("._-")[:limit]
    if name != raw or not name or name.lower() in RESERVED:
        digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = f"{name or 'report'}-{digest}"
    return name


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def clip(text: str, limit: int = 6000) -> str:
    """A long traceback's head (the notebook's frames) and tail (the error)."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + "\n[...]\n" + text[-half:]


def failure(exc: BaseException, *, key: Any, what: str = "", trace: bool = True) -> ReportError:
    """A :class:`ReportError` for an exception raised outside the notebook's cells.

    ``what`` says where it happened (``"the kernel did not start"``); the
    message is ``"<what>: <ename>: <evalue>"``.
    """
    ename, evalue = type(exc).__name__, str(exc)
    message = f"{what}: {ename}: {evalue}" if what else f"{ename}: {evalue}"
    tb = None
    if trace and exc.__traceback__ is not None:
        tb = clip(strip_ansi("".join(_traceback.format_exception(exc))))
    return ReportError(message, key=key, ename=ename, evalue=evalue, traceback=tb)


@dataclass
class Task:
    """One report to build: a notebook, its parameters, what to export."""

    key: Any
    name: str
    notebook: str
    notebook_source: str
    notebook_dir: str
    kernel_name: str
    warm_code: str
    parameters: dict
    formats: tuple[str, ...]
    timeout: float | None = None
    fresh_kernel: bool = False
    title_hint: str | None = None
    lang_hint: str | None = None
    fingerprint: str = ""
    attempt: int = 1


@dataclass
class Result:
    """What a worker sends back: the outputs as bytes, never paths."""

    key: Any
    name: str
    status: str  # "ok" | "failed"
    duration: float = 0.0
    files: dict[str, bytes] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    error: ReportError | None = None
    attempts: int = 1
    events: list[str] = field(default_factory=list)
    worker: str = ""
