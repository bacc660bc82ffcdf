"""Which follow-up actions of the order apply to what the analysis found.

The Armavir order of 02.03.2020 № 204, item 1, tells heads of schools what to
do "taking into account the analysis of the quality … by the results of the
first half-year".  :func:`recommendations` picks the sub-items that a school's
findings call for, and says which finding calls for each:

====  =======================  ==================================================
item  action                   applies when
====  =======================  ==================================================
1.1   ``correct_plan``         a subject is in the risk zone — correct the
                               integrated ВШК / ВСОКО plan for the next half-year
1.2   ``internal_analysis``    anything was found — run the school's own analysis
                               with the centre's conclusions
1.3   ``objectivity_control``  a sign of non-objective assessment — enforce the
                               regulation on current and intermediate assessment
1.4   ``history_control``      history in grades 5–9 is in the risk zone — put it
                               under special control
1.5   ``gia_preparation``      problem zones in the graduating grades (9, 11), or
                               students who have not passed the final essay —
                               prepare them for the state final attestation
====  =======================  ==================================================
"""

from __future__ import annotations

import pandas as pd

ITEMS = (
    ("1.1", "correct_plan"),
    ("1.2", "internal_analysis"),
    ("1.3", "objectivity_control"),
    ("1.4", "history_control"),
    ("1.5", "gia_preparation"),
)


def _subjects(frame: pd.DataFrame | None, column: str = "subject") -> tuple[str, ...]:
    if frame is None or len(frame) == 0 or column not in frame.columns:
        return ()
    return tuple(sorted({str(s) for s in frame[column].dropna()}))


def recommendations(risk: pd.DataFrame | None = None, flags: pd.DataFrame | None = None,
                    essay: pd.DataFrame | None = None, history_risk: pd.DataFrame | None = None,
                    gia_risk: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sub-items of the order's item 1 that apply, each with what calls for it.

    Parameters
    ----------
    risk : the school's risk-zone rows for the period (:func:`risk_zones`).
    flags : the school's objectivity flags (:func:`objectivity_flags`).
    essay : the school's final-essay result (:func:`essay_pass`), any grouping.
    history_risk : risk-zone rows of history computed on grades 5–9 only.
    gia_risk : risk-zone rows computed on the graduating grades (9 and 11) only.

    Returns
    -------
    DataFrame
        ``item`` (e.g. ``1.4``), ``action`` (a code, see the module), ``subjects``
        (tuple: the subjects concerned, may be empty), ``because`` (tuple of
        codes: ``risk_zone``, ``objectivity``, ``history``, ``gia_risk``,
        ``essay``) — in the order's order.

    Examples
    --------
    >>> import pandas as pd
    >>> risk = pd.DataFrame({"subject": ["История"], "reason": ["low_quality"]})
    >>> recommendations(risk=risk, history_risk=risk)["item"].tolist()
    ['1.1', '1.2', '1.4']
    """
    risk_subj = _subjects(risk)
    flag_subj = _subjects(flags)
    hist_subj = _subjects(history_risk)
    gia_subj = _subjects(gia_risk)
    essay_failed = bool(essay is not None and len(essay)
                        and (essay["passed"].sum() < essay["n"].sum()))
    rows = []
    if risk_subj:
        rows.append(("1.1", "correct_plan", risk_subj, ("risk_zone",)))
    because = tuple(c for c, on in (("risk_zone", risk_subj), ("objectivity", flag_subj),
                                     ("essay", essay_failed)) if on)
    if because:
        rows.append(("1.2", "internal_analysis", tuple(sorted(set(risk_subj) | set(flag_subj))),
                     because))
    if flag_subj:
        rows.append(("1.3", "objectivity_control", flag_subj, ("objectivity",)))
    if hist_subj:
        rows.append(("1.4", "history_control", hist_subj, ("history",)))
    gia_because = tuple(c for c, on in (("gia_risk", gia_subj), ("essay", essay_failed)) if on)
    if gia_because:
        rows.append(("1.5", "gia_preparation", gia_subj, gia_because))
    return pd.DataFrame(rows, columns=["item", "action", "subjects", "because"])


__all__ = ["recommendations", "ITEMS"]
