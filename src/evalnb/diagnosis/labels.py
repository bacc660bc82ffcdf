"""Translated labels of the 诊改 domain's codes: indicators, conditions, conclusions, attainment.

Shared by the reports, the forms and the exports.  The convention of every
domain: a function of the translator ``_`` returns ``{code: label}``; every
text comes from the ``diagnosis`` catalog (``locale/<lang>/diagnosis.po``).
"""

from __future__ import annotations

from typing import Callable


def indicator_labels(_: Callable) -> dict[str, str]:
    """The status indicators (``vocational_status.indicator``) and the rates derived from them."""
    return {
        "enrollment_fulltime": _("Full-time students (在校生数)"),
        "teachers_fulltime": _("Full-time teachers (专任教师)"),
        "teachers_professional": _("Professional teachers (专业教师)"),
        "teachers_dual": _("Dual-qualified teachers (双师型)"),
        "teachers_senior": _("Teachers with a senior title"),
        "teachers_part_time": _("Part-time teachers (兼职教师)"),
        "building_area_m2": _("Building floor area, m² (校舍建筑面积)"),
        "land_area_m2": _("Campus land area, m²"),
        "equipment_value_yuan": _("Value of teaching equipment, yuan"),
        "books_print": _("Printed books"),
        "graduates": _("Graduates"),
        "graduates_dual_cert": _("Graduates with two certificates"),
        "graduates_employed": _("Graduates employed (incl. further study)"),
        "graduates_further_study": _("Graduates in further study"),
        "graduates_matching": _("Graduates working in their field"),
        "enrolled_start": _("Students at the start of the year"),
        "dropouts": _("Dropouts"),
        "late_person_times": _("Late arrivals (person-times)"),
        "absence_person_times": _("Absences (person-times)"),
        "student_weeks": _("Student-weeks"),
        "diagnosis_system": _("诊改 system set up and running"),
        "student_teacher_ratio": _("Students per full-time teacher (师生比)"),
        "professional_share": _("Professional teachers' share (专业教师占比)"),
        "dual_share": _("Dual-qualified share (双师型比例)"),
        "senior_share": _("Senior-title share"),
        "equipment_per_student": _("Equipment per student, yuan (生均仪器设备值)"),
        "employment_rate": _("Employment rate (就业率)"),
        "matching_rate": _("In-field employment rate (对口率)"),
        "dual_cert_rate": _("Dual-certificate rate (双证书获取率)"),
        "dropout_rate": _("Dropout rate (辍学率)"),
        "late_rate": _("Late arrivals per 100 student-weeks"),
        "absence_rate": _("Absences per 100 student-weeks"),
    }


def standard_labels(_: Callable) -> dict[str, str]:
    """The five conditions of the establishment standard and the 诊改 system (guidance §4(三))."""
    return {
        "enrollment": _("Full-time students (在校生数)"),
        "student_teacher_ratio": _("Students per full-time teacher (师生比)"),
        "professional_share": _("Professional teachers' share (专业教师占比)"),
        "building_area": _("Building floor area, m² (校舍建筑面积)"),
        "equipment_per_student": _("Equipment per student, yuan (生均仪器设备值)"),
        "system": _("诊改 system set up and running"),
    }


def conclusion_labels(_: Callable) -> dict[str, str]:
    """The review conclusions (guidance §6)."""
    return {"effective": _("effective (有效)"), "abnormal": _("abnormal (异常)"),
            "needs_improvement": _("needs improvement (待改进)")}


def attainment_labels(_: Callable) -> dict[str, str]:
    """Attainment of an element's targets (附2)."""
    return {"achieved": _("achieved (达成)"), "partly": _("partly achieved (基本达成)"),
            "not_achieved": _("not achieved (未达成)")}


def reason_labels(_: Callable) -> dict[str, str]:
    """Why a school is in the sampling plan (guidance §4(二))."""
    return {"incident": _("major teaching incident"), "requested": _("requested by the school"),
            "sampled": _("sampled")}


def issue_labels(_: Callable) -> dict[str, str]:
    """The conflicts a sampling plan reports."""
    return {
        "incident_not_eligible": _("incident school does not meet the conditions for review"),
        "incident_closing": _("incident school is listed for closure"),
        "request_not_eligible": _("requesting school does not meet the conditions for review"),
        "request_closing": _("requesting school is listed for closure"),
        "request_outside_cycle": _("requested year is outside the cycle"),
        "municipality_not_coverable": _("no school of the prefecture can be reviewed"),
        "quota_unreachable": _("too few schools can be reviewed for a third"),
        **self_diagnosis_issue_labels(_),
    }


def self_diagnosis_issue_labels(_: Callable) -> dict[str, str]:
    """The sampling plan's conflicts about the self-diagnosis that must precede a review (§4(二))."""
    return {
        "no_self_diagnosis": _("no self-diagnosis before the review"),
        "incident_no_self_diagnosis": _("no 诊改 completed after the incident"),
    }


def cycle_status_labels(_: Callable) -> dict[str, str]:
    """Where a school stands against its own 诊改 cycle of at most 3 years (§7(一)2)."""
    return {"ok": _("within its cycle"), "too_long": _("cycle longer than allowed"),
            "overdue": _("next self-diagnosis overdue"), "none": _("no self-diagnosis recorded")}


def follow_status_labels(_: Callable) -> dict[str, str]:
    """The follow-up of a school whose review concluded 异常 (§6)."""
    return {"open": _("rectifying, deadline ahead"), "overdue": _("deadline passed"),
            "re_reviewed": _("reviewed again since"), "no_date": _("deadline unknown: no date of conclusion")}


def calendar_labels(_: Callable) -> dict[str, str]:
    """The province's dates of a year (§4(四), §6; notice §5)."""
    return {
        "rectification_due": _("rectification deadline of a school judged abnormal (异常)"),
        "conditions_deadline": _("deadline to meet the conditions for review (§4(四))"),
        "publish": _("publish the review conclusions and the list of schools not meeting the conditions"),
        "ministry_report": _("report the year's 诊改 and next year's plan to the Ministry"),
    }


def stop_labels(_: Callable) -> dict[str, str]:
    """Whether enrolment must stop (§6): yes, no, or unknown for missing data."""
    return {"yes": _("yes"), "no": _("no"), "unknown": _("unknown: no plan date, or data missing")}


def completeness_labels(_: Callable) -> dict[str, str]:
    """The parts of a self-diagnosis report (附2) that can be missing."""
    return {
        "report": _("whole report (overview, conclusion, suggestions, signature)"),
        "overview": _("overview (自我诊改工作概述)"),
        "conclusion_text": _("comprehensive conclusion (综合诊断结论)"),
        "suggestions_text": _("suggestions for improvement (改进工作建议)"),
        "principal_signed": _("principal's signature (校长签字)"),
        "diagnosis_text": _("self-diagnosis"), "measures_text": _("improvement measures"),
        "effect_text": _("improvement effect"),
    }


def completeness_problem_labels(_: Callable) -> dict[str, str]:
    """What is wrong with a part of the self-diagnosis report (附2)."""
    return {"empty": _("empty"), "no_report": _("no report recorded"), "not_signed": _("not signed")}
