"""Reader material every handout ends with: the rules applied and the date of the data.

A handout shows its rules as a reader understands them: the rule's name and
source in the reader's language (English message ids of the domain's
catalog), its value formatted for the locale (``60``, ``33,3 %``, ``да``),
never a rule key, a Python value or a file or module name.  The rules a
school or county changed from the defaults go in the main text
(``only_changed=True``); the full list in a short appendix.

Provenance is "data as of DATE" (the last write to the database).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any, Iterable, Mapping

import pandas as pd

from .i18n import fmt_date, fmt_number, fmt_percent, translator
from .tables import HTMLTable, html_table

#: Words in a source that only a developer understands; such a source is replaced.
_DEV = re.compile(r"DATA\.md|\bevalnb\.|\.py\b|\bseeds?/|\bline \d+", re.I)


def data_as_of(store) -> _dt.date | None:
    """The date of the last write to the database (None when it does not say)."""
    import sqlalchemy as sa

    try:
        meta = store.metadata.tables["evalnb_meta"]
        with store.engine.connect() as conn:
            value = conn.execute(sa.select(meta.c.value).where(meta.c.key == "written_at")).scalar()
    except Exception:  # noqa: BLE001 - an older database without the mark: say nothing
        return None
    if not value:
        return None
    try:
        return _dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def data_as_of_note(store, lang: str) -> str:
    """``Data as of 30 Nov 2026.`` in ``lang``; empty when the database has no date."""
    day = data_as_of(store)
    if day is None:
        return ""
    text = translator(lang, "core")("Data as of {date}.", date=fmt_date(day, lang))
    return text.replace("..", ".")  # a date ending with a point (Russian "г.")


def _plain(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def rule_value(value: Any, lang: str, *, share: bool = False, _=None) -> str:
    """A rule's value for a reader: ``yes``/``no``, ``—``, ``33,3 %`` (a share), ``100``, lists.

    Examples
    --------
    >>> rule_value(0.5, "en", share=True)
    '50%'
    >>> rule_value((100.0, 64.0, 36.0), "en")
    '100, 64, 36'
    >>> rule_value(True, "ru")
    'да'
    """
    _ = _ or translator(lang, "core")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        if share:
            digits = 0 if abs(value * 100 - round(value * 100)) < 1e-9 else 1
            return fmt_percent(value, lang, digits=digits)
        digits = len(_plain(float(value)).partition(".")[2])
        return fmt_number(value, lang, digits=min(digits, 2))
    if isinstance(value, (_dt.date, pd.Timestamp)):
        return fmt_date(value, lang)
    if isinstance(value, Mapping):
        return "; ".join(f"{_(str(k))}: {rule_value(v, lang, share=share, _=_)}"
                         for k, v in value.items()) or "—"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(rule_value(v, lang, share=share, _=_) for v in value) or "—"
    return _(str(value))


def _readable_source(source: str, _) -> str:
    if not source or _DEV.search(source):
        return _("evalnb's reading of the regulation")
    return _(source)


def rule_rows(rules, lang: str, catalog: str, *, names: Mapping[str, str],
              shares: Iterable[str] = (), only_changed: bool = False) -> pd.DataFrame:
    """The rules as rows ``rule``, ``value``, ``source`` (translated), in ``names``' order.

    ``names``: rule key → English message id of its name (the domain's
    catalog); rules not in ``names`` are not shown.  ``shares``: keys whose
    value is a share in [0, 1] (shown as a percentage).  A changed rule's
    source reads "set locally (default: …)".
    """
    _ = translator(lang, catalog)
    core = translator(lang, "core")
    shares = set(shares)
    described = {d["rule"]: d for d in rules.describe()}
    rows = []
    for key, label in names.items():
        d = described.get(key)
        if d is None:
            continue
        changed = d["value"] != d["default"]
        if only_changed and not changed:
            continue
        value = rule_value(d["value"], lang, share=key in shares, _=_)
        source = _readable_source(d["source"], _)
        if changed:
            source = core("set locally (default: {value}); {source}",
                          value=rule_value(d["default"], lang, share=key in shares, _=_),
                          source=source)
        rows.append({"rule": _(label), "value": value, "source": source})
    return pd.DataFrame(rows, columns=["rule", "value", "source"])


def rules_appendix(rules, lang: str, catalog: str, *, names: Mapping[str, str],
                   shares: Iterable[str] = (), only_changed: bool = False) -> HTMLTable | None:
    """The rules applied as a table for a handout (None when ``only_changed`` and none changed).

    Call it twice: ``only_changed=True`` in the main text, the full list in
    the appendix (or leave the appendix out with a report parameter).

    Examples
    --------
    >>> from evalnb.training.rules import TrainingRules
    >>> t = rules_appendix(TrainingRules(), "ru", "training",
    ...                    names={"pass_mark": "Pass mark (points of 100)"})
    >>> "pass_mark" in str(t)
    False
    """
    frame = rule_rows(rules, lang, catalog, names=names, shares=shares, only_changed=only_changed)
    if only_changed and frame.empty:
        return None
    core = translator(lang, "core")
    return html_table(frame, lang, labels={"rule": core("Rule"), "value": core("Value"),
                                           "source": core("Source")},
                      formats={"rule": "text", "value": "text", "source": "text"})
