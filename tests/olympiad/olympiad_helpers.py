"""Hand-made frames for the olympiad tests (a module name no other test folder uses)."""

from __future__ import annotations

import pandas as pd

Y = "2019-2020"
OLYMPIAD_COLUMNS = ["year", "stage", "school_id", "student_id", "subject", "grade", "status",
                    "score", "max_score"]


def schools(*ids, municipality="M", kind="general") -> pd.DataFrame:
    """``schools("A", "B")``; an id ``"X:other"`` gives a school of kind ``other``."""
    rows = []
    for i in ids:
        sid, _, k = i.partition(":")
        rows.append({"school_id": sid, "name": f"School {sid}", "municipality": municipality,
                     "kind": k or kind, "language": "ru"})
    return pd.DataFrame(rows)


def row(student, subject="Математика", status="participant", stage="school", school="A",
        grade=9, year=Y, score=None, max_score=None) -> dict:
    return {"year": year, "stage": stage, "school_id": school, "student_id": student,
            "subject": subject, "grade": grade, "status": status, "score": score,
            "max_score": max_score}


def olympiad(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=OLYMPIAD_COLUMNS)


def enrolment(*rows) -> pd.DataFrame:
    """``enrolment(("A", 5, 30), ("A", 3, 25, "2018-2019"))``: school, grade, students[, year]."""
    return pd.DataFrame([{"school_id": r[0], "year": r[3] if len(r) > 3 else Y, "grade": r[1],
                          "students": r[2]} for r in rows])


def iom(*rows) -> pd.DataFrame:
    """``iom(dict(student_id="s1", school_id="A", …))`` with defaults for the other columns."""
    base = {"year": Y, "subjects": "Математика", "mentor": "Иванова И. И.",
            "psychologist": "Петрова П. П.", "parents_involved": True, "iup": False,
            "status": "in_progress", "start": None, "end": None, "notes": None}
    return pd.DataFrame([{**base, **r} for r in rows],
                        columns=["student_id", "year", "school_id", *[c for c in base if c != "year"]])


def by_school(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["level"] == "school"].set_index("school_id")


def muni(frame: pd.DataFrame, municipality="M") -> pd.Series:
    m = frame[(frame["level"] == "municipality") & (frame["municipality"] == municipality)]
    assert len(m) == 1, m
    return m.iloc[0]


from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
