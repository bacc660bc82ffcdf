"""A vocational school's 诊改 report (``notebooks/diagnosis/school_report.ipynb``).

The school's status data against the establishment standard and the
province, three-year trends, the conditions for sampled review (guidance
§4(三)), its self-diagnosis against the experts' review element by element,
and the review conclusion (§6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...core.charts import figure, percent_axis, legend_outside
from ...core.i18n import fmt_date, fmt_number, fmt_percent
from ...errors import InputError
from ..catalog import ELEMENTS, elements
from ..eligibility import eligibility, eligibility_long
from ..completeness import report_completeness
from ..labels import (attainment_labels, completeness_labels, completeness_problem_labels,
                      conclusion_labels, indicator_labels, standard_labels)
from ..review import compare_elements, review_conclusion
from ..rules import DiagnosisRules
from ..status import INDICATOR_INFO, KEY_INDICATORS, province_position, rates_long, trends
from ._shared import fmt_value, status_period_text


@dataclass
class SchoolData:
    """What a school report works on (frames already validated by the store)."""

    school: dict
    schools: pd.DataFrame        # the province's vocational schools
    status: pd.DataFrame         # the province's status rows
    self_diagnosis: pd.DataFrame  # this school's rows
    review: pd.DataFrame
    review_summary: pd.DataFrame
    rules: DiagnosisRules
    year: int | None
    cycle: str | None


def load(ctx, cycle: str | None = None) -> SchoolData:
    """The report's school (``ctx.school``) and its province's data; ``cycle`` None = the latest."""
    school, store = ctx.school, ctx.store
    school_id = str(school["school_id"])
    if school.get("kind") != "vocational":
        raise InputError(f"school {school_id} is not a vocational school", table="schools",
                         column="kind", value=school.get("kind"), rule="诊改 concerns vocational schools")
    schools = store.schools(kinds=["vocational"])
    if "province" in schools.columns and school.get("province"):
        schools = schools[schools["province"] == school["province"]]
    status = store.read("vocational_status", school_id=list(schools["school_id"]))
    own = status[status["school_id"] == school_id]
    year = int(own["year"].max()) if len(own) else None
    rows = ctx.rows("self_diagnosis", "review", "review_summary")
    sd, rv, rs = rows["self_diagnosis"], rows["review"], rows["review_summary"]
    cycles = sorted(set(sd["cycle"]) | set(rv["cycle"]) | set(rs["cycle"]))
    if cycle is None:
        cycle = cycles[-1] if cycles else None
    elif str(cycle) not in cycles:
        raise InputError(f"school {school_id} has no self-diagnosis or review for cycle {cycle!r}",
                         table="self_diagnosis", column="cycle", value=cycle,
                         rule="cycle must be one of: " + (", ".join(cycles) or "none"))
    if cycle is not None:
        cycle = str(cycle)
        sd, rv, rs = (f[f["cycle"] == cycle] for f in (sd, rv, rs))
    return SchoolData(school, schools, status, sd.reset_index(drop=True), rv.reset_index(drop=True),
                      rs.reset_index(drop=True), ctx.rules, year, cycle)


def period_text(ctx, d: SchoolData) -> str:
    """``status data 2022 · 诊改 cycle 2021-2025``."""
    parts = [status_period_text(ctx, d.year)] if d.year is not None else []
    if d.cycle is not None:
        parts.append(ctx._("诊改 cycle {cycle}", cycle=d.cycle))
    return " · ".join(parts) or status_period_text(ctx, None)


# --- status ----------------------------------------------------------------------

def status_table(ctx, d: SchoolData):
    """The key indicators: the school's value, the standard, the province, the trend."""
    _, lang = ctx._, ctx.lang
    sid = d.school["school_id"]
    pos = province_position(d.schools, d.status, d.year, KEY_INDICATORS)
    pos = pos[pos["school_id"] == sid].set_index("indicator")
    tr = trends(d.status[d.status["school_id"] == sid], d.year, KEY_INDICATORS, d.rules).set_index("indicator")
    thr = d.rules.thresholds(remote=bool(d.school.get("remote_area")))
    standard = {"enrollment_fulltime": f"≥ {fmt_number(thr['min_enrollment'], lang, 0)}",
                "student_teacher_ratio": f"≤ {fmt_number(thr['max_student_teacher_ratio'], lang, 1)}",
                "professional_share": f"≥ {fmt_percent(thr['min_professional_share'], lang, 0)}",
                "building_area_m2": f"≥ {fmt_number(thr['min_building_area_m2'], lang, 0)}",
                "equipment_per_student": f"≥ {fmt_number(thr['min_equipment_per_student'], lang, 0)}"}
    trend_words = {"better": _("better"), "worse": _("worse"), "same": _("no change"), "n/a": "—"}
    arrows = {"up": "↑", "down": "↓", "flat": "→", "n/a": ""}
    labels = indicator_labels(_)
    rows = []
    for ind in KEY_INDICATORS:
        p = pos.loc[ind]
        t = tr.loc[ind] if ind in tr.index else None
        rank = "—" if pd.isna(p["rank"]) else f"{int(p['rank'])} / {int(p['n'])}"
        rows.append({
            "indicator": labels[ind], "value": fmt_value(p["value"], ind, lang),
            "standard": standard.get(ind, ""), "median": fmt_value(p["median"], ind, lang),
            "rank": rank, "percentile": fmt_percent(p["percentile"], lang, 0),
            "trend": "—" if t is None else f"{arrows[t['direction']]} {trend_words[t['assessment']]}".strip(),
        })
    frame = pd.DataFrame(rows)
    return ctx.table(frame, labels={
        "indicator": _("Indicator"), "value": _("School, {year}", year=d.year),
        "standard": _("Standard (设置标准)"), "median": _("Province median"),
        "rank": _("Rank in the province"), "percentile": _("Percentile"),
        "trend": _("Three-year trend")}, formats={c: "text" for c in frame.columns})


