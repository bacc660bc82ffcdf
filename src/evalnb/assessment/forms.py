"""Data-entry forms of marks and external results, on :mod:`evalnb.core.forms`.

* :class:`MarksForm` — enter or correct a class's journal marks: choose the
  school, class, subject and period, press *Show the class*, type the marks
  (or ``н/а`` / ``осв``) in the roster, or paste them from a spreadsheet.
* :class:`ExternalForm` — a procedure's external results for a subject
  (ВПР, regional diagnostic work, final essay …): school, class, subject,
  procedure, date and maximum score, then a roster of mark / passed / score,
  typed or pasted as tab-separated rows.

Before anything is written, every row is validated against the table's
schema and references (``Store.save_rows`` checks them all and writes the
whole roster in one transaction, or nothing); a problem is shown on the
roster row or next to the field it concerns, and what was typed stays in the
form.  Only the roster rows that were typed or changed are saved; a row
emptied is not deleted (the database keeps what it had).

Subjects and procedures are pick lists of what the whole database knows
(:func:`evalnb.core.forms.pick`, labels in the user's language where the
catalog has them): a near-miss («Матиматика») is pointed out, and a new
value is saved only after its confirmation is ticked.  Periods are chosen
under their names («IV четверть 2019/2020»).  The roster shows each
student's name beside the code where the students table has names.

Examples
--------
>>> from evalnb.core.store import Store
>>> form = MarksForm(Store("sqlite://"), lang="en")   # an empty database: nothing to choose
>>> form.form.submit()
False
"""

from __future__ import annotations

import datetime as _dt
import html

import ipywidgets as w
import numpy as np
import pandas as pd

from ..core import forms as f
from ..errors import InputError, Problem
from .data import KINDS
from .labels import period_label, procedure_labels, student_names, subject_labels
from .marks import period_order

#: the procedures order № 204 names: known to the form even before any result is stored
PROCEDURES = ("ВПР", "РДР", "Итоговое сочинение")

#: What people type for a status, and what it means.
STATUS_ALIASES = {"na": "na", "н": "na", "н/а": "na", "на": "na", "не аттестован": "na", "未评定": "na",
                  "exempt": "exempt", "осв": "exempt", "осв.": "exempt", "освобожден": "exempt",
                  "освобождён": "exempt", "免修": "exempt"}
PASSED_ALIASES = {"зачёт": "true", "зачет": "true", "pass": "true", "passed": "true", "通过": "true",
                  "незачёт": "false", "незачет": "false", "fail": "false", "failed": "false",
                  "未通过": "false"}


def _norm(series: pd.Series, aliases: dict) -> pd.Series:
    low = series.astype("string").str.strip().str.lower()
    return low.map(lambda v: aliases.get(v, v) if isinstance(v, str) else v).astype(object)


def known_values(store, column: str, tables=("marks", "external"), extra=()) -> list[str]:
    """The values of ``column`` in the whole database's ``tables`` (one query each), sorted."""
    import sqlalchemy as sa

    found = set(extra)
    with store.engine.connect() as conn:
        for table in tables:
            t = store.metadata.tables[table]
            found.update(v for v in conn.execute(sa.select(t.c[column]).distinct()).scalars() if v)
    return sorted(found)


def _labelled(values, labels: dict) -> list[tuple[str, str]]:
    return sorted(((labels.get(v, v), v) for v in values), key=lambda lv: lv[0].casefold())


def labels_of(pick) -> str | None:
    """The label a value just saved is shown under: what was typed."""
    return " ".join((pick.widget.value or "").split()) or None


