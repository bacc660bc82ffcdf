"""The community rules: plain sources, presets, bad values; the domain as the registry sees it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from evalnb import RulesError, UnknownNameError
from evalnb.community import DOMAIN, CommunityRules
from evalnb.core import domain as domains

ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_has_a_plain_source():
    rules = CommunityRules()
    for f in dataclasses.fields(rules):
        src = rules.source_of(f.name)
        assert src, f.name
        assert not re.search(r"DATA\.md|\.txt|\.py|seed|\bL\d+", src), (f.name, src)
        assert ("evalnb's reading" in src) or re.search(r"plan|summary", src), (f.name, src)


def test_defaults_and_preset():
    r = CommunityRules()
    assert (r.min_size, r.max_size, r.min_parents, r.max_parents) == (4, 8, 4, 8)
    assert (r.min_groups_per_teacher, r.max_groups_per_teacher) == (2, 3)
    assert (r.exchange_share_min, r.backbone_share_min, r.report_months) == (0.03, 0.80, (6, 12))
    assert CommunityRules.preset("lixin").min_size == 6
    with pytest.raises(UnknownNameError):
        CommunityRules.preset("mobu")


@pytest.mark.parametrize("override", [
    {"min_size": 9}, {"exchange_share_min": 1.5}, {"quota_scope": "county"}, {"unit": ["village"]},
    {"per_term": {"picnic": 1}}, {"report_months": [3, 6]}, {"autumn_start": "09-31"},
    {"min_size": "four"}, {"no_such_rule": 1},
])
def test_bad_rules_are_rules_errors(override):
    with pytest.raises(RulesError):
        CommunityRules.load(override)


def test_yaml_section(tmp_path):
    path = tmp_path / "county.yaml"
    path.write_text("community:\n  max_size: 6\n  unit: [school_id, village, grade]\n", encoding="utf-8")
    r = CommunityRules.load(path)
    assert r.max_size == 6 and r.unit == ("school_id", "village", "grade")


def test_domain_registers_with_its_tables_reports_and_sample():
    d = domains.get("community")            # found through its entry point
    assert d is DOMAIN
    assert d.rules is CommunityRules and d.sample is not None
    assert {t.name for t in d.tables} >= {"community_students", "community_members", "exchanges"}
    for r in d.reports:
        assert (ROOT / "notebooks" / r.notebook).is_file()
    assert d.title_in("zh") == "校外成长共同体与教育联盟"
