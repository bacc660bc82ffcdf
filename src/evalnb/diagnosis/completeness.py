"""Whether a self-diagnosis report is complete (附2 of 教职成司函〔2016〕37号).

附2, the reference format of the self-diagnosis report, ends with the
comprehensive diagnostic conclusion (综合诊断结论), the suggestions for the
improvement work (改进工作建议) and the principal's signature (校长（签字）);
before them the overview (自我诊改工作概述) and, per element, the
self-diagnosis, measures and effect (notes 2–4; note 4: where measures are
not yet in place the effect column says so).  An element left empty is a
problem, not a pass: :func:`report_completeness` lists each.  The length
limits are checked by :func:`~evalnb.diagnosis.review.check_self_report`.
"""

from __future__ import annotations

import pandas as pd

from ..core.validate import ensure
from .catalog import ELEMENTS
from .review import char_count

KEYS = ["school_id", "cycle"]
ELEMENT_TEXTS = ("diagnosis_text", "measures_text", "effect_text")
REPORT_TEXTS = ("overview", "conclusion_text", "suggestions_text")
COMPLETENESS_COLUMNS = ["school_id", "cycle", "element", "field", "problem"]
PROBLEMS = ("empty", "no_report", "not_signed")


def _blank(values: pd.Series) -> pd.Series:
    return values.map(char_count).eq(0)


def report_completeness(self_diagnosis: pd.DataFrame, report: pd.DataFrame | None) -> pd.DataFrame:
    """The missing parts of each school-cycle's self-diagnosis report (附2).

    Parameters
    ----------
    self_diagnosis : the ``self_diagnosis`` rows (the school-cycles checked are theirs).
    report : the ``self_report_overview`` rows (``overview``, ``conclusion_text``,
        ``suggestions_text``, optional ``principal_signed``); None: none recorded.

    Returns
    -------
    pandas.DataFrame
        One row per problem (empty when complete): ``school_id``, ``cycle``,
        ``element`` (None for the report's own parts), ``field`` and
        ``problem`` — ``empty`` (a text of only blanks, or none),
        ``no_report`` (no ``self_report_overview`` row: overview, conclusion,
        suggestions and signature all missing) or ``not_signed`` (the
        principal's signature is not recorded as given).

    Examples
    --------
    >>> sd = pd.DataFrame({"school_id": "S", "cycle": "2021", "element": ELEMENTS,
    ...                    "attainment": "achieved", "diagnosis_text": "写实", "measures_text": "措施",
    ...                    "effect_text": "效果"})
    >>> rep = pd.DataFrame({"school_id": ["S"], "cycle": ["2021"], "overview": ["概述"],
    ...                     "conclusion_text": ["结论"], "suggestions_text": [" "],
    ...                     "principal_signed": [True]})
    >>> report_completeness(sd, rep)[["field", "problem"]].values.tolist()
    [['suggestions_text', 'empty']]
    """
    sd = ensure(self_diagnosis, "self_diagnosis")
    parts = []
    for field in ELEMENT_TEXTS:
        values = sd[field] if field in sd.columns else pd.Series(None, index=sd.index, dtype=object)
        bad = sd.loc[_blank(values).to_numpy(), KEYS + ["element"]].copy()
        parts.append(bad.assign(field=field, problem="empty"))
    keys = sd[KEYS].drop_duplicates().astype(str)
    if report is None or report.empty:
        rep = pd.DataFrame(columns=KEYS)
    else:
        rep = ensure(report, "self_report_overview")
    rep = rep.astype({"school_id": str, "cycle": str}) if len(rep) else rep
    merged = keys.merge(rep, on=KEYS, how="left", indicator=True)
    none = merged[merged["_merge"] == "left_only"]
    parts.append(none[KEYS].assign(element=None, field="report", problem="no_report"))
    have = merged[merged["_merge"] == "both"]
    for field in REPORT_TEXTS:
        values = have[field] if field in have.columns else pd.Series(None, index=have.index, dtype=object)
        bad = have.loc[_blank(values).to_numpy(), KEYS]
        parts.append(bad.assign(element=None, field=field, problem="empty"))
    signed = (have["principal_signed"] if "principal_signed" in have.columns
              else pd.Series(False, index=have.index))
    unsigned = have.loc[~signed.fillna(False).astype(bool).to_numpy(), KEYS]
    parts.append(unsigned.assign(element=None, field="principal_signed", problem="not_signed"))
    out = pd.concat([p[COMPLETENESS_COLUMNS] for p in parts if len(p)], ignore_index=True) if any(
        len(p) for p in parts) else pd.DataFrame(columns=COMPLETENESS_COLUMNS)
    order = {e: i for i, e in enumerate(ELEMENTS)}
    out["_o"] = out["element"].map(order).fillna(-1)
    return out.sort_values(KEYS + ["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)