class _RosterForm(f.DomainForm):
    """What both forms share: school and class choice, the roster grid, paste, save."""

    domain = "assessment"
    table = ""
    editable: tuple[str, ...] = ()

    def __init__(self, store, school_id: str | None, lang: str | None, user: str | None):
        schools = store.schools(kinds=KINDS, with_rows_in="students")
        # the form speaks the language of the school it opens on (the first one by default)
        first = schools.iloc[0].to_dict() if school_id is None and len(schools) else None
        super().__init__(store, school_id, lang=lang, user=user, school=first)
        self.schools = schools
        self.school_row = self.school   # the row; `school` is the drop-down below
        self.school = f.choice("school_id", self._("School"),
                               list(zip(self.schools["name"], self.schools["school_id"])),
                               value=school_id, required=True)
        self.klass = f.choice("class_label", self._("Class"), [], required=True)
        self.info = w.HTML("")
        self.grid: f.Grid | None = None
        self.grid_box = w.VBox([])
        self.shown: tuple | None = None
        self.show_button = w.Button(description=self._("Show the class"), icon="table")
        self.show_button.on_click(lambda _b: self.load())
        self.paste = w.Textarea(rows=4, layout=w.Layout(width="95%"))
        self.paste_button = w.Button(description=self._("Copy pasted rows into the roster"), icon="paste")
        self.paste_button.on_click(lambda _b: self.apply_paste())
        self.school.widget.observe(lambda _c: self._fill_classes(), names="value")
        self._students = pd.DataFrame(columns=["student_id", "class_label", "grade"])
        self._fill_classes()

    def _extra(self, hint: str) -> list:
        return [self.show_button, self.info, self.grid_box,
                w.HTML("<p>" + html.escape(hint) + "</p>"), self.paste, self.paste_button]

    def _fill_classes(self) -> None:
        sid = self.school.widget.value
        if sid is None:
            self.klass.widget.options = []
            return
        self._students = self.store.read("students", school_id=sid)
        classes = (self._students[["grade", "class_label"]].dropna().drop_duplicates()
                   .sort_values(["grade", "class_label"])["class_label"].tolist())
        self.klass.widget.options = [(c, c) for c in classes]
        self.klass.widget.value = classes[0] if classes else None
        self._school_changed()

    def _school_changed(self) -> None:
        """Refresh suggestions that depend on the school (subjects, procedures)."""

    def context(self) -> tuple:
        """The choices that decide which roster is shown."""
        raise NotImplementedError

    def existing(self, ids: list[str]) -> pd.DataFrame:
        """The database's rows for the roster (``student_id`` + the editable columns)."""
        raise NotImplementedError

    def load(self) -> bool:
        """Show the chosen class's roster with what the database holds; False if a choice is missing."""
        self.form.clear()
        values, ok = self.form.values()
        if not ok:
            return False
        klass = self.klass.widget.value
        roster = self._students.loc[(self._students["class_label"] == klass).to_numpy(dtype=bool),
                                    ["student_id"]].sort_values("student_id")
        have = self.existing(list(roster["student_id"]))
        frame = roster.merge(have, on="student_id", how="left")
        for c in self.editable:
            if c not in frame.columns:
                frame[c] = None
        labels = {"student_id": self._("Student"), **self.column_labels()}
        names = student_names(self._students.set_index("student_id").reindex(frame["student_id"]))
        readonly = []
        if names is not None:      # codes only when the data has no names
            frame["student_name"] = names.to_numpy()
            readonly, labels["student_name"] = ["student_name"], self._("Name")
        self.grid = f.Grid(frame, key="student_id", editable=list(self.editable), labels=labels,
                           readonly=readonly)
        self._initial = {k: tuple(self.grid.cells[(k, c)].value.strip() for c in self.editable)
                         for k in self.grid.keys}
        self.grid_box.children = [self.grid.widget]
        self.shown = self.context()
        self.info.value = "<p>" + html.escape(self._("{n} students; {m} with a result already saved. "
                                                     "Only the rows you change are saved.",
                                                     n=len(frame), m=int(have["student_id"].nunique())
                                                     if len(have) else 0)) + "</p>"
        return True

    def column_labels(self) -> dict:
        return {}

    def picks(self) -> list:
        """The pick lists whose new values are learnt once saved."""
        return []

    def apply_paste(self) -> list[str]:
        """Copy tab-separated rows (student ID first) from the paste box into the roster."""
        if self.grid is None or self.shown != self.context():
            if not self.load():
                return []
        self.grid.paste.value = self.paste.value
        unknown = self.grid.apply_paste()
        message = self._("Not in this class: {ids}", ids=", ".join(unknown)) if unknown else ""
        self.form.status.value = (f'<span style="{f.ERROR_STYLE}">{html.escape(message)}</span>'
                                  if message else "")
        return unknown

    def rows(self, values: dict) -> pd.DataFrame:
        """The roster as rows of the table (rows left empty are dropped)."""
        raise NotImplementedError

    def changed(self) -> pd.DataFrame:
        """The roster's rows whose cells differ from what the database held when it was shown."""
        g = self.grid.frame()
        now = [tuple(self.grid.cells[(k, c)].value.strip() for c in self.editable) for k in g["student_id"]]
        keep = [cells != self._initial.get(k) for k, cells in zip(g["student_id"], now)]
        return g[np.asarray(keep, dtype=bool)].reset_index(drop=True)

    def _save(self, values: dict) -> str:
        _ = self._
        if self.grid is None or self.shown != self.context():
            raise InputError(problems=[Problem(self.table, None, "class_label", None,
                                               _("Press “Show the class” first: the roster shown is not "
                                                 "the one chosen."))])
        frame = self.rows(values).reset_index(drop=True)
        if frame.empty:
            raise InputError(problems=[Problem(None, None, None, None,
                                               _("Nothing to save: no row was entered or changed."))])
        try:
            n = self.store.save_rows(self.table, frame, user=self.user, source=self.table)
        except InputError as exc:
            keys = {i + 2: k for i, k in enumerate(frame["student_id"])}
            rest = self.grid.show_problems(exc.problems, keys, self.lang)
            if len(rest) < len(exc.problems):
                rest = [Problem(None, None, None, None,
                                _("Some rows have problems: see the marked rows."))] + list(rest)
            raise InputError(problems=rest) from None
        for e in self.grid.errors.values():
            e.value = ""
        for pick in self.picks():
            pick.learn(values.get(pick.name), labels_of(pick))
        return _("Saved {n} rows at {time}.", n=n, time=_dt.datetime.now().strftime("%H:%M:%S"))


