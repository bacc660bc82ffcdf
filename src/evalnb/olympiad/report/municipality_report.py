"""What the municipality report of the olympiad calls: figures, tables and charts.

The notebook (``notebooks/olympiad/municipality_report.ipynb``) stays thin:
it opens a :class:`MunicipalityReport` and shows its parts.  Coverage and
quality are drawn against the reference values the order reports (73 % and
35 %), which are facts of Armavir, not targets; the ИОМ register says, school
by school, which winners have no ИОМ and who is under special control.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ...core.charts import PALETTE, color, figure, percent_axis
from ...core.i18n import fmt_number, fmt_percent, translator
from ..dynamics import Dynamics, dynamics
from ..iom import iom_implementation, iom_required
from ..participation import coverage, more_than, participation_quality, school_participation
from ._common import DOMAIN, OlympiadData, names, stage_labels, table, what_is_missing

WARN = "evalnb-warn"


@dataclass
class MunicipalityReport:
    """Every calculator's result for one municipality and school year."""

    data: OlympiadData
    year: str
    coverage: pd.DataFrame
    participation: pd.DataFrame
    quality: pd.DataFrame
    dynamics: Dynamics
    required: pd.DataFrame
    implementation: pd.DataFrame


def compute(data: OlympiadData, year: str) -> MunicipalityReport:
    r = data.rules
    cov = coverage(data.olympiad, data.enrolment, data.schools, year, rules=r)
    part = school_participation(data.olympiad, data.schools, year, rules=r)
    quality = participation_quality(data.olympiad, data.schools, rules=r)
    dyn = dynamics(quality, until=year, rules=r)
    req = iom_required(data.olympiad, year, rules=r)
    imp = iom_implementation(req, data.iom, data.schools, rules=r)
    return MunicipalityReport(data, year, cov, part, quality, dyn, req, imp)


def _muni(frame: pd.DataFrame, **where) -> pd.Series | None:
    m = frame[frame["level"] == "municipality"]
    for k, v in where.items():
        m = m[m[k] == v]
    return m.iloc[0] if len(m) else None


def figures(rep: MunicipalityReport) -> dict:
    """The key figures, as recorded for the batch index."""
    cov = _muni(rep.coverage)
    out = {"coverage": float(cov["coverage"]) if cov is not None else None}
    for st in rep.data.rules.quality_stages:
        q = _muni(rep.quality, year=rep.year, stage=st)
        out[f"quality_{st}"] = float(q["quality"]) if q is not None else None
    pc = rep.dynamics.positive_count
    first = rep.data.rules.quality_stages[0]
    hit = pc[(pc["year"] == rep.year) & (pc["stage"] == first)]
    out["schools_positive"] = int(hit["schools_positive"].sum())
    imp = _muni(rep.implementation, year=rep.year)
    out["iom_required"] = int(imp["required"]) if imp is not None else 0
    out["iom_implementation"] = float(imp["implementation"]) if imp is not None else None
    out["iom_missing"] = int(imp["required"] - imp["with_iom"]) if imp is not None else 0
    out["special_control"] = int(imp["special_control"]) if imp is not None else 0
    return out


def key_table(rep: MunicipalityReport, lang: str):
    """Key figures against what the order reports."""
    _ = translator(lang, DOMAIN)
    r = rep.data.rules
    f = figures(rep)
    stages = stage_labels(_)
    more = _("the order reports more than {value}")
    rows = [(_("Coverage of the school stage, grades {lo}–{hi}", lo=r.grade_range[0], hi=r.grade_range[1]),
             fmt_percent(f["coverage"], lang), more.format(value=fmt_percent(r.coverage_benchmark, lang, 0)))]
    for p in rep.participation.itertuples():
        rows.append((_("Schools taking part: {stage}", stage=stages[p.stage]),
                     _("{n} of {total}", n=p.schools_participating, total=p.schools_total),
                     _("target {value}", value=fmt_percent(r.school_share_target, lang, 0))))
    for st in r.quality_stages:
        rows.append((_("Quality of participation: {stage}", stage=stages[st]),
                     fmt_percent(f[f"quality_{st}"], lang),
                     more.format(value=fmt_percent(r.quality_benchmark, lang, 0))))
    rows.append((_("Schools with positive dynamics ({stage})", stage=stages[r.quality_stages[0]]),
                 fmt_number(f["schools_positive"], lang, 0), _("against the school year before")))
    rows.append((_("ИОМ implemented"), fmt_percent(f["iom_implementation"], lang),
                 _("target {value}", value=fmt_percent(r.iom_target, lang, 0))))
    rows.append((_("Winners and prize-winners without an ИОМ"),
                 _("{n} of {total}", n=f["iom_missing"], total=f["iom_required"]), ""))
    rows.append((_("Under special control (winners in several subjects)"),
                 fmt_number(f["special_control"], lang, 0), ""))
    frame = pd.DataFrame(rows, columns=["item", "value", "note"])
    return table(frame, lang, labels={"item": _("Indicator"), "value": _("Value"),
                                      "note": _("Reference")}, formats={"value": "text"}, right=("value",))


