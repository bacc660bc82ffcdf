"""The follow-up part of the province overview (``notebooks/diagnosis/province_overview.ipynb``).

The school's own 诊改 cycle of at most 3 years (guidance §7(一)2), the
completeness of the self-diagnosis reports (附2), the follow-up of schools
judged 异常 and the province's dates of the year (§6; notice §5), and the list
of schools not meeting the conditions that is published each year, with
whether their enrolment must stop (§6).
"""

from __future__ import annotations

import datetime as _dt

import pandas as pd

from ...core.i18n import fmt_date
from ..completeness import report_completeness
from ..followup import follow_up, province_calendar, self_cycle_check
from ..labels import (calendar_labels, completeness_labels, cycle_status_labels, follow_status_labels,
                      stop_labels)


def as_of_date(as_of=None) -> pd.Timestamp:
    """The date of the follow-up: ``as_of`` (YYYY-MM-DD) or today."""
    return pd.Timestamp(as_of) if as_of is not None else pd.Timestamp(_dt.date.today())


# --- the school's own cycle ----------------------------------------------------------------------

def own_cycles(p, on: pd.Timestamp) -> pd.DataFrame:
    return self_cycle_check(p.schools, p.self_diagnosis, on.year, p.rules)


def own_cycle_text(ctx, cyc: pd.DataFrame) -> str:
    return ctx._("{n} of {total} vocational schools are past their own 诊改 cycle of at most {years} years "
                 "(guidance §7(一)2) or have no self-diagnosis recorded.",
                 n=int(cyc["past_cycle"].sum()), total=len(cyc), years=ctx.rules.max_self_cycle_years)


def own_cycle_table(ctx, cyc: pd.DataFrame):
    _ = ctx._
    past = cyc[cyc["past_cycle"]]
    out = pd.DataFrame({"school": past["name"], "municipality": past["municipality"],
                        "last": past["last_cycle"].fillna("—"),
                        "status": past["status"].map(cycle_status_labels(_))})
    return ctx.table(out, labels={"school": _("School"), "municipality": _("Prefecture (地市)"),
                                  "last": _("Last self-diagnosis"), "status": _("Own cycle")},
                     formats={c: "text" for c in out.columns})


# --- completeness of the reports (附2) -------------------------------------------------------------

def completeness(p) -> pd.DataFrame:
    return report_completeness(p.self_diagnosis, p.report) if len(p.self_diagnosis) else pd.DataFrame(
        columns=["school_id", "cycle", "element", "field", "problem"])


def completeness_table(ctx, p, probs: pd.DataFrame):
    """Per school and cycle: the report's missing parts and the number of empty element texts."""
    _ = ctx._
    labels = completeness_labels(_)
    own = probs[probs["element"].isna()]
    parts = own.groupby(["school_id", "cycle"], sort=False)["field"].agg(
        lambda f: "; ".join(labels[x] for x in f)).rename("parts")
    empty = probs[probs["element"].notna()].groupby(["school_id", "cycle"]).size().rename("empty")
    out = pd.concat([parts, empty], axis=1).reset_index()
    out = out.merge(p.schools[["school_id", "name"]], on="school_id", how="left")
    out = pd.DataFrame({"school": out["name"], "cycle": out["cycle"], "parts": out["parts"].fillna("—"),
                        "empty": out["empty"].fillna(0).astype("int64")})
    return ctx.table(out, labels={"school": _("School"), "cycle": _("Cycle"),
                                  "parts": _("Missing parts of the report"),
                                  "empty": _("Empty element texts")},
                     formats={"school": "text", "cycle": "text", "parts": "text", "empty": "int"})


# --- follow-up and calendar ---------------------------------------------------------------------

def follow(p, res: pd.DataFrame, on: pd.Timestamp) -> pd.DataFrame:
    if res.empty:
        return pd.DataFrame(columns=["school_id", "cycle", "concluded_on", "deadline", "status"])
    out = follow_up(res, p.review_summary, on, p.rules)
    return out.merge(p.schools[["school_id", "name"]], on="school_id", how="left")


def follow_table(ctx, fol: pd.DataFrame):
    _ = ctx._
    out = pd.DataFrame({"school": fol["name"], "cycle": fol["cycle"],
                        "deadline": [fmt_date(d, ctx.lang) if pd.notna(d) else "—" for d in fol["deadline"]],
                        "status": fol["status"].map(follow_status_labels(_))})
    return ctx.table(out, labels={"school": _("School"), "cycle": _("Cycle"),
                                  "deadline": _("Rectification deadline"), "status": _("Follow-up")},
                     formats={c: "text" for c in out.columns},
                     highlight={"evalnb-bad": fol["status"].isin(["overdue", "no_date"])})


def calendar(p, fol: pd.DataFrame, on: pd.Timestamp) -> pd.DataFrame:
    return province_calendar(on.year, fol if len(fol) else None, p.rules)


def calendar_table(ctx, p, cal: pd.DataFrame):
    _ = ctx._
    names = p.schools.set_index("school_id")["name"]
    out = pd.DataFrame({"date": [fmt_date(d, ctx.lang) for d in cal["date"]],
                        "event": cal["event"].map(calendar_labels(_)),
                        "school": cal["school_id"].map(names).fillna("—")})
    return ctx.table(out, labels={"date": _("Date"), "event": _("What is due"), "school": _("School")},
                     formats={c: "text" for c in out.columns})


def publication_table(ctx, elig: pd.DataFrame):
    """The schools not meeting the conditions (published yearly, §6) and whether enrolment stops."""
    _ = ctx._
    bad = elig[~elig["eligible"]]
    out = pd.DataFrame({"school": bad["name"], "municipality": bad["municipality"],
                        "failed": bad["n_failed"].astype("int64"),
                        "stop": bad["stop_status"].map(stop_labels(_))})
    return ctx.table(out, labels={"school": _("School"), "municipality": _("Prefecture (地市)"),
                                  "failed": _("Conditions not met"), "stop": _("Enrolment must stop (§6)")},
                     formats={"school": "text", "municipality": "text", "failed": "int", "stop": "text"},
                     highlight={"evalnb-bad": bad["stop_status"] == "yes"})