class MarksForm(_RosterForm):
    """Enter or correct one class's journal marks in a subject for a period.

    Parameters
    ----------
    store : :class:`~evalnb.core.store.Store`.
    school_id : the school to open (default: the first general school).
    lang : ``en`` | ``ru`` | ``zh``; ``None`` = the school's language.
    user : who saves (written to the audit log).

    The parts a test (or Voilà) drives: :attr:`school`, :attr:`klass`,
    :attr:`subject`, :attr:`period` (fields; ``.widget.value``),
    :attr:`show_button` / :meth:`load`, :attr:`grid` (``grid.cells[(student_id,
    "mark" | "status")]``, ``grid.errors[student_id]``), :attr:`paste` and
    :meth:`apply_paste`, and :attr:`form` (``form.submit()``, ``form.status``).
    A status may be typed ``na`` / ``н/а`` / ``н`` (not attested) or ``exempt`` / ``осв``.
    """

    table = "marks"
    editable = ("mark", "status")

    def __init__(self, store, school_id: str | None = None, lang: str | None = None,
                 user: str | None = None):
        super().__init__(store, school_id, lang, user)
        _ = self._
        periods = store.read("periods")
        order = period_order(periods["period"], periods) if len(periods) else []
        self.subject_labels = subject_labels(_)
        self.subject = f.pick("subject", _("Subject"),
                              _labelled(known_values(store, "subject"), self.subject_labels),
                              new_text=_("New subject «{value}» — add it?"), lang=self.lang)
        self.period = f.choice("period", _("Period"), [(period_label(p, _), p) for p in order],
                               value=order[-1] if order else None, required=True)
        self.form = f.Form(_("Journal marks of a class"), [self.school, self.klass, self.subject, self.period],
                           self._save, self.lang, extra=self._extra(_(
                               "Or paste rows from a spreadsheet: student ID, mark, status "
                               "(н/а, осв), separated by tabs.")))
        self.widget = self.form.widget

    def column_labels(self) -> dict:
        return {"mark": self._("Mark"), "status": self._("Status")}

    def picks(self) -> list:
        return [self.subject]

    def context(self) -> tuple:
        return (self.school.widget.value, self.klass.widget.value,
                self.subject.current(), self.period.widget.value)

    def existing(self, ids):
        _, _, subject, period = self.context()
        if not ids:
            return pd.DataFrame(columns=["student_id", "mark", "status"])
        have = self.store.read("marks", where={"student_id": ids, "subject": subject, "period": period})
        return have[["student_id", "mark", "status"]]

    def rows(self, values: dict) -> pd.DataFrame:
        g = self.changed()
        g["status"] = _norm(g["status"], STATUS_ALIASES)
        entered = g["mark"].notna() | g["status"].notna()
        out = g[entered.to_numpy(dtype=bool)].copy()
        out["subject"] = values["subject"]
        out["period"] = values["period"]
        return out[["student_id", "subject", "period", "mark", "status"]]


