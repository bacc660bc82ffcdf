"""Labels and messages of the control_plan domain in the reader's language.

Every text comes from the ``control_plan`` gettext catalog (English message
ids); the plan checker writes its ``message`` column with :func:`finding_text`
in English, and reports render the same finding in their own language.
"""

from __future__ import annotations

import pandas as pd
from babel.dates import get_month_names

from ..core.i18n import babel_locale, translator

DOMAIN = "control_plan"


def _(msgid: str) -> str:  # marks message ids for the catalog; translated where used
    return msgid


CHECKS = {
    "incomplete": _("Incomplete item"),
    "direction_missing": _("Direction not covered"),
    "month_gap": _("Month without control"),
    "duplicate": _("Repeated item"),
    "overload": _("Overload of a responsible person"),
    "method_mismatch": _("Methods do not suit the result"),
    "no_priority": _("Item outside the priorities"),
    "no_staff_focus": _("No control of teachers' work"),
}
FIELDS = {
    "object": _("object"), "goal": _("goal"), "form": _("form"), "methods": _("methods"),
    "month": _("month"), "responsible": _("responsible"), "recording": _("recording"),
}
DIRECTIONS = {"results": _("educational results"), "process": _("educational activity"),
              "conditions": _("conditions")}
RESULT_KINDS = {"subject": _("subject results"), "metasubject": _("metasubject results"),
                "personal": _("personal results")}
HALVES = {"1": _("first half-year (September–December)"),
          "2": _("second half-year (January–August)")}
KINDS = {
    "obsolete_term": _("Obsolete term"),
    "irrelevant_act": _("Act that does not regulate internal control"),
    "lost_force_act": _("Act that has lost force"),
    "copied": _("Sign of a copied document"),
    "style": _("Not official-business style"),
}
SEVERITIES = {"error": _("error"), "warning": _("warning")}


def month_name(month, lang: str) -> str:
    """The month's name in ``lang`` (standalone form: «сентябрь», «9月»)."""
    try:
        m = int(month)
    except (TypeError, ValueError):
        return str(month)
    if not 1 <= m <= 12:
        return str(month)
    return str(get_month_names("wide", context="stand-alone", locale=babel_locale(lang))[m])


def direction_text(value: str, lang: str) -> str:
    """``results/personal`` → «личностные результаты»; ``process`` → its label."""
    t = translator(lang, DOMAIN)
    direction, _sep, kind = str(value).partition("/")
    if kind:
        return t(RESULT_KINDS.get(kind, kind))
    return t(DIRECTIONS.get(direction, direction))


def finding_text(row, lang: str = "en", rules=None) -> str:
    """One plan finding (a row of :func:`check_plan`) as a sentence in ``lang``."""
    t = translator(lang, DOMAIN)
    check, value, item = row["check"], str(row["value"]), row.get("item_id", "")
    if check == "incomplete":
        fields = ", ".join(t(FIELDS.get(f, f)) for f in value.split(";") if f)
        return t("Item {item}: empty {fields}.", item=item, fields=fields)
    if check == "direction_missing":
        return t("No item controls {what}.", what=direction_text(value, lang))
    if check == "month_gap":
        return t("No control is planned for {month}.", month=month_name(value, lang))
    if check == "duplicate":
        return t("Item {item} repeats item {first}.", item=item, first=value)
    if check == "overload":
        where, _sep, n = value.rpartition(": ")
        person, _sep, month = where.rpartition("/")
        limit = rules.max_items_per_person_month if rules is not None else 4
        return t("{person} is responsible for {n} items in {month}; more than {max} is not "
                 "simple and economical control.", person=person, n=n,
                 month=month_name(month, lang), max=limit)
    if check == "method_mismatch":
        kind = row.get("result_kind") or ""
        what = t(RESULT_KINDS[kind]) if kind in RESULT_KINDS else ""
        return t("Item {item}: the methods «{methods}» do not suit {kind}.", item=item,
                 methods=value, kind=what)
    if check == "no_priority":
        if value:
            return t("Item {item}: «{priority}» is not a priority of the development programme.",
                     item=item, priority=value)
        return t("Item {item} names no priority of the development programme.", item=item)
    if check == "no_staff_focus":
        return t("The {half} has no item on teachers' work.", half=t(HALVES.get(value, value)))
    return f"{check}: {value}"


def check_label(check: str, lang: str) -> str:
    return translator(lang, DOMAIN)(CHECKS.get(check, check))


def kind_label(kind: str, lang: str) -> str:
    return translator(lang, DOMAIN)(KINDS.get(kind, kind))


def is_blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""
