"""What the 诊改 report notebooks call: loading, labels, tables and charts.

The notebooks (``notebooks/diagnosis/*.ipynb``) stay thin: a parameters cell
and a few calls per cell into this module, which reads the store, runs the
calculators and turns their frames into translated tables and charts.
Nothing here decides a rule; the calculators and :class:`DiagnosisRules` do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.charts import figure, percent_axis
from ..core.i18n import fmt_number, fmt_percent, translator
from ..core.tables import html_table
from ..errors import InputError
from .catalog import ELEMENTS, elements
from .eligibility import eligibility, eligibility_long
from .review import compare_elements, review_conclusion
from .rules import DiagnosisRules
from .sampling import SamplingPlan, coverage, sampling_plan
from .status import INDICATOR_INFO, KEY_INDICATORS, province_position, rates_long, trends

DOMAIN = "diagnosis"
_NAME_LANG = {"en": "en", "ru": "ru", "zh": "zh"}


# --- labels ------------------------------------------------------------------

def indicator_labels(lang: str) -> dict[str, str]:
    """Translated names of the status indicators and derived rates."""
    _ = translator(lang, DOMAIN)
    return {
        "enrollment_fulltime": _("Full-time students (在校生数)"),
        "teachers_fulltime": _("Full-time teachers (专任教师)"),
        "teachers_professional": _("Professional teachers (专业教师)"),
        "teachers_dual": _("Dual-qualified teachers (双师型)"),
        "teachers_senior": _("Teachers with a senior title"),
        "teachers_part_time": _("Part-time teachers (兼职教师)"),
        "building_area_m2": _("Building floor area, m² (校舍建筑面积)"),
        "land_area_m2": _("Campus land area, m²"),
        "equipment_value_yuan": _("Value of teaching equipment, yuan"),
        "books_print": _("Printed books"),
        "graduates": _("Graduates"),
        "graduates_dual_cert": _("Graduates with two certificates"),
        "graduates_employed": _("Graduates employed (incl. further study)"),
        "graduates_further_study": _("Graduates in further study"),
        "graduates_matching": _("Graduates working in their field"),
        "enrolled_start": _("Students at the start of the year"),
        "dropouts": _("Dropouts"),
        "late_person_times": _("Late arrivals (person-times)"),
        "absence_person_times": _("Absences (person-times)"),
        "student_weeks": _("Student-weeks"),
        "diagnosis_system": _("诊改 system set up and running"),
        "student_teacher_ratio": _("Students per full-time teacher (师生比)"),
        "professional_share": _("Professional teachers' share (专业教师占比)"),
        "dual_share": _("Dual-qualified share (双师型比例)"),
        "senior_share": _("Senior-title share"),
        "equipment_per_student": _("Equipment per student, yuan (生均仪器设备值)"),
        "employment_rate": _("Employment rate (就业率)"),
        "matching_rate": _("In-field employment rate (对口率)"),
        "dual_cert_rate": _("Dual-certificate rate (双证书获取率)"),
        "dropout_rate": _("Dropout rate (辍学率)"),
        "late_rate": _("Late arrivals per 100 student-weeks"),
        "absence_rate": _("Absences per 100 student-weeks"),
    }


def standard_labels(lang: str) -> dict[str, str]:
    """Translated names of the five conditions of the establishment standard and the system."""
    _ = translator(lang, DOMAIN)
    return {
        "enrollment": _("Full-time students (在校生数)"),
        "student_teacher_ratio": _("Students per full-time teacher (师生比)"),
        "professional_share": _("Professional teachers' share (专业教师占比)"),
        "building_area": _("Building floor area, m² (校舍建筑面积)"),
        "equipment_per_student": _("Equipment per student, yuan (生均仪器设备值)"),
        "system": _("诊改 system set up and running"),
    }


def conclusion_labels(lang: str) -> dict[str, str]:
    _ = translator(lang, DOMAIN)
    return {"effective": _("effective (有效)"), "abnormal": _("abnormal (异常)"),
            "needs_improvement": _("needs improvement (待改进)")}


def attainment_labels(lang: str) -> dict[str, str]:
    _ = translator(lang, DOMAIN)
    return {"achieved": _("achieved (达成)"), "partly": _("partly achieved (基本达成)"),
            "not_achieved": _("not achieved (未达成)")}


def reason_labels(lang: str) -> dict[str, str]:
    _ = translator(lang, DOMAIN)
    return {"incident": _("major teaching incident"), "requested": _("requested by the school"),
            "sampled": _("sampled")}


def issue_labels(lang: str) -> dict[str, str]:
    _ = translator(lang, DOMAIN)
    return {
        "incident_not_eligible": _("incident school does not meet the conditions for review"),
        "incident_closing": _("incident school is listed for closure"),
        "request_not_eligible": _("requesting school does not meet the conditions for review"),
        "request_closing": _("requesting school is listed for closure"),
        "request_outside_cycle": _("requested year is outside the cycle"),
        "municipality_not_coverable": _("no school of the prefecture can be reviewed"),
        "quota_unreachable": _("too few schools can be reviewed for a third"),
    }


def _fmt(value, indicator: str, lang: str) -> str:
    kind = INDICATOR_INFO["kind"].get(indicator, "count")
    if kind == "share":
        return fmt_percent(value, lang)
    if kind in ("ratio", "per100"):
        return fmt_number(value, lang, 1)
    if kind == "flag":
        return "—" if pd.isna(value) else ("✓" if value >= 1 else "✗")
    return fmt_number(value, lang, 0)


# --- loading -----------------------------------------------------------------

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


def first_school(store) -> str:
    """A vocational school with status data (the default of the school report)."""
    ids = store.schools(kinds=["vocational"], with_rows_in="vocational_status")["school_id"]
    if ids.empty:
        raise InputError("no vocational school with status data", table="vocational_status",
                         rule="the 诊改 report needs vocational_status rows")
    return str(ids.iloc[0])


def load_school(store, school_id: str, cycle: str | None = None, rules=None) -> SchoolData:
    """One school's data and its province's (for the comparison); ``cycle`` None = the latest."""
    r = DiagnosisRules.load(rules)
    school = store.school(school_id)
    if school.get("kind") != "vocational":
        raise InputError(f"school {school_id} is not a vocational school", table="schools",
                         column="kind", value=school.get("kind"), rule="诊改 concerns vocational schools")
    schools = store.schools(kinds=["vocational"])
    if "province" in schools.columns and school.get("province"):
        schools = schools[schools["province"] == school["province"]]
    status = store.read("vocational_status", school_id=list(schools["school_id"]))
    own = status[status["school_id"] == school_id]
    year = int(own["year"].max()) if len(own) else None
    sd = store.read("self_diagnosis", school_id=school_id)
    rv = store.read("review", school_id=school_id)
    rs = store.read("review_summary", school_id=school_id)
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
                      rs.reset_index(drop=True), r, year, cycle)


def period_text(d: SchoolData, lang: str) -> str:
    _ = translator(lang, DOMAIN)
    parts = []
    if d.year is not None:
        parts.append(_("status data {year}", year=d.year))
    if d.cycle is not None:
        parts.append(_("诊改 cycle {cycle}", cycle=d.cycle))
    return " · ".join(parts) or _("no status data")


# --- status --------------------------------------------------------------------

def status_table(d: SchoolData, lang: str):
    """The key indicators: the school's value, the standard, the province, the trend."""
    _ = translator(lang, DOMAIN)
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
    labels = indicator_labels(lang)
    rows = []
    for ind in KEY_INDICATORS:
        p = pos.loc[ind]
        t = tr.loc[ind] if ind in tr.index else None
        rank = "—" if pd.isna(p["rank"]) else f"{int(p['rank'])} / {int(p['n'])}"
        rows.append({
            "indicator": labels[ind], "value": _fmt(p["value"], ind, lang),
            "standard": standard.get(ind, ""), "median": _fmt(p["median"], ind, lang),
            "rank": rank, "percentile": fmt_percent(p["percentile"], lang, 0),
            "trend": "—" if t is None else f"{arrows[t['direction']]} {trend_words[t['assessment']]}".strip(),
        })
    frame = pd.DataFrame(rows)
    return html_table(frame, lang, labels={
        "indicator": _("Indicator"), "value": _("School, {year}", year=d.year),
        "standard": _("Standard (设置标准)"), "median": _("Province median"),
        "rank": _("Rank in the province"), "percentile": _("Percentile"),
        "trend": _("Three-year trend")}, formats={c: "text" for c in frame.columns})