class ExternalForm(_RosterForm):
    """Enter a procedure's external results for a subject, for one class.

    Parameters
    ----------
    store, school_id, lang, user : as for :class:`MarksForm`.

    Fields: :attr:`school`, :attr:`klass`, :attr:`subject`, :attr:`procedure`
    (with the procedures the database knows as suggestions), :attr:`date`,
    :attr:`max_score` (optional); roster columns ``mark`` (2–5), ``passed``
    (``да`` / ``нет``, ``зачёт`` / ``незачёт``, ``true`` / ``false``) and ``score``.
    """

    table = "external"
    editable = ("mark", "passed", "score")

    def __init__(self, store, school_id: str | None = None, lang: str | None = None,
                 user: str | None = None):
        super().__init__(store, school_id, lang, user)
        _ = self._
        self.subject = f.pick("subject", _("Subject"),
                              _labelled(known_values(store, "subject"), subject_labels(_)),
                              new_text=_("New subject «{value}» — add it?"), lang=self.lang)
        self.procedure = f.pick("procedure", _("Procedure"),
                                _labelled(known_values(store, "procedure", ("external",), PROCEDURES),
                                          procedure_labels(_)),
                                new_text=_("New procedure «{value}» — add it?"), lang=self.lang)
        self.date = f.date("date", _("Date"), required=True)
        self.max_score = f.number("max_score", _("Maximum score"), min=0)
        self.form = f.Form(_("External results of a procedure"),
                           [self.school, self.klass, self.subject, self.procedure, self.date, self.max_score],
                           self._save, self.lang, extra=self._extra(_(
                               "Or paste rows from a spreadsheet: student ID, mark, passed, score, "
                               "separated by tabs.")))
        self.widget = self.form.widget

    def column_labels(self) -> dict:
        return {"mark": self._("Mark"), "passed": self._("Passed (yes / no)"), "score": self._("Score")}

    def picks(self) -> list:
        return [self.subject, self.procedure]

    def context(self) -> tuple:
        return (self.school.widget.value, self.klass.widget.value, self.subject.current(),
                self.procedure.current(), self.date.widget.value)

    def existing(self, ids):
        _, _, subject, procedure, date = self.context()
        cols = ["student_id", "mark", "passed", "score"]
        if not ids or date is None:
            return pd.DataFrame(columns=cols)
        have = self.store.read("external", where={"student_id": ids, "subject": subject,
                                                  "procedure": procedure})
        have = have[(have["date"] == pd.Timestamp(date)).to_numpy(dtype=bool)]
        out = have[cols].copy()
        out["passed"] = out["passed"].map({True: "true", False: "false"}).astype(object)
        return out

    def rows(self, values: dict) -> pd.DataFrame:
        g = self.changed()
        g["passed"] = _norm(g["passed"], PASSED_ALIASES)
        entered = g["mark"].notna() | g["passed"].notna() | g["score"].notna()
        out = g[entered.to_numpy(dtype=bool)].copy()
        out["subject"] = values["subject"]
        out["procedure"] = values["procedure"]
        out["date"] = values["date"].isoformat()
        out["max_score"] = values.get("max_score")
        return out[["student_id", "subject", "procedure", "date", "mark", "passed", "score", "max_score"]]


__all__ = ["MarksForm", "ExternalForm", "STATUS_ALIASES", "PASSED_ALIASES"]
