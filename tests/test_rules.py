from dataclasses import dataclass

import pytest

from evalnb import RulesError
from evalnb.core.rules import Rules, rule


@dataclass(frozen=True)
class CountyRules(Rules):
    domain = "county"
    pass_mark: float = rule(60.0, "county plan §5: total below 60 is unqualified")
    max_late: int = rule(5, "county plan §5: late more than 5 times")
    kinds: tuple[str, ...] = rule(("primary",), "DATA.md")
    remote: dict[str, float] = rule({"enrollment": 1200.0}, "guidance §4(四)")


def test_defaults_and_sources():
    r = CountyRules.load()
    assert (r.pass_mark, r.max_late) == (60.0, 5)
    assert r.source_of("max_late").startswith("county plan §5")
    assert [d["rule"] for d in r.describe()] == ["pass_mark", "max_late", "kinds", "remote"]


def test_override_by_mapping_and_by_yaml_file(tmp_path):
    assert CountyRules.load({"pass_mark": 65}).pass_mark == 65.0
    path = tmp_path / "county.yaml"
    path.write_text("county:\n  max_late: 3\n  kinds: [primary, kindergarten]\nother_domain:\n  x: 1\n",
                    encoding="utf-8")
    r = CountyRules.load(path)
    assert (r.max_late, r.kinds, r.pass_mark) == (3, ("primary", "kindergarten"), 60.0)
    flat = tmp_path / "flat.yaml"
    flat.write_text("remote:\n  enrollment: 800\n", encoding="utf-8")
    assert CountyRules.load(str(flat)).remote == {"enrollment": 800.0}


@pytest.mark.parametrize("data,column,match", [
    ({"pas_mark": 60}, "pas_mark", "unknown rule 'pas_mark'"),
    ({"max_late": "five"}, "max_late", "must be int"),
    ({"max_late": 5.5}, "max_late", "must be int"),
    ({"pass_mark": True}, "pass_mark", "must be float"),
    ({"kinds": "primary"}, "kinds", "must be"),
])
def test_unknown_key_or_wrong_type_is_a_rules_error(data, column, match):
    with pytest.raises(RulesError, match=match) as info:
        CountyRules.load(data)
    assert info.value.column == column


def test_unreadable_files(tmp_path):
    with pytest.raises(RulesError, match="not found"):
        CountyRules.load(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("county: [unclosed", encoding="utf-8")
    with pytest.raises(RulesError, match="not valid YAML"):
        CountyRules.load(bad)
