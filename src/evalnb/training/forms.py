"""Data-entry forms of continuing education, on :mod:`evalnb.core.forms`.

* :class:`ResultsForm` — the results of one course: its roster with absences,
  late arrivals / early departures, the written score and the discipline
  score of every trainee.  Every row is checked (whole numbers, ranges,
  absences not above the course's sessions) before anything is written;
  the rows typed or changed since the roster was shown are then saved in one transaction with
  ``Store.save_rows("enrollments", …)``, and the course's assessment is shown.
* :class:`CourseForm` — registering (or correcting) a course: title, level,
  mode, sessions, hours, credits, dates; saved with ``Store.save_rows("courses", …)``.

Both speak English, Russian and Chinese (catalog ``training``); a problem is
shown next to the field or on the roster row it concerns, and nothing typed
is lost when a save fails.

Examples
--------
>>> from evalnb.core.store import Store
>>> store = Store("sqlite://")
>>> form = CourseForm(store, lang="zh")
>>> form.fields["title"].widget.value = "课堂观察"
>>> form.form.submit()      # required fields are still empty: nothing is saved
False
>>> store.count("courses")
0
"""

from __future__ import annotations

import datetime as _dt
import html

import ipywidgets as w
import numpy as np
import pandas as pd

from ..core import forms as f
from ..core.i18n import fmt_number, translator
from ..core.tables import html_table
from ..errors import InputError, Problem
from .calc import assess
from .labels import column_labels, mode_labels, reason_labels
from .rules import TrainingRules

__all__ = ["CourseForm", "ResultsForm", "check_results"]

DOMAIN = "training"
RESULT_COLUMNS = ("absences", "late_or_early", "written_score", "discipline_score")


def _error_html(text: str) -> str:
    return f'<span style="{f.ERROR_STYLE}">{html.escape(text)}</span>'


def _now() -> str:
    return _dt.datetime.now().strftime("%H:%M:%S")


# --- checking a roster ---------------------------------------------------------

def check_results(frame: pd.DataFrame, sessions: int, lang: str = "en",
                  rules: TrainingRules | None = None) -> dict[str, list[str]]:
    """Problems of a roster typed in the form: ``{teacher_id: [message, …]}`` (empty when fine).

    Each of ``absences`` (whole, 0 … ``sessions``), ``late_or_early`` (whole,
    ≥ 0), ``written_score`` (0–100, empty = the test was not taken) and
    ``discipline_score`` (0 … 15, empty allowed) is checked; messages are in
    ``lang``.

    Examples
    --------
    >>> roster = pd.DataFrame({"teacher_id": ["T1", "T2"], "absences": ["2", "12"],
    ...     "late_or_early": ["0", ""], "written_score": ["101", "70"], "discipline_score": ["15", "x"]})
    >>> for k, msgs in check_results(roster, sessions=10).items():
    ...     print(k, "|", "; ".join(msgs))
    T1 | Written score: must be from 0 to 100
    T2 | Absences: must be from 0 to 10 (the course's sessions); Late arrivals / early departures: required; Discipline score: must be a number
    """
    r = rules or TrainingRules()
    _ = translator(lang, DOMAIN)
    labels = column_labels(_)
    limits = {"absences": (0, sessions, True, True), "late_or_early": (0, None, True, True),
              "written_score": (0, 100, False, False),
              "discipline_score": (0, r.discipline_score_max, False, False)}
    out: dict[str, list[str]] = {}
    keys = frame["teacher_id"].astype(str).to_numpy()
    for col in RESULT_COLUMNS:  # four columns, each checked for the whole roster at once
        lo, hi, whole, required = limits[col]
        raw = frame[col].astype("string").str.strip().str.replace(",", ".", regex=False)
        blank = raw.isna() | (raw == "")
        num = pd.to_numeric(raw.where(~blank), errors="coerce")
        notnum = num.isna() & ~blank
        frac = num.notna() & (num != np.round(num)) if whole else pd.Series(False, index=frame.index)
        rng = num.notna() & ((num < lo) | ((num > hi) if hi is not None else False))
        if hi is None:
            rng_msg = _("must be at least {min}", min=fmt_number(lo, lang, 0))
        elif col == "absences":
            rng_msg = _("must be from 0 to {max} (the course's sessions)", max=fmt_number(hi, lang, 0))
        else:
            rng_msg = _("must be from {min} to {max}", min=fmt_number(lo, lang, 0),
                        max=fmt_number(hi, lang, 0))
        msgs = pd.Series(None, index=frame.index, dtype=object)
        msgs[rng.to_numpy()] = rng_msg
        msgs[frac.to_numpy()] = _("must be a whole number")
        msgs[notnum.to_numpy()] = _("must be a number")
        if required:
            msgs[blank.to_numpy()] = _("required")
        for i in np.flatnonzero(msgs.notna().to_numpy()):
            out.setdefault(keys[i], []).append(_("{label}: {message}", label=labels[col],
                                                 message=msgs.iloc[i]))
    return {k: out[k] for k in dict.fromkeys(keys) if k in out}  # in roster order


