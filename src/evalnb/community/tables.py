"""The tables of after-school growth communities, teacher growth and school alliances.

Each table is a :class:`~evalnb.core.schemas.TableSpec`, registered with the
schema machinery on import, so that ``evalnb validate`` and the store know it.
"""

from __future__ import annotations

import pandas as pd

from ..core import schemas
from ..core.schemas import Field, RowCheck, TableSpec
from .rules import ACTIVITY_KINDS, EVENT_KINDS, GROWTH_KINDS

_SRC = "after-school growth communities and school alliances (校外成长共同体, 教育联盟)"
YEAR_PATTERN = r"^\d{4}-\d{4}$"
PERIOD_PATTERN = r"^\d{4}-H[12]$"
GENDER_ALIASES = {"男": "m", "女": "f", "M": "m", "F": "f"}
KIND_ALIASES = {"智育发展型": "intellectual", "德育培养型": "moral", "综合实践型": "practice"}
ROLE_ALIASES = {"组长": "leader", "组员": "member"}
ALLIANCE_ROLE_ALIASES = {"核心校": "core", "成员校": "member"}
STAFF_ROLE_ALIASES = {"干部": "cadre", "教师": "teacher"}


def _both_or_neither(df: pd.DataFrame) -> pd.Series:
    return df["x"].isna() == df["y"].isna()


def school_year_ok(s: pd.Series) -> pd.Series:
    """True where ``s`` is a school year ``YYYY-YYYY`` whose second year is the first plus one."""
    text = s.astype("string")
    shape = text.str.fullmatch(YEAR_PATTERN).fillna(False).astype(bool)
    first = pd.to_numeric(text.str.slice(0, 4), errors="coerce")
    second = pd.to_numeric(text.str.slice(5, 9), errors="coerce")
    return (shape & (second == first + 1)).where(s.notna(), True).astype(bool)


_XY = RowCheck("x_and_y", "give both coordinates x and y, or neither", ("x", "y"), _both_or_neither)
_YEAR = RowCheck("school_year", "year must be a school year such as 2019-2020 (the second year is "
                 "the first plus one)", ("year",), lambda df: school_year_ok(df["year"]))

