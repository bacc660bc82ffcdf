"""The output folder of a batch: atomic files, a lock, per-report state.

``OUT/<notebook>/`` holds, per report, ``<name>.html|.pdf|.ipynb`` and
``<name>.summary.json`` (its recorded figures and the batch's state for it),
plus ``index.html``, ``manifest.json`` and ``batch.log``.

Every file is written to a hidden temporary name in the same folder and
renamed into place (:func:`atomic_write`), so a reader never sees a
half-written file.  A report's ``summary.json`` is written last: it is the
commit mark of that report, and what the next run checks to skip a report
that is up to date, so an interrupted run resumes where it stopped.  Hidden
temporary files left by a killed run are removed when the next run starts.
"""

from __future__ import annotations

import errno
import json
import math
import os
import secrets
from pathlib import Path
from typing import Any

from ..errors import EvalnbError

TMP_SUFFIX = ".evalnb-tmp"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise


def _finite(obj: Any) -> Any:
    """``obj`` with NaN and infinities as None: JSON has no such numbers."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {str(k): _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def write_json(path: Path, obj: Any) -> None:
    atomic_write(path, (json.dumps(_finite(obj), ensure_ascii=False, indent=1, allow_nan=False,
                                   default=str) + "\n").encode("utf-8"))


def read_json(path: Path) -> Any | None:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def clean_temporaries(folder: Path) -> int:
    """Remove the hidden temporary files an interrupted run left behind."""
    n = 0
    for p in Path(folder).glob(f".*{TMP_SUFFIX}"):
        try:
            p.unlink()
            n += 1
        except OSError:
            pass
    return n


class FolderLock:
    """An exclusive lock on an output folder (two batches never write one folder)."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / ".batch.lock"
        self._fh = None

    def acquire(self) -> None:
        import fcntl

        self._fh = open(self.path, "a+")
        try:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self._fh.close()
            self._fh = None
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise EvalnbError(f"another evalnb batch is writing to {self.path.parent}; "
                                  "wait for it to finish or choose another --out") from None
            raise
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(str(os.getpid()))
        self._fh.flush()

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing the file releases the lock
            self._fh = None

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


def outputs_present(folder: Path, name: str, formats) -> bool:
    return all((Path(folder) / f"{name}.{fmt}").is_file() for fmt in formats)


def remove_outputs(folder: Path, name: str, keep=()) -> None:
    """Remove a report's earlier exports (a failed report must not show stale ones)."""
    for fmt in ("html", "pdf", "ipynb"):
        if fmt in keep:
            continue
        try:
            (Path(folder) / f"{name}.{fmt}").unlink()
        except FileNotFoundError:
            pass
