"""Database fixtures: store and form tests run on SQLite *and* PostgreSQL.

``tests/conftest.py`` imports them (``from pg_fixtures import *``), so every
test module can ask for them:

* ``db_url`` — an empty database, once as ``sqlite`` (a WAL file in the test's
  temporary folder) and once as ``postgresql`` (a schema of its own in the
  server named by ``$EVALNB_TEST_POSTGRES``, dropped afterwards);
* ``postgres_url`` — the server's URL itself (session).

Without ``$EVALNB_TEST_POSTGRES`` the PostgreSQL cases are skipped with the
command that starts a server, except under CI (``$CI`` set), where they fail:
CI must never skip them silently.  Start a private server with::

    export EVALNB_TEST_POSTGRES="$(scripts/pg-test-server)"

Every :class:`~evalnb.core.store.Store` made during a test is closed when the
test ends (psycopg warns about connections left open, and the suite turns
warnings into errors).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from urllib.parse import quote

import pytest
import sqlalchemy as sa

POSTGRES_ENV = "EVALNB_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgresql")

__all__ = ["POSTGRES_ENV", "BACKENDS", "postgres_url", "db_url", "require_postgres", "schema_url",
           "closing_stores", "new_database_url"]


def require_postgres() -> str:
    """The PostgreSQL URL of the tests; skip (locally) or fail (CI) without one."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        return url
    msg = (f"PostgreSQL tests need ${POSTGRES_ENV}; start a private server with: "
           f'export {POSTGRES_ENV}="$(scripts/pg-test-server)"')
    if os.environ.get("CI"):
        pytest.fail(f"{msg} (CI must run the PostgreSQL tests, never skip them)", pytrace=False)
    pytest.skip(msg)


@contextlib.contextmanager
def schema_url(base_url: str, prefix: str = "t"):
    """A URL on ``base_url`` whose tables live in a new, private schema (dropped at the end).

    The schema is chosen with ``search_path`` in the connection options, so a
    :class:`Store` made on the URL creates and reads its tables there.
    """
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base_url, poolclass=sa.pool.NullPool)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in base_url else "?"
        yield (f"{base_url}{sep}options={quote(f'-csearch_path={schema}')}"
               f"&application_name={schema}")
    finally:
        with admin.begin() as conn:
            # connections the test left open (a server it started, a killed
            # subprocess) must not block the drop nor pile up
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE application_name = :name"), {"name": schema})
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextlib.contextmanager
def closing_stores():
    """Close (dispose) every Store made inside the block when it ends."""
    from evalnb.core import store as store_module

    made: list = []
    original = store_module.Store.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    store_module.Store.__init__ = init
    try:
        yield made
    finally:
        store_module.Store.__init__ = original
        for s in made:
            s.engine.dispose()


@contextlib.contextmanager
def new_database_url(backend: str, folder):
    """An empty database of ``backend`` (``sqlite`` file in ``folder``, or a PostgreSQL schema)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'evalnb.sqlite'}"
    elif backend == "postgresql":
        with schema_url(require_postgres()) as url:
            yield url
    else:  # pragma: no cover - a typo in a parametrisation
        raise ValueError(backend)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require_postgres()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """An empty database URL, once per backend (``sqlite``, ``postgresql``)."""
    with new_database_url(request.param, tmp_path) as url, closing_stores():
        yield url
