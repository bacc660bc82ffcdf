"""One school's marks and external results against its municipality (``school_report.ipynb``).

The analysis the Armavir methodological centre presents to deputy directors
(order of 02.03.2020 № 204 and its appendix), for one school and one period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.charts import figure, legend_outside, percent_axis
from ...core.i18n import fmt_date, fmt_number, fmt_percent, fmt_period
from ..data import Municipality, in_window, municipality_figures, previous_period, resolve_period, year_window
from ..essay import essay_pass
from ..external import objectivity
from ..labels import (action_labels, because_labels, flag_evidence, flag_labels, measure_labels, pp,
                      reason_text, result_labels, short_labels, signed)
from ..marks import dynamics, mark_stats
from ..recommend import recommendations
from ..risk import risk_zones
from ._shared import (GREY, RED, REFERENCE, SUBJECT, figures_table, in_period, num, row_of, stacked_results,
                      with_change)


class SchoolReport:
    """One school's figures for a period, against its municipality, from the calculators.

    Built by :func:`load`; holds frames only (nothing here displays or translates).
    """

    def __init__(self, ctx, period: str | None = None):
        self.store, self.rules, self.school = ctx.store, ctx.rules, ctx.school
        self.school_id = sid = str(self.school["school_id"])
        rows = ctx.rows("students", "marks", "external")
        self.students, self.marks, self.external = rows["students"], rows["marks"], rows["external"]
        self.periods = periods = self.store.read("periods")
        self.period = resolve_period(periods, period, with_marks=pd.unique(self.marks["period"]))
        self.prev = previous_period(periods, self.period)
        self.muni: Municipality = municipality_figures(self.store, self.school["municipality"],
                                                       self.period, self.rules)
        r, st, marks = self.rules, self.students, self.marks
        self.window = year_window(periods, self.period, r)
        ext = in_window(self.external, self.window)
        self.stats = mark_stats(marks, st, by=("subject", "period"), rules=r)
        self.total = mark_stats(marks, st, by=("period",), rules=r)
        self.dyn = dynamics(self.stats, periods, rules=r)
        self.dyn_total = dynamics(self.total, periods, rules=r)
        now = in_period(marks, self.period)
        now.attrs.update(marks.attrs)
        self.classes = mark_stats(now, st, by=("grade", "class_label"), rules=r)
        obj = objectivity(ext, marks, periods, st, by=("procedure", "subject"), rules=r)
        self.objectivity = obj[obj["n"] > 0].reset_index(drop=True)
        self.objectivity_all = objectivity(ext, marks, periods, st, by=(), rules=r)
        self.essay = essay_pass(ext, st, by=("class_label",), rules=r)
        self.essay_total = essay_pass(ext, st, by=(), rules=r)
        self.risk = in_period(risk_zones(self.stats, rules=r, periods=periods), self.period).reset_index(drop=True)
        self.history_risk = self._risk_of(lambda s: s["grade"].between(*r.history_grades).fillna(False),
                                          subjects=r.is_history)
        self.gia_risk = self._risk_of(lambda s: s["grade"].isin(list(r.gia_grades)).fillna(False))
        flags = self.muni.flags
        self.flags = flags[(flags["school_id"] == sid).to_numpy(dtype=bool)].reset_index(drop=True)
        self.recommendations = recommendations(self.risk, self.flags, self.essay, self.history_risk,
                                               self.gia_risk)
        self.place = row_of(self.muni.cluster.schools, school_id=sid)

    def _risk_of(self, student_filter, subjects=None) -> pd.DataFrame:
        st = self.students
        ids = st.loc[student_filter(st).to_numpy(dtype=bool), "student_id"]
        marks = self.marks[self.marks["student_id"].isin(ids).to_numpy(dtype=bool)]
        if subjects is not None:
            marks = marks[marks["subject"].map(subjects).to_numpy(dtype=bool)]
        marks.attrs.update(self.marks.attrs)
        if marks.empty:
            return pd.DataFrame(columns=["subject", "period", "reason"])
        risk = risk_zones(mark_stats(marks, st, by=("subject", "period"), rules=self.rules),
                          rules=self.rules, periods=self.periods)
        return in_period(risk, self.period).reset_index(drop=True)

    def key_figures(self) -> dict:
        """The school's measures in the period, the municipality's, and the change."""
        now = row_of(self.dyn_total, period=self.period)
        muni = row_of(self.muni.total, period=self.period)
        out = {}
        for m in ("pass_rate", "quality", "sou", "mean_mark"):
            out[m] = num(now[m]) if now is not None else None
            out[f"d_{m}"] = num(now[f"d_{m}"]) if now is not None else None
            out[f"muni_{m}"] = num(muni[m]) if muni is not None else None
        return out

    def figures(self) -> dict:
        """The key figures the batch's index shows (for :func:`evalnb.record`)."""
        k = self.key_figures()
        lowered, essay, place = self.objectivity_all, self.essay_total, self.place
        return {
            "period": self.period,
            "pass_rate": k["pass_rate"], "quality": k["quality"], "sou": k["sou"],
            "mean_mark": k["mean_mark"], "d_quality": k["d_quality"],
            "risk_subjects": int(self.risk["subject"].nunique()),
            "lowered_share": num(lowered["lowered_share"].iloc[0]) if len(lowered) else None,
            "flags": int(len(self.flags)),
            "cluster_rank": int(place["rank"]) if place is not None and pd.notna(place["rank"]) else None,
            "essay_pass_share": num(essay["pass_share"].iloc[0]) if len(essay) else None,
            "recommendations": list(self.recommendations["item"]),
        }

    def subjects_frame(self) -> pd.DataFrame:
        now = in_period(self.dyn, self.period)
        muni = in_period(self.muni.subjects, self.period)
        out = now.merge(muni[["subject", "quality", "pass_rate"]].rename(
            columns={"quality": "muni_quality", "pass_rate": "muni_pass_rate"}), on="subject", how="left")
        out["risk"] = out["subject"].isin(set(self.risk["subject"]))
        return out.reset_index(drop=True)

    def objectivity_frame(self) -> pd.DataFrame:
        m = self.muni.objectivity_muni[["procedure", "subject", "lowered_share"]].rename(
            columns={"lowered_share": "muni_lowered_share"})
        return self.objectivity.merge(m, on=["procedure", "subject"], how="left")


