"""What a running batch shows and logs: the progress bar, ``batch.log``, Ctrl-C and ``kill``."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger("evalnb.batch")


def progress_enabled(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    if os.environ.get("CI"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def file_log(path: Path):
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
def sigterm_as_interrupt():
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


def resume_line(desc: str, total: int, initial: int) -> str | None:
    """What a rerun says first: how many reports are up to date and how many it builds."""
    if not initial or not total:
        return None
    if initial == total:
        return f"{desc}: all {total} report(s) up to date, nothing to build (use --force to rebuild)"
    return (f"{desc}: resuming: {initial} of {total} report(s) up to date, "
            f"building the {total - initial} missing")


class Progress:
    """The progress bar; a rerun says on its first line (bar or not) what it resumes."""

    def __init__(self, total: int, initial: int, enabled: bool, desc: str):
        self.ok = self.failed = 0
        self.skipped = initial
        self.bar = None
        line = resume_line(desc, total, initial)
        if line:
            print(line, file=sys.stderr, flush=True)
        if enabled and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, desc=desc, unit="report",
                            dynamic_ncols=True, file=sys.stderr)
            self._post()

    def _post(self):
        if self.bar is not None:
            resumed = f"{self.skipped} up to date · " if self.skipped else ""
            self.bar.set_postfix_str(f"{resumed}built {self.ok} · failed {self.failed}",
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
