"""What both control_plan reports share: the domain's registration, the plan, the Положение.

A school's Положение is a file in a documents folder whose name starts with
the school's id (``RU004_polozhenie.docx``, ``RU004.txt``).  The folder is
the report's ``documents`` parameter; without it, ``documents/`` inside a
CSV data folder, or beside the SQLite file (``documents/`` or
``sample/documents/`` — where ``make demo`` finds the sample district's).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...core import domain as domains
from ...core.i18n import fmt_number, translator
from ...core.tables import html_table
from ...errors import InputError, UnknownNameError
from .. import DOMAIN
from ..calc import check_plan, load
from ..document import check_document
from ..reading import SUFFIXES

CATALOG = "control_plan"


def ensure_registered() -> None:
    """Register the domain when no entry point did (a source checkout, a test)."""
    try:
        domains.get(DOMAIN.name)
    except UnknownNameError:
        domains.register(DOMAIN)


ensure_registered()


def school_year_key(year: str) -> int:
    m = re.match(r"^(\d{4})", str(year))
    return int(m.group(1)) if m else 0


def resolve_year(plan: pd.DataFrame, year: str | None, what: str) -> str:
    """``year`` if the plan has it; else the latest school year of the plan."""
    years = sorted(set(plan["year"]), key=school_year_key)
    if year is None:
        if not years:
            raise InputError(f"{what} has no ВШК/ВСОКО plan", table="control_plan",
                             rule="import the control_plan table first")
        return years[-1]
    if year not in years:
        raise InputError(f"{what} has no plan for {year}", table="control_plan", column="year",
                         value=year, rule="year must be a school year of the plan: " + ", ".join(years))
    return year


def documents_folder(data=None, documents=None) -> Path | None:
    """The folder of the schools' Положения (see the module's docstring), or None."""
    if documents:
        folder = Path(str(documents)).expanduser()
        if not folder.is_dir():
            raise InputError(f"documents folder {folder} does not exist", table="documents",
                             value=str(folder), rule="documents must name a folder of .docx / .txt files")
        return folder
    from ...core.store import Store, default_url

    if isinstance(data, Store):
        data = data.url
    text = str(data) if data is not None else default_url()
    candidates = []
    if "://" not in text and Path(text).is_dir():
        candidates.append(Path(text) / "documents")
    else:
        path = text.split(":///", 1)[1] if text.startswith("sqlite:///") else (
            text if "://" not in text else "")
        if path:
            parent = Path(path).parent
            candidates += [parent / "documents", parent / "sample" / "documents"]
    for c in candidates:
        if c.is_dir():
            return c
    return None


def document_of(folder: Path | None, school_id: str) -> Path | None:
    """The Положение of ``school_id`` in ``folder`` (the first by name), or None."""
    if folder is None:
        return None
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES
                   and (p.stem == school_id or p.name.startswith(f"{school_id}_")))
    return found[0] if found else None


def school_findings(plan: pd.DataFrame, rules, months=None) -> pd.DataFrame:
    return check_plan(plan, months=months, rules=rules)


def document_findings(path: Path | None, school_name: str, rules) -> pd.DataFrame | None:
    """The Положение's findings, or None when the school has none on file."""
    if path is None:
        return None
    return check_document(path, school_name=school_name, rules=rules)


def rules_table(rules, lang: str, only_changed: bool = False):
    """The rules this report applied, with their sources (thresholds only, as a reader sees them).

    ``only_changed``: only those that differ from the defaults (``None`` when none does), for
    the main text; the full list goes in the appendix.
    """
    from ..labels import month_name

    _ = translator(lang, CATALOG)
    principles = _("Armavir order of 02.03.2020 № 204, item 10: the principles of the ВШК/ВСОКО plan")
    reading = _("evalnb's reading of {source} (the order sets no number)", source=principles)
    labels = {
        "months": (_("Months that should each have control"),
                   _("evalnb's reading: the months of the school year")),
        "max_items_per_person_month": (_("Most items for one person in a month"), reading),
        "min_staff_items_per_half": (_("Items on teachers' work each half-year, at least"), reading),
        "priorities": (_("Priorities of the development programme"), principles),
    }
    defaults = type(rules)()
    rows = []
    for key, (name, source) in labels.items():
        value = getattr(rules, key)
        if only_changed and value == getattr(defaults, key):
            continue
        if key == "months":
            value = ", ".join(month_name(m, lang) for m in value)
        elif isinstance(value, (list, tuple)):
            value = "; ".join(map(str, value)) or _("not checked")
        else:
            value = fmt_number(value, lang, 0)
        rows.append({"rule": name, "value": value, "source": source})
    if only_changed and not rows:
        return None
    core = translator(lang, "core")
    return html_table(pd.DataFrame(rows, columns=["rule", "value", "source"]), lang,
                      labels={"rule": core("Rule"), "value": core("Value"), "source": core("Source")},
                      formats={"rule": "text", "value": "text", "source": "text"})


__all__ = ["ensure_registered", "resolve_year", "documents_folder", "document_of",
           "school_findings", "document_findings", "rules_table", "load"]
