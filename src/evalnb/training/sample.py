"""The English-speaking county of the sample: teachers' continuing education.

Schools (secondary — kind ``general`` —, primary and kindergartens), their
teachers, forty courses over the school years 2023-2024 and 2024-2025 and the
enrollments with attendance, lateness, written test and discipline.

Online video courses are open to every teacher and have large cohorts (a
county platform); face-to-face courses have 15–60 trainees and are aimed at a
kind of school. Each teacher's number of online courses per year follows a
personal propensity, so that roughly two thirds of the teachers meet the
annual requirement (at least 3 online courses and 8 online credits; at least
20 face-to-face hours for kindergarten teachers). A region is made of such counties.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.sampling import dates
from .sample_region import county_names, school_names

__all__ = ["generate", "MUNICIPALITY", "SCHOOL_YEARS"]

MUNICIPALITY = "Northbrook County"
SCHOOL_YEARS = ("2023-2024", "2024-2025")

_SCHOOLS = (
    ("Hillcrest Secondary School", "general"), ("Northbrook High School", "general"),
    ("St Anne's Secondary School", "general"), ("Meadowbank Academy", "general"),
    ("Kingsway Secondary School", "general"), ("Ashford Grange Secondary School", "general"),
    ("Valley View High School", "general"),
    ("Riverside Primary School", "primary"), ("Oakfield Primary School", "primary"),
    ("Millbrook Primary School", "primary"), ("St Mary's Primary School", "primary"),
    ("Beech Lane Primary School", "primary"), ("Greenhill Primary School", "primary"),
    ("Westgate Primary School", "primary"), ("Foxwood Primary School", "primary"),
    ("Elmstead Primary School", "primary"), ("Church Lane Primary School", "primary"),
    ("Thornbury Primary School", "primary"), ("Larkspur Primary School", "primary"),
    ("Oakfield Kindergarten", "kindergarten"), ("Little Acorns Kindergarten", "kindergarten"),
    ("Sunflower Kindergarten", "kindergarten"),
    ("Northbrook County Experimental Kindergarten", "kindergarten"),
    ("Rainbow Kindergarten", "kindergarten"), ("Willow Tree Kindergarten", "kindergarten"),
)
_STAFF = {"general": (33, 48), "primary": (16, 27), "kindergarten": (6, 11)}
_TEACHER_KIND = {"general": "secondary", "primary": "primary", "kindergarten": "kindergarten"}

_FIRST = (
    "Alice", "Amelia", "Andrew", "Anna", "Ben", "Catherine", "Charlotte", "Chloe", "Daniel",
    "David", "Eleanor", "Emily", "Emma", "Fiona", "George", "Grace", "Hannah", "Harry",
    "Helen", "Isabel", "Jack", "James", "Jane", "Jessica", "John", "Joseph", "Julia",
    "Karen", "Kate", "Laura", "Lucy", "Mark", "Martin", "Mary", "Matthew", "Megan",
    "Michael", "Natalie", "Nicola", "Oliver", "Paul", "Peter", "Rachel", "Rebecca",
    "Richard", "Robert", "Ruth", "Samuel", "Sarah", "Sophie", "Stephen", "Susan", "Thomas",
    "Victoria", "William", "Zoe", "Aisha", "Priya", "Omar", "Mohammed", "Sean", "Niamh",
)
_LAST = (
    "Adams", "Allen", "Bailey", "Baker", "Barnes", "Bell", "Bennett", "Brooks", "Brown",
    "Butler", "Campbell", "Carter", "Clarke", "Collins", "Cook", "Cooper", "Davies", "Dixon",
    "Edwards", "Ellis", "Evans", "Fisher", "Foster", "Graham", "Gray", "Green", "Hall",
    "Harris", "Harrison", "Hill", "Holmes", "Hughes", "Hunt", "Jackson", "James", "Jenkins",
    "Johnson", "Jones", "Kelly", "Khan", "King", "Lee", "Lewis", "Marshall", "Martin",
    "Mason", "Matthews", "Mills", "Mitchell", "Moore", "Morgan", "Morris", "Murphy",
    "Murray", "O'Brien", "Owen", "Palmer", "Parker", "Patel", "Phillips", "Powell", "Price",
    "Reid", "Richards", "Roberts", "Robinson", "Rogers", "Russell", "Scott", "Shaw",
    "Simpson", "Smith", "Stevens", "Taylor", "Thomas", "Thompson", "Turner", "Walker",
    "Ward", "Watson", "White", "Wilson", "Wood", "Wright", "Young",
)

# title, level, mode, sessions, hours, credits, start, end, audience
# audience: teacher kind, "all", or "new" (teachers in their first years)
_COURSES = (
    # school year 2023-2024 (courses ending 2023-09-01 … 2024-08-31)
    ("Safeguarding and Child Protection Update 2023", "national", "online", 4, 6, 2,
     "2023-09-11", "2023-10-22", "all"),
    ("Formative Assessment in Everyday Teaching", "provincial", "online", 6, 10, 3,
     "2023-10-02", "2023-11-26", "all"),
    ("Digital Tools for the Classroom", "county", "online", 5, 8, 2,
     "2023-11-06", "2023-12-17", "all"),
    ("Supporting Pupils with Special Educational Needs", "national", "online", 8, 12, 4,
     "2024-01-08", "2024-03-03", "all"),
    ("Mental Health and Wellbeing in Schools", "provincial", "online", 4, 6, 2,
     "2024-02-05", "2024-03-17", "all"),
    ("Reading for Pleasure: Building a Reading Culture", "county", "online", 3, 5, 1,
     "2024-03-04", "2024-03-31", "all"),
    ("Classroom Behaviour Management", "national", "online", 6, 9, 3,
     "2024-04-08", "2024-05-26", "all"),
    ("Teaching Mathematics for Mastery", "provincial", "online", 6, 10, 3,
     "2024-04-15", "2024-06-09", "all"),
    ("Data Protection and Online Safety", "county", "online", 2, 3, 1,
     "2024-06-03", "2024-06-23", "all"),
    ("Planning the New School Year", "county", "online", 4, 6, 2,
     "2024-07-22", "2024-08-31", "all"),
    ("New Teachers' Induction Programme 2023", "county", "face_to_face", 10, 30, 3,
     "2023-09-13", "2023-11-15", "new"),
    ("Early Years Play-Based Learning", "county", "face_to_face", 8, 24, 2,
     "2023-10-07", "2023-11-25", "kindergarten"),
    ("Phonics and Early Reading", "municipal", "face_to_face", 6, 15, 2,
     "2023-11-08", "2023-12-13", "primary"),
    ("Subject Leadership in Secondary Schools", "provincial", "face_to_face", 5, 15, 2,
     "2024-01-17", "2024-02-14", "secondary"),
    ("Science Practical Skills Workshop", "county", "face_to_face", 4, 12, 1,
     "2024-03-06", "2024-03-27", "secondary"),
    ("Outdoor Learning in the Early Years", "county", "face_to_face", 6, 12, 1,
     "2024-04-13", "2024-05-18", "kindergarten"),
    ("Teaching Writing in Primary School", "school", "face_to_face", 9, 18, 2,
     "2024-04-10", "2024-06-05", "primary"),
    ("Pastoral Care Forum for Class Teachers", "school", "face_to_face", 3, 6, 1,
     "2024-05-15", "2024-05-29", "all"),
    ("Summer Institute: Early Childhood Education", "national", "face_to_face", 5, 25, 3,
     "2024-08-12", "2024-08-16", "kindergarten"),
    ("Summer Institute: Literacy Across the Curriculum", "provincial", "face_to_face", 6, 30, 3,
     "2024-08-26", "2024-08-31", "all"),
    # school year 2024-2025 (courses ending 2024-09-01 … 2025-08-31)
    ("Online Safeguarding Refresher 2024", "county", "online", 3, 4, 1,
     "2024-08-19", "2024-09-01", "all"),
    ("Assessment for Learning: Feedback That Works", "national", "online", 6, 10, 3,
     "2024-09-16", "2024-11-03", "all"),
    ("Inclusive Classrooms", "provincial", "online", 5, 8, 2,
     "2024-10-07", "2024-11-24", "all"),
    ("Artificial Intelligence in Teaching", "national", "online", 6, 10, 3,
     "2024-11-04", "2024-12-22", "all"),
    ("Supporting English Language Learners", "county", "online", 4, 6, 2,
     "2025-01-06", "2025-02-16", "all"),
    ("Mental Health First Aid for Teachers", "provincial", "online", 4, 6, 2,
     "2025-02-03", "2025-03-16", "all"),
    ("Questioning and Classroom Dialogue", "county", "online", 3, 5, 1,
     "2025-02-24", "2025-03-30", "all"),
    ("Curriculum Design and Sequencing", "national", "online", 8, 12, 4,
     "2025-03-03", "2025-04-27", "all"),
    ("Teaching Pupils with Dyslexia", "provincial", "online", 5, 8, 2,
     "2025-04-14", "2025-05-25", "all"),
    ("Reflective Practice and Lesson Study", "county", "online", 4, 6, 2,
     "2025-05-12", "2025-06-22", "all"),
    ("New Teachers' Induction Programme 2024", "county", "face_to_face", 10, 30, 3,
     "2024-09-11", "2024-11-13", "new"),
    ("Early Years Observation and Assessment", "county", "face_to_face", 8, 24, 2,
     "2024-09-28", "2024-11-16", "kindergarten"),
    ("Mathematics Mastery in Primary", "municipal", "face_to_face", 6, 15, 2,
     "2024-10-09", "2024-11-13", "primary"),
    ("Exam Preparation and Moderation", "provincial", "face_to_face", 5, 15, 2,
     "2025-01-15", "2025-02-12", "secondary"),
    ("Middle Leaders Programme", "provincial", "face_to_face", 12, 36, 4,
     "2025-01-08", "2025-03-26", "secondary"),
    ("Behaviour and Attendance Strategies", "county", "face_to_face", 3, 9, 1,
     "2025-03-05", "2025-03-19", "all"),
    ("Early Years Music and Movement", "county", "face_to_face", 6, 12, 1,
     "2025-02-15", "2025-03-22", "kindergarten"),
    ("Science Enquiry in Primary School", "school", "face_to_face", 9, 18, 2,
     "2025-03-12", "2025-05-07", "primary"),
    ("Summer Institute: Assessment and Feedback", "provincial", "face_to_face", 6, 30, 3,
     "2025-07-07", "2025-07-12", "all"),
    ("Play-Based Learning Summer School", "national", "face_to_face", 5, 20, 2,
     "2025-07-21", "2025-07-25", "kindergarten"),
)
# share of the eligible teachers who attend a face-to-face course, by audience
_F2F_TAKE_UP = {"kindergarten": 0.62, "primary": 0.15, "secondary": 0.12, "all": 0.07,
                "new": 0.9}
_MIN_SIZE, _MAX_SIZE = 15, 60


def _teachers(rng: np.random.Generator, school_ids, school_kinds, first=1, width=4, county=0):
    kinds, schools = [], []
    for sid, kind in zip(school_ids, school_kinds):
        low, high = _STAFF[kind]
        n = int(rng.integers(low, high))
        kinds += [_TEACHER_KIND[kind]] * n
        schools += [sid] * n
    n = len(kinds)
    combo = rng.choice(len(_FIRST) * len(_LAST), size=n, replace=False)
    names = [f"{_FIRST[c // len(_LAST)]} {_LAST[c % len(_LAST)]}" for c in combo]
    age = np.clip(np.round(rng.normal(43, 10, n)), 24, 64).astype(int)  # age in 2024
    frame = pd.DataFrame({
        "teacher_id": [f"T{i:0{width}d}" for i in range(first, first + n)],
        "school_id": schools,
        "name": names,
        "kind": kinds,
        "birth_year": (2024 - age).astype("int64"),
    }).astype({"teacher_id": "str", "school_id": "str", "name": "str", "kind": "str"})
    frame["subject"], frame["exam_result"] = _subjects_and_exams(np.array(kinds), age, county)
    return frame, np.array(kinds), age


_PRIMARY_SUBJECTS = (("chinese", 0.34), ("mathematics", 0.28), ("english", 0.12), ("science", 0.06),
                     ("physical_education", 0.07), ("music", 0.06), ("fine_arts", 0.07))
_SECONDARY_SUBJECTS = (("chinese", 0.15), ("mathematics", 0.15), ("english", 0.13), ("physics", 0.08),
                       ("chemistry", 0.06), ("morality_and_law", 0.07), ("history", 0.07),
                       ("biology", 0.07), ("geography", 0.06), ("physical_education", 0.07),
                       ("music", 0.03), ("information_technology", 0.06))


def _subjects_and_exams(kinds: np.ndarray, age: np.ndarray, county: int = 0):
    """Subject taught and last result of the teachers' examination (key work (A), item 9).

    Drawn from a generator of their own (one per county of a region), so the
    draws of the other tables stay as they were.
    """
    rng = np.random.default_rng(2024_09 if county == 0 else (2024_09, county))
    subject = np.full(len(kinds), None, dtype=object)
    for kind, table in (("primary", _PRIMARY_SUBJECTS), ("secondary", _SECONDARY_SUBJECTS)):
        idx = np.flatnonzero(kinds == kind)
        names, p = zip(*table)
        subject[idx] = rng.choice(names, size=len(idx), p=np.array(p) / sum(p))
    # younger teachers: about half passed, a sixth failed, the rest never sat; older ones mostly never sat
    u = rng.random(len(kinds))
    young = age < 40
    result = np.where(young & (u < 0.5), "passed", np.where(young & (u < 0.67), "failed",
                      np.where(~young & (u < 0.3), "passed", None)))
    result = np.where(np.isin(kinds, ("primary", "secondary")), result, None).astype(object)
    return pd.Series(subject, dtype="object"), pd.Series(result, dtype="object")


def _courses(first: int = 1, width: int = 3) -> pd.DataFrame:
    c = _COURSES
    return pd.DataFrame({
        "course_id": [f"C{i:0{width}d}" for i in range(first, first + len(c))],
        "title": [x[0] for x in c],
        "level": [x[1] for x in c],
        "mode": [x[2] for x in c],
        "sessions": np.array([x[3] for x in c], dtype="int64"),
        "hours": np.array([x[4] for x in c], dtype="int64"),
        "credits": np.array([x[5] for x in c], dtype="int64"),
        "start": dates([x[6] for x in c]),
        "end": dates([x[7] for x in c]),
    }).astype({"course_id": "str", "title": "str", "level": "str", "mode": "str"})


def _school_year(end: str) -> int:
    """0 for 2023-2024, 1 for 2024-2025 (school years end on 31 August)."""
    return 0 if end <= "2024-08-31" else 1


def _assign(rng, kinds, age) -> tuple[np.ndarray, np.ndarray]:
    """(course index, teacher index) of every enrollment."""
    n = len(kinds)
    online = [i for i, c in enumerate(_COURSES) if c[2] == "online"]
    course_idx, teacher_idx = [], []
    # online: a personal propensity, stable across the two years
    propensity = rng.normal(0.0, 1.0, n) - 0.015 * (age - 43)
    for year in (0, 1):
        pool = np.array([i for i in online if _school_year(_COURSES[i][7]) == year])
        popularity = rng.gamma(10.0, 1.0, len(pool))
        want = np.clip(np.round(4.7 + 1.2 * propensity + rng.normal(0, 0.7, n)), 0,
                       len(pool)).astype(int)
        # weighted choice without replacement: Gumbel top-k, one row per teacher
        keys = np.log(popularity)[None, :] + rng.gumbel(size=(n, len(pool)))
        rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
        t, j = np.nonzero(rank < want[:, None])
        course_idx.append(pool[j])
        teacher_idx.append(t)
    # face to face: by audience, 15–60 trainees
    for i, c in enumerate(_COURSES):
        if c[2] != "face_to_face":
            continue
        audience = c[8]
        if audience == "all":
            eligible = np.arange(n)
        elif audience == "new":
            eligible = np.nonzero(age <= 27)[0]
        else:
            eligible = np.nonzero(kinds == audience)[0]
        take = eligible[rng.random(len(eligible)) < _F2F_TAKE_UP[audience]]
        if len(take) > _MAX_SIZE:
            take = np.sort(rng.choice(take, _MAX_SIZE, replace=False))
        elif len(take) < _MIN_SIZE:
            rest = np.setdiff1d(eligible if len(eligible) >= _MIN_SIZE else np.arange(n), take)
            take = np.sort(np.concatenate([take, rng.choice(rest, _MIN_SIZE - len(take),
                                                            replace=False)]))
        course_idx.append(np.full(len(take), i))
        teacher_idx.append(take)
    course_idx = np.concatenate(course_idx)
    teacher_idx = np.concatenate(teacher_idx)
    order = np.lexsort((teacher_idx, course_idx))
    return course_idx[order], teacher_idx[order]


def _results(rng, course_idx, teacher_idx, n_teachers) -> pd.DataFrame:
    """Absences, lateness, written test and discipline of every enrollment."""
    m = len(course_idx)
    sessions = np.array([c[3] for c in _COURSES])[course_idx]
    online = np.array([c[2] == "online" for c in _COURSES])[course_idx]
    chronic = rng.random(n_teachers) < 0.05  # often absent
    tardy = rng.random(n_teachers) < 0.04  # often late or leaves early
    skill = rng.normal(0.0, 1.0, n_teachers)

    # face to face: a few absences for most, a third or more for the chronic
    p_abs = np.where(chronic[teacher_idx], rng.uniform(0.3, 0.6, m), rng.beta(1.0, 20.0, m))
    absences = rng.binomial(sessions, p_abs)
    late = np.where(tardy[teacher_idx], rng.poisson(5.5, m), rng.poisson(0.5, m))
    # online: most watch every module, some stop part-way, a few drop out early
    u = rng.random(m)
    dropped = online & (u < 0.04 + 0.25 * chronic[teacher_idx])
    partial = online & ~dropped & (u < 0.12)
    online_abs = np.where(dropped, sessions - rng.integers(0, np.maximum(sessions // 2, 1) + 1),
                          np.where(partial, rng.binomial(sessions, 0.25), 0))
    absences = np.where(online, online_abs, absences)
    late = np.where(online, (rng.random(m) < 0.05).astype(int), late)

    score = np.clip(np.round(rng.normal(76.0, 9.0, m) + 5.0 * skill[teacher_idx]
                             - 12.0 * absences / sessions), 0, 100).astype(int)
    no_test = dropped | (rng.random(m) < np.where(chronic[teacher_idx], 0.25, 0.02))
    discipline = np.clip(15 - late - rng.binomial(3, 0.15, m) - (absences > sessions / 3) * 2,
                         0, 15)
    discipline = np.where(online, np.clip(15 - rng.binomial(2, 0.1, m), 0, 15), discipline)

    # exact boundary cases of the qualification rules
    f2f3 = np.nonzero(~online & (sessions % 3 == 0) & ~no_test)[0]
    picks = rng.choice(f2f3, 4, replace=False)
    absences[picks[:2]] = sessions[picks[:2]] // 3  # exactly a third: unqualified
    absences[picks[2]] = sessions[picks[2]] // 3 - 1  # just under a third
    f2f = np.nonzero(~online & ~no_test & (absences == 0))[0]
    edge = rng.choice(np.setdiff1d(f2f, picks), 3, replace=False)
    late[edge[0]] = 5  # the most that is still allowed
    late[edge[1]] = 6
    score[edge[2]], discipline[edge[2]], late[edge[2]] = 50, 10, 2  # total exactly 60
    score[picks[3]], absences[picks[3]], discipline[picks[3]] = 49, 0, 10  # total 59.3

    written = pd.array(score, dtype="Int64")
    written[no_test] = pd.NA
    return pd.DataFrame({
        "absences": absences.astype("int64"),
        "late_or_early": late.astype("int64"),
        "written_score": written,
        "discipline_score": discipline.astype("int64"),
    })


def _county(rng, ids, kinds, first_teacher, teacher_width, first_course, course_width, county):
    """Teachers, courses and enrollments of one county, in the sample's order of draws."""
    teachers, teacher_kinds, age = _teachers(rng, ids, kinds, first_teacher, teacher_width, county)
    courses = _courses(first_course, course_width)
    course_idx, teacher_idx = _assign(rng, teacher_kinds, age)
    results = _results(rng, course_idx, teacher_idx, len(teachers))
    enrollments = pd.concat([pd.DataFrame({
        "course_id": courses["course_id"].to_numpy(dtype=object)[course_idx],
        "teacher_id": teachers["teacher_id"].to_numpy(dtype=object)[teacher_idx],
    }).astype("str"), results], axis=1)
    return teachers, courses, enrollments


