"""The plan calculators: the load grid and the plan checker.

Both take a ``control_plan`` frame (validated as the data contract says) and
return plain frames; nothing here reads files or shows anything.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ..errors import InputError, Problem
from .labels import finding_text, is_blank
from .rules import ControlPlanRules
from .tables import CONTENT

FINDING_COLUMNS = ["school_id", "year", "item_id", "check", "severity", "message", "value",
                   "result_kind"]
CHECK_ORDER = ("incomplete", "direction_missing", "month_gap", "duplicate", "overload",
               "method_mismatch", "no_priority", "no_staff_focus")
SEVERITY = {"incomplete": "error", "direction_missing": "error"}


def _plan(plan: pd.DataFrame, rules: ControlPlanRules) -> pd.DataFrame:
    plan = ensure(plan, "control_plan")
    bad = ~plan["direction"].isin(rules.directions)
    if bad.any():
        offset = plan.attrs.get("evalnb_row_offset", 2)
        raise InputError(problems=[
            Problem("control_plan", int(i) + offset, "direction", plan["direction"].iloc[i],
                    "direction must be one of " + " | ".join(rules.directions),
                    "a municipality adds directions in its rules file (directions)")
            for i in np.flatnonzero(bad.to_numpy())[:20]])
    return plan


def load(plan: pd.DataFrame) -> pd.DataFrame:
    """The load of each responsible person: items per month.

    Parameters
    ----------
    plan : a control_plan frame.

    Returns
    -------
    DataFrame with ``school_id``, ``year``, ``responsible``, ``month``, ``items``; one row
    per person and month that has items (items without a person or month are not counted).

    References
    ----------
    Armavir order of 02.03.2020 № 204, item 10: «простота и экономичность контроля».

    Examples
    --------
    >>> p = pd.DataFrame({"school_id": ["RU001"] * 3, "year": ["2019-2020"] * 3,
    ...                   "item_id": ["1", "2", "3"], "direction": ["process"] * 3,
    ...                   "month": [9, 9, 10], "responsible": ["Иванова", "Иванова", "Петров"]})
    >>> load(p)[["responsible", "month", "items"]].values.tolist()
    [['Иванова', 9, 2], ['Петров', 10, 1]]
    """
    plan = ensure(plan, "control_plan")
    p = plan[plan["month"].notna() & ~plan["responsible"].map(is_blank)]
    out = (p.groupby(["school_id", "year", "responsible", "month"], sort=True).size()
           .rename("items").reset_index())
    return out.astype({"month": "int64", "items": "int64"})


def _norm(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str).str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()


def _contains_any(text: pd.Series, stems) -> pd.Series:
    out = pd.Series(False, index=text.index)
    for stem in stems:
        out |= text.str.contains(str(stem).casefold(), regex=False)
    return out


def _group_findings(g: pd.DataFrame, school, year, r: ControlPlanRules, months) -> list[tuple]:
    rows: list[tuple] = []

    def add(item, check, value, kind=""):
        rows.append((school, year, item, check, SEVERITY.get(check, "warning"), value, kind))

    # incomplete: one finding per item, naming its empty fields
    empty = pd.DataFrame({c: g[c].map(is_blank) for c in CONTENT})
    for item, flags in zip(g["item_id"], empty.to_numpy()):
        if flags.any():
            add(item, "incomplete", ";".join(c for c, f in zip(CONTENT, flags) if f))

    # direction_missing
    for direction, kinds in r.required_directions.items():
        of_dir = g[g["direction"] == direction]
        if not kinds:
            if of_dir.empty:
                add("", "direction_missing", direction)
            continue
        have = set(of_dir["result_kind"].dropna())
        for kind in kinds:
            if kind not in have:
                add("", "direction_missing", f"{direction}/{kind}")

    # month_gap
    have_months = set(int(m) for m in g["month"].dropna())
    for m in months:
        if m not in have_months:
            add("", "month_gap", str(m))

    # duplicate: same direction, kind, object, goal and month; drafts with neither object
    # nor goal are only incomplete
    key = pd.DataFrame({"d": g["direction"].fillna(""), "k": g["result_kind"].fillna(""),
                        "o": _norm(g["object"]), "g": _norm(g["goal"]),
                        "m": g["month"].astype("Float64").fillna(-1)})
    filled = (key["o"] != "") | (key["g"] != "")
    dup = key.duplicated(keep="first") & filled
    if dup.any():
        first = g["item_id"].groupby([key[c] for c in key.columns]).transform("first")
        for item, f in zip(g.loc[dup, "item_id"], first[dup]):
            add(item, "duplicate", str(f))

    # overload
    person = g["responsible"].fillna("").astype(str).str.strip()
    mask = (person != "") & g["month"].notna()
    counts = pd.DataFrame({"p": person[mask], "m": g.loc[mask, "month"].astype(int)}).value_counts(sort=False)
    for (p, m), n in sorted(counts.items(), key=lambda kv: (kv[0][1] < 9, kv[0][1], kv[0][0])):
        if n > r.max_items_per_person_month:
            add("", "overload", f"{p}/{m}: {n}")

    # method_mismatch
    methods = g["methods"].fillna("").astype(str)
    low = methods.str.casefold()
    for kind, spec in r.methods_by_result_kind.items():
        sel = (g["result_kind"] == kind).fillna(False).astype(bool) & (low.str.strip() != "")
        if not sel.any():
            continue
        allowed = _contains_any(low, spec.get("allowed", [])) if spec.get("allowed") else \
            pd.Series(True, index=g.index)
        forbidden_stems = [s.casefold() for s in spec.get("forbidden", [])]
        for item, text, ok in zip(g.loc[sel, "item_id"], methods[sel], allowed[sel]):
            parts = [p.strip() for p in text.split(";") if p.strip()]
            bad = [p for p in parts if any(s in p.casefold() for s in forbidden_stems)]
            if bad:
                add(item, "method_mismatch", "; ".join(bad), kind)
            elif not ok:
                add(item, "method_mismatch", "; ".join(parts), kind)

    # no_priority
    if r.priorities:
        known = {str(p).casefold().strip() for p in r.priorities}
        for item, pr in zip(g["item_id"], g["priority"]):
            text = "" if is_blank(pr) else str(pr).strip()
            if text.casefold() not in known:
                add(item, "no_priority", text)

    # no_staff_focus, per half-year that has items
    month = g["month"]
    staff = _contains_any(g["object"].fillna("").astype(str).str.casefold()
                          + " " + g["goal"].fillna("").astype(str).str.casefold(),
                          r.staff_focus_terms)
    for half, in_half in (("1", month.between(9, 12)), ("2", month.between(1, 8))):
        in_half = in_half.fillna(False).astype(bool)
        if in_half.any() and int((in_half & staff).sum()) < r.min_staff_items_per_half:
            add("", "no_staff_focus", half)
    return rows


def check_plan(plan: pd.DataFrame, months=None, rules=None) -> pd.DataFrame:
    """The faults of an integrated ВШК/ВСОКО plan; an empty frame means the plan is clean.

    Parameters
    ----------
    plan : a control_plan frame (one or several schools and years; each is checked alone).
    months : the months that should each have control (default: the rules' ``months``,
        September–May); a half-year plan passes its own.
    rules : :class:`ControlPlanRules`, a mapping or a YAML path.

    Returns
    -------
    DataFrame with ``school_id``, ``year``, ``item_id`` (empty for a finding about the whole
    plan), ``check``, ``severity`` (``error`` | ``warning``), ``message`` (English),
    ``value`` (text) and ``result_kind`` (of a method mismatch). The checks:
    ``incomplete`` (value: the empty fields), ``direction_missing`` (``results/personal``),
    ``month_gap`` (the month), ``duplicate`` (the first item's id), ``overload``
    (``person/month: n``), ``method_mismatch`` (the offending methods), ``no_priority``
    (the item's priority), ``no_staff_focus`` (the half-year: 1 = Sep–Dec, 2 = Jan–Aug).

    References
    ----------
    Armavir order of 02.03.2020 № 204: appendix (the plan's direction «в части оценки
    качества предметных, метапредметных и личностных результатов»; objects, goals, methods,
    forms and recording) and item 10 (the principles of the plan).

    Examples
    --------
    >>> p = pd.DataFrame({"school_id": ["RU001"], "year": ["2019-2020"], "item_id": ["1"],
    ...                   "direction": ["results"], "result_kind": ["personal"],
    ...                   "object": ["Личностные результаты"], "goal": ["Оценить мотивацию"],
    ...                   "form": ["фронтальный"], "methods": ["контрольная работа"], "month": [9],
    ...                   "responsible": ["Иванова"], "recording": ["справка"]})
    >>> check_plan(p, months=[9])[["check", "value"]].values.tolist()
    [['direction_missing', 'results/subject'], ['direction_missing', 'results/metasubject'], \
['method_mismatch', 'контрольная работа'], ['no_staff_focus', '1']]
    """
    r = ControlPlanRules.load(rules)
    plan = _plan(plan, r)
    if months is None:
        months = list(r.months)
    else:
        months = [int(m) for m in months]
        if any(not 1 <= m <= 12 for m in months):
            raise InputError("months must be month numbers from 1 to 12", table="months",
                             value=months, rule="months: a list of 1–12")
    rows: list[tuple] = []
    for (school, year), g in plan.groupby(["school_id", "year"], sort=True):
        rows += _group_findings(g.reset_index(drop=True), school, year, r, months)
    out = pd.DataFrame(rows, columns=["school_id", "year", "item_id", "check", "severity", "value",
                                      "result_kind"])
    out["order"] = out["check"].map({c: i for i, c in enumerate(CHECK_ORDER)})
    out = out.sort_values(["school_id", "year", "order"], kind="stable").drop(columns="order")
    out["message"] = [finding_text(row, "en", r) for row in out.to_dict("records")]
    return out[FINDING_COLUMNS].reset_index(drop=True)
