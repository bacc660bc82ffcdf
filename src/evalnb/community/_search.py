"""A quick local search that improves the solver's starting point on large units.

Moves of one atom and swaps of two are kept when the weighted violation
count (the contract's priority order: sizes, parents, host, avoid, gender,
grades, ability) does not grow.  The exact model then starts from the result;
on units of a few dozen pupils the model alone does better, so this runs only
above ``_model.LARGE_UNIT`` pupils.  Deterministic: ``random.Random(seed)``.
"""

from __future__ import annotations

import random

import numpy as np

from ._model import Settings, UnitData, canonical

WEIGHTS = (10 ** 6, 10 ** 5, 10 ** 4, 10 ** 3, 100, 10, 1)


class Penalty:
    """The weighted violations of an assignment of atoms to k groups."""

    def __init__(self, d: UnitData, k: int, s: Settings):
        self.k, self.s = k, s
        self.size = np.array(d.sizes)
        self.girls = np.array(d.girls)
        self.hosts = np.array(d.hosts)
        self.ab, self.abn = np.array(d.ab_sum), np.array(d.ab_n)
        grades = sorted({r for gs in d.grades for r in gs})
        self.grades = np.array([[r in gs for r in grades] for gs in d.grades], dtype=int)
        self.multi = len(grades) >= 2
        self.pairs = np.array(d.avoid, dtype=int).reshape(-1, 2)
        self.n, self.g_all = int(self.size.sum()), int(self.girls.sum())
        self.m_all, self.s_all = int(self.abn.sum()), int(self.ab.sum())

    def __call__(self, assign: np.ndarray) -> int:
        k, s = self.k, self.s
        size = np.bincount(assign, self.size, minlength=k)
        atoms = np.bincount(assign, minlength=k)
        bad = [np.maximum(s.min_size - size, 0).sum() + np.maximum(size - s.max_size, 0).sum(),
               np.maximum(s.min_parents - atoms, 0).sum() + np.maximum(atoms - s.max_parents, 0).sum(),
               (np.bincount(assign, self.hosts, minlength=k) < 1).sum() if s.host else 0,
               (assign[self.pairs[:, 0]] == assign[self.pairs[:, 1]]).sum() if s.avoid and len(self.pairs) else 0]
        if s.gender_tol is not None:
            gap = np.abs(np.bincount(assign, self.girls, minlength=k) * self.n - size * self.g_all)
            bad.append((gap * s.gender_tol.denominator > s.gender_tol.numerator * self.n).sum())
        else:
            bad.append(0)
        if s.grades and self.multi:
            per = np.zeros((k, self.grades.shape[1]), dtype=int)
            np.add.at(per, assign, self.grades)
            bad.append(((per > 0).sum(axis=1) < 2).sum())
        else:
            bad.append(0)
        if s.ability_tol is not None and self.m_all:
            mg = np.bincount(assign, self.abn, minlength=k)
            sg = np.bincount(assign, self.ab, minlength=k)
            gap = np.abs(self.m_all * sg - self.s_all * mg) * s.ability_tol.denominator
            bad.append(((mg > 0) & (gap > s.ability_tol.numerator * self.m_all * mg)).sum())
        else:
            bad.append(0)
        return int(sum(w * int(b) for w, b in zip(WEIGHTS, bad)))


def improve(d: UnitData, k: int, s: Settings, assign: list[int], *, seed: int = 0,
            steps: int = 20_000) -> list[int]:
    """A better (never worse) assignment than ``assign`` by moves and swaps."""
    if k <= 1 or len(assign) < 2:
        return assign
    rnd = random.Random(seed)
    cost = Penalty(d, k, s)
    cur = np.array(assign)
    best = cost(cur)
    n = len(cur)
    for _ in range(steps):
        if best == 0:
            break
        a = rnd.randrange(n)
        if rnd.random() < 0.5:
            b = rnd.randrange(n)
            if cur[a] == cur[b]:
                continue
            cur[a], cur[b] = cur[b], cur[a]
            p = cost(cur)
            if p <= best:
                best = p
            else:
                cur[a], cur[b] = cur[b], cur[a]
        else:
            old, new = cur[a], rnd.randrange(k)
            if new == old:
                continue
            cur[a] = new
            p = cost(cur)
            if p <= best:
                best = p
            else:
                cur[a] = old
    return canonical(cur.tolist())
