"""Guiding teachers for the groups: :func:`assign_teachers`.

A degree-bounded assignment between a school's groups and its teachers,
solved exactly with CP-SAT: every group 1–2 teachers, every teacher 2–3
groups; the nearest teacher first only breaks ties between assignments that
meet every rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from ..core.validate import ensure
from ..errors import InputError
from .rules import CommunityRules


@dataclass(frozen=True)
class TeacherAssignment:
    """``assignments`` (group_id, teacher_id, school_id), ``load`` (teacher_id, school_id,
    groups, ok) and ``unmet`` (scope, id, rule, detail: ``no_teacher`` groups,
    ``underloaded`` teachers)."""

    assignments: pd.DataFrame
    load: pd.DataFrame
    unmet: pd.DataFrame


def teachers_feasible(n_groups: int, n_teachers: int, rules=None) -> bool:
    """Whether every rule can be met with G groups and T teachers (each pair at most once).

    True iff an integer A (the number of group–teacher pairs) fits
    max(G·min_tpg, T·min_gpt) ≤ A ≤ min(G·min(max_tpg, T), T·min(max_gpt, G)).
    With the defaults and G ≥ 2 this is T ≤ G ≤ 3T.

    Examples
    --------
    >>> teachers_feasible(6, 2), teachers_feasible(7, 2), teachers_feasible(3, 4)
    (True, False, False)
    """
    r = CommunityRules.load(rules)
    g, t = n_groups, n_teachers
    low = max(g * r.min_teachers_per_group, t * r.min_groups_per_teacher if r.all_teachers else 0)
    high = min(g * min(r.max_teachers_per_group, t), t * min(r.max_groups_per_teacher, g))
    if not r.all_teachers and g > 0:
        # only the teachers used count: some number u of teachers must fit
        return any(max(g * r.min_teachers_per_group, u * r.min_groups_per_teacher)
                   <= min(g * min(r.max_teachers_per_group, u), u * min(r.max_groups_per_teacher, g))
                   for u in range(1, t + 1))
    return low <= high


def _ranks(groups: pd.DataFrame, teachers: pd.DataFrame) -> np.ndarray:
    """rank[g, t]: position of teacher t in group g's order (same village, distance, teacher_id)."""
    gv, tv = groups["village"].to_numpy(object), teachers["village"].to_numpy(object)
    other = (gv[:, None] != tv[None, :]).astype(float)
    gx, gy = _xy(groups)
    tx, ty = _xy(teachers)
    dist = np.hypot(gx[:, None] - tx[None, :], gy[:, None] - ty[None, :])
    dist = np.where(np.isnan(dist), np.inf, dist)
    tid = np.arange(len(teachers))[None, :].repeat(len(groups), 0)
    ranks = np.empty((len(groups), len(teachers)), dtype=int)
    for i in range(len(groups)):
        order = np.lexsort((tid[i], dist[i], other[i]))
        ranks[i, order] = np.arange(len(teachers))
    return ranks


def _xy(frame):
    if "x" in frame.columns and "y" in frame.columns:
        return (pd.to_numeric(frame["x"], errors="coerce").to_numpy(float),
                pd.to_numeric(frame["y"], errors="coerce").to_numpy(float))
    nan = np.full(len(frame), np.nan)
    return nan, nan


def _solve_school(groups, teachers, r: CommunityRules):
    g_n, t_n = len(groups), len(teachers)
    md = cp_model.CpModel()
    y = {(g, t): md.NewBoolVar("") for g in range(g_n) for t in range(t_n)}
    g_short = [md.NewIntVar(0, r.min_teachers_per_group, "") for _ in range(g_n)]
    t_short = [md.NewIntVar(0, r.min_groups_per_teacher, "") for _ in range(t_n)]
    for g in range(g_n):
        load = sum(y[g, t] for t in range(t_n))
        md.Add(load + g_short[g] >= r.min_teachers_per_group)
        md.Add(load <= r.max_teachers_per_group)
    for t in range(t_n):
        load = sum(y[g, t] for g in range(g_n))
        md.Add(load <= r.max_groups_per_teacher)
        if r.all_teachers:
            md.Add(load + t_short[t] >= r.min_groups_per_teacher)
        else:
            used = md.NewBoolVar("")
            md.Add(load <= r.max_groups_per_teacher * used)
            md.Add(load + t_short[t] >= r.min_groups_per_teacher * used)
    ranks = _ranks(groups, teachers)
    cost = sum(int(ranks[g, t]) * y[g, t] for g in range(g_n) for t in range(t_n))
    w_mid = g_n * r.max_teachers_per_group * max(t_n, 1) + 1
    w_top = w_mid * (t_n * r.min_groups_per_teacher + 1)
    md.Minimize(w_top * sum(g_short) + w_mid * sum(t_short) + cost)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = 5.0
    solver.Solve(md)
    return [(g, t) for (g, t), v in y.items() if solver.BooleanValue(v)]


