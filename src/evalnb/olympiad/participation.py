"""Coverage of the school stage, schools taking part, and quality of participation.

Every result has one row per school and one per municipality (``level``);
a municipality row has an empty ``school_id`` and is computed from the
summed counts of its schools, never from averaged shares.  A share whose
denominator is 0 is NaN.
"""

from __future__ import annotations

import pandas as pd

from . import _inputs as inp
from .rules import STAGES, OlympiadRules

_COV = ["level", "municipality", "school_id", "year", "stage", "students", "participants",
        "participations", "coverage", "participations_per_student"]


def coverage(olympiad: pd.DataFrame, enrolment: pd.DataFrame, schools: pd.DataFrame, year: str,
             stage: str = "school", rules=None) -> pd.DataFrame:
    """Coverage of an olympiad stage: students taking part / students enrolled.

    Parameters
    ----------
    olympiad, enrolment, schools : the tables of the data contract.
    year : school year ``YYYY-YYYY``.
    stage : ``school`` (default) | ``municipal`` | ``regional`` | ``final``.
    rules : :class:`OlympiadRules` (``coverage_grades``), a mapping or a YAML path.

    Returns
    -------
    DataFrame
        Per school and municipality: ``students`` (enrolled in ``coverage_grades``),
        ``participants`` (distinct students of the year and stage in those grades),
        ``participations`` (their rows, student × subject), ``coverage`` =
        participants / students and ``participations_per_student``.  Coverage is not
        clipped: above 1 means the enrolment is wrong.

    Reference: Armavir order of 02.03.2020 № 204, appendix: «охват школьников
    всероссийской олимпиадой (ВОШ) составляет более 73 % (школьный этап)».

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"school_id": ["A"], "name": ["A"], "municipality": ["M"],
    ...                         "kind": ["general"]})
    >>> enrolment = pd.DataFrame({"school_id": ["A"], "year": ["2019-2020"], "grade": [5],
    ...                           "students": [4]})
    >>> olympiad = pd.DataFrame({"year": ["2019-2020"] * 2, "stage": ["school"] * 2,
    ...     "school_id": ["A", "A"], "student_id": ["s1", "s1"], "subject": ["Maths", "Physics"],
    ...     "grade": [5, 5], "status": ["participant", "winner"]})
    >>> coverage(olympiad, enrolment, schools, "2019-2020")[["level", "coverage"]].values.tolist()
    [['school', 0.25], ['municipality', 0.25]]
    """
    r = OlympiadRules.load(rules)
    year = inp.school_year(year)
    stage = inp.stage(stage)
    schools, olympiad, enrolment = inp.tables(schools, olympiad=olympiad, enrolment=enrolment)
    lo, hi = r.grade_range
    rows = olympiad[(olympiad["year"] == year) & (olympiad["stage"] == stage)
                    & olympiad["grade"].between(lo, hi).fillna(False).astype(bool)]
    enrolled = enrolment[(enrolment["year"] == year)
                         & enrolment["grade"].between(lo, hi).fillna(False).astype(bool)]
    counted = pd.DataFrame({
        "students": enrolled.groupby("school_id")["students"].sum(),
        "participants": rows.groupby("school_id")["student_id"].nunique(),
        "participations": rows.groupby("school_id").size(),
    })
    base = inp.scope(schools, set(rows["school_id"]) | set(enrolled["school_id"]))
    base = base.join(counted, on="school_id").fillna({c: 0 for c in counted.columns})
    base = base.assign(year=year, stage=stage)
    out = inp.with_levels(base.drop(columns="kind"), ["year", "stage"],
                          ["students", "participants", "participations"])
    out["coverage"] = inp.share(out["participants"], out["students"])
    out["participations_per_student"] = inp.share(out["participations"], out["students"])
    return out[_COV]


def school_participation(olympiad: pd.DataFrame, schools: pd.DataFrame, year: str,
                         rules=None) -> pd.DataFrame:
    """Share of general schools taking part in each stage of ``school_share_stages``.

    Returns one row per stage and municipality (``level`` ``municipality``):
    ``schools_total`` (schools of kind ``general``), ``schools_participating``
    (those with at least one row of that stage in ``year``), ``share``,
    ``missing`` (``;`` list of the school ids not taking part) and
    ``meets_target`` (share ≥ ``school_share_target``; NA without schools).
    Municipalities are those with olympiad rows in ``year``.

    Reference: Armavir order of 02.03.2020 № 204, appendix: «В школьном и
    муниципальном этапах принимают участие 100% общеобразовательных организаций».

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"school_id": ["A", "B"], "name": ["A", "B"],
    ...                         "municipality": ["M", "M"], "kind": ["general"] * 2})
    >>> olympiad = pd.DataFrame({"year": ["2019-2020"], "stage": ["school"], "school_id": ["A"],
    ...     "student_id": ["s1"], "subject": ["Maths"], "grade": [5], "status": ["participant"]})
    >>> school_participation(olympiad, schools, "2019-2020")[["stage", "share", "missing"]].values.tolist()
    [['school', 0.5, 'B'], ['municipal', 0.0, 'A;B']]
    """
    r = OlympiadRules.load(rules)
    year = inp.school_year(year)
    schools, olympiad = inp.tables(schools, olympiad=olympiad)
    rows = olympiad[olympiad["year"] == year]
    munis = sorted(schools.loc[schools["school_id"].isin(rows["school_id"]), "municipality"].unique())
    general = schools[(schools["kind"] == "general") & schools["municipality"].isin(munis)]
    out = []
    for muni in munis:
        ids = sorted(general.loc[general["municipality"] == muni, "school_id"])
        for st in r.school_share_stages:
            taking = set(rows.loc[rows["stage"] == st, "school_id"])
            missing = [s for s in ids if s not in taking]
            out.append({"level": "municipality", "municipality": muni, "school_id": None,
                        "year": year, "stage": st, "schools_total": len(ids),
                        "schools_participating": len(ids) - len(missing),
                        "missing": ";".join(missing)})
    frame = pd.DataFrame(out, columns=["level", "municipality", "school_id", "year", "stage",
                                       "schools_total", "schools_participating", "missing"])
    for c in ("schools_total", "schools_participating"):
        frame[c] = frame[c].astype("int64")
    frame["share"] = inp.share(frame["schools_participating"], frame["schools_total"])
    frame["meets_target"] = inp.at_least(frame["share"], r.school_share_target)
    return frame[["level", "municipality", "school_id", "year", "stage", "schools_total",
                  "schools_participating", "share", "missing", "meets_target"]]


