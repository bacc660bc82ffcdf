"""The rules a support report applied, as a reader reads them (no rule keys, no Python values)."""

from __future__ import annotations

import pandas as pd

from ...core.handout import rule_value
from ...core.i18n import fmt_date, translator
from ...core.tables import html_table

DOMAIN = "support"


def _rows(rules, lang: str):
    """(key, name, value, source) of each rule a reader can check."""
    _ = translator(lang, DOMAIN)
    order = _("Kaluga order of 02.02.2022 № 180 (roadmap of the «500+» project)")
    region = _("{order}; the date is the region's own", order=order)

    def date(v):
        return fmt_date(v, lang) if v is not None else _("any date")

    checks = "; ".join(_("stage {n}: {date}", n=k, date=date(v))
                       for k, v in sorted(rules.stage_checks.items())) or _("not checked")
    return [
        ("executors", _("Executors of the roadmap"), ", ".join(rules.executors), order),
        ("due_soon_days", _("A task is due soon this many days before its deadline"),
         rule_value(rules.due_soon_days, lang), _("evalnb's reading: the order sets no warning time; "
                                                 "two weeks leaves time to act")),
        ("quota", _("Project schools the region must have"),
         rule_value(rules.quota, lang) if rules.quota is not None else _("not checked"),
         _("{order}, task 3", order=order)),
        ("documents_deadline", _("Concept documents placed by"), date(rules.documents_deadline),
         region),
        ("stage_checks", _("Dates of the stage checks"), checks, region),
        ("infer_shares", _("Share indicators read from the roadmap's words"),
         rule_value(rules.infer_shares, lang), _("evalnb's reading of the roadmap's column "
                                                "«Показатель реализации»")),
    ]


def rules_table(rules, lang: str, only_changed: bool = False):
    """The rules applied (``only_changed``: those that differ from the defaults, ``None`` if none).

    Examples
    --------
    >>> from evalnb.support.rules import SupportRules
    >>> rules_table(SupportRules(), "ru", only_changed=True) is None
    True
    """
    defaults = type(rules)()
    rows = [(name, value, source) for key, name, value, source in _rows(rules, lang)
            if not only_changed or getattr(rules, key) != getattr(defaults, key)]
    if only_changed and not rows:
        return None
    core = translator(lang, "core")
    frame = pd.DataFrame(rows, columns=["rule", "value", "source"])
    return html_table(frame, lang, labels={"rule": core("Rule"), "value": core("Value"),
                                           "source": core("Source")},
                      formats={"rule": "text", "value": "text", "source": "text"})
