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

    for n in _TABLES:
        visit(n)
    return order


# --- the contract -----------------------------------------------------------

_DATA = "DATA.md"
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
        Field("language", "enum", choices=("en", "ru", "zh"), default="en"),
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

# assessment ------------------------------------------------------------------
register(TableSpec(
    "students",
    (
        Field("student_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("grade", "int", required=True, min=1, max=11),
        Field("class_label"),
        Field("gender", "enum", choices=("m", "f")),
    ),
    key=("student_id",), source=f"{_DATA}, evalnb.assessment: students", school_link=("school_id",),
))

register(TableSpec(
    "periods",
    (
        Field("period", required=True),
        Field("start", "date", required=True),
        Field("end", "date", required=True),
    ),
    key=("period",), source=f"{_DATA}, evalnb.assessment: periods",
    row_checks=(RowCheck("start_before_end", "start must be on or before end", ("start", "end"),
                         lambda df: ~(df["start"] > df["end"]).fillna(False)),),
))

register(TableSpec(
    "marks",
    (
        Field("student_id", required=True, ref=("students", "student_id")),
        Field("subject", required=True),
        Field("period", required=True, ref=("periods", "period")),
        Field("mark", "int", min=1, max=5),
        Field("status", "enum", choices=("na", "exempt"),
              doc="empty, na (not attested) or exempt"),
    ),
    key=("student_id", "subject", "period"), source=f"{_DATA}, evalnb.assessment: marks",
    school_link=("students", "student_id"),
    row_checks=(RowCheck("mark_or_status", "a row needs a mark or a status", ("mark", "status"),
                         lambda df: df["mark"].notna() | df["status"].notna()),),
))

register(TableSpec(
    "external",
    (
        Field("student_id", required=True, ref=("students", "student_id")),
        Field("subject", required=True),
        Field("procedure", required=True, doc="ВПР, regional diagnostic work, final essay …"),
        Field("date", "date", required=True),
        Field("mark", "int", min=2, max=5),
        Field("passed", "bool", doc="for pass/fail procedures"),
        Field("score", "float", min=0),
        Field("max_score", "float", min=0),
    ),
    key=("student_id", "subject", "procedure", "date"),
    source=f"{_DATA}, evalnb.assessment: external", school_link=("students", "student_id"),
    row_checks=(RowCheck("score_le_max", "score must not exceed max_score", ("score", "max_score"),
                         lambda df: ~(df["score"] > df["max_score"]).fillna(False)),),
))

# diagnosis -------------------------------------------------------------------
STATUS_INDICATORS = (
    "enrollment_fulltime", "teachers_fulltime", "teachers_professional", "teachers_dual",
    "teachers_senior", "teachers_part_time", "building_area_m2", "land_area_m2",
    "equipment_value_yuan", "books_print", "graduates", "graduates_dual_cert",
    "graduates_employed", "graduates_further_study", "graduates_matching", "enrolled_start",
    "dropouts", "late_person_times", "absence_person_times", "student_weeks", "diagnosis_system",
)
ATTAINMENT = ("achieved", "partly", "not_achieved")
ATTAINMENT_ALIASES = {"达成": "achieved", "達成": "achieved", "基本达成": "partly",
                      "基本達成": "partly", "未达成": "not_achieved", "未達成": "not_achieved"}
ELEMENT_PATTERN = r"^[1-6]\.[1-9]$"

register(TableSpec(
    "vocational_status",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", "int", required=True, min=1990, max=2100),
        Field("indicator", "enum", required=True, choices=STATUS_INDICATORS),
        Field("value", "float", required=True, min=0),
    ),
    key=("school_id", "year", "indicator"), source=f"{_DATA}, evalnb.diagnosis: vocational_status",
    school_link=("school_id",),
))

_element_ok = RowCheck("element_code", "element must be a code such as 1.1 … 6.3", ("element",),
                       lambda df: df["element"].astype("string").str.fullmatch(ELEMENT_PATTERN).fillna(False).astype(bool))

