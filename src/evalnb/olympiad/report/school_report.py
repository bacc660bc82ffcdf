"""What the school report of the olympiad calls: its stages, its winners, its ИОМ.

A school's figures are computed on its municipality's data, so that its rank
and the municipality's values are those of the municipality report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...core.charts import PALETTE, color, figure, legend_outside, percent_axis
from ...core.i18n import fmt_number, fmt_percent, translator
from ..participation import participation_quality
from ._common import (DOMAIN, OlympiadData, iom_status_labels, stage_labels, status_labels, table,
                      what_is_missing)
from .municipality_report import MunicipalityReport, compute

WARN = "evalnb-warn"


@dataclass
class SchoolReport:
    school_id: str
    muni: MunicipalityReport

    @property
    def data(self) -> OlympiadData:
        return self.muni.data

    @property
    def year(self) -> str:
        return self.muni.year


def compute_school(data: OlympiadData, school_id: str, year: str) -> SchoolReport:
    return SchoolReport(school_id, compute(data, year))


def _row(frame: pd.DataFrame, **where) -> pd.Series | None:
    for k, v in where.items():
        frame = frame[frame[k] == v]
    return frame.iloc[0] if len(frame) else None


def figures(rep: SchoolReport) -> dict:
    m, sid, y = rep.muni, rep.school_id, rep.year
    cov = _row(m.coverage, school_id=sid)
    out = {"coverage": float(cov["coverage"]) if cov is not None else None}
    for st in rep.data.rules.quality_stages:
        q = _row(m.quality, school_id=sid, year=y, stage=st)
        out[f"quality_{st}"] = float(q["quality"]) if q is not None else None
    first = rep.data.rules.quality_stages[0]
    b = _row(m.dynamics.by_school, school_id=sid, year=y, stage=first)
    out["rank"] = int(b["rank"]) if b is not None and pd.notna(b["rank"]) else None
    imp = _row(m.implementation, school_id=sid, year=y)
    out["iom_required"] = int(imp["required"]) if imp is not None else 0
    out["iom_implementation"] = float(imp["implementation"]) if imp is not None and pd.notna(
        imp["implementation"]) else None
    out["iom_missing"] = int(imp["required"] - imp["with_iom"]) if imp is not None else 0
    return out


def key_table(rep: SchoolReport, lang: str):
    """The school's key figures next to the municipality's."""
    _ = translator(lang, DOMAIN)
    m, sid, y = rep.muni, rep.school_id, rep.year
    r = rep.data.rules
    stages = stage_labels(_)
    f = figures(rep)
    mc = _row(m.coverage[m.coverage["level"] == "municipality"])
    rows = [(_("Coverage of the school stage, grades {lo}–{hi}", lo=r.grade_range[0], hi=r.grade_range[1]),
             fmt_percent(f["coverage"], lang), fmt_percent(mc["coverage"] if mc is not None else None, lang))]
    for st in r.quality_stages:
        mq = _row(m.quality[m.quality["level"] == "municipality"], year=y, stage=st)
        rows.append((_("Quality of participation: {stage}", stage=stages[st]),
                     fmt_percent(f[f"quality_{st}"], lang),
                     fmt_percent(mq["quality"] if mq is not None else None, lang)))
    first = r.quality_stages[0]
    ranked = m.dynamics.by_school
    n = int(ranked[(ranked["year"] == y) & (ranked["stage"] == first)]["rank"].notna().sum())
    rows.append((_("Rank by quality ({stage})", stage=stages[first]),
                 _("{rank} of {n}", rank=f["rank"], n=n) if f["rank"] else "—", ""))
    mi = _row(m.implementation[m.implementation["level"] == "municipality"], year=y)
    rows.append((_("ИОМ implemented"), fmt_percent(f["iom_implementation"], lang),
                 fmt_percent(mi["implementation"] if mi is not None else None, lang)))
    rows.append((_("Winners and prize-winners without an ИОМ"),
                 _("{n} of {total}", n=f["iom_missing"], total=f["iom_required"]), ""))
    frame = pd.DataFrame(rows, columns=["item", "school", "municipality"])
    return table(frame, lang, labels={"item": _("Indicator"), "school": _("School"),
                                           "municipality": _("Municipality")},
                 formats={"school": "text", "municipality": "text"}, right=("school", "municipality"))


def coverage_note(rep: SchoolReport, lang: str) -> str | None:
    """A sentence when the school's coverage exceeds 100 % (its enrolment is too low)."""
    _ = translator(lang, DOMAIN)
    c = figures(rep)["coverage"]
    if c is None or not c > 1:
        return None
    return _("Coverage above 100 % means the enrolment reported is too low; check it: {schools}.",
             schools=f"{rep.data.schools.set_index('school_id').loc[rep.school_id, 'name']} "
                     f"({fmt_percent(c, lang, 0)})")


