"""The exact grouping model of one unit, solved with OR-Tools CP-SAT.

Atoms (households, or students when households may split) are assigned to
k groups.  The rules are constraints that may be broken only by switching on
a violation literal, and the solver minimises the violations in the
contract's priority order, in three lexicographic stages:

1. sizes (4–8 students) and parents (4–8 households);
2. a host in every group, avoid pairs apart, gender balance, grade mix,
   ability mix — weighted so that one violation of a rule outweighs every
   violation of the rules after it;
3. friends together, near neighbours together, group sizes within one.

Each stage keeps the optimum of the stages before it as a constraint and
starts from the previous solution.  The search is deterministic: one worker, a
fixed seed and a *deterministic* time limit (the solver's own work units, not
the clock), and the atoms arrive in a canonical order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from ortools.sat.python import cp_model


#: units above this many pupils start from a local search (:mod:`._search`), not the greedy alone
LARGE_UNIT = 40


@dataclass
class UnitData:
    """One unit's atoms; index order is canonical (by smallest student id)."""

    sizes: list[int]
    girls: list[int]
    hosts: list[int]
    grades: list[set]
    ab_sum: list[int]
    ab_n: list[int]
    guardians: list[list[str]]
    xy: list[tuple[float, float] | None]
    avoid: list[tuple[int, int]] = field(default_factory=list)
    friends: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    min_size: int
    max_size: int
    min_parents: int
    max_parents: int
    host: bool
    avoid: bool
    gender_tol: Fraction | None
    grades: bool
    ability_tol: Fraction | None
    friends: bool
    near: int = 0  # neighbours per atom in the proximity term (0: size − 1)


def canonical(assign: list[int]) -> list[int]:
    """Groups renumbered by first appearance (atom 0 is in group 0, and so on)."""
    seen: dict[int, int] = {}
    return [seen.setdefault(g, len(seen)) for g in assign]


def start_assignment(d: UnitData, k: int) -> list[int]:
    """A deterministic greedy start: atoms, largest first, each to the group it fits best.

    Best = keeps an avoid pair apart, then is smallest, then lacks a host the
    atom brings, then keeps the girls' share and the ability mean closest to the
    unit's; ties by group number.
    """
    n = sum(d.sizes)
    share = Fraction(sum(d.girls), max(n, 1))
    mean = Fraction(sum(d.ab_sum), sum(d.ab_n)) if sum(d.ab_n) else Fraction(0)
    size, girls, hosts, ab, abn = [0] * k, [0] * k, [0] * k, [0] * k, [0] * k
    inside: list[set] = [set() for _ in range(k)]
    enemies: dict[int, set] = {}
    for i, j in d.avoid:
        enemies.setdefault(i, set()).add(j)
        enemies.setdefault(j, set()).add(i)
    assign = [0] * len(d.sizes)
    for h in sorted(range(len(d.sizes)), key=lambda h: (-d.sizes[h], h)):
        def cost(g):
            gap = abs(girls[g] + d.girls[h] - share * (size[g] + d.sizes[h]))
            m = abn[g] + d.ab_n[h]
            agap = abs(Fraction(ab[g] + d.ab_sum[h], m) - mean) if m else Fraction(0)
            return (bool(enemies.get(h, set()) & inside[g]), size[g],
                    -(d.hosts[h] > 0 and hosts[g] == 0), gap, agap, g)
        g = min(range(k), key=cost)
        assign[h] = g
        size[g] += d.sizes[h]
        girls[g] += d.girls[h]
        hosts[g] += d.hosts[h]
        ab[g] += d.ab_sum[h]
        abn[g] += d.ab_n[h]
        inside[g].add(h)
    return canonical(assign)


