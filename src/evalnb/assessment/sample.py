"""The Russian municipality of the sample: schools, students, journal marks, external work.

A latent "true achievement" per student and subject drives both the journal
marks and the external procedures:

``z = school quality + class effect + student ability + school × subject
effect + grade effect + subject difficulty + noise``.

Journal (quarter) marks add the teacher's leniency, a quarter effect and a
small per-student trend; external procedures (ВПР, РДР, final essay) add only
their own noise. A few schools mark far too generously (``INFLATED``): their
journal marks are clearly higher than their external results, which is what
the objectivity calculator is meant to find.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.sampling import busday_shift, dates
from ._sample_names import russian_names

__all__ = ["generate", "region_plan", "MUNICIPALITY", "SUBJECTS", "INFLATED", "REGION_MUNICIPALITIES"]


MUNICIPALITY = "г. Армавир"

SUBJECTS = ("Русский язык", "Математика", "Литература", "Английский язык",
            "История", "Обществознание", "Биология", "Физика")
_RUS, _MATH, _HIST = 0, 1, 4
# first grade in which a subject is taught with marks (1st grade is not marked)
_FIRST_GRADE = np.array([2, 2, 2, 2, 5, 6, 5, 7])
# positive = easier to get a good mark
_SUBJECT_EASE = np.array([-0.20, -0.30, 0.20, -0.05, 0.00, 0.15, 0.10, -0.30])
# index = grade (0 unused); marks fall from primary to grades 7–9 and recover a
# little in 10–11, where the weaker pupils have already left after grade 9
_GRADE_EFFECT = np.array([0.0, 0.0, 0.45, 0.40, 0.30, 0.15, 0.05, -0.10, -0.20,
                          -0.20, 0.00, 0.05])

_CLUSTERS = ("Кластер 1 (центр)", "Кластер 2 (северный)", "Кластер 3 (южный)",
             "Кластер 4 (пригородный)")

# name, cluster, classes per grade in 1–9, classes per grade in 10–11, quality
_SCHOOLS = (
    ("МАОУ гимназия № 1", 0, 3, 2, 0.55),
    ("МАОУ СОШ № 2", 0, 2, 1, 0.10),
    ("МАОУ лицей № 3", 0, 3, 2, 0.60),
    ("МБОУ СОШ № 4", 1, 2, 1, -0.05),
    ("МАОУ СОШ № 5", 0, 3, 1, 0.25),
    ("МБОУ СОШ № 6", 1, 2, 1, -0.10),
    ("МБОУ СОШ № 7", 2, 2, 1, 0.00),
    ("МАОУ СОШ № 8", 1, 1, 1, -0.20),
    ("МБОУ СОШ № 9", 2, 2, 1, -0.15),
    ("МАОУ СОШ № 10", 2, 2, 1, 0.05),
    ("МБОУ СОШ № 11", 2, 1, 1, -0.25),
    ("МБОУ ООШ № 12", 3, 1, 0, -0.45),
    ("МАОУ СОШ № 13", 1, 2, 1, 0.00),
    ("МБОУ СОШ № 14", 3, 1, 1, -0.35),
    ("МАОУ СОШ № 15", 0, 2, 1, 0.20),
    ("МБОУ СОШ № 16", 3, 1, 1, -0.30),
    ("МБОУ ООШ № 17", 3, 1, 0, -0.50),
    ("МАОУ СОШ № 18", 1, 2, 1, -0.05),
    ("МБОУ СОШ № 19", 2, 1, 1, -0.20),
    ("МАОУ СОШ № 20", 1, 2, 1, 0.10),
)
# schools whose journal marks are inflated, and one that marks strictly
INFLATED = ("RU004", "RU008", "RU014")
_STRICT = ("RU013",)

PERIODS = (
    ("2019-2020 Q1", "2019-09-02", "2019-10-27"),
    ("2019-2020 Q2", "2019-11-05", "2019-12-29"),
    ("2019-2020 Q3", "2020-01-09", "2020-03-22"),
    ("2019-2020 Q4", "2020-03-30", "2020-05-31"),
)
_QUARTER_EFFECT = np.array([-0.05, 0.00, -0.08, 0.12])
# journal mark cut-points on the latent scale: below the first → 1, … above the last → 5
_JOURNAL_CUTS = np.array([-3.4, -1.9, -0.5, 0.7])
_EXTERNAL_CUTS = np.array([-3.9, -1.25, 0.05, 1.25])

# ВПР: grade, subject, max score, minimum score for marks 3, 4, 5, first day of
# the school's window (each school writes within three working days of it)
_VPR = (
    (4, _RUS, 38, (14, 24, 33), "2020-04-14"),
    (4, _MATH, 20, (6, 10, 15), "2020-04-21"),
    (5, _RUS, 45, (18, 29, 39), "2020-04-15"),
    (5, _MATH, 20, (7, 12, 17), "2020-04-22"),
    (5, _HIST, 15, (4, 8, 12), "2020-04-28"),
    (6, _RUS, 51, (23, 33, 43), "2020-04-16"),
    (6, _MATH, 16, (6, 10, 14), "2020-04-23"),
    (6, _HIST, 20, (6, 11, 16), "2020-04-29"),
    (7, _RUS, 47, (19, 28, 38), "2020-04-14"),
    (7, _MATH, 16, (6, 9, 12), "2020-04-21"),
    (7, _HIST, 25, (8, 15, 21), "2020-04-28"),
    (8, _RUS, 51, (21, 31, 42), "2020-04-15"),
    (8, _MATH, 25, (7, 13, 19), "2020-04-22"),
    (8, _HIST, 25, (8, 15, 21), "2020-04-29"),
)
# regional diagnostic works: grade, subject, date (one day for the whole region)
_RDR = (
    (10, _RUS, "2019-11-27"),
    (9, _MATH, "2019-12-12"),
    (10, _HIST, "2020-01-22"),
    (9, _RUS, "2020-02-05"),
    (10, _MATH, "2020-02-13"),
    (9, _HIST, "2020-03-04"),
)
_ESSAY_DATE = "2019-12-04"
_ESSAY_RETAKE = "2020-02-05"


def _na(n: int, dtype: str):
    return pd.array([pd.NA] * n, dtype=dtype)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _schools(rng: np.random.Generator, plan=None):
    """Schools of one municipality: ``plan`` is (ids, names, municipality, template rows,
    inflated indices, strict indices, quality shifts); default: the sample's twenty."""
    if plan is None:
        ids = [f"RU{i + 1:03d}" for i in range(len(_SCHOOLS))]
        plan = (ids, [s[0] for s in _SCHOOLS], MUNICIPALITY, _SCHOOLS,
                [ids.index(s) for s in INFLATED], [ids.index(s) for s in _STRICT], None)
    ids, names, municipality, template, inflated, strict, shift = plan
    n = len(ids)
    frame = pd.DataFrame({
        "school_id": ids,
        "name": names,
        "municipality": municipality,
        "kind": "general",
        "language": "ru",
        "cluster": [_CLUSTERS[s[1]] for s in template],
    })
    quality = np.array([s[4] for s in template]) + rng.normal(0.0, 0.08, n)
    if shift is not None:
        quality = quality + shift
    inflation = np.zeros(n)
    for k in inflated:
        inflation[k] = rng.uniform(0.75, 0.95)
    for k in strict:
        inflation[k] = -0.25
    return ids, frame, quality, inflation, template


