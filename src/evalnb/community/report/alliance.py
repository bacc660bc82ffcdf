"""An alliance's exchange quotas and self-inspection calendar (``alliance_report.ipynb``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.i18n import fmt_date
from ...core.tables import html_table
from ...errors import InputError
from ..alliance import ExchangeQuotas, alliance_calendar, exchange_quotas, report_status
from ._common import event_labels, rules_of, term_label


@dataclass
class AllianceYear:
    alliance_id: str
    year: str
    schools: pd.DataFrame
    quotas: ExchangeQuotas
    calendar: dict
    reports: pd.DataFrame
    as_of: pd.Timestamp
    rules: object = None


def load(ctx, school_id: str, year: str | None = None) -> AllianceYear:
    store, rules = ctx.store, rules_of(ctx)
    am_all = store.read("alliance_members")
    mine = am_all[am_all["school_id"] == school_id]
    if mine.empty:
        raise InputError(f"school {school_id} belongs to no alliance", table="alliance_members",
                         column="school_id", value=school_id, rule="the school must be an alliance member")
    aid = sorted(mine["alliance_id"])[0]
    am = am_all[am_all["alliance_id"] == aid]
    ids = sorted(am["school_id"])
    staff = store.read("staff_counts", school_id=ids)
    ex = store.read("exchanges", where={"from_school": ids})
    year = year or (max(staff["year"]) if not staff.empty else None)
    if year is None:
        raise InputError("no staff counts for the alliance's schools", table="staff_counts",
                         rule="give cadres and teachers per school and school year")
    events = store.read("alliance_events", where={"alliance_id": aid})
    reps = store.read("alliance_reports", where={"alliance_id": aid})
    as_of = pd.Timestamp(f"{int(year[5:])}-08-31")
    schools = store.schools(ids=ids)
    return AllianceYear(aid, year, schools, exchange_quotas(ex, staff, am, year, rules),
                        alliance_calendar(events, am, year, rules),
                        report_status(reps, am, as_of, rules), as_of, rules)


def figures(ay: AllianceYear) -> dict:
    q = ay.quotas.by_school[ay.quotas.by_school["scope"] == "school"]
    return {"schools": int(len(q)), "quota_met": int(q["share_ok"].fillna(False).sum()),
            "backbone_met": int(q["backbone_ok"].fillna(False).sum()),
            "exchanged": int(q["exchanged"].sum()),
            "reports_missing": int(ay.reports["missing"].sum()),
            "reports_late": int(ay.reports["late"].sum())}


def _plain(flags: pd.Series) -> pd.Series:
    """Nullable flags as True / False / None (an empty flag shows as a dash)."""
    return pd.Series([None if pd.isna(v) else bool(v) for v in flags], index=flags.index, dtype=object)


def _names(ay):
    return ay.schools.set_index("school_id")["name"]


def narrative(ay: AllianceYear, _, lang: str) -> list[str]:
    f = figures(ay)
    return [_("In {year}, {met} of {n} schools exchanged at least the required share of their cadres "
              "and teachers; {bb} met the share of backbone teachers.").format(
                year=ay.year, met=f["quota_met"], n=f["schools"], bb=f["backbone_met"]),
            _("Self-inspection reports up to {date}: {missing} missing, {late} late.").format(
                date=fmt_date(ay.as_of, lang), missing=f["reports_missing"], late=f["reports_late"])]


def quotas_table(ay: AllianceYear, _, lang: str):
    q = ay.quotas.by_school
    names = _names(ay)
    t = pd.DataFrame({
        "school": q["school_id"].map(names).fillna(_("Whole alliance")),
        "staff": q["staff"], "required": q["required"], "exchanged": q["exchanged"],
        "share_ok": _plain(q["share_ok"]),
        "backbone": q["backbone"].astype(str) + " / " + q["exchanged_teachers"].astype(str),
        "backbone_share": q["backbone_share"], "backbone_ok": _plain(q["backbone_ok"])})
    return html_table(t, lang, labels={
        "school": _("School"), "staff": _("Cadres and teachers"), "required": _("To exchange"),
        "exchanged": _("Exchanged"), "share_ok": _("Share met"),
        "backbone": _("Backbone / teachers exchanged"), "backbone_share": _("Backbone share"),
        "backbone_ok": _("Backbone share met")},
        formats={"share_ok": "bool", "backbone_ok": "bool", "backbone_share": "percent", "staff": "int",
                 "required": "int"},
        highlight={"evalnb-warn": ~q["share_ok"].fillna(True).astype(bool)})


def people_table(ay: AllianceYear, _, lang: str):
    p = ay.quotas.by_person
    p = p[p["in_year"]]
    if p.empty:
        return None
    names = _names(ay)
    roles = {"cadre": _("cadre"), "teacher": _("teacher")}
    t = pd.DataFrame({"name": p["name"], "school": p["from_school"].map(names), "role": p["role"].map(roles),
                      "terms": p["cumulative_terms"], "ok": p["cumulative_ok"]})
    return html_table(t, lang, labels={"name": _("Name"), "school": _("From school"), "role": _("Role"),
                                       "terms": _("Terms exchanged so far"),
                                       "ok": _("One school year reached")}, formats={"ok": "bool"})


def events_table(ay: AllianceYear, _, lang: str):
    t = ay.calendar["terms"]
    words = event_labels(_)
    out = pd.DataFrame({"term": t["term"].map(lambda s: term_label(s, _)), "kind": t["kind"].map(words),
                        "required": t["required"], "held": t["held"], "ok": t["ok"]})
    return html_table(out, lang, labels={"term": _("Term"), "kind": _("Event"), "required": _("Required"),
                                         "held": _("Held"), "ok": _("Met")}, formats={"ok": "bool"},
                      highlight={"evalnb-warn": ~t["ok"]})


def months_sentence(ay: AllianceYear, _, lang: str) -> str:
    m = ay.calendar["months"]
    missed = m.loc[~m["ok"], "month"].tolist()
    if not missed:
        return _("The alliance met every month.")
    return _("No monthly meeting in: {months}.").format(months=", ".join(missed))


def visits_table(ay: AllianceYear, _, lang: str):
    v = ay.calendar["visits"]
    if v.empty:
        return None
    out = pd.DataFrame({"school": v["school_id"].map(_names(ay)), "term": v["term"].map(lambda s: term_label(s, _)),
                        "visits": v["visits"], "ok": v["ok"]})
    return html_table(out, lang, labels={"school": _("Member school"), "term": _("Term"),
                                         "visits": _("Visits of the core school"), "ok": _("Met")},
                      formats={"ok": "bool"}, highlight={"evalnb-warn": ~v["ok"]})


def reports_table(ay: AllianceYear, _, lang: str):
    r = ay.reports
    names = _names(ay)

    def status(row):
        if row["missing"]:
            return _("missing")
        if row["late"]:
            return _("late")
        if pd.isna(row["submitted"]):
            return _("not yet due")
        return _("on time")
    period = r["period"].map(lambda p: _("{year} first half").format(year=p[:4]) if p.endswith("H1")
                             else _("{year} second half").format(year=p[:4]))
    out = pd.DataFrame({"period": period, "due": pd.to_datetime(r["due"]),
                        "school": r["school_id"].map(names).fillna(_("Whole alliance")),
                        "submitted": [fmt_date(d, lang) if pd.notna(d) else "—" for d in r["submitted"]],
                        "status": r.apply(status, axis=1)})
    return html_table(out, lang, labels={"period": _("Period"), "due": _("Due"), "school": _("School"),
                                         "submitted": _("Submitted"), "status": _("Status")},
                      highlight={"evalnb-warn": r["missing"] | r["late"]})


__all__ = ["AllianceYear", "load", "figures", "narrative", "quotas_table", "people_table", "events_table",
           "months_sentence", "visits_table", "reports_table"]
