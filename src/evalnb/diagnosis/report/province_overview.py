"""诊改 in the province (``notebooks/diagnosis/province_overview.ipynb``).

Which vocational schools meet the conditions for sampled review (guidance
§4(三)), the review conclusions so far (§6), and the sampling plan of the
next cycle (§4(二)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...core.charts import figure, percent_axis
from ...errors import InputError
from ..eligibility import eligibility
from ..labels import conclusion_labels, issue_labels, reason_labels, standard_labels
from ..review import review_conclusion
from ..rules import DiagnosisRules
from ..sampling import SamplingPlan, coverage, sampling_plan
from ._shared import status_period_text

CONDITIONS = ("enrollment", "student_teacher_ratio", "professional_share", "building_area",
              "equipment_per_student")


@dataclass
class ProvinceData:
    schools: pd.DataFrame
    status: pd.DataFrame
    self_diagnosis: pd.DataFrame
    review: pd.DataFrame
    review_summary: pd.DataFrame
    report: pd.DataFrame
    incidents: pd.DataFrame
    requests: pd.DataFrame
    rules: DiagnosisRules
    year: int | None


def load(ctx, province: str | None = None) -> ProvinceData:
    """Every vocational school (of ``province`` when the schools table has that column); the
    report speaks the language of the province's first school unless one was asked for."""
    store = ctx.store
    schools = store.schools(kinds=["vocational"])
    if province:
        if "province" not in schools.columns:
            raise InputError("the schools table has no province column", table="schools",
                             column="province", value=province,
                             rule="leave province empty: the dataset is one province")
        schools = schools[schools["province"] == province]
    ids = list(schools["school_id"])
    if not ids:
        raise InputError("no vocational school", table="schools", column="kind",
                         rule="the province overview needs vocational schools")
    ctx.speak_as(schools.iloc[0].to_dict())
    read = lambda t: store.read(t, school_id=ids)  # noqa: E731
    status = read("vocational_status")
    year = int(status["year"].max()) if len(status) else None
    return ProvinceData(schools.reset_index(drop=True), status, read("self_diagnosis"), read("review"),
                        read("review_summary"), read("self_report_overview"), read("incidents"),
                        read("review_requests"), ctx.rules, year)


def period_text(ctx, p: ProvinceData) -> str:
    return status_period_text(ctx, p.year)


# --- eligibility -----------------------------------------------------------------------

def province_eligibility(p: ProvinceData) -> pd.DataFrame:
    return eligibility(p.schools, p.status, p.year if p.year is not None else 0, p.rules)


def eligibility_text(ctx, elig: pd.DataFrame) -> str:
    return ctx._("{eligible} of {n} vocational schools meet the five conditions of the establishment "
                 "standard (教职成〔2010〕12号) and run their 诊改 system, so they may be sampled for review "
                 "(guidance §4(三)); the others must meet them within three years of the provincial plan.",
                 eligible=int(elig["eligible"].sum()), n=len(elig))


def eligibility_table(ctx, elig: pd.DataFrame):
    _ = ctx._
    out = pd.DataFrame({"school": elig["name"], "municipality": elig["municipality"]})
    for name in CONDITIONS:
        out[name] = elig[f"{name}_ok"]
    out["system"] = elig["system_ok"]
    out["eligible"] = elig["eligible"]
    return ctx.table(out, labels={"school": _("School"), "municipality": _("Prefecture (地市)"),
                                  **standard_labels(_), "eligible": _("Eligible for review")},
                     formats={c: "bool" for c in out.columns if c not in ("school", "municipality")},
                     highlight={"evalnb-bad": ~elig["eligible"]})


def conditions_figure(ctx, elig: pd.DataFrame):
    """How many schools meet each condition (bars), out of all vocational schools."""
    _ = ctx._
    labels = standard_labels(_)
    met = [int(elig[f"{n}_ok"].sum()) for n in CONDITIONS] + [int(elig["system_ok"].sum()),
                                                              int(elig["eligible"].sum())]
    ticks = [labels[n] for n in CONDITIONS] + [labels["system"], _("Eligible for review")]
    fig, ax = figure(figsize=(10, 3.6))
    ax.barh(np.arange(len(met)), met)
    ax.axvline(len(elig), color="grey", linestyle=":", linewidth=1)
    ax.set_yticks(np.arange(len(met)), ticks)
    ax.invert_yaxis()
    ax.set_xlabel(_("Schools meeting the condition (of {n})", n=len(elig)))
    return fig


# --- review conclusions -------------------------------------------------------------------

def reviewed_conclusions(p: ProvinceData) -> pd.DataFrame:
    """Conclusions of every school-cycle with a review summary (incomplete ones raise)."""
    keys = p.review_summary[["school_id", "cycle"]]
    if keys.empty:
        return pd.DataFrame(columns=["school_id", "cycle", "matches", "conclusion"])
    pick = lambda f: f.merge(keys, on=["school_id", "cycle"])  # noqa: E731
    res = review_conclusion(pick(p.self_diagnosis), pick(p.review), p.review_summary, p.rules)
    return res.merge(p.schools[["school_id", "name", "municipality"]], on="school_id")


