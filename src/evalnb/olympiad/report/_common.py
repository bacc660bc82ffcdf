"""What both olympiad reports share: loading a municipality, labels, the rules applied.

Nothing here decides a rule; the calculators and :class:`OlympiadRules` do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ...core.i18n import fmt_number, fmt_percent, translator
from ...core.tables import html_table
from ...errors import InputError
from ..rules import OlympiadRules

DOMAIN = "olympiad"


@dataclass
class OlympiadData:
    """The frames of one municipality (validated by the store) and the rules."""

    municipality: str
    schools: pd.DataFrame
    olympiad: pd.DataFrame
    enrolment: pd.DataFrame
    iom: pd.DataFrame
    rules: OlympiadRules


def municipality_of(store, municipality: str | None) -> dict:
    """The first school (by id) of ``municipality`` with olympiad rows (any, if ``None``)."""
    schools = store.schools(municipality=municipality, with_rows_in="olympiad")
    if schools.empty:
        where = f" in municipality {municipality!r}" if municipality else ""
        raise InputError(f"no school{where} has olympiad results", table="olympiad",
                         column="school_id", value=municipality,
                         rule="import olympiad.csv with rows of the municipality's schools")
    first = schools.iloc[0].to_dict()
    if not isinstance(first.get("language"), str) or not first["language"]:
        first["language"] = "en"
    return first


def load(store, municipality: str, rules=None) -> OlympiadData:
    """Every table of the olympiad review for one municipality (by query)."""
    schools = store.schools(municipality=municipality)
    ids = schools["school_id"].tolist()
    if not ids:
        raise InputError(f"no school in municipality {municipality!r}", table="schools",
                         column="municipality", value=municipality,
                         rule="municipality must be one of the schools table")
    return OlympiadData(municipality, schools, store.read("olympiad", school_id=ids),
                        store.read("enrolment", school_id=ids), store.read("iom", school_id=ids),
                        OlympiadRules.load(rules))


def resolve_year(data: OlympiadData, year=None) -> str:
    """``year`` checked, or the latest school year of the olympiad rows."""
    from .._inputs import school_year

    if year is not None:
        return school_year(year)
    years = data.olympiad["year"].dropna()
    if years.empty:
        raise InputError("no olympiad results, so no school year to report", table="olympiad",
                         column="year", rule="import olympiad.csv first or pass year")
    return max(years, key=lambda y: int(str(y)[:4]))


def short_name(name: str) -> str:
    """A school's name without its legal form: ``МАОУ СОШ № 2`` → ``СОШ № 2``."""
    text = re.sub(r"^(МАОУ|МБОУ|МОУ|МКОУ|МАОУ-|ГБОУ|ЧОУ|АНО)[\s-]+", "", str(name)).strip()
    return text or str(name)


def names(data: OlympiadData) -> dict[str, str]:
    return {r.school_id: short_name(r.name) for r in data.schools.itertuples()}


def stage_labels(_) -> dict[str, str]:
    return {"school": _("school stage"), "municipal": _("municipal stage"),
            "regional": _("regional stage"), "final": _("final stage"),
            "municipal+regional": _("municipal and regional stages")}


def status_labels(_) -> dict[str, str]:
    return {"participant": _("participant"), "prize_winner": _("prize-winner"), "winner": _("winner")}


def iom_status_labels(_) -> dict[str, str]:
    return {"planned": _("planned"), "in_progress": _("in progress"), "done": _("done"),
            "": _("no ИОМ")}


def part_labels(_) -> dict[str, str]:
    return {"mentor": _("no mentor"), "psychologist": _("no psychologist"),
            "parents_involved": _("parents not involved"), "iup": _("no individual curriculum")}


def what_is_missing(routes: pd.DataFrame, rules: OlympiadRules, _) -> pd.Series:
    """Per ИОМ row (or none): what keeps it from counting as complete, in words."""
    labels = part_labels(_)
    out = []
    for row in routes.itertuples(index=False):
        status = getattr(row, "status")
        if not isinstance(status, str) or not status:
            out.append(_("no ИОМ"))
            continue
        gaps = []
        if status not in rules.iom_active_statuses:
            gaps.append(_("only planned"))
        for p in rules.iom_complete_requires:
            v = getattr(row, p)
            has = bool(v) if p in ("parents_involved", "iup") and not pd.isna(v) else (
                isinstance(v, str) and v.strip() != "")
            if not has:
                gaps.append(labels[p])
        out.append(", ".join(gaps))
    return pd.Series(out, index=routes.index, dtype=object)


