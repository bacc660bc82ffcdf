"""Translated labels of the assessment reports, forms and widgets.

The convention of every domain: a function of the translator ``_`` returns
``{code: label}`` for the codes the calculators return (``low_quality``,
``inflated_marks``, ``correct_plan`` …); every text comes from the
``assessment`` catalog (``locale/<lang>/assessment.po``).  Shares and
changes are formatted for a language by :func:`signed` and :func:`pp`.
"""

from __future__ import annotations

import math
import re
from typing import Callable

import pandas as pd

from ..core.i18n import fmt_number, fmt_percent


def measure_labels(_: Callable) -> dict[str, str]:
    """The measures of journal marks (order № 204, appendix)."""
    return {
        "n": _("N (marks counted)"),
        "pass_rate": _("Pass rate (успеваемость)"),
        "quality": _("Quality of knowledge (качество знаний)"),
        "sou": _("СОУ, degree of learning (степень обученности), %"),
        "mean_mark": _("Mean mark (средний балл)"),
    }


def short_labels(_: Callable) -> dict[str, str]:
    """Short names of the measures, for table headers."""
    return {
        "pass_rate": _("Pass rate"),
        "quality": _("Quality"),
        "sou": _("СОУ"),
        "mean_mark": _("Mean mark"),
    }


def result_labels(_: Callable) -> dict[str, str]:
    """External marks against journal marks: lowered, confirmed, raised."""
    return {
        "lowered": _("Lowered (понизили)"),
        "confirmed": _("Confirmed (подтвердили)"),
        "raised": _("Raised (повысили)"),
    }


def flag_labels(_: Callable) -> dict[str, str]:
    """Signs of non-objective assessment (codes of ``objectivity_flags``)."""
    return {
        "inflated_marks": _("Internal marks look inflated"),
        "implausible_external": _("External results look implausibly high"),
    }


def action_labels(_: Callable) -> dict[str, str]:
    """The follow-up actions of item 1 of the order (codes of ``recommendations``)."""
    return {
        "correct_plan": _("Correct the integrated plan of internal school control and ВСОКО for the next half-year, for the subjects in the risk zone."),
        "internal_analysis": _("Carry out the school's own analysis of the quality of educational activity, taking into account the conclusions and recommendations of the methodological centre."),
        "objectivity_control": _("Ensure strict compliance with the regulation on the forms, frequency and procedure of current and intermediate assessment, to prevent non-objective assessment of students' achievements."),
        "history_control": _("Put the quality of history teaching in grades 5–9 under special control."),
        "gia_preparation": _("Ensure effective preparation of students for the state final attestation (ГИА), taking into account the problem zones found by the analysis."),
    }


def because_labels(_: Callable) -> dict[str, str]:
    """Why an action applies (codes of ``recommendations(...)['because']``)."""
    return {
        "risk_zone": _("subjects in the risk zone"),
        "objectivity": _("signs of non-objective assessment"),
        "history": _("history in grades 5–9 in the risk zone"),
        "gia_risk": _("risk-zone subjects in the graduating grades"),
        "essay": _("students who have not passed the final essay"),
    }


def section_labels(_: Callable) -> dict[str, str]:
    """The reports' section headings."""
    return {
        "key_figures": _("Key figures"),
        "subjects": _("Subjects"),
        "classes": _("Classes"),
        "objectivity": _("External procedures against journal marks"),
        "essay": _("Final essay"),
        "risk": _("Subjects in the risk zone"),
        "cluster": _("Place in the cluster"),
        "flags": _("Signs of non-objective assessment"),
        "recommendations": _("Recommendations"),
        "rules": _("Rules applied"),
        "schools": _("Schools"),
        "clusters": _("Clusters"),
        "heatmap": _("School × subject"),
        "dynamics": _("Dynamics"),
    }


def intro_labels(_: Callable) -> dict[str, str]:
    """The short explanation under a section heading, where there is one."""
    return {
        "subjects": _("Pass rate is the share of marks 3, 4 and 5 among the marks counted (N: marks and "
                      "'not attested'; exempt students are left out); quality of knowledge is the share of "
                      "4 and 5; СОУ weighs 5, 4, 3, 2, 1 and 'not attested' as 100, 64, 36, 16, 7 and 7 %. "
                      "Subjects in the risk zone are highlighted."),
        "objectivity": _("Each external mark is compared with the same student's journal mark in the subject "
                         "for the last period that ended on or before the procedure: lower — the journal mark "
                         "was not confirmed (lowered), equal — confirmed, higher — raised. The correspondence of "
                         "external and internal assessment is the key guide of the municipal system of quality "
                         "assessment."),
        "risk": _("A subject is in the risk zone when its quality of knowledge or pass rate is below the "
                  "threshold, or fell from the previous period by more than the limit (the thresholds are in "
                  "the rules at the end of the report)."),
        "flags": _("Signs after the criteria Rosobrnadzor and FIOKO published in 2018 for non-objective results: "
                   "many external marks lower than the journal marks; or external results notably above the "
                   "municipality's, in a school that is not a lyceum or gymnasium with advanced study of the "
                   "subject, not supported by the same students' journal marks or by other procedures. A sign "
                   "is a reason to look closer, not a conclusion."),
        "cluster": _("Conclusions on quality are drawn by clusters of schools, taking their specifics into account."),
        "heatmap": _("Quality of knowledge of each school in each subject; the colour scale runs from red "
                     "(low) to green (high)."),
    }