def assign_teachers(groups: pd.DataFrame, teachers: pd.DataFrame, rules=None) -> TeacherAssignment:
    """Guiding teachers of every group, from the group's own school, nearest first.

    Parameters
    ----------
    groups : ``community_groups`` or the ``groups`` of :func:`form_groups`
        (``x``/``y``, the members' mean position, are used when present).
    teachers : ``community_teachers``.
    rules : :class:`CommunityRules`, a mapping of overrides or a YAML path.

    Returns
    -------
    TeacherAssignment
        When :func:`teachers_feasible` holds for a school, every rule is met;
        otherwise ``unmet`` lists the ``no_teacher`` groups or ``underloaded``
        teachers.

    References
    ----------
    Mobu Primary School plan, part 3 (3): 1–2 guiding teachers a group; Lixin
    No. 1 Middle School summary: every teacher guides 2–3 groups nearby.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["g1", "g2"], "school_id": "S", "village": ["A", "B"],
    ...                   "student_leader": ["s1", "s2"]})
    >>> t = pd.DataFrame({"teacher_id": ["t1"], "school_id": "S", "name": "T", "village": "B"})
    >>> assign_teachers(g, t).assignments["group_id"].tolist()
    ['g1', 'g2']
    """
    r = CommunityRules.load(rules)
    if not isinstance(groups, pd.DataFrame):
        raise InputError("groups must be a pandas DataFrame", table="community_groups")
    extra = groups[[c for c in ("x", "y") if c in groups.columns]]
    gr = ensure(groups[[c for c in groups.columns if c not in ("x", "y")]], "community_groups")
    gr = pd.concat([gr.reset_index(drop=True), extra.reset_index(drop=True)], axis=1)
    te = ensure(teachers, "community_teachers")
    gr = gr.sort_values("group_id").reset_index(drop=True)
    te = te.sort_values("teacher_id").reset_index(drop=True)
    pairs, unmet = [], []
    loads = []
    for school in sorted(set(gr["school_id"]) | set(te["school_id"])):
        gs = gr[gr["school_id"] == school].reset_index(drop=True)
        ts = te[te["school_id"] == school].reset_index(drop=True)
        chosen = _solve_school(gs, ts, r) if len(gs) and len(ts) else []
        pairs += [(gs["group_id"][g], ts["teacher_id"][t], school) for g, t in chosen]
        g_load = np.bincount([g for g, _ in chosen], minlength=len(gs))
        t_load = np.bincount([t for _, t in chosen], minlength=len(ts))
        for g in np.flatnonzero(g_load < r.min_teachers_per_group):
            unmet.append(("group", gs["group_id"][g], "no_teacher",
                          f"{g_load[g]} teachers; the rule is {r.min_teachers_per_group}–"
                          f"{r.max_teachers_per_group}"))
        for t in range(len(ts)):
            used = t_load[t] > 0
            ok = r.min_groups_per_teacher <= t_load[t] <= r.max_groups_per_teacher
            if not ok and (r.all_teachers or used):
                unmet.append(("teacher", ts["teacher_id"][t], "underloaded",
                              f"{t_load[t]} groups; the rule is {r.min_groups_per_teacher}–"
                              f"{r.max_groups_per_teacher}"))
            loads.append((ts["teacher_id"][t], school, int(t_load[t]), bool(ok or not (r.all_teachers or used))))
    assignments = pd.DataFrame(pairs, columns=["group_id", "teacher_id", "school_id"])
    assignments = assignments.sort_values(["group_id", "teacher_id"]).reset_index(drop=True)
    return TeacherAssignment(assignments,
                             pd.DataFrame(loads, columns=["teacher_id", "school_id", "groups", "ok"]),
                             pd.DataFrame(unmet, columns=["scope", "id", "rule", "detail"]))


def check_assignment(groups: pd.DataFrame, teachers: pd.DataFrame, assignments: pd.DataFrame,
                     rules=None) -> TeacherAssignment:
    """A stored (or hand-made) assignment judged like :func:`assign_teachers` judges its own.

    ``assignments`` has ``group_id`` and ``teacher_id`` (``community_group_teachers``).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group_id": ["g1"], "school_id": "S", "village": "A", "student_leader": "s"})
    >>> t = pd.DataFrame({"teacher_id": ["t1"], "school_id": "S", "name": "T"})
    >>> a = pd.DataFrame({"group_id": ["g1"], "teacher_id": ["t1"]})
    >>> check_assignment(g, t, a).unmet["rule"].tolist()
    ['underloaded']
    """
    r = CommunityRules.load(rules)
    te = ensure(teachers, "community_teachers")
    gr = groups[["group_id", "school_id"]]
    pairs = ensure(assignments, "community_group_teachers")
    g_load = pairs.groupby("group_id").size().reindex(gr["group_id"], fill_value=0)
    t_load = pairs.groupby("teacher_id").size().reindex(te["teacher_id"], fill_value=0)
    unmet = [("group", g, "no_teacher", f"{n} teachers; the rule is {r.min_teachers_per_group}–"
              f"{r.max_teachers_per_group}")
             for g, n in g_load.items() if not r.min_teachers_per_group <= n <= r.max_teachers_per_group]
    loads = []
    for t, n in t_load.items():
        ok = r.min_groups_per_teacher <= n <= r.max_groups_per_teacher or (n == 0 and not r.all_teachers)
        if not ok:
            unmet.append(("teacher", t, "underloaded", f"{n} groups; the rule is "
                          f"{r.min_groups_per_teacher}–{r.max_groups_per_teacher}"))
        loads.append((t, te.set_index("teacher_id").at[t, "school_id"], int(n), bool(ok)))
    out = pairs[["group_id", "teacher_id"]].merge(gr, on="group_id", how="left")
    return TeacherAssignment(out.sort_values(["group_id", "teacher_id"]).reset_index(drop=True),
                             pd.DataFrame(loads, columns=["teacher_id", "school_id", "groups", "ok"]),
                             pd.DataFrame(unmet, columns=["scope", "id", "rule", "detail"]))