# --- coverage and quality by school ------------------------------------------------------

def by_school(rep: MunicipalityReport) -> pd.DataFrame:
    """One row per school: coverage, quality per stage, rank and change at the first stage."""
    cov = rep.coverage[rep.coverage["level"] == "school"].set_index("school_id")
    out = cov[["students", "coverage", "participations_per_student"]].copy()
    q = rep.quality[(rep.quality["level"] == "school") & (rep.quality["year"] == rep.year)]
    for st in rep.data.rules.quality_stages:
        out[f"q_{st}"] = q[q["stage"] == st].set_index("school_id")["quality"].reindex(out.index)
    first = rep.data.rules.quality_stages[0]
    b = rep.dynamics.by_school
    b = b[(b["stage"] == first) & (b["year"] == rep.year)].set_index("school_id")
    out["rank"] = b["rank"].reindex(out.index)
    out["change"] = b["change"].reindex(out.index)
    out["name"] = pd.Series(names(rep.data)).reindex(out.index)
    return out.reset_index()


def schools_table(rep: MunicipalityReport, lang: str):
    _ = translator(lang, DOMAIN)
    t = by_school(rep)
    stages = rep.data.rules.quality_stages
    labels = {"name": _("School"), "coverage": _("Coverage"), "participations_per_student":
              _("Entries per student"), "rank": _("Rank"), "change": _("Change")}
    short = {"municipal": _("Quality, municipal"), "regional": _("Quality, regional"),
             "school": _("Quality, school"), "final": _("Quality, final")}
    for st in stages:
        labels[f"q_{st}"] = short[st]
    cols = ["name", "coverage", "participations_per_student", *[f"q_{s}" for s in stages], "rank", "change"]
    view = t[cols].copy()
    view["name"] = view["name"].map(_nowrap)
    view["change"] = [("+" if c > 0 else "") + fmt_number(100 * c, lang, 1) if pd.notna(c) else "—"
                      for c in t["change"]]
    labels["change"] = _("Change, points")
    formats = {"coverage": "percent", "participations_per_student": "number", "rank": "int",
               "change": "text", **{f"q_{s}": "percent" for s in stages}}
    return table(view, lang, labels=labels, formats=formats, digits=1, right=("change",),
                 highlight={WARN: t["coverage"] > 1})


def coverage_note(rep: MunicipalityReport, lang: str) -> str | None:
    """A sentence naming the schools whose coverage exceeds 100 % (their enrolment is wrong)."""
    _ = translator(lang, DOMAIN)
    t = by_school(rep)
    over = t[t["coverage"] > 1]
    if over.empty:
        return None
    return _("Coverage above 100 % means the enrolment reported is too low; check it: {schools}.",
             schools=", ".join(f"{n} ({fmt_percent(c, lang, 0)})" for n, c in zip(over["name"], over["coverage"])))


def coverage_quality_chart(rep: MunicipalityReport, lang: str):
    """Coverage and quality by school, with the order's reference lines (73 % and 35 %)."""
    _ = translator(lang, DOMAIN)
    r = rep.data.rules
    t = by_school(rep).iloc[::-1]      # the first school on top
    fig, (a1, a2) = figure(1, 2, figsize=(7.5, max(3.2, 0.26 * len(t) + 1.2)), sharey=True)
    y = np.arange(len(t))
    over = (t["coverage"].fillna(0) > 1).to_numpy(dtype=bool)
    cov = t["coverage"].fillna(0).to_numpy(dtype=float)
    a1.barh(y[~over], cov[~over], color=color("neutral"), height=0.7)
    if over.any():
        a1.barh(y[over], cov[over], color=color("bad"), height=0.7,
                label=_("Coverage above 100 %: check the enrolment"))
    a1.axvline(r.coverage_benchmark, color=color("reference"), linestyle="--", linewidth=1,
               label=_("Coverage reported by the order (reference line)"))
    a1.set_yticks(y, t["name"])
    a1.set_title(_("Coverage, school stage"))
    a1.text(r.coverage_benchmark, len(t) - 0.3, " " + fmt_percent(r.coverage_benchmark, lang, 0),
            fontsize=8, va="bottom")
    stages = r.quality_stages
    h = 0.8 / len(stages)
    for i, st in enumerate(stages):
        a2.barh(y + (len(stages) - 1 - 2 * i) * h / 2, t[f"q_{st}"].fillna(0), height=h,
                color=PALETTE[1 + i], label=stage_labels(_)[st])
    a2.axvline(r.quality_benchmark, color=color("reference"), linestyle=":", linewidth=1.2,
               label=_("Quality reported by the order (reference line)"))
    a2.text(r.quality_benchmark, len(t) - 0.3, " " + fmt_percent(r.quality_benchmark, lang, 0),
            fontsize=8, va="bottom")
    a2.set_title(_("Quality of participation"))
    h1, l1 = a1.get_legend_handles_labels()
    h2, l2 = a2.get_legend_handles_labels()
    fig.legend(h2 + h1, l2 + l1, loc="outside lower center", ncols=2)   # outside the data
    for ax in (a1, a2):
        percent_axis(ax, "x", lang)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.grid(axis="y", visible=False)
        ax.set_ylim(-0.6, len(t) - 0.1)
    return fig