def rule_labels(_: Callable) -> dict[str, str]:
    """The rules of :class:`~evalnb.assessment.AssessmentRules`, as the rules table names them."""
    return {
        "count_by": _("Counting unit of N"),
        "count_na": _("'Not attested' counts in N"),
        "sou_weights": _("СОУ weights of the marks 5, 4, 3, 2, 1"),
        "sou_weight_na": _("СОУ weight of 'not attested'"),
        "risk_quality_below": _("Risk zone: quality of knowledge below"),
        "risk_pass_rate_below": _("Risk zone: pass rate below"),
        "risk_quality_drop": _("Risk zone: quality fell by more than"),
        "risk_pass_rate_drop": _("Risk zone: pass rate fell by more than"),
        "risk_min_n": _("Fewest marks to judge a subject"),
        "objectivity_min_n": _("Fewest results to find a sign of non-objectivity"),
        "inflated_lowered_share": _("Inflated marks: share lowered from"),
        "inflated_margin": _("Inflated marks: above the municipality by"),
        "high_external_margin": _("Implausible results: share of 4 and 5 above the municipality by"),
        "support_margin": _("Implausible results: unsupported from a gap of"),
        "advanced_name_patterns": _("Names of schools with advanced study"),
        "advanced_study": _("Subjects studied in depth, by school"),
        "essay_procedures": _("Names of the final essay"),
        "history_subjects": _("Subjects counted as history"),
        "history_grades": _("Grades of the special control of history"),
        "gia_grades": _("Graduating grades"),
        "school_year_start": _("First day of the school year"),
    }


def rule_source_labels(_: Callable) -> dict[str, str]:
    """Where a rule's default comes from, in short (the full source is in the rules class)."""
    return {
        "reading": _("evalnb's reading (the order sets no number)"),
        "simonov": _("В. П. Симонов's degree of learning (СОУ)"),
        "appendix": _("Order № 204, appendix; the number is evalnb's reading"),
        "fioko": _("Rosobrnadzor and FIOKO criteria of 2018"),
        "essay": _("Order № 204, appendix: final essay of grade 11"),
        "item_1_4": _("Order № 204, item 1.4"),
        "item_1_5": _("Order № 204, item 1.5"),
        "file": _("the municipality's rules file"),
    }


