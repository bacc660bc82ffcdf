"""Whether a dataset changed: the fingerprint the batch keys its "up to date" check on.

A database's fingerprint is its identity, not its address: the dataset id
made at its first write, its revision and the change id of its last write
(:meth:`Store.identity <evalnb.core.store.Store.identity>`).  A database
deleted and imported again, a backup restored and written to, a PostgreSQL
database recreated — each has a new identity or change id, even where its
URL and revision number are those of a report built before.  A database
without an identity (written only by an older evalnb, or by other tools) is
fingerprinted by its rows.  A folder of CSV/XLSX files is fingerprinted by
the bytes of its table files.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import sqlalchemy as sa

from .store_open import DRIVER_ERRORS, explain

_CHUNK = 1 << 20


def data_fingerprint(data: str | os.PathLike | None = None) -> str:
    """A short fingerprint that changes whenever the dataset's data changes.

    Opens a database read-only (nothing is created or written); raises
    :class:`~evalnb.errors.DatabaseError` when it cannot be opened.

    Examples
    --------
    >>> from evalnb.core.store import Store
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.sqlite"
    >>> Store(path).close()
    >>> data_fingerprint(path).startswith("db:")
    True
    """
    if data is not None and "://" not in str(data) and Path(str(data)).is_dir():
        return folder_fingerprint(Path(str(data)))
    from .store import Store

    store = Store(data, readonly=True, create=False)
    try:
        ident = store.identity()
        h = hashlib.sha256()
        if ident["dataset_id"] and ident["change_id"]:
            h.update(f"{ident['dataset_id']}:{ident['revision']}:{ident['change_id']}".encode())
            return "db:" + h.hexdigest()[:16]
        try:
            return "rows:" + rows_fingerprint(store)
        except DRIVER_ERRORS as exc:
            raise explain(exc, store.url, store.timeouts) from exc
    finally:
        store.close()


def folder_fingerprint(folder: Path) -> str:
    """The names and bytes of a folder's table files (regular files only)."""
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() not in (".csv", ".xlsx") or not p.is_file():
            continue
        h.update(f"{p.name}\0".encode())
        with open(p, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
        h.update(b"\0")
    return "folder:" + h.hexdigest()[:16]


def rows_fingerprint(store) -> str:
    """Every row of every table of the contract, in key order."""
    from . import schemas

    h = hashlib.sha256()
    for name in schemas.names():
        if not store._has(name):
            continue
        spec = schemas.get(name)
        t = store.metadata.tables[name]
        q = sa.select(*store._columns(t, spec.columns)).order_by(*[t.c[k] for k in spec.key])
        h.update(f"{name}\0".encode())
        with store.engine.connect() as conn:
            for row in conn.execute(q):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()[:16]
