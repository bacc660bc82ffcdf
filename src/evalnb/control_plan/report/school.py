"""The school report: the plan's findings, the load of the responsible persons, the Положение.

Called by ``notebooks/control_plan/school_report.ipynb``; nothing here
decides a rule — :func:`check_plan`, :func:`load` and :func:`check_document`
do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.charts import figure
from ...core.tables import html_table
from ..labels import check_label, finding_text, kind_label, month_name, RESULT_KINDS, DIRECTIONS
from .common import (document_findings, document_of, documents_folder, load, resolve_year,
                     rules_table, school_findings)


class SchoolPlanReport:
    """One school's plan for one school year, checked, and its Положение."""

    def __init__(self, ctx, year: str | None = None, documents=None, data=None):
        self.ctx = ctx
        self._ = ctx._
        self.lang = ctx.lang
        self.rules = ctx.rules
        school_id = ctx.school["school_id"]
        all_plans = ctx.store.read("control_plan", school_id=school_id)
        self.year = resolve_year(all_plans, year, f"school {school_id}")
        self.plan = all_plans[all_plans["year"] == self.year].reset_index(drop=True)
        self.findings = school_findings(self.plan, self.rules)
        self.load = load(self.plan)
        self.document = document_of(documents_folder(data, documents), school_id)
        self.doc_findings = document_findings(self.document, ctx.school["name"], self.rules)

    # --- figures -------------------------------------------------------------------
    def record(self) -> dict:
        import evalnb

        f = self.findings
        figures = {
            "items": len(self.plan),
            "errors": int((f["severity"] == "error").sum()),
            "warnings": int((f["severity"] == "warning").sum()),
            "document_findings": None if self.doc_findings is None else len(self.doc_findings),
        }
        for k, v in figures.items():
            evalnb.record(k, v)
        return figures

    def summary(self):
        _ = self._
        f = self.findings
        rows = [(_("Items in the plan"), len(self.plan)),
                (_("Errors"), int((f["severity"] == "error").sum())),
                (_("Warnings"), int((f["severity"] == "warning").sum())),
                (_("Findings in the Положение"),
                 "—" if self.doc_findings is None else len(self.doc_findings))]
        frame = pd.DataFrame(rows, columns=["what", "n"])
        frame["n"] = frame["n"].astype(str)
        return html_table(frame, self.lang, labels={"what": _("Figure"), "n": _("Value")})

    # --- the plan ------------------------------------------------------------------
    def findings_table(self):
        """The plan's findings in the reader's language; None when the plan is clean."""
        if self.findings.empty:
            return None
        _ = self._
        f = self.findings
        frame = pd.DataFrame({
            "check": [check_label(c, self.lang) for c in f["check"]],
            "severity": [_(s) for s in f["severity"]],
            "message": [finding_text(r, self.lang, self.rules) for r in f.to_dict("records")],
        })
        return html_table(frame, self.lang, labels={"check": _("Check"), "severity": _("Severity"),
                                                    "message": _("Finding")},
                          highlight={"evalnb-bad": f["severity"].eq("error")})

    def coverage_table(self):
        """Items per direction and result kind."""
        _ = self._
        p = self.plan
        key = np.where(p["direction"] == "results", p["result_kind"].fillna(""), "")
        counts = p.assign(kind=key).groupby(["direction", "kind"], sort=False).size()
        rows = []
        for direction in self.rules.directions:
            kinds = ["subject", "metasubject", "personal"] if direction == "results" else [""]
            for kind in kinds:
                label = _(RESULT_KINDS[kind]) if kind else _(DIRECTIONS.get(direction, direction))
                rows.append({"what": label, "items": int(counts.get((direction, kind), 0))})
        frame = pd.DataFrame(rows)
        return html_table(frame, self.lang, labels={"what": _("Direction"), "items": _("Items")},
                          formats={"items": "int"})

    def load_chart(self):
        """Responsible × month grid of items; cells above the limit in red. None without items."""
        g = self.load
        if g.empty:
            return None
        _ = self._
        months = [m for m in (list(range(9, 13)) + list(range(1, 9)))
                  if m in set(g["month"]) or m in self.rules.months]
        people = sorted(g["responsible"].unique())
        grid = (g.pivot_table(index="responsible", columns="month", values="items", aggfunc="sum")
                .reindex(index=people, columns=months).fillna(0).astype(int))
        limit = self.rules.max_items_per_person_month
        fig, ax = figure(figsize=(7.5, 0.45 * len(people) + 1.4))
        colours = np.where(grid.to_numpy() > limit, 2, np.where(grid.to_numpy() > 0, 1, 0))
        from matplotlib.colors import ListedColormap

        ax.imshow(colours, cmap=ListedColormap(["#f4f4f4", "#cfe0ee", "#e8a49c"]), vmin=0, vmax=2,
                  aspect="auto")
        for (i, j), n in np.ndenumerate(grid.to_numpy()):
            if n:
                ax.text(j, i, str(n), ha="center", va="center", fontsize=9)
        ax.set_xticks(range(len(months)), [month_name(m, self.lang)[:3] for m in months])
        ax.set_yticks(range(len(people)), people)
        ax.grid(False)
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(_("Items per responsible person and month (more than {max}: red)", max=limit))
        return fig

    # --- the Положение ---------------------------------------------------------------
    def document_table(self):
        """The Положение's findings; None when there are none or no document."""
        if self.doc_findings is None or self.doc_findings.empty:
            return None
        _ = self._
        f = self.doc_findings
        frame = pd.DataFrame({"line": f["line"], "section": f["section"].replace("", "—"),
                              "kind": [kind_label(k, self.lang) for k in f["kind"]],
                              "quote": f["quote"], "suggestion": f["suggestion"]})
        return html_table(frame, self.lang, formats={"line": "int"},
                          labels={"line": _("Line"), "section": _("Section"), "kind": _("Fault"),
                                  "quote": _("As written"), "suggestion": _("Suggestion")})

    def document_note(self) -> str:
        _ = self._
        if self.document is None:
            return _("No Положение о ВШК и ВСОКО of the school is on file.")
        if self.doc_findings.empty:
            return _("The Положение ({name}) has none of the typical faults.", name=self.document.name)
        return _("The Положение ({name}): {n} findings, listed below with a suggestion for each.",
                 name=self.document.name,
                 n=len(self.doc_findings))

    def rules_table(self, only_changed: bool = False):
        return rules_table(self.rules, self.lang, only_changed=only_changed)