TREND_CHART = ("enrollment_fulltime", "student_teacher_ratio", "dual_share", "employment_rate",
               "matching_rate", "dropout_rate")


def trend_figure(d: SchoolData, lang: str, indicators=TREND_CHART):
    """Small multiples: the school's indicator over the years against the province median."""
    _ = translator(lang, DOMAIN)
    labels = indicator_labels(lang)
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
            percent_axis(ax, "y", lang)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=8)
    return fig


# --- eligibility -----------------------------------------------------------------

def school_eligibility(d: SchoolData) -> pd.Series:
    """The school's row of :func:`eligibility` for the latest status year."""
    one = pd.DataFrame([d.school])
    e = eligibility(one, d.status[d.status["school_id"] == d.school["school_id"]],
                    d.year if d.year is not None else 0, d.rules)
    return e.iloc[0]


def eligibility_table(row: pd.Series, lang: str):
    """The five conditions and the 诊改 system: value, threshold, met or not."""
    _ = translator(lang, DOMAIN)
    long = eligibility_long(row.to_frame().T.reset_index(drop=True))
    labels = standard_labels(lang)
    kinds = {"enrollment": "enrollment_fulltime", "student_teacher_ratio": "student_teacher_ratio",
             "professional_share": "professional_share", "building_area": "building_area_m2",
             "equipment_per_student": "equipment_per_student", "system": "diagnosis_system"}
    out = pd.DataFrame({
        "condition": long["indicator"].map(labels),
        "value": [_fmt(v, kinds[i], lang) for i, v in zip(long["indicator"], long["value"])],
        "threshold": [("≥ " if dr == "min" else "≤ ") + _fmt(t, kinds[i], lang) if i != "system" else "✓"
                      for i, t, dr in zip(long["indicator"], long["threshold"], long["direction"])],
        "ok": [_("met") if ok else _("not met") for ok in long["ok"]],
    })
    return html_table(out, lang, labels={"condition": _("Condition"), "value": _("Value"),
                                         "threshold": _("Required"), "ok": _("Result")},
                      formats={c: "text" for c in out.columns},
                      highlight={"evalnb-bad": ~long["ok"].astype(bool)})