def signed(x, lang: str, digits: int = 1, scale: float = 1.0) -> str:
    """A change with its sign (``+2,5`` / ``−1,0``); ``—`` when missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    try:
        v = float(x) * scale
    except (TypeError, ValueError):
        return "—"
    if math.isnan(v):
        return "—"
    if abs(v) < 0.5 * 10 ** -digits:
        v = 0.0
    text = fmt_number(abs(v), lang, digits)
    return ("+" if v > 0 else "−" if v < 0 else "±") + text


def pp(x, lang: str) -> str:
    """A change of a share in percentage points, signed."""
    return signed(x, lang, 1, 100.0)


def reason_text(row, _: Callable, lang: str) -> str:
    """One risk-zone reason in words, with its value and threshold."""
    r = row["reason"]
    if r == "low_quality":
        return _("quality {value} below {threshold}", value=fmt_percent(row["value"], lang),
                 threshold=fmt_percent(row["threshold"], lang))
    if r == "low_pass_rate":
        return _("pass rate {value} below {threshold}", value=fmt_percent(row["value"], lang),
                 threshold=fmt_percent(row["threshold"], lang))
    if r == "quality_drop":
        return _("quality fell by {change} p.p. (from {previous})", change=pp(-row["value"], lang).lstrip("+"),
                 previous=fmt_percent(row["previous"], lang))
    if r == "pass_rate_drop":
        return _("pass rate fell by {change} p.p. (from {previous})",
                 change=pp(-row["value"], lang).lstrip("+"), previous=fmt_percent(row["previous"], lang))
    return str(r)


def flag_evidence(row, _: Callable, lang: str) -> str:
    """The evidence of an objectivity flag, in one sentence."""
    if row["flag"] == "inflated_marks":
        return _("{share} of {n} external marks lower than the journal mark (municipality: {muni})",
                 share=fmt_percent(row["lowered_share"], lang), n=int(row["n"]),
                 muni=fmt_percent(row["muni_lowered_share"], lang))
    parts = [_("share of 4 and 5: {school} against {muni} in the municipality",
               school=fmt_percent(row["external_quality"], lang),
               muni=fmt_percent(row["muni_external_quality"], lang)),
             _("the same students' journal marks: {journal}",
               journal=fmt_percent(row["journal_quality"], lang))]
    other = row.get("other_gap")
    if other is None or (isinstance(other, float) and math.isnan(other)):
        parts.append(_("no other procedure in the subject"))
    else:
        parts.append(_("other procedures in the subject: {gap} p.p. against the municipality",
                       gap=pp(other, lang)))
    return "; ".join(parts)


# --- values of the data: periods, subjects, procedures, students -------------------------

_ROMAN = ("", "I", "II", "III", "IV", "V", "VI")
_CN = ("", "一", "二", "三", "四", "五", "六")
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{4})\s+([QHT])([1-6])\s*$", re.IGNORECASE)


def period_label(period, _: Callable) -> str:
    """A period code of the periods table as a reader says it; other codes are shown as they are.

    ``2019-2020 Q4`` is "Q4 2019/20", «IV четверть 2019/2020», «2019—2020学年第四季度»
    (``H`` a half-year, ``T`` a trimester).

    Examples
    --------
    >>> from evalnb.core.i18n import translator
    >>> [period_label("2019-2020 Q4", translator(lang, "assessment")) for lang in ("en", "ru", "zh")]
    ['Q4 2019/20', 'IV четверть 2019/2020', '2019—2020学年第四季度']
    >>> period_label("Spring term", translator("ru", "assessment"))
    'Spring term'
    """
    m = _PERIOD.match(str(period))
    if not m:
        return str(period)
    start, end, kind, n = m.group(1), m.group(2), m.group(3).upper(), int(m.group(4))
    fmt = dict(n=n, roman=_ROMAN[n], cn=_CN[n], start=start, end=end, end_short=end[-2:])
    if kind == "Q":
        return _("Q{n} {start}/{end_short}", **fmt)
    if kind == "H":
        return _("H{n} {start}/{end_short}", **fmt)
    return _("T{n} {start}/{end_short}", **fmt)


def subject_labels(_: Callable) -> dict[str, str]:
    """School subjects as the data names them (in Russian) -> their name in the reader's language."""
    return {
        "Русский язык": _("Russian language"), "Литература": _("Literature"),
        "Математика": _("Mathematics"), "Алгебра": _("Algebra"), "Геометрия": _("Geometry"),
        "Английский язык": _("English language"), "История": _("History"),
        "Обществознание": _("Social studies"), "География": _("Geography"), "Биология": _("Biology"),
        "Физика": _("Physics"), "Химия": _("Chemistry"), "Информатика": _("Computer science"),
    }


def procedure_labels(_: Callable) -> dict[str, str]:
    """External procedures as the data names them -> their name in the reader's language."""
    return {
        "ВПР": _("ВПР (all-Russian test works)"),
        "РДР": _("РДР (regional diagnostic work)"),
        "Итоговое сочинение": _("Final essay"),
    }


NAME_COLUMNS = ("last_name", "first_name", "middle_name")


def student_names(students: pd.DataFrame) -> pd.Series | None:
    """Each student's name (last, first, middle name; else the ``name`` column), by the frame's index.

    ``None`` when the data has no names: the forms then show the student codes only.
    Never for handouts: names are for the people who keep the class lists.

    Examples
    --------
    >>> s = pd.DataFrame({"student_id": ["S1", "S2"], "last_name": ["Жукова", None],
    ...                   "first_name": ["Виктория", None], "middle_name": ["Павловна", None]})
    >>> student_names(s).tolist()
    ['Жукова Виктория Павловна', '']
    >>> student_names(s[["student_id"]]) is None
    True
    """
    def clean(col: str) -> pd.Series:
        if col not in students.columns:
            return pd.Series("", index=students.index, dtype=object)
        return students[col].astype("string").fillna("").str.strip().astype(object)

    parts = pd.concat([clean(c) for c in NAME_COLUMNS], axis=1)
    joined = parts.apply(lambda r: " ".join(x for x in r if x), axis=1) if len(parts) else \
        pd.Series("", index=students.index, dtype=object)
    whole = clean("name")
    names = joined.where(joined != "", whole).astype(object)
    return names if (names != "").any() else None


__all__ = ["measure_labels", "short_labels", "result_labels", "flag_labels", "action_labels",
           "because_labels", "section_labels", "intro_labels", "rule_labels", "rule_source_labels",
           "signed", "pp", "reason_text", "flag_evidence", "period_label", "subject_labels",
           "procedure_labels", "student_names", "NAME_COLUMNS"]
