"""The rules at the end of the assessment handouts: the changed ones in the text, all in the appendix."""

import re

import pytest

from evalnb.assessment.report import rules_table
from evalnb.assessment.rules import AssessmentRules
from evalnb.core.report import ReportContext

DEV = re.compile(r"\bTrue\b|\bFalse\b|\bNone\b|\bnan\b|DATA\.md|evalnb\.|risk_quality_below|count_by")


def text(table) -> str:
    return re.sub(r"<[^>]+>", " ", str(table.html if hasattr(table, "html") else table))


def ctx(lang, **changed):
    return ReportContext("assessment", None, lang, rules=AssessmentRules.load(changed or None))


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_default_rules_change_nothing_and_the_appendix_lists_them_for_a_reader(lang):
    assert rules_table(ctx(lang), only_changed=True) is None
    full = text(rules_table(ctx(lang)))
    assert not DEV.search(full), DEV.search(full)
    assert len(re.findall(r"<tr", str(rules_table(ctx(lang)).html))) == len(AssessmentRules().describe()) + 1


@pytest.mark.parametrize("lang, share", [("en", "60%"), ("ru", "60 %"), ("zh", "60%")])
def test_a_changed_rule_alone_in_the_text_as_a_percentage(lang, share):
    table = rules_table(ctx(lang, risk_quality_below=0.6), only_changed=True)
    rows = re.findall(r"<tr", str(table.html))
    assert len(rows) == 2                                   # the header and the one rule changed
    body = text(table)
    assert share in body.replace("\xa0", " ").replace("\u202f", " ") and "0.6" not in body