def load(ctx, period: str | None = None) -> SchoolReport:
    """The report's school (``ctx.school``) in ``period`` (``None``: its latest period with marks)."""
    return SchoolReport(ctx, period)


def subtitle(ctx, rep: SchoolReport) -> str:
    return f"{rep.school['municipality']} · " + ctx._("Period: {period}", period=fmt_period(rep.period, ctx.lang))


# --- key figures ---------------------------------------------------------------------

def summary(ctx, rep: SchoolReport) -> tuple[str, object]:
    """``(sentence, key-figures table or None)``: the school's figures beside the municipality's."""
    _, lang = ctx._, ctx.lang
    k = rep.key_figures()
    if k["quality"] is None:
        return _("The school has no journal marks in this period."), None
    text = _("In {period} the school's pass rate is {pass_rate} and its quality of knowledge "
             "{quality} (municipality: {muni_pass_rate} and {muni_quality}).",
             period=fmt_period(rep.period, ctx.lang), pass_rate=fmt_percent(k["pass_rate"], lang),
             quality=fmt_percent(k["quality"], lang), muni_pass_rate=fmt_percent(k["muni_pass_rate"], lang),
             muni_quality=fmt_percent(k["muni_quality"], lang))
    names, rows = measure_labels(_), []
    for m in ("pass_rate", "quality", "sou", "mean_mark"):
        share = m in ("pass_rate", "quality")
        f = (lambda v: fmt_percent(v, lang)) if share else (lambda v: fmt_number(v, lang, 1 if m == "sou" else 2))
        change = (_("{change} p.p.", change=pp(k[f"d_{m}"], lang)) if share
                  else signed(k[f"d_{m}"], lang, 1 if m == "sou" else 2))
        rows.append({"measure": names[m], "school": f(k[m]), "muni": f(k[f"muni_{m}"]), "change": change})
    return text, ctx.table(pd.DataFrame(rows), labels={
        "measure": _("Measure"), "school": _("School"), "muni": _("Municipality"),
        "change": _("Change from the previous period")},
        formats={c: "text" for c in ("measure", "school", "muni", "change")})


# --- subjects and classes ---------------------------------------------------------------

