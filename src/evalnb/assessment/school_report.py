"""One school's report: its marks and external results against its municipality (``school_report.ipynb``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import record as _record
from ..core import report as core_report
from ..core.charts import figure, percent_axis
from ..core.i18n import fmt_date, fmt_number, fmt_percent
from ..core.tables import html_table
from ._report_base import (BLUE, GREY, RED, _Base, _num, _percent_table, _row, _store, stacked_results,
                           with_change)
from .data import (Municipality, in_window, load_school, municipality_figures, previous_period,
                   resolve_period, year_window)
from .essay import essay_pass
from .external import objectivity
from .labels import (ACTIONS, BECAUSE, FLAGS, MEASURES, RESULTS, SHORT, flag_evidence, pp,
                     reason_text, signed)
from .marks import dynamics, mark_stats
from .recommend import recommendations
from .risk import risk_zones
from .rules import AssessmentRules


class SchoolReport(_Base):
    """One school's analysis for a period, against its municipality.

    Parameters
    ----------
    data : a :class:`~evalnb.core.store.Store`, database URL, SQLite file or CSV folder.
    school_id : the school.
    period : the period reported; ``None`` = the latest with the school's marks.
    lang : ``en`` | ``ru`` | ``zh``; ``None`` = the school's language.
    rules_path : the municipality's rules (YAML), or ``None`` for the defaults.
    """

    def __init__(self, data, school_id: str, period: str | None = None, lang: str | None = None,
                 rules_path=None):
        self.store = _store(data)
        self.rules = AssessmentRules.load(rules_path)
        self.data = load_school(self.store, school_id)
        self.school = self.data.school
        self.school_id = school_id
        self.lang = core_report.resolve_lang(lang, self.school, "ru")
        d = self.data
        periods = d.periods
        self.period = resolve_period(periods, period, with_marks=pd.unique(d.marks["period"]))
        self.prev = previous_period(periods, self.period)
        self.muni: Municipality = municipality_figures(self.store, self.school["municipality"],
                                                       self.period, self.rules)
        r = self.rules
        self.window = year_window(periods, self.period, r)
        ext = in_window(d.external, self.window)
        # the school's own figures, from its own rows
        self.stats = mark_stats(d.marks, d.students, by=("subject", "period"), rules=r)
        self.total = mark_stats(d.marks, d.students, by=("period",), rules=r)
        self.dyn = dynamics(self.stats, periods, rules=r)
        self.dyn_total = dynamics(self.total, periods, rules=r)
        now = d.marks[(d.marks["period"] == self.period).to_numpy(dtype=bool)]
        now.attrs.update(d.marks.attrs)
        self.classes = mark_stats(now, d.students, by=("grade", "class_label"), rules=r)
        self.objectivity = objectivity(ext, d.marks, periods, d.students, by=("procedure", "subject"), rules=r)
        self.objectivity = self.objectivity[self.objectivity["n"] > 0].reset_index(drop=True)
        self.objectivity_all = objectivity(ext, d.marks, periods, d.students, by=(), rules=r)
        self.essay = essay_pass(ext, d.students, by=("class_label",), rules=r)
        self.essay_total = essay_pass(ext, d.students, by=(), rules=r)
        risk = risk_zones(self.stats, rules=r, periods=periods)
        self.risk = risk[(risk["period"] == self.period).to_numpy(dtype=bool)].reset_index(drop=True)
        self.history_risk = self._risk_of(lambda s: s["grade"].between(*r.history_grades).fillna(False),
                                          subjects=r.is_history)
        self.gia_risk = self._risk_of(lambda s: s["grade"].isin(list(r.gia_grades)).fillna(False))
        flags = self.muni.flags
        self.flags = flags[(flags["school_id"] == school_id).to_numpy(dtype=bool)].reset_index(drop=True)
        self.recommendations = recommendations(self.risk, self.flags, self.essay, self.history_risk,
                                               self.gia_risk)
        place = self.muni.cluster.schools
        self.place = _row(place, school_id=school_id)

    def _risk_of(self, student_filter, subjects=None) -> pd.DataFrame:
        d = self.data
        ids = d.students.loc[student_filter(d.students).to_numpy(dtype=bool), "student_id"]
        marks = d.marks[d.marks["student_id"].isin(ids).to_numpy(dtype=bool)]
        if subjects is not None:
            marks = marks[marks["subject"].map(subjects).to_numpy(dtype=bool)]
        marks.attrs.update(d.marks.attrs)
        if marks.empty:
            return pd.DataFrame(columns=["subject", "period", "reason"])
        risk = risk_zones(mark_stats(marks, d.students, by=("subject", "period"), rules=self.rules),
                          rules=self.rules, periods=d.periods)
        return risk[(risk["period"] == self.period).to_numpy(dtype=bool)].reset_index(drop=True)

    # --- header and key figures ------------------------------------------------
    @property
    def period_text(self) -> str:
        return self._("Period: {period}", period=self.period)

    def start(self) -> None:
        core_report.start(self.school["name"], f"{self.school['municipality']} · {self.period_text}",
                          self.lang, key=self.school_id,
                          kicker=self._("Marks and external assessments"))
        self._style()

    def key_figures(self) -> dict:
        """The school's measures in the period, the municipality's, and the change."""
        now = _row(self.dyn_total, period=self.period)
        muni = _row(self.muni.total, period=self.period)
        out = {}
        for m in ("pass_rate", "quality", "sou", "mean_mark"):
            out[m] = _num(now[m]) if now is not None else None
            out[f"d_{m}"] = _num(now[f"d_{m}"]) if now is not None else None
            out[f"muni_{m}"] = _num(muni[m]) if muni is not None else None
        return out

    def summary(self):
        """A short paragraph and the key-figures table."""
        k = self.key_figures()
        lang = self.lang
        if k["quality"] is None:
            core_report.paragraph(self._("The school has no journal marks in this period."))
            return None
        core_report.paragraph(self._(
            "In {period} the school's pass rate is {pass_rate} and its quality of knowledge "
            "{quality} (municipality: {muni_pass_rate} and {muni_quality}).",
            period=self.period, pass_rate=fmt_percent(k["pass_rate"], lang),
            quality=fmt_percent(k["quality"], lang), muni_pass_rate=fmt_percent(k["muni_pass_rate"], lang),
            muni_quality=fmt_percent(k["muni_quality"], lang)))
        rows = []
        for m in ("pass_rate", "quality", "sou", "mean_mark"):
            share = m in ("pass_rate", "quality")
            f = (lambda v: fmt_percent(v, lang)) if share else (lambda v: fmt_number(v, lang, 1 if m == "sou" else 2))
            change = (self._("{change} p.p.", change=pp(k[f"d_{m}"], lang)) if share
                      else signed(k[f"d_{m}"], lang, 1 if m == "sou" else 2))
            rows.append({"measure": self._(MEASURES[m]), "school": f(k[m]), "muni": f(k[f"muni_{m}"]),
                         "change": change})
        return html_table(pd.DataFrame(rows), lang, labels={
            "measure": self._("Measure"), "school": self._("School"), "muni": self._("Municipality"),
            "change": self._("Change from the previous period")},
            formats={c: "text" for c in ("measure", "school", "muni", "change")})

    # --- subjects -----------------------------------------------------------------
    def subjects_frame(self) -> pd.DataFrame:
        now = self.dyn[(self.dyn["period"] == self.period).to_numpy(dtype=bool)]
        muni = self.muni.subjects[(self.muni.subjects["period"] == self.period).to_numpy(dtype=bool)]
        out = now.merge(muni[["subject", "quality", "pass_rate"]].rename(
            columns={"quality": "muni_quality", "pass_rate": "muni_pass_rate"}), on="subject", how="left")
        risky = set(self.risk["subject"])
        out["risk"] = out["subject"].isin(risky)
        return out.reset_index(drop=True)

    def subjects_table(self):
        """Each subject's measures, with the change from the previous period in brackets."""
        f = self.subjects_frame()
        lang = self.lang
        show = pd.DataFrame({
            "subject": f["subject"], "n": f["n"],
            "pass_rate": with_change(f["pass_rate"], f["d_pass_rate"], lang, "percent"),
            "quality": with_change(f["quality"], f["d_quality"], lang, "percent"),
            "sou": with_change(f["sou"], f["d_sou"], lang, "number"),
            "mean_mark": with_change(f["mean_mark"], f["d_mean_mark"], lang, "mark"),
            "muni_quality": f["muni_quality"]})
        return _percent_table(show, lang, labels={
            "subject": self._("Subject"), "n": self._("N"), "pass_rate": self._(SHORT["pass_rate"]),
            "quality": self._(SHORT["quality"]), "sou": self._("СОУ, %"), "mean_mark": self._("Mean mark"),
            "muni_quality": self._("Quality, municipality")},
            percent=("muni_quality",), ints=("n",),
            caption=self._("Subjects in {period}; in brackets: the change from {prev} (shares in "
                           "percentage points)", period=self.period, prev=self.prev or "—"),
            highlight={"evalnb-warn": f["risk"]})

    def subjects_chart(self):
        f = self.subjects_frame()
        if f.empty:
            return None
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        fig, ax = figure(figsize=(7.5, 3.8))
        x = np.arange(len(f))
        ax.bar(x - 0.2, f["quality"], 0.4, color=[RED if r else BLUE for r in f["risk"]])
        ax.bar(x + 0.2, f["muni_quality"], 0.4, color=GREY)
        handles = [Patch(color=BLUE, label=self._("School")),
                   Patch(color=RED, label=self._("School: subject in the risk zone")),
                   Patch(color=GREY, label=self._("Municipality"))]
        if f["prev_quality"].notna().any():
            ax.scatter(x - 0.2, f["prev_quality"], marker="_", s=250, color="black", zorder=3)
            handles.append(Line2D([], [], color="black", label=self._("Previous period")))
        ax.axhline(self.rules.risk_quality_below, color=RED, lw=0.8, ls="--")
        ax.set_xticks(x, f["subject"], rotation=30, ha="right")
        ax.set_ylim(0, 1)
        percent_axis(ax, "y", self.lang)
        ax.set_title(self._("Quality of knowledge by subject"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        return fig

    def classes_table(self):
        c = self.classes
        if c.empty:
            return None
        show = c[["class_label", "n", "pass_rate", "quality", "sou"]].copy()
        show["mean_mark"] = [fmt_number(x, self.lang, 2) for x in c["mean_mark"]]
        return _percent_table(show, self.lang, labels={
            "class_label": self._("Class"), "n": self._("N"), "pass_rate": self._(SHORT["pass_rate"]),
            "quality": self._(SHORT["quality"]), "sou": self._("СОУ, %"), "mean_mark": self._("Mean mark")},
            percent=("pass_rate", "quality"), number=("sou",), ints=("n",),
            caption=self._("Classes in {period}, all subjects", period=self.period))

    # --- external against internal ----------------------------------------------
    def objectivity_frame(self) -> pd.DataFrame:
        o = self.objectivity
        m = self.muni.objectivity_muni[["procedure", "subject", "lowered_share"]].rename(
            columns={"lowered_share": "muni_lowered_share"})
        return o.merge(m, on=["procedure", "subject"], how="left")

    def objectivity_table(self):
        o = self.objectivity_frame()
        if o.empty:
            core_report.paragraph(self._("No external procedure with marks to compare in this school year."))
            return None
        show = o[["procedure", "subject", "n", "lowered_share", "confirmed_share", "raised_share",
                  "muni_lowered_share", "n_unmatched"]]
        return _percent_table(show, self.lang, labels={
            "procedure": self._("Procedure"), "subject": self._("Subject"),
            "n": self._("Results compared"), "lowered_share": self._(RESULTS["lowered"]),
            "confirmed_share": self._(RESULTS["confirmed"]), "raised_share": self._(RESULTS["raised"]),
            "muni_lowered_share": self._("Lowered, municipality"),
            "n_unmatched": self._("Without a journal mark")},
            percent=("lowered_share", "confirmed_share", "raised_share", "muni_lowered_share"),
            ints=("n", "n_unmatched"),
            caption=self._("External procedures from {start} to {end} against the journal mark of the "
                           "last period before each", start=fmt_date(self.window[0], self.lang),
                           end=fmt_date(self.window[1], self.lang)), compact=False)

    def objectivity_chart(self):
        o = self.objectivity_frame()
        if o.empty:
            return None
        return stacked_results(o, [f"{p} · {s}" for p, s in zip(o["procedure"], o["subject"])],
                               self.lang, self._("External marks against journal marks"))

    def essay_table(self):
        e = self.essay
        if e.empty:
            return None
        return _percent_table(e[["class_label", "n", "passed", "pass_share", "first_pass_share"]], self.lang,
                              labels={"class_label": self._("Class"), "n": self._("Students who wrote"),
                                      "passed": self._("Passed"), "pass_share": self._("Pass share"),
                                      "first_pass_share": self._("Passed at the first attempt")},
                              percent=("pass_share", "first_pass_share"), ints=("n", "passed"),
                              caption=self._("Final essay (итоговое сочинение), grade 11"))

    # --- risk zone, cluster, flags, recommendations ------------------------------
    def risk_table(self):
        if self.risk.empty:
            core_report.paragraph(self._("No subject of the school is in the risk zone in {period}.",
                                         period=self.period))
            return None
        rows = []
        for subject, grp in self.risk.groupby("subject", sort=False):
            rows.append({"subject": subject, "quality": grp["quality"].iloc[0],
                         "pass_rate": grp["pass_rate"].iloc[0],
                         "reasons": "; ".join(reason_text(r, self.lang) for _, r in grp.iterrows())})
        return _percent_table(pd.DataFrame(rows), self.lang, labels={
            "subject": self._("Subject"), "quality": self._(SHORT["quality"]),
            "pass_rate": self._(SHORT["pass_rate"]), "reasons": self._("Why")},
            percent=("quality", "pass_rate"),
            caption=self._("Subjects in the risk zone in {period}", period=self.period), compact=False)

    def cluster_place(self):
        p = self.place
        if p is None or pd.isna(p["value"]):
            core_report.paragraph(self._("The school has no place in a cluster in this period."))
            return None
        cluster = p["cluster"] or self._("(no cluster)")
        core_report.paragraph(self._(
            "«{cluster}»: place {rank} of {n} in the cluster by quality of knowledge ({value}); the "
            "cluster median is {median}, the school is {gap} p.p. from it.", cluster=cluster, rank=int(p["rank"]),
            n=int(p["n_in_cluster"]), value=fmt_percent(p["value"], self.lang),
            median=fmt_percent(p["median"], self.lang), gap=pp(p["gap_to_median"], self.lang)))
        mates = self.muni.cluster.schools
        mates = mates[(mates["cluster"] == p["cluster"]).to_numpy(dtype=bool)].sort_values(
            "value", ascending=False, na_position="last")
        fig, ax = figure(figsize=(6.5, 2.8))
        x = np.arange(len(mates))
        ax.bar(x, mates["value"], color=[RED if s == self.school_id else GREY for s in mates["school_id"]])
        ax.axhline(p["median"], color="black", lw=0.8, ls="--", label=self._("Cluster median"))
        ax.set_xticks(x, [str(i + 1) for i in x])
        ax.set_xlabel(self._("Place in the cluster"))
        ax.set_ylim(0, 1)
        percent_axis(ax, "y", self.lang)
        ax.set_title(self._("Quality of knowledge of the cluster's schools"))
        ax.legend(loc="lower left", fontsize=8)
        return fig

    def flags_table(self):
        if self.flags.empty:
            core_report.paragraph(self._("No sign of non-objective assessment was found."))
            return None
        f = self.flags
        show = pd.DataFrame({
            "flag": [self._(FLAGS[c]) for c in f["flag"]], "procedure": f["procedure"],
            "subject": f["subject"], "evidence": [flag_evidence(r, self.lang) for _, r in f.iterrows()]})
        return html_table(show, self.lang, labels={
            "flag": self._("Sign"), "procedure": self._("Procedure"), "subject": self._("Subject"),
            "evidence": self._("Evidence")}, formats={c: "text" for c in show.columns})

    def recommendations_list(self) -> list[str]:
        out = []
        for _, r in self.recommendations.iterrows():
            text = self._("Item {item} of the order: ", item=r["item"]) + self._(ACTIONS[r["action"]])
            if len(r["subjects"]):
                text += " " + self._("Subjects: {subjects}.", subjects=", ".join(r["subjects"]))
            text += " " + self._("Because of: {reasons}.", reasons=", ".join(self._(BECAUSE[b]) for b in r["because"]))
            out.append(text)
        return out

    def show_recommendations(self) -> None:
        items = self.recommendations_list()
        if not items:
            core_report.paragraph(self._("The analysis calls for none of the order's follow-up actions."))
            return
        core_report.paragraph(self._("Follow-up actions of the order of 02.03.2020 № 204 (item 1) that apply "
                                     "to what was found:"))
        core_report.bullets(items)

    def record(self) -> dict:
        """Record the key figures for the batch's index; returns them."""
        k = self.key_figures()
        lowered = self.objectivity_all
        essay = self.essay_total
        figures = {
            "period": self.period,
            "pass_rate": k["pass_rate"], "quality": k["quality"], "sou": k["sou"],
            "mean_mark": k["mean_mark"], "d_quality": k["d_quality"],
            "risk_subjects": int(self.risk["subject"].nunique()),
            "lowered_share": _num(lowered["lowered_share"].iloc[0]) if len(lowered) else None,
            "flags": int(len(self.flags)),
            "cluster_rank": int(self.place["rank"]) if self.place is not None and pd.notna(self.place["rank"]) else None,
            "essay_pass_share": _num(essay["pass_share"].iloc[0]) if len(essay) else None,
            "recommendations": list(self.recommendations["item"]),
        }
        for name, value in figures.items():
            _record(name, value)
        return figures


__all__ = ["SchoolReport"]
