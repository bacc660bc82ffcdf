"""The rules of the analysis of marks and external assessments, with their sources.

Three kinds of rules live here:

* **conventions** that regions count differently — by marks or by students,
  the СОУ weights and what gets weight 7, whether ``na`` (не аттестован)
  rows count in N.  The order sets none of them; the defaults are evalnb's
  reading, with its reason next to each;
* **thresholds** of the analysis the Armavir methodological centre presented
  (order of the Armavir education department of 02.03.2020 № 204 and its
  appendix, the справка): subjects in the risk zone, signs of non-objective
  assessment, the final essay, the history of grades 5–9.  The order names
  the analysis but sets no numbers, so these defaults are **evalnb's
  reading**, said so next to each, and meant to be overridden;
* the criteria of **signs of non-objective results** after those Rosobrnadzor
  and FIOKO published in 2018 for ВПР (results notably above the regional
  level, not a lyceum or gymnasium with advanced study of the subject, not
  supported by other results), with evalnb's margins.

A municipality overrides any of them with a mapping or a YAML file::

    # municipality.yaml
    assessment:
      count_by: students
      sou_weight_na: 0
      risk_quality_below: 0.45
      advanced_study: {RU005: [Математика]}

Examples
--------
>>> AssessmentRules.load({"risk_quality_below": 0.45}).risk_quality_below
0.45
>>> AssessmentRules.load().sou_weights
(100.0, 64.0, 36.0, 16.0, 7.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..core.rules import Rules, rule

ORDER = "Armavir education department order of 02.03.2020 № 204"
APPENDIX = f"{ORDER}, appendix (справка)"
OWN = "evalnb's reading: the order names this analysis but sets no number, so this is a default to override"
FIOKO = ("Rosobrnadzor / FIOKO 2018 criteria of signs of non-objective ВПР results "
         "(notably above the regional level; not a lyceum or gymnasium with advanced study "
         "of the subject; not supported by other results)")


@dataclass(frozen=True)
class AssessmentRules(Rules):
    """Conventions and thresholds of the analysis of marks and external procedures."""

    domain: ClassVar[str] = "assessment"

    # --- counting conventions (the order sets none) ------------------------------
    count_by: str = rule(
        "marks", "evalnb's reading: N counts journal marks, because the order sets no counting "
        "rule and a mark per student, subject and period is what the journal holds",
        "'marks': every journal mark counts once; 'students': within a group a student counts "
        "once, by their worst result (a student with any 2 is not passing, one with only 4s and "
        "5s counts in quality) — the two agree when each student has one mark per group")
    count_na: bool = rule(
        True, "evalnb's reading: a student not attested (н/а) counts in N, because not being "
        "attested is not passing; the order sets no rule",
        "whether `na` (не аттестован) rows count in N (and so lower pass rate and quality)")
    sou_weights: tuple[float, ...] = rule(
        (100.0, 64.0, 36.0, 16.0, 7.0), "evalnb's reading: В. П. Симонов's degree of learning "
        "(степень обученности, СОУ) = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n1)/N, because the order "
        "sets no weights and Симонов's are the ones Russian schools' analyses commonly use",
        "СОУ weights of the marks 5, 4, 3, 2, 1, in this order")
    sou_weight_na: float = rule(
        7.0, "evalnb's reading: a student not attested weighs 7 like a mark of 1, because Симонов's "
        "scale gives its lowest level 7 and the order sets nothing",
        "СОУ weight of an `na` row (some regions use 0)")

    # --- risk zone (appendix: subjects 'отнесены к зоне риска' by a quarter) ----
    risk_quality_below: float = rule(
        0.50, f"{ORDER}, item 1.2 and appendix (справка): subjects in the risk zone by the results "
        f"of the first quarter; {OWN}",
        "a subject whose quality of knowledge (share of 4 and 5) is below this is in the risk zone")
    risk_pass_rate_below: float = rule(
        0.90, f"{ORDER}, item 1.2 and appendix (справка): профилактика неудовлетворительных "
        f"результатов; {OWN}",
        "a subject whose pass rate (успеваемость) is below this is in the risk zone")
    risk_quality_drop: float = rule(
        0.10, f"{APPENDIX}: 'незначительное снижение качества … во второй четверти' is not a "
        f"concern, a larger fall is; {OWN}",
        "a fall of quality from the previous period by more than this (a share, 0.10 = 10 "
        "percentage points) puts the subject in the risk zone")
    risk_pass_rate_drop: float = rule(
        0.05, f"{APPENDIX}: the fall of results from the first to the second quarter; {OWN}",
        "a fall of pass rate from the previous period by more than this puts the subject in the risk zone")
    risk_min_n: int = rule(
        10, "evalnb's reading: fewer than 10 counted marks are too few to judge a subject; the "
        "order sets no minimum", "groups with fewer counted marks (N) are not judged: too few to say")

    # --- objectivity (appendix: 'соответствие внешней и внутренней оценки') ------
    objectivity_min_n: int = rule(
        10, "evalnb's reading: fewer than 10 results are too few to call a school's assessment "
        "non-objective; the order sets no minimum",
        "a school, procedure and subject needs at least this many results to be flagged")
    inflated_lowered_share: float = rule(
        0.40, f"{ORDER}, item 1.3 (no non-objective current and interim assessment) and appendix: "
        f"the correspondence of external and internal assessment is the key guide; {OWN}",
        "internal marks look inflated when at least this share of external marks is lower "
        "than the journal mark (понизили) …")
    inflated_margin: float = rule(
        0.20, f"{ORDER}, item 1.3; {OWN}", "… and that share is at least this much above the municipality's for the "
        "same procedure and subject")
    high_external_margin: float = rule(
        0.15, f"{FIOKO}; {OWN} for the margin",
        "external results look implausibly high when the school's share of 4 and 5 on the "
        "procedure is at least this much above the municipality's …")
    support_margin: float = rule(
        0.05, f"{FIOKO}: 'not supported by other results'; {OWN} for the margin",
        "… and not supported: the same students' journal marks are lower (external share of 4 "
        "and 5 minus the journal's ≥ this) and no other procedure of the school in the subject "
        "is this much above the municipality")
    advanced_name_patterns: tuple[str, ...] = rule(
        ("лицей", "гимназ", "lyceum", "gymnasium", "с углубл", "с уиоп"),
        f"{FIOKO}: not a lyceum or gymnasium with advanced study of the subject; evalnb's reading: "
        "these fragments of a school's name mark such a school, because the criteria name the kinds "
        "of school and the name is the only sign of the kind the data hold",
        "a school whose name contains one of these (case-insensitive) is taken to study every "
        "subject in depth, and is not flagged for implausibly high results")
    advanced_study: dict[str, tuple[str, ...]] = rule(
        {}, f"{FIOKO}; evalnb's reading: no school listed, because only the municipality knows which "
        "school teaches which subject in depth", "school_id → subjects it teaches in depth ('*' = all); added to the name rule")

    # --- external procedures and recommendations ------------------------------
    essay_procedures: tuple[str, ...] = rule(
        ("итоговое сочинение", "итоговое изложение", "final essay", "final exposition"),
        f"{APPENDIX}: итоговое сочинение по русскому языку для обучающихся 11-х классов",
        "procedure names (case-insensitive) of the pass/fail final essay")
    history_subjects: tuple[str, ...] = rule(
        ("история", "история россии", "всеобщая история", "история россии. всеобщая история",
         "history", "历史"),
        f"{ORDER}, item 1.4: особый контроль качества по истории в 5-х – 9-х классах; evalnb's "
        "reading: these names of the history courses, because the order says only 'история'",
        "subject names (case-insensitive) counted as history")
    history_grades: tuple[int, ...] = rule(
        (5, 9), f"{ORDER}, item 1.4: 5-х – 9-х классах", "first and last grade of item 1.4")

    gia_grades: tuple[int, ...] = rule(
        (9, 11), f"{ORDER}, item 1.5: подготовка к государственной итоговой аттестации; evalnb's "
        "reading: grades 9 and 11, because those grades sit the ГИА (ОГЭ and ЕГЭ)",
        "graduating grades whose risk-zone subjects call for item 1.5")
    school_year_start: str = rule(
        "09-01", "evalnb's reading: a school year begins on 1 September, because the Russian "
        "school year does and the order reports by the quarters of the 2019-2020 school year",
        "MM-DD: a report for a period analyses the external procedures of the school year up to "
        "the period's end")

    def __post_init__(self):
        if self.count_by not in ("marks", "students"):
            raise ValueError(f"count_by must be 'marks' or 'students', not {self.count_by!r}")
        if len(self.sou_weights) != 5:
            raise ValueError("sou_weights must list 5 weights: for the marks 5, 4, 3, 2, 1")
        if len(self.history_grades) != 2 or self.history_grades[0] > self.history_grades[1]:
            raise ValueError("history_grades must be [first, last] grade")
        import re
        if not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", self.school_year_start):
            raise ValueError(f"school_year_start must be MM-DD, not {self.school_year_start!r}")
        for name in ("risk_quality_below", "risk_pass_rate_below", "risk_quality_drop",
                     "risk_pass_rate_drop", "inflated_lowered_share", "inflated_margin",
                     "high_external_margin", "support_margin"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"{name} is a share from 0 to 1 (0.5 = 50 %), not {v}")

    # --- helpers ----------------------------------------------------------------
    def is_essay(self, procedure) -> bool:
        return str(procedure).strip().casefold() in {p.casefold() for p in self.essay_procedures}

    def is_history(self, subject) -> bool:
        return str(subject).strip().casefold() in {s.casefold() for s in self.history_subjects}

    def advanced(self, school_id, name, subject) -> bool:
        """Whether a school studies ``subject`` in depth (by its name or ``advanced_study``)."""
        subjects = self.advanced_study.get(str(school_id), ())
        if "*" in subjects or str(subject) in subjects:
            return True
        low = str(name or "").casefold()
        return any(p.casefold() in low for p in self.advanced_name_patterns)
