"""The rules of teachers' continuing education, with the clause each comes from.

Defaults are those of the county's plan for teachers' continuing education
(its section 5 *training evaluation* is called "Verb (abbreviation of verb)
training evaluation" in the machine translation) and of the national
five-year cycle; where neither sets a number the source says so and gives
evalnb's reading with its reason.  A county overrides any of them with a
mapping or a YAML file::

    # county.yaml
    training:
      pass_mark: 65
      max_late_or_early: 3
      hours_per_credit: {face_to_face: 8, online: 10}
      cycle_min_hours: 360
      annual_min_credits: 48

Examples
--------
>>> TrainingRules.load({"pass_mark": 65}).pass_mark
65.0
>>> TrainingRules.load().source_of("max_late_or_early")
'county plan, §5 training evaluation, item 4: late or early more than 5 times is unqualified'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ..core.rules import Rules, rule

PLAN = "county plan for teachers' continuing education"
_S5 = "county plan, §5 training evaluation"
_MOE = ("Ministry of Education, opinions on strengthening the training of primary and secondary "
        "school teachers (教师〔2011〕1号)")
_MODES = ("face_to_face", "online")
_DEFAULT_HOURS_PER_CREDIT = {"face_to_face": 6.0, "online": 8.0}


@dataclass(frozen=True)
class TrainingRules(Rules):
    """Thresholds of course assessment, commendation, sanctions and annual requirements."""

    domain: ClassVar[str] = "training"

    # --- course assessment (§5 items 1–3) -------------------------------------
    knowledge_points: float = rule(
        70.0, f"{_S5}, item 2: subject knowledge (70 points), closed-book written test",
        "points of the written test; knowledge_points = written_score / 100 × this")
    attendance_points: float = rule(
        15.0, f"{_S5}, item 2: attendance rate (15)",
        "points for attending every session; attendance_points = this × (sessions − absences) / sessions")
    discipline_points: float = rule(
        15.0, f"{_S5}, item 2: abide by the rules and discipline (15 points)",
        "points for discipline; discipline_score (0–15) is scaled to this maximum")
    discipline_score_max: float = rule(
        15.0, f"{_S5}, item 2: abide by the rules and discipline (15 points); evalnb's reading: the "
        "class teacher records the discipline score on that same 15-point scale, because the plan "
        "names no other",
        "the scale of the discipline_score column")
    missing_discipline_score: float = rule(
        0.0, "evalnb's reading: a missing discipline record earns nothing, because the plan does not "
        "say what an empty record is worth and nothing is the conservative reading",
        "discipline_score given (on its 0–15 scale) when the class teacher left it empty; "
        "0 is the conservative reading, 15 presumes good discipline")

    # --- qualification (§5 item 4) -------------------------------------------
    pass_mark: float = rule(
        60.0, f"evalnb's reading: unqualified below 60 of the 100 points, because {_S5}, item 4 "
        "speaks of trainees who fail the assessment but sets no pass mark, and 60 of 100 is the "
        "usual pass line of Chinese examinations",
        "a total below this is unqualified (reason 'score')")
    absence_share: float = rule(
        1 / 3, f"{_S5}, item 4: absent from 1/3 of the classes is unqualified",
        "unqualified when absences ≥ sessions × this ('exactly a third' is unqualified)")
    max_late_or_early: int = rule(
        5, f"{_S5}, item 4: late or early more than 5 times is unqualified",
        "unqualified when late_or_early > this")
    exam_required: bool = rule(
        True, f"{_S5}, item 1: written knowledge closed-book examination",
        "a trainee who did not take the written test is unqualified (reason 'no_exam')")

    # --- commendation and sanctions (§5 item 4) --------------------------------
    commend_share: float = rule(
        1 / 3, f"{_S5}, item 4: about one-third of outstanding students in each class are commended",
        "the best ⌈n × this⌉ qualified trainees of a course (n = all enrolled) are commended; "
        "ties at the cut are all commended")
    sanction_share: float = rule(
        0.1, f"{_S5}, item 4: results in the last tenth and unqualified",
        "unqualified trainees ranked within the bottom ⌈n × this⌉ of a course are sanctioned: "
        "no title promotion that year, no first-class post rating, fees borne by the trainee; "
        "ties at the cut are all included")

    report_due_day: int = rule(
        5, f"{_S5}, item 4: the county bureau informs the unit of last month's results before the 5th",
        "day of the following month by which a month's results reach the units")

    # --- hours and credits ---------------------------------------------------
    derive_credits: bool = rule(
        True, "evalnb's reading, not the plan's: a course that states no credits is worth hours / "
        "hours_per_credit, because the plan asks for 8 online credits a year but gives no course "
        "its credits; switch off (false) and such a course earns no credits, so it no longer counts "
        "towards the 8 online credits",
        "whether credits are derived from hours for a course with none")
    hours_per_credit: dict[str, float] = rule(
        _DEFAULT_HOURS_PER_CREDIT,
        "evalnb's reading: 6 hours a credit face to face and 8 online, because the plan sets no "
        "conversion (§3 training content, item 5 only counts an online course as 8 hours of "
        "school-based training) and counties commonly use 6–8 face to face and 8–10 online",
        "a course with no credits is credited hours / this (per mode), when derive_credits is on")
    credit_step: float = rule(
        0.0, "evalnb's reading: derived credits are not rounded, because the plan sets no rounding",
        "derived credits are rounded down to a multiple of this (0: not rounded)")

    # --- annual requirements ---------------------------------------------------
    school_year_start: str = rule(
        "09-01", "evalnb's reading: a school year runs from 1 September to 31 August and a course "
        "counts in the year it ends, because the plan counts its requirements 'each academic "
        "year' without dates and Chinese school years begin in September",
        "month-day on which a school year begins (MM-DD)")
    online_min_courses: int = rule(
        3, "county plan, §3 training content, item 5: at least 3 online video courses each academic year",
        "online courses a teacher completes (is qualified in) each school year")
    online_min_credits: float = rule(
        8.0, "county plan, §3 training content, item 5: no less than 8 credits each academic year",
        "online credits a teacher earns each school year")
    online_school_based_hours: float = rule(
        8.0, "county plan, §3 training content, item 5: the online video courses of the year "
        "(at least 3, at least 8 credits) count as 8 hours of school-based training; evalnb's "
        "reading: credited once a school year, when that online requirement is met, because the "
        "sentence follows the requirement",
        "school-based training hours credited for meeting the yearly online requirement")
    kindergarten_min_hours: float = rule(
        20.0, "county plan, key work (A) item 8: no less than 20 hours of intensive training "
        "for each kindergarten teacher this school year",
        "face-to-face hours a kindergarten teacher is credited each school year")
    annual_min_hours: float | None = rule(
        None, "evalnb's reading: no yearly minimum of hours, because the plan sets none (a county "
        "may set one, e.g. 72 hours a year)",
        "hours every teacher is credited each school year (empty: no such requirement)")
    annual_min_credits: float | None = rule(
        None, "evalnb's reading: no yearly minimum of credits beyond the online ones, because the "
        "plan sets none (a county may set one, e.g. 48 credits a year)",
        "credits every teacher earns each school year (empty: no such requirement)")

    # --- five-year cycle -------------------------------------------------------
    cycle_years: int = rule(
        5, f"{_MOE}: training in cycles of five years",
        "school years in a training cycle")
    cycle_first_year: int = rule(
        2021, "evalnb's reading: cycles tile from the 2021-2022 school year, because the current "
        "cycle follows the 14th five-year plan (2021–2025) and the regulation fixes no start",
        "calendar year in which the first school year of some cycle begins; cycles tile from it")
    cycle_min_hours: float | None = rule(
        360.0, f"evalnb's reading, not the county plan's (it sets no cycle requirement): on by "
        f"default, because {_MOE} ask no less than 360 hours of training in each five-year cycle; "
        "set it empty to switch the requirement off",
        "hours a teacher is credited over a cycle (empty: no such requirement)")

    # --- the examination of teachers (key work (A), item 9) ----------------------
    exam_max_age: int = rule(
        40, "county plan, key work (A), item 9: teachers under 40 years old who did not take the "
        "examination or failed it in previous years",
        "a teacher is on the roster while younger than this (age = the calendar year the school "
        "year begins − birth_year: evalnb's reading, because only the birth year is recorded)")
    exam_primary_subjects: tuple[str, ...] = rule(
        ("chinese", "mathematics", "english"), "county plan, key work (A), item 9: primary school "
        "teachers who taught Chinese, mathematics, English and other subjects; evalnb's reading: "
        "the three named, because 'other subjects' names none (a county adds its own)",
        "subjects whose primary teachers sit the comprehensive quality examination")
    exam_junior_subjects: tuple[str, ...] = rule(
        ("chinese", "mathematics", "english", "physics", "chemistry", "morality_and_law", "history"),
        "county plan, key work (A), item 9: junior high school teachers who taught the subjects of "
        "the senior high school entrance examination; evalnb's reading: the usual written subjects "
        "of that examination, because the province sets them and the plan lists none",
        "subjects whose junior high teachers sit the 'teacher-student examination'")
    junior_high_kinds: tuple[str, ...] = rule(
        ("secondary",), "evalnb's reading: the county's secondary teachers teach junior high, "
        "because the plan's examination concerns a county's primary and junior high schools and "
        "the teachers table records no stage",
        "teacher kinds taken as junior high teachers for the examination roster")
    cycle_min_credits: float | None = rule(
        None, "evalnb's reading: no minimum of credits over a cycle, because neither the plan nor "
        "the national opinions set one",
        "credits a teacher earns over a cycle (empty: no such requirement)")

    def __post_init__(self):
        if abs(self.knowledge_points + self.attendance_points + self.discipline_points - 100) > 1e-9:
            raise ValueError("knowledge_points + attendance_points + discipline_points must make 100")
        for name in ("knowledge_points", "attendance_points", "discipline_points", "pass_mark",
                     "credit_step", "online_min_credits", "kindergarten_min_hours"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.discipline_score_max <= 0:
            raise ValueError("discipline_score_max must be positive")
        if not 0 <= self.missing_discipline_score <= self.discipline_score_max:
            raise ValueError("missing_discipline_score must lie between 0 and discipline_score_max")
        for name in ("absence_share", "commend_share", "sanction_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be a share between 0 and 1")
        if self.max_late_or_early < 0 or self.online_min_courses < 0:
            raise ValueError("counts must not be negative")
        unknown = set(self.hours_per_credit) - set(_MODES)
        if unknown:
            raise ValueError(f"hours_per_credit: unknown mode(s) {sorted(unknown)}; "
                             f"the modes are {', '.join(_MODES)}")
        if set(_MODES) - set(self.hours_per_credit):
            # a county may override one mode only: the other keeps its default
            merged = {**_DEFAULT_HOURS_PER_CREDIT, **self.hours_per_credit}
            object.__setattr__(self, "hours_per_credit", merged)
        if any(v <= 0 for v in self.hours_per_credit.values()):
            raise ValueError("hours_per_credit must be positive")
        if not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", self.school_year_start):
            raise ValueError("school_year_start must be MM-DD, e.g. 09-01")
        if not 1 <= self.report_due_day <= 28:
            raise ValueError("report_due_day must be a day from 1 to 28")
        if self.cycle_years < 1:
            raise ValueError("cycle_years must be at least 1")
        from .tables import SUBJECTS
        for name in ("exam_primary_subjects", "exam_junior_subjects"):
            unknown = [x for x in getattr(self, name) if x not in SUBJECTS]
            if unknown:
                raise ValueError(f"{name}: unknown subject(s) {unknown}; the subjects are "
                                 + ", ".join(SUBJECTS))
        if self.exam_max_age < 1 or self.online_school_based_hours < 0:
            raise ValueError("exam_max_age must be positive and online_school_based_hours not negative")

    @property
    def start_month_day(self) -> int:
        """The school year's first day as ``month × 100 + day`` (901 for 1 September)."""
        m, d = self.school_year_start.split("-")
        return int(m) * 100 + int(d)


def load_rules(rules=None) -> TrainingRules:
    """``TrainingRules.load(rules)``: defaults, a mapping, a YAML path or an instance."""
    return TrainingRules.load(rules)
