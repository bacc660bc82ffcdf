"""The municipality: all schools, clusters, risk zones, objectivity (``municipality_overview.ipynb``).

The comprehensive analysis of the quality of educational activity as the
methodological centre presents it (Armavir order of 02.03.2020 № 204, appendix).
"""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
import pandas as pd

from ...core.charts import PALETTE, figure, legend_outside, percent_axis
from ...core.i18n import fmt_number, fmt_percent, fmt_period
from ...core.report import open_store
from ..data import KINDS, Municipality, first_municipality, municipality_figures
from ..labels import flag_evidence, flag_labels, pp, reason_text, short_labels
from ..marks import dynamics
from ._shared import (GREY, RED, REFERENCE, figures_table, in_period, num, row_of, stacked_results,
                      with_change)


class MunicipalityReport:
    """A municipality's figures for a period, from the calculators (built by :func:`load`)."""

    def __init__(self, ctx, municipality: str | None = None, period: str | None = None):
        self.rules = ctx.rules
        self.municipality = municipality or first_municipality(ctx.store)
        self.m: Municipality = municipality_figures(ctx.store, self.municipality, period, self.rules)
        self.period, self.prev = self.m.period, self.m.prev
        self.names = self.m.schools.set_index("school_id")["name"]

    def now(self, frame: pd.DataFrame) -> pd.DataFrame:
        return in_period(frame, self.period)

    def key_figures(self) -> dict:
        m = self.m
        now = row_of(dynamics(m.total, m.periods, rules=self.rules), period=self.period)
        out = {"n_schools": int(len(m.schools))}
        for name in ("pass_rate", "quality", "sou", "mean_mark"):
            out[name] = num(now[name]) if now is not None else None
            out[f"d_{name}"] = num(now[f"d_{name}"]) if now is not None else None
        risk = self.now(m.risk)
        out["risk_subjects"] = int(risk.loc[risk["level"] == "municipality", "subject"].nunique())
        out["schools_with_risk"] = int(risk.loc[risk["level"] == "school", "school_id"].nunique())
        out["flagged_schools"] = int(m.flags["school_id"].nunique())
        n = m.objectivity["n"].sum()
        out["lowered_share"] = num(m.objectivity["lowered"].sum() / n) if n else None
        e = m.essay
        out["essay_pass_share"] = num(e["passed"].sum() / e["n"].sum()) if e["n"].sum() else None
        return out

    def figures(self) -> dict:
        """The key figures the batch's index shows (for :func:`evalnb.record`)."""
        k = self.key_figures()
        return {"period": self.period, **{n: k[n] for n in (
            "n_schools", "pass_rate", "quality", "sou", "mean_mark", "d_quality", "risk_subjects",
            "schools_with_risk", "flagged_schools", "lowered_share", "essay_pass_share")}}

    def schools_frame(self) -> pd.DataFrame:
        m = self.m
        dyn = dynamics(m.stats_s, m.periods, with_municipality=False, rules=self.rules)
        now = self.now(dyn)[["school_id", "n", "pass_rate", "quality", "d_quality", "sou", "mean_mark"]]
        out = m.schools[["school_id", "name", "cluster"]].merge(now, on="school_id", how="left")
        risk = self.now(m.risk)
        risk = risk[risk["level"] == "school"].groupby("school_id")["subject"].nunique()
        out["risk_subjects"] = out["school_id"].map(risk).fillna(0).astype(int)
        obj = m.objectivity.groupby("school_id")[["n", "lowered"]].sum()
        out["lowered_share"] = out["school_id"].map(obj["lowered"] / obj["n"].where(obj["n"] > 0))
        out["flags"] = out["school_id"].map(m.flags.groupby("school_id").size()).fillna(0).astype(int)
        out["rank"] = out["school_id"].map(m.cluster.schools.set_index("school_id")["rank"])
        return out

    def subjects_frame(self) -> pd.DataFrame:
        m = self.m
        now = self.now(dynamics(m.subjects, m.periods, rules=self.rules)).copy()
        risk = self.now(m.risk)
        per_subject = risk[risk["level"] == "school"].groupby("subject")["school_id"].nunique()
        now["schools_in_risk"] = now["subject"].map(per_subject).fillna(0).astype(int)
        now["risk"] = now["subject"].isin(set(risk.loc[risk["level"] == "municipality", "subject"]))
        return now.reset_index(drop=True)


