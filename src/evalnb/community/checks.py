"""Whether a grouping meets the rules: :func:`check_groups`.

The same flags judge a grouping :func:`~evalnb.community.form_groups` made and
one a teacher edited by hand, so the grouping editor re-checks at once.  The
balance rules compare a group with its unit's grouped students (U) in exact
integer arithmetic, so a group exactly at a tolerance passes.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from ._inputs import members_frame, students_frame, unit_key
from .rules import CommunityRules

FLAGS = ("size_ok", "parents_ok", "gender_ok", "grades_ok", "ability_ok", "host_ok", "leader_ok",
         "unit_ok")
#: the unmet-rule name of each flag
FLAG_RULE = {"size_ok": "size", "parents_ok": "parents", "gender_ok": "gender", "grades_ok": "grades",
             "ability_ok": "ability", "host_ok": "host", "leader_ok": "leader", "unit_ok": "unit"}
STAT_COLUMNS = ("group_id", "school_id", "village", "size", "boys", "girls", "grades", "mean_ability",
                "hosts", "households", "x", "y")


def _ratio(value: float) -> Fraction:
    return Fraction(str(value))


def group_flags(st: pd.DataFrame, mem: pd.DataFrame, rules: CommunityRules) -> pd.DataFrame:
    """The statistics and flags of each group (``st`` from ``students_frame``, ``mem`` its members)."""
    st = st.assign(unit=unit_key(st, rules.unit))
    role = mem["role"] if "role" in mem.columns else pd.Series("member", index=mem.index)
    m = mem[["group_id", "student_id"]].assign(is_leader=(role == "leader").to_numpy(dtype=bool))
    m = m.merge(st, on="student_id", how="inner", validate="one_to_one")
    if m.empty:
        return pd.DataFrame(columns=list(STAT_COLUMNS) + list(FLAGS))
    m["girl"] = (m["gender"] == "f").astype("int64")
    m["host"] = m["host_available"].fillna(False).astype(bool).astype("int64")
    m["ab"] = m["ability"].astype("Float64")
    m["ab_sum"] = m["ab"].fillna(0).astype("int64")
    m["ab_n"] = m["ab"].notna().astype("int64")
    # the group's unit: where most of its members belong (ties: the first unit by name)
    counts = m.groupby(["group_id", "unit"]).size().rename("n").reset_index()
    counts = counts.sort_values(["group_id", "n", "unit"], ascending=[True, False, True])
    gunit = counts.drop_duplicates("group_id").set_index("group_id")["unit"]
    n_units = counts.groupby("group_id").size()
    # U: the grouped students of each unit
    u = m.groupby("unit").agg(u_n=("student_id", "size"), u_girls=("girl", "sum"),
                              u_ab_sum=("ab_sum", "sum"), u_ab_n=("ab_n", "sum"),
                              u_grades=("grade", "nunique"))
    g = m.groupby("group_id", sort=True).agg(
        school_id=("school_id", "first"), village=("village", "first"), size=("student_id", "size"),
        girls=("girl", "sum"), hosts=("host", "sum"), households=("household", "nunique"),
        n_grades=("grade", "nunique"), ab_sum=("ab_sum", "sum"), ab_n=("ab_n", "sum"),
        leaders=("is_leader", "sum"), x=("x", "mean"), y=("y", "mean"))
    g["grades"] = m.groupby("group_id")["grade"].agg(lambda s: ";".join(str(v) for v in sorted(set(s))))
    g["unit"] = gunit
    g = g.join(u, on="unit")
    first = m.sort_values("student_id").drop_duplicates("group_id").set_index("group_id")
    g["school_id"] = first["school_id"].reindex(g.index)
    g["village"] = first["village"].reindex(g.index)
    g["boys"] = g["size"] - g["girls"]
    g["mean_ability"] = (g["ab_sum"] / g["ab_n"].where(g["ab_n"] > 0)).astype("float64")

    size = g["size"].to_numpy("int64")
    g["size_ok"] = (size >= rules.min_size) & (size <= rules.max_size)
    hh = g["households"].to_numpy("int64")
    g["parents_ok"] = (hh >= rules.min_parents) & (hh <= rules.max_parents)
    if rules.gender_balance:
        tol = _ratio(rules.gender_tolerance)
        gap = np.abs(g["girls"].to_numpy("int64") * g["u_n"].to_numpy("int64")
                     - size * g["u_girls"].to_numpy("int64"))
        g["gender_ok"] = gap * tol.denominator <= tol.numerator * g["u_n"].to_numpy("int64")
    else:
        g["gender_ok"] = True
    g["grades_ok"] = ((g["u_grades"] < 2) | (g["n_grades"] >= 2)) if rules.mix_grades else True
    if rules.ability_mix:
        tol = _ratio(rules.ability_tolerance)
        big_m, s = g["u_ab_n"].to_numpy("int64"), g["u_ab_sum"].to_numpy("int64")
        mg, sg = g["ab_n"].to_numpy("int64"), g["ab_sum"].to_numpy("int64")
        gap = np.abs(big_m * sg - s * mg)
        g["ability_ok"] = (mg == 0) | (gap * tol.denominator <= tol.numerator * big_m * mg)
    else:
        g["ability_ok"] = True
    g["host_ok"] = (g["hosts"] >= 1) if rules.require_host else True
    g["leader_ok"] = g["leaders"] == 1
    g["unit_ok"] = n_units.reindex(g.index) == 1
    for f in FLAGS:
        g[f] = g[f].astype(bool)
    g = g.reset_index()
    return g[list(STAT_COLUMNS) + list(FLAGS)]


def check_groups(students: pd.DataFrame, members: pd.DataFrame, rules=None) -> pd.DataFrame:
    """The rule flags of every group of a grouping, including one edited by hand.

    Parameters
    ----------
    students : ``community_students`` (the roster).
    members : ``community_members`` (``group_id``, ``student_id``, ``role``).
    rules : :class:`CommunityRules`, a mapping of overrides or a YAML path.

    Returns
    -------
    DataFrame
        One row per group: ``group_id``, ``school_id``, ``village``, ``size``,
        ``boys``, ``girls``, ``grades``, ``mean_ability``, ``hosts``,
        ``households``, ``x``, ``y`` (the members' mean position) and the flags
        ``size_ok`` (min_size ≤ size ≤ max_size), ``parents_ok`` (min_parents ≤
        households ≤ max_parents), ``gender_ok`` (|girls − size·girls(U)/|U|| ≤
        gender_tolerance), ``grades_ok`` (U has one grade, or the group two or
        more), ``ability_ok`` (|mean ability − U's| ≤ ability_tolerance; true
        without abilities), ``host_ok``, ``leader_ok`` (exactly one leader) and
        ``unit_ok`` (all members in one unit). U is the unit's grouped students.

    References
    ----------
    Mobu Primary School plan, part 3 (3) (4–8 students, 4–8 parents a group);
    Lixin No. 1 Middle School summary («就近组合、以大带小、能力搭配、男女平衡»,
    a host family where a parent is at home, one student leader).

    Examples
    --------
    >>> import pandas as pd
    >>> st = pd.DataFrame({"student_id": list("abcd"), "school_id": "S", "grade": [1, 2, 1, 2],
    ...                    "name": list("ABCD"), "gender": list("mfmf"), "village": "V",
    ...                    "guardian": list("PQRS"), "host_available": [True, False, False, False]})
    >>> mem = pd.DataFrame({"group_id": "g", "student_id": list("abcd"),
    ...                     "role": ["leader", "member", "member", "member"]})
    >>> bool(check_groups(st, mem).loc[0, "size_ok"])
    True
    """
    rules = CommunityRules.load(rules)
    st = students_frame(students)
    mem = members_frame(members, st)
    return group_flags(st, mem, rules)
