"""The tables of evalnb.training, registered with core's schema machinery.

Column names, types, ranges and required columns follow the data contract
(``docs/data.md``); each table names where its columns come from.
"""

from __future__ import annotations

import pandas as pd

from ..core.schemas import DatasetCheck, Field, RowCheck, TableSpec, register
from ..errors import Problem

_DATA = "evalnb data contract"

#: subjects a teacher may teach (``teachers.subject``)
SUBJECTS = ("chinese", "mathematics", "english", "physics", "chemistry", "biology", "history",
            "geography", "morality_and_law", "science", "physical_education", "music", "fine_arts",
            "information_technology", "other")
SUBJECT_ALIASES = {"语文": "chinese", "語文": "chinese", "数学": "mathematics", "數學": "mathematics",
                   "英语": "english", "英語": "english", "物理": "physics", "化学": "chemistry",
                   "化學": "chemistry", "生物": "biology", "历史": "history", "歷史": "history",
                   "地理": "geography", "道德与法治": "morality_and_law", "政治": "morality_and_law",
                   "科学": "science", "体育": "physical_education", "音乐": "music", "美术": "fine_arts",
                   "信息技术": "information_technology", "maths": "mathematics", "math": "mathematics"}
EXAM_ALIASES = {"合格": "passed", "通过": "passed", "pass": "passed", "不合格": "failed",
                "未通过": "failed", "fail": "failed"}
_tables: list[TableSpec] = []

_tables.append(register(TableSpec(
    "teachers",
    (
        Field("teacher_id", required=True),
        Field("school_id", required=True, ref=("schools", "school_id")),
        Field("name", required=True),
        Field("kind", "enum", required=True, choices=("primary", "secondary", "kindergarten", "other")),
        Field("birth_year", "int", min=1930, max=2015),
        Field("subject", "enum", choices=SUBJECTS, aliases=SUBJECT_ALIASES,
              doc="optional (evalnb): the main subject taught; the examination roster needs it"),
        Field("exam_result", "enum", choices=("passed", "failed"), aliases=EXAM_ALIASES,
              doc="optional (evalnb): the teacher's last result in the county's examination of "
              "teachers (key work (A), item 9); empty: never sat"),
    ),
    key=("teacher_id",), source=f"{_DATA}, evalnb.training: teachers", school_link=("school_id",),
)))

_tables.append(register(TableSpec(
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
)))

def check_absences(enrollments: pd.DataFrame, courses: pd.DataFrame | None,
                   source: str | None = None) -> list[Problem]:
    """``absences`` runs from 0 to the course's ``sessions`` (a trainee cannot miss more
    sessions than the course has)."""
    if courses is None:
        return []
    sessions = enrollments["course_id"].map(courses.set_index("course_id")["sessions"])
    bad = (enrollments["absences"] > sessions).fillna(False).to_numpy(dtype=bool)
    offset = enrollments.attrs.get("evalnb_row_offset", 2)
    out = []
    for i in bad.nonzero()[0][:20]:
        out.append(Problem(source or "enrollments", int(i) + offset, "absences",
                           int(enrollments["absences"].iloc[i]),
                           f"absences exceed the course's {int(sessions.iloc[i])} sessions",
                           "absences run from 0 to the course's sessions", code="absences",
                           params={"sessions": int(sessions.iloc[i])}))
    return out


def _absences_check(frame, read, source):
    return check_absences(frame, read("courses", "course_id", list(frame["course_id"])), source)


_tables.append(register(TableSpec(
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
    dataset_checks=(DatasetCheck("absences_le_sessions", _absences_check, code="absences",
                                 message="More absences than the course's {sessions} sessions",
                                 catalog="training"),),
)))

#: the domain's tables, in the order they refer to each other
TABLES: tuple[TableSpec, ...] = tuple(_tables)