def load(ctx, municipality: str | None = None, period: str | None = None) -> MunicipalityReport:
    """The municipality (``None``: the first with general schools) in ``period`` (``None``: the
    latest with marks); the report speaks its first school's language unless one was asked for."""
    rep = MunicipalityReport(ctx, municipality, period)
    ctx.speak_as(rep.m.schools.iloc[0].to_dict())
    return rep


def subtitle(ctx, rep: MunicipalityReport) -> str:
    return ctx._("Period: {period}", period=fmt_period(rep.period, ctx.lang))


def summary(ctx, rep: MunicipalityReport) -> list[str]:
    """Two sentences: the municipality's figures, then its risk zones and flags."""
    _, lang = ctx._, ctx.lang
    k = rep.key_figures()
    return [
        _("{n} schools. In {period} the pass rate is {pass_rate} and the quality of knowledge {quality} "
          "({change} p.p. from the previous period); СОУ {sou} %.", n=k["n_schools"], period=fmt_period(rep.period, ctx.lang),
          pass_rate=fmt_percent(k["pass_rate"], lang), quality=fmt_percent(k["quality"], lang),
          change=pp(k["d_quality"], lang), sou=fmt_number(k["sou"], lang, 1)),
        _("Subjects in the risk zone in the municipality: {n}; schools with at least one subject in the "
          "risk zone: {schools}; schools with signs of non-objective assessment: {flagged}.",
          n=k["risk_subjects"], schools=k["schools_with_risk"], flagged=k["flagged_schools"])]


def schools_table(ctx, rep: MunicipalityReport):
    _, short = ctx._, short_labels(ctx._)
    f = rep.schools_frame()
    show = pd.DataFrame({
        "name": f["name"], "pass_rate": f["pass_rate"],
        "quality": with_change(f["quality"], f["d_quality"], ctx.lang, "percent"),
        "sou": f["sou"], "rank": f["rank"], "risk_subjects": f["risk_subjects"]})
    return figures_table(ctx, show, labels={
        "name": _("School"), "pass_rate": short["pass_rate"], "quality": short["quality"],
        "sou": _("СОУ, %"), "rank": _("Place in cluster"), "risk_subjects": _("Subjects in the risk zone")},
        percent=("pass_rate",), number=("sou",), ints=("rank", "risk_subjects"),
        caption=_("Schools in {period}; in brackets: the change of quality from {prev}, p.p.; "
                  "highlighted: schools with signs of non-objective assessment",
                  period=fmt_period(rep.period, ctx.lang), prev=fmt_period(rep.prev, ctx.lang)),
        highlight={"evalnb-warn": f["flags"] > 0})


def clusters_table(ctx, rep: MunicipalityReport):
    _, short = ctx._, short_labels(ctx._)
    c = rep.m.cluster.clusters
    show = c[["cluster", "n_schools", "n", "pass_rate", "quality", "sou", "median"]].copy()
    show["cluster"] = show["cluster"].replace("", _("(no cluster)"))
    return figures_table(ctx, show, labels={
        "cluster": _("Cluster"), "n_schools": _("Schools"), "n": _("N"), "pass_rate": short["pass_rate"],
        "quality": short["quality"], "sou": _("СОУ, %"), "median": _("Median quality of the schools")},
        percent=("pass_rate", "quality", "median"), number=("sou",), ints=("n_schools", "n"),
        caption=_("Clusters in {period}", period=fmt_period(rep.period, ctx.lang)))


