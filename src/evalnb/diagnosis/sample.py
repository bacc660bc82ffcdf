"""The Chinese province of the sample: secondary vocational schools and 诊改 data.

Thirty 中等职业学校 in seven prefecture-level cities. Each school has a
designed profile for the latest year (2023) — which of the five indicators of
the establishment standard (教职成〔2010〕12号) it fails, if any — and random
magnitudes within it, so the eligibility checks have pass and fail cases for
any seed. Earlier years (2021, 2022) follow each school's own trend. A region's
province (``generate(rng, n_schools)``) adds copies of these profiles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _sample_texts as tx
from ..core.sampling import dates
from .sample_region import CITIES, INDUSTRY, region_profiles, school_ids

__all__ = ["generate", "YEARS", "INDICATORS", "ELEMENTS", "CYCLE"]

YEARS = (2021, 2022, 2023)
CYCLE = "2021-2025"
INDICATORS = (
    "enrollment_fulltime", "teachers_fulltime", "teachers_professional", "teachers_dual",
    "teachers_senior", "teachers_part_time", "building_area_m2", "land_area_m2",
    "equipment_value_yuan", "books_print", "graduates", "graduates_dual_cert",
    "graduates_employed", "graduates_further_study", "graduates_matching",
    "enrolled_start", "dropouts", "late_person_times", "absence_person_times",
    "student_weeks", "diagnosis_system",
)
ELEMENTS = tuple(tx.ELEMENTS)  # 1.1 … 6.3, 16 elements


# name, city, enrollment in 2023, standard indicators failed in 2023
# (E enrollment, R student–teacher ratio, P professional share, A building area,
# Q equipment per student, S no 诊改 system), flags
# (c closing planned, r remote area, b enrollment exactly 1200, t ratio exactly 20)
_SCHOOLS = (
    ("南宁市第一职业技术学校", 0, 4600, "", ""),
    ("南宁市第二职业中等专业学校", 0, 3300, "R", ""),
    ("南宁市商贸职业中等专业学校", 0, 2600, "", ""),
    ("南宁市卫生职业中等专业学校", 0, 2100, "", ""),
    ("南宁市武鸣区职业教育中心", 0, 1900, "A", ""),
    ("横州市职业技术学校", 0, 2800, "R", ""),
    ("宾阳县职业技术学校", 0, 2300, "Q", ""),
    ("柳州市第一职业中等专业学校", 1, 4100, "", ""),
    ("柳州市交通职业中等专业学校", 1, 3000, "", ""),
    ("柳州市卫生职业中等专业学校", 1, 1800, "R", ""),
    ("柳城县职业教育中心", 1, 1500, "A", ""),
    ("三江侗族自治县职业技术学校", 1, 900, "EA", "r"),
    ("桂林市旅游职业中等专业学校", 2, 3500, "", ""),
    ("桂林市机电职业中等专业学校", 2, 2700, "R", ""),
    ("桂林市临桂区职业教育中心", 2, 2000, "S", ""),
    ("阳朔县职业技术学校", 2, 1200, "", "b"),
    ("龙胜各族自治县职业技术学校", 2, 700, "EAQ", "c"),
    ("梧州市第一职业中等专业学校", 3, 2900, "", ""),
    ("藤县职业教育中心", 3, 2200, "RQ", ""),
    ("蒙山县职业技术学校", 3, 750, "ER", "c"),
    ("玉林市第一职业中等专业学校", 4, 3800, "R", ""),
    ("北流市职业教育中心", 4, 3200, "", ""),
    ("博白县职业技术学校", 4, 2400, "", "t"),
    ("容县职业技术学校", 4, 1600, "P", ""),
    ("百色市职业中等专业学校", 5, 2500, "", ""),
    ("田东县职业技术学校", 5, 1400, "A", ""),
    ("那坡县职业技术学校", 5, 800, "EQ", "r"),
    ("河池市职业中等专业学校", 6, 2200, "", ""),
    ("都安瑶族自治县职业教育中心", 6, 1100, "ER", "r"),
    ("东兰县职业技术学校", 6, 650, "EAQ", "cr"),
)
# major teaching incidents (school, date handled) and requests for review
INCIDENTS = (("CN009", "2022-05-17"), ("CN029", "2023-10-12"))
REQUESTS = (("CN013", 2023), ("CN022", 2024))

# review scenarios: matching elements, measures targeted, improvement effective
# → 10 effective, 7 needs_improvement, 3 abnormal (boundaries 12, 10 and 9 included)
_SCENARIOS = (
    (16, True, True), (15, True, True), (15, True, True), (14, True, True),
    (14, True, True), (14, True, True), (13, True, True), (13, True, True),
    (13, False, True), (12, True, True), (12, True, True), (12, True, False),
    (11, True, True), (10, True, True), (10, False, False), (9, True, False),
    (8, False, True), (9, False, False), (8, False, False), (8, False, False),
)


def _status(rng: np.random.Generator, ids: list[str], profiles=_SCHOOLS) -> tuple[pd.DataFrame, dict]:
    """Status data for all schools and years, plus the facts used in texts."""
    n_years = len(YEARS)
    back = np.array([YEARS[-1] - y for y in YEARS])  # years before the latest: 2, 1, 0
    rows = []
    facts = {}
    for k, (_, _, size, fails, flags) in enumerate(profiles):
        # enrollment: designed 2023 value, then back in time along the trend
        if "b" in flags:
            enr23 = 1200
        elif "t" in flags:
            enr23 = 2400
        else:
            enr23 = size * rng.uniform(0.93, 1.07)
            enr23 = min(enr23, 1150) if "E" in fails else max(enr23, 1300)
        if "c" in flags:
            growth = rng.uniform(-0.15, -0.08)
        elif "E" in fails:
            growth = rng.uniform(-0.08, 0.0)
        else:
            growth = rng.uniform(-0.02, 0.07)
        enr = np.round(enr23 / (1 + growth) ** back).astype(int)
        if "b" in flags:
            enr[:] = (1135, 1178, 1200)  # climbs to the threshold exactly

        ratio23 = rng.uniform(21.0, 27.5) if "R" in fails else rng.uniform(14.0, 19.2)
        ratio = np.clip(ratio23 + rng.normal(0.0, 0.6, n_years) * (back > 0), 14.0, 28.0)
        teachers = np.round(enr / ratio).astype(int)
        if "t" in flags:
            teachers[-1] = 120  # 2400 / 120 = 20.0, exactly the limit
        prof23 = rng.uniform(0.40, 0.47) if "P" in fails else rng.uniform(0.53, 0.75)
        prof = np.clip(prof23 + rng.normal(0.0, 0.015, n_years) * (back > 0), 0.3, 0.8)
        professional = np.round(teachers * prof).astype(int)
        dual23 = rng.uniform(0.30, 0.80)
        dual = np.clip(dual23 - back * rng.uniform(0.02, 0.06), 0.2, 0.85)
        teachers_dual = np.round(professional * dual).astype(int)
        senior = np.round(teachers * rng.uniform(0.15, 0.35)).astype(int)
        part_time = np.round(teachers * rng.uniform(0.05, 0.30)).astype(int)

        if "A" in fails:
            area23 = rng.uniform(12000, 22500)
        else:
            area23 = min(80000, max(rng.uniform(25500, 30000), enr23 * rng.uniform(11, 20)))
        area = np.full(n_years, round(area23, -1))
        if "A" not in fails and rng.random() < 0.2:  # a new building opened in 2022
            area[0] -= round(rng.uniform(4000, 9000), -1)
        land = np.round(area * rng.uniform(1.4, 2.6), -1)

        eq_ps23 = (rng.uniform(1500, 2350) if "Q" in fails
                   else min(9000.0, 2700 + rng.lognormal(np.log(1700), 0.6)))
        eq_growth = rng.uniform(0.04, 0.12)
        equipment = np.round(enr23 * eq_ps23 / (1 + eq_growth) ** back, -3)
        books = np.round(enr * rng.uniform(18, 40) * (1 - 0.02 * back), -1)

        graduates = np.round(enr * rng.uniform(0.29, 0.34, n_years)).astype(int)
        dual_cert = np.round(graduates * rng.uniform(0.60, 0.95, n_years)).astype(int)
        employed = np.round(graduates * rng.uniform(0.90, 0.98, n_years)).astype(int)
        further_share = rng.uniform(0.20, 0.35) + 0.05 * (2 - back)  # rising
        further = np.minimum(np.round(graduates * further_share).astype(int), employed)
        matching = np.round((employed - further) * rng.uniform(0.60, 0.90, n_years)).astype(int)
        enrolled_start = np.round(enr * rng.uniform(1.01, 1.05, n_years)).astype(int)
        dropout_rate = rng.uniform(0.03, 0.06) if "c" in flags else rng.uniform(0.01, 0.04)
        dropouts = np.round(enrolled_start * (dropout_rate + rng.normal(0, 0.004, n_years))
                            .clip(0.005)).astype(int)
        weeks = rng.integers(36, 41, n_years)
        student_weeks = enr * weeks
        late = np.round(student_weeks * rng.uniform(0.5, 5.0) / 100
                        * rng.uniform(0.85, 1.15, n_years)).astype(int)
        absence = np.round(student_weeks * rng.uniform(1.0, 8.0) / 100
                           * rng.uniform(0.85, 1.15, n_years)).astype(int)
        # 诊改 system: once set up it stays; "S" schools have none yet
        start = 3 if "S" in fails else int(rng.choice([0, 0, 0, 1, 1, 2]))
        if "c" in flags:
            start = int(rng.choice([2, 3]))
        system = (np.arange(n_years) >= start).astype(int)

        values = (enr, teachers, professional, teachers_dual, senior, part_time, area, land,
                  equipment, books, graduates, dual_cert, employed, further, matching,
                  enrolled_start, dropouts, late, absence, student_weeks, system)
        block = np.vstack([np.asarray(v, dtype=float) for v in values]).T  # year × indicator
        rows.append(block)
        last = dict(zip(INDICATORS, block[-1]))
        last["enrollment_first"] = block[0][0]
        facts[ids[k]] = last

    values = np.stack(rows)  # school × year × indicator
    n_s, n_y, n_i = values.shape
    status = pd.DataFrame({
        "school_id": np.repeat(np.asarray(ids, dtype=object), n_y * n_i),
        "year": np.tile(np.repeat(np.array(YEARS), n_i), n_s).astype("int64"),
        "indicator": np.tile(np.asarray(INDICATORS, dtype=object), n_s * n_y),
        "value": np.round(values.reshape(-1)).astype("int64"),
    })
    for col in ("school_id", "indicator"):
        status[col] = status[col].astype("str")
    return status, facts


def _text_facts(rng: np.random.Generator, sid: str, city: str, v: dict) -> dict:
    """Numbers a self-diagnosis report quotes, from the status data and invented details."""
    enr, grad = v["enrollment_fulltime"], v["graduates"]
    majors = int(np.clip(round(enr / 300) + rng.integers(2, 6), 4, 22))
    employed_direct = v["graduates_employed"] - v["graduates_further_study"]
    teachers = v["teachers_fulltime"]
    change = int(enr - v["enrollment_first"])
    trend = (f"较{YEARS[0]}年增加{change}人" if change > 0
             else f"较{YEARS[0]}年减少{-change}人" if change < 0 else f"与{YEARS[0]}年持平")
    return {
        "enr": int(enr), "enr_trend": trend, "majors": majors, "new_majors": int(rng.integers(0, 4)),
        "stopped": int(rng.integers(0, 3)), "city": city, "industry": INDUSTRY[city],
        "year": YEARS[-1], "grad": int(grad), "dual_cert": v["graduates_dual_cert"] / grad,
        "employ": v["graduates_employed"] / grad, "further": int(v["graduates_further_study"]),
        "matching": v["graduates_matching"] / employed_direct,
        "head_teachers": int(round(enr / 45)), "fitness": int(rng.integers(86, 97)),
        "discipline": f"{rng.uniform(0.3, 2.5):.1f}",
        "demo_majors": int(rng.integers(0, 4)), "courses": int(majors * rng.integers(9, 14)),
        "basic_courses": int(rng.integers(10, 16)), "major_courses": 0,
        "textbooks": int(rng.integers(2, 20)), "online_courses": int(rng.integers(0, 12)),
        "late_rate": 100 * v["late_person_times"] / v["student_weeks"],
        "absence_rate": 100 * v["absence_person_times"] / v["student_weeks"],
        "practice": int(rng.integers(45, 61)), "practice_open": int(rng.integers(85, 101)),
        "teachers": int(teachers), "ratio": enr / teachers,
        "professional": int(v["teachers_professional"]),
        "prof_share": v["teachers_professional"] / teachers,
        "dual_share": v["teachers_dual"] / v["teachers_professional"],
        "senior": int(v["teachers_senior"]), "part_time": int(v["teachers_part_time"]),
        "part_time_hours": int(rng.integers(8, 30)), "land": int(v["land_area_m2"]),
        "area": int(v["building_area_m2"]), "equipment_wan": v["equipment_value_yuan"] / 1e4,
        "equipment_per_student": v["equipment_value_yuan"] / enr, "books": int(v["books_print"]),
        "books_per_student": v["books_print"] / enr, "repositories": int(rng.integers(1, 8)),
        "partners": int(rng.integers(8, 60)), "bases": int(rng.integers(3, 25)),
        "apprentice": int(rng.integers(0, 5)), "rules": int(rng.integers(5, 30)),
        "issues": int(rng.integers(4, 25)), "inspections": int(rng.integers(2, 9)),
        "evaluation": int(rng.integers(80, 101)), "surveys": int(enr * rng.uniform(0.5, 0.9)),
        "satisfaction": int(rng.integers(82, 97)), "tracking": int(rng.integers(60, 96)),
        "employer": int(rng.integers(85, 98)), "awards": int(rng.integers(2, 40)),
        "provincial_awards": int(rng.integers(0, 8)),
    }


def _reports(rng, ids, cities, facts, eligible, closing):
    """self_diagnosis, review and review_summary for 20 schools of one cycle (2 in 3 of a province)."""
    n_reports = round(len(_SCENARIOS) * len(ids) / len(_SCHOOLS))
    # the scenarios, best first, each repeated alike in a province
    scenarios = [_SCENARIOS[i * len(_SCENARIOS) // n_reports] for i in range(n_reports)]
    in_scope = [k for k in range(len(ids)) if not closing[k]]
    chosen_ok = [k for k in in_scope if eligible[k]]
    others = [k for k in in_scope if not eligible[k]]
    if len(chosen_ok) > n_reports:
        chosen_ok = [int(k) for k in rng.choice(chosen_ok, size=n_reports, replace=False)]
    extra = rng.choice(others, size=min(n_reports - len(chosen_ok), len(others)), replace=False)
    chosen = sorted(chosen_ok + [int(k) for k in extra])
    # better-run schools tend to get the better review outcome
    merit = np.array([float(eligible[k]) for k in chosen]) + rng.normal(0, 0.6, len(chosen))
    order = [chosen[i] for i in np.argsort(-merit, kind="stable")]
    assigned = dict(zip(order, scenarios))

    levels = np.array(["achieved", "partly", "not_achieved"])
    self_rows, review_rows, summary_rows = [], [], []
    for k in chosen:
        matches, targeted, effective = assigned[k]
        p_ach = 0.75 if eligible[k] else 0.5
        self_att = rng.choice(3, size=16, p=[p_ach, (1 - p_ach) * 0.75, (1 - p_ach) * 0.25])
        review_att = self_att.copy()
        differ = rng.choice(16, size=16 - matches, replace=False)
        for e in differ:  # reviewers are usually stricter than the school itself
            if self_att[e] == 0:
                review_att[e] = 1 if rng.random() < 0.8 else 2
            elif self_att[e] == 1:
                review_att[e] = 2 if rng.random() < 0.6 else 0
            else:
                review_att[e] = 1
        f = _text_facts(rng, ids[k], cities[k], facts[ids[k]])
        f["major_courses"] = f["courses"] - f["basic_courses"]
        for e, code in enumerate(ELEMENTS):
            name, status_t, problems, measures, effects = tx.ELEMENTS[code]
            level = levels[self_att[e]]
            problem = problems[int(rng.integers(len(problems)))]
            diagnosis = status_t.format(**f) + tx.ATTAINMENT_SENTENCE[level].format(problem=problem)
            if level == "achieved":
                diagnosis += tx.ACHIEVED_TAIL
            else:
                diagnosis += tx.CAUSE_SENTENCE.format(cause=tx.CAUSES[int(rng.integers(len(tx.CAUSES)))])
            measure = measures[int(rng.integers(len(measures)))].format(**f)
            effect = effects[int(rng.integers(len(effects)))]
            if level == "not_achieved":
                effect = "改进措施已启动，" + effect.rstrip("。") + "的目标尚待实现。"
            self_rows.append((ids[k], CYCLE, code, level, diagnosis, measure, effect))
            review_rows.append((ids[k], CYCLE, code, levels[review_att[e]]))
        summary_rows.append((ids[k], CYCLE, targeted, effective))

    self_diagnosis = pd.DataFrame(self_rows, columns=[
        "school_id", "cycle", "element", "attainment", "diagnosis_text", "measures_text",
        "effect_text"]).astype("str")
    review = pd.DataFrame(review_rows, columns=["school_id", "cycle", "element",
                                                "attainment"]).astype("str")
    summary = pd.DataFrame(summary_rows, columns=["school_id", "cycle", "measures_targeted",
                                                  "improvement_effective"])
    summary = summary.astype({"school_id": "str", "cycle": "str", "measures_targeted": "bool",
                              "improvement_effective": "bool"})
    # the province confirmed the conclusions in the spring of 2025 over twenty working days,
    # one school a day in the sample (no draw: the other tables stay as they were)
    days = pd.bdate_range("2025-03-03", periods=len(_SCENARIOS)).strftime("%Y-%m-%d")
    summary["concluded_on"] = days[np.arange(len(summary)) * len(_SCENARIOS) // max(len(summary), 1)]
    return self_diagnosis, review, summary


def _eligible_2023(status: pd.DataFrame) -> pd.Series:
    """Default establishment-standard check for the latest year (for the design only)."""
    v = status[status["year"] == YEARS[-1]].pivot(index="school_id", columns="indicator",
                                                  values="value")
    return ((v["enrollment_fulltime"] >= 1200)
            & (v["enrollment_fulltime"] <= 20 * v["teachers_fulltime"])
            & (v["teachers_professional"] >= 0.5 * v["teachers_fulltime"])
            & (v["building_area_m2"] >= 24000)
            & (v["equipment_value_yuan"] >= 2500 * v["enrollment_fulltime"])
            & (v["diagnosis_system"] == 1))


def generate(rng: np.random.Generator, n_schools: int | None = None) -> dict[str, pd.DataFrame]:
    """Generate the Chinese province.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of all randomness.
    n_schools : int, optional
        A province of this many schools (at least the sample's 30): the
        sample's schools first, then copies of their profiles in fourteen
        cities (:func:`evalnb.diagnosis.sample_region.region_profiles`), drawn
        from a stream spawned from ``rng`` so that the sample's schools keep
        their status data; two in three get a report, with the sample's mix
        of conclusions; the incidents and requests for review of the sample's
        schools recur on their copies. None: the sample.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``schools`` (this region only), ``vocational_status``,
        ``self_diagnosis``, ``review``, ``review_summary``, ``incidents``
        and ``review_requests``.
    """
    if n_schools is None:
        profiles, template = list(_SCHOOLS), list(range(len(_SCHOOLS)))
    else:
        profiles, template = region_profiles(rng.spawn(1)[0], _SCHOOLS, n_schools)
    n = len(profiles)
    ids = school_ids(n)
    cities = [CITIES[s[1]] for s in profiles]
    closing = ["c" in s[4] for s in profiles]
    incidents_, requests_ = _recurring(rng, ids, template)
    incident_of = dict(incidents_)
    schools = pd.DataFrame({
        "school_id": ids,
        "name": [s[0] for s in profiles],
        "municipality": cities,
        "kind": "vocational",
        "language": "zh",
        "cluster": pd.array([None] * n, dtype="str"),
        "closing_planned": pd.array(closing, dtype="boolean"),
        "remote_area": pd.array(["r" in s[4] for s in profiles], dtype="boolean"),
        "last_major_incident": dates([incident_of.get(i) for i in ids]),
    })
    status, facts = _status(rng, ids, profiles)
    ok = _eligible_2023(status).reindex(ids).to_numpy()
    self_diagnosis, review, summary = _reports(rng, ids, cities, facts, ok, closing)
    incidents = pd.DataFrame({
        "school_id": pd.array([i for i, _ in incidents_], dtype="str"),
        "date": dates([d for _, d in incidents_]),
    })
    requests = pd.DataFrame({
        "school_id": pd.array([i for i, _ in requests_], dtype="str"),
        "year": np.array([y for _, y in requests_], dtype="int64"),
    })
    return {"schools": schools, "vocational_status": status,
            "self_diagnosis": self_diagnosis, "review": review, "review_summary": summary,
            "incidents": incidents, "review_requests": requests}


def _recurring(rng, ids: list[str], template: list[int]) -> tuple[list, list]:
    """The sample's incidents and requests for review, and the same on the copies of their schools.

    A copy's incident falls on a day of 2021–2023 drawn from a stream spawned
    from ``rng`` (none is drawn for the sample).
    """
    n_fixed = len(_SCHOOLS)
    incidents, requests = list(INCIDENTS), list(REQUESTS)
    if len(ids) == n_fixed:
        return incidents, requests
    fixed_ids = ids[:n_fixed]
    source = {int(sid[2:]) - 1: day for sid, day in INCIDENTS}
    asked = {int(sid[2:]) - 1: year for sid, year in REQUESTS}
    copies = [k for k in range(n_fixed, len(ids)) if template[k] in source]
    days = pd.Timestamp("2021-01-04") + pd.to_timedelta(
        rng.spawn(1)[0].integers(0, 3 * 365 - 10, len(copies)), unit="D")
    incidents = [(fixed_ids[k], day) for k, day in source.items()]
    incidents += [(ids[k], d.date().isoformat()) for k, d in zip(copies, days)]
    requests = [(fixed_ids[k], year) for k, year in asked.items()]
    requests += [(ids[k], asked[template[k]]) for k in range(n_fixed, len(ids)) if template[k] in asked]
    return incidents, requests


def sample(ctx) -> dict[str, pd.DataFrame]:
    """This domain's part of the sample district (``Domain.sample``), from its own stream.

    With ``ctx.scale`` (``evalnb sample --scale N``), a province of about
    ``30 * N / 20`` schools (at least the sample's 30).
    """
    scale = getattr(ctx, "scale", None)
    if scale is None:
        return generate(ctx.rng)
    return generate(ctx.rng, max(len(_SCHOOLS), round(len(_SCHOOLS) * scale / 20)))
