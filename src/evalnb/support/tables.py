"""The tables of the "500+" roadmap tracker.

Column names, kinds and keys follow the data contract of ``evalnb.support``;
each table names the part of the Kaluga order (02.02.2022 № 180) it serves.
Tables register with core's schema machinery at import.
"""

from __future__ import annotations

from ..core import schemas
from ..core.schemas import Field, RowCheck, TableSpec
from .rules import ROLES

_SRC = "«500+» roadmap tracker"
PROGRESS_STATUSES = ("not_started", "in_progress", "done", "cancelled")
LEVELS = ("high", "medium", "low")
LEVEL_ALIASES = {"высокий": "high", "средний": "medium", "низкий": "low",
                 "Высокий": "high", "Средний": "medium", "Низкий": "low"}
DOCS = ("concept", "midterm_programme", "antirisk_programme")
MEASURE_STATUSES = ("planned", "in_progress", "done")
#: Status words as people type them in a spreadsheet or a form.
STATUS_ALIASES = {"запланировано": "planned", "в работе": "in_progress", "выполнено": "done",
                  "не начато": "not_started", "отменено": "cancelled",
                  "已计划": "planned", "进行中": "in_progress", "已完成": "done", "未开始": "not_started",
                  "已取消": "cancelled"}


def _le(a: str, b: str):
    return lambda df: ~(df[a] > df[b]).fillna(False)


ROADMAP = schemas.register(TableSpec(
    "roadmap",
    (
        Field("task_no", "int", required=True, min=1, doc="21, «21.» and «<p>21.</p>» read as 21"),
        Field("task", required=True, doc="«Задачи»"),
        Field("period_text", required=True, doc="«Сроки реализации», verbatim"),
        Field("executors", required=True, doc="«Исполнители»"),
        Field("indicator", required=True, doc="«Показатель реализации»"),
        Field("info", doc="«Информационное сопровождение проекта»"),
        Field("year", "int", min=1990, max=2100, doc="year of month names written without one"),
    ),
    key=("task_no",), source=f"{_SRC}: roadmap (Kaluga order № 180, appendix table)",
))

ROADMAP_PROGRESS = schemas.register(TableSpec(
    "roadmap_progress",
    (
        Field("task_no", "int", required=True, min=1, ref=("roadmap", "task_no")),
        Field("date", "date", required=True),
        Field("status", "enum", required=True, choices=PROGRESS_STATUSES,
              aliases={k: v for k, v in STATUS_ALIASES.items() if v in PROGRESS_STATUSES}),
        Field("indicator_no", "int", min=1, default=1),
        Field("numerator", "float", min=0),
        Field("denominator", "float", min=0),
        Field("value", "float", min=0, doc="a count"),
        Field("note"),
        Field("evidence", doc="link or file name"),
    ),
    key=("task_no", "indicator_no", "date"), source=f"{_SRC}: roadmap_progress",
    row_checks=(
        RowCheck("denominator_positive", "denominator must be greater than 0", ("denominator",),
                 lambda df: ~(df["denominator"] <= 0).fillna(False)),
        RowCheck("numerator_le_denominator", "numerator must not exceed denominator",
                 ("numerator", "denominator"), _le("numerator", "denominator")),
    ),
))

PROJECT_SCHOOLS = schemas.register(TableSpec(
    "project_schools",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", "int", required=True, min=1990, max=2100, doc="calendar year of the project"),
        Field("curator"),
        Field("municipal_coordinator"),
        Field("teachers", "int", required=True, min=0, doc="the denominator of teacher shares"),
        Field("included", "date"),
    ),
    key=("school_id", "year"), source=f"{_SRC}: project_schools (task 3)", school_link=("school_id",),
))

