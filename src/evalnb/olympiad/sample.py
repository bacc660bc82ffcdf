"""The olympiad part of the sample district: three school years of ВсОШ in the Russian municipality.

Built on the assessment sample (its Russian schools and students): the
school, municipal, regional and final stages of 2017-2018, 2018-2019 and
2019-2020, the enrolment of every school, grade and year, and the ИОМ of
the winners and prize-winners of 2018-2019 and 2019-2020.

The shapes a report should show:

* a few strong schools (the gymnasium ``RU001``, the lyceum ``RU003``,
  ``RU005``) with multi-subject winners, who reach the regional and final stages;
* schools that never reach the regional stage (``RU011``, ``RU012``,
  ``RU014``, ``RU016``, ``RU017``);
* the basic school ``RU017`` sent nobody to the municipal stage in 2017-2018;
* ``RU012`` reported the enrolment of 2019-2020 short, so its coverage
  exceeds 100 %;
* ИОМ rows missing for many winners of ``RU009`` and ``RU019``, planned only
  for some, and without a psychologist at ``RU007``.

In a region (``evalnb sample --scale N``) the schools of every municipality
that copy these schools (``sample_twins``) show the same traits.

Students who had left school by 2019-2020 (grades 10–11 of the earlier
years) get ids of their own (``G17…``, ``G18…``), as they are not in the
students table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..assessment._region import sample_twins
from ..core.sampling import distinct_choices
from .iom import iom_required
from .rules import OlympiadRules
from .tables import OLYMPIAD

YEARS = ("2017-2018", "2018-2019", "2019-2020")
SUBJECTS = ("Математика", "Русский язык", "Литература", "Английский язык", "Физика", "Химия",
            "Биология", "История", "Обществознание", "География", "Информатика", "Право",
            "Экономика", "Экология", "ОБЖ", "Физическая культура", "Технология", "МХК")
_WEIGHTS = np.array([14, 12, 7, 8, 7, 5, 8, 7, 9, 6, 5, 3, 2, 3, 4, 5, 3, 2], dtype=float)
STRONG = {"RU001": 1.1, "RU003": 1.2, "RU005": 0.6}
NO_REGIONAL = ("RU011", "RU012", "RU014", "RU016", "RU017")
SHORT_ENROLMENT = ("RU012", "2019-2020", 0.7)
NO_MUNICIPAL = ("RU017", "2017-2018")
FEW_IOM = ("RU009", "RU019")
NO_PSYCHOLOGIST = ("RU007",)
_SURNAMES = ("Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова",
             "Михайлова", "Новикова", "Фёдорова", "Морозова", "Волкова", "Алексеев", "Лебедев",
             "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлова", "Андреева")
_INITIALS = "АВГДЕИКЛМНОПСТ"


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _person(rng, n: int) -> np.ndarray:
    s = rng.choice(_SURNAMES, n)
    a = rng.choice(list(_INITIALS), n)
    b = rng.choice(list(_INITIALS), n)
    return np.array([f"{x} {y}. {z}." for x, y, z in zip(s, a, b)], dtype=object)


def _cohorts(rng, schools, students) -> pd.DataFrame:
    """Every student of every year: ``year, school_id, student_id, grade, ability``."""
    ability = pd.Series(rng.normal(0, 1, len(students)), index=students["student_id"].to_numpy())
    strength = schools.set_index("school_id")["strength"]
    eleven = students[students["grade"].astype(int) == 11].groupby("school_id").size()
    frames = []
    for shift, year in zip((2, 1, 0), YEARS):
        g = students["grade"].astype(int).to_numpy() - shift
        keep = g >= 1
        part = pd.DataFrame({"year": year, "school_id": students["school_id"].to_numpy()[keep],
                             "student_id": students["student_id"].to_numpy()[keep],
                             "grade": g[keep]})
        part["ability"] = ability.loc[part["student_id"]].to_numpy() + \
            part["school_id"].map(strength).to_numpy()
        frames.append(part)
        # those who have left school since: grades above 11 − shift of that year
        # (drawn school by school; gathered in arrays, one frame per year)
        sids, ids, grades, abilities = [], [], [], []
        for grade in range(12 - shift, 12):
            for sid, n in eleven.items():
                k = int(round(n * rng.uniform(0.85, 1.1)))
                sids.append(np.full(k, sid, dtype=object))
                ids.extend(f"G{year[2:4]}{sid}{grade:02d}{i:03d}" for i in range(k))
                grades.append(np.full(k, grade, dtype=np.int64))
                abilities.append(rng.normal(0, 1, k) + strength.get(sid, 0.0))
        if sids:
            frames.append(pd.DataFrame({
                "year": year, "school_id": np.concatenate(sids),
                "student_id": np.array(ids, dtype=object), "grade": np.concatenate(grades),
                "ability": np.concatenate(abilities)}))
    return pd.concat(frames, ignore_index=True)


def _enrolment(pool: pd.DataFrame, twin: pd.Series) -> pd.DataFrame:
    out = pool.groupby(["school_id", "year", "grade"]).size().rename("students").reset_index()
    sid, year, factor = SHORT_ENROLMENT
    short = (out["school_id"].map(twin) == sid) & (out["year"] == year)
    out.loc[short, "students"] = (out.loc[short, "students"] * factor).round().astype(int)
    return out[["school_id", "year", "grade", "students"]]


def _subjects(rng, n_each: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(row of the owner, subject)`` for owners taking ``n_each`` distinct subjects."""
    owners, chosen = distinct_choices(rng, n_each, _WEIGHTS / _WEIGHTS.sum())
    return owners, np.asarray(SUBJECTS, dtype=object)[chosen]


