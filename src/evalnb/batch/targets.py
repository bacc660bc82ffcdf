"""The data a batch reads: where it is, and which reports it calls for.

The batch reads the data through :mod:`evalnb.core.store` only.  It knows no
domain: what a notebook's key names comes from the schema registry
(:mod:`evalnb.core.schemas`), in this order:

* ``school_id`` (the key of ``schools``): one report per school, titled with
  its name, in its language;
* the key of another table, a table whose key is exactly ``(key,)``: one
  report per row of that table whose school is selected, titled with the
  row's ``name`` (or ``title``), in the language of its school;
* a column of ``schools`` (``municipality``, ``cluster``…): one report per
  value found among the selected schools, titled with the value, in the
  language most of its schools use.

Anything else is refused (:class:`~evalnb.errors.InputError`): a report is
never run with ids of another kind.  The selection (``applies_to``,
``--kind``, ``--municipality``) always chooses schools; keys given by hand
(``--schools``) are checked against every known key before any kernel starts.
"""

from __future__ import annotations

import collections
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..core import schemas
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


class KeySource:
    """Where the values of a notebook's key come from (see the module's docstring)."""

    def __init__(self, key: str, notebook: str = ""):
        self.key = key
        schools = schemas.get("schools")
        self.table: schemas.TableSpec | None = schools if schools.key == (key,) else None
        self.column_of_schools = False
        for name in () if self.table is not None else schemas.names():
            spec = schemas.get(name)
            if spec.key == (key,):
                self.table = spec
                break
        if self.table is None:
            if key not in schools.columns:
                keyed = sorted(f"{n} ({schemas.get(n).key[0]})" for n in schemas.names()
                               if len(schemas.get(n).key) == 1)
                raise InputError(
                    f"the batch cannot tell what the key {key!r} names: no table has the key "
                    f"({key}) and the schools table has no column {key!r}", table=notebook or None,
                    column=key, value=key,
                    rule="a report's key is the key of a table or a column of schools",
                    hint="key the notebook (metadata evalnb.key) by one of: "
                         + ", ".join(keyed) + "; or a column of schools: "
                         + ", ".join(c for c in schools.columns if c != "school_id"))
            self.column_of_schools = True

    @property
    def what(self) -> str:
        """The table whose values a key must be among, for messages."""
        return "schools" if self.table is None else self.table.name

    def targets(self, store, schools) -> list[Target]:
        """The targets of the selected ``schools`` (a frame of the schools table)."""
        langs = {str(r["school_id"]): _lang(r.get("language")) for r in _records(schools)}
        if self.table is not None and self.table.name == "schools":
            return [Target(key=r["school_id"], title=_text(r.get("name")),
                           lang=langs[str(r["school_id"])]) for r in _records(schools)]
        if self.column_of_schools:
            groups: dict[str, list] = {}
            keys: dict[str, Any] = {}
            for r in _records(schools):
                value = r.get(self.key)
                if _missing(value) or (isinstance(value, str) and not value.strip()):
                    continue
                keys.setdefault(str(value), value)
                groups.setdefault(str(value), []).append(langs[str(r["school_id"])])
            return [Target(key=keys[k], title=k, lang=_majority(v)) for k, v in groups.items()]
        spec = self.table
        if spec.school_link:
            rows = store.read(spec.name, school_id=[str(s) for s in schools["school_id"]])
        else:
            rows = store.read(spec.name)
        rows = rows.sort_values(self.key, kind="stable")
        name_col = next((c for c in ("name", "title") if c in rows.columns), None)
        out = []
        for r in _records(rows):
            sid = r.get("school_id")
            out.append(Target(key=r[self.key],
                              title=_text(r.get(name_col)) if name_col else None,
                              lang=langs.get(str(sid)) if sid is not None else None))
        return out


def _records(frame) -> list[dict]:
    out = []
    for r in frame.to_dict("records"):
        out.append({k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()})
    return out


def _missing(v) -> bool:
    import pandas as pd

    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):  # a list or another non-scalar
        return False


def _text(v) -> str | None:
    return None if _missing(v) else str(v)


def _lang(v) -> str | None:
    return v if isinstance(v, str) and v else None


def _majority(langs: list) -> str | None:
    counts = collections.Counter(lg for lg in langs if lg)
    return counts.most_common(1)[0][0] if counts else None


def select_targets(spec, data: str, *, schools: Iterable[Any] | None = None,
                   all_schools: bool = False, kinds: Iterable[str] | None = None,
                   municipality: str | None = None) -> list[Target]:
    """The reports to make, in order: the keys given, or those the notebook applies to.

    ``schools`` are keys of the notebook's kind (school ids, or the values of
    its key); every one must exist in the data, else an
    :class:`~evalnb.errors.InputError` names the unknown ones and the closest
    known.  Otherwise the notebook's ``applies_to`` (unless ``all_schools``),
    narrowed by ``kinds`` / ``municipality``, selects the schools whose
    targets are made.
    """
    source = KeySource(spec.key, str(getattr(spec, "path", "") or ""))
    if schools is not None:
        given: dict[str, Any] = {}
        for s in schools:
            given.setdefault(str(s), s)
        if not given:
            raise InputError("no key given", table=source.what, column=spec.key,
                             hint="pass --schools ID …")
        with open_data(data) as store:
            known = {str(t.key): t for t in source.targets(store, store.schools())}
        unknown = [k for k in given if k not in known]
        if unknown:
            raise unknown_keys(unknown, known, key=spec.key, table=source.what, data=data)
        return [known[k] for k in given]
    applies = {} if all_schools else spec.applies_to
    kinds = list(kinds or []) or _as_list(applies.get("kinds") or applies.get("kind"))
    municipality = municipality or applies.get("municipality")
    with_rows_in = applies.get("with_rows_in")
    ids = applies.get("ids")
    with open_data(data) as store:
        df = store.schools(kinds=kinds or None, municipality=municipality,
                           ids=list(ids) if ids is not None else None, with_rows_in=with_rows_in)
        out = source.targets(store, df)
    if not out:
        what = ", ".join(f"{k}={v}" for k, v in (("kinds", kinds), ("municipality", municipality),
                                                  ("with_rows_in", with_rows_in)) if v)
        found = "no school matches" if source.what == "schools" and not source.column_of_schools \
            else f"no {spec.key} found for the schools that match"
        raise InputError(f"{found} ({what or 'all schools'}) in {redact(data)}",
                         table=source.what, column=spec.key,
                         hint="check --kind/--municipality, or pass --schools")
    return out


def unknown_keys(unknown: list[str], known: dict[str, Any], *, key: str, table: str,
                 data: str) -> InputError:
    """The error for keys given by hand that the data does not hold: each unknown key
    with the closest known ones (:func:`difflib.get_close_matches`)."""
    names = list(known)
    close = []
    for k in unknown:
        near = difflib.get_close_matches(k, names, n=3, cutoff=0.5)
        close.append(f"{k!r} → " + (", ".join(repr(n) for n in near) if near else "none close"))
    return InputError(
        f"unknown {key} {', '.join(repr(k) for k in unknown)}: not in the {table} table of "
        f"{redact(data)}", table=table, column=key,
        value=unknown[0] if len(unknown) == 1 else unknown,
        rule=f"{key} must be in the {table} table",
        hint="closest known: " + "; ".join(close))


def _as_list(v) -> list:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)
