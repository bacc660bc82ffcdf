"""Opening a database: URLs, engines, timeouts, read-only access and clear errors.

evalnb works with SQLite (a file, or memory) and PostgreSQL.  Every failure
of the database — a mistyped URL, a server that is down or never answers, a
file that is missing, locked, read-only, damaged or no database at all —
becomes a :class:`~evalnb.errors.DatabaseError` naming the database and what
to do, never a driver's traceback.

Waits are bounded (seconds; each may be set in the environment):

* ``EVALNB_DB_CONNECT_TIMEOUT`` (10): connecting to a PostgreSQL server;
* ``EVALNB_DB_STATEMENT_TIMEOUT`` (600): one SQL statement on PostgreSQL;
* ``EVALNB_DB_LOCK_TIMEOUT`` (30): waiting for another program's write lock
  (SQLite's busy timeout, PostgreSQL's ``lock_timeout``), after which the
  lock is named as the reason.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

from ..errors import DatabaseError, EvalnbError, InputError

PROJECT_ROOT = Path(__file__).resolve().parents[3]
BACKENDS = ("sqlite", "postgresql")
ACCEPTED = ("a path to an SQLite file (data/evalnb.sqlite), sqlite:///relative/path.sqlite, "
            "sqlite:////absolute/path.sqlite, or postgresql://user:password@host:port/database")
_SCHEME_TYPO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


def default_url() -> str:
    """``$EVALNB_DATA`` if set, else the SQLite file of ``make demo`` (``data/evalnb.sqlite``)."""
    env = os.environ.get("EVALNB_DATA")
    if env:
        return env
    return f"sqlite:///{PROJECT_ROOT / 'data' / 'evalnb.sqlite'}"


def _env_seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value <= 0:
        raise DatabaseError(f"${name} must be a number of seconds above 0, not {raw!r}",
                            reason="url", hint=f"unset {name} for the default ({default:g} s)")
    return value


@dataclass(frozen=True)
class Timeouts:
    """Bounded waits, in seconds (see the module's docstring)."""

    connect: float = 10.0
    statement: float = 600.0
    lock: float = 30.0

    @classmethod
    def from_env(cls) -> "Timeouts":
        return cls(connect=_env_seconds("EVALNB_DB_CONNECT_TIMEOUT", cls.connect),
                   statement=_env_seconds("EVALNB_DB_STATEMENT_TIMEOUT", cls.statement),
                   lock=_env_seconds("EVALNB_DB_LOCK_TIMEOUT", cls.lock))


def redact(url: str) -> str:
    """``url`` without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return str(url)


def normalize_url(data: str | os.PathLike | None) -> str:
    """The SQLAlchemy URL ``data`` names; :class:`DatabaseError` for a bad or unsupported one.

    A plain path is an SQLite file.  ``sqlite:/x.sqlite`` (one slash) or
    ``postgresql:host`` is a mistyped URL, not a file to create.
    """
    if data is None:
        data = default_url()
    text = str(data).strip()
    if not text:
        raise DatabaseError("no database given", reason="url", hint=f"accepted forms: {ACCEPTED}")
    if "://" not in text:
        m = _SCHEME_TYPO.match(text)
        if m:
            raise DatabaseError(f"{text!r} is not a database URL (a URL has '://' after "
                                f"{m.group(1)!r}) nor a plain file path", url=text, reason="url",
                                hint=f"accepted forms: {ACCEPTED}")
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    try:
        url = sa.engine.make_url(text)
    except sa.exc.ArgumentError:
        raise DatabaseError(f"not a database URL: {redact(text)}", url=redact(text), reason="url",
                            hint=f"accepted forms: {ACCEPTED}") from None
    backend = url.get_backend_name()
    if backend not in BACKENDS:
        raise DatabaseError(f"evalnb does not work with {backend!r} databases: {redact(text)}",
                            url=redact(text), reason="url",
                            hint=f"evalnb works with SQLite and PostgreSQL; accepted forms: {ACCEPTED}")
    return text


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for memory or another backend)."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    return Path(u.database).expanduser().resolve()


@dataclass
class Opened:
    """An engine, whether it is read-only, and the paths its opening created (to undo)."""

    engine: sa.Engine
    readonly: bool
    created: list[Path] = field(default_factory=list)


def open_engine(url: str, *, readonly: bool | None, create: bool, timeouts: Timeouts) -> Opened:
    """An engine on ``url`` with bounded waits.

    ``readonly=None`` opens an SQLite file read-only when it cannot be written
    (a read-only copy still feeds reports); ``True`` always reads only;
    ``False`` needs write access.  ``create=False`` never creates a file.
    """
    backend = sa.engine.make_url(url).get_backend_name()
    if backend == "sqlite":
        return _open_sqlite(url, readonly=readonly, create=create, timeouts=timeouts)
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": max(2, math.ceil(timeouts.connect))})
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        raise DatabaseError(f"the database driver for {redact(url)} is not installed: {exc}",
                            url=redact(url), reason="driver",
                            hint="install psycopg (pip install 'psycopg[binary]')") from None
    except sa.exc.ArgumentError as exc:
        raise DatabaseError(f"not a usable database URL: {redact(url)} ({exc})", url=redact(url),
                            reason="url", hint=f"accepted forms: {ACCEPTED}") from None
    ro = bool(readonly)

    @sa.event.listens_for(engine, "connect")
    def _session(dbapi_conn, _record):  # bounded statements and lock waits on every connection
        cur = dbapi_conn.cursor()
        cur.execute(f"SET statement_timeout = {int(timeouts.statement * 1000)}")
        cur.execute(f"SET lock_timeout = {int(timeouts.lock * 1000)}")
        if ro:
            cur.execute("SET default_transaction_read_only = on")
        cur.close()
        dbapi_conn.commit()

    return Opened(engine, ro)


def _open_sqlite(url: str, *, readonly: bool | None, create: bool, timeouts: Timeouts) -> Opened:
    path = sqlite_path(url)
    if path is None:  # memory: one connection shared by every thread
        engine = sa.create_engine(url, poolclass=sa.pool.StaticPool,
                                  connect_args={"check_same_thread": False})
        return Opened(engine, False)
    shown = str(path)
    created: list[Path] = []
    if path.exists():
        if not path.is_file():
            raise DatabaseError(f"{shown} is not a database file", url=shown, reason="corrupt",
                                hint="give the path of an SQLite file (made by evalnb import)")
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        if readonly is None:
            readonly = not writable
        elif readonly is False and not writable:
            raise DatabaseError(f"the database file {shown} is read-only: nothing can be written to it",
                                url=shown, reason="readonly",
                                hint="import into a copy you may write, or ask for write access")
    else:
        if readonly or not create:
            raise DatabaseError(f"no database file {shown}", url=shown, reason="missing",
                                hint="check the path; a database is made by: evalnb import FOLDER --db PATH")
        readonly = False
        missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot make the folder of the database {shown}: {exc.strerror}",
                                url=shown, reason="missing") from None
        created = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"),
                   *missing]
    mode = "ro" if readonly else ("rwc" if create else "rw")
    uri = f"file:{quote(str(path))}?mode={mode}"

    def connect():
        return sqlite3.connect(uri, uri=True, timeout=timeouts.lock, check_same_thread=False)

    engine = sa.create_engine(url, creator=connect)
    lock_ms = int(timeouts.lock * 1000)
    ro = bool(readonly)

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        if not ro:
            # WAL lets readers (reports) go on while a form writes; NORMAL sync is safe under WAL
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={lock_ms}")
        cur.close()

    return Opened(engine, ro, created)


def remove_created(paths: list[Path]) -> None:
    """Delete what opening a database created (files, then empty folders)."""
    for p in paths:
        try:
            if p.is_dir():
                p.rmdir()
            elif p.exists():
                p.unlink()
        except OSError:
            pass


def add_new_columns(engine: sa.Engine, metadata: sa.MetaData) -> None:
    """Bring a database made by an older evalnb up to date.

    An optional column added to the contract since is added to the table
    (its rows get no value); a missing required column cannot be made up,
    so the database has to be imported again.
    """
    insp = sa.inspect(engine)
    with engine.begin() as conn:
        for name, table in metadata.tables.items():
            have = {c["name"] for c in insp.get_columns(name)}
            for col in table.columns:
                if col.name in have:
                    continue
                if not col.nullable:
                    raise InputError(
                        f"the database's table {name} lacks the required column {col.name}",
                        table=name, column=col.name, rule="the database was made by an older evalnb",
                        hint="import the data again: evalnb import FOLDER --db …")
                coltype = col.type.compile(dialect=engine.dialect)
                conn.execute(sa.text(f'ALTER TABLE "{name}" ADD COLUMN "{col.name}" {coltype}'))


# --- errors ------------------------------------------------------------------

_CASES = (
    # (reason, words in the driver's message, message, hint)
    ("locked", ("database is locked", "database table is locked", "lock timeout",
                "canceling statement due to lock"),
     "the database {db} is locked by another program (waited {lock:g} s)",
     "try again when the other import or save has finished; $EVALNB_DB_LOCK_TIMEOUT sets the wait"),
    ("readonly", ("readonly database", "read-only transaction", "read only", "readonly"),
     "the database {db} is read-only: nothing can be written to it",
     "import into a copy you may write, or ask for write access"),
    ("corrupt", ("file is not a database", "malformed", "not a database", "file is encrypted"),
     "{db} is not an SQLite database, or it is damaged",
     "give the database evalnb import made (a CSV folder is imported with: evalnb import FOLDER --db PATH)"),
    ("timeout", ("statement timeout",),
     "the database {db} did not finish a statement within {statement:g} s",
     "$EVALNB_DB_STATEMENT_TIMEOUT sets the limit"),
    ("timeout", ("timeout expired", "timed out", "connection timeout"),
     "the database server of {db} did not answer within {connect:g} s",
     "check the host and port; $EVALNB_DB_CONNECT_TIMEOUT sets the wait"),
    ("schema", ("no such table", "no such column", "undefinedtable", "undefinedcolumn"),
     "the database {db} does not hold evalnb's tables as expected: {detail}",
     "import the data again: evalnb import FOLDER --db …"),
    ("unreachable", ("unable to open database file",),
     "cannot open the database file {db}", "check the path and its permissions"),
    ("unreachable", ("connection refused", "could not connect", "connection failed", "could not translate",
                     "name or service not known", "no route to host", "authentication failed",
                     "does not exist", "server closed the connection", "connection is bad"),
     "cannot connect to the database {db}: {detail}",
     "check the URL, that the server runs and that the user may log in"),
)


def explain(exc: BaseException, url: str, timeouts: Timeouts) -> DatabaseError:
    """The :class:`DatabaseError` a driver's exception means, in one clear line."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    detail = text.splitlines()[0] if text else type(orig).__name__
    low = f"{type(orig).__name__} {text}".lower()
    db = redact(url)
    path = sqlite_path(url) if "://" in url else None
    if path is not None:
        db = str(path)
    values = dict(db=db, detail=detail, lock=timeouts.lock, connect=timeouts.connect,
                  statement=timeouts.statement)
    for reason, words, message, hint in _CASES:
        if any(w in low for w in words):
            return DatabaseError(message.format(**values), url=db, reason=reason, hint=hint)
    if isinstance(exc, (ImportError, sa.exc.NoSuchModuleError)):
        return DatabaseError(f"the database driver for {db} is not installed: {detail}", url=db,
                             reason="driver")
    return DatabaseError(f"database error on {db}: {detail}", url=db, reason="other")


DRIVER_ERRORS = (sa.exc.SQLAlchemyError, sqlite3.Error, OSError, ImportError)


def guarded(method):
    """Turn a driver's exception raised by a :class:`Store` method into a DatabaseError."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except EvalnbError:
            raise
        except DRIVER_ERRORS as exc:
            raise explain(exc, self.url, self.timeouts) from exc

    return wrapper


def is_transient(exc: Exception) -> bool:
    """A write that another writer got in the way of (worth one more try)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return any(k in text for k in ("database is locked", "database table is locked", "deadlock",
                                   "could not serialize", "serialization failure", "busy"))
