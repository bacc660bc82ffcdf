"""Translated labels of the training domain's codes (levels, modes, reasons).

Shared by the forms and the reports; every text comes from the ``training``
catalog (``locale/<lang>/training.po``).
"""

from __future__ import annotations

from typing import Callable


def level_labels(_: Callable) -> dict[str, str]:
    """Course levels (DATA.md ``courses.level``)."""
    return {"county": _("county"), "municipal": _("municipal"), "provincial": _("provincial"),
            "national": _("national"), "school": _("school-based")}


def mode_labels(_: Callable) -> dict[str, str]:
    """Course modes (DATA.md ``courses.mode``)."""
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