def subjects_table(ctx, rep: MunicipalityReport):
    _, short = ctx._, short_labels(ctx._)
    f = rep.subjects_frame()
    show = f[["subject", "n", "pass_rate", "quality"]].copy()
    show["d_quality"] = [pp(x, ctx.lang) for x in f["d_quality"]]
    show["sou"] = f["sou"]
    show["mean_mark"] = [fmt_number(x, ctx.lang, 2) for x in f["mean_mark"]]
    show["schools_in_risk"] = f["schools_in_risk"]
    return figures_table(ctx, show, labels={
        "subject": _("Subject"), "n": _("N"), "pass_rate": short["pass_rate"], "quality": short["quality"],
        "d_quality": _("Δ, p.p."), "sou": _("СОУ, %"), "mean_mark": _("Mean mark"),
        "schools_in_risk": _("Schools with the subject in the risk zone")},
        percent=("pass_rate", "quality"), number=("sou",), ints=("n", "schools_in_risk"),
        caption=_("Subjects in the municipality in {period}", period=fmt_period(rep.period, ctx.lang)),
        highlight={"evalnb-warn": f["risk"]})


def risk_text(ctx, rep: MunicipalityReport) -> str:
    """The subjects in the risk zone for the municipality as a whole, with their reasons."""
    _ = ctx._
    risk = rep.now(rep.m.risk)
    muni = risk[risk["level"] == "municipality"]
    if muni.empty:
        return _("No subject is in the risk zone for the municipality as a whole in {period}.",
                 period=fmt_period(rep.period, ctx.lang))
    return _("Subjects in the risk zone for the municipality: {subjects}.",
             subjects="; ".join(f"{s} — " + ", ".join(reason_text(r, _, ctx.lang) for _i, r in g.iterrows())
                                for s, g in muni.groupby("subject", sort=False)))


def risk_table(ctx, rep: MunicipalityReport):
    """The schools' subjects in the risk zone (``None`` when there are none)."""
    _, short = ctx._, short_labels(ctx._)
    risk = rep.now(rep.m.risk)
    school = risk[risk["level"] == "school"]
    if school.empty:
        return None
    rows = [{"school": rep.names.get(sid, sid), "subject": subject,
             "quality": grp["quality"].iloc[0], "pass_rate": grp["pass_rate"].iloc[0],
             "reasons": "; ".join(reason_text(r, _, ctx.lang) for _i, r in grp.iterrows())}
            for (sid, subject), grp in school.groupby(["school_id", "subject"], sort=False)]
    return figures_table(ctx, pd.DataFrame(rows), labels={
        "school": _("School"), "subject": _("Subject"), "quality": short["quality"],
        "pass_rate": short["pass_rate"], "reasons": _("Why")}, percent=("quality", "pass_rate"),
        caption=_("Subjects of the schools in the risk zone in {period}", period=fmt_period(rep.period, ctx.lang)), compact=False)


def flags_table(ctx, rep: MunicipalityReport):
    """Signs of non-objective assessment per school (``None`` when none was found)."""
    _ = ctx._
    f = rep.m.flags
    if f.empty:
        return None
    names = flag_labels(_)
    show = pd.DataFrame({
        "school": [rep.names.get(s, s) for s in f["school_id"]],
        "flag": [names[c] for c in f["flag"]], "procedure": f["procedure"], "subject": f["subject"],
        "evidence": [flag_evidence(r, _, ctx.lang) for _i, r in f.iterrows()]})
    return ctx.table(show, labels={
        "school": _("School"), "flag": _("Sign"), "procedure": _("Procedure"), "subject": _("Subject"),
        "evidence": _("Evidence")}, formats={c: "text" for c in show.columns})


def objectivity_chart(ctx, rep: MunicipalityReport):
    o = rep.m.objectivity_muni
    return stacked_results(ctx, o[o["n"] > 0].reset_index(drop=True),
                           ctx._("External marks against journal marks, municipality"))


