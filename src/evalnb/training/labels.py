"""Translated labels of the training domain's codes (levels, modes, reasons, requirements).

Shared by the forms and the reports.  The convention of every domain: a
function of the translator ``_`` returns ``{code: label}``; every text comes
from the domain's catalog (``locale/<lang>/training.po``).
"""

from __future__ import annotations

from typing import Callable

import pandas as pd


def level_labels(_: Callable) -> dict[str, str]:
    """Course levels (``courses.level``)."""
    return {"county": _("county"), "municipal": _("municipal"), "provincial": _("provincial"),
            "national": _("national"), "school": _("school-based")}


def mode_labels(_: Callable) -> dict[str, str]:
    """Course modes (``courses.mode``)."""
    return {"face_to_face": _("face to face"), "online": _("online")}


def reason_labels(_: Callable) -> dict[str, str]:
    """Why a trainee is unqualified (the codes of ``assess(...)["reasons"]``)."""
    return {"absence": _("too many absences"),
            "lateness": _("late or left early too often"),
            "no_exam": _("no written test"),
            "score": _("total below the pass mark")}


def column_labels(_: Callable) -> dict[str, str]:
    """Columns of the results roster."""
    return {"teacher_id": _("Teacher ID"), "name": _("Name"), "absences": _("Absences"),
            "late_or_early": _("Late arrivals / early departures"),
            "written_score": _("Written score"), "discipline_score": _("Discipline score")}


def requirement_labels(_: Callable) -> dict[str, str]:
    """The requirements of a teacher's standing (codes of ``TeacherRegistry.standing``)."""
    return {"online_courses": _("Online courses completed"),
            "online_credits": _("Online credits"),
            "kindergarten_hours": _("Face-to-face hours (kindergarten teachers)"),
            "annual_hours": _("Hours a year"),
            "annual_credits": _("Credits a year"),
            "cycle_hours": _("Hours in the cycle"),
            "cycle_credits": _("Credits in the cycle")}


def yes_no(_: Callable) -> Callable:
    """``True`` → yes, ``False`` → no, missing → ``—``."""
    def word(v) -> str:
        if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
            return "—"
        return _("yes") if bool(v) else _("no")
    return word


def reasons_text(codes: pd.Series, _: Callable) -> pd.Series:
    """The ``,``-separated reason codes of :func:`~evalnb.training.assess` in words."""
    labels = reason_labels(_)
    return codes.fillna("").map(lambda s: "; ".join(labels.get(c, c) for c in s.split(",") if c))


def roster_labels(_: Callable) -> dict[str, str]:
    """Where a teacher stands for the county's examination of teachers (key work (A), item 9)."""
    return {"on_roster": _("sits the examination this year"), "passed": _("passed before"),
            "over_age": _("40 or older"), "other_subject": _("subject not examined"),
            "unknown_age": _("unknown: no birth year"), "unknown_subject": _("unknown: no subject")}


def exam_labels(_: Callable) -> dict[str, str]:
    """The two examinations of the county plan (key work (A), item 9)."""
    return {"junior_high": _("teacher-student examination (junior high)"),
            "primary": _("comprehensive quality examination (primary)")}


def subject_labels(_: Callable) -> dict[str, str]:
    """Subjects taught (``teachers.subject``)."""
    return {"chinese": _("Chinese"), "mathematics": _("mathematics"), "english": _("English"),
            "physics": _("physics"), "chemistry": _("chemistry"), "biology": _("biology"),
            "history": _("history"), "geography": _("geography"),
            "morality_and_law": _("morality and law"), "science": _("science"),
            "physical_education": _("physical education"), "music": _("music"),
            "fine_arts": _("fine arts"), "information_technology": _("information technology"),
            "other": _("other subject")}


def consequence_labels(_: Callable) -> dict[str, str]:
    """The consequences of the assessment (county plan, §5 item 4)."""
    return {"no_title_promotion": _("no promotion of title this year"),
            "no_first_class_rating": _("no first-class rating this year"),
            "fees_borne": _("bears the course fees"),
            "no_certificate": _("no certificate, hours not recognised")}
