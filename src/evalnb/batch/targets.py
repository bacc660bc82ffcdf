"""The data a batch reads: where it is, and which reports it calls for.

The batch reads the data through :mod:`evalnb.core.store` only: the
``schools`` table (and whatever table a notebook's key belongs to) to choose
the reports, and :func:`~evalnb.core.store.data_fingerprint` to know whether
reports are out of date.  It knows no domain: which table a key belongs to
comes from the schema registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..core.store import open_data
from ..errors import InputError


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
    """Fail early, with an InputError, when ``data`` obviously cannot be read.

    (Opening a SQLite URL whose file is missing would create an empty database.)
    """
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


@dataclass
class Target:
    """One report to make: its key value and what the data says of it."""

    key: Any
    title: str | None = None
    lang: str | None = None


def read_schools(data: str, *, kinds: Iterable[str] | None = None,
                 municipality: str | None = None, ids: Iterable[Any] | None = None,
                 with_rows_in: str | None = None):
    """The schools table (a DataFrame), filtered as :meth:`Store.schools` filters."""
    with open_data(data) as store:
        return store.schools(kinds=list(kinds) if kinds else None, municipality=municipality,
                             ids=list(ids) if ids is not None else None,
                             with_rows_in=with_rows_in)


def select_targets(spec, data: str, *, schools: Iterable[Any] | None = None,
                   all_schools: bool = False, kinds: Iterable[str] | None = None,
                   municipality: str | None = None) -> list[Target]:
    """The reports to make, in order: the given schools, or those the notebook applies to."""
    if schools is not None:
        seen: dict[str, Target] = {}
        for s in schools:
            seen.setdefault(str(s), Target(key=s))
        if not seen:
            raise InputError("no school given", table="schools", hint="pass --schools ID …")
        return list(seen.values())
    applies = {} if all_schools else spec.applies_to
    kinds = list(kinds or []) or _as_list(applies.get("kinds") or applies.get("kind"))
    municipality = municipality or applies.get("municipality")
    with_rows_in = applies.get("with_rows_in")
    ids = applies.get("ids")
    df = read_schools(data, kinds=kinds or None, municipality=municipality, ids=ids,
                       with_rows_in=with_rows_in)
    col = spec.key if spec.key in df.columns else "school_id"
    if col not in df.columns:
        raise InputError(f"the schools table has no column {spec.key!r} or 'school_id'",
                         table="schools", column=spec.key)
    out: dict[str, Target] = {}
    for row in df.to_dict("records"):
        key = row[col]
        if hasattr(key, "item"):
            key = key.item()
        title = row.get("name")
        lang = row.get("language")
        out.setdefault(str(key), Target(key=key, title=None if title is None else str(title),
                                        lang=lang if isinstance(lang, str) and lang else None))
    if not out:
        what = ", ".join(f"{k}={v}" for k, v in (("kinds", kinds), ("municipality", municipality),
                                                  ("with_rows_in", with_rows_in)) if v)
        raise InputError(f"no school matches ({what or 'all schools'}) in {redact(data)}",
                         table="schools", hint="check --kind/--municipality, or pass --schools")
    return list(out.values())


def _as_list(v) -> list:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)
