"""The municipality's report: all schools, clusters, risk zones, objectivity (``municipality_overview.ipynb``)."""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
import pandas as pd

from .. import record as _record
from ..core import report as core_report
from ..core.charts import PALETTE, figure, percent_axis
from ..core.i18n import fmt_number, fmt_percent
from ..core.tables import html_table
from ._report_base import (GREY, RED, _Base, _num, _percent_table, _row, _store, stacked_results,
                           with_change)
from .data import KINDS, Municipality, first_municipality, municipality_figures
from .labels import FLAGS, SHORT, flag_evidence, pp, reason_text
from .marks import dynamics
from .rules import AssessmentRules


class MunicipalityReport(_Base):
    """The analysis as the methodological centre presents it: all schools of a municipality.

    Parameters
    ----------
    data : a :class:`~evalnb.core.store.Store`, database URL, SQLite file or CSV folder.
    municipality : ``None`` = the first municipality with general schools.
    period : ``None`` = the latest period with marks.
    lang : ``None`` = the language of the municipality's first school.
    rules_path : the municipality's rules (YAML), or ``None``.
    """

    def __init__(self, data, municipality: str | None = None, period: str | None = None,
                 lang: str | None = None, rules_path=None):
        self.store = _store(data)
        self.rules = AssessmentRules.load(rules_path)
        self.municipality = municipality or first_municipality(self.store)
        self.m: Municipality = municipality_figures(self.store, self.municipality, period, self.rules)
        first = self.m.schools.iloc[0].to_dict()
        self.lang = core_report.resolve_lang(lang, first, "ru")
        self.period, self.prev = self.m.period, self.m.prev
        self.names = self.m.schools.set_index("school_id")["name"]

    @property
    def period_text(self) -> str:
        return self._("Period: {period}", period=self.period)

    def start(self) -> None:
        core_report.start(self.municipality, self.period_text, self.lang, key=self.municipality,
                          kicker=self._("Marks and external assessments: the municipality"))
        self._style()

    def _now(self, frame):
        return frame[(frame["period"] == self.period).to_numpy(dtype=bool)]

    def key_figures(self) -> dict:
        dyn = dynamics(self.m.total, self.m.periods, rules=self.rules)
        now = _row(dyn, period=self.period)
        out = {"n_schools": int(len(self.m.schools))}
        for mname in ("pass_rate", "quality", "sou", "mean_mark"):
            out[mname] = _num(now[mname]) if now is not None else None
            out[f"d_{mname}"] = _num(now[f"d_{mname}"]) if now is not None else None
        risk = self._now(self.m.risk)
        out["risk_subjects"] = int(risk.loc[risk["level"] == "municipality", "subject"].nunique())
        out["schools_with_risk"] = int(risk.loc[risk["level"] == "school", "school_id"].nunique())
        out["flagged_schools"] = int(self.m.flags["school_id"].nunique())
        allobj = self.m.objectivity
        n = allobj["n"].sum()
        out["lowered_share"] = _num(allobj["lowered"].sum() / n) if n else None
        e = self.m.essay
        out["essay_pass_share"] = _num(e["passed"].sum() / e["n"].sum()) if e["n"].sum() else None
        return out

    def summary(self):
        k = self.key_figures()
        lang = self.lang
        core_report.paragraph(self._(
            "{n} schools. In {period} the pass rate is {pass_rate} and the quality of knowledge {quality} "
            "({change} p.p. from the previous period); СОУ {sou} %.", n=k["n_schools"], period=self.period,
            pass_rate=fmt_percent(k["pass_rate"], lang), quality=fmt_percent(k["quality"], lang),
            change=pp(k["d_quality"], lang), sou=fmt_number(k["sou"], lang, 1)))
        core_report.paragraph(self._(
            "Subjects in the risk zone in the municipality: {n}; schools with at least one subject in the "
            "risk zone: {schools}; schools with signs of non-objective assessment: {flagged}.",
            n=k["risk_subjects"], schools=k["schools_with_risk"], flagged=k["flagged_schools"]))

    def schools_frame(self) -> pd.DataFrame:
        m = self.m
        dyn = dynamics(m.stats_s, m.periods, with_municipality=False, rules=self.rules)
        now = self._now(dyn)[["school_id", "n", "pass_rate", "quality", "d_quality", "sou", "mean_mark"]]
        out = m.schools[["school_id", "name", "cluster"]].merge(now, on="school_id", how="left")
        risk = self._now(m.risk)
        risk = risk[risk["level"] == "school"].groupby("school_id")["subject"].nunique()
        out["risk_subjects"] = out["school_id"].map(risk).fillna(0).astype(int)
        obj = m.objectivity.groupby("school_id")[["n", "lowered"]].sum()
        out["lowered_share"] = out["school_id"].map(obj["lowered"] / obj["n"].where(obj["n"] > 0))
        out["flags"] = out["school_id"].map(m.flags.groupby("school_id").size()).fillna(0).astype(int)
        out["rank"] = out["school_id"].map(m.cluster.schools.set_index("school_id")["rank"])
        return out

    def schools_table(self):
        f = self.schools_frame()
        show = pd.DataFrame({
            "name": f["name"], "pass_rate": f["pass_rate"],
            "quality": with_change(f["quality"], f["d_quality"], self.lang, "percent"),
            "sou": f["sou"], "rank": f["rank"], "risk_subjects": f["risk_subjects"]})
        return _percent_table(show, self.lang, labels={
            "name": self._("School"), "pass_rate": self._(SHORT["pass_rate"]), "quality": self._(SHORT["quality"]),
            "sou": self._("СОУ, %"), "rank": self._("Place in cluster"),
            "risk_subjects": self._("Subjects in the risk zone")},
            percent=("pass_rate",), number=("sou",), ints=("rank", "risk_subjects"),
            caption=self._("Schools in {period}; in brackets: the change of quality from {prev}, p.p.; "
                           "highlighted: schools with signs of non-objective assessment",
                           period=self.period, prev=self.prev or "—"),
            highlight={"evalnb-warn": f["flags"] > 0})

    def clusters_table(self):
        c = self.m.cluster.clusters
        show = c[["cluster", "n_schools", "n", "pass_rate", "quality", "sou", "median"]].copy()
        show["cluster"] = show["cluster"].replace("", self._("(no cluster)"))
        return _percent_table(show, self.lang, labels={
            "cluster": self._("Cluster"), "n_schools": self._("Schools"), "n": self._("N"),
            "pass_rate": self._(SHORT["pass_rate"]), "quality": self._(SHORT["quality"]),
            "sou": self._("СОУ, %"), "median": self._("Median quality of the schools")},
            percent=("pass_rate", "quality", "median"), number=("sou",), ints=("n_schools", "n"),
            caption=self._("Clusters in {period}", period=self.period))

    def subjects_frame(self) -> pd.DataFrame:
        m = self.m
        dyn = dynamics(m.subjects, m.periods, rules=self.rules)
        now = self._now(dyn).copy()
        risk = self._now(m.risk)
        per_subject = risk[risk["level"] == "school"].groupby("subject")["school_id"].nunique()
        now["schools_in_risk"] = now["subject"].map(per_subject).fillna(0).astype(int)
        muni_risk = risk[risk["level"] == "municipality"]
        now["risk"] = now["subject"].isin(set(muni_risk["subject"]))
        return now.reset_index(drop=True)

    def subjects_table(self):
        f = self.subjects_frame()
        show = f[["subject", "n", "pass_rate", "quality"]].copy()
        show["d_quality"] = [pp(x, self.lang) for x in f["d_quality"]]
        show["sou"] = f["sou"]
        show["mean_mark"] = [fmt_number(x, self.lang, 2) for x in f["mean_mark"]]
        show["schools_in_risk"] = f["schools_in_risk"]
        return _percent_table(show, self.lang, labels={
            "subject": self._("Subject"), "n": self._("N"), "pass_rate": self._(SHORT["pass_rate"]),
            "quality": self._(SHORT["quality"]), "d_quality": self._("Δ, p.p."), "sou": self._("СОУ, %"),
            "mean_mark": self._("Mean mark"), "schools_in_risk": self._("Schools with the subject in the risk zone")},
            percent=("pass_rate", "quality"), number=("sou",), ints=("n", "schools_in_risk"),
            caption=self._("Subjects in the municipality in {period}", period=self.period),
            highlight={"evalnb-warn": f["risk"]})

    def risk_table(self):
        risk = self._now(self.m.risk)
        muni = risk[risk["level"] == "municipality"]
        if muni.empty:
            core_report.paragraph(self._("No subject is in the risk zone for the municipality as a whole in "
                                         "{period}.", period=self.period))
        else:
            core_report.paragraph(self._("Subjects in the risk zone for the municipality: {subjects}.",
                                         subjects="; ".join(f"{s} — " + ", ".join(reason_text(r, self.lang)
                                                            for _, r in g.iterrows())
                                                            for s, g in muni.groupby("subject", sort=False))))
        school = risk[risk["level"] == "school"]
        if school.empty:
            return None
        rows = []
        for (sid, subject), grp in school.groupby(["school_id", "subject"], sort=False):
            rows.append({"school": self.names.get(sid, sid), "subject": subject,
                         "quality": grp["quality"].iloc[0], "pass_rate": grp["pass_rate"].iloc[0],
                         "reasons": "; ".join(reason_text(r, self.lang) for _, r in grp.iterrows())})
        return _percent_table(pd.DataFrame(rows), self.lang, labels={
            "school": self._("School"), "subject": self._("Subject"), "quality": self._(SHORT["quality"]),
            "pass_rate": self._(SHORT["pass_rate"]), "reasons": self._("Why")},
            percent=("quality", "pass_rate"),
            caption=self._("Subjects of the schools in the risk zone in {period}", period=self.period),
            compact=False)

    def flags_table(self):
        f = self.m.flags
        if f.empty:
            core_report.paragraph(self._("No sign of non-objective assessment was found."))
            return None
        show = pd.DataFrame({
            "school": [self.names.get(s, s) for s in f["school_id"]],
            "flag": [self._(FLAGS[c]) for c in f["flag"]], "procedure": f["procedure"],
            "subject": f["subject"], "evidence": [flag_evidence(r, self.lang) for _, r in f.iterrows()]})
        return html_table(show, self.lang, labels={
            "school": self._("School"), "flag": self._("Sign"), "procedure": self._("Procedure"),
            "subject": self._("Subject"), "evidence": self._("Evidence")},
            formats={c: "text" for c in show.columns})

    def objectivity_chart(self):
        o = self.m.objectivity_muni
        o = o[o["n"] > 0].reset_index(drop=True)
        if o.empty:
            return None
        return stacked_results(o, [f"{p} · {s}" for p, s in zip(o["procedure"], o["subject"])], self.lang,
                               self._("External marks against journal marks, municipality"))

    def objectivity_by_school_chart(self):
        f = self.schools_frame().dropna(subset=["lowered_share"]).sort_values("lowered_share")
        if f.empty:
            return None
        fig, ax = figure(figsize=(7.5, 0.28 * len(f) + 1.2))
        colors = [RED if n else GREY for n in f["flags"]]
        ax.barh(np.arange(len(f)), f["lowered_share"], color=colors)
        ax.set_yticks(np.arange(len(f)), list(f["name"]), fontsize=8)
        ax.axvline(self.key_figures()["lowered_share"] or 0, color="black", lw=0.8, ls="--",
                   label=self._("Municipality"))
        ax.set_xlim(0, 1)
        percent_axis(ax, "x", self.lang)
        ax.grid(axis="x")
        ax.set_title(self._("Share of external marks lower than the journal mark, by school"))
        ax.legend(loc="lower right", fontsize=8)
        return fig

    def heatmap(self, metric: str = "quality"):
        """School × subject heat map of a measure in the period."""
        now = self._now(self.m.stats_sp)
        grid = now.pivot_table(index="school_id", columns="subject", values=metric, aggfunc="first")
        if grid.empty:
            return None
        grid = grid.reindex([s for s in self.m.schools["school_id"] if s in grid.index])
        fig, ax = figure(figsize=(7.8, 0.32 * len(grid) + 2.0))
        im = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="RdYlGn", vmin=0.3, vmax=1.0)
        ax.set_yticks(np.arange(len(grid)), [self.names.get(s, s) for s in grid.index], fontsize=8)
        ax.set_xticks(np.arange(grid.shape[1]), list(grid.columns), rotation=35, ha="right", fontsize=8)
        ax.grid(False)
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                v = grid.iat[i, j]
                if pd.notna(v):
                    ax.text(j, i, fmt_number(100 * v, self.lang, 0), ha="center", va="center", fontsize=7)
        fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02,
                     format=matplotlib.ticker.FuncFormatter(
                         lambda v, _p: fmt_percent(v, self.lang, 0)))
        ax.set_title(self._("Quality of knowledge, school × subject, {period}", period=self.period))
        return fig

    def dynamics_chart(self):
        subj = self.m.subjects
        order = [p for p in self.m.periods.sort_values("start")["period"] if p in set(subj["period"])]
        fig, ax = figure(figsize=(7.5, 3.6))
        for i, (s, g) in enumerate(subj.groupby("subject", sort=True)):
            g = g.set_index("period").reindex(order)
            ax.plot(order, g["quality"], marker="o", label=s, color=PALETTE[i % len(PALETTE)])
        ax.axhline(self.rules.risk_quality_below, color=RED, lw=0.8, ls="--")
        percent_axis(ax, "y", self.lang)
        ax.set_title(self._("Quality of knowledge by subject, period to period"))
        ax.legend(fontsize=7, ncol=2, loc="lower left")
        return fig

    def essay_table(self):
        e = self.m.essay
        if e.empty:
            return None
        show = e.assign(school=[self.names.get(s, s) for s in e["school_id"]])[
            ["school", "n", "passed", "pass_share", "first_pass_share"]]
        return _percent_table(show, self.lang, labels={
            "school": self._("School"), "n": self._("Students who wrote"), "passed": self._("Passed"),
            "pass_share": self._("Pass share"), "first_pass_share": self._("Passed at the first attempt")},
            percent=("pass_share", "first_pass_share"), ints=("n", "passed"),
            caption=self._("Final essay (итоговое сочинение), grade 11"))

    def record(self) -> dict:
        k = self.key_figures()
        figures = {"period": self.period, **{n: k[n] for n in (
            "n_schools", "pass_rate", "quality", "sou", "mean_mark", "d_quality", "risk_subjects",
            "schools_with_risk", "flagged_schools", "lowered_share", "essay_pass_share")}}
        for name, value in figures.items():
            _record(name, value)
        return figures


def municipalities(store) -> list[str]:
    """Municipalities with general schools (the batch's parameter sets for the overview)."""
    s = _store(store).schools(kinds=KINDS, with_rows_in="students")
    return list(pd.unique(s["municipality"]))


__all__ = ["MunicipalityReport", "municipalities"]
