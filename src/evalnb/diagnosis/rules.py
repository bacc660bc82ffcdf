"""The rules of 诊改 (teaching diagnosis and improvement of secondary vocational schools).

Every threshold the calculators use, with the regulation and clause it comes
from.  ``GUIDANCE`` is the 《中等职业学校教学工作诊断与改进指导方案（试行）》,
attached to the MOE notice 教职成司函〔2016〕37号; ``STANDARD`` is the
《中等职业学校设置标准》 (教职成〔2010〕12号) that §4(三) of the guidance refers to.

A province overrides the defaults with a YAML file (``rules_path`` of the
notebooks, ``rules=`` of the calculators)::

    diagnosis:
      plan_date: "2016-05-27"         # the provincial 诊改 plan was issued
      remote_area:                     # §4(四): other thresholds for remote and poor areas
        min_enrollment: 800
        min_building_area_m2: 16000

Examples
--------
>>> DiagnosisRules.load({"remote_area": {"min_enrollment": 800}}).thresholds(remote=True)["min_enrollment"]
800.0
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import ClassVar

from ..core.rules import Rules, rule

GUIDANCE = "教职成司函〔2016〕37号《中等职业学校教学工作诊断与改进指导方案（试行）》"
STANDARD = "《中等职业学校设置标准》（教职成〔2010〕12号）"

#: The five indicators of the establishment standard that decide eligibility
#: for sampled review (guidance §4(三)), as ``(name, rule, direction)``.
STANDARD_INDICATORS = (
    ("enrollment", "min_enrollment", "min"),
    ("student_teacher_ratio", "max_student_teacher_ratio", "max"),
    ("professional_share", "min_professional_share", "min"),
    ("building_area", "min_building_area_m2", "min"),
    ("equipment_per_student", "min_equipment_per_student", "min"),
)
THRESHOLD_RULES = tuple(r for _, r, _ in STANDARD_INDICATORS)


@dataclasses.dataclass(frozen=True)
class DiagnosisRules(Rules):
    """Thresholds of 诊改; see the module docstring for overriding them."""

    domain: ClassVar[str] = "diagnosis"

    # --- eligibility for sampled review: guidance §4(三) → establishment standard
    min_enrollment: float = rule(
        1200.0, f"{GUIDANCE} §4(三); {STANDARD}",
        "全日制中职学历教育在校生数 ≥ 1200")
    max_student_teacher_ratio: float = rule(
        20.0, f"{GUIDANCE} §4(三); {STANDARD}",
        "师生比 1:20 — at most 20 full-time students per full-time teacher")
    min_professional_share: float = rule(
        0.5, f"{GUIDANCE} §4(三); {STANDARD}",
        "专任教师中的专业教师占比 ≥ 50 %")
    min_building_area_m2: float = rule(
        24000.0, f"{GUIDANCE} §4(三); {STANDARD}", "校舍建筑面积 ≥ 24000 m²")
    min_equipment_per_student: float = rule(
        2500.0, f"{GUIDANCE} §4(三); {STANDARD}", "生均仪器设备价值 ≥ 2500 元")
    remote_area: dict[str, float] = rule(
        {}, f"{GUIDANCE} §4(四)",
        "other thresholds for schools of remote and poor areas (schools.remote_area), "
        "set by the province in its plan: keys are the five threshold rules above")
    plan_date: str | None = rule(
        None, f"{GUIDANCE} §4(四)",
        "date (YYYY-MM-DD) the provincial 诊改 plan was issued; schools that do not meet "
        "the conditions must meet them within deadline_years of it")
    deadline_years: int = rule(
        3, f"{GUIDANCE} §4(四), §6",
        "years after plan_date to meet the conditions; after that enrolment must stop where the "
        "status data of a year in or after the deadline's year show a condition still not met "
        "(missing data: unknown, never a stop)")

    # --- review conclusion: guidance §6
    effective_min_matches: int = rule(
        12, f"{GUIDANCE} §6", "有效: self-diagnosis and review agree on ≥ 12 of the 16 elements")
    abnormal_below_matches: int = rule(
        10, f"{GUIDANCE} §6", "异常: they agree on < 10 of the 16 elements")

    # --- self-diagnosis report: guidance 附2 notes 2–4
    max_overview_chars: int = rule(500, f"{GUIDANCE} 附2, 一", "自我诊改工作概述 500字以内")
    max_diagnosis_chars: int = rule(500, f"{GUIDANCE} 附2, 注2", "自我诊断 不超过500字")
    max_measures_chars: int = rule(200, f"{GUIDANCE} 附2, 注3", "改进措施 不超过200字")
    max_effect_chars: int = rule(200, f"{GUIDANCE} 附2, 注4", "改进效果 不超过200字")

    # --- sampling plan: guidance §4(二), §7(一)2
    sample_share: float = rule(
        1 / 3, f"{GUIDANCE} §4(二)",
        "a cycle samples at least a third of the schools carrying out 诊改")
    incident_window_years: int = rule(
        2, f"{GUIDANCE} §4(二)",
        "a school with a major teaching incident is reviewed within two years after it was handled "
        "(the review falls in one of the two calendar years after the incident's year)")
    cover_every_municipality: bool = rule(True, f"{GUIDANCE} §4(二)", "且覆盖所有地(市)")
    trend_years: int = rule(
        3, "evalnb's reading: a trend spans three years, because 附1 asks for many points '…及趋势' "
        "(and its trend) without saying over how long, and three years is the school's own 诊改 "
        f"cycle at most ({GUIDANCE} §7(一)2) and the time to meet the conditions (§4(四))",
        "years shown in a trend")

    # --- the school's own cycle and the follow-up: guidance §6, §7(一)2; notice §5
    max_self_cycle_years: int = rule(
        3, f"{GUIDANCE} §7(一)2: 学校自主诊改周期不超过3年",
        "a school's own 诊改 cycle (a self_diagnosis cycle 'YYYY-YYYY' spans end − start + 1 years) "
        "lasts at most this; a school whose last cycle ended longer ago than this is past its cycle")
    rectification_months: int = rule(
        12, f"evalnb's reading: a school judged 异常 rectifies within 12 months of the conclusion, "
        f"because {GUIDANCE} §6 tells the province to set a deadline (须设定期限) but sets no length, "
        "and a year brings the next status data to judge the rectification by",
        "months from the conclusion (review_summary.concluded_on) to the rectification deadline")
    ministry_report_due: str = rule(
        "12-31", "教职成司函〔2016〕37号 notice, §5: 每年12月31日前 the province reports the year's 诊改 "
        "and the next year's arrangements to the Ministry",
        "month-day (MM-DD) by which the yearly report reaches the Ministry")
    publication_due: str = rule(
        "12-31", f"evalnb's reading: by 31 December, because {GUIDANCE} §6 publishes the review "
        "conclusions and the list of schools not meeting the conditions once a year (每年向社会公布一次) "
        "without a date, and the yearly report to the Ministry falls on that day",
        "month-day (MM-DD) by which the year's conclusions and list of non-eligible schools are published")

    def __post_init__(self):
        bad = [k for k in self.remote_area if k not in THRESHOLD_RULES]
        if bad:
            raise ValueError(f"remote_area: unknown threshold {bad[0]!r}; known: "
                             + ", ".join(THRESHOLD_RULES))
        if self.plan_date is not None:
            try:
                _dt.date.fromisoformat(self.plan_date)
            except ValueError:
                raise ValueError(f"plan_date must be a date YYYY-MM-DD, not {self.plan_date!r}") from None
        if not 0 < self.sample_share <= 1:
            raise ValueError("sample_share must be in (0, 1]")
        for name in ("ministry_report_due", "publication_due"):
            try:
                _dt.date.fromisoformat(f"2001-{getattr(self, name)}")
            except ValueError:
                raise ValueError(f"{name} must be MM-DD, not {getattr(self, name)!r}") from None
        if self.max_self_cycle_years < 1 or self.rectification_months < 1 or self.trend_years < 2:
            raise ValueError("max_self_cycle_years and rectification_months must be at least 1, "
                             "trend_years at least 2")
        if self.abnormal_below_matches > self.effective_min_matches:
            raise ValueError("abnormal_below_matches must not exceed effective_min_matches")

    def thresholds(self, remote: bool = False) -> dict[str, float]:
        """The five thresholds, with the remote-area overrides when ``remote``."""
        out = {r: float(getattr(self, r)) for r in THRESHOLD_RULES}
        if remote:
            out.update({k: float(v) for k, v in self.remote_area.items()})
        return out

    def deadline(self) -> _dt.date | None:
        """The date by which a school must meet the conditions (plan date + deadline_years)."""
        if self.plan_date is None:
            return None
        d = _dt.date.fromisoformat(self.plan_date)
        try:
            return d.replace(year=d.year + self.deadline_years)
        except ValueError:  # 29 February
            return d.replace(year=d.year + self.deadline_years, day=28)
