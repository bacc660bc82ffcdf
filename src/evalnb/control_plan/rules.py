"""The rules of the integrated ВШК/ВСОКО plan, with the clause each comes from.

The Armavir order of 02.03.2020 № 204 (its appendix, the report on the
seminar for deputy directors) names what a plan must cover — control of
subject, metasubject and personal results — the fields of a plan item
(object, goal, methods, form, the way results are recorded) and the
principles of control; everything the text leaves open is evalnb's reading,
said so in the source.  The rules of the Положение checker (obsolete terms,
acts that do not regulate internal control …) are in
:mod:`evalnb.control_plan.docrules`; a rules file adds terms and acts or
switches codes off with the ``document_*`` keys here::

    # municipality.yaml
    control_plan:
      max_items_per_person_month: 5
      priorities: [функциональная грамотность, объективность оценивания]
      document_off: [exclamation]
      document_terms:
        vospitanniki: {pattern: '\\bвоспитанник\\w*', suggestion: обучающиеся}

Examples
--------
>>> ControlPlanRules.load({"max_items_per_person_month": 5}).max_items_per_person_month
5
>>> ControlPlanRules.load().required_directions
{'results': ['subject', 'metasubject', 'personal']}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ..core.rules import Rules, rule

ORDER = "Armavir order of 02.03.2020 № 204"
SEMINAR = f"{ORDER}, appendix: seminar on the integrated ВШК/ВСОКО plan"
PRINCIPLES = f"{ORDER}, item 10: the principles of the ВШК/ВСОКО plan"

RESULT_KINDS = ("subject", "metasubject", "personal")

_METHODS = {
    "subject": {"allowed": ["контрольн", "диагностическ", "проверочн", "тест", "срез", "зачёт",
                            "зачет", "впр", "огэ", "егэ", "гиа", "анализ результатов"],
                "forbidden": []},
    "metasubject": {"allowed": ["комплексн", "метапредметн", "проект", "читательск",
                                "функциональн", "диагностическ"],
                    "forbidden": []},
    "personal": {"allowed": ["анкет", "опрос", "наблюден", "неперсонифицир", "социометр",
                             "мониторинг"],
                 "forbidden": ["контрольн", "зачёт", "зачет", "экзамен", "отметк", "отметок"]},
}


@dataclass(frozen=True)
class ControlPlanRules(Rules):
    """What a sound ВШК/ВСОКО plan covers, and what the checkers look for."""

    domain: ClassVar[str] = "control_plan"

    directions: list[str] = rule(
        ["results", "process", "conditions"],
        f"{SEMINAR}: the direction «оценка качества образовательных результатов»; the quality of "
        "educational activity (process) and of its conditions are common ВСОКО practice, optional",
        "the direction codes a plan item may have; a municipality may add others")
    required_directions: dict[str, list[str]] = rule(
        {"results": list(RESULT_KINDS)},
        f"{SEMINAR}: «в части оценки качества предметных, метапредметных и личностных результатов "
        "обучающихся»",
        "direction → the result kinds that must each have at least one item "
        "(an empty list: the direction needs at least one item)")
    months: list[int] = rule(
        [9, 10, 11, 12, 1, 2, 3, 4, 5],
        "evalnb's reading: the months of the school year, each of which should have some control; "
        f"a half-year plan passes its own months ({ORDER}, item 1: corrections «на второе полугодие»)",
        "months (1–12) that should each have at least one item")
    max_items_per_person_month: int = rule(
        4, f"evalnb's reading of {PRINCIPLES}: «простота и экономичность контроля» (the order sets "
        "no number)",
        "more items than this for one responsible person in one month is an overload")
    methods_by_result_kind: dict[str, dict[str, list[str]]] = rule(
        _METHODS,
        f"evalnb's reading of {PRINCIPLES}: «адекватность методов ВШК его объекту и ситуации»; "
        "personal results are assessed only in non-personalised procedures (ФГОС); «отметок» is "
        "listed beside the stem «отметк», which its genitive plural does not contain",
        "result kind → allowed (at least one must occur) and forbidden (none may occur) "
        "word stems, matched in the item's methods regardless of case")
    priorities: list[str] = rule(
        [], f"{PRINCIPLES}: «стратегическая направленность контроля»; the school lists the "
        "strategic priorities of its development programme (empty: not checked)",
        "when given, every item's priority must be one of these")
    staff_focus_terms: list[str] = rule(
        ["педагог", "учител", "кадр"],
        f"evalnb's reading of {PRINCIPLES}: «ориентация на повышение эффективности деятельности "
        "педагогических кадров»",
        "word stems that mark an item about teachers' work (in its object or goal)")
    min_staff_items_per_half: int = rule(
        1, f"evalnb's reading of {PRINCIPLES}: teachers' work is controlled in every half-year",
        "items about teachers' work each half-year (September–December, January–August) needs")
    document_off: list[str] = rule(
        [], f"{SEMINAR}: the typical faults are examples («и др.»); a municipality may switch a "
        "check of the Положение off",
        "codes of the Положение checks that are not run")
    document_terms: dict[str, dict[str, str]] = rule(
        {}, f"{SEMINAR}: obsolete terms «… и др.» — a municipality adds its own",
        "extra obsolete terms: code → {pattern: regular expression, suggestion: replacement}")
    document_acts: dict[str, dict[str, str]] = rule(
        {}, f"{SEMINAR}: acts that do not regulate internal control «… и др.» — a municipality "
        "adds its own",
        "extra acts to flag: code → {pattern: regular expression, suggestion: what to do}")

    def __post_init__(self):
        unknown = set(self.required_directions) - set(self.directions)
        if unknown:
            raise ValueError(f"required_directions names directions not in directions: "
                             f"{sorted(unknown)}")
        bad_kinds = {k for kinds in self.required_directions.values() for k in kinds} - set(RESULT_KINDS)
        if bad_kinds:
            raise ValueError(f"required_directions: unknown result kinds {sorted(bad_kinds)}; "
                             f"the kinds are {', '.join(RESULT_KINDS)}")
        if not self.months or any(not 1 <= m <= 12 for m in self.months):
            raise ValueError("months must list month numbers from 1 to 12")
        if self.max_items_per_person_month < 1:
            raise ValueError("max_items_per_person_month must be at least 1")
        if self.min_staff_items_per_half < 0:
            raise ValueError("min_staff_items_per_half must not be negative")
        for kind, spec in self.methods_by_result_kind.items():
            if kind not in RESULT_KINDS:
                raise ValueError(f"methods_by_result_kind: unknown result kind {kind!r}")
            if set(spec) - {"allowed", "forbidden"}:
                raise ValueError(f"methods_by_result_kind.{kind}: the keys are allowed and forbidden")
        for key in ("document_terms", "document_acts"):
            for code, spec in getattr(self, key).items():
                if "pattern" not in spec or "suggestion" not in spec:
                    raise ValueError(f"{key}.{code} needs a pattern and a suggestion")
                try:
                    re.compile(spec["pattern"])
                except re.error as exc:
                    raise ValueError(f"{key}.{code}: the pattern is not a regular expression "
                                     f"({exc})") from None


def load_rules(rules=None) -> ControlPlanRules:
    """``ControlPlanRules.load(rules)``: defaults, a mapping, a YAML path or an instance."""
    return ControlPlanRules.load(rules)