TREND_CHART = ("enrollment_fulltime", "student_teacher_ratio", "dual_share", "employment_rate",
               "matching_rate", "dropout_rate")


def trend_figure(ctx, d: SchoolData, indicators=TREND_CHART):
    """Small multiples: the school's indicator over the years against the province median."""
    _ = ctx._
    labels = indicator_labels(_)
    long = rates_long(d.status, indicators)
    years = sorted(long["year"].unique())[-d.rules.trend_years:]
    long = long[long["year"].isin(years)]
    med = long.groupby(["indicator", "year"])["value"].median()
    own = long[long["school_id"] == d.school["school_id"]].set_index(["indicator", "year"])["value"]
    n = len(indicators)
    cols = 3
    fig, axes = figure(int(np.ceil(n / cols)), cols, figsize=(10, 3.0 * np.ceil(n / cols)), squeeze=False)
    for ax, ind in zip(axes.flat, indicators):
        m = med.get(ind, pd.Series(dtype=float)).reindex(years)
        o = own.get(ind, pd.Series(dtype=float)).reindex(years) if ind in own.index.get_level_values(0) \
            else pd.Series(np.nan, index=years)
        ax.plot(years, o.to_numpy(), marker="o", label=_("School"))
        ax.plot(years, m.to_numpy(), marker="s", linestyle="--", label=_("Province median"))
        ax.set_title(labels[ind], fontsize=9)
        ax.set_xticks(years)
        if INDICATOR_INFO["kind"].get(ind) == "share":
            percent_axis(ax, "y", ctx.lang)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    legend_outside(axes.flat[0], fontsize=8)
    return fig


# --- eligibility -------------------------------------------------------------------

def school_eligibility(d: SchoolData) -> pd.Series:
    """The school's row of :func:`eligibility` for the latest status year."""
    one = pd.DataFrame([d.school])
    e = eligibility(one, d.status[d.status["school_id"] == d.school["school_id"]],
                    d.year if d.year is not None else 0, d.rules)
    return e.iloc[0]


_VALUE_KIND = {"enrollment": "enrollment_fulltime", "student_teacher_ratio": "student_teacher_ratio",
               "professional_share": "professional_share", "building_area": "building_area_m2",
               "equipment_per_student": "equipment_per_student", "system": "diagnosis_system"}


def eligibility_table(ctx, row: pd.Series):
    """The five conditions and the 诊改 system: value, threshold, met or not."""
    _, lang = ctx._, ctx.lang
    long = eligibility_long(row.to_frame().T.reset_index(drop=True))
    kinds = _VALUE_KIND
    out = pd.DataFrame({
        "condition": long["indicator"].map(standard_labels(_)),
        "value": [fmt_value(v, kinds[i], lang) for i, v in zip(long["indicator"], long["value"])],
        "threshold": [("≥ " if dr == "min" else "≤ ") + fmt_value(t, kinds[i], lang) if i != "system" else "✓"
                      for i, t, dr in zip(long["indicator"], long["threshold"], long["direction"])],
        "ok": [_("met") if ok else _("not met") for ok in long["ok"]],
    })
    return ctx.table(out, labels={"condition": _("Condition"), "value": _("Value"),
                                  "threshold": _("Required"), "ok": _("Result")},
                     formats={c: "text" for c in out.columns},
                     highlight={"evalnb-bad": ~long["ok"].astype(bool)})


