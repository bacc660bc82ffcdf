"""The community domain's part of the sample district: a Chinese county (青山县).

Six schools (``CNC001`` … ``CNC006``: four primary schools and two middle
schools, language ``zh``); a roster by village for each (names in Chinese,
guardians with siblings, family status, ability, host households, friends and
pairs to keep apart), with one hamlet too small for a group and one school
without coordinates; guiding teachers with villages (``CNC006`` has too few for
its groups); the groups ``form_groups`` makes and the teachers
``assign_teachers`` gives them; the activities of the autumn term 2024-2025; a
teachers' growth community at ``CNC005``; and an alliance of five schools
(``CNC001`` the core school) with staff counts, exchanges, events and
self-inspection reports over the school years 2022-2023 to 2024-2025.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
GIVEN = list("子涵浩宇欣怡梓轩雨桐一诺佳琪思远文博嘉豪俊杰晨曦明轩语嫣可馨天佑若汐锦程书瑶")
PARENT = list("建国秀英志强丽华红梅德明淑芬海涛玉兰春生桂香永刚凤霞")
FAMILY = ["双亲在家", "父母外出务工", "留守儿童(祖辈监护)", "单亲家庭", "双亲在家", "双亲在家"]
COUNTY = "青山县"
SCHOOLS = [  # id, name, kind, villages (name, students, centre) or None for coordinates
    ("CNC001", "青山县墨埠小学", "primary", [("墨埠村", 22), ("东庄村", 14), ("西沟村", 9)], True),
    ("CNC002", "青山县石湾子联小", "primary", [("石湾子村", 18), ("南岭村", 12), ("后洼村", 3)], True),
    ("CNC003", "青山县赵戈小学", "primary", [("赵戈村", 20), ("邢戈村", 10)], True),
    ("CNC004", "青山县双沟头小学", "primary", [("双沟头村", 16), ("河湾社区", 11)], False),
    ("CNC005", "青山县里辛第一中学", "general", [("里辛社区", 26), ("北坡村", 13)], True),
    ("CNC006", "青山县邵原第二中学", "general", [("邵原村", 17), ("上岭村", 9), ("下岭村", 8)], True),
]
TEACHERS_PER_SCHOOL = {"CNC001": 3, "CNC002": 3, "CNC003": 2, "CNC004": 2, "CNC005": 3, "CNC006": 1}
ALLIANCE = ("ZG-联盟", ["CNC003", "CNC001", "CNC002", "CNC004", "CNC006"])
YEARS = ("2022-2023", "2023-2024", "2024-2025")
TERM = ("2024-09-01", "2025-01-31")
TITLES = {
    "intellectual": ["学习方法交流", "学习习惯培养", "预习活动", "复习活动", "亲子共读活动"],
    "moral": ["文明礼仪宣传", "走进社区敬老院", "瞻仰革命烈士纪念碑", "观看爱国主义影片"],
    "practice": ["走近莱钢课程", "营养与健康课程", "远足课程"],
}


def _name(rng, surname=None, pool=GIVEN) -> str:
    s = surname or SURNAMES[rng.integers(len(SURNAMES))]
    return s + "".join(pool[i] for i in rng.integers(len(pool), size=int(rng.integers(1, 3))))


def _schools() -> pd.DataFrame:
    return pd.DataFrame({"school_id": [s[0] for s in SCHOOLS], "name": [s[1] for s in SCHOOLS],
                         "municipality": COUNTY, "kind": [s[2] for s in SCHOOLS], "language": "zh"})


def _roster(rng) -> pd.DataFrame:
    rows = []
    used: set = set()
    for school, _name_, kind, villages, coords in SCHOOLS:
        grades = (1, 6) if kind == "primary" else (7, 9)
        for v, (village, n) in enumerate(villages):
            centre = rng.uniform(0, 6000, 2)
            i = 0
            while i < n:
                kids = min(n - i, int(rng.choice([1, 1, 1, 1, 1, 1, 1, 2, 2, 3])))
                surname = SURNAMES[rng.integers(len(SURNAMES))]
                guardian = _name(rng, surname, PARENT)
                while (school, guardian) in used:  # one guardian, one household
                    guardian = _name(rng, surname, PARENT)
                used.add((school, guardian))
                home = centre + rng.normal(0, 250, 2)
                host = bool(rng.random() < 0.45)
                status = FAMILY[rng.integers(len(FAMILY))]
                for _ in range(kids):
                    sid = f"{school}-{v + 1}{i + 1:02d}"
                    grade = int(rng.integers(grades[0], grades[1] + 1))
                    rows.append({
                        "student_id": sid, "school_id": school, "grade": grade,
                        "class_label": f"{grade}({int(rng.integers(1, 3))})班", "name": _name(rng, surname),
                        "gender": "mf"[int(rng.integers(2))], "village": village,
                        "address": f"{village}{int(rng.integers(1, 120))}号",
                        "x": int(round(float(home[0]))) if coords else None,
                        "y": int(round(float(home[1]))) if coords else None,
                        "guardian": guardian, "family_status": status,
                        "ability": int(rng.integers(1, 6)) if rng.random() > 0.05 else None,
                        "host_available": host and status != "父母外出务工",
                        "leader_candidate": bool(rng.random() < 0.15),
                        "volunteer": bool(rng.random() > 0.06), "friends": "", "avoid": ""})
                    i += 1
    df = pd.DataFrame(rows)
    for col in ("x", "y", "ability"):
        df[col] = df[col].astype("Int64")
    for _unit, ix in df.groupby(["school_id", "village"]).indices.items():
        ids = df["student_id"].to_numpy()[ix]
        for a in ix:
            others = [s for s in ids if s != df.at[a, "student_id"]]
            if others and rng.random() < 0.3:
                df.at[a, "friends"] = ";".join(sorted(rng.choice(others, size=min(2, len(others)),
                                                                 replace=False)))
            if others and rng.random() < 0.06:
                df.at[a, "avoid"] = str(rng.choice(others))
    return df


def _teachers(rng, students) -> pd.DataFrame:
    rows = []
    for school, *_ in SCHOOLS:
        st = students[students["school_id"] == school]
        villages = sorted(st["village"].unique())
        for t in range(TEACHERS_PER_SCHOOL[school]):
            village = villages[t % len(villages)]
            home = st.loc[st["village"] == village, ["x", "y"]].mean()
            rows.append({"teacher_id": f"{school}-T{t + 1:02d}", "school_id": school,
                         "name": _name(rng) + "老师", "village": village,
                         "x": None if pd.isna(home["x"]) else int(round(float(home["x"]) + 150)),
                         "y": None if pd.isna(home["y"]) else int(round(float(home["y"])))})
    out = pd.DataFrame(rows)
    return out.astype({"x": "Int64", "y": "Int64"})


def _weekends(start, end) -> pd.DatetimeIndex:
    days = pd.date_range(start, end, freq="D")
    return days[days.day_of_week >= 5]


def _activities(rng, members, students) -> pd.DataFrame:
    guardian = students.set_index("student_id")["guardian"]
    days = _weekends(*TERM)
    rows = []
    for g, (gid, mem) in enumerate(members.groupby("group_id", sort=True)):
        ids = sorted(mem["student_id"])
        leader = mem.loc[mem["role"] == "leader", "student_id"].iloc[0]
        n = int(rng.integers(5, 17))
        for a, day in enumerate(sorted(rng.choice(days, size=n, replace=False))):
            kind = ("intellectual", "moral", "practice")[int(rng.choice(3, p=[0.5, 0.3, 0.2]))]
            present = [s for s in ids if rng.random() < 0.82]
            duty = sorted({guardian[s] for s in present if rng.random() < 0.3})[:2]
            if not duty and rng.random() < 0.8 and present:
                duty = [guardian[present[0]]]
            rows.append({
                "activity_id": f"A{g + 1:03d}-{a + 1:02d}", "group_id": gid,
                "date": pd.Timestamp(day).date().isoformat(), "kind": kind,
                "subtype": "安全教育" if rng.random() < 0.12 else None,
                "title": str(rng.choice(TITLES[kind])), "hours": int(rng.choice([1, 2, 2, 3])),
                "place": "组长家" if kind == "intellectual" else "村活动室", "present": ";".join(present),
                "duty_parents": ";".join(duty), "recorded_by": leader if rng.random() > 0.07 else None,
                "notes": None})
    return pd.DataFrame(rows).astype({"hours": "Int64"})


def _growth(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    members = pd.DataFrame([{"teacher_id": f"CNC005-G{i + 1:02d}", "school_id": "CNC005",
                             "name": _name(rng) + "老师", "years_of_service": int(rng.integers(1, 12)),
                             "mentor_id": "CNC005-G01" if i else None} for i in range(8)])
    first, last = pd.Timestamp(TERM[0]), pd.Timestamp(TERM[1])
    weeks = pd.date_range(first - pd.Timedelta(days=first.day_of_week), last, freq="W-MON")
    rows = []
    for i, t in enumerate(members["teacher_id"]):
        diligence = 1.0 if i < 3 else 0.9
        if i != 5:
            rows.append({"teacher_id": t, "date": "2024-09-10", "kind": "book",
                         "title": "《给教师的建议》", "evidence": "读书笔记"})
        for w in weeks:
            for kind, day in (("forum", 1), ("annotation", 2), ("lesson_prep", 3), ("exam_paper", 4)):
                when = min(max(w + pd.Timedelta(days=day), first), last)
                if rng.random() < diligence:
                    rows.append({"teacher_id": t, "date": when.date().isoformat(),
                                 "kind": kind, "title": f"{kind} {w.date()}", "evidence": None})
        rows.append({"teacher_id": t, "date": "2024-12-20", "kind": "reflection", "title": "教学反思",
                     "evidence": "博客"})
    return members, pd.DataFrame(rows)


def _alliance(rng):
    aid, schools = ALLIANCE
    am = pd.DataFrame({"alliance_id": aid, "school_id": schools,
                       "role": ["core"] + ["member"] * (len(schools) - 1)})
    staff, ex, events, reports = [], [], [], []
    base = {s: (int(rng.integers(4, 9)), int(rng.integers(35, 110))) for s in schools}
    pid = 0
    for y, year in enumerate(YEARS):
        first = int(year[:4])
        for s in schools:
            cadres, teachers = base[s][0], base[s][1] + y * int(rng.integers(-2, 4))
            staff.append({"school_id": s, "year": year, "cadres": cadres, "teachers": teachers})
            need = -(-3 * (cadres + teachers) // 100)
            sent = need + int(rng.choice([-1, 0, 0, 1]))
            for k in range(max(sent, 0)):
                pid += 1
                role = "cadre" if k == 0 and rng.random() < 0.4 else "teacher"
                to = str(rng.choice([o for o in schools if o != s]))
                terms = int(rng.choice([1, 2, 2]))
                ex.append({"person_id": f"P{pid:03d}", "name": _name(rng), "role": role, "from_school": s,
                           "to_school": to, "year": year, "terms": terms,
                           "backbone": bool(rng.random() < 0.82),
                           "start": f"{first}-09-01", "end": f"{first + 1}-01-31" if terms == 1
                           else f"{first + 1}-07-15"})
        for m in pd.date_range(f"{first}-09-01", f"{first + 1}-08-01", freq="MS"):
            if not (year == YEARS[-1] and m.month == 7):
                events.append({"alliance_id": aid, "date": (m + pd.Timedelta(days=9)).date().isoformat(),
                               "kind": "monthly_meeting", "school_id": schools[m.month % len(schools)],
                               "title": f"{m.month}月联盟例会"})
        for term_start in (f"{first}-10-15", f"{first + 1}-04-15"):
            t0 = pd.Timestamp(term_start)
            kinds = ["training_research", "class_meeting_observation", "outreach", "friendship",
                     "mutual_aid", "showcase"]
            if year == YEARS[1] and t0.month == 4:
                kinds.remove("showcase")
            for j, kind in enumerate(kinds):
                events.append({"alliance_id": aid, "date": (t0 + pd.Timedelta(days=7 * j)).date().isoformat(),
                               "kind": kind, "school_id": schools[j % len(schools)], "title": kind})
            for j, s in enumerate(schools[1:]):
                if not (year == YEARS[2] and s == "CNC006"):
                    events.append({"alliance_id": aid,
                                   "date": (t0 + pd.Timedelta(days=50 + j)).date().isoformat(),
                                   "kind": "publicity_visit", "school_id": s, "title": "参加家长会"})
        if y == 0:
            events.append({"alliance_id": aid, "date": f"{first}-12-20", "kind": "large_event",
                           "school_id": schools[0], "title": "联盟大型活动"})
    for year in (2023, 2024, 2025):
        for half, due in (("H1", f"{year}-06-30"), ("H2", f"{year}-12-31")):
            if f"{year}-{half}" > "2025-H1":
                continue
            for s in schools:
                late = rng.random() < 0.1
                if rng.random() < 0.06:
                    continue
                day = pd.Timestamp(due) + pd.Timedelta(days=int(rng.integers(3, 15)) if late
                                                       else -int(rng.integers(0, 10)))
                reports.append({"alliance_id": aid, "school_id": s, "period": f"{year}-{half}",
                                "submitted": day.date().isoformat()})
    return am, pd.DataFrame(staff), pd.DataFrame(ex), pd.DataFrame(events), pd.DataFrame(reports)


def sample(ctx) -> dict[str, pd.DataFrame]:
    """The community tables of the sample district (deterministic for ``ctx.rng``)."""
    from .grouping import form_groups
    from .teachers import assign_teachers

    rng = ctx.rng
    students = _roster(rng)
    teachers = _teachers(rng, students)
    grouping = form_groups(students, time_limit=1.0)
    assigned = assign_teachers(grouping.groups, teachers)
    groups = grouping.groups[["group_id", "school_id", "village", "student_leader", "parent_leader",
                              "host"]].copy()
    growth_members, growth_log = _growth(rng)
    am, staff, ex, events, reports = _alliance(rng)
    return {
        "schools": _schools(),
        "community_students": students,
        "community_teachers": teachers,
        "community_groups": groups,
        "community_members": grouping.members,
        "community_group_teachers": assigned.assignments[["group_id", "teacher_id"]],
        "community_activities": _activities(rng, grouping.members, students),
        "growth_members": growth_members,
        "growth_log": growth_log,
        "alliance_members": am,
        "staff_counts": staff,
        "exchanges": ex,
        "alliance_events": events,
        "alliance_reports": reports,
    }


__all__ = ["sample"]

