"""risk_zones, clusters, essay_pass, recommendations and the rules, at their edges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evalnb import InputError, RulesError
from evalnb.assessment import (AssessmentRules, clusters, essay_pass, recommendations, risk_summary,
                               risk_zones)

from assessment_helpers import PERIODS, Q1, Q2, schools_of, students


def stats(rows):
    """rows: (school, subject, period, n5, n4, n3, n2) → a stats frame of counts."""
    f = pd.DataFrame(rows, columns=["school_id", "subject", "period", "n5", "n4", "n3", "n2"])
    return f.assign(n1=0, n_na=0)


# --- risk zone ----------------------------------------------------------------------

@pytest.mark.parametrize("q1,q2,reasons", [
    # quality = (n5 + n4) / 10 in Q1 and Q2; pass rate 100 %
    (6, 5, []),                              # 50 %: at the threshold is not below it
    (5, 4, ["low_quality"]),                 # 40 %
    (7, 6, []),                              # a fall of 10 p.p. is not beyond the limit
    (4, 3, ["low_quality"]),                 # 0.4 − 0.3 is −0.10000000000000003 in binary
    (8, 6, ["quality_drop"]),                # a fall of 20 p.p.
    (9, 4, ["low_quality", "quality_drop"]),
])
def test_risk_reasons_at_the_boundaries(q1, q2, reasons):
    s = stats([("A", "История", Q1, 0, q1, 10 - q1, 0), ("A", "История", Q2, 0, q2, 10 - q2, 0)])
    r = risk_zones(s, periods=PERIODS)
    got = r[(r.level == "school") & (r.period == Q2)]["reason"].tolist()
    assert got == reasons


@pytest.mark.parametrize("n2_q1,n2_q2,rules,reasons", [
    # quality stays 50 % (at its threshold); pass rate = (10 − n2) / 10
    (1, 1, None, []),                                   # 90 %: not below 90 %
    (0, 1, None, ["pass_rate_drop"]),                   # 100 % → 90 %: a fall of 10 p.p. > 5
    (0, 1, {"risk_pass_rate_drop": 0.1}, []),           # … exactly at a 10 p.p. limit
    (1, 2, None, ["low_pass_rate", "pass_rate_drop"]),  # 90 % → 80 %
])
def test_pass_rate_reasons(n2_q1, n2_q2, rules, reasons):
    s = stats([("A", "История", Q1, 5, 0, 5 - n2_q1, n2_q1), ("A", "История", Q2, 5, 0, 5 - n2_q2, n2_q2)])
    r = risk_zones(s, rules=rules, periods=PERIODS)
    assert r[(r.level == "school") & (r.period == Q2)]["reason"].tolist() == reasons


def test_risk_rows_carry_values_thresholds_and_the_municipality():
    s = stats([("A", "История", Q1, 5, 5, 0, 0), ("A", "История", Q2, 0, 3, 7, 0),
               ("B", "История", Q1, 0, 4, 6, 0), ("B", "История", Q2, 0, 4, 6, 0)])
    r = risk_zones(s, periods=PERIODS)
    a = r[(r.school_id == "A") & (r.period == Q2)].set_index("reason")
    assert a.loc["low_quality", "value"] == pytest.approx(0.3)
    assert a.loc["low_quality", "threshold"] == 0.5
    assert a.loc["quality_drop", "value"] == pytest.approx(-0.7)
    assert a.loc["quality_drop", "threshold"] == -0.1
    assert a.loc["quality_drop", "previous"] == pytest.approx(1.0)
    m = r[(r.level == "municipality") & (r.period == Q2)]
    assert m["reason"].tolist() == ["low_quality", "quality_drop"]
    assert m["value"].tolist() == pytest.approx([7 / 20, 7 / 20 - 14 / 20])
    assert m["school_id"].isna().all()
    summary = risk_summary(r)
    assert summary.loc[summary.school_id == "A", "reasons"].tolist() == [("low_quality", "quality_drop")]


def test_too_few_marks_are_not_judged_and_thresholds_are_rules():
    s = stats([("A", "История", Q1, 0, 1, 8, 0)])
    assert risk_zones(s, periods=PERIODS).empty  # N = 9 < 10
    assert len(risk_zones(s, rules={"risk_min_n": 5}, periods=PERIODS)) == 2  # school + municipality
    s = stats([("A", "История", Q1, 0, 6, 4, 0)])
    assert risk_zones(s, periods=PERIODS).empty
    assert set(risk_zones(s, rules={"risk_quality_below": 0.7}, periods=PERIODS)["reason"]) == {"low_quality"}


# --- clusters -----------------------------------------------------------------------

def test_cluster_places_with_ties_and_schools_without_a_cluster():
    sc = schools_of(["A", "B", "C", "D", "E"], clusters=["K", "K", "K", "K", None])
    s = stats([("A", "x", Q1, 0, 2, 8, 0), ("B", "x", Q1, 0, 6, 4, 0), ("C", "x", Q1, 0, 6, 4, 0),
               ("D", "x", Q1, 0, 8, 2, 0), ("E", "x", Q1, 0, 5, 5, 0)])
    s = s.drop(columns="subject")
    r = clusters(s, sc)
    p = r.schools.set_index("school_id")
    assert p["rank"].to_dict() == {"A": 4, "B": 2, "C": 2, "D": 1, "E": 1}
    assert p.loc["A", "percentile"] == 0.25 and p.loc["D", "percentile"] == 1.0
    assert p.loc["B", "percentile"] == 0.75
    assert p.loc["A", "median"] == pytest.approx(0.6)
    assert p.loc["A", "gap_to_median"] == pytest.approx(-0.4)
    assert p.loc["E", "cluster"] == "" and p.loc["E", "n_in_cluster"] == 1
    c = r.clusters.set_index("cluster")
    assert c.loc["K", "n_schools"] == 4 and c.loc["K", "n"] == 40
    assert c.loc["K", "quality"] == pytest.approx(22 / 40)
    assert r.metric == "quality"


def test_cluster_errors():
    sc = schools_of(["A"], clusters=["K"])
    s = stats([("B", "x", Q1, 1, 0, 0, 0)])
    with pytest.raises(InputError, match="not in the schools table"):
        clusters(s, sc)
    with pytest.raises(InputError, match="unknown metric"):
        clusters(stats([("A", "x", Q1, 1, 0, 0, 0)]), sc, metric="happiness")


# --- final essay ----------------------------------------------------------------------

def essay_rows(rows, procedure="Итоговое сочинение"):
    f = pd.DataFrame(rows, columns=["student_id", "date", "passed", "mark"])
    return f.assign(subject="Русский язык", procedure=procedure,
                    passed=f["passed"].astype("boolean"), mark=f["mark"].astype("Int64"))


def test_essay_pass_share_per_class_with_retakes():
    s = pd.concat([students(3, grade=11, class_label="11А"), students(2, grade=11, class_label="11Б", prefix="t")])
    e = essay_rows([
        ("s0", "2019-12-04", True, None),
        ("s1", "2019-12-04", False, None), ("s1", "2020-02-05", True, None),   # passed at the retake
        ("s2", "2019-12-04", False, None), ("s2", "2020-02-05", False, None),  # not passed
        ("t0", "2019-12-04", None, 4),                                        # a marked essay: passed
        ("t1", "2019-12-04", None, None),                                     # no result
    ])
    r = essay_pass(e, s).set_index("class_label")
    assert r.loc["11А", ["n", "passed", "passed_first", "attempts"]].tolist() == [3, 2, 1, 5]
    assert r.loc["11А", "pass_share"] == pytest.approx(2 / 3)
    assert r.loc["11А", "first_pass_share"] == pytest.approx(1 / 3)
    assert r.loc["11Б", ["n", "passed", "n_no_result"]].tolist() == [1, 1, 1]
    total = essay_pass(e, s, by=()).iloc[0]
    assert (total.n, total.passed) == (4, 3)


def test_essay_procedures_are_a_rule_and_other_procedures_are_ignored():
    s = students(1, grade=11)
    e = pd.concat([essay_rows([("s0", "2019-12-04", True, None)], procedure="ИТОГОВОЕ СОЧИНЕНИЕ"),
                   essay_rows([("s0", "2019-12-05", False, None)], procedure="ВПР")])
    assert essay_pass(e, s, by=()).iloc[0].tolist() == [1, 1, 1.0, 1, 1.0, 1, 0]
    assert essay_pass(e, s, by=(), rules={"essay_procedures": ["ВПР"]})["passed"].tolist() == [0]
    with pytest.raises(InputError):
        essay_pass(essay_rows([("ghost", "2019-12-04", True, None)]), s)


# --- recommendations ----------------------------------------------------------------

@pytest.mark.parametrize("kw,items", [
    ({}, []),
    ({"risk": "Физика"}, ["1.1", "1.2"]),
    ({"risk": "История", "history_risk": "История"}, ["1.1", "1.2", "1.4"]),
    ({"flags": "Математика"}, ["1.2", "1.3"]),
    ({"gia_risk": "Физика", "risk": "Физика"}, ["1.1", "1.2", "1.5"]),
    ({"essay_failed": True}, ["1.2", "1.5"]),
])
def test_recommendations_follow_the_findings(kw, items):
    args = {}
    for k in ("risk", "flags", "history_risk", "gia_risk"):
        if k in kw:
            args[k] = pd.DataFrame({"subject": [kw[k]], "reason": ["low_quality"]})
    if kw.get("essay_failed"):
        args["essay"] = pd.DataFrame({"n": [10], "passed": [9]})
    r = recommendations(**args)
    assert r["item"].tolist() == items
    if "1.4" in items:
        assert r.set_index("item").loc["1.4", "subjects"] == ("История",)


# --- rules ------------------------------------------------------------------------------

def test_rules_from_yaml_and_their_errors(tmp_path: Path):
    p = tmp_path / "armavir.yaml"
    p.write_text("assessment:\n  count_by: students\n  sou_weight_na: 0\n  risk_quality_below: 0.45\n"
                 "  advanced_study: {RU005: [Математика]}\n", encoding="utf-8")
    r = AssessmentRules.load(p)
    assert (r.count_by, r.sou_weight_na, r.risk_quality_below) == ("students", 0.0, 0.45)
    assert r.advanced("RU005", "МАОУ СОШ № 5", "Математика") and not r.advanced("RU005", "СОШ", "Физика")
    assert r.advanced("X", "МАОУ лицей № 3", "Физика")
    assert "Симонов" in r.source_of("sou_weights")
    assert "№ 204" in r.source_of("history_grades")
    for bad in ({"count_by": "pupils"}, {"sou_weights": [100, 64]}, {"risk_quality_below": 50},
                {"school_year_start": "1 Sept"}, {"risk_min_n": "ten"}, {"unknown_rule": 1}):
        with pytest.raises(RulesError):
            AssessmentRules.load(bad)


def test_helpers_of_the_rules():
    r = AssessmentRules()
    assert r.is_essay(" Итоговое сочинение ") and not r.is_essay("ВПР")
    assert r.is_history("История") and r.is_history("history") and not r.is_history("Обществознание")


@pytest.mark.parametrize("module", ["marks", "external", "flags", "risk", "clusters", "essay", "recommend",
                                    "rules", "forms"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"evalnb.assessment.{module}"))
    assert result.failed == 0 and result.attempted > 0


def test_the_example_rules_file_holds_every_default():
    import evalnb.assessment

    example = Path(evalnb.assessment.__file__).with_name("rules.example.yaml")
    assert AssessmentRules.load(example) == AssessmentRules()
    text = example.read_text(encoding="utf-8")
    for item in AssessmentRules().describe():
        assert f"  {item['rule']}:" in text
