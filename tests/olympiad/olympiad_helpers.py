"""Hand-made frames for the olympiad tests (a module name no other test folder uses)."""

from __future__ import annotations

import pandas as pd

Y = "2019-2020"
OLYMPIAD_COLUMNS = ["year", "stage", "school_id", "student_id", "subject", "grade", "status",
                    "score", "max_score"]


def schools(*ids, municipality="M", kind="general") -> pd.DataFrame:
    """``schools("A", "B")``; an id ``"X:other"`` gives a school of kind ``other``."""
    rows = []
    for i in ids:
        sid, _, k = i.partition(":")
        rows.append({"school_id": sid, "name": f"School {sid}", "municipality": municipality,
                     "kind": k or kind, "language": "ru"})
    return pd.DataFrame(rows)


def row(student, subject="Математика", status="participant", stage="school", school="A",
        grade=9, year=Y, score=None, max_score=None) -> dict:
    return {"year": year, "stage": stage, "school_id": school, "student_id": student,
            "subject": subject, "grade": grade, "status": status, "score": score,
            "max_score": max_score}


def olympiad(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=OLYMPIAD_COLUMNS)


def enrolment(*rows) -> pd.DataFrame:
    """``enrolment(("A", 5, 30), ("A", 3, 25, "2018-2019"))``: school, grade, students[, year]."""
    return pd.DataFrame([{"school_id": r[0], "year": r[3] if len(r) > 3 else Y, "grade": r[1],
                          "students": r[2]} for r in rows])


def iom(*rows) -> pd.DataFrame:
    """``iom(dict(student_id="s1", school_id="A", …))`` with defaults for the other columns."""
    base = {"year": Y, "subjects": "Математика", "mentor": "Иванова И. И.",
            "psychologist": "Петрова П. П.", "parents_involved": True, "iup": False,
            "status": "in_progress", "start": None, "end": None, "notes": None}
    return pd.DataFrame([{**base, **r} for r in rows],
                        columns=["student_id", "year", "school_id", *[c for c in base if c != "year"]])


def by_school(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["level"] == "school"].set_index("school_id")


def muni(frame: pd.DataFrame, municipality="M") -> pd.Series:
    m = frame[(frame["level"] == "municipality") & (frame["municipality"] == municipality)]
    assert len(m) == 1, m
    return m.iloc[0]


def _loadable_entry_points() -> list[tuple[str, str]]:
    """``(name, value)`` of the installed domain entry points that load here, and the olympiad's."""
    from importlib.metadata import entry_points

    from evalnb.core.domain import GROUP

    found = {}
    for ep in entry_points(group=GROUP):
        try:
            ep.load()
        except Exception:   # an installed entry point this source tree does not have (yet)
            continue
        found[ep.name] = ep.value
    found["olympiad"] = "evalnb.olympiad:DOMAIN"
    return sorted(found.items())


def register_domains() -> None:
    """Register every loadable domain and the olympiad in this process."""
    import importlib

    from evalnb.core import domain

    domain._loaded = True
    for name, value in _loadable_entry_points():
        module, _, attr = value.partition(":")
        d = getattr(importlib.import_module(module), attr)
        domain.register(d, replace=True)


def domain_metadata(folder) -> str:
    """A folder to put first on a kernel's PYTHONPATH: distribution metadata of evalnb whose
    ``evalnb.domains`` entry points are those that load, and the olympiad's.

    (The first ``evalnb`` distribution found on the path wins, so a kernel started with it
    finds the olympiad domain as it will once the entry point is installed.)
    """
    from pathlib import Path

    dist = Path(folder) / "evalnb-0.1.0.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: evalnb\nVersion: 0.1.0\n",
                                   encoding="utf-8")
    lines = ["[evalnb.domains]"] + [f"{n} = {v}" for n, v in _loadable_entry_points()]
    (dist / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(folder)


from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