def rules_table(rules: OlympiadRules, lang: str, only_changed: bool = False):
    """The rules the report applied, with the words of the order each comes from.

    ``only_changed``: only the rules the municipality changed (``None`` when it changed none),
    for the main text; the full list goes in the appendix."""
    _ = translator(lang, DOMAIN)
    order = _("Armavir order of 02.03.2020 № 204")
    appendix = _("Armavir order of 02.03.2020 № 204, appendix")
    stages = stage_labels(_)
    statuses = status_labels(_)

    def listed(values, labels):
        return ", ".join(labels.get(v, v) for v in values)

    rows = [
        (_("Grades counted for coverage"), f"{rules.grade_range[0]}–{rules.grade_range[1]}",
         _("the order names no grades; the school stage is held for grades 4–11")),
        (_("Coverage reported by the order (reference line)"), fmt_percent(rules.coverage_benchmark, lang, 0),
         appendix),
        (_("Schools taking part in the school and municipal stages"),
         fmt_percent(rules.school_share_target, lang, 0), appendix),
        (_("Stages of the quality of participation"), listed(rules.quality_stages, stages), appendix),
        (_("Quality reported by the order (reference line)"), fmt_percent(rules.quality_benchmark, lang, 0),
         appendix),
        (_("School years of the dynamics"), fmt_number(rules.dynamics_years, lang, 0), appendix),
        (_("ИОМ for"), listed(rules.iom_statuses, statuses) + "; " + listed(rules.iom_stages, stages),
         _("{order}, item 1.6", order=order)),
        (_("Special control from this many subjects won"), fmt_number(rules.iom_special_subjects, lang, 0),
         appendix),
        (_("ИОМ implemented (target)"), fmt_percent(rules.iom_target, lang, 0), appendix),
        (_("A complete ИОМ has"), listed(rules.iom_complete_requires, {
            "mentor": _("a mentor"), "psychologist": _("a psychologist"),
            "parents_involved": _("parents involved"), "iup": _("an individual curriculum")}),
         _("{order}, item 1.8", order=order)),
    ]
    defaults = OlympiadRules()
    changed = {k for k in ("coverage_grades", "coverage_benchmark", "school_share_target",
                           "quality_stages", "quality_benchmark", "dynamics_years", "iom_statuses",
                           "iom_special_subjects", "iom_target", "iom_complete_requires")
               if getattr(rules, k) != getattr(defaults, k)}
    keys = ["coverage_grades", "coverage_benchmark", "school_share_target", "quality_stages",
            "quality_benchmark", "dynamics_years", "iom_statuses", "iom_special_subjects",
            "iom_target", "iom_complete_requires"]
    frame = pd.DataFrame({
        "rule": [r[0] for r in rows], "value": [r[1] for r in rows],
        "source": [_("the municipality's rules file") if k in changed else r[2] for k, r in zip(keys, rows)],
    })
    if only_changed:
        frame = frame[[k in changed for k in keys]]
        if frame.empty:
            return None
    return table(frame, lang, labels={"rule": _("Rule"), "value": _("Value"), "source": _("Source")},
                      formats={"value": "text"})


_LEFT = ' style="text-align:left"'


def table(frame: pd.DataFrame, lang: str, *, compact: bool = False, right: tuple = (), **kwargs):
    """:func:`~evalnb.core.tables.html_table` with text columns (cells and headers) left-aligned.

    ``right``: text columns that hold numbers already formatted ("5 of 20"), kept right-aligned.
    ``compact``: in a smaller type (registers with lists of students).
    """
    from ...core.tables import HTMLTable

    out = html_table(frame, lang, **kwargs).html
    formats = kwargs.get("formats") or {}
    numeric = {c for c in frame.columns
               if formats.get(c) in ("percent", "number", "int") or c in right
               or (formats.get(c) is None and pd.api.types.is_numeric_dtype(frame[c])
                   and not pd.api.types.is_bool_dtype(frame[c]))}
    left = [c not in numeric for c in frame.columns]
    position = {"i": 0}

    def align(m):
        tag = m.group(0)
        if tag.startswith("<tr"):
            position["i"] = 0
            return tag
        i = position["i"]
        position["i"] += 1
        if i < len(left) and left[i] and tag in ("<td>", "<th>"):
            return tag[:-1] + _LEFT + ">"
        return tag

    text = re.sub(r"<tr[^>]*>|<t[dh][^>]*>", align, out)
    if compact:   # long registers: a smaller type, so that a municipality's register fits a page
        text = f'<div class="evalnb-compact" style="font-size:85%">{text}</div>'
    return HTMLTable(text)
