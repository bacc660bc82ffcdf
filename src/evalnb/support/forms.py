"""Data-entry forms of the «500+» project, on :mod:`evalnb.core.forms`.

* :class:`RoadmapProgressForm` — the state of one roadmap task at a date: its
  status, the indicator's numerator and denominator (or a count), a note and
  the evidence; the share can be filled in from who took part.  Saved with
  ``Store.save_rows("roadmap_progress", …)``.
* :class:`AntiriskMeasuresForm` — a school's anti-risk programme: every measure's
  status, result, evidence and the curator's confirmation on one grid, and a
  new measure under a risk factor.  Only the rows changed are saved, in one
  transaction (``Store.save_rows("antirisk_measures", …)``).

Both speak English, Russian and Chinese (catalog ``support``); a problem is
shown next to its field or on its row, and nothing typed is lost when a save fails.
"""

from __future__ import annotations

import datetime as _dt
import html

import ipywidgets as w
import pandas as pd

from ..core import forms as f
from ..core.i18n import translator
from ..errors import InputError, Problem
from .labels import STATUS_LABELS, factor_names, labels
from .report import short
from .roadmap import executor_codes, indicator_kind
from .rules import SupportRules
from .shares import indicator_shares
from .tables import PROGRESS_STATUSES

DOMAIN = "support"
GRID_COLUMNS = ("status", "actual", "evidence", "confirmed_by_curator")


def _now() -> str:
    return _dt.datetime.now().strftime("%H:%M:%S")


def _problem(msg: str, column: str | None = None) -> InputError:
    return InputError(problems=[Problem(None, None, column, None, msg)])


class RoadmapProgressForm:
    """Report the state of a roadmap task at a date.

    The parts a test (or Voilà) drives: :attr:`fields` (``task_no``, ``date``,
    ``status``, ``indicator_no``, ``numerator``, ``denominator``, ``value``,
    ``note``, ``evidence``), :attr:`info` (the task as the roadmap states it),
    :attr:`compute_button` (fill the share from participation) and :attr:`form`
    (``form.button`` saves, ``form.status`` says what happened).
    """

    def __init__(self, store, task_no: int | None = None, lang: str = "en", user: str | None = None,
                 rules=None, year: int | None = None):
        self.store, self.lang, self.user = store, lang, user
        self.rules = SupportRules.load(rules)
        self._ = _ = translator(lang, DOMAIN)
        self.roadmap = store.read("roadmap").sort_values("task_no").set_index("task_no")
        self.year = year
        options = [(f"{t} — {short(r.task, 70)}", int(t)) for t, r in self.roadmap.iterrows()]
        if task_no is not None and task_no not in self.roadmap.index:
            raise InputError(f"unknown task {task_no!r}", table="roadmap", column="task_no", value=task_no,
                             rule="task_no must be in the roadmap")
        statuses = labels(STATUS_LABELS, lang)
        fields = [
            f.choice("task_no", _("Task"), options, value=task_no),
            f.date("date", _("Date"), value=_dt.date.today(), required=True),
            f.choice("status", _("Status"), [(statuses[s], s) for s in PROGRESS_STATUSES], value="in_progress"),
            f.number("indicator_no", _("Indicator No."), value=1, integer=True, min=1, required=True),
            f.number("numerator", _("Counted"), integer=True, min=0),
            f.number("denominator", _("Out of"), integer=True, min=1),
            f.number("value", _("Count"), min=0),
            f.text("note", _("Note"), multiline=True, rows=2),
            f.text("evidence", _("Evidence (link or file name)")),
        ]
        self.fields = {x.name: x for x in fields}
        self.info = w.HTML("")
        self.compute_button = w.Button(description=_("Compute from participation"), icon="calculator")
        self.compute_button.on_click(lambda _b: self.compute())
        self.form = f.Form(_("Roadmap progress"), fields, self._save, lang,
                           extra=[self.info, self.compute_button])
        self.widget = self.form.widget
        self.fields["task_no"].widget.observe(lambda _c: self.show_task(), names="value")
        self.show_task()

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)

    @property
    def task_no(self) -> int | None:
        return self.fields["task_no"].widget.value

    def show_task(self) -> None:
        """The chosen task's period, executors and indicator, and its latest report."""
        _ = self._
        if self.task_no is None:
            self.info.value = ""
            return
        r = self.roadmap.loc[self.task_no]
        parts = [(_("Period"), r["period_text"]),
                 (_("Executors"), ", ".join(executor_codes(r["executors"], self.rules)) or r["executors"]),
                 (_("Indicator"), r["indicator"])]
        last = self.store.read("roadmap_progress", where={"task_no": int(self.task_no)})
        if len(last):
            row = last.sort_values("date").iloc[-1]
            parts.append((_("Last report"), f"{row['date'].date().isoformat()}: "
                          f"{labels(STATUS_LABELS, self.lang)[row['status']]}"))
        self.info.value = "".join(f"<p><b>{html.escape(k)}:</b> {html.escape(str(v))}</p>" for k, v in parts)
        self.compute_button.disabled = indicator_kind(r["indicator"]) != "share"

    def compute(self) -> bool:
        """Fill numerator and denominator with the region's share computed from participation."""
        _ = self._
        self.form.clear()
        task = self.task_no
        project = self.store.read("project_schools")
        year = self.year or (int(project["year"].max()) if len(project) else None)
        if task is None or year is None:
            self.form.status.value = f'<span style="{f.ERROR_STYLE}">{html.escape(_("No project schools in the data."))}</span>'
            return False
        population = self.store.read("population")
        shares = indicator_shares(self.store.read("roadmap"), self.store.read("participation"), project, year,
                                  population if len(population) else None, self.rules,
                                  risk_profile=self.store.read("risk_profile"),
                                  school_documents=self.store.read("school_documents"))
        no = self.fields["indicator_no"].parse(self.fields["indicator_no"].widget.value) or 1
        row = shares[(shares["task_no"] == task) & (shares["indicator_no"] == no) & (shares["scope"] == "region")]
        if row.empty or pd.isna(row["numerator"].iloc[0]) or pd.isna(row["denominator"].iloc[0]):
            self.form.status.value = (f'<span style="{f.ERROR_STYLE}">'
                                      f'{html.escape(_("This indicator cannot be computed from the data."))}</span>')
            return False
        self.fields["numerator"].widget.value = str(int(row["numerator"].iloc[0]))
        self.fields["denominator"].widget.value = str(int(row["denominator"].iloc[0]))
        return True

    def _save(self, values: dict) -> str:
        _ = self._
        if values.get("task_no") is None:
            raise _problem(_("Choose a task"), "task_no")
        day = values.get("date")
        frame = pd.DataFrame([{
            "task_no": values["task_no"], "date": pd.Timestamp(day) if day else None,
            "status": values["status"], "indicator_no": values["indicator_no"],
            "numerator": values["numerator"], "denominator": values["denominator"], "value": values["value"],
            "note": values["note"], "evidence": values["evidence"]}])
        self.store.save_rows("roadmap_progress", frame, user=self.user)
        self.show_task()
        return _("Task {n}: saved at {time}.", n=values["task_no"], time=_now())


