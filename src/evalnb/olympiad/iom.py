"""Individual educational routes (ИОМ): who needs one, and how far they are implemented.

Item 1.6 of the order: «обеспечить в ОО реализацию ИОМ для победителей и
призёров муниципального и регионального этапов ВОШ»; the talk asks for
special control of those who won «по нескольким предметам» and for «100%-ной
реализации ИОМ с привлечением родителей, школьных педагогов-психологов,
педагогов – наставников».
"""

from __future__ import annotations

import pandas as pd

from ..core.validate import ensure
from . import _inputs as inp
from .rules import STAGES, OlympiadRules

REQUIRED_COLUMNS = ["year", "school_id", "student_id", "grade", "subjects", "n_subjects", "stages",
                    "special_control"]
_HINT = "pass the result of iom_required(olympiad, year)"


def iom_required(olympiad: pd.DataFrame, year: str, grades=None, rules=None) -> pd.DataFrame:
    """Students who need an ИОМ: winners and prize-winners of the municipal and regional stages.

    Parameters
    ----------
    olympiad : the olympiad table.
    year : school year ``YYYY-YYYY``.
    grades : keep only these grades (e.g. ``[9, 10]``: the centre's letter № 219
        of 19.02.2020 collected the routes of regional winners in grades 9–10).
    rules : :class:`OlympiadRules` (``iom_stages``, ``iom_statuses``,
        ``iom_min_subjects``, ``iom_special_subjects``), a mapping or a YAML path.

    Returns
    -------
    DataFrame
        One row per student with at least ``iom_min_subjects`` distinct subjects
        awarded at a stage of ``iom_stages`` in ``year``: ``year``, ``school_id``,
        ``student_id``, ``grade`` (the highest of the student's rows), ``subjects``
        (sorted ``;`` list: a subject won at two stages counts once),
        ``n_subjects``, ``stages`` (``;`` list in stage order) and
        ``special_control`` (n_subjects ≥ ``iom_special_subjects``).

    Reference: Armavir order of 02.03.2020 № 204, item 1.6; the talk on ИОМ
    («по нескольким предметам», letter № 47-01-13-12584/19 of 26.06.2019).

    Examples
    --------
    >>> import pandas as pd
    >>> olympiad = pd.DataFrame({"year": ["2019-2020"] * 3,
    ...     "stage": ["municipal", "regional", "municipal"], "school_id": ["A"] * 3,
    ...     "student_id": ["s1"] * 3, "subject": ["Maths", "Maths", "Physics"],
    ...     "grade": [9] * 3, "status": ["winner", "prize_winner", "prize_winner"]})
    >>> iom_required(olympiad, "2019-2020")[["subjects", "n_subjects", "stages",
    ...                                     "special_control"]].values.tolist()
    [['Maths;Physics', 2, 'municipal;regional', True]]
    """
    r = OlympiadRules.load(rules)
    year = inp.school_year(year)
    olympiad = ensure(olympiad, "olympiad")
    rows = olympiad[(olympiad["year"] == year) & olympiad["stage"].isin(r.iom_stages)
                    & olympiad["status"].isin(r.iom_statuses)]
    if grades is not None:
        wanted = [grades] if isinstance(grades, int) else list(grades)
        for g in wanted:
            if isinstance(g, bool) or not isinstance(g, (int,)) or not 1 <= g <= 11:
                raise inp.InputError(f"grades must be whole numbers from 1 to 11, not {g!r}",
                                     table="parameters", column="grades", value=g,
                                     rule="grades from 1 to 11")
        rows = rows[rows["grade"].isin(wanted)]
    order = {s: i for i, s in enumerate(STAGES)}
    g = rows.groupby("student_id", sort=True)
    out = pd.DataFrame({
        "school_id": g["school_id"].first(),
        "grade": g["grade"].max(),
        "subjects": g["subject"].agg(lambda s: ";".join(sorted(set(s)))),
        "n_subjects": g["subject"].nunique(),
        "stages": g["stage"].agg(lambda s: ";".join(sorted(set(s), key=order.get))),
    }).reset_index()
    out = out[out["n_subjects"] >= r.iom_min_subjects]
    out.insert(0, "year", year)
    out["n_subjects"] = out["n_subjects"].astype("int64")
    out["grade"] = out["grade"].astype("int64")
    out["special_control"] = (out["n_subjects"] >= r.iom_special_subjects).astype(bool)
    out = out.sort_values(["school_id", "student_id"]).reset_index(drop=True)[REQUIRED_COLUMNS]
    out.attrs["evalnb_year"] = year
    return out


_SUMS = ["required", "with_iom", "complete", "special_control", "special_with_iom", "extra"]


