"""A status, incident or request row naming a school not in ``schools`` is an InputError.

The usual cause is a spreadsheet that dropped a leading zero: school "0101"
becomes 101, its status rows no longer match, and without this check the
school would silently be "not eligible, data missing".
"""

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.diagnosis import eligibility, eligibility_by_year, sampling_plan
from evalnb.diagnosis.status import province_position


@pytest.fixture
def lost_zero(schools_of, status_of, good):
    schools = schools_of(["0101", "0102"])
    status = status_of({("0101", 2022): good, ("102", 2022): good})   # "0102" lost its zero
    return schools, status


def _status_row_of_102(status):
    # rows are numbered as in the file: the header is row 1, the first data row row 2
    return 2 + int(status.index[status["school_id"] == "102"][0])


@pytest.mark.parametrize("call", [
    lambda s, st: eligibility(s, st, 2022),
    lambda s, st: eligibility_by_year(s, st, [2022, 2023]),
    lambda s, st: sampling_plan(s, st, 2023),
    lambda s, st: province_position(s, st, 2022, ["enrollment_fulltime"]),
], ids=["eligibility", "eligibility_by_year", "sampling_plan", "province_position"])
def test_status_row_of_an_unknown_school_is_an_input_error(lost_zero, call):
    schools, status = lost_zero
    with pytest.raises(InputError) as exc:
        call(schools, status)
    err = exc.value
    assert (err.table, err.column, err.value) == ("vocational_status", "school_id", "102")
    assert err.row == _status_row_of_102(status)
    assert "not in schools" in err.rule
    assert "0102" in err.hint and "leading zero" in err.hint
    # every row of the unknown school is listed, none of the known one
    assert {p.value for p in err.problems} == {"102"}
    assert len(err.problems) == int((status["school_id"] == "102").sum())


def test_known_schools_pass_and_a_general_school_in_schools_is_not_an_error(schools_of, status_of, good):
    schools = pd.concat([schools_of(["V1"]), schools_of(["G1"]).assign(kind="general")],
                        ignore_index=True)
    status = status_of({("V1", 2022): good, ("G1", 2022): good})
    e = eligibility(schools, status, 2022)
    assert e["school_id"].tolist() == ["V1"] and bool(e["eligible"].iloc[0])
    plan = sampling_plan(schools, status, 2023)
    assert set(plan.scope["school_id"]) == {"V1"}


def test_hint_without_a_near_match_says_what_to_do(schools_of, status_of, good):
    with pytest.raises(InputError) as exc:
        eligibility(schools_of(["A"]), status_of({("B", 2022): good}), 2022)
    assert exc.value.hint == "add the school to schools or correct the school_id"


def test_incident_of_a_general_school_is_refused(schools_of, status_of, good):
    schools = pd.concat([schools_of(["V1"]), schools_of(["G1"]).assign(kind="general")],
                        ignore_index=True)
    incidents = pd.DataFrame({"school_id": ["V1", "G1"], "date": pd.to_datetime(["2022-03-01"] * 2)})
    with pytest.raises(InputError) as exc:
        sampling_plan(schools, status_of({("V1", 2022): good}), 2023, incidents=incidents)
    assert (exc.value.table, exc.value.row, exc.value.value) == ("incidents", 3, "G1")
    assert "vocational" in exc.value.rule
