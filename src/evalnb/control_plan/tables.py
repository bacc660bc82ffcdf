"""The tables of the ВШК/ВСОКО plan: ``control_plan`` and ``control_library``.

Column names and meanings are those of the data contract (section
evalnb.control_plan).  The loader accepts plan rows with empty content
fields, so that the constructor can save a draft; :func:`check_plan` reports
them as incomplete.  The direction codes are checked against the rules'
``directions`` by the calculators (a municipality may add directions).
"""

from __future__ import annotations

import re

import pandas as pd

from ..core import schemas
from ..core.schemas import Field, RowCheck, TableSpec

SOURCE = "evalnb.control_plan tables (Armavir order of 02.03.2020 № 204, appendix)"
RESULT_KINDS = ("subject", "metasubject", "personal")
#: The content fields a complete plan item needs (besides month and responsible).
CONTENT = ("object", "goal", "form", "methods", "month", "responsible", "recording")
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def school_year_ok(values: pd.Series) -> pd.Series:
    """True where a value is a school year ``YYYY-YYYY`` whose second year is the first plus one."""
    def ok(v) -> bool:
        if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
            return True   # an empty required cell is reported as required, not twice
        m = _YEAR.match(str(v))
        return bool(m) and int(m.group(2)) == int(m.group(1)) + 1
    return values.map(ok).astype(bool)


def _results_kind(df: pd.DataFrame) -> pd.Series:
    return ~((df["direction"] == "results") & df["result_kind"].isna())


CONTROL_PLAN = schemas.register(TableSpec(
    "control_plan",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", required=True, doc="school year YYYY-YYYY, e.g. 2019-2020"),
        Field("item_id", required=True, doc="unique within the school and year"),
        Field("direction", required=True, doc="results | process | conditions (the rules' directions)"),
        Field("result_kind", "enum", choices=RESULT_KINDS, doc="required when direction is results"),
        Field("object", doc="объект контроля"),
        Field("goal", doc="цель контроля"),
        Field("form", doc="вид / форма: тематический, фронтальный, персональный …"),
        Field("methods", doc="методы, a ; list"),
        Field("month", "int", min=1, max=12),
        Field("responsible"),
        Field("recording", doc="способ фиксации: справка, приказ, педсовет …"),
        Field("priority", doc="the strategic priority of the development programme served"),
        Field("decision", doc="the management decision taken on the result"),
    ),
    key=("school_id", "year", "item_id"), source=SOURCE, school_link=("school_id",),
    row_checks=(
        RowCheck("school_year", "year must be a school year YYYY-YYYY whose second year is the "
                 "first plus one (2019-2020)", ("year",), lambda df: school_year_ok(df["year"])),
        RowCheck("result_kind_for_results", "result_kind (subject | metasubject | personal) is "
                 "required when direction is results", ("direction", "result_kind"), _results_kind),
    ),
))

CONTROL_LIBRARY = schemas.register(TableSpec(
    "control_library",
    (
        Field("library_id", required=True),
        Field("direction", required=True),
        Field("result_kind", "enum", choices=RESULT_KINDS),
        Field("object", required=True),
        Field("goal", required=True),
        Field("form", required=True),
        Field("methods", required=True, doc="a ; list"),
        Field("recording", required=True),
        Field("months", doc="suggested months, a ; list of 1–12"),
    ),
    key=("library_id",), source=SOURCE,
    row_checks=(
        RowCheck("result_kind_for_results", "result_kind is required when direction is results",
                 ("direction", "result_kind"), _results_kind),
        RowCheck("months_list", "months must be a ; list of month numbers 1–12", ("months",),
                 lambda df: df["months"].map(_months_ok).astype(bool)),
    ),
))

TABLES = (CONTROL_PLAN, CONTROL_LIBRARY)


def split_list(value) -> list[str]:
    """Items of a ``;`` list held in one cell (spaces around items ignored, empty items dropped)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [p.strip() for p in str(value).split(";") if p.strip()]


def _months_ok(value) -> bool:
    items = split_list(value)
    return all(p.isdigit() and 1 <= int(p) <= 12 for p in items)
