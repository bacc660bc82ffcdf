"""The batch's view of the data: which schools exist, and whether the data changed.

The batch uses :mod:`evalnb.core.store` (``Store(url).schools(...)``,
``data_fingerprint(data)``, ``default_url()``).  Until that module lands (or in
a trimmed install without it) a minimal stand-in reads the ``schools`` table
of a SQLite/SQLAlchemy database or ``schools.csv`` of a data folder, so the
batch never depends on a domain package.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError


def _core_store():
    try:
        from ..core import store  # type: ignore[attr-defined]
    except ImportError:
        return None
    return store


def project_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists():
            return parent
    return Path.cwd()


def default_url() -> str:
    """The database of ``make demo``."""
    store = _core_store()
    if store is not None and hasattr(store, "default_url"):
        return store.default_url()
    return f"sqlite:///{project_root() / 'data' / 'evalnb.sqlite'}"


def is_url(data: str) -> bool:
    return "://" in str(data)


def absolute(data: str) -> str:
    """``data`` that means the same from any working folder (kernels run in the notebook's).

    A folder or file path becomes absolute; so does the path of a
    ``sqlite:///relative/path`` URL.  Other URLs are returned as given.
    """
    data = str(data)
    if not is_url(data):
        return str(Path(data).expanduser().resolve())
    prefix = "sqlite:///"
    if data.startswith(prefix):
        rest = data[len(prefix):]
        path, sep, query = rest.partition("?")
        if path and path != ":memory:" and not path.startswith("/"):
            return prefix + str(Path(path).resolve()) + sep + query
    return data


def redact(data: str) -> str:
    """``data`` for a manifest or a log: a URL without its password."""
    data = str(data)
    if not is_url(data):
        return data
    try:
        from sqlalchemy.engine import make_url

        return make_url(data).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - anything unparsable is shown as given
        return data


def check_data(data: str) -> None:
    """Fail early, with an InputError, when ``data`` obviously cannot be read."""
    if is_url(data):
        if data.startswith("sqlite:///"):
            path = Path(data[len("sqlite:///"):].partition("?")[0])
            if str(path) not in ("", ".", ":memory:") and not path.exists():
                raise InputError(f"database file {path} does not exist", table="data", value=data,
                                 hint="run `make demo` or pass --data URL|FOLDER")
        return
    if not Path(data).exists():
        raise InputError(f"data folder {data} does not exist", table="data", value=data,
                         hint="pass --data URL|FOLDER")


def data_fingerprint(data: str) -> str:
    """A cheap fingerprint that changes whenever the data changes."""
    store = _core_store()
    if store is not None and hasattr(store, "data_fingerprint"):
        return str(store.data_fingerprint(data))
    return _fallback_fingerprint(data)


def _fallback_fingerprint(data: str) -> str:
    h = hashlib.sha256()
    paths: list[Path] = []
    if is_url(data):
        if data.startswith("sqlite:///"):
            p = Path(data[len("sqlite:///"):])
            paths = [p, Path(str(p) + "-wal")]
        else:  # a server database: no cheap way to know; never "up to date"
            return "unknown:" + os.urandom(8).hex()
    else:
        root = Path(data)
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        if p.is_file():
            h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def schools(data: str, *, kinds: Iterable[str] | None = None, municipality: str | None = None,
            ids: Iterable[Any] | None = None, with_rows_in: str | None = None):
    """The schools table (a DataFrame), filtered like ``Store.schools``."""
    kinds = list(kinds) if kinds else None
    ids = list(ids) if ids is not None else None
    store = _core_store()
    if store is not None and hasattr(store, "Store"):
        opener = getattr(store, "open_data", None) or store.Store
        st = opener(data)
        try:
            return st.schools(kinds=kinds, municipality=municipality, ids=ids,
                              with_rows_in=with_rows_in)
        finally:
            for name in ("close", "dispose"):
                fn = getattr(st, name, None)
                if callable(fn):
                    fn()
                    break
            else:
                engine = getattr(st, "engine", None)
                if engine is not None:
                    engine.dispose()
    return _fallback_schools(data, kinds=kinds, municipality=municipality, ids=ids,
                             with_rows_in=with_rows_in)


def _fallback_schools(data, *, kinds, municipality, ids, with_rows_in):
    import pandas as pd

    if is_url(data):
        import sqlalchemy as sa

        engine = sa.create_engine(data)
        try:
            with engine.connect() as conn:
                df = pd.read_sql_table("schools", conn)
                keep = None
                if with_rows_in:
                    insp = sa.inspect(conn)
                    if with_rows_in not in insp.get_table_names():
                        raise InputError(f"table {with_rows_in} does not exist in {redact(data)}",
                                         table=with_rows_in)
                    q = sa.text(f'SELECT DISTINCT school_id FROM "{with_rows_in}"')  # name checked above
                    keep = {r[0] for r in conn.execute(q)}
        finally:
            engine.dispose()
    else:
        folder = Path(data)
        df = pd.read_csv(folder / "schools.csv", dtype={"school_id": str})
        keep = None
        if with_rows_in:
            rows = pd.read_csv(folder / f"{with_rows_in}.csv", dtype={"school_id": str},
                               usecols=["school_id"])
            keep = set(rows["school_id"])
    if keep is not None:
        df = df[df["school_id"].isin(keep)]
    if kinds:
        df = df[df["kind"].isin(kinds)]
    if municipality:
        df = df[df["municipality"] == municipality]
    if ids is not None:
        df = df[df["school_id"].astype(str).isin({str(i) for i in ids})]
    return df.reset_index(drop=True)