def generate(rng: np.random.Generator, n_counties: int | None = None) -> dict[str, pd.DataFrame]:
    """Generate the English-speaking county, or a region of such counties.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n_counties : int, optional
        A region of this many counties, each with the sample county's schools
        by kind, its own teachers and its own run of the forty courses (see
        :mod:`evalnb.training.sample_region`); the first is the sample's
        county, drawn as in the sample. None: the sample.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``schools`` (this region only), ``teachers``, ``courses`` and
        ``enrollments``.
    """
    n = 1 if n_counties is None else int(n_counties)
    if n < 1:
        raise ValueError("a region has at least one county")
    counties = county_names(n)
    kinds = [s[1] for s in _SCHOOLS]
    per = len(_SCHOOLS)
    school_width = max(3, len(str(per * n)))
    most = sum(_STAFF[k][1] - 1 for k in kinds)  # the most teachers a county can have
    teacher_width = max(4, len(str(most * n)))
    course_width = max(3, len(str(len(_COURSES) * n)))
    schools, teachers, courses, enrollments = [], [], [], []
    next_teacher = 1
    for c, county in enumerate(counties):
        ids = [f"EN{c * per + i + 1:0{school_width}d}" for i in range(per)]
        names = [s[0] for s in _SCHOOLS] if c == 0 else school_names(rng.spawn(1)[0], kinds, county)
        schools.append(pd.DataFrame({"school_id": ids, "name": names, "municipality": county,
                                     "kind": kinds, "language": "en"}).astype("str"))
        t, co, e = _county(rng, ids, kinds, next_teacher, teacher_width,
                           c * len(_COURSES) + 1, course_width, c)
        next_teacher += len(t)
        teachers.append(t)
        courses.append(co)
        enrollments.append(e)

    def stack(frames):
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    return {"schools": stack(schools), "teachers": stack(teachers), "courses": stack(courses),
            "enrollments": stack(enrollments)}


def sample(ctx) -> dict[str, pd.DataFrame]:
    """This domain's part of the sample district (``Domain.sample``), from its own stream.

    With ``ctx.scale`` (``evalnb sample --scale N``), a region of ``round(N / 20)``
    counties (at least one) of 25 schools each.
    """
    scale = getattr(ctx, "scale", None)
    if scale is None:
        return generate(ctx.rng)
    return generate(ctx.rng, max(1, round(scale / 20)))
