"""What the 诊改 reports share: formatting an indicator's value, the default school and cycle."""

from __future__ import annotations

import datetime as _dt

import pandas as pd

from ...core.i18n import fmt_number, fmt_percent
from ...errors import InputError
from ..status import INDICATOR_INFO


def fmt_value(value, indicator: str, lang: str) -> str:
    """An indicator's value as its kind is shown: a share, a ratio, a flag (✓/✗) or a count."""
    kind = INDICATOR_INFO["kind"].get(indicator, "count")
    if kind == "share":
        return fmt_percent(value, lang)
    if kind in ("ratio", "per100"):
        return fmt_number(value, lang, 1)
    if kind == "flag":
        return "—" if pd.isna(value) else ("✓" if value >= 1 else "✗")
    return fmt_number(value, lang, 0)


def first_school(store) -> str:
    """A vocational school with status data (the default of the school report)."""
    ids = store.schools(kinds=["vocational"], with_rows_in="vocational_status")["school_id"]
    if ids.empty:
        raise InputError("no vocational school with status data", table="vocational_status",
                         rule="the 诊改 report needs vocational_status rows")
    return str(ids.iloc[0])


def default_cycle(store, school_id: str) -> str:
    """The school's latest 诊改 cycle; else the latest of any school; else the current year."""
    for sid in (school_id, None):
        kw = {"school_id": sid} if sid else {}
        cycles = sorted(set(store.read("self_diagnosis", columns=["cycle"], **kw)["cycle"])
                        | set(store.read("review", columns=["cycle"], **kw)["cycle"]))
        if cycles:
            return str(cycles[-1])
    return str(_dt.date.today().year)


def status_period_text(ctx, year) -> str:
    """``status data 2022`` (or ``no status data``)."""
    return ctx._("status data {year}", year=year) if year is not None else ctx._("no status data")
