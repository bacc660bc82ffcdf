"""What the training reports share: the assessed data, month names, the rules table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.i18n import babel_locale, fmt_number, fmt_percent
from ..calc import assess
from ..periods import parse_month
from ..rules import TrainingRules


@dataclass
class TrainingData:
    """The frames a training report works on (already validated by the store)."""

    teachers: pd.DataFrame
    courses: pd.DataFrame
    assessed: pd.DataFrame
    rules: TrainingRules


def assess_courses(store, course_ids, rules, courses=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(courses, assessed)``: the courses ``course_ids`` assessed on their full rosters."""
    ids = sorted(set(course_ids))
    courses = store.read("courses") if courses is None else courses
    rosters = store.read("enrollments", where={"course_id": ids or ["\x00"]})
    return courses, assess(courses[courses["course_id"].isin(ids)], rosters, rules)


def month_text(month, lang: str) -> str:
    """``'2025-03'`` → ``March 2025`` / ``март 2025 г.`` / ``2025年3月``."""
    from babel.dates import format_date

    p = parse_month(month)
    loc = babel_locale(lang)
    return format_date(p.start_time.date(), loc.datetime_skeletons["yMMMM"].pattern, locale=loc)


def short(text: str, n: int = 45) -> str:
    """``text`` cut to ``n`` characters (chart ticks)."""
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def rules_table(ctx):
    """The rules the report applied (``ctx.rules``), with the regulation each comes from.

    A rule the county changed (its value differs from the default) is shown
    with the source "the county's rules file"; the county's optional minimums
    are listed only when set.
    """
    _ = ctx._
    rules = ctx.rules
    s5 = _("County plan, §5 training evaluation, item 4")
    s3 = _("County plan, §3 training content, item 5")
    names = {
        "pass_mark": (_("Pass mark (points of 100)"), _("evalnb's reading: the plan sets no pass mark")),
        "absence_share": (_("Unqualified from this share of sessions missed"), s5),
        "max_late_or_early": (_("Late arrivals / early departures allowed"), s5),
        "commend_share": (_("Share of each class commended"), s5),
        "sanction_share": (_("Bottom share of a class subject to sanctions"), s5),
        "online_min_courses": (_("Online courses a year"), s3),
        "online_min_credits": (_("Online credits a year"), s3),
        "kindergarten_min_hours": (_("Face-to-face hours a year, kindergarten teachers"),
                                   _("County plan, key work (A), item 8")),
        "online_school_based_hours": (_("School-based hours for the year's online courses"), s3),
        "exam_max_age": (_("Examination of teachers: under this age"),
                         _("County plan, key work (A), item 9")),
        "derive_credits": (_("Credits derived from hours when a course states none"),
                           _("evalnb's reading, not the plan's; a county may switch it off")),
        "missing_discipline_score": (_("Discipline points of a missing record (of 15)"),
                                     _("evalnb's reading: the plan does not say")),
        "cycle_min_hours": (_("Hours in a five-year cycle"),
                            _("evalnb's reading: the national five-year cycle; the county plan sets none")),
        "annual_min_hours": (_("Hours a year"), ""),
        "annual_min_credits": (_("Credits a year"), ""),
        "cycle_min_credits": (_("Credits in the cycle"), ""),
    }
    rows = [d for d in rules.describe() if d["rule"] in names and d["value"] is not None]
    frame = pd.DataFrame({
        "rule": [names[d["rule"]][0] for d in rows],
        "value": [(_("yes") if d["value"] else _("no")) if isinstance(d["value"], bool)
                  else _rule_value(d["value"], ctx.lang) for d in rows],
        "source": [names[d["rule"]][1] if d["value"] == d["default"] else _("the county's rules file")
                   for d in rows],
    })
    return ctx.table(frame, labels={"rule": _("Rule"), "value": _("Value"), "source": _("Source")},
                     formats={"value": "text"})


def _rule_value(v, lang):
    if v is None:
        return "—"
    if isinstance(v, float) and 0 < v < 1:
        return fmt_percent(v, lang, 1)
    if isinstance(v, (int, float)):
        return fmt_number(v, lang, 0 if float(v).is_integer() else 1)
    return str(v)
