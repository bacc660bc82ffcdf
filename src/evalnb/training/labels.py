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