# --- results of a course -------------------------------------------------------

class ResultsForm(f.DomainForm):
    """Enter the results of one course for its roster; the changed rows are saved at once.

    Parameters
    ----------
    store : :class:`~evalnb.core.store.Store`.
    course_id : the course to open (default: the course that ended last).
    lang : ``en`` | ``ru`` | ``zh`` (``None``: English; a course belongs to no one school).
    user : who saves (written to the audit log).
    rules : the county's rules (for the assessment shown after saving).

    The parts a test (or Voilà) drives: :attr:`course` (the course drop-down),
    :attr:`grid` (one row per trainee; ``grid.cells[(teacher_id, column)]``
    are the inputs, ``grid.errors[teacher_id]`` the row's error line),
    :attr:`new_teacher` and :attr:`add_button` (add a trainee to the roster),
    :attr:`form` (``form.button`` saves, ``form.status`` says what happened)
    and :attr:`preview` (the course's assessment after a save).
    """

    domain = DOMAIN

    def __init__(self, store, course_id: str | None = None, lang: str | None = None,
                 user: str | None = None, rules=None):
        super().__init__(store, lang=lang, user=user, rules=rules)
        _ = self._
        self.labels = column_labels(_)
        courses = store.read("courses").sort_values(["end", "course_id"], ascending=[False, True])
        self.courses = courses.set_index("course_id")
        options = [(f"{cid} — {row.title} ({row.end.date().isoformat()})", cid)
                   for cid, row in self.courses.iterrows()]
        if course_id is not None and course_id not in self.courses.index:
            raise InputError(f"unknown course {course_id!r}", table="courses", column="course_id",
                             value=course_id, rule="course_id must be in the courses table")
        self.course = f.choice("course_id", _("Course"), options, value=course_id)
        self.info = w.HTML("")
        self.grid_box = w.VBox([])
        teachers = store.read("teachers", columns=["teacher_id", "name"]).sort_values("teacher_id")
        # a pick list of the database's teachers (a trainee must be one): no new values
        self.new_teacher = f.pick("new_teacher", _("Add a trainee (teacher ID)"),
                                  [(f"{t} — {n}" if isinstance(n, str) and n else t, t)
                                   for t, n in zip(teachers["teacher_id"], teachers["name"])],
                                  lang=self.lang, required=False)
        self.add_button = w.Button(description=_("Add to the roster"), icon="plus")
        self.add_button.on_click(lambda _b: self.add_teacher())
        self.paste_button = w.Button(description=_("Copy pasted rows into the roster"), icon="paste")
        self.paste_button.on_click(lambda _b: self.apply_paste())
        self.preview = w.HTML("")
        self.grid: f.Grid | None = None
        self.form = f.Form(_("Training results"), [self.course], self._save, self.lang,
                           extra=[self.info, self.grid_box,
                                  w.HBox([self.new_teacher.box, self.add_button],
                                         layout=w.Layout(align_items="flex-end")),
                                  self._paste_area()])
        self.widget = w.VBox([self.form.widget, self.preview])
        self.course.widget.observe(lambda _c: self.load(), names="value")
        self.load()

    def _paste_area(self) -> w.Widget:
        self._paste_holder = w.VBox([])
        return w.VBox([w.HTML(html.escape(self._(
            "Or paste rows from a spreadsheet: teacher ID, absences, late/early, written score, "
            "discipline score, separated by tabs."))), self._paste_holder, self.paste_button])

    # the roster ----------------------------------------------------------------
    @property
    def course_id(self) -> str | None:
        return self.course.widget.value

    @property
    def sessions(self) -> int:
        return int(self.courses.loc[self.course_id, "sessions"])

    def load(self) -> None:
        """Show the roster of the selected course as the database holds it."""
        self.form.clear()
        self.preview.value = ""
        if self.course_id is None:
            self._set_grid(pd.DataFrame(columns=["teacher_id", "name", *RESULT_COLUMNS]))
            self._saved = {}
            return
        c = self.courses.loc[self.course_id]
        _ = self._
        self.info.value = "<p>" + html.escape(_(
            "{mode} course, {sessions} sessions, {hours} hours; ends {end}.",
            mode=mode_labels(_).get(c["mode"], c["mode"]), sessions=int(c["sessions"]),
            hours=fmt_number(c["hours"], self.lang, 0 if float(c["hours"]).is_integer() else 1),
            end=c["end"].date().isoformat())) + "</p>"
        roster = self.store.read("enrollments", where={"course_id": self.course_id})
        self._set_grid(self._with_names(roster))
        # what the database holds, to save only the rows someone changed: two
        # tutors editing different trainees of one course do not undo each other
        self._saved = self._cells()

    def _cells(self) -> dict[str, tuple]:
        return {k: tuple(self.grid.cells[(k, c)].value.strip() for c in RESULT_COLUMNS)
                for k in self.grid.keys}

    def _with_names(self, roster: pd.DataFrame) -> pd.DataFrame:
        ids = sorted(set(roster["teacher_id"]))
        names = self.store.read("teachers", where={"teacher_id": ids}, columns=["teacher_id", "name"]) \
            if ids else pd.DataFrame(columns=["teacher_id", "name"])
        out = roster.merge(names, on="teacher_id", how="left")
        return out.sort_values(["name", "teacher_id"], kind="stable")[["teacher_id", "name", *RESULT_COLUMNS]]

    def _set_grid(self, frame: pd.DataFrame) -> None:
        self.grid = f.Grid(frame.reset_index(drop=True), key="teacher_id", editable=RESULT_COLUMNS,
                           readonly=["name"], labels=self.labels)
        self.grid_box.children = [self.grid.widget]
        self._paste_holder.children = [self.grid.paste]

    def add_teacher(self) -> bool:
        """Add the teacher typed in :attr:`new_teacher` to the roster (not saved yet)."""
        _ = self._
        self.new_teacher.error.value = ""
        typed = (self.new_teacher.widget.value or "").strip()
        tid = self.new_teacher.current()       # a teacher ID, or its "ID — name" from the list
        msg = None
        if not typed:
            msg = _("required")
        elif tid is None:
            msg = _("unknown teacher ID")
        elif tid in self.grid.keys:
            msg = _("already on the roster")
        if msg:
            self.new_teacher.error.value = _error_html(msg)
            return False
        typed = self.grid.frame()  # what was typed so far stays
        new = pd.DataFrame([{"teacher_id": tid, "absences": "0", "late_or_early": "0",
                             "written_score": None, "discipline_score": None}])
        frame = pd.concat([typed, new], ignore_index=True) if len(typed) else new
        frame.insert(1, "name", self._names_for(frame))
        self._set_grid(frame[["teacher_id", "name", *RESULT_COLUMNS]])
        self.new_teacher.widget.value = ""
        return True

    def _names_for(self, frame: pd.DataFrame) -> list[str]:
        found = self.store.read("teachers", where={"teacher_id": list(frame["teacher_id"])},
                                columns=["teacher_id", "name"])
        m = dict(zip(found["teacher_id"], found["name"]))
        return [m.get(k) for k in frame["teacher_id"]]

    def apply_paste(self) -> list[str]:
        """Copy the pasted rows into the roster; teacher IDs not on it are reported."""
        unknown = self.grid.apply_paste()
        if unknown:
            self.form.status.value = _error_html(
                self._("Not on the roster: {ids}", ids=", ".join(unknown)))
        else:
            self.grid.paste.value = ""
        return unknown

    # saving ----------------------------------------------------------------------
    def _save(self, values: dict) -> str:
        _ = self._
        course_id = values.get("course_id")
        for e in self.grid.errors.values():
            e.value = ""
        if course_id is None:
            raise InputError(problems=[Problem(None, None, "course_id", None, _("Choose a course"))])
        frame = self.grid.frame()
        if frame.empty:
            raise InputError(problems=[Problem(None, None, None, None, _("The roster is empty"))])
        problems = check_results(frame, self.sessions, self.lang, self.rules)
        if problems:
            for key, msgs in problems.items():
                self.grid.errors[key].value = "<br>".join(
                    _error_html(m) for m in msgs)
            raise InputError(problems=[Problem(None, None, None, None, f"{k} — {'; '.join(m)}")
                                       for k, m in problems.items()])
        now = self._cells()
        changed = [now[k] != self._saved.get(k) for k in frame["teacher_id"]]
        frame = frame[changed].reset_index(drop=True)
        if frame.empty:
            raise InputError(problems=[Problem(None, None, None, None,
                                               _("Nothing to save: no row was entered or changed."))])
        frame.insert(0, "course_id", course_id)
        rows_to_keys = {i + 2: k for i, k in enumerate(frame["teacher_id"])}
        try:
            n = self.store.save_rows("enrollments", frame, user=self.user, source="enrollments")
        except InputError as exc:
            rest = self.grid.show_problems(exc.problems, rows_to_keys, self.lang)
            raise InputError(problems=rest or [Problem(None, None, None, None,
                                                       _("see the marked rows"))]) from None
        self._saved = now
        self.show_assessment()
        return _("Saved the results of {n} trainees at {time}.", n=n, time=_now())

    def show_assessment(self) -> None:
        """The course's assessment as the database now holds it, under the form."""
        _ = self._
        cid = self.course_id
        course = self.store.read("courses", where={"course_id": cid})
        roster = self.store.read("enrollments", where={"course_id": cid})
        a = assess(course, roster, self.rules)
        names = self._names_for(a)
        reasons = reason_labels(_)
        shown = pd.DataFrame({
            "name": [n or t for n, t in zip(names, a["teacher_id"])],
            "total": a["total"], "qualified": a["qualified"],
            "reasons": a["reasons"].map(lambda s: "; ".join(reasons[c] for c in s.split(",") if c)),
            "commended": a["commended"], "sanctioned": a["sanctioned"],
            "hours_credited": a["hours_credited"],
        }).sort_values("total", ascending=False, kind="stable")
        self.preview.value = str(html_table(shown, self.lang, labels={
            "name": _("Name"), "total": _("Total"), "qualified": _("Qualified"),
            "reasons": _("Why unqualified"), "commended": _("Commended"), "sanctioned": _("Sanctioned"),
            "hours_credited": _("Hours credited")}, caption=_("Assessment of the course")))


# --- registering a course ------------------------------------------------------


# the course form lives in its own module; it is served as evalnb.training.forms:CourseForm
from .course_form import CourseForm  # noqa: E402