# --- positions over three years ----------------------------------------------------------------

def bump_chart(rep: MunicipalityReport, lang: str, stage: str | None = None):
    """Each school's rank by quality of participation in each year of the window (1 = best)."""
    _ = translator(lang, DOMAIN)
    stage = stage or rep.data.rules.quality_stages[0]
    b = rep.dynamics.by_school
    b = b[b["stage"] == stage]
    years = list(rep.dynamics.years)
    nm = names(rep.data)
    fig, ax = figure(figsize=(7.5, max(3.6, 0.27 * b["school_id"].nunique() + 1.2)))
    n = int(b["rank"].max()) if b["rank"].notna().any() else 1
    for i, (sid, part) in enumerate(sorted(b.groupby("school_id"), key=lambda kv: str(kv[0]))):
        part = part.set_index("year").reindex(years)
        x = np.arange(len(years))
        ranks = part["rank"].astype("float64").to_numpy()
        color = PALETTE[i % len(PALETTE)]
        improved = bool(part["positive"].iloc[-1]) if pd.notna(part["positive"].iloc[-1]) else False
        ax.plot(x, ranks, marker="o", color=color, linewidth=2.2 if improved else 1.1,
                alpha=1 if improved else 0.55, markersize=4)
        last = np.flatnonzero(~np.isnan(ranks))
        if len(last):
            j = last[-1]
            ax.text(j + 0.06, ranks[j], nm.get(sid, sid), fontsize=7, va="center", color=color)
    ax.set_xticks(np.arange(len(years)), years)
    ax.set_xlim(-0.2, len(years) - 1 + 0.75)
    ax.set_ylim(n + 0.7, 0.3)
    ax.set_yticks(range(1, n + 1))
    ax.set_ylabel(_("Rank (1 = best quality)"))
    ax.set_title(_("Positions of schools by quality of participation, {stage}",
                   stage=stage_labels(_)[stage]))
    ax.grid(axis="y", color="#eeeeee")
    return fig


def dynamics_table(rep: MunicipalityReport, lang: str):
    """Per stage and year: schools with positive dynamics, the municipality's quality and change."""
    _ = translator(lang, DOMAIN)
    pc = rep.dynamics.positive_count.copy()
    stages = stage_labels(_)
    order = {s: i for i, s in enumerate(rep.data.rules.quality_stages)}
    pc = pc.assign(_o=pc["stage"].map(order)).sort_values(["_o", "year"])
    view = pd.DataFrame({
        "stage": pc["stage"].map(stages), "year": pc["year"],
        "schools_positive": pc["schools_positive"], "value": pc["value"],
        "change": [("+" if c > 0 else "") + fmt_number(100 * c, lang, 1) if pd.notna(c) else "—"
                   for c in pc["change"]]})
    return table(view, lang, labels={
        "stage": _("Stage"), "year": _("School year"),
        "schools_positive": _("Schools with positive dynamics"),
        "value": _("Quality, municipality"), "change": _("Change, points")},
        formats={"value": "percent", "change": "text", "schools_positive": "int"}, right=("change",))


def dynamics_sentence(rep: MunicipalityReport, lang: str) -> str:
    _ = translator(lang, DOMAIN)
    first = rep.data.rules.quality_stages[0]
    b = rep.dynamics.by_school
    b = b[(b["stage"] == first) & (b["year"] == rep.year)]
    n = int(b["positive"].fillna(False).astype(bool).sum())
    every = b[b["positive_every_year"].fillna(False).astype(bool)]["school_id"].map(names(rep.data))
    text = _("{n} of {total} schools improved their quality of participation at the {stage} "
             "against the school year before.", n=n, total=int(b["value"].notna().sum()),
             stage=stage_labels(_)[first])
    if len(every):
        text += " " + _("Better every year of the last {k} school years: {schools}.",
                        k=rep.data.rules.dynamics_years, schools=", ".join(sorted(every)))
    return text


