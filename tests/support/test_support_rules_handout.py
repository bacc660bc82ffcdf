"""The rules at the end of the support handouts: the changed ones in the text, all in the appendix."""

import datetime as dt
import re

import pytest

from evalnb.support.report.rules_table import rules_table
from evalnb.support.rules import SupportRules

DEV = re.compile(r"\bTrue\b|\bFalse\b|\bNone\b|\bnan\b|DATA\.md|evalnb\.|due_soon_days|infer_shares|quota\b")


def text(table) -> str:
    return re.sub(r"<[^>]+>", " ", str(table.html)).replace("\xa0", " ")


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_default_rules_change_nothing_and_the_appendix_reads_as_words(lang):
    assert rules_table(SupportRules(), lang, only_changed=True) is None
    full = text(rules_table(SupportRules(), lang))
    assert not DEV.search(full) and "14" in full


def test_changed_rules_alone_in_the_text_with_dates_for_the_reader():
    rules = SupportRules.load({"quota": 36, "documents_deadline": "2022-03-30"})
    table = rules_table(rules, "ru", only_changed=True)
    assert len(re.findall(r"<tr", table.html)) == 3
    body = text(table)
    assert "36" in body and "30 мар. 2022" in body and "2022-03-30" not in body