STUDENTS = schemas.register(TableSpec(
    "community_students",
    (
        Field("student_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("grade", "int", required=True, min=1, max=12),
        Field("class_label"),
        Field("name", required=True),
        Field("gender", "enum", required=True, choices=("m", "f"), aliases=GENDER_ALIASES),
        Field("village", required=True, doc="village or community (村, 社区)"),
        Field("address"),
        Field("x", "float", doc="metres on any local grid; both or neither"),
        Field("y", "float"),
        Field("guardian", doc="监护人; students with one guardian are one household"),
        Field("family_status", doc="家庭状况"),
        Field("ability", "int", min=1, max=5),
        Field("host_available", "bool", default=False, doc="a parent is at home to host the group"),
        Field("leader_candidate", "bool", default=False),
        Field("volunteer", "bool", default=True),
        Field("friends", doc="student ids separated by ;"),
        Field("avoid", doc="student ids separated by ;"),
    ),
    key=("student_id",), source=f"{_SRC}: the roster survey (调查摸底)", school_link=("school_id",),
    row_checks=(_XY,),
))

TEACHERS = schemas.register(TableSpec(
    "community_teachers",
    (
        Field("teacher_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("name", required=True),
        Field("village"),
        Field("x", "float"),
        Field("y", "float"),
    ),
    key=("teacher_id",), source=f"{_SRC}: guiding teachers", school_link=("school_id",),
    row_checks=(_XY,),
))

GROUPS = schemas.register(TableSpec(
    "community_groups",
    (
        Field("group_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("village", required=True),
        Field("student_leader", required=True),
        Field("parent_leader"),
        Field("host", doc="the host household's guardian, or 'rotating'"),
    ),
    key=("group_id",), source=f"{_SRC}: groups", school_link=("school_id",),
))

MEMBERS = schemas.register(TableSpec(
    "community_members",
    (
        Field("group_id", required=True, ref=("community_groups", "group_id")),
        Field("student_id", required=True, ref=("community_students", "student_id")),
        Field("role", "enum", choices=("leader", "member"), aliases=ROLE_ALIASES, default="member"),
    ),
    key=("student_id",), source=f"{_SRC}: group members (a student is in at most one group)",
    school_link=("community_students", "student_id"),
))

GROUP_TEACHERS = schemas.register(TableSpec(
    "community_group_teachers",
    (
        Field("group_id", required=True, ref=("community_groups", "group_id")),
        Field("teacher_id", required=True, ref=("community_teachers", "teacher_id")),
    ),
    key=("group_id", "teacher_id"), source=f"{_SRC}: guiding teachers of the groups",
    school_link=("community_groups", "group_id"),
))

ACTIVITIES = schemas.register(TableSpec(
    "community_activities",
    (
        Field("activity_id", required=True),
        Field("group_id", required=True, ref=("community_groups", "group_id")),
        Field("date", "date", required=True),
        Field("kind", "enum", required=True, choices=ACTIVITY_KINDS, aliases=KIND_ALIASES),
        Field("subtype"),
        Field("title", required=True),
        Field("hours", "float", min=0),
        Field("place"),
        Field("present", doc="student ids separated by ;"),
        Field("duty_parents", doc="guardians on duty, separated by ;"),
        Field("recorded_by"),
        Field("notes"),
    ),
    key=("activity_id",), source=f"{_SRC}: activity records", school_link=("community_groups", "group_id"),
    row_checks=(RowCheck("hours_positive", "hours must be greater than 0", ("hours",),
                         lambda df: ~(df["hours"] <= 0).fillna(False)),),
))

GROWTH_MEMBERS = schemas.register(TableSpec(
    "growth_members",
    (
        Field("teacher_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("name", required=True),
        Field("years_of_service", "int", min=0, max=60),
        Field("mentor_id", doc="师徒结对: the mentor's teacher_id"),
    ),
    key=("teacher_id",), source=f"{_SRC}: teachers' growth community members", school_link=("school_id",),
))

GROWTH_LOG = schemas.register(TableSpec(
    "growth_log",
    (
        Field("teacher_id", required=True, ref=("growth_members", "teacher_id")),
        Field("date", "date", required=True),
        Field("kind", "enum", required=True, choices=GROWTH_KINDS),
        Field("title"),
        Field("evidence"),
    ),
    key=("teacher_id", "date", "kind"), source=f"{_SRC}: teachers' growth log (one entry of a kind a day)",
    school_link=("growth_members", "teacher_id"),
))

ALLIANCE_MEMBERS = schemas.register(TableSpec(
    "alliance_members",
    (
        Field("alliance_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("role", "enum", required=True, choices=("core", "member"), aliases=ALLIANCE_ROLE_ALIASES),
    ),
    key=("alliance_id", "school_id"), source=f"{_SRC}: alliance members", school_link=("school_id",),
))

STAFF_COUNTS = schemas.register(TableSpec(
    "staff_counts",
    (
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("year", required=True, doc="school year YYYY-YYYY"),
        Field("cadres", "int", required=True, min=0),
        Field("teachers", "int", required=True, min=0),
    ),
    key=("school_id", "year"), source=f"{_SRC}: cadres and teachers of a school", school_link=("school_id",),
    row_checks=(_YEAR,),
))

EXCHANGES = schemas.register(TableSpec(
    "exchanges",
    (
        Field("person_id", required=True),
        Field("name"),
        Field("role", "enum", required=True, choices=("cadre", "teacher"), aliases=STAFF_ROLE_ALIASES),
        Field("from_school", required=True, ref=("schools", "school_id")),
        Field("to_school", required=True, ref=("schools", "school_id")),
        Field("year", required=True, doc="school year YYYY-YYYY of the exchange"),
        Field("terms", "int", required=True, min=1, max=2),
        Field("backbone", "bool", default=False, doc="骨干教师 or 优秀班主任"),
        Field("start", "date"),
        Field("end", "date"),
    ),
    key=("person_id", "year", "from_school", "to_school"), source=f"{_SRC}: staff exchanges",
    row_checks=(_YEAR,
                RowCheck("different_schools", "to_school must differ from from_school",
                         ("from_school", "to_school"), lambda df: df["from_school"] != df["to_school"]),
                RowCheck("start_before_end", "start must be on or before end", ("start", "end"),
                         lambda df: ~(df["start"] > df["end"]).fillna(False))),
))

ALLIANCE_EVENTS = schemas.register(TableSpec(
    "alliance_events",
    (
        Field("alliance_id", required=True),
        Field("date", "date", required=True),
        Field("kind", "enum", required=True, choices=EVENT_KINDS),
        Field("school_id", ref=("schools", "school_id"), doc="the host, or the visited school"),
        Field("title", required=True),
    ),
    key=("alliance_id", "date", "kind", "title"), source=f"{_SRC}: alliance events",
))

ALLIANCE_REPORTS = schemas.register(TableSpec(
    "alliance_reports",
    (
        Field("alliance_id", required=True),
        Field("school_id", ref=("schools", "school_id")),
        Field("period", required=True, doc="YYYY-H1 or YYYY-H2"),
        Field("submitted", "date"),
    ),
    key=("alliance_id", "school_id", "period"), source=f"{_SRC}: self-inspection reports",
    row_checks=(RowCheck("period", "period must be YYYY-H1 or YYYY-H2", ("period",),
                         lambda df: df["period"].astype("string").str.fullmatch(PERIOD_PATTERN)
                         .fillna(False).astype(bool)),),
))

TABLES = (STUDENTS, TEACHERS, GROUPS, MEMBERS, GROUP_TEACHERS, ACTIVITIES, GROWTH_MEMBERS,
          GROWTH_LOG, ALLIANCE_MEMBERS, STAFF_COUNTS, EXCHANGES, ALLIANCE_EVENTS, ALLIANCE_REPORTS)