def _near_pairs(d: UnitData, m: int) -> list[tuple[int, int, int]]:
    """``(i, j, weight)``: each atom with its m nearest atoms; nearer pairs weigh more (1–10)."""
    idx = [i for i, p in enumerate(d.xy) if p is not None]
    if len(idx) < 2 or m <= 0:
        return []
    pts = np.array([d.xy[i] for i in idx], dtype=float)
    dist = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    dmax = float(dist.max()) or 1.0
    pairs = {}
    for a in range(len(idx)):
        order = np.lexsort((np.arange(len(idx)), dist[a]))
        for b in [o for o in order if o != a][:m]:
            i, j = sorted((idx[a], idx[b]))
            pairs[(i, j)] = 1 + int(round(9 * (1 - dist[a, b] / dmax)))
    return [(i, j, w) for (i, j), w in sorted(pairs.items())]


def solve_unit(d: UnitData, k: int, s: Settings, *, seed: int = 0,
               work: float = 2.0) -> tuple[list[int], str]:
    """Group of every atom and the solver's status (``optimal`` | ``feasible`` | ``start``).

    ``work`` is the deterministic time budget of the unit (CP-SAT's work
    units, about seconds on a common machine), shared by the three stages.
    """
    h_n = len(d.sizes)
    if k <= 1 or h_n <= 1:
        return [0] * h_n, "optimal"
    md = cp_model.CpModel()
    groups = range(k)
    # symmetry: atom h only in groups 0..h (groups numbered by their first atom)
    x = {(h, g): md.NewBoolVar(f"x{h}_{g}") for h in range(h_n) for g in groups if g <= h}
    for h in range(h_n):
        md.AddExactlyOne(x[h, g] for g in groups if g <= h)

    def col(g, weights):
        return sum(w * x[h, g] for h, w in enumerate(weights) if w and (h, g) in x)

    n = sum(d.sizes)
    size = [col(g, d.sizes) for g in groups]
    hi = max(n, 1)
    levels: list[list[tuple[object, int]]] = []  # per level: terms, and the level's upper bound

    # --- level 0: sizes; level 1: parents ------------------------------------
    dev = []
    for g in groups:
        under, over = md.NewIntVar(0, s.min_size, f"su{g}"), md.NewIntVar(0, hi, f"so{g}")
        md.Add(size[g] + under >= s.min_size)
        md.Add(size[g] - over <= s.max_size)
        dev += [under, over]
    levels.append((dev, k * (s.min_size + hi)))
    guardians = sorted({p for ps in d.guardians for p in ps})
    simple = all(len(ps) == 1 for ps in d.guardians) and \
        len(guardians) == sum(len(ps) for ps in d.guardians)
    pdev = []
    for g in groups:
        if simple:
            hh = sum(x[h, g] for h in range(h_n) if (h, g) in x)
        else:
            pres = []
            for p in guardians:
                lits = [x[h, g] for h, ps in enumerate(d.guardians) if p in ps and (h, g) in x]
                if lits:
                    v = md.NewBoolVar("")
                    md.AddMaxEquality(v, lits)
                    pres.append(v)
            hh = sum(pres)
        under, over = md.NewIntVar(0, s.min_parents, ""), md.NewIntVar(0, hi, "")
        md.Add(hh + under >= s.min_parents)
        md.Add(hh - over <= s.max_parents)
        pdev += [under, over]
    levels.append((pdev, k * (s.min_parents + hi)))

    # --- level 2: host; 3: avoid; 4: gender; 5: grades; 6: ability -------------
    def violable(build) -> list:
        out = []
        for g in groups:
            v = md.NewBoolVar("")
            build(g, v.Not())
            out.append(v)
        return out

    host = violable(lambda g, ok: md.Add(col(g, d.hosts) >= 1).OnlyEnforceIf(ok)) if s.host else []
    levels.append((host, k))
    avoid = []
    if s.avoid:
        for i, j in d.avoid:
            v = md.NewBoolVar("")
            for g in groups:
                if (i, g) in x and (j, g) in x:
                    md.Add(x[i, g] + x[j, g] <= 1 + v)
            avoid.append(v)
    levels.append((avoid, len(avoid)))
    gender = []
    if s.gender_tol is not None:
        big_g = sum(d.girls)
        bound = math.floor(s.gender_tol * n)

        def _gender(g, ok):
            e = n * col(g, d.girls) - big_g * size[g]
            md.Add(e <= bound).OnlyEnforceIf(ok)
            md.Add(e >= -bound).OnlyEnforceIf(ok)
        gender = violable(_gender)
    levels.append((gender, k))
    all_grades = sorted({r for gs in d.grades for r in gs})
    grades = []
    if s.grades and len(all_grades) >= 2:
        def _grades(g, ok):
            has = []
            for r in all_grades:
                lits = [x[h, g] for h in range(h_n) if r in d.grades[h] and (h, g) in x]
                b = md.NewBoolVar("")
                md.Add(b <= sum(lits)) if lits else md.Add(b == 0)
                has.append(b)
            md.Add(sum(has) >= 2).OnlyEnforceIf(ok)
        grades = violable(_grades)
    levels.append((grades, k))
    ability = []
    big_m, big_s = sum(d.ab_n), sum(d.ab_sum)
    if s.ability_tol is not None and big_m:
        p, q = s.ability_tol.numerator, s.ability_tol.denominator

        def _ability(g, ok):
            mg, sg = col(g, d.ab_n), col(g, d.ab_sum)
            md.Add(q * big_m * sg - q * big_s * mg <= p * big_m * mg).OnlyEnforceIf(ok)
            md.Add(q * big_m * sg - q * big_s * mg >= -p * big_m * mg).OnlyEnforceIf(ok)
        ability = violable(_ability)
    levels.append((ability, k))

    # --- level 7: friends; 8: near neighbours; 9: sizes within one -------------
    def apart(i, j):
        v = md.NewBoolVar("")
        for g in groups:
            a = x.get((i, g), 0)
            b = x.get((j, g), 0)
            if isinstance(a, int) and isinstance(b, int):
                continue
            md.Add(a - b <= v)
        return v

    friends = [apart(i, j) for i, j in d.friends] if s.friends else []
    levels.append((friends, len(friends)))
    near = _near_pairs(d, s.near or s.max_size - 1)
    prox = [(apart(i, j), w) for i, j, w in near]
    levels.append((prox, sum(w for _, w in prox)))
    big, small = md.NewIntVar(0, hi, "big"), md.NewIntVar(0, hi, "small")
    sz = [md.NewIntVar(0, hi, "") for _ in groups]
    for g in groups:
        md.Add(sz[g] == size[g])
    md.AddMaxEquality(big, sz)
    md.AddMinEquality(small, sz)
    excess = md.NewIntVar(0, hi, "excess")
    md.Add(excess >= big - small - 1)
    levels.append(([excess], hi))

    def expr(level_ids):
        total, weight = 0, 1
        for lv in reversed(level_ids):
            terms, bound = levels[lv]
            total += weight * sum(w * t for t, w in _weighted(terms))
            weight *= bound + 1
        return total

    assign = start_assignment(d, k)
    if sum(d.sizes) > LARGE_UNIT:
        from ._search import improve

        assign = improve(d, k, s, assign, seed=seed)
    solved = 0
    optimal = True
    stages = ((0, 1), (2, 3, 4, 5, 6), (7, 8, 9))
    shares = (0.3, 0.6, 1.0)  # of the budget still left: a stage done early leaves its time
    left = work
    for stage, share in zip(stages, shares):
        obj = expr(stage)
        md.ClearHints()
        for (h, g), var in x.items():
            md.AddHint(var, 1 if assign[h] == g else 0)
        md.Minimize(obj)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = int(seed)
        solver.parameters.max_deterministic_time = max(left * share, 0.05)
        st = solver.Solve(md)
        left = max(left - solver.response_proto.deterministic_time, 0.0)
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            optimal = False
            break
        solved += 1
        optimal = optimal and st == cp_model.OPTIMAL
        assign = [next(g for g in groups if (h, g) in x and solver.BooleanValue(x[h, g]))
                  for h in range(h_n)]
        md.Add(obj <= int(round(solver.ObjectiveValue())))
    status_name = "start" if not solved else ("optimal" if optimal else "feasible")
    return canonical(assign), status_name


def _weighted(terms):
    for t in terms:
        yield (t if isinstance(t, tuple) else (t, 1))
