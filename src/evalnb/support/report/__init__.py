"""What the support report notebooks call: loading, tables and charts (one module per notebook).

Nothing here decides a rule: the calculators of :mod:`evalnb.support` and
:class:`~evalnb.support.SupportRules` do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.i18n import fmt_date


@dataclass
class SupportData:
    """The support tables of a store (empty frames where a table has no rows)."""

    roadmap: pd.DataFrame
    progress: pd.DataFrame
    project: pd.DataFrame
    participation: pd.DataFrame
    population: pd.DataFrame
    risk_factors: pd.DataFrame
    risk_profile: pd.DataFrame
    documents: pd.DataFrame
    measures: pd.DataFrame
    schools: pd.DataFrame


def load(store, *, school_ids=None) -> SupportData:
    """The support tables (a school's rows only, where ``school_ids`` is given)."""
    by_school = {"school_id": school_ids} if school_ids is not None else {}
    return SupportData(
        roadmap=store.read("roadmap"), progress=store.read("roadmap_progress"),
        project=store.read("project_schools", **by_school),
        participation=store.read("participation"), population=store.read("population"),
        risk_factors=store.read("risk_factors"),
        risk_profile=store.read("risk_profile", **by_school),
        documents=store.read("school_documents", **by_school),
        measures=store.read("antirisk_measures", **by_school),
        schools=store.schools(ids=school_ids) if school_ids is not None else store.schools(),
    )


def resolve_as_of(progress: pd.DataFrame, as_of=None) -> pd.Timestamp:
    """``as_of`` as a day; by default the latest progress date (else today)."""
    if as_of:
        return pd.Timestamp(as_of).normalize()
    if len(progress):
        return pd.Timestamp(progress["date"].max()).normalize()
    return pd.Timestamp.today().normalize()


def resolve_year(project: pd.DataFrame, as_of: pd.Timestamp, year=None) -> int:
    """The project year: given, else the year of ``as_of`` if the project has it, else the latest."""
    if year:
        return int(year)
    years = sorted(project["year"].dropna().astype(int).unique())
    if not years:
        return int(as_of.year)
    return as_of.year if as_of.year in years else years[-1]


def short(text, n: int = 90) -> str:
    """A long task or indicator text cut at a word, for a table that fits the page."""
    text = " ".join(str(text).split())
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0]
    return cut + " …"


def date_text(day, lang: str) -> str:
    return fmt_date(day, lang) if pd.notna(day) else "—"


__all__ = ["SupportData", "date_text", "load", "resolve_as_of", "resolve_year", "short"]
