"""The review conclusion (复核结论, guidance §6) and the check of a self-diagnosis report (附2).

§6: the conclusion depends on how well the school's self-diagnosis agrees
with the experts' review over the 16 diagnostic elements —

* 有效 (``effective``): they agree on ≥ 12 elements, the improvement measures
  are well targeted and the improvement work is really effective;
* 异常 (``abnormal``): they agree on < 10 elements, the measures are not well
  targeted and the improvement is not evident;
* 待改进 (``needs_improvement``): every other case.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..core.validate import ensure
from .catalog import ELEMENTS
from .rules import DiagnosisRules

CONCLUSIONS = ("effective", "abnormal", "needs_improvement")
CONCLUSION_ZH = {"effective": "有效", "abnormal": "异常", "needs_improvement": "待改进"}
ATTAINMENT_ZH = {"achieved": "达成", "partly": "基本达成", "not_achieved": "未达成"}
KEYS = ["school_id", "cycle"]

#: Text fields of a self-diagnosis report and the rule that limits each (附2).
TEXT_LIMITS = {"diagnosis_text": "max_diagnosis_chars", "measures_text": "max_measures_chars",
               "effect_text": "max_effect_chars"}


def char_count(text) -> int:
    """Characters of a report text as 附2 counts them ("字"): every character, ends stripped.

    The forms count the same way, so a text the form accepts passes
    :func:`check_self_report`.

    >>> char_count("  诊断  ")
    2
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return 0
    return len(str(text).strip())


def _rows(frame: pd.DataFrame) -> pd.Series:
    rows = frame.attrs.get("evalnb_rows")
    if rows is not None and len(rows) == len(frame):
        return pd.Series(np.asarray(rows), index=frame.index)
    return pd.Series(np.arange(len(frame)) + 2, index=frame.index)


def _unknown_elements(frame: pd.DataFrame, table: str) -> list[Problem]:
    bad = ~frame["element"].isin(ELEMENTS)
    rows = _rows(frame)
    return [Problem(table, int(rows[i]), "element", frame.at[i, "element"],
                    "element is not one of the 16 diagnostic elements of 附1",
                    "elements are " + ", ".join(ELEMENTS)) for i in frame.index[bad]]