def subjects_table(ctx, rep: SchoolReport):
    """Each subject's measures, with the change from the previous period in brackets."""
    _, lang, short = ctx._, ctx.lang, short_labels(ctx._)
    f = rep.subjects_frame()
    show = pd.DataFrame({
        "subject": f["subject"], "n": f["n"],
        "pass_rate": with_change(f["pass_rate"], f["d_pass_rate"], lang, "percent"),
        "quality": with_change(f["quality"], f["d_quality"], lang, "percent"),
        "sou": with_change(f["sou"], f["d_sou"], lang, "number"),
        "mean_mark": with_change(f["mean_mark"], f["d_mean_mark"], lang, "mark"),
        "muni_quality": f["muni_quality"]})
    return figures_table(ctx, show, labels={
        "subject": _("Subject"), "n": _("N"), "pass_rate": short["pass_rate"],
        "quality": short["quality"], "sou": _("СОУ, %"), "mean_mark": _("Mean mark"),
        "muni_quality": _("Quality, municipality")},
        percent=("muni_quality",), ints=("n",),
        caption=_("Subjects in {period}; in brackets: the change from {prev} (shares in "
                  "percentage points)", period=fmt_period(rep.period, ctx.lang), prev=fmt_period(rep.prev, ctx.lang)),
        highlight={"evalnb-warn": f["risk"]})


def subjects_chart(ctx, rep: SchoolReport):
    _ = ctx._
    f = rep.subjects_frame()
    if f.empty:
        return None
    fig, ax = figure(figsize=(7.5, 4.2))
    x = np.arange(len(f))
    risk = f["risk"].to_numpy(dtype=bool)
    ax.bar(x[~risk] - 0.2, f["quality"][~risk], 0.4, color=SUBJECT, label=_("School"))
    if risk.any():
        ax.bar(x[risk] - 0.2, f["quality"][risk], 0.4, color=RED,
               label=_("School: subject in the risk zone"))
    ax.bar(x + 0.2, f["muni_quality"], 0.4, color=GREY, label=_("Municipality"))
    if f["prev_quality"].notna().any():
        ax.scatter(x - 0.2, f["prev_quality"], marker="_", s=250, color="black", zorder=3,
                   label=_("Previous period"))
    ax.axhline(rep.rules.risk_quality_below, color=REFERENCE, lw=0.8, ls="--",
               label=_("Risk zone: quality below {value}",
                       value=fmt_percent(rep.rules.risk_quality_below, ctx.lang, 0)))
    ax.set_xticks(x, f["subject"], rotation=30, ha="right")
    ax.set_ylim(0, 1)
    percent_axis(ax, "y", ctx.lang)
    ax.set_title(_("Quality of knowledge by subject"), pad=12)   # clear of the 100 % tick
    legend_outside(ax, ncols=3)
    return fig


def classes_table(ctx, rep: SchoolReport):
    _, short = ctx._, short_labels(ctx._)
    c = rep.classes
    if c.empty:
        return None
    show = c[["class_label", "n", "pass_rate", "quality", "sou"]].copy()
    show["mean_mark"] = [fmt_number(x, ctx.lang, 2) for x in c["mean_mark"]]
    return figures_table(ctx, show, labels={
        "class_label": _("Class"), "n": _("N"), "pass_rate": short["pass_rate"],
        "quality": short["quality"], "sou": _("СОУ, %"), "mean_mark": _("Mean mark")},
        percent=("pass_rate", "quality"), number=("sou",), ints=("n",),
        caption=_("Classes in {period}, all subjects", period=fmt_period(rep.period, ctx.lang)))


# --- external against internal -------------------------------------------------------------

def objectivity_table(ctx, rep: SchoolReport):
    """External procedures against journal marks (``None`` when there is nothing to compare)."""
    _, results = ctx._, result_labels(ctx._)
    o = rep.objectivity_frame()
    if o.empty:
        return None
    show = o[["procedure", "subject", "n", "lowered_share", "confirmed_share", "raised_share",
              "muni_lowered_share", "n_unmatched"]]
    return figures_table(ctx, show, labels={
        "procedure": _("Procedure"), "subject": _("Subject"),
        "n": _("Results compared"), "lowered_share": results["lowered"],
        "confirmed_share": results["confirmed"], "raised_share": results["raised"],
        "muni_lowered_share": _("Lowered, municipality"), "n_unmatched": _("Without a journal mark")},
        percent=("lowered_share", "confirmed_share", "raised_share", "muni_lowered_share"),
        ints=("n", "n_unmatched"),
        caption=_("External procedures from {start} to {end} against the journal mark of the "
                  "last period before each", start=fmt_date(rep.window[0], ctx.lang),
                  end=fmt_date(rep.window[1], ctx.lang)), compact=False)


def objectivity_chart(ctx, rep: SchoolReport):
    return stacked_results(ctx, rep.objectivity_frame(), ctx._("External marks against journal marks"))


def essay_table(ctx, rep: SchoolReport):
    _ = ctx._
    e = rep.essay
    if e.empty:
        return None
    return figures_table(ctx, e[["class_label", "n", "passed", "pass_share", "first_pass_share"]],
                         labels={"class_label": _("Class"), "n": _("Students who wrote"),
                                 "passed": _("Passed"), "pass_share": _("Pass share"),
                                 "first_pass_share": _("Passed at the first attempt")},
                         percent=("pass_share", "first_pass_share"), ints=("n", "passed"),
                         caption=_("Final essay (итоговое сочинение), grade 11"))