def iom_implementation(required: pd.DataFrame, iom: pd.DataFrame, schools: pd.DataFrame,
                       rules=None) -> pd.DataFrame:
    """How far the required ИОМ are implemented, per school and municipality.

    Parameters
    ----------
    required : the result of :func:`iom_required`.
    iom, schools : the tables of the data contract.
    rules : :class:`OlympiadRules` (``iom_active_statuses``,
        ``iom_complete_requires``, ``iom_target``), a mapping or a YAML path.

    Returns
    -------
    DataFrame
        Per school year, school and municipality: ``required``; ``with_iom``
        (required students whose ИОМ of that year is in progress or done);
        ``implementation`` = with_iom / required; ``complete`` (of those, the ИОМ
        naming a mentor and a psychologist, with parents involved);
        ``complete_share`` = complete / required; ``special_control`` and
        ``special_with_iom``; ``missing`` (``;`` list of required students without
        an implemented ИОМ); ``extra`` (ИОМ rows of students not required: counted,
        not an error); ``meets_target`` (implementation ≥ ``iom_target``).  With
        required = 0 the shares are NaN and ``meets_target`` is NA.

    Reference: Armavir order of 02.03.2020 № 204, item 1.6 and the appendix:
    «необходимость 100%-ной реализации ИОМ с привлечением родителей, школьных
    педагогов-психологов, педагогов – наставников».

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"school_id": ["A"], "name": ["A"], "municipality": ["M"],
    ...                         "kind": ["general"]})
    >>> required = pd.DataFrame({"year": ["2019-2020"] * 2, "school_id": ["A"] * 2,
    ...     "student_id": ["s1", "s2"], "grade": [9, 9], "subjects": ["Maths", "Maths"],
    ...     "n_subjects": [1, 1], "stages": ["municipal"] * 2, "special_control": [False] * 2})
    >>> iom = pd.DataFrame({"student_id": ["s1"], "year": ["2019-2020"], "school_id": ["A"],
    ...     "subjects": ["Maths"], "status": ["in_progress"]})
    >>> iom_implementation(required, iom, schools)[["level", "implementation", "missing"]].values.tolist()
    [['school', 0.5, 's2'], ['municipality', 0.5, 's2']]
    """
    r = OlympiadRules.load(rules)
    required = inp.need_columns(required, "required", REQUIRED_COLUMNS, _HINT)
    schools, iom = inp.tables(schools, iom=iom)
    unknown = inp.unknown_schools(required.reset_index(drop=True), "required", schools)
    if unknown:
        raise inp.InputError(problems=unknown)
    years = set(required["year"].astype(str))
    if required.attrs.get("evalnb_year"):
        years.add(str(required.attrs["evalnb_year"]))
    if not years:
        years = set(iom["year"])
    iom = iom[iom["year"].isin(years)]
    req = required[["year", "school_id", "student_id", "special_control"]].copy()
    req["special_control"] = req["special_control"].fillna(False).astype(bool)
    keyed = req.merge(iom.drop(columns="school_id"), on=["student_id", "year"], how="left")
    keyed["active"] = keyed["status"].isin(r.iom_active_statuses)
    parts = pd.Series(True, index=keyed.index)
    for p in r.iom_complete_requires:
        col = keyed[p]
        has = col.fillna(False).astype(bool) if p in ("parents_involved", "iup") else \
            col.notna() & (col.astype("string").str.strip() != "").fillna(False).astype(bool)
        parts &= has.astype(bool)
    keyed["complete"] = keyed["active"] & parts
    keyed["special_with_iom"] = keyed["active"] & keyed["special_control"]
    required_ids = set(zip(req["student_id"], req["year"]))
    is_extra = pd.Series([(s, y) not in required_ids for s, y in zip(iom["student_id"], iom["year"])],
                         index=iom.index, dtype=bool)
    extra_rows = iom[is_extra]

    g = keyed.groupby(["year", "school_id"])
    counted = pd.DataFrame({
        "required": g.size(),
        "with_iom": g["active"].sum(),
        "complete": g["complete"].sum(),
        "special_control": g["special_control"].sum(),
        "special_with_iom": g["special_with_iom"].sum(),
        "extra": extra_rows.groupby(["year", "school_id"]).size(),
    })
    missing = (keyed[~keyed["active"]].sort_values("student_id")
               .groupby(["year", "school_id"])["student_id"].agg(";".join))
    base = inp.scope(schools, set(req["school_id"]) | set(iom["school_id"]))
    grid = base.merge(pd.DataFrame({"year": sorted(years)}), how="cross")
    grid = grid.join(counted, on=["year", "school_id"]).fillna({c: 0 for c in _SUMS})
    grid = grid.join(missing.rename("missing"), on=["year", "school_id"])
    grid["missing"] = grid["missing"].fillna("")
    out = inp.with_levels(grid.drop(columns=["kind", "missing"]), ["year"], _SUMS)
    lists = grid.groupby(["municipality", "year"])["missing"].agg(lambda s: ";".join(x for x in s if x))
    school_missing = grid.set_index(["year", "school_id"])["missing"]
    out["missing"] = [
        school_missing.get((y, s), "") if lvl == "school" else lists.get((m, y), "")
        for lvl, m, y, s in zip(out["level"], out["municipality"], out["year"], out["school_id"])]
    out["implementation"] = inp.share(out["with_iom"], out["required"])
    out["complete_share"] = inp.share(out["complete"], out["required"])
    out["meets_target"] = inp.at_least(out["implementation"], r.iom_target)
    out = out.sort_values(["year", "municipality"], kind="stable").reset_index(drop=True)
    return out[["level", "municipality", "school_id", "year", "required", "with_iom",
                "implementation", "complete", "complete_share", "special_control",
                "special_with_iom", "missing", "extra", "meets_target"]]
