"""The rule table of the Положение checker: what is flagged, what replaces it, and why.

The Armavir order of 02.03.2020 № 204 (appendix, the seminar's third
question) lists the typical faults of the schools' Положения о ВШК и ВСОКО:
obsolete terms, federal acts cited that do not regulate internal control,
signs that the document was copied from another school, and a style that is
not official-business.  Each row below is one check: its kind and code, the
patterns (alternatives) it looks for, the suggestion shown to the school,
and the source in plain words.  A municipality switches codes off or adds
terms and acts through :class:`~evalnb.control_plan.rules.ControlPlanRules`.

Russian word forms are spelled out in the patterns (every case ending of the
words concerned), which measured better than a morphological analyser on the
test texts (see the package's report notes).

Examples
--------
>>> [r.code for r in DEFAULT_RULES][:3]
['educational_process', 'uchashchiesya', 'stupen']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import ORDER

SEMINAR = f"{ORDER}, appendix, seminar question 3: typical faults of the Положение о ВШК и ВСОКО"
LAW_273 = "the federal law on education of 29.12.2012 № 273-ФЗ, art. 2"
KINDS = ("obsolete_term", "irrelevant_act", "lost_force_act", "copied", "style")

#: The school mention whose number is compared with the school's own (group 1: the number).
#: «лицензия № …» and «Школьная № …» (a street) are not schools: evalnb's reading keeps
#: «лице…» and «школ…» from matching «лиценз…» and «школьн…».
SCHOOL_MENTION = (r"\b(?:(?:[МГ][БАК]?ОУ|ЧОУ)[\s-]+)?(?:СОШ|ООШ|НОШ|СШ|лице(?!нз)\w*|гимнази\w*"
                  r"|школ(?!ьн)\w*)\s*№\s*(\d+)")
#: Two words before «образовательное учреждение» starting so make it part of a legal name.
LEGAL_NAME_STEMS = ("бюджетн", "автономн", "казённ", "казенн", "частн")
IRRELEVANT = "исключить ссылку: акт не регламентирует внутренний контроль в образовательной организации"


@dataclass(frozen=True)
class Alternative:
    """One way a rule matches: ``pattern``, and optionally ``also`` somewhere on the same line."""

    pattern: str
    also: str | None = None


@dataclass(frozen=True)
class DocRule:
    """One check of the Положение.

    ``per_line``: at most one finding per line (acts), quoting the first
    alternative that matched; otherwise one finding per occurrence.
    ``legal_name_stems``: no finding when one of the two words before the
    match starts with one of these (a legal name of an organisation).
    ``compare_number``: the match's group 1 is a school number, flagged only
    when it differs from the school's own.
    """

    kind: str
    code: str
    alternatives: tuple[Alternative, ...]
    suggestion: str
    source: str
    per_line: bool = False
    legal_name_stems: tuple[str, ...] = ()
    compare_number: bool = False

    def compiled(self) -> tuple[tuple[re.Pattern, re.Pattern | None], ...]:
        flags = re.IGNORECASE
        return tuple((re.compile(a.pattern, flags), re.compile(a.also, flags) if a.also else None)
                     for a in self.alternatives)


def _term(code, pattern, suggestion, quoted, **kw) -> DocRule:
    return DocRule("obsolete_term", code, (Alternative(pattern),), suggestion,
                   f"{SEMINAR}: obsolete terms, {quoted}; the replacement from {LAW_273}", **kw)


DEFAULT_RULES: tuple[DocRule, ...] = (
    _term("educational_process",
          r"\bобразовательн(?:ый|ого|ому|ым|ом|ые|ых|ыми)\s+процесс(?:а|у|ом|е|ы|ов|ам|ами|ах)?\b",
          "образовательная деятельность", "«образовательный процесс»"),
    _term("uchashchiesya",
          r"\bучащ(?:ийся|егося|емуся|имся|емся|аяся|ейся|уюся|иеся|ихся|имися)\b",
          "обучающиеся", "«учащиеся»"),
    _term("stupen", r"\bступен(?:ь|и|ью|ей|ям|ями|ях)\s+обучения\b",
          "уровень образования", "«ступень обучения»"),
    _term("uvp_participants",
          r"\bучастник(?:и|а|у|ом|е|ов|ам|ами|ах)?\s+учебно-воспитательного\s+процесса\b",
          "участники образовательных отношений", "«участники учебно-воспитательного процесса»"),
    DocRule("obsolete_term", "edu_institution",
            (Alternative(r"\bобразовательн(?:ое|ого|ому|ым|ом|ые|ых|ыми)\s+"
                         r"учреждени(?:е|я|ю|ем|и|й|ям|ями|ях)\b"),),
            "образовательная организация",
            f"{SEMINAR}: obsolete terms, «образовательное учреждение»; the replacement from "
            f"{LAW_273}; a legal name («… бюджетное образовательное учреждение …») is kept "
            "(evalnb's reading: the name is registered and is not a term)",
            legal_name_stems=LEGAL_NAME_STEMS),
    DocRule("irrelevant_act", "fz134",
            (Alternative(r"(?:№\s*)?\b134\s*[-–—]\s*ФЗ\b"), Alternative(r"№\s*134\b", also=r"2001"),
             Alternative(r"при проведении государственного контроля")),
            IRRELEVANT,
            f"{SEMINAR}: «Федеральный закон от 8 августа 2001 года № 134 – ФЗ» does not regulate "
            "internal control", per_line=True),
    DocRule("irrelevant_act", "fz131",
            (Alternative(r"(?:№\s*)?\b131\s*[-–—]\s*ФЗ\b"), Alternative(r"№\s*131\b", also=r"2003"),
             Alternative(r"Об общих принципах организации местного самоуправления")),
            IRRELEVANT,
            f"{SEMINAR}: the law «от 6 октября 2003 года № 131 … Об общих принципах организации "
            "местного самоуправления» does not regulate internal control", per_line=True),
    DocRule("lost_force_act", "law3266",
            (Alternative(r"(?:№\s*)?\b3266\s*[-–—]\s*1\b"), Alternative(r"Об образовании»", also=r"1992")),
            "заменить ссылкой на Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в "
            "Российской Федерации»",
            "the law of the Russian Federation of 10.07.1992 № 3266-1 «Об образовании» lost force "
            "on 01.09.2013, when the federal law № 273-ФЗ replaced it (not named in the order)",
            per_line=True),
    DocRule("copied", "foreign_name", (Alternative(SCHOOL_MENTION),),
            "заменить наименованием своей организации",
            f"{SEMINAR}: «признаки несамостоятельного характера документа»; evalnb's reading: "
            "another school's number is such a sign", compare_number=True),
    DocRule("copied", "placeholder",
            (Alternative(r"\[[А-Яа-яЁё .,-]{3,60}\]"), Alternative(r"<[А-Яа-яЁё .,-]{3,60}>"),
             Alternative(r"№\s*_{2,}"), Alternative(r"\b[XХ]{3,}\b")),
            "заполнить шаблонное поле",
            f"{SEMINAR}: «признаки несамостоятельного характера документа»; evalnb's reading: "
            "an unfilled field of a template is such a sign"),
    DocRule("style", "colloquial", (Alternative(r"\bвывеш\w*"),), "размещается",
            f"{SEMINAR}: «несоблюдение требований официально-делового стиля (План ВШК вывешивается "
            "в доступном для педагогов месте)»"),
    DocRule("style", "exclamation", (Alternative(r"!"),),
            "официально-деловой стиль: без восклицательных знаков",
            f"evalnb's reading of {SEMINAR}: official-business style has no exclamations"),
    DocRule("style", "first_person",
            (Alternative(r"\b(?:мы|наш|наша|наше|наши|нашего|нашей|нашему|нашим|нашими|наших|нашу|"
                         r"нашем)\b"),),
            "безличная форма или наименование организации",
            f"evalnb's reading of {SEMINAR}: official-business style is impersonal"),
)


def rules_table(extra_terms: dict | None = None, extra_acts: dict | None = None,
                off: list[str] | tuple[str, ...] = ()) -> tuple[DocRule, ...]:
    """The default rules, plus a municipality's terms and acts, without the codes switched off."""
    out = [r for r in DEFAULT_RULES if r.code not in set(off)]
    for code, spec in (extra_terms or {}).items():
        if code not in off:
            out.append(DocRule("obsolete_term", code, (Alternative(spec["pattern"]),),
                               spec["suggestion"], spec.get("source", "the municipality's rules file")))
    for code, spec in (extra_acts or {}).items():
        if code not in off:
            out.append(DocRule(spec.get("kind", "irrelevant_act"), code,
                               (Alternative(spec["pattern"]),), spec["suggestion"],
                               spec.get("source", "the municipality's rules file"), per_line=True))
    return tuple(out)