# --- risk zone, cluster, flags, recommendations ------------------------------------------------

def risk_table(ctx, rep: SchoolReport):
    """The school's subjects in the risk zone and why (``None`` when there are none)."""
    _, short = ctx._, short_labels(ctx._)
    if rep.risk.empty:
        return None
    rows = [{"subject": subject, "quality": grp["quality"].iloc[0], "pass_rate": grp["pass_rate"].iloc[0],
             "reasons": "; ".join(reason_text(r, _, ctx.lang) for _i, r in grp.iterrows())}
            for subject, grp in rep.risk.groupby("subject", sort=False)]
    return figures_table(ctx, pd.DataFrame(rows), labels={
        "subject": _("Subject"), "quality": short["quality"], "pass_rate": short["pass_rate"],
        "reasons": _("Why")}, percent=("quality", "pass_rate"),
        caption=_("Subjects in the risk zone in {period}", period=fmt_period(rep.period, ctx.lang)), compact=False)


def cluster_text(ctx, rep: SchoolReport) -> str:
    """The school's place in its cluster, in one sentence."""
    _, lang, p = ctx._, ctx.lang, rep.place
    if p is None or pd.isna(p["value"]):
        return _("The school has no place in a cluster in this period.")
    return _("«{cluster}»: place {rank} of {n} in the cluster by quality of knowledge ({value}); the "
             "cluster median is {median}, the school is {gap} p.p. from it.",
             cluster=p["cluster"] or _("(no cluster)"), rank=int(p["rank"]), n=int(p["n_in_cluster"]),
             value=fmt_percent(p["value"], lang), median=fmt_percent(p["median"], lang),
             gap=pp(p["gap_to_median"], lang))


def cluster_chart(ctx, rep: SchoolReport):
    """The quality of the cluster's schools, the school in its own colour (``None`` without a place)."""
    _, p = ctx._, rep.place
    if p is None or pd.isna(p["value"]):
        return None
    mates = rep.muni.cluster.schools
    mates = mates[(mates["cluster"] == p["cluster"]).to_numpy(dtype=bool)].sort_values(
        "value", ascending=False, na_position="last")
    fig, ax = figure(figsize=(6.5, 2.8))
    x = np.arange(len(mates))
    own = (mates["school_id"] == rep.school_id).to_numpy(dtype=bool)
    values = mates["value"].to_numpy(dtype=float)
    ax.bar(x[own], values[own], color=SUBJECT, label=_("School"))
    ax.bar(x[~own], values[~own], color=GREY, label=_("Other schools of the cluster"))
    ax.axhline(p["median"], color=REFERENCE, lw=0.8, ls="--", label=_("Cluster median"))
    ax.set_xticks(x, [str(i + 1) for i in x])
    ax.set_xlabel(_("Place in the cluster"))
    ax.set_ylim(0, 1)
    percent_axis(ax, "y", ctx.lang)
    ax.set_title(_("Quality of knowledge of the cluster's schools"), pad=12)
    legend_outside(ax, ncols=3)
    return fig


def flags_table(ctx, rep: SchoolReport):
    """Signs of non-objective assessment (``None`` when none was found)."""
    _ = ctx._
    f = rep.flags
    if f.empty:
        return None
    names = flag_labels(_)
    show = pd.DataFrame({
        "flag": [names[c] for c in f["flag"]], "procedure": f["procedure"], "subject": f["subject"],
        "evidence": [flag_evidence(r, _, ctx.lang) for _i, r in f.iterrows()]})
    return ctx.table(show, labels={"flag": _("Sign"), "procedure": _("Procedure"), "subject": _("Subject"),
                                   "evidence": _("Evidence")}, formats={c: "text" for c in show.columns})


def recommendations_list(ctx, rep: SchoolReport) -> list[str]:
    """The follow-up actions of item 1 of the order that apply, one sentence each."""
    _ = ctx._
    actions, because = action_labels(_), because_labels(_)
    out = []
    for _i, r in rep.recommendations.iterrows():
        text = _("Item {item} of the order: ", item=r["item"]) + actions[r["action"]]
        if len(r["subjects"]):
            text += " " + _("Subjects: {subjects}.", subjects=", ".join(r["subjects"]))
        text += " " + _("Because of: {reasons}.", reasons=", ".join(because[b] for b in r["because"]))
        out.append(text)
    return out