def objectivity_by_school_chart(ctx, rep: MunicipalityReport):
    _ = ctx._
    f = rep.schools_frame().dropna(subset=["lowered_share"]).sort_values("lowered_share")
    if f.empty:
        return None
    fig, ax = figure(figsize=(7.5, 0.28 * len(f) + 1.2))
    y, flagged = np.arange(len(f)), (f["flags"].fillna(0) > 0).to_numpy(dtype=bool)
    ax.barh(y[~flagged], f["lowered_share"][~flagged], color=GREY, label=_("School"))
    if flagged.any():
        ax.barh(y[flagged], f["lowered_share"][flagged], color=RED,
                label=_("School with signs of non-objectivity"))
    ax.set_yticks(np.arange(len(f)), list(f["name"]), fontsize=8)
    ax.axvline(rep.key_figures()["lowered_share"] or 0, color=REFERENCE, lw=0.8, ls="--",
               label=_("Municipality"))
    ax.set_xlim(0, 1)
    percent_axis(ax, "x", ctx.lang)
    ax.grid(axis="x")
    ax.set_title(_("Share of external marks lower than the journal mark, by school"))
    legend_outside(ax)
    return fig


def heatmap(ctx, rep: MunicipalityReport, metric: str = "quality"):
    """School × subject heat map of a measure in the period (``None`` without marks)."""
    lang = ctx.lang
    grid = rep.now(rep.m.stats_sp).pivot_table(index="school_id", columns="subject", values=metric,
                                               aggfunc="first")
    if grid.empty:
        return None
    grid = grid.reindex([s for s in rep.m.schools["school_id"] if s in grid.index])
    fig, ax = figure(figsize=(7.8, 0.32 * len(grid) + 2.0))
    im = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="RdYlGn", vmin=0.3, vmax=1.0)
    ax.set_yticks(np.arange(len(grid)), [rep.names.get(s, s) for s in grid.index], fontsize=8)
    ax.set_xticks(np.arange(grid.shape[1]), list(grid.columns), rotation=35, ha="right", fontsize=8)
    ax.grid(False)
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid.iat[i, j]
            if pd.notna(v):
                ax.text(j, i, fmt_number(100 * v, lang, 0), ha="center", va="center", fontsize=7)
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02,
                 format=matplotlib.ticker.FuncFormatter(lambda v, _p: fmt_percent(v, lang, 0)))
    ax.set_title(ctx._("Quality of knowledge, school × subject, {period}", period=fmt_period(rep.period, ctx.lang)))
    return fig


def dynamics_chart(ctx, rep: MunicipalityReport):
    subj = rep.m.subjects
    order = [p for p in rep.m.periods.sort_values("start")["period"] if p in set(subj["period"])]
    fig, ax = figure(figsize=(7.5, 3.6))
    for i, (s, g) in enumerate(subj.groupby("subject", sort=True)):
        g = g.set_index("period").reindex(order)
        ax.plot(order, g["quality"], marker="o", label=s, color=PALETTE[i % len(PALETTE)])
    ax.axhline(rep.rules.risk_quality_below, color=REFERENCE, lw=0.8, ls="--",
               label=ctx._("Risk zone: quality below {value}",
                           value=fmt_percent(rep.rules.risk_quality_below, ctx.lang, 0)))
    ax.set_xticks(range(len(order)), [fmt_period(p, ctx.lang) for p in order])
    percent_axis(ax, "y", ctx.lang)
    ax.set_title(ctx._("Quality of knowledge by subject, period to period"))
    legend_outside(ax, ncols=3)
    return fig


def essay_table(ctx, rep: MunicipalityReport):
    _ = ctx._
    e = rep.m.essay
    if e.empty:
        return None
    show = e.assign(school=[rep.names.get(s, s) for s in e["school_id"]])[
        ["school", "n", "passed", "pass_share", "first_pass_share"]]
    return figures_table(ctx, show, labels={
        "school": _("School"), "n": _("Students who wrote"), "passed": _("Passed"),
        "pass_share": _("Pass share"), "first_pass_share": _("Passed at the first attempt")},
        percent=("pass_share", "first_pass_share"), ints=("n", "passed"),
        caption=_("Final essay (итоговое сочинение), grade 11"))


def municipalities(store) -> list[str]:
    """Municipalities with general schools (the batch's parameter sets for the overview)."""
    s = open_store(store).schools(kinds=KINDS, with_rows_in="students")
    return list(pd.unique(s["municipality"]))
