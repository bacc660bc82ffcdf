"""Signs of non-objective assessment, school by school, each with its evidence.

Two signs, both per school, procedure and subject:

``inflated_marks``
    The school's internal marks look inflated: a high share of its students
    got a lower mark on the external procedure than in the journal
    (понизили), and notably more than in the municipality.

``implausible_external``
    The school's external results look implausibly high — after the criteria
    Rosobrnadzor and FIOKO published in 2018 for signs of non-objective ВПР
    results: the results are notably above the regional (here municipal)
    level, the school is not a lyceum or gymnasium with advanced study of the
    subject, and the high results are not supported by other results — the
    same students' journal marks are lower (the external share of 4 and 5
    exceeds the journal's by the support margin or more) and none of the
    school's other procedures in the subject is above the municipality by that
    margin.

Thresholds are rules (:class:`~evalnb.assessment.rules.AssessmentRules`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frames import ensure
from .external import objectivity, rollup_objectivity
from .rules import AssessmentRules

FLAG_COLUMNS = ("school_id", "municipality", "procedure", "subject", "flag", "n", "value",
                "reference", "threshold", "lowered_share", "raised_share", "external_quality",
                "muni_external_quality", "external_gap", "journal_quality", "muni_journal_quality",
                "own_gap", "other_gap", "advanced", "muni_lowered_share")


def objectivity_flags(external: pd.DataFrame, marks: pd.DataFrame, periods: pd.DataFrame,
                      students: pd.DataFrame, schools: pd.DataFrame, rules=None,
                      table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Schools whose internal marks look inflated or whose external results look implausibly high.

    Parameters
    ----------
    external, marks, periods, students : the contract's tables (as for :func:`objectivity`).
    schools : the ``schools`` table (municipality, and the name for the
        lyceum / gymnasium rule).
    rules : :class:`AssessmentRules` — ``objectivity_min_n``,
        ``inflated_lowered_share``, ``inflated_margin``, ``high_external_margin``,
        ``support_margin``, ``advanced_name_patterns``, ``advanced_study``.
    table : the result of ``objectivity(…, by=("school_id", "procedure",
        "subject"))`` if already computed (saves the comparison).

    Returns
    -------
    DataFrame
        One row per flag: ``school_id``, ``municipality``, ``procedure``,
        ``subject``, ``flag`` (``inflated_marks`` | ``implausible_external``),
        ``n`` (results the flag rests on), ``value`` (the school's lowered share,
        or share of 4 and 5), ``reference`` (the municipality's), ``threshold``
        (the rule's value the school passed), and the evidence: shares lowered
        and raised, external and journal quality of the school and the
        municipality, ``external_gap`` (school − municipality, external),
        ``own_gap`` (external − the same students' journal quality), ``other_gap`` (best gap of the school's other
        procedures in the subject; NaN when none), ``advanced``.

    Notes
    -----
    Armavir order of 02.03.2020 № 204, appendix ("обеспечения стопроцентной
    объективности", "соответствие внешней и внутренней оценки"), and the
    2018 Rosobrnadzor / FIOKO criteria of signs of non-objective ВПР results.
    The municipality stands in for the region: it is the level the
    methodological centre compares schools with.

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"school_id": ["A", "B"], "name": ["СОШ № 1", "СОШ № 2"],
    ...                         "municipality": "M", "kind": "general"})
    >>> students = pd.DataFrame({"student_id": [f"s{i}" for i in range(20)],
    ...                          "school_id": ["A"] * 10 + ["B"] * 10, "grade": 5})
    >>> periods = pd.DataFrame({"period": ["Q3"], "start": ["2020-01-09"], "end": ["2020-03-22"]})
    >>> marks = pd.DataFrame({"student_id": students.student_id, "subject": "Математика",
    ...                       "period": "Q3", "mark": 5})
    >>> external = pd.DataFrame({"student_id": students.student_id, "subject": "Математика",
    ...                          "procedure": "ВПР", "date": "2020-04-21", "mark": [3] * 10 + [5] * 10})
    >>> f = objectivity_flags(external, marks, periods, students, schools)
    >>> f[["school_id", "flag", "value", "reference"]].values.tolist()
    [['A', 'inflated_marks', 1.0, 0.5]]
    """
    rules = AssessmentRules.load(rules)
    schools = ensure(schools, "schools")
    if table is None:
        table = objectivity(external, marks, periods, students,
                            by=("school_id", "procedure", "subject"), rules=rules)
    info = schools.set_index("school_id")
    t = table.copy()
    t["municipality"] = t["school_id"].map(info["municipality"]).astype(object)
    muni = rollup_objectivity(t, ["municipality", "procedure", "subject"])
    muni = muni.rename(columns={"lowered_share": "muni_lowered_share",
                                "external_quality": "muni_external_quality",
                                "journal_quality": "muni_journal_quality"})[
        ["municipality", "procedure", "subject", "muni_lowered_share", "muni_external_quality",
         "muni_journal_quality"]]
    t = t.merge(muni, on=["municipality", "procedure", "subject"], how="left")
    t["external_gap"] = t["external_quality"] - t["muni_external_quality"]
    # how far the external results exceed the same students' own journal marks
    t["own_gap"] = t["external_quality"] - t["journal_quality"]

    # best gap of the school's *other* procedures in the same subject (enough results only)
    enough_marked = t["n_marked"] >= rules.objectivity_min_n
    gaps = t.loc[enough_marked, ["school_id", "subject", "procedure", "external_gap"]]
    pairs = t[["school_id", "subject", "procedure"]].reset_index().merge(
        gaps, on=["school_id", "subject"], how="inner", suffixes=("", "_other"))
    pairs = pairs[pairs["procedure"] != pairs["procedure_other"]]
    t["other_gap"] = pairs.groupby("index")["external_gap"].max().reindex(t.index)

    names = t["school_id"].map(info["name"])
    t["advanced"] = [rules.advanced(s, nm, subj) for s, nm, subj in
                     zip(t["school_id"], names, t["subject"])] if len(t) else []
    t["advanced"] = t["advanced"].astype(bool)

    inflated = ((t["n"] >= rules.objectivity_min_n)
                & (t["lowered_share"] >= rules.inflated_lowered_share)
                & (t["lowered_share"] - t["muni_lowered_share"] >= rules.inflated_margin - 1e-12))
    supported = ((t["own_gap"] < rules.support_margin - 1e-12).fillna(False)
                 | (t["other_gap"] >= rules.support_margin - 1e-12).fillna(False))
    implausible = (enough_marked & ~t["advanced"]
                   & (t["external_gap"] >= rules.high_external_margin - 1e-12).fillna(False)
                   & ~supported)

    a = t[inflated.fillna(False)].assign(
        flag="inflated_marks", value=lambda d: d["lowered_share"],
        reference=lambda d: d["muni_lowered_share"], threshold=rules.inflated_lowered_share)
    b = t[implausible].assign(
        flag="implausible_external", n=lambda d: d["n_marked"],
        value=lambda d: d["external_quality"], reference=lambda d: d["muni_external_quality"],
        threshold=rules.high_external_margin)
    out = pd.concat([a, b], ignore_index=True, sort=False)
    if out.empty:
        out = pd.DataFrame({c: pd.Series(dtype=t[c].dtype if c in t else object) for c in FLAG_COLUMNS})
    out = out[list(FLAG_COLUMNS)].sort_values(["school_id", "flag", "procedure", "subject"],
                                              kind="stable")
    out["n"] = out["n"].astype(np.int64)
    return out.reset_index(drop=True)


__all__ = ["objectivity_flags", "FLAG_COLUMNS"]