def _status(score: np.ndarray, win: float, prize: float) -> np.ndarray:
    return np.where(score >= win, "winner", np.where(score >= prize, "prize_winner", "participant"))


def _stage(rows: pd.DataFrame, stage: str, rng, shift: float, win: float, prize: float) -> pd.DataFrame:
    rows = rows.copy()
    noise = rng.normal(0, 0.8, len(rows))
    score = np.round(100 * _sigmoid(1.1 * rows["ability"].to_numpy() + rows["trend"].to_numpy()
                                    + noise - shift)).astype("int64")
    rows["stage"] = stage
    rows["score"] = score
    rows["max_score"] = 100
    rows["status"] = _status(score, win, prize)
    return rows


def _olympiad(rng, pool: pd.DataFrame, schools: pd.DataFrame, twin: pd.Series) -> pd.DataFrame:
    trend = dict(zip(schools["school_id"], rng.normal(0.12, 0.3, len(schools))))
    year_index = {y: i for i, y in enumerate(YEARS)}
    pool = pool.copy()
    pool["trend"] = (pool["school_id"].map(trend).to_numpy(dtype=float)
                     * pool["year"].map(year_index).to_numpy(dtype=float))
    eligible = pool[pool["grade"].between(4, 11)].reset_index(drop=True)
    eagerness = eligible["school_id"].map(dict(zip(schools["school_id"], schools["eagerness"])))
    takes = rng.random(len(eligible)) < _sigmoid(eagerness.to_numpy() + 0.4 * eligible["ability"].to_numpy())
    takers = eligible[takes].reset_index(drop=True)
    n_each = 1 + np.minimum(rng.poisson(np.clip(0.7 + 0.5 * takers["ability"].to_numpy(), 0.1, None)), 5)
    owner, subject = _subjects(rng, n_each)
    rows = takers.iloc[owner].reset_index(drop=True)
    rows["subject"] = subject
    school = _stage(rows, "school", rng, shift=0.9, win=80, prize=60)

    invited = school[(school["grade"] >= 7) & (school["status"] != "participant")]
    invited = invited[rng.random(len(invited)) < 0.7]
    sid, year = NO_MUNICIPAL
    invited = invited[~((invited["school_id"].map(twin) == sid) & (invited["year"] == year))]
    municipal = _stage(invited, "municipal", rng, shift=2.0, win=74, prize=55)

    to_region = municipal[(municipal["grade"] >= 9) & (municipal["status"] != "participant")
                          & ~municipal["school_id"].map(twin).isin(NO_REGIONAL)]
    to_region = to_region[rng.random(len(to_region)) < 0.5]
    regional = _stage(to_region, "regional", rng, shift=2.8, win=75, prize=58)

    to_final = regional[(regional["status"] == "winner")]
    to_final = to_final[rng.random(len(to_final)) < 0.5]
    final = _stage(to_final, "final", rng, shift=3.6, win=85, prize=70)

    out = pd.concat([school, municipal, regional, final], ignore_index=True)
    out = out[list(OLYMPIAD.columns)]
    order = {"school": 0, "municipal": 1, "regional": 2, "final": 3}
    out = out.assign(_s=out["stage"].map(order)).sort_values(
        ["year", "_s", "school_id", "student_id", "subject"]).drop(columns="_s")
    out["grade"] = out["grade"].astype("int64")
    return out.reset_index(drop=True)


