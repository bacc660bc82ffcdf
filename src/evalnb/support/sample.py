"""The sample region of the «500+» project (invented data, Kaluga-style, year 2022).

Thirty-six project schools (``RUS001`` … ``RUS036``, the Kaluga order's quota)
in ten municipalities of the Kaluga region, with a curator for each but
``RUS017``; their risk profiles over FIOKO's ten factors, concept documents
(most placed by 30 March 2022, a few late or missing), anti-risk measures of
stages 1 and 2, participation in the roadmap's events, and the roadmap's
progress on 31 March and 30 June 2022.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .rules import SCHOOL_ROLES
from .sample_roadmap import MEASURES, risk_factors, roadmap
from .shares import indicator_shares
from .tables import DOCS

YEAR = 2022
PROGRESS_DATES = ("2022-03-31", "2022-06-30")
MUNICIPALITIES = ("Бабынинский район", "Жуковский район", "Козельский район", "Людиновский район",
                  "Малоярославецкий район", "Сухиничский район", "Кировский район", "Мещовский район",
                  "Тарусский район", "г. Калуга")
SETTLEMENTS = ("п. Воротынск", "г. Жуков", "г. Козельск", "г. Людиново", "г. Малоярославец",
               "г. Сухиничи", "г. Киров", "г. Мещовск", "г. Таруса", "г. Калуга")
CURATORS = ("Антонова Е. В.", "Белов С. П.", "Васильева О. Н.", "Григорьев А. А.", "Дмитриева Л. И.",
            "Ермаков П. С.", "Жукова Т. М.", "Зайцева Н. Ю.", "Ильин В. К.", "Козлова М. А.",
            "Лебедев Д. О.", "Морозова И. Г.")
N_SCHOOLS = 36


def _schools(rng) -> pd.DataFrame:
    rows = []
    for i in range(N_SCHOOLS):
        m = i % len(MUNICIPALITIES)
        kind = "ООШ" if rng.random() < 0.25 else "СОШ"
        rows.append((f"RUS{i + 1:03d}", f"МКОУ «{kind} № {i // len(MUNICIPALITIES) + 1}» {SETTLEMENTS[m]}",
                     MUNICIPALITIES[m], "general", "ru"))
    return pd.DataFrame(rows, columns=["school_id", "name", "municipality", "kind", "language"])


def _project(schools, rng) -> pd.DataFrame:
    ids = schools["school_id"]
    curator = [CURATORS[i % len(CURATORS)] for i in range(len(ids))]
    curator[16] = None                                  # RUS017 has no curator yet
    return pd.DataFrame({
        "school_id": ids, "year": YEAR, "curator": curator,
        "municipal_coordinator": [f"Координатор ({m})" for m in schools["municipality"]],
        "teachers": rng.integers(12, 46, len(ids)), "included": pd.Timestamp("2021-12-17")})


def _population(project) -> pd.DataFrame:
    rows = [("regional_coordinator", "", 2),
            ("municipal_coordinator", "", project["municipal_coordinator"].nunique()),
            ("director", "", len(project)), ("curator", "", project["curator"].nunique())]
    return pd.DataFrame(rows, columns=["role", "school_id", "count"])


def _participation(rm, project, rng) -> pd.DataFrame:
    """Who took part in the events of the share tasks."""
    from .shares import infer_share_indicators

    ids = project["school_id"].tolist()
    teachers = dict(zip(ids, project["teachers"]))
    curators = {c: f"CUR{k + 1:02d}" for k, c in enumerate(sorted(project["curator"].dropna().unique()))}
    people = {"regional_coordinator": ["RC01", "RC02"],
              "municipal_coordinator": [f"MC{k + 1:02d}" for k in range(project["municipal_coordinator"].nunique())],
              "director": [f"DIR-{s}" for s in ids], "curator": list(curators.values())}
    rows = []
    for spec in infer_share_indicators(rm):
        if spec["source"] != "participation":
            continue
        for task in spec["tasks"]:
            rate = rng.uniform(0.7, 1.0)
            events = ["1", "2", "3"] if "event_school" in spec["per"] else [""]
            for event in events:
                for role in spec["roles"]:
                    if role in SCHOOL_ROLES:
                        for s in ids:
                            if rng.random() < rate:
                                rows.append((task, spec["indicator_no"], event, s, "", role))
                    elif role == "teacher":
                        for s in ids:
                            k = rng.binomial(teachers[s], rate * rng.uniform(0.6, 1.0))
                            rows += [(task, spec["indicator_no"], event, s, f"{s}-T{j + 1:02d}", role)
                                     for j in range(k)]
                    else:
                        for p in people[role]:
                            if rng.random() < rate:
                                school = p[4:] if role == "director" else ""
                                rows.append((task, spec["indicator_no"], event, school, p, role))
    frame = pd.DataFrame(rows, columns=["task_no", "indicator_no", "event_id", "school_id", "person_id", "role"])
    frame["as_speaker"] = rng.random(len(frame)) < 0.05
    return frame


def _profile(project, rng) -> pd.DataFrame:
    factors = risk_factors()["factor"].tolist()
    rows = []
    for s in project["school_id"]:
        levels = np.array(["low"] * len(factors), dtype=object)
        picked = rng.choice(len(factors), size=int(rng.integers(3, 6)), replace=False)
        n_high = int(rng.integers(1, 3))
        levels[picked[:n_high]] = "high"
        levels[picked[n_high:]] = "medium"
        for f, level in zip(factors, levels):
            activated = level == "high" or (level == "medium" and rng.random() < 0.8)
            rows.append((s, YEAR, f, level, bool(activated), "risk"))
    return pd.DataFrame(rows, columns=["school_id", "year", "factor", "level", "activated", "direction_kind"])


def _documents(project, rng) -> pd.DataFrame:
    rows = []
    for s in project["school_id"]:
        late = rng.random() < 0.12
        for k, doc in enumerate(DOCS):
            if rng.random() < 0.04:
                continue                                 # not placed yet
            day = pd.Timestamp("2022-03-01") + pd.Timedelta(days=int(rng.integers(0, 29)) + 2 * k)
            if late and doc == "antirisk_programme":
                day = pd.Timestamp("2022-04-08")
            expertise = day + pd.Timedelta(days=int(rng.integers(20, 40))) if doc != "antirisk_programme" else pd.NaT
            rows.append((s, YEAR, doc, day, bool(rng.random() < 0.9), expertise))
    return pd.DataFrame(rows, columns=["school_id", "year", "doc", "placed", "confirmed_by_curator",
                                       "expertise_received"])


def _measures(profile, rng) -> pd.DataFrame:
    rows = []
    as_of = pd.Timestamp(PROGRESS_DATES[-1])
    risky = profile[profile["activated"]]
    for (s, f), _ in risky.groupby(["school_id", "factor"], sort=True):
        if rng.random() < 0.08:
            continue                                     # a direction the programme forgot
        for stage in (1, 2):
            for k, text in enumerate(MEASURES[f]):
                n = len([r for r in rows if r[0] == s]) + 1
                base = "2022-04-15" if stage == 1 else "2022-09-15"
                deadline = pd.Timestamp(base) + pd.Timedelta(days=int(rng.integers(0, 45)))
                if deadline < as_of:
                    status = rng.choice(["done", "in_progress"], p=[0.85, 0.15])
                else:
                    status = rng.choice(["planned", "in_progress"], p=[0.6, 0.4])
                done = status == "done"
                evidence = f"{s}_{f}_{k + 1}.pdf" if done and rng.random() < 0.92 else None
                rows.append((s, YEAR, f, f"M{n:02d}", text, stage, "Охват обучающихся и педагогов, %",
                             100, int(rng.integers(60, 101)) if done else None, deadline,
                             "Заместитель директора", status, evidence,
                             bool(done and evidence and rng.random() < 0.9)))
    frame = pd.DataFrame(rows, columns=["school_id", "year", "factor", "measure_id", "measure", "stage",
                                        "indicator", "target", "actual", "deadline", "responsible",
                                        "status", "evidence", "confirmed_by_curator"])
    return frame.astype({"target": "Int64", "actual": "Int64"})


def _progress(rm, shares, rng) -> pd.DataFrame:
    from .roadmap import roadmap_ranges

    rg = roadmap_ranges(rm).groupby("task_no").agg(start=("start", "min"), due=("end", "max"))
    region = shares[(shares["scope"] == "region") & (shares["indicator_no"] == 1)].drop_duplicates("task_no")
    region = region.set_index("task_no")
    rows = []
    for date in map(pd.Timestamp, PROGRESS_DATES):
        for task, (start, due) in rg.iterrows():
            if pd.notna(start) and start > date:
                continue
            finished = pd.notna(due) and due <= date
            status = ("done" if rng.random() < 0.85 else "in_progress") if finished else "in_progress"
            num = den = value = np.nan
            if task in region.index and not pd.isna(region.loc[task, "share"]):
                den = float(region.loc[task, "denominator"])
                num = float(region.loc[task, "numerator"]) if finished else float(
                    np.floor(region.loc[task, "numerator"] * rng.uniform(0.4, 0.8)))
            elif "Количество" in str(rm.loc[rm["task_no"] == task, "indicator"].iloc[0]):
                value = float(rng.integers(3, 40))
            rows.append((task, date, status, 1, num, den, value, None,
                         f"https://kgiro.example/500plus/{task}" if status == "done" else None))
    frame = pd.DataFrame(rows, columns=["task_no", "date", "status", "indicator_no", "numerator",
                                        "denominator", "value", "note", "evidence"])
    # counts: whole numbers (the CSV keeps them without a decimal point)
    return frame.astype({"numerator": "Int64", "denominator": "Int64", "value": "Int64"})


def sample(ctx) -> dict[str, pd.DataFrame]:
    """The «500+» tables of the sample dataset, and the project's schools to add to ``schools``."""
    rng = ctx.rng
    schools = _schools(rng)
    project = _project(schools, rng)
    rm = roadmap()
    population = _population(project)
    participation = _participation(rm, project, rng)
    profile = _profile(project, rng)
    documents = _documents(project, rng)
    shares = indicator_shares(rm, participation, project, YEAR, population, risk_profile=profile,
                              school_documents=documents)
    return {
        "schools": schools, "roadmap": rm, "roadmap_progress": _progress(rm, shares, rng),
        "project_schools": project, "participation": participation, "population": population,
        "risk_factors": risk_factors(), "risk_profile": profile, "school_documents": documents,
        "antirisk_measures": _measures(profile, rng),
    }


__all__ = ["PROGRESS_DATES", "YEAR", "sample"]