def missing_elements(frame: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """For each school-cycle of ``keys``: ``missing`` (list of element codes absent from ``frame``)."""
    grid = keys[KEYS].drop_duplicates().merge(pd.DataFrame({"element": list(ELEMENTS)}), how="cross")
    have = frame[KEYS + ["element"]].drop_duplicates().assign(_have=True)
    grid = grid.merge(have, on=KEYS + ["element"], how="left")
    gone = grid[grid["_have"].isna()]
    out = gone.groupby(KEYS, sort=False)["element"].agg(list).rename("missing").reset_index()
    return out


def _completeness_problems(tables: dict[str, pd.DataFrame], keys: pd.DataFrame) -> list[Problem]:
    problems = []
    for table, frame in tables.items():
        gone = missing_elements(frame, keys)
        for sid, cyc, miss in gone.itertuples(index=False, name=None):
            problems.append(Problem(
                table, None, "element", ", ".join(miss),
                f"school {sid}, cycle {cyc}: missing elements {', '.join(miss)}",
                "each school and cycle needs all 16 elements (1.1 … 6.3) in self_diagnosis and review"))
    return problems


def review_conclusion(self_diagnosis: pd.DataFrame, review: pd.DataFrame,
                      review_summary: pd.DataFrame, rules=None) -> pd.DataFrame:
    """The review conclusion of each school and cycle (guidance §6).

    Parameters
    ----------
    self_diagnosis : the school's attainment per element (``self_diagnosis`` table).
    review : the experts' attainment per element (``review`` table).
    review_summary : the experts' summary judgement (``measures_targeted``,
        ``improvement_effective``).
    rules : ``effective_min_matches`` (12), ``abnormal_below_matches`` (10).

    Returns
    -------
    pandas.DataFrame
        One row per school and cycle: ``school_id``, ``cycle``, ``matches``
        (elements where both attainments agree, 0–16), ``measures_targeted``,
        ``improvement_effective``, ``conclusion`` (``effective`` | ``abnormal``
        | ``needs_improvement``) and ``conclusion_zh`` (有效 | 异常 | 待改进).

    Raises
    ------
    InputError
        When a school-cycle found in any of the tables misses any of the 16
        elements in ``self_diagnosis`` or ``review`` (the error lists them), has
        no ``review_summary``, or an element code is not one of the 16.

    Examples
    --------
    >>> from evalnb.diagnosis.catalog import ELEMENTS
    >>> sd = pd.DataFrame({"school_id": "S", "cycle": "2021", "element": ELEMENTS,
    ...                    "attainment": "达成"})
    >>> rv = sd.assign(attainment=["achieved"] * 12 + ["partly"] * 4)
    >>> rs = pd.DataFrame({"school_id": ["S"], "cycle": ["2021"], "measures_targeted": [True],
    ...                    "improvement_effective": [True]})
    >>> r = review_conclusion(sd, rv, rs).iloc[0]
    >>> int(r["matches"]), r["conclusion"], r["conclusion_zh"]
    (12, 'effective', '有效')
    """
    rules = DiagnosisRules.load(rules)
    sd = ensure(self_diagnosis, "self_diagnosis")
    rv = ensure(review, "review")
    rs = ensure(review_summary, "review_summary")
    problems = _unknown_elements(sd, "self_diagnosis") + _unknown_elements(rv, "review")
    keys = pd.concat([sd[KEYS], rv[KEYS], rs[KEYS]], ignore_index=True).drop_duplicates()
    problems += _completeness_problems({"self_diagnosis": sd, "review": rv}, keys)
    no_summary = keys.merge(rs[KEYS], how="left", indicator=True)
    for sid, cyc in no_summary.loc[no_summary["_merge"] == "left_only", KEYS].itertuples(index=False):
        problems.append(Problem("review_summary", None, "school_id, cycle", f"{sid} / {cyc}",
                                f"school {sid}, cycle {cyc}: no review summary",
                                "add the experts' measures_targeted and improvement_effective"))
    if problems:
        raise InputError("review incomplete: " + "; ".join(p.rule for p in problems[:10])
                         + (f" … and {len(problems) - 10} more" if len(problems) > 10 else ""),
                         problems=problems)
    both = sd[KEYS + ["element", "attainment"]].merge(
        rv[KEYS + ["element", "attainment"]], on=KEYS + ["element"], suffixes=("_self", "_review"))
    both["agree"] = both["attainment_self"] == both["attainment_review"]
    matches = both.groupby(KEYS, sort=False)["agree"].sum().astype("int64").rename("matches").reset_index()
    out = keys.merge(matches, on=KEYS, how="left").merge(
        rs[KEYS + ["measures_targeted", "improvement_effective"]], on=KEYS, how="left")
    out["matches"] = out["matches"].fillna(0).astype("int64")
    targeted = out["measures_targeted"].fillna(False).astype(bool)
    effective = out["improvement_effective"].fillna(False).astype(bool)
    m = out["matches"]
    out["conclusion"] = np.select(
        [(m >= rules.effective_min_matches) & targeted & effective,
         (m < rules.abnormal_below_matches) & ~targeted & ~effective],
        ["effective", "abnormal"], default="needs_improvement")
    out["conclusion_zh"] = out["conclusion"].map(CONCLUSION_ZH)
    return out.sort_values(KEYS, kind="stable").reset_index(drop=True)


def compare_elements(self_diagnosis: pd.DataFrame, review: pd.DataFrame) -> pd.DataFrame:
    """Element by element, where the school's self-diagnosis and the experts' review agree.

    One row per school, cycle and each of the 16 elements (for every
    school-cycle present in either table): ``self_attainment``,
    ``review_attainment`` (None where a table lacks the element) and ``agree``.
    Unlike :func:`review_conclusion` this does not require complete tables, so
    a form can show the comparison while the experts are still filling it in.
    """
    sd = ensure(self_diagnosis, "self_diagnosis")
    rv = ensure(review, "review")
    keys = pd.concat([sd[KEYS], rv[KEYS]], ignore_index=True).drop_duplicates()
    grid = keys.merge(pd.DataFrame({"element": list(ELEMENTS)}), how="cross")
    grid = grid.merge(sd[KEYS + ["element", "attainment"]].rename(columns={"attainment": "self_attainment"}),
                      on=KEYS + ["element"], how="left")
    grid = grid.merge(rv[KEYS + ["element", "attainment"]].rename(columns={"attainment": "review_attainment"}),
                      on=KEYS + ["element"], how="left")
    grid["agree"] = (grid["self_attainment"] == grid["review_attainment"]) & grid["self_attainment"].notna()
    return grid.reset_index(drop=True)


def _overviews(overview, keys: pd.DataFrame) -> pd.Series:
    """The overview text of each school-cycle of ``keys`` (aligned with it)."""
    if overview is None:
        return pd.Series("", index=keys.index, dtype=object)
    if isinstance(overview, str):
        return pd.Series(overview, index=keys.index, dtype=object)
    if isinstance(overview, pd.DataFrame):
        if "overview" not in overview.columns or not set(KEYS) <= set(overview.columns):
            raise InputError("overview frame needs the columns school_id, cycle, overview",
                             table="self_report_overview", column="overview",
                             rule="columns school_id, cycle, overview")
        ov = overview[KEYS + ["overview"]].astype({"school_id": str, "cycle": str})
        merged = keys.astype(str).merge(ov, on=KEYS, how="left")
        return pd.Series(merged["overview"].fillna("").to_numpy(), index=keys.index, dtype=object)
    if isinstance(overview, dict):
        return pd.Series([overview.get((str(s), str(c)), "") for s, c in
                          keys[KEYS].astype(str).itertuples(index=False)], index=keys.index, dtype=object)
    raise InputError(f"overview must be a text, a dict or a frame, not {type(overview).__name__}",
                     table="self_report_overview", column="overview", rule="text ≤ 500 characters")


PROBLEM_COLUMNS = ["school_id", "cycle", "element", "field", "problem", "length", "limit", "message"]


def check_self_report(self_diagnosis: pd.DataFrame, overview="", rules=None) -> pd.DataFrame:
    """The problems of a self-diagnosis report against the reference format (附2).

    附2 (中等职业学校教学工作自我诊改报告（参考格式）): the overview (自我诊改工作概述)
    within 500 characters; per element the self-diagnosis (自我诊断) within 500,
    the improvement measures (改进措施) within 200, the effect (改进效果) within
    200 (notes 2–4); every one of the 16 elements present.  Characters are
    counted by :func:`char_count`.

    Parameters
    ----------
    self_diagnosis : the ``self_diagnosis`` rows of one or more school-cycles.
    overview : the overview text — one ``str`` for every school-cycle, a
        ``{(school_id, cycle): text}`` dict, or a frame with ``school_id``,
        ``cycle``, ``overview``.
    rules : the character limits (``max_overview_chars`` …).

    Returns
    -------
    pandas.DataFrame
        One row per problem (empty when the report is fine): ``school_id``,
        ``cycle``, ``element`` (None for the overview), ``field``
        (``overview`` | ``diagnosis_text`` | ``measures_text`` | ``effect_text``
        | ``element``), ``problem`` (``too_long`` | ``missing_element`` |
        ``unknown_element``), ``length``, ``limit`` and an English ``message``.

    Examples
    --------
    >>> sd = pd.DataFrame({"school_id": "S", "cycle": "2021", "element": ELEMENTS,
    ...                    "attainment": "achieved", "diagnosis_text": "好" * 501})
    >>> check_self_report(sd)["problem"].unique().tolist()
    ['too_long']
    """
    rules = DiagnosisRules.load(rules)
    sd = ensure(self_diagnosis, "self_diagnosis")
    parts = []
    keys = sd[KEYS].drop_duplicates().reset_index(drop=True)
    if keys.empty:
        keys = pd.DataFrame({"school_id": [None], "cycle": [None]})
    # overview
    ov = _overviews(overview, keys)
    n = ov.map(char_count)
    limit = rules.max_overview_chars
    long = keys[n.to_numpy() > limit].copy()
    if len(long):
        long["element"] = None
        long["field"] = "overview"
        long["problem"] = "too_long"
        long["length"] = pd.array(n[n > limit].to_numpy(), dtype="Int64")
        long["limit"] = pd.array([limit] * len(long), dtype="Int64")
        long["message"] = [f"overview has {k} characters; at most {limit}" for k in long["length"]]
        parts.append(long)
    # texts of each element
    for field, rule_name in TEXT_LIMITS.items():
        limit = getattr(rules, rule_name)
        n = sd[field].map(char_count)
        bad = sd[n > limit][KEYS + ["element"]].copy()
        if len(bad):
            bad["field"] = field
            bad["problem"] = "too_long"
            bad["length"] = pd.array(n[n > limit].to_numpy(), dtype="Int64")
            bad["limit"] = pd.array([limit] * len(bad), dtype="Int64")
            bad["message"] = [f"element {e}: {field} has {k} characters; at most {limit}"
                              for e, k in zip(bad["element"], bad["length"])]
            parts.append(bad)
    # elements
    unknown = sd[~sd["element"].isin(ELEMENTS)][KEYS + ["element"]].copy()
    if len(unknown):
        unknown["field"] = "element"
        unknown["problem"] = "unknown_element"
        unknown["length"] = pd.array([pd.NA] * len(unknown), dtype="Int64")
        unknown["limit"] = pd.array([pd.NA] * len(unknown), dtype="Int64")
        unknown["message"] = [f"{e} is not one of the 16 diagnostic elements" for e in unknown["element"]]
        parts.append(unknown)
    grid = keys.merge(pd.DataFrame({"element": list(ELEMENTS)}), how="cross")
    have = sd[KEYS + ["element"]].drop_duplicates().assign(_have=True)
    gone = grid.merge(have, on=KEYS + ["element"], how="left")
    gone = gone[gone["_have"].isna()].drop(columns="_have")
    if len(gone):
        gone["field"] = "element"
        gone["problem"] = "missing_element"
        gone["length"] = pd.array([pd.NA] * len(gone), dtype="Int64")
        gone["limit"] = pd.array([pd.NA] * len(gone), dtype="Int64")
        gone["message"] = [f"element {e} is missing" for e in gone["element"]]
        parts.append(gone)
    if not parts:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    out = pd.concat([p[PROBLEM_COLUMNS] for p in parts], ignore_index=True)
    out["length"] = out["length"].astype("Int64")
    out["limit"] = out["limit"].astype("Int64")
    return out