def _students(rng: np.random.Generator, school_ids, quality, template=_SCHOOLS, first=1):
    letters = "АБВГД"
    rows_school, rows_grade, rows_class, sizes = [], [], [], []
    class_effect = []
    for k, (_, cluster, par_low, par_high, _) in enumerate(template):
        small = cluster == 3
        last_grade = 11 if par_high else 9
        for grade in range(1, last_grade + 1):
            base = par_low if grade <= 9 else par_high
            if base >= 2:
                base = max(1, base + int(rng.choice([-1, 0, 0, 0, 1])))
            for c in range(base):
                size = rng.normal(16, 3) if small else rng.normal(23, 2.5)
                size = int(np.clip(round(size), 8 if small else 18, 25 if small else 31))
                if grade >= 10:
                    size = max(8, size - int(rng.integers(0, 5)))
                rows_school.append(k)
                rows_grade.append(grade)
                rows_class.append(f"{grade}{letters[c]}")
                sizes.append(size)
                class_effect.append(rng.normal(0.0, 0.15))
    sizes = np.array(sizes)
    school = np.repeat(np.array(rows_school), sizes)
    grade = np.repeat(np.array(rows_grade), sizes)
    label = np.repeat(np.array(rows_class, dtype=object), sizes)
    n = len(school)
    p_girl = np.where(grade >= 10, 0.56, 0.49)
    gender = np.where(rng.random(n) < p_girl, "f", "m")
    ability = (quality[school] + np.repeat(np.array(class_effect), sizes)
               + rng.normal(0.0, 0.80, n) + np.where(grade >= 10, 0.25, 0.0))
    frame = pd.DataFrame({
        "student_id": [f"S{i:06d}" for i in range(first, first + n)],
        "school_id": np.asarray(school_ids, dtype=object)[school],
        "grade": grade.astype("int64"),
        "class_label": label,
        "gender": gender,
    })
    return frame, school, grade, ability



