"""The rules at the end of the control-plan handouts: the changed ones in the text, all in the appendix."""

import re

import pytest

from evalnb.control_plan.report.common import rules_table
from evalnb.control_plan.rules import ControlPlanRules

DEV = re.compile(r"\bTrue\b|\bFalse\b|\bNone\b|\bnan\b|DATA\.md|evalnb\.|max_items_per_person_month|\[\]")


def text(table) -> str:
    return re.sub(r"<[^>]+>", " ", str(table.html)).replace("\xa0", " ")


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_default_rules_change_nothing_and_the_appendix_reads_as_words(lang):
    assert rules_table(ControlPlanRules(), lang, only_changed=True) is None
    full = text(rules_table(ControlPlanRules(), lang))
    assert not DEV.search(full)
    if lang != "en":                                    # the sources are translated too
        assert "Armavir" not in full and "reading" not in full


def test_a_changed_rule_alone_in_the_text():
    table = rules_table(ControlPlanRules.load({"max_items_per_person_month": 5}), "ru", only_changed=True)
    assert len(re.findall(r"<tr", table.html)) == 2
    from evalnb.core.i18n import translator

    body = text(table)
    assert translator("ru", "control_plan")("Most items for one person in a month") in body
    assert re.search(r">\s*5\s*<", table.html)