def conclusion_counts(res: pd.DataFrame) -> dict[str, int]:
    counts = res["conclusion"].value_counts()
    return {c: int(counts.get(c, 0)) for c in ("effective", "needs_improvement", "abnormal")}


def conclusions_table(ctx, res: pd.DataFrame):
    _ = ctx._
    out = pd.DataFrame({"school": res["name"], "municipality": res["municipality"], "cycle": res["cycle"],
                        "matches": res["matches"], "measures_targeted": res["measures_targeted"],
                        "improvement_effective": res["improvement_effective"],
                        "conclusion": res["conclusion"].map(conclusion_labels(_))})
    return ctx.table(out, labels={
        "school": _("School"), "municipality": _("Prefecture (地市)"), "cycle": _("Cycle"),
        "matches": _("Matching elements"), "measures_targeted": _("Measures well targeted"),
        "improvement_effective": _("Improvement effective"), "conclusion": _("Conclusion")},
        formats={"matches": "int", "measures_targeted": "bool", "improvement_effective": "bool"},
        highlight={"evalnb-bad": res["conclusion"] == "abnormal"})


# --- the sampling plan ------------------------------------------------------------------------

def plan_for(p: ProvinceData, cycle_start: int | None = None, cycle_years: int = 5, seed: int = 0) -> SamplingPlan:
    """The sampling plan; the cycle starts by default the year after the latest status year."""
    start = int(cycle_start) if cycle_start is not None else ((p.year or 2020) + 1)
    return sampling_plan(p.schools, p.status, start, cycle_years, incidents=p.incidents,
                         requests=p.requests, rules=p.rules, seed=seed, self_diagnosis=p.self_diagnosis)


def plan_text(ctx, plan: SamplingPlan) -> str:
    return ctx._("Cycle {start}–{end}: {reviewed} of {n} schools in scope are reviewed (at least {target} "
                 "needed, a third); {conflicts} conflict(s) are listed below.",
                 start=plan.years[0], end=plan.years[-1], reviewed=plan.reviewed, n=len(plan.scope),
                 target=plan.target, conflicts=len(plan.conflicts))


def plan_table(ctx, plan: SamplingPlan):
    _ = ctx._
    t = plan.plan
    out = pd.DataFrame({"year": t["year"], "school": t["name"], "municipality": t["municipality"],
                        "reason": t["reason"].map(reason_labels(_))})
    return ctx.table(out, labels={"year": _("Year"), "school": _("School"),
                                  "municipality": _("Prefecture (地市)"), "reason": _("Reason")},
                     formats={"year": "text"})


def conflicts_table(ctx, plan: SamplingPlan, schools: pd.DataFrame):
    _ = ctx._
    c = plan.conflicts.merge(schools[["school_id", "name"]], on="school_id", how="left")
    out = pd.DataFrame({"school": c["name"], "municipality": c["municipality"],
                        "year": c["year"].astype("string"), "issue": c["issue"].map(issue_labels(_)),
                        "detail": c["detail"]})
    return ctx.table(out, labels={"school": _("School"), "municipality": _("Prefecture (地市)"),
                                  "year": _("Year"), "issue": _("Conflict"), "detail": _("Detail")},
                     formats={c: "text" for c in out.columns})


def coverage_table(ctx, plan: SamplingPlan):
    _ = ctx._
    cov = coverage(plan)
    cov["municipality"] = cov["municipality"].replace({"total": _("Province total")})
    labels = {"municipality": _("Prefecture (地市)"), "schools": _("Schools in scope"),
              "reviews": _("Reviews"), "reviewed": _("Schools reviewed"), "share": _("Share reviewed")}
    return ctx.table(cov, labels=labels, formats={"share": "percent"})


def coverage_figure(ctx, plan: SamplingPlan):
    """Reviews planned per prefecture, stacked by year, with the share of schools covered."""
    _ = ctx._
    cov = coverage(plan)
    cov = cov[cov["municipality"] != "total"]
    fig, ax = figure(figsize=(10, 4))
    x = np.arange(len(cov))
    bottom = np.zeros(len(cov))
    for y in (str(y) for y in plan.years):
        ax.bar(x, cov[y].to_numpy(), bottom=bottom, label=y)
        bottom += cov[y].to_numpy()
    ax.set_xticks(x, cov["municipality"], rotation=30, ha="right")
    ax.set_ylabel(_("Reviews"))
    ax.set_title(_("Sampling plan: reviews by prefecture and year"))
    ax2 = ax.twinx()
    ax2.plot(x, cov["share"].to_numpy(), color="black", marker="D", linestyle="none",
             label=_("Share reviewed"))
    ax2.axhline(plan.target / max(len(plan.scope), 1), color="grey", linestyle=":", linewidth=1)
    ax2.set_ylim(0, 1.05)
    ax2.grid(False)
    percent_axis(ax2, "y", ctx.lang)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    # one legend for both axes, under the plot: never over the bars
    fig.legend(h1 + h2, l1 + l2, loc="outside lower center", ncols=2, fontsize=8)
    return fig
