"""The tables of evalnb.assessment, registered with core's schema machinery.

Column names, types, ranges and required columns follow the data contract
(``docs/data.md``); each table names where its columns come from.
"""

from __future__ import annotations

from ..core.schemas import Field, RowCheck, TableSpec, register

_DATA = "evalnb data contract"
_tables: list[TableSpec] = []

_tables.append(register(TableSpec(
    "students",
    (
        Field("student_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("grade", "int", required=True, min=1, max=11),
        Field("class_label"),
        Field("gender", "enum", choices=("m", "f")),
        Field("last_name", doc="optional: shown in the forms' class lists, never in handouts "
              "unless a report is asked to"),
        Field("first_name", doc="optional"),
        Field("middle_name", doc="optional: patronymic (отчество)"),
        Field("name", doc="optional: the whole name in one column, where a region keeps it so"),
    ),
    key=("student_id",), source=f"{_DATA}, evalnb.assessment: students", school_link=("school_id",),
)))

_tables.append(register(TableSpec(
    "periods",
    (
        Field("period", required=True),
        Field("start", "date", required=True),
        Field("end", "date", required=True),
    ),
    key=("period",), source=f"{_DATA}, evalnb.assessment: periods",
    row_checks=(RowCheck("start_before_end", "start must be on or before end", ("start", "end"),
                         lambda df: ~(df["start"] > df["end"]).fillna(False)),),
)))

_tables.append(register(TableSpec(
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
)))

_tables.append(register(TableSpec(
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
)))

#: the domain's tables, in the order they refer to each other
TABLES: tuple[TableSpec, ...] = tuple(_tables)