def eligibility_summary(row: pd.Series, lang: str) -> str:
    _ = translator(lang, DOMAIN)
    if row["eligible"]:
        return _("The school meets every condition for sampled review (guidance §4(三)).")
    text = _("The school does not yet meet the conditions for sampled review (guidance §4(三)); "
             "it must meet them within three years of the provincial plan (§4(四)).")
    if pd.notna(row["deadline"]):
        from ..core.i18n import fmt_date
        text += " " + _("Deadline: {date}.", date=fmt_date(row["deadline"], lang))
        if row["stop_enrollment"]:
            text += " " + _("The deadline has passed: enrolment must stop (§6).")
    return text


# --- self-diagnosis and review ------------------------------------------------------

def comparison_table(d: SchoolData, lang: str):
    """Element by element: the school's attainment, the experts', and whether they agree."""
    _ = translator(lang, DOMAIN)
    cmp_ = compare_elements(d.self_diagnosis, d.review)
    el = elements()
    names = dict(zip(el["element"], el[f"element_{_NAME_LANG[lang]}"]))
    att = attainment_labels(lang)
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
    return html_table(out, lang, labels={"element": _("Diagnostic element"), "self": _("Self-diagnosis"),
                                         "review": _("Review"), "agree": _("Agree")},
                      formats={c: "text" for c in out.columns},
                      highlight={"evalnb-bad": pd.Series(out["agree"] == "✗")})


def school_conclusion(d: SchoolData) -> pd.Series | None:
    """The review conclusion of the school's cycle, or None while the review is incomplete."""
    if d.review.empty or d.review_summary.empty:
        return None
    res = review_conclusion(d.self_diagnosis, d.review, d.review_summary, d.rules)
    return res.iloc[0]


def conclusion_text(row: pd.Series | None, lang: str) -> str:
    _ = translator(lang, DOMAIN)
    if row is None:
        return _("No review has been recorded for this cycle yet.")
    yes, no = _("yes"), _("no")
    return _("Matching elements: {n} of 16; measures well targeted: {t}; improvement effective: {e}. "
             "Conclusion: {c}.", n=int(row["matches"]), t=yes if row["measures_targeted"] else no,
             e=yes if row["improvement_effective"] else no, c=conclusion_labels(lang)[row["conclusion"]])


# --- province ------------------------------------------------------------------------

