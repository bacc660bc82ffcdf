"""The plan constructor: build a school's ВШК/ВСОКО plan from the library, checked as you go.

Pick an item of the built-in library (its label in the user's language, its
content in Russian), set the month and the responsible person, and add it;
change the month or person of an item, or remove an item not yet saved.
The load grid (responsible × month) and the findings of :func:`check_plan`
follow every change.  *Save* stores every row that passes the table's rules
in one transaction (with the user, for the audit; an item without a
responsible person is saved as a draft and reported as incomplete); rows
that do not pass stay in the form with their problems.  The plan exports as
DOCX and XLSX in the usual layout.

Examples
--------
>>> from evalnb.core.store import Store
>>> import pandas as pd
>>> store = Store("sqlite://")
>>> _ = store.save_rows("schools", pd.DataFrame({"school_id": ["RU1"], "name": ["СОШ № 1"],
...     "municipality": ["г. Армавир"], "kind": ["general"], "language": ["ru"]}))
>>> form = PlanConstructor(store, "RU1", year="2019-2020", lang="en")
>>> form.add("L13", 10, "Иванова Е. П.")
'01'
>>> form.save()
True
>>> store.count("control_plan")
1
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
from types import SimpleNamespace

import ipywidgets as w
import pandas as pd

from ..core import forms as f
from ..core.i18n import translator
from ..core.tables import html_table
from ..core.validate import check_table
from ..errors import EvalnbError, InputError
from .calc import check_plan, load
from .export import plan_docx, plan_xlsx
from .labels import DOMAIN, check_label, finding_text, month_name
from .library import library
from .rules import ControlPlanRules
from .tables import CONTROL_PLAN

SCHOOL_YEAR_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)


def default_year(today: _dt.date | None = None) -> str:
    """The school year of ``today`` (September starts one): ``2019-2020``."""
    today = today or _dt.date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}"


def _status(text: str, ok: bool) -> str:
    return f'<span style="{f.OK_STYLE if ok else f.ERROR_STYLE}">{html.escape(text)}</span>'


class PlanConstructor:
    """The constructor of one school's plan for one school year.

    Parameters
    ----------
    store : the :class:`~evalnb.core.store.Store` to read and save.
    school_id : the school (``evalnb forms`` asks for it first).
    year : the school year; default: the latest year of the school's plan, else the current one.
    lang : ``ru`` | ``en`` | ``zh`` — labels and messages (the plan's content stays Russian).
    user : who saves (written to the audit log).
    rules : the municipality's rules (a mapping, a YAML path or :class:`ControlPlanRules`).
    """

    def __init__(self, store, school_id: str, *, year: str | None = None, lang: str = "ru",
                 user: str | None = None, rules=None):
        self.store, self.lang, self.user = store, lang, user
        self._ = translator(lang, DOMAIN)
        self.rules = ControlPlanRules.load(rules)
        self.school = store.school(school_id)
        saved = store.read("control_plan", school_id=school_id)
        if year is None:
            years = sorted(set(saved["year"]))
            year = years[-1] if years else default_year()
        self.year = year
        self.plan = saved[saved["year"] == year].reset_index(drop=True)[CONTROL_PLAN.columns]
        self.saved_ids = set(self.plan["item_id"])
        self.library = library(lang)
        self.problems: dict[str, list[str]] = {}
        # what the served page wraps to ask for the user's name before a save (as for a core Form)
        self.form = SimpleNamespace(_save=lambda values: self.store.save_rows(
            "control_plan", values["rows"], user=self.user))
        self._build()
        self.refresh()

    # --- the widgets ---------------------------------------------------------------
    def _build(self) -> None:
        _ = self._
        lib_options = [(f"{r.label} — {r.object}", r.library_id) for r in self.library.itertuples()]
        months = [(month_name(m, self.lang), m) for m in SCHOOL_YEAR_MONTHS]
        people = sorted(set(self.plan["responsible"].dropna()))
        self.item = w.Dropdown(options=lib_options, layout=w.Layout(width="95%"))
        self.month = w.Dropdown(options=months, value=9)
        self.responsible = w.Combobox(options=people, placeholder=_("Responsible"),
                                      layout=w.Layout(width="20em"))
        self.add_button = w.Button(description=_("Add to the plan"), icon="plus")
        self.add_button.on_click(lambda _b: self._on_add())
        self.chosen = w.Dropdown(options=[], layout=w.Layout(width="60%"))
        self.change_button = w.Button(description=_("Set month and responsible"), icon="edit")
        self.change_button.on_click(lambda _b: self._on_change())
        self.remove_button = w.Button(description=_("Remove"), icon="trash")
        self.remove_button.on_click(lambda _b: self._on_remove())
        self.save_button = w.Button(description=_("Save the plan"), button_style="primary", icon="save")
        self.save_button.on_click(lambda _b: self.save())
        self.export_button = w.Button(description=_("Export DOCX and XLSX"), icon="download")
        self.export_button.on_click(lambda _b: self._on_export())
        self.status, self.downloads = w.HTML(""), w.HTML("")
        self.table_view, self.findings_view, self.load_view = w.HTML(""), w.HTML(""), w.HTML("")

        def label(text):
            return w.HTML(f"<b>{html.escape(text)}</b>")

        title = _("{school}: ВШК/ВСОКО plan for {year}", school=self.school["name"], year=self.year)
        self.widget = w.VBox([
            w.HTML(f"<h3>{html.escape(title)}</h3>"),
            label(_("Item of the library")), self.item,
            w.HBox([w.VBox([label(_("Month")), self.month]),
                    w.VBox([label(_("Responsible")), self.responsible])]),
            self.add_button,
            label(_("Items of the plan")), self.table_view,
            w.HBox([self.chosen, self.change_button, self.remove_button]),
            label(_("Findings")), self.findings_view,
            label(_("Load of the responsible persons")), self.load_view,
            w.HBox([self.save_button, self.export_button, self.status]), self.downloads,
        ])

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)

    # --- editing -------------------------------------------------------------------
    def _next_id(self) -> str:
        nums = [int(i) for i in self.plan["item_id"] if str(i).isdigit()]
        return f"{(max(nums) if nums else 0) + 1:02d}"

    def add(self, library_id: str, month: int, responsible: str | None) -> str:
        """Add a library item to the plan; returns its item_id."""
        item = self.library.set_index("library_id").loc[library_id]
        row = {c: None for c in CONTROL_PLAN.columns}
        row.update(school_id=self.school["school_id"], year=self.year, item_id=self._next_id(),
                   direction=item["direction"], result_kind=item["result_kind"],
                   object=item["object"], goal=item["goal"], form=item["form"],
                   methods=item["methods"], recording=item["recording"], month=int(month),
                   responsible=(responsible or "").strip() or None)
        self.plan = pd.concat([self.plan, pd.DataFrame([row])], ignore_index=True)
        self.refresh()
        return row["item_id"]

    def change(self, item_id: str, month: int | None = None, responsible: str | None = None) -> None:
        """Set an item's month and / or responsible person."""
        i = self.plan.index[self.plan["item_id"] == item_id]
        if month is not None:
            self.plan["month"] = self.plan["month"].astype(object)
            self.plan.loc[i, "month"] = int(month)
        if responsible is not None:
            self.plan.loc[i, "responsible"] = responsible.strip() or None
        self.refresh()

    def remove(self, item_id: str) -> bool:
        """Remove an item not saved yet; a saved item stays (change it instead)."""
        if item_id in self.saved_ids:
            self.status.value = _status(self._("A saved item stays in the plan; change its month or "
                                               "responsible person instead."), False)
            return False
        self.plan = self.plan[self.plan["item_id"] != item_id].reset_index(drop=True)
        self.refresh()
        return True

    def _on_add(self):
        self.add(self.item.value, self.month.value, self.responsible.value)

    def _on_change(self):
        if self.chosen.value:
            self.change(self.chosen.value, self.month.value, self.responsible.value or None)

    def _on_remove(self):
        if self.chosen.value:
            self.remove(self.chosen.value)

    # --- the live view -------------------------------------------------------------
    def findings(self) -> pd.DataFrame:
        """:func:`check_plan` of the plan as it stands (rows that fail the table's rules left out)."""
        valid, _problems = self._split()
        return check_plan(valid, rules=self.rules)

    def load(self) -> pd.DataFrame:
        valid, _problems = self._split()
        return load(valid)

    def _split(self) -> tuple[pd.DataFrame, dict[str, list[str]]]:
        """The rows that pass the table's rules, and the problems of the others by item_id."""
        plan = self.plan[CONTROL_PLAN.columns]
        typed, problems = check_table("control_plan", plan)
        bad: dict[str, list[str]] = {}
        for p in problems:
            if p.row is None:
                continue
            item = str(plan["item_id"].iloc[p.row - 2])
            bad.setdefault(item, []).append(f"{p.column}: {f.problem_message(p, self.lang)}")
        if problems:
            typed, _again = check_table("control_plan", plan[~plan["item_id"].isin(bad)])
        return typed, bad

    def refresh(self) -> None:
        _ = self._
        valid, self.problems = self._split()
        shown = self.plan.assign(month=[month_name(m, self.lang) if pd.notna(m) else ""
                                        for m in self.plan["month"]])
        shown["problem"] = shown["item_id"].map(lambda i: "; ".join(self.problems.get(i, [])))
        self.table_view.value = html_table(
            shown[["item_id", "month", "object", "responsible", "problem"]], self.lang,
            labels={"item_id": "№", "month": _("Month"), "object": _("Object of control"),
                    "responsible": _("Responsible"), "problem": _("Problem")}).html
        self.chosen.options = [(f"{r.item_id} · {r.object}", r.item_id) for r in self.plan.itertuples()]
        found = check_plan(valid, rules=self.rules)
        if found.empty:
            self.findings_view.value = _status(_("The plan has none of the faults checked."), True)
        else:
            frame = pd.DataFrame({
                "check": [check_label(c, self.lang) for c in found["check"]],
                "message": [finding_text(r, self.lang, self.rules) for r in found.to_dict("records")]})
            self.findings_view.value = html_table(frame, self.lang, labels={
                "check": _("Check"), "message": _("Finding")}).html
        g = load(valid)
        if g.empty:
            self.load_view.value = ""
        else:
            months = [m for m in SCHOOL_YEAR_MONTHS if m in set(g["month"])]
            grid = (g.pivot_table(index="responsible", columns="month", values="items", aggfunc="sum")
                    .reindex(columns=months).fillna(0).astype(int))
            grid.columns = [month_name(m, self.lang)[:3] for m in months]
            self.load_view.value = html_table(grid.reset_index(), self.lang,
                                              labels={"responsible": _("Responsible")}).html
        self.grid = g

    # --- saving and exporting -----------------------------------------------------
    def save(self) -> bool:
        """Save every row that passes the table's rules, in one transaction; True when saved."""
        _ = self._
        valid, problems = self._split()
        if valid.empty:
            self.status.value = _status(_("Nothing was saved: no item passes the table's rules."), False)
            return False
        try:
            n = self.form._save({"rows": valid})
        except (InputError, EvalnbError) as exc:
            self.status.value = _status(_("Nothing was saved:") + " " + str(exc), False)
            return False
        self.saved_ids |= set(valid["item_id"])
        text = _("Saved {n} items at {time}.", n=n, time=_dt.datetime.now().strftime("%H:%M:%S"))
        if problems:
            text += " " + _("Not saved (see their problems): {items}.", items=", ".join(problems))
        self.status.value = _status(text, not problems)
        return True

    def export_docx(self) -> bytes:
        return plan_docx(self.plan, self.school["name"], self.year, self.lang)

    def export_xlsx(self) -> bytes:
        return plan_xlsx(self.plan, self.school["name"], self.year, self.lang)

    def _on_export(self):
        stem = f"{self.school['school_id']}_plan_{self.year}"
        links = []
        for ext, data, mime in (
                ("docx", self.export_docx(),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                ("xlsx", self.export_xlsx(),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
            b64 = base64.b64encode(data).decode("ascii")
            links.append(f'<a download="{stem}.{ext}" href="data:{mime};base64,{b64}">{stem}.{ext}</a>')
        self.downloads.value = " · ".join(links)
