"""The tables of evalnb.diagnosis, registered with core's schema machinery.

Column names, types, ranges and required columns follow the data contract
(``docs/data.md``); each table names where its columns come from.
"""

from __future__ import annotations

from ..core.schemas import Field, RowCheck, TableSpec, register

_DATA = "evalnb data contract"
_tables: list[TableSpec] = []

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

_tables.append(register(TableSpec(
    "vocational_status",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", "int", required=True, min=1990, max=2100),
        Field("indicator", "enum", required=True, choices=STATUS_INDICATORS),
        Field("value", "float", required=True, min=0),
    ),
    key=("school_id", "year", "indicator"), source=f"{_DATA}, evalnb.diagnosis: vocational_status",
    school_link=("school_id",),
)))

_element_ok = RowCheck("element_code", "element must be a code such as 1.1 … 6.3", ("element",),
                       lambda df: df["element"].astype("string").str.fullmatch(ELEMENT_PATTERN).fillna(False).astype(bool))

_tables.append(register(TableSpec(
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
)))

_tables.append(register(TableSpec(
    "review",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("cycle", required=True),
        Field("element", required=True),
        Field("attainment", "enum", required=True, choices=ATTAINMENT, aliases=ATTAINMENT_ALIASES),
    ),
    key=("school_id", "cycle", "element"), source=f"{_DATA}, evalnb.diagnosis: review",
    school_link=("school_id",), row_checks=(_element_ok,),
)))

_tables.append(register(TableSpec(
    "review_summary",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("cycle", required=True),
        Field("measures_targeted", "bool", required=True),
        Field("improvement_effective", "bool", required=True),
        Field("concluded_on", "date", doc="optional (evalnb): the province confirmed the conclusion "
              "(认定, §7(二)2); a 异常 school's rectification deadline runs from it"),
    ),
    key=("school_id", "cycle"), source=f"{_DATA}, evalnb.diagnosis: review_summary",
    school_link=("school_id",),
)))

_tables.append(register(TableSpec(
    "self_report_overview",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("cycle", required=True),
        Field("overview", doc="自我诊改工作概述 (附2, 一; ≤ 500 characters)"),
        Field("conclusion_text", doc="综合诊断结论 (附2)"),
        Field("suggestions_text", doc="改进工作建议 (附2)"),
        Field("principal_signed", "bool", doc="optional (evalnb): the principal signed the report "
              "(校长（签字）, 附2); empty: not signed"),
        Field("signed_on", "date", doc="optional (evalnb): the date of the principal's signature"),
    ),
    key=("school_id", "cycle"),
    source=f"{_DATA}, evalnb.diagnosis: check_self_report(overview=…); guidance attachment 2 (附2)",
    school_link=("school_id",),
)))

_tables.append(register(TableSpec(
    "incidents",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("date", "date", required=True, doc="a major teaching incident was handled"),
    ),
    key=("school_id", "date"), source=f"{_DATA}, evalnb.diagnosis: sampling_plan(incidents=…)",
    school_link=("school_id",),
)))

_tables.append(register(TableSpec(
    "review_requests",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", "int", required=True, min=1990, max=2100),
    ),
    key=("school_id", "year"), source=f"{_DATA}, evalnb.diagnosis: sampling_plan(requests=…)",
    school_link=("school_id",),
)))

#: the domain's tables, in the order they refer to each other
TABLES: tuple[TableSpec, ...] = tuple(_tables)