@dataclass
class ProvinceData:
    schools: pd.DataFrame
    status: pd.DataFrame
    self_diagnosis: pd.DataFrame
    review: pd.DataFrame
    review_summary: pd.DataFrame
    incidents: pd.DataFrame
    requests: pd.DataFrame
    rules: DiagnosisRules
    year: int | None


def load_province(store, province: str | None = None, rules=None) -> ProvinceData:
    """Every vocational school (of ``province`` when the schools table has that column)."""
    r = DiagnosisRules.load(rules)
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
    read = lambda t: store.read(t, school_id=ids)  # noqa: E731
    status = read("vocational_status")
    year = int(status["year"].max()) if len(status) else None
    return ProvinceData(schools.reset_index(drop=True), status, read("self_diagnosis"), read("review"),
                        read("review_summary"), read("incidents"), read("review_requests"), r, year)


def province_eligibility(p: ProvinceData) -> pd.DataFrame:
    return eligibility(p.schools, p.status, p.year if p.year is not None else 0, p.rules)


def province_eligibility_table(elig: pd.DataFrame, lang: str):
    _ = translator(lang, DOMAIN)
    labels = standard_labels(lang)
    out = pd.DataFrame({"school": elig["name"], "municipality": elig["municipality"]})
    for name in ("enrollment", "student_teacher_ratio", "professional_share", "building_area",
                 "equipment_per_student"):
        out[name] = elig[f"{name}_ok"]
    out["system"] = elig["system_ok"]
    out["eligible"] = elig["eligible"]
    return html_table(out, lang, labels={"school": _("School"), "municipality": _("Prefecture (地市)"),
                                         **labels, "eligible": _("Eligible for review")},
                      formats={c: "bool" for c in out.columns if c not in ("school", "municipality")},
                      highlight={"evalnb-bad": ~elig["eligible"]})


def reviewed_conclusions(p: ProvinceData) -> pd.DataFrame:
    """Conclusions of every school-cycle with a review summary (incomplete ones raise)."""
    keys = p.review_summary[["school_id", "cycle"]]
    if keys.empty:
        return pd.DataFrame(columns=["school_id", "cycle", "matches", "conclusion"])
    pick = lambda f: f.merge(keys, on=["school_id", "cycle"])  # noqa: E731
    sd = pick(p.self_diagnosis)
    rv = pick(p.review)
    res = review_conclusion(sd, rv, p.review_summary, p.rules)
    return res.merge(p.schools[["school_id", "name", "municipality"]], on="school_id")


def conclusions_table(res: pd.DataFrame, lang: str):
    _ = translator(lang, DOMAIN)
    out = pd.DataFrame({"school": res["name"], "municipality": res["municipality"], "cycle": res["cycle"],
                        "matches": res["matches"], "measures_targeted": res["measures_targeted"],
                        "improvement_effective": res["improvement_effective"],
                        "conclusion": res["conclusion"].map(conclusion_labels(lang))})
    return html_table(out, lang, labels={
        "school": _("School"), "municipality": _("Prefecture (地市)"), "cycle": _("Cycle"),
        "matches": _("Matching elements"), "measures_targeted": _("Measures well targeted"),
        "improvement_effective": _("Improvement effective"), "conclusion": _("Conclusion")},
        formats={"matches": "int", "measures_targeted": "bool", "improvement_effective": "bool"},
        highlight={"evalnb-bad": res["conclusion"] == "abnormal"})


def conclusion_counts(res: pd.DataFrame) -> dict[str, int]:
    counts = res["conclusion"].value_counts()
    return {c: int(counts.get(c, 0)) for c in ("effective", "needs_improvement", "abnormal")}


def plan_for(p: ProvinceData, cycle_start: int | None = None, cycle_years: int = 5, seed: int = 0) -> SamplingPlan:
    """The sampling plan; the cycle starts by default the year after the latest status year."""
    start = int(cycle_start) if cycle_start is not None else ((p.year or 2020) + 1)
    return sampling_plan(p.schools, p.status, start, cycle_years, incidents=p.incidents,
                         requests=p.requests, rules=p.rules, seed=seed)


def plan_table(plan: SamplingPlan, lang: str):
    _ = translator(lang, DOMAIN)
    t = plan.plan
    out = pd.DataFrame({"year": t["year"], "school": t["name"], "municipality": t["municipality"],
                        "reason": t["reason"].map(reason_labels(lang))})
    return html_table(out, lang, labels={"year": _("Year"), "school": _("School"),
                                         "municipality": _("Prefecture (地市)"), "reason": _("Reason")},
                      formats={"year": "text"})


