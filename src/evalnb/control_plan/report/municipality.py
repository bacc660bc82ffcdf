"""The municipality summary: how many schools have each kind of fault, in the plan and the Положение.

Called by ``notebooks/control_plan/municipality_summary.ipynb``.
"""

from __future__ import annotations

import pandas as pd

from ...core.charts import color, figure, single_bar
from ...core.tables import html_table
from ...errors import InputError
from ..calc import CHECK_ORDER
from ..docrules import KINDS
from ..labels import check_label, kind_label
from .common import document_findings, document_of, documents_folder, resolve_year, school_findings


def first_school(store, municipality: str | None = None) -> dict:
    """The first school (by id) with a ВШК/ВСОКО plan, of ``municipality`` if given."""
    schools = store.schools(municipality=municipality, with_rows_in="control_plan")
    if schools.empty:
        raise InputError("no school with a ВШК/ВСОКО plan" + (f" in {municipality!r}" if municipality else ""),
                         table="control_plan", column="municipality", value=municipality,
                         rule="the municipality must have schools with rows in control_plan")
    return schools.iloc[0].to_dict()


class MunicipalitySummary:
    """Every school of a municipality with a plan: its faults, counted by kind."""

    def __init__(self, ctx, municipality: str | None = None, year: str | None = None,
                 documents=None, data=None):
        self.ctx = ctx
        self._ = ctx._
        self.lang = ctx.lang
        self.rules = ctx.rules
        store = ctx.store
        self.municipality = municipality or first_school(store)["municipality"]
        self.schools = store.schools(municipality=self.municipality, with_rows_in="control_plan")
        if self.schools.empty:
            first_school(store, self.municipality)   # raises, naming the municipality
        plans = store.read("control_plan", school_id=self.schools["school_id"].tolist())
        self.year = resolve_year(plans, year, f"municipality {self.municipality}")
        self.plans = plans[plans["year"] == self.year].reset_index(drop=True)
        self.schools = self.schools[self.schools["school_id"].isin(self.plans["school_id"])]
        self.findings = school_findings(self.plans, self.rules)
        folder = documents_folder(data, documents)
        docs, self.doc_schools = [], set()
        for sid, name in zip(self.schools["school_id"], self.schools["name"]):
            path = document_of(folder, sid)
            f = document_findings(path, name, self.rules)
            if f is not None:
                docs.append(f.assign(school_id=sid))
                self.doc_schools.add(sid)
        self.documents_checked = len(docs)
        self.doc_findings = pd.concat(docs, ignore_index=True) if docs else pd.DataFrame(
            columns=["school_id", "kind", "code"])

    def record(self) -> dict:
        import evalnb

        f = self.findings
        n = len(self.schools)
        figures = {
            "schools": n,
            "schools_with_errors": int(f.loc[f["severity"] == "error", "school_id"].nunique()),
            "schools_with_warnings": int(f.loc[f["severity"] == "warning", "school_id"].nunique()),
            "clean_schools": n - int(f["school_id"].nunique()),
            "documents_checked": self.documents_checked,
        }
        for k, v in figures.items():
            evalnb.record(k, v)
        return figures

    def by_check(self) -> pd.DataFrame:
        """Schools with each plan check (every check listed, zero included)."""
        f = self.findings
        n = f.groupby("check")["school_id"].nunique()
        out = pd.DataFrame({"check": list(CHECK_ORDER)})
        out["schools"] = out["check"].map(n).fillna(0).astype(int)
        out["share"] = out["schools"] / len(self.schools) if len(self.schools) else float("nan")
        return out

    def by_check_table(self):
        _ = self._
        t = self.by_check()
        t["check"] = [check_label(c, self.lang) for c in t["check"]]
        return html_table(t, self.lang, formats={"schools": "int", "share": "percent"},
                          labels={"check": _("Fault of the plan"), "schools": _("Schools"),
                                  "share": _("Share of schools")})

    def by_check_chart(self):
        _ = self._
        t = self.by_check().iloc[::-1]
        if single_bar(t["schools"]):
            return None   # one fault or none: the table above says it
        fig, ax = figure(figsize=(7.5, 3.4))
        ax.barh([check_label(c, self.lang) for c in t["check"]], t["schools"], color=color("bad"))
        ax.set_xlabel(_("Schools"))
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(_("Schools with each fault of the plan"))
        return fig

    def by_kind_table(self):
        """Schools whose Положение has each kind of fault; None when no Положение was checked."""
        if not self.documents_checked:
            return None
        _ = self._
        d = self.doc_findings
        n = d.groupby("kind")["school_id"].nunique() if len(d) else pd.Series(dtype=int)
        t = pd.DataFrame({"kind": [kind_label(k, self.lang) for k in KINDS],
                          "schools": [int(n.get(k, 0)) for k in KINDS]})
        return html_table(t, self.lang, formats={"schools": "int"},
                          labels={"kind": _("Fault of the Положение"), "schools": _("Schools")})

    def schools_table(self):
        """One row per school: items, errors, warnings, the faults found."""
        _ = self._
        f = self.findings
        items = self.plans.groupby("school_id").size()
        rows = []
        for sid, name in zip(self.schools["school_id"], self.schools["name"]):
            mine = f[f["school_id"] == sid]
            checks = [c for c in CHECK_ORDER if c in set(mine["check"])]
            n_doc = int((self.doc_findings["school_id"] == sid).sum())
            rows.append({"school": name, "items": int(items.get(sid, 0)),
                         "errors": int((mine["severity"] == "error").sum()),
                         "warnings": int((mine["severity"] == "warning").sum()),
                         "faults": "; ".join(check_label(c, self.lang) for c in checks) or "—",
                         "document": str(n_doc) if sid in self.doc_schools else "—"})
        t = pd.DataFrame(rows)
        return html_table(t, self.lang, formats={"items": "int", "errors": "int", "warnings": "int"},
                          labels={"school": _("School"), "items": _("Items"), "errors": _("Errors"),
                                  "warnings": _("Warnings"), "faults": _("Faults of the plan"),
                                  "document": _("Findings in the Положение")},
                          highlight={"evalnb-bad": t["errors"] > 0})
