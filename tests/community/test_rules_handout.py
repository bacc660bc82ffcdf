"""The rules at the end of the community handouts: the changed ones in the text, all in the appendix."""

import re

import pytest

from evalnb.community.report._common import rules_table
from evalnb.community.rules import CommunityRules
from evalnb.core.i18n import translator

DEV = re.compile(r"\bTrue\b|\bFalse\b|\bNone\b|\bnan\b|DATA\.md|evalnb\.|min_size|exchange_share_min")


def text(table) -> str:
    return re.sub(r"<[^>]+>", " ", str(table.html)).replace("\xa0", " ")


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_default_rules_change_nothing_and_the_appendix_names_the_plans(lang):
    _ = translator(lang, "community")
    assert rules_table(CommunityRules(), _, lang, only_changed=True) is None
    full = text(rules_table(CommunityRules(), _, lang))
    assert not DEV.search(full) and "4–8" in full
    assert _("Zhaoge Primary School alliance plan") in full


def test_a_changed_share_alone_in_the_text_as_a_percentage():
    _ = translator("zh", "community")
    table = rules_table(CommunityRules.load({"exchange_share_min": 0.05}), _, "zh", only_changed=True)
    assert len(re.findall(r"<tr", table.html)) == 2
    assert "5%" in text(table) and "0.05" not in text(table)
