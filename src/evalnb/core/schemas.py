"""One schema per table of the data contract (``DATA.md``).

A table is described once, as a :class:`TableSpec` of :class:`Field` s; from
that description come the pandera schema that checks it, the SQL table that
stores it (:mod:`evalnb.core.store`) and the references checked between
tables (:mod:`evalnb.core.loading`).  Tables are kept in a small registry:
:func:`register` adds one (a domain may bring its own), :func:`get` looks one
up and names the known tables when it is missing.

Column names, types, ranges and the required (``*``) columns are those of
``DATA.md``; the reference is named in each table's ``source``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

from ..errors import UnknownNameError
from .i18n import LANGS

#: Kinds a :class:`Field` may have; each maps to a pandas dtype.
DTYPES = {
    "str": "object",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
    "enum": "object",
}


@dataclass(frozen=True)
class Field:
    """One column of a table.

    Parameters
    ----------
    name : column name, as in DATA.md.
    kind : ``str`` | ``int`` | ``float`` | ``bool`` | ``date`` | ``enum``.
    required : the column must be present and every value filled (``*`` in DATA.md).
    choices : the allowed values of an ``enum``.
    aliases : other spellings accepted for an ``enum`` value (e.g. ``达成`` → ``achieved``).
    min, max : inclusive range of a number.
    ref : ``(table, column)`` this column refers to.
    default : value used when an optional column is absent.
    """

    name: str
    kind: str = "str"
    required: bool = False
    choices: tuple = ()
    aliases: dict = field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    ref: tuple[str, str] | None = None
    default: Any = None
    doc: str = ""

    @property
    def dtype(self) -> str:
        return DTYPES[self.kind]

    def rule(self) -> str:
        """The rule this column obeys, in words, for error messages."""
        parts = [self.kind if self.kind != "enum" else "one of " + " | ".join(map(str, self.choices))]
        if self.min is not None and self.max is not None:
            parts.append(f"from {self.min:g} to {self.max:g}")
        elif self.min is not None:
            parts.append(f"≥ {self.min:g}")
        elif self.max is not None:
            parts.append(f"≤ {self.max:g}")
        if self.required:
            parts.append("required")
        return ", ".join(parts)


@dataclass(frozen=True)
class RowCheck:
    """A rule about several columns of one row; ``fn(frame) -> bool Series`` (True = fine)."""

    name: str
    rule: str
    columns: tuple[str, ...]
    fn: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class DatasetCheck:
    """A rule between a table and another one (e.g. absences ≤ the course's sessions).

    ``fn(frame, read, source) -> list[Problem]`` checks the rows of ``frame``;
    ``read(table, column, values)`` gives the rows of another table whose
    ``column`` is in ``values`` (from the same import, else from the
    database), or None when they are not known.  Problems carry ``code``;
    ``message`` is its English message id in the ``catalog`` of the domain,
    so that a form says it in the user's language.
    """

    name: str
    fn: Callable[..., list]
    code: str = ""
    message: str = ""
    catalog: str = "core"


@dataclass(frozen=True)
class TableSpec:
    """A table of the contract: its fields, key, links to schools and rules across columns.

    ``school_link`` says how to find a row's school: ``("school_id",)`` when
    the table has the column, or ``(table, column)`` of the table to join
    (e.g. ``("students", "student_id")`` for marks); ``()`` when rows belong
    to no school (periods, courses).
    """

    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    source: str
    school_link: tuple[str, ...] = ()
    row_checks: tuple[RowCheck, ...] = ()
    dataset_checks: tuple[DatasetCheck, ...] = ()
    doc: str = ""

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise UnknownNameError(f"column of {self.name}", name, [f.name for f in self.fields])

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def references(self) -> list[tuple[str, str, str]]:
        """``(column, table, table_column)`` for every column that refers to another table."""
        return [(f.name, *f.ref) for f in self.fields if f.ref]


_TABLES: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    """Add a table to the registry (a later registration of the same name replaces it)."""
    _TABLES[spec.name] = spec
    return spec


def problem_message(code: str) -> tuple[str, str] | None:
    """``(catalog, message id)`` of a cross-table problem ``code``, if a table declares one."""
    for spec in _TABLES.values():
        for check in spec.dataset_checks:
            if check.code == code and check.message:
                return check.catalog, check.message
    return None


def unregister(name: str) -> None:
    """Remove a table from the registry (a test's own domain, when the test ends)."""
    _TABLES.pop(name, None)


def _load_domains() -> None:
    # the domains' tables register when the domain registry loads them
    from . import domain

    domain.load_entry_points()


def get(name: str) -> TableSpec:
    """The spec of table ``name``; :class:`UnknownNameError` naming the known tables if none."""
    if name not in _TABLES:
        _load_domains()
    try:
        return _TABLES[name]
    except KeyError:
        raise UnknownNameError("table", name, _TABLES) from None


def names() -> list[str]:
    """Known tables, in an order where every table comes after the tables it refers to."""
    _load_domains()
    order: list[str] = []

    def visit(n: str, seen: tuple = ()):
        if n in order or n in seen:
            return
        for _, t, _ in _TABLES[n].references:
            if t in _TABLES and t != n:
                visit(t, seen + (n,))
        order.append(n)

    for n in sorted(_TABLES):   # the same order whatever was imported first
        visit(n)
    return order


# --- the contract -----------------------------------------------------------

_DATA = "evalnb data contract"
BOOL_TRUE = ("true", "1", "yes", "y", "t", "да", "是", "x")
BOOL_FALSE = ("false", "0", "no", "n", "f", "нет", "否", "")

register(TableSpec(
    "schools",
    (
        Field("school_id", required=True),
        Field("name", required=True),
        Field("municipality", required=True, doc="district / county / 地(市)"),
        Field("kind", "enum", required=True,
              choices=("general", "vocational", "primary", "kindergarten", "other")),
        Field("language", "enum", choices=LANGS, default="en"),
        Field("cluster"),
        Field("province", doc="optional (evalnb): groups vocational schools for the province "
              "comparison; without it the dataset is one province"),
        Field("closing_planned", "bool", default=False,
              doc="vocational: listed for closure, suspension, merger or transfer in 3–5 years"),
        Field("remote_area", "bool", default=False),
        Field("last_major_incident", "date"),
    ),
    key=("school_id",), source=f"{_DATA}, Common: schools", school_link=("school_id",),
))


def _documented_order() -> list[str]:
    """The common tables, then each domain's in its own order (the registry's), then any other."""
    from . import domain as domains

    ordered = [n for n in names() if not any(n in [t.name for t in d.tables]
                                             for d in domains.all_domains())]
    common = sorted(ordered)
    by_domain = [t.name for d in domains.all_domains() for t in d.tables]
    return common + [n for n in by_domain if n not in common]


def markdown() -> str:
    """The data contract as Markdown, generated from the specs (``docs/data.md``)."""
    lines = [
        "# The tables evalnb reads",
        "",
        "Generated from `evalnb.core.schemas` (`evalnb tables > docs/data.md`); the",
        "contract is DATA.md's. One file per table: `TABLE.csv` (UTF-8) or a sheet named",
        "`TABLE` in an `.xlsx` workbook. A column whose rule says 'required' must be present and filled; other",
        "columns may be left out. Dates are `YYYY-MM-DD`; identifiers are text; booleans",
        "are `true`/`false` (also `1`/`0`, `yes`/`no`, `да`/`нет`, `是`/`否`).",
        "",
    ]
    for name in _documented_order():
        spec = get(name)
        lines += [f"## {name}", "", f"Key: {', '.join(spec.key)}. Source: {spec.source}.", "",
                  "| column | type | rule | refers to | notes |", "|---|---|---|---|---|"]
        for f in spec.fields:
            rule_text = f.rule().replace("|", "\\|")
            ref = f"{f.ref[0]}.{f.ref[1]}" if f.ref else ""
            alias = (" Also accepted: " + ", ".join(f"{k} → {v}" for k, v in f.aliases.items()) + ".") \
                if f.aliases else ""
            default = f" Default: {f.default}." if f.default is not None else ""
            lines.append(f"| {f.name} | {f.kind} | {rule_text} | {ref} | {f.doc}{default}{alias} |")
        for rc in spec.row_checks:
            lines.append(f"\nRow rule: {rc.rule}.")
        lines.append("")
    return "\n".join(lines)
