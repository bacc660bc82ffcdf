"""Shared pieces of the community reports: translated codes, the rules applied, terms."""

from __future__ import annotations

import pandas as pd

from ...core.i18n import fmt_percent
from ...core.tables import html_table
from ...errors import InputError


def rule_labels(_) -> dict[str, str]:
    """The unmet-rule codes in words."""
    return {"size": _("group size"), "parents": _("number of households"),
            "host": _("no host household"), "gender": _("boys and girls not balanced"),
            "grades": _("only one grade"), "ability": _("abilities not mixed"),
            "avoid": _("pair to keep apart is together"), "friends": _("friends in different groups"),
            "household": _("siblings in different villages"), "leader": _("not exactly one student leader"),
            "unit": _("members from more than one village"), "no_teacher": _("no guiding teacher"),
            "underloaded": _("teacher with too few or too many groups")}


def kind_labels(_) -> dict[str, str]:
    return {"intellectual": _("intellectual development"), "moral": _("moral education"),
            "practice": _("comprehensive practice")}


def event_labels(_) -> dict[str, str]:
    return {"monthly_meeting": _("monthly meeting"), "training_research": _("training and research activity"),
            "class_meeting_observation": _("class meeting observation"), "outreach": _("outreach visit"),
            "friendship": _("friendship event"), "mutual_aid": _("mutual aid"), "showcase": _("showcase"),
            "publicity_visit": _("visit to a member school"), "large_event": _("large event")}


def rules_table(rules, _, lang: str):
    """The thresholds applied, in words (no rule keys)."""
    rows = [
        (_("Students per group"), f"{rules.min_size}–{rules.max_size}"),
        (_("Households (parents) per group"), f"{rules.min_parents}–{rules.max_parents}"),
        (_("Guiding teachers per group"), f"{rules.min_teachers_per_group}–{rules.max_teachers_per_group}"),
        (_("Groups per guiding teacher"), f"{rules.min_groups_per_teacher}–{rules.max_groups_per_teacher}"),
        (_("Parents present at an activity, at least"), str(rules.min_parents_present)),
        (_("Staff exchanged each school year, at least"), fmt_percent(rules.exchange_share_min, lang, 0)),
        (_("Backbone teachers among those exchanged, at least"),
         fmt_percent(rules.backbone_share_min, lang, 0)),
    ]
    return html_table(pd.DataFrame(rows, columns=["rule", "value"]), lang,
                      labels={"rule": _("Rule"), "value": _("Value")})


def term_bounds(term: str, rules) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``"2024-2025 autumn"`` → its first and last day (the rules' term dates)."""
    try:
        year, season = term.split()
        first = int(year[:4])
        ok = season in ("autumn", "spring") and int(year[5:]) == first + 1
    except (ValueError, AttributeError):
        ok = False
    if not ok:
        raise InputError(f"term must be like '2024-2025 autumn', not {term!r}", table="parameters",
                         column="term", value=term, rule="YYYY-YYYY autumn | spring")
    autumn = pd.Timestamp(f"{first}-{rules.autumn_start}")
    spring = pd.Timestamp(f"{first + 1}-{rules.spring_start}")
    if season == "autumn":
        return autumn, spring - pd.Timedelta(days=1)
    return spring, pd.Timestamp(f"{first + 1}-{rules.autumn_start}") - pd.Timedelta(days=1)


def term_of(day: pd.Timestamp, rules) -> str:
    """The term a day falls in (``"2024-2025 autumn"``)."""
    autumn = pd.Timestamp(f"{day.year}-{rules.autumn_start}")
    spring = pd.Timestamp(f"{day.year}-{rules.spring_start}")
    if day >= autumn:
        return f"{day.year}-{day.year + 1} autumn"
    if day >= spring:
        return f"{day.year - 1}-{day.year} spring"
    return f"{day.year - 1}-{day.year} autumn"


def term_label(term: str, _) -> str:
    year, season = term.split()
    return _("{year} autumn term").format(year=year) if season == "autumn" else \
        _("{year} spring term").format(year=year)


def rules_of(ctx, rules_path=None):
    """The report's rules: the context's, or the community rules loaded from ``rules_path``."""
    from ..rules import CommunityRules

    return ctx.rules if isinstance(ctx.rules, CommunityRules) else CommunityRules.load(rules_path)