def _iom(rng, olympiad: pd.DataFrame, twin: pd.Series) -> pd.DataFrame:
    frames = []
    rules = OlympiadRules()
    awarded = olympiad[olympiad["stage"].isin(rules.iom_stages)
                       & olympiad["status"].isin(rules.iom_statuses)]
    for year in YEARS[1:]:
        # only the year's awarded rows: iom_required checks every row it is given
        req = iom_required(awarded[awarded["year"] == year], year)
        n = len(req)
        skip = np.where(req["school_id"].map(twin).isin(FEW_IOM), 0.5, 0.04)
        has = rng.random(n) >= skip
        req = req[has].reset_index(drop=True)
        n = len(req)
        current = year == YEARS[-1]
        status = rng.choice(["planned", "in_progress", "done"], n,
                            p=[0.08, 0.82, 0.10] if current else [0.0, 0.1, 0.9])
        psychologist = _person(rng, n)
        psychologist[req["school_id"].map(twin).isin(NO_PSYCHOLOGIST).to_numpy()] = None
        psychologist[rng.random(n) < 0.03] = None
        mentor = _person(rng, n)
        mentor[rng.random(n) < 0.02] = None
        first = int(year[:4])
        start = pd.Timestamp(f"{first}-12-16") + pd.to_timedelta(rng.integers(0, 45, n), unit="D")
        frames.append(pd.DataFrame({
            "student_id": req["student_id"], "year": year, "school_id": req["school_id"],
            "subjects": req["subjects"], "mentor": mentor, "psychologist": psychologist,
            "parents_involved": pd.array(rng.random(n) < 0.93, dtype="boolean"),
            "iup": pd.array(req["special_control"].to_numpy() & (rng.random(n) < 0.4), dtype="boolean"),
            "status": status, "start": start.astype("datetime64[s]"),
            "end": pd.Series(pd.Timestamp(f"{first + 1}-05-31"), index=range(n)).astype("datetime64[s]"),
            "notes": np.where(req["special_control"].to_numpy(),
                              "особый контроль: победитель и призёр по нескольким предметам", None),
        }))
    return pd.concat(frames, ignore_index=True)


def sample(ctx) -> dict[str, pd.DataFrame]:
    """The olympiad tables of the sample's Russian municipality (deterministic for ``ctx.rng``).

    ``ctx.tables`` must hold the assessment sample's ``schools`` and ``students``.
    """
    rng = ctx.rng
    schools = ctx.tables["schools"]
    # the assessment district's schools: general Russian schools with a roll of students
    rolled = schools["school_id"].isin(ctx.tables["students"]["school_id"])
    schools = schools[rolled & (schools["language"] == "ru") & (schools["kind"] == "general")].copy()
    schools = schools.sort_values("school_id").reset_index(drop=True)
    # a region's school has the designed traits of the sample school it copies
    twin = sample_twins(schools)
    schools["strength"] = [STRONG.get(s, -0.25 if s in NO_REGIONAL else 0.0) for s in schools["school_id"].map(twin)]
    schools["eagerness"] = rng.normal(1.5, 0.35, len(schools)) + 0.5 * schools["strength"]
    students = ctx.tables["students"]
    students = students[students["school_id"].isin(schools["school_id"])]
    students = students.sort_values("student_id").reset_index(drop=True)
    pool = _cohorts(rng, schools, students)
    olympiad = _olympiad(rng, pool, schools, twin)
    return {"olympiad": olympiad, "enrolment": _enrolment(pool, twin),
            "iom": _iom(rng, olympiad, twin)}