class AntiriskMeasuresForm:
    """A school's anti-risk measures on one grid; a new measure below it.

    Parameters
    ----------
    store : :class:`~evalnb.core.store.Store`.
    school_id : the project school.
    lang, user : the form's language; who saves (written to the audit log).
    year : the project year (default: the school's latest in ``project_schools``).

    The parts a test drives: :attr:`grid` (``grid.cells[(measure_id, column)]``
    for ``status`` / ``actual`` / ``evidence`` / ``confirmed_by_curator``;
    ``grid.errors[measure_id]``), :attr:`new` (fields ``factor``, ``measure``,
    ``stage``, ``deadline``, ``responsible``) with :attr:`add_button`, and
    :attr:`form` (``form.button`` saves, ``form.status``).
    """

    def __init__(self, store, school_id: str, lang: str = "en", user: str | None = None,
                 rules=None, year: int | None = None):
        self.store, self.school_id, self.lang, self.user = store, school_id, lang, user
        self.rules = SupportRules.load(rules)
        self._ = _ = translator(lang, DOMAIN)
        self.school = store.school(school_id)
        project = store.read("project_schools", school_id=school_id)
        self.year = int(year or (project["year"].max() if len(project) else _dt.date.today().year))
        self.names = factor_names(store.read("risk_factors"), lang)
        profile = store.read("risk_profile", school_id=school_id)
        factors = list(profile.loc[profile["year"] == self.year, "factor"]) or list(self.names)
        self.labels = {"measure_id": _("No."), "factor": _("Risk factor"), "measure": _("Measure"),
                       "stage": _("Stage"), "deadline": _("Deadline"),
                       "status": _("Status (planned, in_progress, done)"), "actual": _("Result"),
                       "evidence": _("Evidence"), "confirmed_by_curator": _("Confirmed by the curator")}
        self.new = {x.name: x for x in (
            f.choice("factor", _("Risk factor"), [(short(self.names.get(k, k), 60), k) for k in factors]),
            f.text("measure", _("Measure"), required=True, max_chars=300),
            f.choice("stage", _("Stage"), [(_("Stage {n}", n=1), 1), (_("Stage {n}", n=2), 2)], value=1),
            f.date("deadline", _("Deadline")),
            f.text("responsible", _("Responsible")),
        )}
        self.add_button = w.Button(description=_("Add the measure"), icon="plus")
        self.add_button.on_click(lambda _b: self.add_measure())
        self.add_status = w.HTML("")
        self.grid_box = w.VBox([])
        self.form = f.Form(_("Anti-risk programme") + f" — {self.school['name']}", [], self._save, lang,
                           extra=[self.grid_box, w.HTML(f"<h4>{html.escape(_('A new measure'))}</h4>"),
                                  *[x.box for x in self.new.values()], w.HBox([self.add_button, self.add_status])])
        self.widget = self.form.widget
        self.load()

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)

    def load(self) -> None:
        """Show the school's measures as the database holds them."""
        m = self.store.read("antirisk_measures", school_id=self.school_id)
        self.rows = m[m["year"] == self.year].sort_values(["factor", "stage", "measure_id"]).reset_index(drop=True)
        shown = self.rows.assign(
            factor=[short(self.names.get(k, k), 40) for k in self.rows["factor"]],
            measure=[short(t, 50) for t in self.rows["measure"]],
            deadline=[d.date().isoformat() if pd.notna(d) else "" for d in self.rows["deadline"]],
            confirmed_by_curator=self.rows["confirmed_by_curator"].map(
                lambda b: "" if pd.isna(b) else ("true" if b else "false")),
            actual=self.rows["actual"].map(lambda x: "" if pd.isna(x) else f"{x:g}"))
        self.grid = f.Grid(shown, key="measure_id", editable=GRID_COLUMNS,
                           readonly=["factor", "measure", "stage", "deadline"], labels=self.labels)
        self.grid_box.children = [self.grid.widget]
        self._saved = self._cells()

    def _cells(self) -> dict[str, tuple]:
        return {k: tuple(self.grid.cells[(k, c)].value.strip() for c in GRID_COLUMNS) for k in self.grid.keys}

    def add_measure(self) -> bool:
        """Save a new measure under the chosen factor (its number is the next free one)."""
        _ = self._
        for x in self.new.values():
            x.error.value = ""
        text = (self.new["measure"].widget.value or "").strip()
        if not text:
            self.new["measure"].error.value = f'<span style="{f.ERROR_STYLE}">{html.escape(_("Required"))}</span>'
            return False
        taken = set(self.store.read("antirisk_measures", school_id=self.school_id)["measure_id"])
        n = len(taken) + 1
        while f"M{n:02d}" in taken:
            n += 1
        deadline = self.new["deadline"].widget.value
        row = pd.DataFrame([{"school_id": self.school_id, "year": self.year,
                             "factor": self.new["factor"].widget.value, "measure_id": f"M{n:02d}",
                             "measure": text, "stage": self.new["stage"].widget.value,
                             "deadline": pd.Timestamp(deadline) if deadline else None,
                             "responsible": (self.new["responsible"].widget.value or "").strip() or None,
                             "status": "planned", "confirmed_by_curator": False}])
        try:
            self.store.save_rows("antirisk_measures", row, user=self.user)
        except InputError as exc:
            self.add_status.value = f'<span style="{f.ERROR_STYLE}">{html.escape(str(exc.problems[0]))}</span>'
            return False
        self.new["measure"].widget.value = ""
        self.add_status.value = html.escape(_("Measure {id} added.", id=f"M{n:02d}"))
        self.load()
        return True

    def _save(self, _values: dict) -> str:
        _ = self._
        typed = self.grid.frame()
        now = self._cells()
        changed = [now[k] != self._saved.get(k) for k in typed["measure_id"]]
        if not any(changed):
            raise _problem(_("Nothing to save: no row was changed."))
        base = self.rows.set_index("measure_id")
        frame = base.loc[typed.loc[changed, "measure_id"]].reset_index()
        edits = typed[changed].set_index("measure_id")
        for c in GRID_COLUMNS:
            frame[c] = list(edits[c])
        # the whole row is saved (a save replaces the row by its key)
        frame = frame.astype({c: object for c in GRID_COLUMNS})
        rows_to_keys = {i + 2: k for i, k in enumerate(frame["measure_id"])}
        try:
            n = self.store.save_rows("antirisk_measures", frame, user=self.user)
        except InputError as exc:
            rest = self.grid.show_problems(exc.problems, rows_to_keys, self.lang)
            raise InputError(problems=rest or [Problem(None, None, None, None, _("see the marked rows"))]) from None
        self.load()
        return _("Saved {n} measures at {time}.", n=n, time=_now())


__all__ = ["AntiriskMeasuresForm", "RoadmapProgressForm"]