def generate(rng: np.random.Generator, n_schools: int | None = None) -> dict[str, pd.DataFrame]:
    """Generate the Russian municipality, or a region of ``n_schools`` general schools.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n_schools : int, optional
        ``None``: the sample's municipality of twenty schools.  A number: a
        region of that many schools in several municipalities (see
        :func:`region_plan`), each drawn as the sample's municipality is, with
        the same shapes (classes, marks, external work, inflated schools).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``schools`` (this region only), ``students``, ``periods``, ``marks``
        and ``external``.
    """
    if n_schools is None:
        return _municipality(rng, None, 1)
    from ._region import region_plan
    parts = []
    first = 1
    for plan in region_plan(rng, n_schools):
        part = _municipality(rng, plan, first)
        first += len(part["students"])
        parts.append(part)
    out = {t: pd.concat([p[t] for p in parts], ignore_index=True)
           for t in ("schools", "students", "marks", "external")}
    for col in ("subject", "period"):
        out["marks"][col] = out["marks"][col].astype("str")
    out["periods"] = parts[0]["periods"]
    return out


def _municipality(rng: np.random.Generator, plan, first: int) -> dict[str, pd.DataFrame]:
    school_ids, schools, quality, inflation, template = _schools(rng, plan)
    students, st_school, st_grade, ability = _students(rng, school_ids, quality, template, first)
    n_students = len(students)
    n_schools, n_subj = len(school_ids), len(SUBJECTS)

    # students who moved in during the year: no journal marks before they came
    arrival = np.zeros(n_students, dtype=int)
    movers = (rng.random(n_students) < 0.012) & (st_grade >= 2)
    arrival[movers] = rng.integers(1, 4, movers.sum())

    # (student, subject) pairs and their latent achievement
    taught = st_grade[:, None] >= _FIRST_GRADE[None, :]
    p_stu, p_subj = np.nonzero(taught)
    n_pairs = len(p_stu)
    pair_of = np.full((n_students, n_subj), -1)
    pair_of[p_stu, p_subj] = np.arange(n_pairs)
    school_subject = rng.normal(0.0, 0.18, (n_schools, n_subj))
    leniency = inflation[:, None] + rng.normal(0.0, 0.12, (n_schools, n_subj))
    p_school = st_school[p_stu]
    z = (ability[p_stu] + _SUBJECT_EASE[p_subj] + _GRADE_EFFECT[st_grade[p_stu]]
         + school_subject[p_school, p_subj] + rng.normal(0.0, 0.45, n_pairs))
    trend = rng.normal(0.0, 0.08, n_pairs)
    exempt_p = np.where(p_subj == 3, 0.006, 0.0008)
    exempt = rng.random(n_pairs) < exempt_p

    # journal marks, one row per pair and quarter from the student's arrival on
    pair = np.repeat(np.arange(n_pairs), 4)
    quarter = np.tile(np.arange(4), n_pairs)
    keep = quarter >= arrival[p_stu[pair]]
    pair, quarter = pair[keep], quarter[keep]
    y = (z[pair] + leniency[p_school[pair], p_subj[pair]] + _QUARTER_EFFECT[quarter]
         + trend[pair] * (quarter - 1.5) + rng.normal(0.0, 0.33, len(pair)))
    mark = 1 + np.searchsorted(_JOURNAL_CUTS, y)
    p_na = np.where(mark <= 2, 0.12, 0.0015)
    na = rng.random(len(pair)) < p_na
    status = np.where(exempt[pair], "exempt", np.where(na, "na", ""))
    mark_col = pd.array(mark, dtype="Int64")
    mark_col[status != ""] = pd.NA
    marks = pd.DataFrame({
        "student_id": students["student_id"].to_numpy(dtype=object)[p_stu[pair]],
        "subject": np.asarray(SUBJECTS, dtype=object)[p_subj[pair]],
        "period": np.asarray([p[0] for p in PERIODS], dtype=object)[quarter],
        "mark": mark_col,
        "status": pd.array(np.where(status == "", None, status), dtype="str"),
    })

    quarter_start = np.array([np.datetime64(p[1], "D") for p in PERIODS])
    arrived_on = quarter_start[arrival]
    external = _external(rng, students, st_school, st_grade, pair_of, z, exempt,
                         arrived_on, n_schools)
    periods = pd.DataFrame({
        "period": [p[0] for p in PERIODS],
        "start": dates([p[1] for p in PERIODS]),
        "end": dates([p[2] for p in PERIODS]),
    })
    # names last, from the same stream: the draws before them (and so every mark) stay as they were
    students = pd.concat([students, russian_names(rng, students["gender"])], axis=1)
    return {"schools": schools, "students": students, "periods": periods,
            "marks": marks, "external": external}


