"""ИОМ: who needs one (a subject won at two stages counts once) and how far they are implemented."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.olympiad import iom_implementation, iom_required
from olympiad_helpers import Y, by_school, iom, muni, olympiad, row, schools


def winners():
    return olympiad(
        row("a1", "Математика", "winner", "municipal"), row("a1", "Математика", "prize_winner", "regional"),
        row("a2", "Математика", "prize_winner", "municipal", grade=10),
        row("a2", "Физика", "winner", "regional", grade=10),
        row("a2", "Химия", "participant", "municipal", grade=10),      # not an award
        row("a3", "Химия", "winner", "school"),                        # school stage: no ИОМ
        row("a4", "Химия", "winner", "final"),                         # final: not in iom_stages
        row("b1", "Право", "prize_winner", "municipal", school="B", grade=8),
        row("b1", "Право", "winner", "municipal", school="B", grade=8, year="2018-2019"),
    )


def test_required_students_and_a_subject_won_at_two_stages_counts_once():
    req = iom_required(winners(), Y).set_index("student_id")
    assert list(req.index) == ["a1", "a2", "b1"]
    assert req.loc["a1", ["subjects", "n_subjects", "stages", "special_control"]].tolist() == [
        "Математика", 1, "municipal;regional", False]
    assert req.loc["a2", ["subjects", "n_subjects", "special_control", "grade"]].tolist() == [
        "Математика;Физика", 2, True, 10]
    assert req.loc["b1", "school_id"] == "B" and set(req["year"]) == {Y}


def test_rules_and_grades_filter_the_list():
    assert list(iom_required(winners(), Y, grades=[9, 10])["student_id"]) == ["a1", "a2"]
    assert list(iom_required(winners(), Y, grades=10)["student_id"]) == ["a2"]
    two = iom_required(winners(), Y, rules={"iom_min_subjects": 2})
    assert list(two["student_id"]) == ["a2"]
    regional = iom_required(winners(), Y, rules={"iom_stages": ["regional"], "iom_statuses": ["winner"]})
    assert list(regional["student_id"]) == ["a2"] and regional["subjects"].iloc[0] == "Физика"
    with_final = iom_required(winners(), Y, rules={"iom_stages": ["regional", "final", "municipal"]})
    assert "a4" in set(with_final["student_id"])
    with pytest.raises(InputError) as exc:
        iom_required(winners(), Y, grades=[12])
    assert exc.value.column == "grades"


def test_implementation_per_school_and_municipality():
    req = iom_required(winners(), Y)
    routes = iom(dict(student_id="a1", school_id="A"),                                   # complete
                 dict(student_id="a2", school_id="A", psychologist=None, status="done"),  # not complete
                 dict(student_id="b1", school_id="B", status="planned"),                 # not yet
                 dict(student_id="z9", school_id="B"),                                   # not required
                 dict(student_id="a1", school_id="A", year="2018-2019"))                 # another year
    got = iom_implementation(req, routes, schools("A", "B", "C"))
    s = by_school(got)
    assert s.loc["A", ["required", "with_iom", "complete", "special_control", "special_with_iom",
                       "extra", "missing"]].tolist() == [2, 2, 1, 1, 1, 0, ""]
    assert s.loc["A", "implementation"] == 1.0 and s.loc["A", "complete_share"] == 0.5
    assert bool(s.loc["A", "meets_target"])
    assert s.loc["B", ["required", "with_iom", "missing", "extra"]].tolist() == [1, 0, "b1", 1]
    assert s.loc["B", "implementation"] == 0 and not s.loc["B", "meets_target"]
    # C: nobody required: shares NaN and meets_target NA, not an error
    assert s.loc["C", "required"] == 0 and math.isnan(s.loc["C", "implementation"])
    assert pd.isna(s.loc["C", "meets_target"]) and math.isnan(s.loc["C", "complete_share"])
    m = muni(got)
    assert m[["required", "with_iom", "complete", "extra", "missing"]].tolist() == [3, 2, 1, 1, "b1"]
    assert m["implementation"] == pytest.approx(2 / 3) and not m["meets_target"]


def test_nobody_required_gives_nan_not_an_error():
    req = iom_required(olympiad(row("a1", stage="municipal")), Y)
    assert req.empty
    got = iom_implementation(req, iom(dict(student_id="x", school_id="A")), schools("A"))
    m = muni(got)
    assert m["required"] == 0 and m["extra"] == 1 and math.isnan(m["implementation"])
    assert pd.isna(m["meets_target"]) and set(got["year"]) == {Y}


def test_the_complete_rule_and_the_target_come_from_the_rules():
    req = iom_required(winners(), Y)
    routes = iom(dict(student_id="a1", school_id="A", mentor=" "),
                 dict(student_id="a2", school_id="A", parents_involved=False),
                 dict(student_id="b1", school_id="B", status="planned"))
    assert muni(iom_implementation(req, routes, schools("A", "B")))["complete"] == 0
    loose = iom_implementation(req, routes, schools("A", "B"),
                               rules={"iom_complete_requires": ["psychologist"],
                                      "iom_active_statuses": ["planned", "in_progress", "done"],
                                      "iom_target": 0.9})
    m = muni(loose)
    assert m[["with_iom", "complete"]].tolist() == [3, 3] and bool(m["meets_target"])


def test_bad_input_to_iom_implementation():
    with pytest.raises(InputError) as exc:
        iom_implementation(pd.DataFrame({"student_id": ["a"]}), iom(), schools("A"))
    assert exc.value.table == "required"
    req = iom_required(winners(), Y)
    with pytest.raises(InputError) as exc:
        iom_implementation(req, iom(dict(student_id="a1", school_id="Q")), schools("A", "B"))
    assert (exc.value.table, exc.value.row, exc.value.column) == ("iom", 2, "school_id")
    with pytest.raises(InputError) as exc:
        iom_implementation(req, iom(), schools("A"))          # B of the required list is unknown
    assert exc.value.table == "required" and exc.value.value == "B"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 9), st.sampled_from(["М", "Ф", "Х"]),
                          st.sampled_from(["municipal", "regional"]),
                          st.sampled_from(["participant", "prize_winner", "winner"])), max_size=30),
       st.dictionaries(st.integers(0, 12), st.sampled_from(["planned", "in_progress", "done"])))
def test_iom_invariants(results, routes):
    seen, rows = set(), []
    for sid, subject, stage, status in results:
        if (sid, subject, stage) not in seen:
            seen.add((sid, subject, stage))
            rows.append(row(f"s{sid}", subject, status, stage, school="AB"[sid % 2]))
    req = iom_required(olympiad(*rows), Y)
    awarded = {r["student_id"] for r in rows if r["status"] != "participant"}
    assert set(req["student_id"]) == awarded
    assert (req["n_subjects"] == req["subjects"].str.split(";").map(len)).all()
    plan = iom(*[dict(student_id=f"s{k}", school_id="AB"[k % 2], status=v) for k, v in routes.items()])
    got = iom_implementation(req, plan, schools("A", "B"))
    n_missing = got["missing"].map(lambda s: len(s.split(";")) if s else 0)
    assert (got["with_iom"] + n_missing == got["required"]).all()
    assert (got["complete"] <= got["with_iom"]).all() and (got["with_iom"] <= got["required"]).all()
    assert (got["special_with_iom"] <= got["special_control"]).all()
    m, s = muni(got), by_school(got)
    for c in ("required", "with_iom", "complete", "extra", "special_control"):
        assert m[c] == s[c].sum()
    assert m["extra"] == len(set(plan["student_id"]) - set(req["student_id"]))
