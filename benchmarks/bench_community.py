"""form_groups against a greedy and a random-swap baseline on the same generated units.

    .venv/bin/python benchmarks/bench_community.py [--sizes 20 40 80 200] [--seed 0]

Each unit is one village of n pupils with siblings, hosts on about two in five
households, grades 1–6, abilities 1–5, homes scattered around a few hamlets,
friends nearby and a few pairs to keep apart.  The three methods group the same
unit; each grouping is judged by ``check_groups`` (size, parents, host, gender,
grades, ability per group) and by the avoid pairs it leaves together.

* rules met: checks passed / checks made (six flags a group, one check an
  avoid pair);
* worst group: the lowest score of a group (flags passed − avoid pairs inside),
  the measure CATME's Team-Maker maximises;
* friends kept: friend pairs in one group (a preference below every rule);
* seconds: wall-clock time of the method, and its CPU time (the machine may be shared).

The greedy baseline places households, largest first, in the emptiest group
that keeps avoid pairs apart and needs a host or girls; the random-swap
baseline (as GroupEng does) starts from a random partition and keeps the
moves and swaps of households that do not make a weighted violation count worse.
"""

from __future__ import annotations

import argparse
import math
import random
import time

import numpy as np
import pandas as pd

from evalnb.community import FLAGS, check_groups, form_groups
from evalnb.community._inputs import split_list

CHECKED = [f for f in FLAGS if f not in ("leader_ok", "unit_ok")]
WEIGHTS = {"size_ok": 10_000, "parents_ok": 5_000, "host_ok": 1_000, "avoid": 500, "gender_ok": 100,
           "grades_ok": 50, "ability_ok": 20}


