"""Registering or correcting a course of continuing education (served as ``forms:CourseForm``).

A new registration may not reuse the ID of a course already in the database;
when correcting, the ID is fixed and the sessions may not fall below the
absences already recorded.  Saved with ``Store.save_rows("courses", …)``.
"""

from __future__ import annotations

import datetime as _dt
import html

import ipywidgets as w
import pandas as pd

from ..core import forms as f
from ..core.i18n import fmt_number
from ..errors import InputError, Problem
from .labels import level_labels, mode_labels

DOMAIN = "training"
LEVELS = ("county", "municipal", "provincial", "national", "school")
MODES = ("face_to_face", "online")


def _now() -> str:
    return _dt.datetime.now().strftime("%H:%M:%S")


class CourseForm(f.DomainForm):
    """Register a course, or correct one (``course_id`` given).

    A new registration may not reuse the ID of a course already in the
    database (that would overwrite it); when correcting, the ID is fixed and
    the sessions may not fall below the absences already recorded.
    """

    domain = DOMAIN

    def __init__(self, store, course_id: str | None = None, lang: str | None = None,
                 user: str | None = None, rules=None):
        super().__init__(store, lang=lang, user=user, rules=rules)
        _ = self._
        existing = {}
        if course_id is not None:
            found = store.read("courses", where={"course_id": course_id})
            if found.empty:
                raise InputError(f"unknown course {course_id!r}", table="courses", column="course_id",
                                 value=course_id, rule="course_id must be in the courses table")
            existing = found.iloc[0].to_dict()
        self.editing = course_id is not None
        levels = level_labels(_)
        modes = mode_labels(_)

        def val(k):
            v = existing.get(k)
            return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v

        fields = [
            f.text("course_id", _("Course ID"), value=val("course_id") or "", required=True),
            f.text("title", _("Title"), value=val("title") or "", required=True, max_chars=200),
            f.choice("level", _("Level"), [("—", ""), *[(levels[k], k) for k in LEVELS]],
                     value=val("level") or "", required=False),
            f.choice("mode", _("Mode"), [(modes[k], k) for k in MODES], value=val("mode")),
            f.number("sessions", _("Sessions"), value=_plain(val("sessions")), required=True,
                     integer=True, min=1),
            f.number("hours", _("Hours"), value=_plain(val("hours")), required=True, min=0),
            f.number("credits", _("Credits (empty: from the hours)"), value=_plain(val("credits")),
                     min=0),
            f.date("start", _("Start date"), value=_day(val("start")), required=True),
            f.date("end", _("End date"), value=_day(val("end")), required=True),
        ]
        fields[2].parse = lambda v: v or None
        if self.editing:
            fields[0].widget.disabled = True
        self.fields = {x.name: x for x in fields}
        self.hint = w.HTML("")
        self.form = f.Form(_("Correct a course") if self.editing else _("Register a course"),
                           fields, self._save, self.lang, extra=[self.hint])
        self.widget = self.form.widget
        for name in ("mode", "hours", "credits"):
            self.fields[name].widget.observe(lambda _c: self._show_credit_hint(), names="value")
        self._show_credit_hint()

    def _show_credit_hint(self) -> None:
        """Say how many credits an empty credits field will give (the county's hours-per-credit)."""
        _ = self._
        try:
            hours = float((self.fields["hours"].widget.value or "").replace(",", "."))
        except ValueError:
            hours = None
        per = self.rules.hours_per_credit.get(self.fields["mode"].widget.value)
        if (self.fields["credits"].widget.value or "").strip() or hours is None or not per:
            self.hint.value = ""
            return
        self.hint.value = "<p>" + html.escape(_(
            "With credits left empty the course is worth {credits} credits ({per} hours a credit).",
            credits=fmt_number(hours / per, self.lang, 2), per=fmt_number(per, self.lang, 0))) + "</p>"

    def _save(self, values: dict) -> str:
        _ = self._
        problems = []
        if values.get("start") and values.get("end") and values["end"] < values["start"]:
            problems.append(Problem(None, None, "end", None, _("The course cannot end before it starts")))
        cid = values["course_id"]
        if not self.editing and not self.store.read("courses", where={"course_id": cid},
                                                    columns=["course_id"]).empty:
            problems.append(Problem(None, None, "course_id", cid,
                                    _("A course with this ID is already registered")))
        if self.editing and values.get("sessions") is not None:
            roster = self.store.read("enrollments", where={"course_id": cid}, columns=["absences"])
            most = roster["absences"].max() if len(roster) else None
            if most is not None and not pd.isna(most) and int(most) > values["sessions"]:
                problems.append(Problem(None, None, "sessions", values["sessions"], _(
                    "A trainee already has {n} absences: sessions cannot be fewer", n=int(most))))
        if problems:
            raise InputError(problems=problems)
        row = {k: values.get(k) for k in ("course_id", "title", "level", "mode", "sessions", "hours",
                                          "credits", "start", "end")}
        row["start"] = row["start"].isoformat()
        row["end"] = row["end"].isoformat()
        self.store.save_rows("courses", pd.DataFrame([row]), user=self.user, source="courses")
        return _("Course {id} saved at {time}.", id=cid, time=_now())


def _plain(v):
    if v is None:
        return None
    v = float(v)
    return int(v) if v.is_integer() else v


def _day(v):
    if v is None:
        return None
    return pd.Timestamp(v).date()
