"""The ИОМ form: an individual educational route for a winner or prize-winner.

Pick a student from the list :func:`~evalnb.olympiad.iom_required` gives for
the school and school year (those under special control are marked), then
fill in the subjects of the route, the mentor (педагог-наставник), the
psychologist (педагог-психолог), whether the parents take part, an
individual curriculum (ИУП) if any, the status and the dates.  The row is
checked by the ``iom`` table's schema and saved in one transaction with
``Store.save_rows("iom", …)`` (logged with the user); a failed save writes
nothing and keeps what was typed.

Examples
--------
>>> from evalnb.core.store import Store
>>> store = Store("sqlite://")
>>> IomForm(store, lang="ru").form.submit()     # no school, nobody to choose: nothing saved
False
"""

from __future__ import annotations

import datetime as _dt
import html

import ipywidgets as w
import pandas as pd

from ..core import forms as f
from ..core.i18n import fmt_percent, translator
from ..errors import InputError, Problem
from .iom import iom_implementation, iom_required
from .rules import IOM_STATUSES, OlympiadRules
from .tables import split_list

DOMAIN = "olympiad"


def _now() -> str:
    return _dt.datetime.now().strftime("%H:%M:%S")


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _date(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def _student_names(store, school_id: str) -> dict[str, str]:
    """Names of the school's students where the students table carries them (forms only)."""
    try:
        students = store.read("students", school_id=school_id)
    except Exception:   # no students table in this dataset: ids only
        return {}
    parts = [c for c in ("last_name", "first_name", "middle_name") if c in students.columns]
    out = {}
    for r in students.to_dict("records"):
        name = " ".join(str(r[c]) for c in parts if isinstance(r.get(c), str) and r[c].strip())
        if not name and isinstance(r.get("name"), str):
            name = r["name"].strip()
        out[str(r["student_id"])] = name
    return out


class IomForm:
    """Enter or correct the ИОМ of one winner or prize-winner of a school.

    Parameters
    ----------
    store : :class:`~evalnb.core.store.Store`.
    school_id : the school (its winners are listed).
    lang : ``en`` | ``ru`` | ``zh``.
    user : who saves (written to the audit log).
    year : school year (default: the school's latest year with olympiad results).
    rules : the municipality's rules (which stages and statuses need an ИОМ).

    The parts a test (or Voilà) drives: :attr:`year` and :attr:`student`
    (drop-downs), :attr:`fields` (``subjects``, ``mentor``, ``psychologist``,
    ``parents_involved``, ``iup``, ``status``, ``start``, ``end``, ``notes``),
    :attr:`form` (``form.button`` saves, ``form.status`` says what happened)
    and :attr:`summary` (the school's implementation after a save).
    """

    def __init__(self, store, school_id: str | None = None, lang: str = "en", user: str | None = None,
                 year: str | None = None, rules=None):
        self.store = store
        self.lang = lang
        self.user = user
        self.rules = OlympiadRules.load(rules)
        self._ = _ = translator(lang, DOMAIN)
        self.school = store.school(school_id) if school_id is not None else None
        self.olympiad = (store.read("olympiad", school_id=school_id) if school_id is not None
                         else store.read("olympiad", where={"school_id": []}))
        years = sorted(set(self.olympiad["year"]), key=lambda y: int(y[:4]), reverse=True)
        if year is not None and year not in years:
            raise InputError(f"the school has no olympiad results in {year!r}", table="olympiad",
                             column="year", value=year, rule="a school year with results of the school")
        self.year = f.choice("year", _("School year"), [(y, y) for y in years],
                             value=year or (years[0] if years else None), required=True)
        self.student = f.choice("student_id", _("Winner or prize-winner"), [], required=True)
        self.info = w.HTML("")
        self.summary = w.HTML("")
        status_text = {"planned": _("planned"), "in_progress": _("in progress"), "done": _("done")}
        self.fields = {
            "subjects": f.text("subjects", _("Subjects of the route (separated by ;)"), required=True),
            "mentor": f.text("mentor", _("Mentor (педагог-наставник)")),
            "psychologist": f.text("psychologist", _("Psychologist (педагог-психолог)")),
            "parents_involved": f.flag("parents_involved", _("Parents take part")),
            "iup": f.flag("iup", _("Individual curriculum (ИУП)")),
            "status": f.choice("status", _("Status"), [(status_text[s], s) for s in IOM_STATUSES],
                               value="planned"),
            "start": f.date("start", _("Start")),
            "end": f.date("end", _("End")),
            "notes": f.text("notes", _("Notes"), multiline=True, rows=2, max_chars=500),
        }
        title = _("ИОМ of a winner") + (f" — {self.school['name']}" if self.school else "")
        self.form = f.Form(title, [self.year, self.student, *self.fields.values()], self._save, lang,
                           extra=[self.info])
        self.widget = w.VBox([self.form.widget, self.summary])
        self.year.widget.observe(lambda _c: self.load_year(), names="value")
        self.student.widget.observe(lambda _c: self.load_student(), names="value")
        self.load_year()

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)

    # --- the list of winners -------------------------------------------------------------
    def load_year(self) -> None:
        """List the students who need an ИОМ in the chosen year (special control first)."""
        _ = self._
        year = self.year.widget.value
        self.required = (iom_required(self.olympiad, year, rules=self.rules) if year
                         else pd.DataFrame(columns=["student_id", "subjects", "special_control", "grade"]))
        req = self.required.sort_values(["special_control", "student_id"], ascending=[False, True])
        known = _student_names(self.store, self.school["school_id"]) if self.school else {}
        options = []
        for r in req.itertuples():
            mark = " ★" if r.special_control else ""
            name = f" {known[r.student_id]}" if known.get(r.student_id) else ""
            options.append((f"{r.student_id}{name}{mark} — {r.subjects.replace(';', ', ')}", r.student_id))
        self.student.widget.options = [(_("— choose a student —"), None), *options]
        self.student.widget.value = None
        if not options:
            self.info.value = "<p>" + html.escape(_("No winner or prize-winner of the school needs an "
                                                    "ИОМ this school year.")) + "</p>"
        else:
            self.info.value = "<p>" + html.escape(_("★ under special control: won in several subjects.")) + "</p>"
        self.load_student()

    def _route(self, student_id: str) -> pd.Series | None:
        rows = self.store.read("iom", where={"student_id": student_id, "year": self.year.widget.value})
        return rows.iloc[0] if len(rows) else None

    def load_student(self) -> None:
        """Fill the fields with the student's ИОМ as saved, or with the subjects won."""
        sid = self.student.widget.value
        self.form.clear()
        fields = self.fields
        route = self._route(sid) if sid else None
        if route is None:
            won = self.required.set_index("student_id")["subjects"].get(sid, "") if sid else ""
            values = {"subjects": won.replace(";", "; "), "mentor": "", "psychologist": "",
                      "parents_involved": False, "iup": False, "status": "planned", "start": None,
                      "end": None, "notes": ""}
        else:
            values = {"subjects": "; ".join(split_list(route["subjects"])), "mentor": _text(route["mentor"]),
                      "psychologist": _text(route["psychologist"]),
                      "parents_involved": bool(route["parents_involved"]) if pd.notna(route["parents_involved"]) else False,
                      "iup": bool(route["iup"]) if pd.notna(route["iup"]) else False,
                      "status": route["status"], "start": _date(route["start"]), "end": _date(route["end"]),
                      "notes": _text(route["notes"])}
        for name, value in values.items():
            fields[name].widget.value = value

    # --- saving ---------------------------------------------------------------------------
    def _save(self, values: dict) -> str:
        _ = self._
        sid = values["student_id"]
        subjects = ";".join(split_list(values["subjects"]))
        if not subjects:
            raise InputError(problems=[Problem("iom", None, "subjects", values["subjects"],
                                               "value is required", code="required")])
        row = {"student_id": sid, "year": values["year"], "school_id": self.school["school_id"],
               "subjects": subjects, "mentor": values["mentor"], "psychologist": values["psychologist"],
               "parents_involved": bool(values["parents_involved"]), "iup": bool(values["iup"]),
               "status": values["status"],
               "start": values["start"].isoformat() if values["start"] else None,
               "end": values["end"].isoformat() if values["end"] else None, "notes": values["notes"]}
        self.store.save_rows("iom", pd.DataFrame([row]), user=self.user)
        self._show_summary()
        return _("ИОМ of {student} saved at {time}.", student=sid, time=_now())

    def _show_summary(self) -> None:
        _ = self._
        year = self.year.widget.value
        routes = self.store.read("iom", school_id=self.school["school_id"], where={"year": year})
        imp = iom_implementation(self.required, routes, self.store.schools(ids=[self.school["school_id"]]),
                                 rules=self.rules)
        row = imp[imp["school_id"] == self.school["school_id"]].iloc[0]
        self.summary.value = "<p>" + html.escape(_(
            "ИОМ of the school in {year}: {with_iom} of {required} in progress or done ({share}).",
            year=year, with_iom=int(row["with_iom"]), required=int(row["required"]),
            share=fmt_percent(row["implementation"], self.lang))) + "</p>"