PARTICIPATION = schemas.register(TableSpec(
    "participation",
    (
        Field("task_no", "int", required=True, min=1),
        Field("indicator_no", "int", min=1, default=1),
        Field("event_id", default="", doc="for tasks with several events"),
        Field("date", "date"),
        Field("school_id", default=""),
        Field("person_id", default=""),
        Field("role", "enum", required=True, choices=ROLES),
        Field("as_speaker", "bool", default=False, doc="tasks 16, 47: «в качестве зрителя и выступающего»"),
    ),
    key=("task_no", "indicator_no", "event_id", "role", "school_id", "person_id"),
    source=f"{_SRC}: participation (one row per unit that took part)", school_link=("school_id",),
))

POPULATION = schemas.register(TableSpec(
    "population",
    (
        Field("role", "enum", required=True, choices=ROLES),
        Field("school_id", default=""),
        Field("count", "int", required=True, min=0),
    ),
    key=("role", "school_id"), source=f"{_SRC}: population (denominators of persons)",
))

RISK_FACTORS = schemas.register(TableSpec(
    "risk_factors",
    (
        Field("factor", required=True),
        Field("name_ru", required=True),
        Field("name_en"),
        Field("name_zh"),
    ),
    key=("factor",), source=f"{_SRC}: risk_factors (the catalogue of FIOKO's school risk profile)",
))

RISK_PROFILE = schemas.register(TableSpec(
    "risk_profile",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", "int", required=True, min=1990, max=2100),
        Field("factor", required=True, doc="in risk_factors when that table is loaded"),
        Field("level", "enum", required=True, choices=LEVELS, aliases=LEVEL_ALIASES),
        Field("activated", "bool", default=False, doc="task 19: activated in ИС МЭДК"),
        Field("direction_kind", "enum", choices=("risk", "basic"), default="risk", doc="task 40"),
    ),
    key=("school_id", "year", "factor"), source=f"{_SRC}: risk_profile (РПШ, tasks 17, 19)",
    school_link=("school_id",),
))

SCHOOL_DOCUMENTS = schemas.register(TableSpec(
    "school_documents",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", "int", required=True, min=1990, max=2100),
        Field("doc", "enum", required=True, choices=DOCS),
        Field("placed", "date", doc="placed in ИС МЭДК"),
        Field("confirmed_by_curator", "bool", default=False),
        Field("expertise_received", "date", doc="task 36: FIOKO's expertise"),
    ),
    key=("school_id", "year", "doc"), source=f"{_SRC}: school_documents (tasks 18, 32, 36)",
    school_link=("school_id",),
))

ANTIRISK_MEASURES = schemas.register(TableSpec(
    "antirisk_measures",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", "int", required=True, min=1990, max=2100),
        Field("factor", required=True),
        Field("measure_id", required=True),
        Field("measure", required=True),
        Field("stage", "int", min=1, max=2, doc="task 37: stage of work with risk directions"),
        Field("indicator"),
        Field("target", "float"),
        Field("actual", "float"),
        Field("deadline", "date"),
        Field("responsible"),
        Field("status", "enum", choices=MEASURE_STATUSES, default="planned",
              aliases={k: v for k, v in STATUS_ALIASES.items() if v in MEASURE_STATUSES}),
        Field("evidence", doc="подтверждающие документы"),
        Field("confirmed_by_curator", "bool", default=False),
    ),
    key=("school_id", "year", "measure_id"), source=f"{_SRC}: antirisk_measures (tasks 18, 37)",
    school_link=("school_id",),
))

TABLES = (ROADMAP, ROADMAP_PROGRESS, PROJECT_SCHOOLS, PARTICIPATION, POPULATION, RISK_FACTORS,
          RISK_PROFILE, SCHOOL_DOCUMENTS, ANTIRISK_MEASURES)

__all__ = ["ANTIRISK_MEASURES", "DOCS", "LEVELS", "MEASURE_STATUSES", "PARTICIPATION", "POPULATION",
           "PROGRESS_STATUSES", "PROJECT_SCHOOLS", "RISK_FACTORS", "RISK_PROFILE", "ROADMAP",
           "ROADMAP_PROGRESS", "SCHOOL_DOCUMENTS", "TABLES"]
