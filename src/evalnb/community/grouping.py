"""Forming the after-school growth communities of a school: :func:`form_groups`.

Each unit (a school's village, by default) is grouped by an exact constraint
model (:mod:`evalnb.community._model`, OR-Tools CP-SAT).  The result names the
groups, their members and leaders, and lists every rule the grouping does not
meet with the students concerned, so a teacher sees what to adjust by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from ._inputs import students_frame, unit_key
from ._model import Settings, UnitData, solve_unit
from .checks import FLAG_RULE, FLAGS, group_flags
from .rules import CommunityRules

UNMET_COLUMNS = ["scope", "id", "rule", "detail", "students"]
UNIT_COLUMNS = ["school_id", "village", "students", "groups", "status"]
GROUP_COLUMNS = ["group_id", "school_id", "village", "size", "boys", "girls", "grades", "mean_ability",
                 "hosts", "households", "x", "y", "student_leader", "parent_leader", "host", *FLAGS]


@dataclass(frozen=True)
class Grouping:
    """What :func:`form_groups` returns.

    ``groups``: one row per group with its statistics, leaders and the flags of
    :func:`check_groups`; ``members``: ``group_id``, ``student_id``, ``role``;
    ``unmet``: ``scope`` (unit | group | student | pair), ``id``, ``rule``,
    ``detail``, ``students`` (the students concerned, ``;``); ``units``: one row
    per unit with its students, groups and the solver's status (``optimal``:
    proved best; ``feasible``: the best found within the time limit);
    ``friend_pairs`` / ``friends_kept``: unordered friend pairs within one unit,
    and those in one group.
    """

    groups: pd.DataFrame
    members: pd.DataFrame
    unmet: pd.DataFrame
    units: pd.DataFrame
    friend_pairs: int
    friends_kept: int


def _settings(rules: CommunityRules) -> Settings:
    return Settings(
        min_size=rules.min_size, max_size=rules.max_size, min_parents=rules.min_parents,
        max_parents=rules.max_parents, host=rules.require_host, avoid=rules.split_avoid,
        gender_tol=Fraction(str(rules.gender_tolerance)) if rules.gender_balance else None,
        grades=rules.mix_grades,
        ability_tol=Fraction(str(rules.ability_tolerance)) if rules.ability_mix else None,
        friends=rules.keep_friends)


def _merge_small(v: pd.DataFrame, rules: CommunityRules) -> pd.DataFrame:
    """Units below min_size join the nearest unit of their school (by the units' mean position)."""
    if not rules.merge_small_units or v[["x", "y"]].isna().any().any():
        return v
    v = v.copy()
    while True:
        sizes = v.groupby("unit").size()
        small = sizes[sizes < rules.min_size].sort_index()
        if small.empty or len(sizes) < 2:
            return v
        done = False
        for u in small.index:
            school = v.loc[v["unit"] == u, "school_id"].iloc[0]
            cand = v[(v["school_id"] == school) & (v["unit"] != u)]
            if cand.empty:
                continue
            c = v.loc[v["unit"] == u, ["x", "y"]].mean()
            cent = cand.groupby("unit")[["x", "y"]].mean()
            dist = np.hypot(cent["x"] - c["x"], cent["y"] - c["y"]).round(9)
            target = sorted(zip(dist, cent.index))[0][1]
            tv = v.loc[v["unit"] == target, "village"].iloc[0]
            v.loc[v["unit"] == u, ["unit", "village"]] = [target, tv]
            done = True
            break
        if not done:
            return v


def _unit_data(sub: pd.DataFrame, rules: CommunityRules) -> tuple[UnitData, list[list[str]]]:
    """The atoms of one unit (households, or students) and the student ids of each."""
    key = sub["household"] if rules.keep_households else sub["student_id"]
    first = sub.groupby(key.to_numpy(), sort=False)["student_id"].min().sort_values()
    index = {h: i for i, h in enumerate(first.index)}
    atom = key.map(index).to_numpy()
    n_atoms = len(index)
    ids: list[list[str]] = [[] for _ in range(n_atoms)]
    d = UnitData([0] * n_atoms, [0] * n_atoms, [0] * n_atoms, [set() for _ in range(n_atoms)],
                 [0] * n_atoms, [0] * n_atoms, [[] for _ in range(n_atoms)], [None] * n_atoms)
    xs = [[] for _ in range(n_atoms)]
    for a, r in zip(atom, sub.itertuples(index=False)):
        ids[a].append(r.student_id)
        d.sizes[a] += 1
        d.girls[a] += int(r.gender == "f")
        d.hosts[a] += int(bool(r.host_available) if not pd.isna(r.host_available) else 0)
        d.grades[a].add(int(r.grade))
        if not pd.isna(r.ability):
            d.ab_sum[a] += int(r.ability)
            d.ab_n[a] += 1
        if r.household not in d.guardians[a]:
            d.guardians[a].append(r.household)
        xs[a].append(None if pd.isna(r.x) else (float(r.x), float(r.y)))
    for a in range(n_atoms):
        if all(p is not None for p in xs[a]):
            d.xy[a] = (float(np.mean([p[0] for p in xs[a]])), float(np.mean([p[1] for p in xs[a]])))
    where = dict(zip(sub["student_id"], atom))
    for col, target in (("avoid_list", d.avoid), ("friends_list", d.friends)):
        pairs = set()
        for sid, others in zip(sub["student_id"], sub[col]):
            for o in others:
                if o in where and where[o] != where[sid]:
                    pairs.add(tuple(sorted((int(where[sid]), int(where[o])))))
        target.extend(sorted(pairs))
    return d, ids


def _pairs(v: pd.DataFrame, col: str) -> list[tuple[str, str]]:
    """Unordered pairs of grouped students of one unit named in ``col`` (either direction)."""
    unit = dict(zip(v["student_id"], v["unit"]))
    out = set()
    for sid, others in zip(v["student_id"], v[col]):
        for o in others:
            if o in unit and unit[o] == unit[sid]:
                out.add(tuple(sorted((sid, o))))
    return sorted(out)


def form_groups(students: pd.DataFrame, rules=None, seed: int = 0, *,
                time_limit: float = 2.0) -> Grouping:
    """Group the volunteers of every unit into after-school growth communities.

    Parameters
    ----------
    students : ``community_students`` (the roster survey).
    rules : :class:`CommunityRules`, a mapping of overrides or a YAML path.
    seed : the solver's random seed; the same rows in any order with the same
        seed give the same grouping.
    time_limit : the solver's deterministic time budget per unit (its own work
        units, about seconds; not the clock, so the result does not depend on the
        machine's load).

    Returns
    -------
    Grouping
        Hard rules: every volunteer in exactly one group, groups within one unit,
        households together, ⌈n / max_size⌉ groups a unit. Then, in this order:
        sizes and parents in range, a host in every group, avoid pairs apart,
        gender balance, grade mix, ability mix, friends together, near
        neighbours together, sizes within one. Every rule not met is a row of
        ``unmet`` with the students concerned.

    References
    ----------
    Mobu Primary School plan, part 2 and part 3 (3): by village, nearest first,
    free grouping, voluntary, 4–8 students and 4–8 parents a group; part 3 (4)
    item 2: one student leader and one parent leader a group. Lixin No. 1 Middle
    School summary: «就近组合、以大带小、能力搭配、男女平衡», a host family.

    Examples
    --------
    >>> import pandas as pd
    >>> st = pd.DataFrame({"student_id": [f"s{i}" for i in range(8)], "school_id": "S",
    ...                    "grade": [1, 2] * 4, "name": "x", "gender": list("mfmfmfmf"),
    ...                    "village": "V", "guardian": [f"p{i}" for i in range(8)],
    ...                    "host_available": [True] * 8})
    >>> g = form_groups(st)
    >>> len(g.groups), len(g.unmet)
    (1, 0)
    """
    rules = CommunityRules.load(rules)
    st = students_frame(students)
    st["unit"] = unit_key(st, rules.unit)
    v = st[st["volunteer"].fillna(True).astype(bool)] if rules.volunteers_only else st
    v = _merge_small(v, rules)
    settings = _settings(rules)
    members, units = [], []
    for u, sub in v.groupby("unit", sort=True):
        n = len(sub)
        k = max(1, math.ceil(n / rules.max_size))
        d, ids = _unit_data(sub, rules)
        assign, status = solve_unit(d, k, settings, seed=seed, work=time_limit)
        groups: dict[int, list[str]] = {}
        for a, g in enumerate(assign):
            groups.setdefault(g, []).extend(ids[a])
        for sids in groups.values():
            members.append((sub["school_id"].iloc[0], sub["village"].iloc[0], sorted(sids)))
        units.append({"school_id": sub["school_id"].iloc[0], "village": sub["village"].iloc[0],
                      "students": n, "groups": len(groups), "status": status})
    return _result(v, st, members, units, rules)


def _result(v, st, members, units, rules) -> Grouping:
    # group ids: {school}/{village}/{k}, k by the group's smallest student id
    members.sort(key=lambda t: (t[0], t[1], t[2][0]))
    counter: dict[tuple, int] = {}
    rows = []
    for school, village, sids in members:
        k = counter[(school, village)] = counter.get((school, village), 0) + 1
        gid = f"{school}/{village}/{k}"
        rows += [(gid, s) for s in sids]
    mem = pd.DataFrame(rows, columns=["group_id", "student_id"])
    info = v.set_index("student_id")
    cand = info.loc[mem["student_id"]]
    order = pd.DataFrame({"group_id": mem["group_id"].to_numpy(),
                          "student_id": mem["student_id"].to_numpy(),
                          "lc": cand["leader_candidate"].fillna(False).astype(bool).to_numpy(),
                          "grade": cand["grade"].astype("int64").to_numpy(),
                          "ability": cand["ability"].astype("Float64").fillna(-1).to_numpy(float)})
    order = order.sort_values(["group_id", "lc", "grade", "ability", "student_id"],
                              ascending=[True, False, False, False, True])
    leaders = order.drop_duplicates("group_id").set_index("group_id")["student_id"]
    mem["role"] = np.where(mem["student_id"].to_numpy() == mem["group_id"].map(leaders).to_numpy(),
                           "leader", "member")
    return _assemble(v, st, mem, pd.DataFrame(units, columns=UNIT_COLUMNS), rules)


def _assemble(v, st, mem, units, rules) -> Grouping:
    info = st.set_index("student_id")
    groups = group_flags(st, mem, rules)
    lead = mem[mem["role"] == "leader"].sort_values("student_id").drop_duplicates("group_id")
    groups["student_leader"] = groups["group_id"].map(lead.set_index("group_id")["student_id"])
    hosts = info.loc[mem["student_id"]].assign(group_id=mem["group_id"].to_numpy())
    hosts = hosts[hosts["host_available"].fillna(False).astype(bool)].reset_index()
    first_host = hosts.sort_values("student_id").drop_duplicates("group_id").set_index("group_id")
    groups["parent_leader"] = groups["group_id"].map(first_host["guardian"])
    groups["host"] = groups["parent_leader"]
    rank = {g: i for i, g in enumerate(mem["group_id"].drop_duplicates())}
    groups = groups.sort_values("group_id", key=lambda s: s.map(rank)).reset_index(drop=True)
    groups = groups[GROUP_COLUMNS]
    unmet = _unmet(v, mem, groups, rules)
    friends = _pairs(v, "friends_list")
    gof = dict(zip(mem["student_id"], mem["group_id"]))
    kept = sum(gof.get(a) == gof.get(b) for a, b in friends)
    return Grouping(groups, mem[["group_id", "student_id", "role"]].reset_index(drop=True), unmet, units,
                    len(friends), int(kept))


def evaluate_grouping(students: pd.DataFrame, members: pd.DataFrame, rules=None) -> Grouping:
    """A :class:`Grouping` of a given (stored or hand-edited) grouping: flags, leaders, unmet rules.

    The student leader is the member whose role is ``leader``; the parent
    leader the guardian of the first host student, as in :func:`form_groups`.
    Only students of the grouping count (U is the unit's grouped students).

    Examples
    --------
    >>> import pandas as pd
    >>> st = pd.DataFrame({"student_id": list("abcd"), "school_id": "S", "grade": [1, 2, 1, 2],
    ...                    "name": "x", "gender": list("mfmf"), "village": "V"})
    >>> mem = pd.DataFrame({"group_id": "g", "student_id": list("abcd"), "role": ["leader"] + ["member"] * 3})
    >>> evaluate_grouping(st, mem).unmet["rule"].tolist()
    ['host']
    """
    from ._inputs import members_frame

    rules = CommunityRules.load(rules)
    st = students_frame(students)
    st["unit"] = unit_key(st, rules.unit)
    mem = members_frame(members, st)
    mem = mem.assign(role=mem["role"].fillna("member"))
    v = st[st["student_id"].isin(set(mem["student_id"]))]
    units = v.groupby(["school_id", "village"]).agg(students=("student_id", "size")).reset_index()
    units["groups"] = units.apply(lambda r: mem.loc[mem["student_id"].isin(
        v.loc[(v["school_id"] == r["school_id"]) & (v["village"] == r["village"]), "student_id"]),
        "group_id"].nunique(), axis=1) if len(units) else pd.Series(dtype="int64")
    units["status"] = "given"
    return _assemble(v, st, mem, units[UNIT_COLUMNS], rules)


def _unmet(v, mem, groups, rules) -> pd.DataFrame:
    out = []
    by_group = mem.groupby("group_id")["student_id"].agg(lambda s: ";".join(sorted(s)))
    for f in FLAGS:
        for r in groups[~groups[f]].itertuples(index=False):
            detail = {"size_ok": f"{r.size} students; the rule is {rules.min_size}–{rules.max_size}",
                      "parents_ok": f"{r.households} households; the rule is "
                                    f"{rules.min_parents}–{rules.max_parents}",
                      "gender_ok": f"{r.girls} girls of {r.size}",
                      "grades_ok": f"one grade ({r.grades})",
                      "ability_ok": f"mean ability {r.mean_ability:.2f}",
                      "host_ok": "no host household"}.get(f, "")
            out.append(("group", r.group_id, FLAG_RULE[f], detail, by_group[r.group_id]))
    gof = dict(zip(mem["student_id"], mem["group_id"]))
    if rules.split_avoid:
        for a, b in _pairs(v, "avoid_list"):
            if gof.get(a) is not None and gof.get(a) == gof.get(b):
                out.append(("pair", f"{a};{b}", "avoid", f"together in {gof[a]}", f"{a};{b}"))
    if rules.keep_friends:
        for a, b in _pairs(v, "friends_list"):
            if gof.get(a) != gof.get(b):
                out.append(("pair", f"{a};{b}", "friends", f"{gof.get(a)} and {gof.get(b)}", f"{a};{b}"))
    if rules.keep_households:
        split = v.groupby("household")["unit"].nunique()
        for hh in sorted(split[split > 1].index):
            for r in v[v["household"] == hh].itertuples(index=False):
                out.append(("student", r.student_id, "household",
                            f"guardian {r.guardian} has children in more than one unit", r.student_id))
    return pd.DataFrame(out, columns=UNMET_COLUMNS)
