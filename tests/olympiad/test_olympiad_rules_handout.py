"""The rules at the end of the olympiad handouts: the changed ones in the text, all in the appendix."""

import re

import pytest

from evalnb.olympiad.report import rules_table
from evalnb.olympiad.rules import OlympiadRules

DEV = re.compile(r"\bTrue\b|\bFalse\b|\bNone\b|\bnan\b|DATA\.md|evalnb\.|coverage_benchmark|iom_target")


def text(table) -> str:
    return re.sub(r"<[^>]+>", " ", str(table.html)).replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_default_rules_change_nothing_and_the_appendix_reads_as_words(lang):
    assert rules_table(OlympiadRules(), lang, only_changed=True) is None
    full = text(rules_table(OlympiadRules(), lang))
    assert not DEV.search(full) and "73" in full


@pytest.mark.parametrize("lang, share", [("en", "80%"), ("ru", "80 %"), ("zh", "80%")])
def test_a_changed_rule_alone_in_the_text(lang, share):
    table = rules_table(OlympiadRules.load({"coverage_benchmark": 0.8}), lang, only_changed=True)
    assert len(re.findall(r"<tr", table.html)) == 2
    assert share in text(table) and "0.8" not in text(table)