def _external(rng, students, st_school, st_grade, pair_of, z, exempt, arrived_on,
              n_schools) -> pd.DataFrame:
    """Build the ``external`` table (ВПР, РДР, final essay)."""
    sid = students["student_id"].to_numpy(dtype=object)
    parts = []

    def writers(grade, subject, day, participation):
        """Pairs of the grade who sat the work on ``day`` (array per student)."""
        idx = np.nonzero(st_grade == grade)[0]
        pairs = pair_of[idx, subject]
        ok = (pairs >= 0) & (rng.random(len(idx)) < participation)
        ok &= ~exempt[np.maximum(pairs, 0)]
        ok &= arrived_on[idx] <= day
        return idx[ok], pairs[ok]

    school_offset = rng.integers(0, 3, n_schools)
    for grade, subject, max_score, cuts, first_day in _VPR:
        day = np.datetime64(first_day, "D")
        idx, pairs = writers(grade, subject, day + 2, 0.92)
        y = z[pairs] + rng.normal(0.0, 0.25, len(pairs))
        score = rng.binomial(max_score, _sigmoid(0.45 + 0.8 * y))
        mark = 2 + np.searchsorted(np.array(cuts), score, side="right")
        on = busday_shift(first_day, school_offset[st_school[idx]])
        keep = arrived_on[idx] <= on
        parts.append(pd.DataFrame({
            "student_id": sid[idx[keep]], "subject": SUBJECTS[subject],
            "procedure": "ВПР", "date": dates(on[keep]),
            "mark": pd.array(mark[keep], dtype="Int64"),
            "passed": _na(int(keep.sum()), "boolean"),
            "score": pd.array(score[keep], dtype="Int64"),
            "max_score": pd.array(np.full(keep.sum(), max_score), dtype="Int64"),
        }))

    for grade, subject, day in _RDR:
        idx, pairs = writers(grade, subject, np.datetime64(day, "D"), 0.95)
        y = z[pairs] + rng.normal(0.0, 0.45, len(pairs))
        mark = np.maximum(2, 1 + np.searchsorted(_EXTERNAL_CUTS, y))
        parts.append(pd.DataFrame({
            "student_id": sid[idx], "subject": SUBJECTS[subject], "procedure": "РДР",
            "date": dates(np.full(len(idx), day)),
            "mark": pd.array(mark, dtype="Int64"), "passed": _na(len(idx), "boolean"),
            "score": _na(len(idx), "Int64"), "max_score": _na(len(idx), "Int64"),
        }))

    # final essay (итоговое сочинение): pass/fail, a retake in February
    idx, pairs = writers(11, _RUS, np.datetime64(_ESSAY_DATE, "D"), 0.99)
    y = z[pairs] + rng.normal(0.0, 0.45, len(pairs))
    passed = rng.random(len(idx)) < _sigmoid(3.6 + 1.5 * y)
    retake = idx[~passed]
    passed_again = rng.random(len(retake)) < 0.85
    for who, ok, day in ((idx, passed, _ESSAY_DATE), (retake, passed_again, _ESSAY_RETAKE)):
        parts.append(pd.DataFrame({
            "student_id": sid[who], "subject": SUBJECTS[_RUS],
            "procedure": "Итоговое сочинение", "date": dates(np.full(len(who), day)),
            "mark": _na(len(who), "Int64"), "passed": pd.array(ok, dtype="boolean"),
            "score": _na(len(who), "Int64"), "max_score": _na(len(who), "Int64"),
        }))

    external = pd.concat(parts, ignore_index=True)
    for col in ("student_id", "subject", "procedure"):
        external[col] = external[col].astype("str")
    return external


def sample(ctx) -> dict[str, pd.DataFrame]:
    """This domain's part of the sample district (``Domain.sample``), from its own stream.

    A region of ``ctx.scale`` general schools when the sample is scaled
    (``evalnb sample --scale N``).
    """
    return generate(ctx.rng, getattr(ctx, "scale", None))


def __getattr__(name):  # the region's plan lives in ._region (imported when a region is made)
    if name in ("region_plan", "REGION_MUNICIPALITIES"):
        from . import _region

        return getattr(_region, name)
    raise AttributeError(name)