def eligibility_summary(ctx, row: pd.Series) -> str:
    _ = ctx._
    if row["eligible"]:
        return _("The school meets every condition for sampled review (guidance §4(三)).")
    text = _("The school does not yet meet the conditions for sampled review (guidance §4(三)); "
             "it must meet them within three years of the provincial plan (§4(四)).")
    if pd.notna(row["deadline"]):
        text += " " + _("Deadline: {date}.", date=fmt_date(row["deadline"], ctx.lang))
        if row["stop_status"] == "yes":
            text += " " + _("The deadline has passed: enrolment must stop (§6).")
        elif row["stop_status"] == "unknown":
            text += " " + _("The deadline has passed, but data are missing: whether enrolment must "
                            "stop is unknown (§6).")
    return text


# --- self-diagnosis and review --------------------------------------------------------

def comparison_table(ctx, d: SchoolData):
    """Element by element: the school's attainment, the experts', and whether they agree."""
    _ = ctx._
    cmp_ = compare_elements(d.self_diagnosis, d.review)
    el = elements()
    names = dict(zip(el["element"], el[f"element_{ctx.lang}"]))
    att = attainment_labels(_)
    if cmp_.empty:
        cmp_ = pd.DataFrame({"element": list(ELEMENTS), "self_attainment": None,
                             "review_attainment": None, "agree": False})
    out = pd.DataFrame({
        "element": cmp_["element"] + " " + cmp_["element"].map(names),
        "self": cmp_["self_attainment"].map(att).fillna("—"),
        "review": cmp_["review_attainment"].map(att).fillna("—"),
        "agree": np.where(cmp_["review_attainment"].isna() | cmp_["self_attainment"].isna(), "—",
                          np.where(cmp_["agree"], "✓", "✗")),
    })
    return ctx.table(out, labels={"element": _("Diagnostic element"), "self": _("Self-diagnosis"),
                                  "review": _("Review"), "agree": _("Agree")},
                     formats={c: "text" for c in out.columns},
                     highlight={"evalnb-bad": pd.Series(out["agree"] == "✗")})


def school_conclusion(d: SchoolData) -> pd.Series | None:
    """The review conclusion of the school's cycle, or None while the review is incomplete."""
    if d.review.empty or d.review_summary.empty:
        return None
    return review_conclusion(d.self_diagnosis, d.review, d.review_summary, d.rules).iloc[0]


def conclusion_text(ctx, row: pd.Series | None) -> str:
    _ = ctx._
    if row is None:
        return _("No review has been recorded for this cycle yet.")
    yes, no = _("yes"), _("no")
    return _("Matching elements: {n} of 16; measures well targeted: {t}; improvement effective: {e}. "
             "Conclusion: {c}.", n=int(row["matches"]), t=yes if row["measures_targeted"] else no,
             e=yes if row["improvement_effective"] else no, c=conclusion_labels(_)[row["conclusion"]])


# --- completeness of the self-diagnosis report (附2) -------------------------------------------

def report_problems(ctx, d: SchoolData) -> pd.DataFrame | None:
    """What the school's report of the cycle lacks (None: no self-diagnosis of the cycle)."""
    if d.self_diagnosis.empty:
        return None
    rep = ctx.store.read("self_report_overview", school_id=[d.school["school_id"]])
    rep = rep[rep["cycle"].astype(str) == str(d.cycle)]
    return report_completeness(d.self_diagnosis, rep)


def completeness_table(ctx, probs: pd.DataFrame):
    _ = ctx._
    names = dict(zip(elements()["element"], elements()[f"element_{ctx.lang}"]))
    out = pd.DataFrame({
        "element": [f"{e} {names.get(e, '')}" if isinstance(e, str) else "—" for e in probs["element"]],
        "part": probs["field"].map(completeness_labels(_)),
        "problem": probs["problem"].map(completeness_problem_labels(_))})
    return ctx.table(out, labels={"element": _("Diagnostic element"), "part": _("Part of the report"),
                                  "problem": _("Problem")}, formats={c: "text" for c in out.columns})