def unit(n: int, seed: int) -> pd.DataFrame:
    """A village of n pupils (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    hamlets = rng.uniform(0, 2000, size=(max(2, n // 25), 2))
    rows, i = [], 0
    while i < n:
        kids = min(n - i, 1 if rng.random() < 0.8 else 2)
        h = hamlets[rng.integers(len(hamlets))] + rng.normal(0, 120, 2)
        host = bool(rng.random() < 0.45)
        for _ in range(kids):
            rows.append({"student_id": f"s{i:03d}", "school_id": "S", "grade": int(rng.integers(1, 7)),
                         "name": "pupil", "gender": "mf"[int(rng.integers(2))], "village": "V",
                         "x": round(float(h[0]), 1), "y": round(float(h[1]), 1),
                         "guardian": f"G{len(rows) - _:03d}", "ability": int(rng.integers(1, 6)),
                         "host_available": host, "friends": "", "avoid": ""})
            i += 1
    df = pd.DataFrame(rows)
    xy = df[["x", "y"]].to_numpy()
    for a in range(n):
        d = np.hypot(*(xy - xy[a]).T)
        d[a] = np.inf
        if rng.random() < 0.3:
            df.loc[a, "friends"] = df["student_id"][int(np.argsort(d)[rng.integers(3)])]
        if rng.random() < 0.08:
            df.loc[a, "avoid"] = df["student_id"][int(rng.integers(n))] if n > 1 else ""
    df.loc[df["avoid"] == df["student_id"], "avoid"] = ""
    return df


def households(df: pd.DataFrame) -> list[list[int]]:
    return [list(ix) for _, ix in sorted(df.groupby("guardian").indices.items())]


def avoid_pairs(df: pd.DataFrame) -> list[tuple[str, str]]:
    return sorted({tuple(sorted((s, o))) for s, v in zip(df["student_id"], df["avoid"])
                   for o in split_list(v)})


def to_members(df: pd.DataFrame, hh: list[list[int]], assign: list[int]) -> pd.DataFrame:
    rows = [(f"g{assign[h]}", df["student_id"][i]) for h, ix in enumerate(hh) for i in ix]
    mem = pd.DataFrame(rows, columns=["group_id", "student_id"])
    mem["role"] = np.where(~mem["group_id"].duplicated(), "leader", "member")
    return mem


def judge(df: pd.DataFrame, mem: pd.DataFrame) -> tuple[int, int, int]:
    """(checks passed, checks made, worst group's score)."""
    flags = check_groups(df, mem).set_index("group_id")[CHECKED]
    gof = dict(zip(mem["student_id"], mem["group_id"]))
    inside = pd.Series(0, index=flags.index)
    pairs = avoid_pairs(df)
    for a, b in pairs:
        if gof[a] == gof[b]:
            inside[gof[a]] += 1
    passed = int(flags.to_numpy().sum()) + len(pairs) - int(inside.sum())
    score = flags.sum(axis=1) - inside
    return passed, flags.size + len(pairs), int(score.min())


class FastPenalty:
    """The weighted violations of a household assignment, in numpy (the swap loop's inner step).

    Same flags as ``check_groups`` with the default rules (4–8 students and
    households, tolerance 1 girl and 0.5 ability, a host, two grades).
    """

    def __init__(self, df: pd.DataFrame, hh: list[list[int]], k: int):
        self.k = k
        self.atom = np.empty(len(df), dtype=int)
        for h, ix in enumerate(hh):
            self.atom[ix] = h
        self.girl = (df["gender"] == "f").to_numpy(int)
        self.host = df["host_available"].to_numpy(bool).astype(int)
        self.grade = df["grade"].to_numpy(int)
        self.ab = df["ability"].to_numpy(int)
        self.n, self.girls, self.abs = len(df), self.girl.sum(), self.ab.sum()
        idx = {s: i for i, s in enumerate(df["student_id"])}
        self.pairs = np.array([(idx[a], idx[b]) for a, b in avoid_pairs(df)], dtype=int).reshape(-1, 2)
        self.multi_grade = len(set(self.grade)) > 1

    def __call__(self, assign) -> int:
        k, g = self.k, np.asarray(assign)[self.atom]
        size = np.bincount(g, minlength=k)
        hh = np.bincount(np.asarray(assign), minlength=k)
        girls = np.bincount(g, self.girl, minlength=k)
        hosts = np.bincount(g, self.host, minlength=k)
        grades = (np.bincount(g * 13 + self.grade, minlength=13 * k).reshape(k, 13) > 0).sum(1)
        ab = np.bincount(g, self.ab, minlength=k)
        bad = WEIGHTS["size_ok"] * ((size < 4) | (size > 8)).sum()
        bad += WEIGHTS["parents_ok"] * ((hh < 4) | (hh > 8)).sum()
        bad += WEIGHTS["host_ok"] * (hosts < 1).sum()
        bad += WEIGHTS["gender_ok"] * (np.abs(girls * self.n - size * self.girls) > self.n).sum()
        if self.multi_grade:
            bad += WEIGHTS["grades_ok"] * (grades < 2).sum()
        bad += WEIGHTS["ability_ok"] * ((2 * np.abs(self.n * ab - self.abs * size) > self.n * size)
                                        & (size > 0)).sum()
        if len(self.pairs):
            bad += WEIGHTS["avoid"] * (g[self.pairs[:, 0]] == g[self.pairs[:, 1]]).sum()
        return int(bad)


def greedy(df: pd.DataFrame, k: int) -> pd.DataFrame:
    hh = households(df)
    avoid = {s: set(split_list(v)) for s, v in zip(df["student_id"], df["avoid"])}
    order = sorted(range(len(hh)), key=lambda h: (-len(hh[h]), hh[h][0]))
    size, hosts, girls = [0] * k, [0] * k, [0] * k
    members: list[set] = [set() for _ in range(k)]
    share = (df["gender"] == "f").mean()
    assign = [0] * len(hh)
    for h in order:
        ids = {df["student_id"][i] for i in hh[h]}
        host = bool(df["host_available"][hh[h][0]])
        g_h = int((df["gender"][hh[h]] == "f").sum())

        def cost(g):
            clash = any(avoid.get(s, set()) & members[g] or any(s in avoid.get(m, set()) for m in members[g])
                        for s in ids)
            return (clash, size[g], -(host and hosts[g] == 0), abs(girls[g] + g_h - share * (size[g] + len(ids))), g)
        g = min(range(k), key=cost)
        assign[h] = g
        size[g] += len(ids)
        hosts[g] += host
        girls[g] += g_h
        members[g] |= ids
    return to_members(df, hh, assign)


def random_swap(df: pd.DataFrame, k: int, seed: int, steps: int) -> pd.DataFrame:
    rnd = random.Random(seed)
    hh = households(df)
    order = list(range(len(hh)))
    rnd.shuffle(order)
    assign = [0] * len(hh)
    for pos, h in enumerate(order):
        assign[h] = pos % k
    penalty = FastPenalty(df, hh, k)
    best = penalty(assign)
    for _ in range(steps):
        trial = assign[:]
        a = rnd.randrange(len(hh))
        if rnd.random() < 0.5:
            b = rnd.randrange(len(hh))
            trial[a], trial[b] = trial[b], trial[a]
        else:
            trial[a] = rnd.randrange(k)
        if len(set(trial)) < k:
            continue
        p = penalty(trial)
        if p <= best:
            assign, best = trial, p
    return to_members(df, hh, assign)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 40, 80, 200])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=2.0, help="form_groups' work limit per unit")
    ap.add_argument("--swap-steps", type=int, default=20_000)
    args = ap.parse_args(argv)
    rows = []
    for n in args.sizes:
        df = unit(n, args.seed + n)
        k = math.ceil(n / 8)
        runs = []
        for name, fn in (("form_groups (CP-SAT)", lambda: form_groups(df, time_limit=args.time_limit)),
                         ("greedy", lambda: greedy(df, k)),
                         ("random swap", lambda: random_swap(df, k, args.seed, args.swap_steps))):
            t, c = time.perf_counter(), time.process_time()
            out = fn()
            secs, cpu = time.perf_counter() - t, time.process_time() - c
            if isinstance(out, pd.DataFrame):
                runs.append((name, secs, cpu, out, ""))
            else:
                runs.append((name, secs, cpu, out.members, out.units["status"].iloc[0]))
        for name, secs, cpu, mem, status in runs:
            passed, made, worst = judge(df, mem)
            gof = dict(zip(mem["student_id"], mem["group_id"]))
            pairs = sorted({tuple(sorted((a, b))) for a, v in zip(df["student_id"], df["friends"])
                            for b in split_list(v)})
            kept = sum(gof[a] == gof[b] for a, b in pairs)
            rows.append({"students": n, "groups": k, "method": name, "seconds": round(secs, 2),
                         "cpu seconds": round(cpu, 2),
                         "rules met": f"{passed}/{made}", "all met": passed == made,
                         "worst group": worst, "friends kept": f"{kept}/{len(pairs)}", "status": status})
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False) if _has_tabulate() else table.to_string(index=False))
    return table


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