register(TableSpec(
    "self_diagnosis",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("cycle", required=True),
        Field("element", required=True),
        Field("attainment", "enum", required=True, choices=ATTAINMENT, aliases=ATTAINMENT_ALIASES),
        Field("diagnosis_text"),
        Field("measures_text"),
        Field("effect_text"),
    ),
    key=("school_id", "cycle", "element"), source=f"{_DATA}, evalnb.diagnosis: self_diagnosis",
    school_link=("school_id",), row_checks=(_element_ok,),
))

register(TableSpec(
    "review",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("cycle", required=True),
        Field("element", required=True),
        Field("attainment", "enum", required=True, choices=ATTAINMENT, aliases=ATTAINMENT_ALIASES),
    ),
    key=("school_id", "cycle", "element"), source=f"{_DATA}, evalnb.diagnosis: review",
    school_link=("school_id",), row_checks=(_element_ok,),
))

register(TableSpec(
    "review_summary",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("cycle", required=True),
        Field("measures_targeted", "bool", required=True),
        Field("improvement_effective", "bool", required=True),
    ),
    key=("school_id", "cycle"), source=f"{_DATA}, evalnb.diagnosis: review_summary",
    school_link=("school_id",),
))

register(TableSpec(
    "self_report_overview",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("cycle", required=True),
        Field("overview", doc="自我诊改工作概述 (附2, 一; ≤ 500 characters)"),
        Field("conclusion_text", doc="综合诊断结论 (附2)"),
        Field("suggestions_text", doc="改进工作建议 (附2)"),
    ),
    key=("school_id", "cycle"),
    source=f"{_DATA}, evalnb.diagnosis: check_self_report(overview=…); guidance attachment 2 (附2)",
    school_link=("school_id",),
))

register(TableSpec(
    "incidents",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("date", "date", required=True, doc="a major teaching incident was handled"),
    ),
    key=("school_id", "date"), source=f"{_DATA}, evalnb.diagnosis: sampling_plan(incidents=…)",
    school_link=("school_id",),
))

register(TableSpec(
    "review_requests",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", "int", required=True, min=1990, max=2100),
    ),
    key=("school_id", "year"), source=f"{_DATA}, evalnb.diagnosis: sampling_plan(requests=…)",
    school_link=("school_id",),
))

# training --------------------------------------------------------------------
register(TableSpec(
    "teachers",
    (
        Field("teacher_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("name", required=True),
        Field("kind", "enum", required=True, choices=("primary", "secondary", "kindergarten", "other")),
        Field("birth_year", "int", min=1930, max=2015),
    ),
    key=("teacher_id",), source=f"{_DATA}, evalnb.training: teachers", school_link=("school_id",),
))

register(TableSpec(
    "courses",
    (
        Field("course_id", required=True),
        Field("title", required=True),
        Field("level", "enum", choices=("county", "municipal", "provincial", "national", "school")),
        Field("mode", "enum", required=True, choices=("face_to_face", "online")),
        Field("sessions", "int", required=True, min=1),
        Field("hours", "float", required=True, min=0),
        Field("credits", "float", min=0),
        Field("start", "date", required=True),
        Field("end", "date", required=True),
    ),
    key=("course_id",), source=f"{_DATA}, evalnb.training: courses",
    row_checks=(RowCheck("start_before_end", "start must be on or before end", ("start", "end"),
                         lambda df: ~(df["start"] > df["end"]).fillna(False)),),
))

register(TableSpec(
    "enrollments",
    (
        Field("course_id", required=True, ref=("courses", "course_id")),
        Field("teacher_id", required=True, ref=("teachers", "teacher_id")),
        Field("absences", "int", required=True, min=0, doc="0 … the course's sessions"),
        Field("late_or_early", "int", required=True, min=0),
        Field("written_score", "float", min=0, max=100, doc="empty if the test was not taken"),
        Field("discipline_score", "float", min=0, max=15),
    ),
    key=("course_id", "teacher_id"), source=f"{_DATA}, evalnb.training: enrollments",
    school_link=("teachers", "teacher_id"),
))


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
    for name in names():
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
