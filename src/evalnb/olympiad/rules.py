"""The rules of the olympiad review, with the words of the order each comes from.

The Armavir order of 02.03.2020 № 204 and its appendix (справка of the
centre for education development and quality assessment) review the
all-Russian school olympiad (ВсОШ) every year: coverage of the school stage,
every school taking part in the school and municipal stages, quality of
participation in the municipal and regional stages with its dynamics over
three school years, and an individual educational route (ИОМ) for every
winner and prize-winner.  A municipality overrides any rule with a mapping
or a YAML file::

    # municipality.yaml
    olympiad:
      coverage_grades: [5, 11]
      iom_special_subjects: 3

Examples
--------
>>> OlympiadRules.load({"coverage_grades": [5, 11]}).coverage_grades
(5, 11)
>>> OlympiadRules().iom_special_subjects
2
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..core.rules import Rules, rule

#: Stages of the olympiad, in order, and the statuses of a participant.
STAGES = ("school", "municipal", "regional", "final")
STATUSES = ("participant", "prize_winner", "winner")
IOM_STATUSES = ("planned", "in_progress", "done")
IOM_PARTS = ("mentor", "psychologist", "parents_involved", "iup")

ORDER = "Armavir order of 02.03.2020 № 204"
_APPENDIX = f"{ORDER}, appendix (report of the centre for education development)"
_TALK = f"{ORDER}, the talk on individual educational routes of gifted students"
_ITEM6 = (f"{ORDER}, item 1.6: «обеспечить в ОО реализацию ИОМ для победителей и призёров "
          "муниципального и регионального этапов ВОШ»")


@dataclass(frozen=True)
class OlympiadRules(Rules):
    """Grades, stages and reference values of the olympiad review, and what an ИОМ needs."""

    domain: ClassVar[str] = "olympiad"

    # --- coverage of the school stage ------------------------------------------------
    coverage_grades: tuple[int, ...] = rule(
        (4, 11), "evalnb's reading: the order names no grades; the school stage of the "
        "all-Russian olympiad is held for grades 4 to 11 (set it to the region's stage rules)",
        "first and last grade (inclusive) whose students count for coverage")
    coverage_benchmark: float = rule(
        0.73, f"{_APPENDIX}: «охват школьников всероссийской олимпиадой (ВОШ) составляет более "
        "73 % (школьный этап)» — a reported fact, drawn as a reference line, not a target",
        "reference line of the coverage chart")

    # --- schools taking part ------------------------------------------------------------
    school_share_stages: tuple[str, ...] = rule(
        ("school", "municipal"), f"{_APPENDIX}: «В школьном и муниципальном этапах принимают "
        "участие 100% общеобразовательных организаций (ОО), включая частные и школы-интернаты»",
        "stages at which every general school should take part")
    school_share_target: float = rule(
        1.0, f"{_APPENDIX}: «принимают участие 100% общеобразовательных организаций»",
        "share of general schools that should take part at each of those stages")

    # --- quality of participation -------------------------------------------------------
    quality_stages: tuple[str, ...] = rule(
        ("municipal", "regional"), f"{_APPENDIX}: «Качество участия в муниципальном и "
        "региональном этапах»", "stages whose quality of participation is reviewed")
    quality_benchmark: float = rule(
        0.35, f"{_APPENDIX}: «составляет более 35% (отмечается ежегодная положительная "
        "динамика)» — a reported fact, drawn as a reference line, not a target",
        "reference line of the quality chart")
    dynamics_years: int = rule(
        3, f"{_TALK}: «динамикой позиций общеобразовательных организаций по качеству участия "
        "в олимпиаде за последние 3 учебных года»",
        "school years of the dynamics window; positive dynamics is a change for the better "
        "against the year before («в сравнении с прошлым годом»)")

    # --- individual educational routes (ИОМ) ----------------------------------------------
    iom_stages: tuple[str, ...] = rule(
        ("municipal", "regional"), _ITEM6, "stages whose winners and prize-winners need an ИОМ")
    iom_statuses: tuple[str, ...] = rule(
        ("winner", "prize_winner"), _ITEM6, "statuses that need an ИОМ")
    iom_min_subjects: int = rule(
        1, f"{_ITEM6} (every winner and prize-winner, from one subject on)",
        "subjects won (distinct, at those stages) from which a student needs an ИОМ")
    iom_special_subjects: int = rule(
        2, f"{_TALK}: «взять под особый контроль реализацию … ИОМ … для обучающихся, ставших "
        "победителями и призёрами олимпиады по нескольким предметам» (letter of the regional "
        "ministry № 47-01-13-12584/19 of 26.06.2019)",
        "subjects won from which a student's ИОМ is under special control")
    iom_target: float = rule(
        1.0, f"{_APPENDIX}: «необходимость 100%-ной реализации ИОМ с привлечением родителей, "
        "школьных педагогов-психологов, педагогов – наставников»",
        "share of required students who should have an ИОМ under way or done")
    iom_active_statuses: tuple[str, ...] = rule(
        ("in_progress", "done"), "evalnb's reading of «реализация ИОМ»: a route counts once it is "
        "being implemented or done; a planned one does not yet",
        "ИОМ statuses that count as implemented")
    iom_complete_requires: tuple[str, ...] = rule(
        ("mentor", "psychologist", "parents_involved"),
        f"{_APPENDIX}: «с привлечением родителей, школьных педагогов-психологов, педагогов – "
        f"наставников»; {ORDER}, item 1.8: «постоянное взаимодействие с родителями, "
        "педагогами-наставниками одаренных школьников, педагогами-психологами»",
        "what an ИОМ must name (mentor, psychologist) or have (parents_involved, iup) to be complete")

    def __post_init__(self):
        g = self.coverage_grades
        if len(g) != 2 or not 1 <= g[0] <= g[1] <= 11:
            raise ValueError("coverage_grades must be two grades [first, last] with "
                             "1 ≤ first ≤ last ≤ 11")
        for name in ("school_share_stages", "quality_stages", "iom_stages"):
            bad = [s for s in getattr(self, name) if s not in STAGES]
            if bad or not getattr(self, name):
                raise ValueError(f"{name} must list stages among {', '.join(STAGES)}")
        if not self.iom_statuses or any(s not in STATUSES for s in self.iom_statuses):
            raise ValueError(f"iom_statuses must list statuses among {', '.join(STATUSES)}")
        if not self.iom_active_statuses or any(s not in IOM_STATUSES for s in self.iom_active_statuses):
            raise ValueError(f"iom_active_statuses must list statuses among {', '.join(IOM_STATUSES)}")
        if any(p not in IOM_PARTS for p in self.iom_complete_requires):
            raise ValueError(f"iom_complete_requires must list parts among {', '.join(IOM_PARTS)}")
        for name in ("coverage_benchmark", "school_share_target", "quality_benchmark", "iom_target"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be a share between 0 and 1")
        if self.dynamics_years < 1:
            raise ValueError("dynamics_years must be at least 1")
        if self.iom_min_subjects < 1 or self.iom_special_subjects < 1:
            raise ValueError("iom_min_subjects and iom_special_subjects must be at least 1")

    @property
    def grade_range(self) -> tuple[int, int]:
        return int(self.coverage_grades[0]), int(self.coverage_grades[1])


def load_rules(rules=None) -> OlympiadRules:
    """``OlympiadRules.load(rules)``: defaults, a mapping, a YAML path or an instance."""
    return OlympiadRules.load(rules)