def participation_table(rep: MunicipalityReport, lang: str):
    _ = translator(lang, DOMAIN)
    p = rep.participation
    nm = names(rep.data)
    view = pd.DataFrame({
        "stage": p["stage"].map(stage_labels(_)), "taking": p["schools_participating"],
        "total": p["schools_total"], "share": p["share"],
        "missing": [", ".join(nm.get(s, s) for s in m.split(";")) if m else "—" for m in p["missing"]]})
    return table(view, lang, labels={"stage": _("Stage"), "taking": _("Schools taking part"),
                                          "total": _("General schools"), "share": _("Share"),
                                          "missing": _("Not taking part")},
                      formats={"share": "percent"}, highlight={WARN: ~p["meets_target"].fillna(True).astype(bool)})


def _nowrap(name: str) -> str:
    return str(name).replace(" ", "\u00a0")


# --- the ИОМ register ---------------------------------------------------------------------------

def iom_register(rep: MunicipalityReport, lang: str):
    """Per school: required, implemented, complete, special control, and who has no ИОМ.

    A student under special control is marked ★ in the list of those without an ИОМ.
    """
    _ = translator(lang, DOMAIN)
    imp = rep.implementation[(rep.implementation["level"] == "school") & (rep.implementation["required"] > 0)]
    special = set(rep.required.loc[rep.required["special_control"], "student_id"])
    view = pd.DataFrame({
        "name": imp["school_id"].map(names(rep.data)).map(_nowrap), "required": imp["required"],
        "with_iom": imp["with_iom"], "implementation": imp["implementation"], "complete": imp["complete"],
        "special": [f"{w} / {n}" for w, n in zip(imp["special_with_iom"], imp["special_control"])],
        "missing": [", ".join(f"{s}{' ★' if s in special else ''}" for s in m.split(";")) if m else "—"
                    for m in imp["missing"]]})
    return table(view.reset_index(drop=True), lang, labels={
        "name": _("School"), "required": _("Need an ИОМ"), "with_iom": _("With an ИОМ"),
        "implementation": _("Implemented"), "complete": _("Complete"),
        "special": _("Special control: with an ИОМ / all"),
        "missing": _("Without an ИОМ (★ special control)")}, compact=True, right=("special",),
        caption=_("ИОМ register, {year}: who has none, who is under special control", year=rep.year),
        formats={"implementation": "percent", "missing": "text", "special": "text"},
        highlight={WARN: ~imp["meets_target"].fillna(True).astype(bool).reset_index(drop=True)})


def special_list(rep: MunicipalityReport, lang: str):
    """Who is under special control, school by school (✗: no ИОМ in progress or done)."""
    _ = translator(lang, DOMAIN)
    req = rep.required[rep.required["special_control"]]
    if req.empty:
        return None
    imp = rep.implementation[rep.implementation["level"] == "school"]
    missing = set(s for m in imp["missing"] for s in m.split(";") if s)
    g = req.groupby("school_id")["student_id"].agg(list)
    view = pd.DataFrame({
        "name": [_nowrap(names(rep.data).get(s, s)) for s in g.index],
        "n": [len(v) for v in g],
        "students": [", ".join(f"{s}{' ✗' if s in missing else ''}" for s in v) for v in g]})
    return table(view, lang, labels={"name": _("School"), "n": _("Students"),
                                     "students": _("Under special control (✗ = no ИОМ)")},
                 formats={"students": "text"}, compact=True)


def special_gaps(rep: MunicipalityReport, lang: str):
    """Students under special control whose ИОМ is missing or incomplete, and what it lacks."""
    _ = translator(lang, DOMAIN)
    req = rep.required[rep.required["special_control"]]
    routes = rep.data.iom[rep.data.iom["year"] == rep.year].drop(columns=["school_id", "subjects"])
    merged = req.merge(routes, on=["student_id", "year"], how="left")
    merged["status"] = merged["status"].fillna("")
    merged["gaps"] = what_is_missing(merged, rep.data.rules, _)
    gaps = merged[merged["gaps"] != ""]
    if gaps.empty:
        return None
    view = pd.DataFrame({
        "name": gaps["school_id"].map(names(rep.data)).map(_nowrap), "student_id": gaps["student_id"],
        "grade": gaps["grade"], "subjects": gaps["subjects"].str.replace(";", ", "),
        "gaps": gaps["gaps"]})
    return table(view.reset_index(drop=True), lang, labels={
        "name": _("School"), "student_id": _("Student"), "grade": _("Grade"),
        "subjects": _("Subjects won"), "gaps": _("What is missing")}, compact=True)
