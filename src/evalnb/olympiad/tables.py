"""The tables of the olympiad review: ``olympiad``, ``enrolment`` and ``iom``.

Each table is a :class:`~evalnb.core.schemas.TableSpec`, registered with the
schema machinery at import, so the loader (``evalnb import`` / ``validate``),
the store and the calculators check the same rules: a known school, a stage
and a status of the lists (Russian spellings are accepted), a school year
``YYYY-YYYY`` whose second year follows the first, grades 1–11, and one
school per student in a school year.  A problem is an
:class:`~evalnb.InputError` naming table, row (as in the file), column, value
and rule.

Examples
--------
>>> import pandas as pd
>>> from evalnb.core.validate import validate
>>> rows = pd.DataFrame({"year": ["2019-2020"], "stage": ["муниципальный"], "school_id": ["RU001"],
...     "student_id": ["S1"], "subject": ["Математика"], "grade": ["9"], "status": ["призёр"]})
>>> validate("olympiad", rows)[["stage", "status"]].iloc[0].tolist()
['municipal', 'prize_winner']
"""

from __future__ import annotations

import pandas as pd

from ..core import schemas
from ..core.schemas import Field, RowCheck, TableSpec
from .rules import IOM_STATUSES, STAGES, STATUSES

_SRC = "Armavir order of 02.03.2020 № 204 (olympiad review)"
YEAR_RULE = "a school year YYYY-YYYY whose second year is the first plus one (e.g. 2019-2020)"
YEAR_PATTERN = r"(\d{4})-(\d{4})"


def _cased(mapping: dict[str, str]) -> dict[str, str]:
    out = dict(mapping)
    out.update({k.capitalize(): v for k, v in mapping.items()})
    out.update({k.upper(): v for k, v in mapping.items()})
    return out


STAGE_ALIASES = _cased({"школьный": "school", "муниципальный": "municipal",
                        "региональный": "regional", "заключительный": "final",
                        "School": "school", "Municipal": "municipal", "Regional": "regional",
                        "Final": "final"})
STATUS_ALIASES = _cased({"участник": "participant", "призёр": "prize_winner", "призер": "prize_winner",
                         "победитель": "winner", "prize winner": "prize_winner",
                         "prize-winner": "prize_winner"})
IOM_STATUS_ALIASES = _cased({"запланирован": "planned", "в работе": "in_progress",
                             "реализуется": "in_progress", "выполнен": "done", "реализован": "done",
                             "in progress": "in_progress"})


def school_year_ok(values: pd.Series) -> pd.Series:
    """True where ``values`` is a school year ``YYYY-YYYY`` with second = first + 1 (blank: True)."""
    text = values.astype("string").str.strip()
    parts = text.str.fullmatch(YEAR_PATTERN)
    years = text.str.extract(YEAR_PATTERN)
    first = pd.to_numeric(years[0], errors="coerce")
    second = pd.to_numeric(years[1], errors="coerce")
    ok = parts.fillna(False).astype(bool) & (second == first + 1).fillna(False).astype(bool)
    return ok | values.isna()


def one_school_a_year(frame: pd.DataFrame) -> pd.Series:
    """False on a row whose student already represented another school that school year.

    The first school met (in file order) is taken as the student's; every
    later row naming another school is the one reported.
    """
    keys = frame[["year", "student_id"]].astype("string").fillna("")
    first = frame.groupby([keys["year"], keys["student_id"]], sort=False)["school_id"].transform("first")
    same = (frame["school_id"] == first) | frame["school_id"].isna() | first.isna()
    return same.astype(bool)


_year_check = RowCheck("school_year", YEAR_RULE, ("year",), lambda df: school_year_ok(df["year"]))

OLYMPIAD = schemas.register(TableSpec(
    "olympiad",
    (
        Field("year", required=True, doc="school year, e.g. 2019-2020"),
        Field("stage", "enum", required=True, choices=STAGES, aliases=STAGE_ALIASES,
              doc="школьный / муниципальный / региональный / заключительный are accepted"),
        Field("school_id", required=True, ref=("schools", "school_id"),
              doc="the school the student represented that year"),
        Field("student_id", required=True),
        Field("subject", required=True),
        Field("grade", "int", required=True, min=1, max=11, doc="the enrolled grade"),
        Field("status", "enum", required=True, choices=STATUSES, aliases=STATUS_ALIASES,
              doc="участник / призёр / призер / победитель are accepted"),
        Field("score", "float", min=0),
        Field("max_score", "float", min=0, doc="greater than 0"),
    ),
    key=("year", "stage", "student_id", "subject"),
    source=f"{_SRC}: olympiad results, one row per student, subject and stage of a school year",
    school_link=("school_id",),
    row_checks=(
        _year_check,
        RowCheck("max_score_positive", "max_score must be greater than 0", ("max_score",),
                 lambda df: ~(df["max_score"] <= 0).fillna(False)),
        RowCheck("score_le_max", "score must not exceed max_score", ("score", "max_score"),
                 lambda df: ~(df["score"] > df["max_score"]).fillna(False)),
        RowCheck("one_school_a_year", "a student represents one school in a school year: "
                 "this student already appears for another school that year",
                 ("school_id",), one_school_a_year),
    ),
))

ENROLMENT = schemas.register(TableSpec(
    "enrolment",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", required=True, doc="school year, e.g. 2019-2020"),
        Field("grade", "int", required=True, min=1, max=11),
        Field("students", "int", required=True, min=0),
    ),
    key=("school_id", "year", "grade"),
    source=f"{_SRC}: students enrolled per school, school year and grade (the base of coverage)",
    school_link=("school_id",), row_checks=(_year_check,),
))

IOM = schemas.register(TableSpec(
    "iom",
    (
        Field("student_id", required=True),
        Field("year", required=True, doc="school year, e.g. 2019-2020"),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("subjects", required=True, doc="subjects of the route, separated by ;"),
        Field("mentor", doc="педагог-наставник"),
        Field("psychologist", doc="педагог-психолог"),
        Field("parents_involved", "bool"),
        Field("iup", "bool", doc="an individual curriculum (ИУП, art. 34 of law 273-ФЗ)"),
        Field("status", "enum", required=True, choices=IOM_STATUSES, aliases=IOM_STATUS_ALIASES),
        Field("start", "date"),
        Field("end", "date"),
        Field("notes"),
    ),
    key=("student_id", "year"),
    source=f"{_SRC}, item 1.6: individual educational routes (ИОМ) of winners and prize-winners",
    school_link=("school_id",),
    row_checks=(
        _year_check,
        RowCheck("start_before_end", "start must be on or before end", ("start", "end"),
                 lambda df: ~(df["start"] > df["end"]).fillna(False)),
    ),
))

TABLES = (OLYMPIAD, ENROLMENT, IOM)


def split_list(value) -> list[str]:
    """The items of a ``;`` list held in one cell, spaces around items ignored.

    >>> split_list(" Математика ; Физика;; ")
    ['Математика', 'Физика']
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [p.strip() for p in str(value).split(";") if p.strip()]
