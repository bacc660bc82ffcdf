"""Review conclusion (guidance §6) and the self-diagnosis report check (附2)."""

import itertools

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.diagnosis import ELEMENTS, check_self_report, compare_elements, review_conclusion


def review_frames(self_of, matches, targeted, effective, school="S1", cycle="2021-2025"):
    sd = self_of(school, cycle, "achieved")
    rv = self_of(school, cycle, ["achieved"] * matches + ["not_achieved"] * (16 - matches))
    rs = pd.DataFrame({"school_id": [school], "cycle": [cycle], "measures_targeted": [targeted],
                       "improvement_effective": [effective]})
    return sd, rv, rs


def expected(m, t, e):
    if m >= 12 and t and e:
        return "effective"
    if m < 10 and not t and not e:
        return "abnormal"
    return "needs_improvement"


CASES = [(12, True, True, "effective"), (12, True, False, "needs_improvement"),
         (12, False, True, "needs_improvement"), (12, False, False, "needs_improvement"),
         (11, True, True, "needs_improvement"), (11, True, False, "needs_improvement"),
         (11, False, True, "needs_improvement"), (11, False, False, "needs_improvement"),
         (10, True, True, "needs_improvement"), (10, True, False, "needs_improvement"),
         (10, False, True, "needs_improvement"), (10, False, False, "needs_improvement"),
         (9, True, True, "needs_improvement"), (9, True, False, "needs_improvement"),
         (9, False, True, "needs_improvement"), (9, False, False, "abnormal")]


def test_the_table_covers_every_combination():
    assert {(m, t, e) for m, t, e, _ in CASES} == set(itertools.product((12, 11, 10, 9), (True, False),
                                                                         (True, False)))
    assert all(expected(m, t, e) == c for m, t, e, c in CASES)


@pytest.mark.parametrize("matches,targeted,effective,conclusion", CASES)
def test_conclusion_at_every_edge(self_of, matches, targeted, effective, conclusion):
    res = review_conclusion(*review_frames(self_of, matches, targeted, effective))
    assert len(res) == 1
    assert res["matches"].item() == matches
    assert res["conclusion"].item() == conclusion
    assert res["conclusion_zh"].item() == {"effective": "有效", "abnormal": "异常",
                                           "needs_improvement": "待改进"}[conclusion]


@pytest.mark.parametrize("matches", [0, 16])
def test_extremes(self_of, matches):
    res = review_conclusion(*review_frames(self_of, matches, matches == 16, matches == 16))
    assert res["conclusion"].item() == ("effective" if matches == 16 else "abnormal")


def test_rules_override_the_thresholds(self_of):
    frames = review_frames(self_of, 11, True, True)
    assert review_conclusion(*frames, rules={"effective_min_matches": 11})["conclusion"].item() == "effective"


@pytest.mark.parametrize("labels", [("达成", "基本达成", "未达成"), ("達成", "基本達成", "未達成"),
                                    ("achieved", "partly", "not_achieved")])
def test_simplified_and_traditional_labels_are_accepted(self_of, labels):
    a, p, n = labels
    sd = self_of("S1", "2021-2025", [a] * 6 + [p] * 5 + [n] * 5)
    rv = self_of("S1", "2021-2025", ["achieved"] * 6 + ["partly"] * 5 + ["not_achieved"] * 5)
    rs = pd.DataFrame({"school_id": ["S1"], "cycle": ["2021-2025"], "measures_targeted": ["是"],
                       "improvement_effective": ["true"]})
    res = review_conclusion(sd, rv, rs)
    assert res["matches"].item() == 16 and res["conclusion"].item() == "effective"


def test_missing_element_is_an_input_error_naming_it(self_of):
    sd, rv, rs = review_frames(self_of, 16, True, True)
    sd = sd[sd["element"] != "4.2"]
    with pytest.raises(InputError) as exc:
        review_conclusion(sd, rv, rs)
    assert "4.2" in str(exc.value)
    assert exc.value.table == "self_diagnosis" and exc.value.column == "element"
    assert len(exc.value.problems) == 1


def test_missing_elements_in_both_tables_are_all_listed(self_of):
    sd, rv, rs = review_frames(self_of, 16, True, True)
    sd = sd[~sd["element"].isin(["1.1", "6.3"])]
    rv = rv[rv["element"] != "3.2"]
    with pytest.raises(InputError) as exc:
        review_conclusion(sd, rv, rs)
    text = str(exc.value)
    assert "1.1, 6.3" in text and "3.2" in text
    assert {p.table for p in exc.value.problems} == {"self_diagnosis", "review"}