_QUALITY_SUMS = ["participations", "winners", "prize_winners", "awarded", "participants",
                 "awarded_students"]


def participation_quality(olympiad: pd.DataFrame, schools: pd.DataFrame, years=None, stages=None,
                          combine_stages: bool = False, rules=None) -> pd.DataFrame:
    """Quality of participation: awards per participation, per year, stage and school.

    Parameters
    ----------
    olympiad, schools : the tables of the data contract.
    years : school years to include (``None``: every year of the data).
    stages : stages to include (``None``: ``quality_stages``, municipal and regional).
    combine_stages : pool the stages into one row per year and school, whose
        ``stage`` is the stages joined by ``+`` (``municipal+regional``).
    rules : :class:`OlympiadRules`, a mapping or a YAML path.

    Returns
    -------
    DataFrame
        Per year, stage, school (with rows at that stage) and municipality:
        ``participations`` (rows), ``winners``, ``prize_winners``, ``awarded`` =
        winners + prize_winners, ``quality`` = awarded / participations;
        ``participants`` (distinct students), ``awarded_students`` (distinct
        students with at least one award) and ``quality_students`` =
        awarded_students / participants.

    Reference: Armavir order of 02.03.2020 № 204, appendix: «Качество участия в
    муниципальном и региональном этапах составляет более 35%».

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"school_id": ["A"], "name": ["A"], "municipality": ["M"],
    ...                         "kind": ["general"]})
    >>> olympiad = pd.DataFrame({"year": ["2019-2020"] * 3, "stage": ["municipal"] * 3,
    ...     "school_id": ["A"] * 3, "student_id": ["s1", "s1", "s2"],
    ...     "subject": ["Maths", "Physics", "Maths"], "grade": [9, 9, 9],
    ...     "status": ["winner", "participant", "participant"]})
    >>> q = participation_quality(olympiad, schools)
    >>> q[["level", "quality", "quality_students"]].values.tolist()
    [['school', 0.3333333333333333, 0.5], ['municipality', 0.3333333333333333, 0.5]]
    """
    r = OlympiadRules.load(rules)
    schools, olympiad = inp.tables(schools, olympiad=olympiad)
    wanted = inp.stages(r.quality_stages if stages is None else stages)
    rows = olympiad[olympiad["stage"].isin(wanted)]
    if years is not None:
        years = [inp.school_year(y, "years") for y in ([years] if isinstance(years, str) else years)]
        rows = rows[rows["year"].isin(years)]
    rows = rows.copy()
    if combine_stages:
        rows["stage"] = "+".join(s for s in STAGES if s in wanted)
    rows["winner"] = (rows["status"] == "winner").astype("int64")
    rows["prize"] = (rows["status"] == "prize_winner").astype("int64")
    rows["award"] = rows["winner"] + rows["prize"]
    keys = ["year", "stage", "school_id"]
    g = rows.groupby(keys, sort=True)
    per_student = rows.groupby([*keys, "student_id"], sort=True)["award"].max().reset_index()
    base = pd.DataFrame({
        "participations": g.size(),
        "winners": g["winner"].sum(),
        "prize_winners": g["prize"].sum(),
        "participants": g["student_id"].nunique(),
        "awarded_students": per_student.groupby(keys)["award"].sum(),
    }).reset_index()
    base["awarded"] = base["winners"] + base["prize_winners"]
    base = base.merge(schools[["school_id", "municipality"]], on="school_id", how="left")
    base = base.sort_values(["year", "stage", "municipality", "school_id"])
    out = inp.with_levels(base, ["year", "stage"], _QUALITY_SUMS)
    out["quality"] = inp.share(out["awarded"], out["participations"])
    out["quality_students"] = inp.share(out["awarded_students"], out["participants"])
    order = {s: i for i, s in enumerate(STAGES)}
    out["_s"] = out["stage"].map(lambda s: order.get(s.split("+")[0], 0))
    out["_l"] = (out["level"] == "municipality").astype(int)
    out = out.sort_values(["year", "_s", "municipality", "_l", "school_id"], kind="stable")
    return out[["level", "municipality", "school_id", "year", "stage", "participations", "winners",
                "prize_winners", "awarded", "quality", "participants", "awarded_students",
                "quality_students"]].reset_index(drop=True)


def more_than(values, benchmark: float) -> pd.Series:
    """Whether each share is *more than* a reference value (the order's «более 73 %»).

    Exactly the reference is not more than it; NaN gives NA.  The reference
    values (``coverage_benchmark``, ``quality_benchmark``) are facts the order
    reports, so reports draw them as lines and count who is above; they are
    not pass marks.

    >>> more_than([0.74, 0.73, float("nan")], 0.73).tolist()
    [True, False, <NA>]
    """
    s = pd.Series(values, dtype="float64")
    out = (s > benchmark + 1e-12).astype("boolean")
    out[s.isna()] = pd.NA
    return out