def stages_table(rep: SchoolReport, lang: str):
    """The school's results at every stage of every school year."""
    _ = translator(lang, DOMAIN)
    q = participation_quality(rep.data.olympiad, rep.data.schools,
                              stages=["school", "municipal", "regional", "final"], rules=rep.data.rules)
    q = q[q["school_id"] == rep.school_id].sort_values("year", ascending=False, kind="stable")
    if q.empty:
        return None
    view = pd.DataFrame({
        "year": q["year"], "stage": q["stage"].map(stage_labels(_)), "participants": q["participants"],
        "participations": q["participations"], "winners": q["winners"],
        "prize_winners": q["prize_winners"], "quality": q["quality"]})
    return table(view.reset_index(drop=True), lang, labels={
        "year": _("School year"), "stage": _("Stage"), "participants": _("Students"),
        "participations": _("Entries"), "winners": _("Winners"), "prize_winners": _("Prize-winners"),
        "quality": _("Quality")}, formats={"quality": "percent"})


def quality_chart(rep: SchoolReport, lang: str):
    """The school's quality over the years against the municipality's and the order's 35 %."""
    _ = translator(lang, DOMAIN)
    q = rep.muni.quality
    years = sorted(set(q["year"]), key=lambda s: int(s[:4]))
    fig, ax = figure(figsize=(7.5, 3.2))
    x = np.arange(len(years))
    stages = stage_labels(_)
    for i, st in enumerate(rep.data.rules.quality_stages):
        mine = q[(q["school_id"] == rep.school_id) & (q["stage"] == st)].set_index("year")["quality"]
        muni = q[(q["level"] == "municipality") & (q["stage"] == st)].set_index("year")["quality"]
        ax.plot(x, mine.reindex(years).to_numpy(dtype=float), marker="o", color=PALETTE[i],
                linewidth=2, label=stages[st])
        ax.plot(x, muni.reindex(years).to_numpy(dtype=float), linestyle=":", color=PALETTE[i],
                label=_("municipality, {stage}", stage=stages[st]))
    ax.axhline(rep.data.rules.quality_benchmark, color=color("reference"), linestyle="--", linewidth=1,
               label=_("Quality reported by the order (reference line)"))
    ax.set_xticks(x, years)
    ax.set_ylim(0, 1)
    percent_axis(ax, "y", lang)
    ax.set_title(_("Quality of participation"), pad=12)   # clear of the 100 % tick
    legend_outside(ax, ncols=2)
    return fig


def winners_table(rep: SchoolReport, lang: str):
    """Winners and prize-winners of the year (municipal stage and above), with their ИОМ."""
    _ = translator(lang, DOMAIN)
    o = rep.data.olympiad
    won = o[(o["school_id"] == rep.school_id) & (o["year"] == rep.year)
            & (o["stage"] != "school") & (o["status"] != "participant")]
    if won.empty:
        return None
    st = {"municipal": _("municipal"), "regional": _("regional"), "final": _("final")}
    stl = status_labels(_)
    order = {s: i for i, s in enumerate(("municipal", "regional", "final"))}
    won = won.assign(_o=won["stage"].map(order)).sort_values(["student_id", "subject", "_o"])
    won["award"] = [f"{s} ({st[a]}, {stl[b]})" for s, a, b in zip(won["subject"], won["stage"], won["status"])]
    awards = won.groupby("student_id")["award"].agg("; ".join)
    req = rep.muni.required.set_index("student_id")
    routes = rep.data.iom[rep.data.iom["year"] == rep.year].set_index("student_id")
    ids = sorted(awards.index)
    frame = pd.DataFrame({"student_id": ids})
    frame["grade"] = won.groupby("student_id")["grade"].max().reindex(ids).to_numpy()
    frame["awards"] = awards.reindex(ids).to_numpy()
    status = routes["status"].reindex(ids).fillna("")
    needs = pd.Series([s in req.index for s in ids], index=ids)
    frame["iom"] = [iom_status_labels(_)[s] if n else "—" for s, n in zip(status, needs)]
    detail = routes.reindex(ids)[["mentor", "psychologist", "parents_involved", "iup"]].assign(
        status=status.to_numpy())
    gaps = what_is_missing(detail, rep.data.rules, _)
    frame["gaps"] = [g if n else "" for g, n in zip(gaps, needs)]
    special = req["special_control"].reindex(ids).fillna(False).astype(bool).to_numpy()
    frame["special"] = np.where(special, "★", "")
    return table(frame, lang, labels={
        "student_id": _("Student"), "grade": _("Grade"), "awards": _("Awards"), "iom": _("ИОМ"),
        "gaps": _("What is missing"), "special": _("Special control")},
        formats={"grade": "int", "special": "text"},
        highlight={WARN: pd.Series([bool(g) for g in frame["gaps"]])})


def iom_sentence(rep: SchoolReport, lang: str) -> str:
    _ = translator(lang, DOMAIN)
    f = figures(rep)
    if not f["iom_required"]:
        return _("No student of the school needs an ИОМ in {year}.", year=rep.year)
    return _("{n} students won at the municipal or regional stage in {year} and need an ИОМ; "
             "{with_iom} have one in progress or done ({share}), {missing} do not.",
             n=f["iom_required"], year=rep.year, with_iom=f["iom_required"] - f["iom_missing"],
             share=fmt_percent(f["iom_implementation"], lang), missing=fmt_number(f["iom_missing"], lang, 0))