def test_a_school_cycle_only_in_the_summary_misses_every_element(self_of):
    sd, rv, rs = review_frames(self_of, 16, True, True)
    rs = pd.concat([rs, rs.assign(school_id="S2")], ignore_index=True)
    with pytest.raises(InputError, match="school S2, cycle 2021-2025: missing elements 1.1, 1.2"):
        review_conclusion(sd, rv, rs)


def test_missing_summary_and_unknown_element_are_input_errors(self_of):
    sd, rv, rs = review_frames(self_of, 16, True, True)
    with pytest.raises(InputError, match="no review summary"):
        review_conclusion(sd, rv, rs.iloc[:0])
    extra = pd.concat([sd, sd.iloc[:1].assign(element="1.4")], ignore_index=True)
    with pytest.raises(InputError) as exc:
        review_conclusion(extra, rv, rs)
    assert exc.value.column == "element" and exc.value.value == "1.4" and exc.value.row == 18


def test_several_schools_and_cycles(self_of):
    a = review_frames(self_of, 16, True, True, "S1", "2016-2020")
    b = review_frames(self_of, 9, False, False, "S1", "2021-2025")
    c = review_frames(self_of, 12, True, True, "S2", "2021-2025")
    res = review_conclusion(*(pd.concat(x, ignore_index=True) for x in zip(a, b, c)))
    assert list(zip(res["school_id"], res["cycle"], res["conclusion"])) == [
        ("S1", "2016-2020", "effective"), ("S1", "2021-2025", "abnormal"), ("S2", "2021-2025", "effective")]


def test_compare_elements_shows_agreement_per_element(self_of):
    sd, rv, _ = review_frames(self_of, 14, True, True)
    cmp_ = compare_elements(sd, rv.iloc[:15])
    assert len(cmp_) == 16
    assert cmp_["agree"].sum() == 14
    last = cmp_.set_index("element").loc["6.3"]
    assert last["self_attainment"] == "achieved" and pd.isna(last["review_attainment"]) and not last["agree"]


# --- 附2: the self-diagnosis report ------------------------------------------------

@pytest.mark.parametrize("field,limit", [("diagnosis_text", 500), ("measures_text", 200), ("effect_text", 200)])
@pytest.mark.parametrize("extra", [0, 1])
def test_text_limits(self_of, field, limit, extra):
    sd = self_of()
    sd[field] = None
    sd.loc[sd["element"] == "2.2", field] = "诊" * (limit + extra)
    problems = check_self_report(sd)
    if extra:
        assert len(problems) == 1
        p = problems.iloc[0]
        assert (p["element"], p["field"], p["problem"], p["length"], p["limit"]) == (
            "2.2", field, "too_long", limit + 1, limit)
    else:
        assert problems.empty


def test_501_character_diagnosis_is_rejected(self_of):
    sd = self_of(diagnosis_text="学" * 501)
    problems = check_self_report(sd)
    assert len(problems) == 16 and set(problems["problem"]) == {"too_long"}


def test_surrounding_whitespace_is_not_counted(self_of):
    sd = self_of(diagnosis_text="\n  " + "学" * 500 + "  \n")
    assert check_self_report(sd).empty


@pytest.mark.parametrize("n,bad", [(500, False), (501, True)])
def test_overview_limit(self_of, n, bad):
    problems = check_self_report(self_of(), overview="概" * n)
    assert len(problems) == int(bad)
    if bad:
        assert problems.iloc[0]["field"] == "overview" and pd.isna(problems.iloc[0]["element"])


def test_overview_per_school_from_a_frame(self_of):
    sd = pd.concat([self_of("S1"), self_of("S2")], ignore_index=True)
    ov = pd.DataFrame({"school_id": ["S1", "S2"], "cycle": ["2021-2025"] * 2, "overview": ["短", "长" * 600]})
    problems = check_self_report(sd, ov)
    assert problems[["school_id", "field"]].values.tolist() == [["S2", "overview"]]


def test_every_element_present(self_of):
    sd = self_of(elements=[e for e in ELEMENTS if e not in ("5.1", "5.2")])
    problems = check_self_report(sd)
    assert problems["problem"].tolist() == ["missing_element"] * 2
    assert problems["element"].tolist() == ["5.1", "5.2"]


def test_empty_report_misses_all_sixteen(self_of):
    problems = check_self_report(self_of().iloc[:0])
    assert (problems["problem"] == "missing_element").sum() == 16


def test_unknown_element_is_reported(self_of):
    sd = pd.concat([self_of(), self_of(elements=["6.4"])], ignore_index=True)
    assert check_self_report(sd)["problem"].tolist() == ["unknown_element"]


def test_character_limits_come_from_rules(self_of):
    sd = self_of(measures_text="措" * 150)
    assert check_self_report(sd, rules={"max_measures_chars": 100})["field"].unique().tolist() == ["measures_text"]