def conflicts_table(plan: SamplingPlan, schools: pd.DataFrame, lang: str):
    _ = translator(lang, DOMAIN)
    c = plan.conflicts.merge(schools[["school_id", "name"]], on="school_id", how="left")
    out = pd.DataFrame({"school": c["name"], "municipality": c["municipality"],
                        "year": c["year"].astype("string"), "issue": c["issue"].map(issue_labels(lang)),
                        "detail": c["detail"]})
    return html_table(out, lang, labels={"school": _("School"), "municipality": _("Prefecture (地市)"),
                                         "year": _("Year"), "issue": _("Conflict"), "detail": _("Detail")},
                      formats={c: "text" for c in out.columns})


def coverage_table(plan: SamplingPlan, lang: str):
    _ = translator(lang, DOMAIN)
    cov = coverage(plan)
    cov["municipality"] = cov["municipality"].replace({"total": _("Province total")})
    labels = {"municipality": _("Prefecture (地市)"), "schools": _("Schools in scope"),
              "reviews": _("Reviews"), "reviewed": _("Schools reviewed"), "share": _("Share reviewed")}
    return html_table(cov, lang, labels=labels, formats={"share": "percent"})


def coverage_figure(plan: SamplingPlan, lang: str):
    """Reviews planned per prefecture, stacked by year, with the share of schools covered."""
    _ = translator(lang, DOMAIN)
    cov = coverage(plan)
    cov = cov[cov["municipality"] != "total"]
    years = [str(y) for y in plan.years]
    fig, ax = figure(figsize=(10, 4))
    x = np.arange(len(cov))
    bottom = np.zeros(len(cov))
    for y in years:
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
    percent_axis(ax2, "y", lang)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=8, ncols=2)
    return fig


def conditions_figure(elig: pd.DataFrame, lang: str):
    """How many schools meet each condition (bars), out of all vocational schools."""
    _ = translator(lang, DOMAIN)
    labels = standard_labels(lang)
    names = ["enrollment", "student_teacher_ratio", "professional_share", "building_area",
             "equipment_per_student"]
    met = [int(elig[f"{n}_ok"].sum()) for n in names] + [int(elig["system_ok"].sum()),
                                                         int(elig["eligible"].sum())]
    ticks = [labels[n] for n in names] + [labels["system"], _("Eligible for review")]
    fig, ax = figure(figsize=(10, 3.6))
    ax.barh(np.arange(len(met)), met)
    ax.axvline(len(elig), color="grey", linestyle=":", linewidth=1)
    ax.set_yticks(np.arange(len(met)), ticks)
    ax.invert_yaxis()
    ax.set_xlabel(_("Schools meeting the condition (of {n})", n=len(elig)))
    return fig


def default_cycle(store, school_id: str) -> str:
    """The school's latest 诊改 cycle; else the latest of any school; else the current year."""
    import datetime as _dt

    for sid in (school_id, None):
        kw = {"school_id": sid} if sid else {}
        cycles = sorted(set(store.read("self_diagnosis", columns=["cycle"], **kw)["cycle"])
                        | set(store.read("review", columns=["cycle"], **kw)["cycle"]))
        if cycles:
            return str(cycles[-1])
    return str(_dt.date.today().year)


def period_text_province(p: ProvinceData, lang: str) -> str:
    _ = translator(lang, DOMAIN)
    return _("status data {year}", year=p.year) if p.year is not None else _("no status data")


def province_eligibility_text(elig: pd.DataFrame, lang: str) -> str:
    _ = translator(lang, DOMAIN)
    return _("{eligible} of {n} vocational schools meet the five conditions of the establishment standard "
             "(教职成〔2010〕12号) and run their 诊改 system, so they may be sampled for review "
             "(guidance §4(三)); the others must meet them within three years of the provincial plan.",
             eligible=int(elig["eligible"].sum()), n=len(elig))


def plan_text(plan: SamplingPlan, lang: str) -> str:
    _ = translator(lang, DOMAIN)
    return _("Cycle {start}–{end}: {reviewed} of {n} schools in scope are reviewed (at least {target} "
             "needed, a third); {conflicts} conflict(s) are listed below.",
             start=plan.years[0], end=plan.years[-1], reviewed=plan.reviewed, n=len(plan.scope),
             target=plan.target, conflicts=len(plan.conflicts))
