"""Builders of small hand-made community tables."""

from __future__ import annotations

import pandas as pd

STUDENT_COLUMNS = ["student_id", "school_id", "grade", "name", "gender", "village", "x", "y",
                   "guardian", "ability", "host_available", "leader_candidate", "volunteer",
                   "friends", "avoid"]


def student(sid, *, school="S1", grade=3, gender="m", village="V1", guardian=None, ability=3,
            host=True, leader=False, volunteer=True, friends="", avoid="", x=None, y=None) -> dict:
    return {"student_id": sid, "school_id": school, "grade": grade, "name": f"Name {sid}",
            "gender": gender, "village": village, "x": x, "y": y,
            "guardian": guardian if guardian is not None else f"G-{sid}", "ability": ability,
            "host_available": host, "leader_candidate": leader, "volunteer": volunteer,
            "friends": friends, "avoid": avoid}


def roster(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=STUDENT_COLUMNS)


def balanced_unit(n, *, prefix="s", village="V1", school="S1") -> list[dict]:
    """n students alternating boy/girl and grades 2/5, abilities 2,4, every one a host."""
    return [student(f"{prefix}{i:02d}", school=school, village=village, gender="mf"[i % 2],
                    grade=(2, 5)[(i // 2) % 2], ability=(2, 4)[i % 2]) for i in range(n)]


def members(pairs: dict[str, list[str]]) -> pd.DataFrame:
    """``{"g1": ["a", "b"]}`` → members with the first of each list the leader."""
    rows = [{"group_id": g, "student_id": s, "role": "leader" if i == 0 else "member"}
            for g, ids in pairs.items() for i, s in enumerate(ids)]
    return pd.DataFrame(rows, columns=["group_id", "student_id", "role"])
