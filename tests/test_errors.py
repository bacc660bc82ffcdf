import pickle

import pytest

import evalnb
from evalnb.errors import ParameterError, Problem, ReportError, UnknownNameError


def test_input_error_carries_context_and_pickles():
    err = evalnb.InputError(table="marks.csv", row=3, column="mark", value=7,
                            rule="from 1 to 5", hint="marks run 1-5")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is evalnb.InputError
    assert (back.table, back.row, back.column, back.value, back.rule, back.hint) == (
        "marks.csv", 3, "mark", 7, "from 1 to 5", "marks run 1-5")
    assert str(back) == str(err)
    assert "row 3" in str(err) and "column mark" in str(err) and "7" in str(err)
    assert isinstance(err, evalnb.EvalnbError) and isinstance(err, ValueError)


def test_input_error_with_many_problems_reports_them_all():
    probs = [Problem("t", i, "c", i, "rule") for i in range(2, 60)]
    err = evalnb.InputError(problems=probs)
    assert err.row == 2 and len(err.problems) == 58
    text = err.report(limit=50)
    assert text.count("\n") == 50 and text.endswith("and 8 more")
    assert pickle.loads(pickle.dumps(err)).problems == probs


@pytest.mark.parametrize("exc", [
    ParameterError("unknown parameter", notebook="r.ipynb", parameter="x", value=1),
    ReportError("failed", key="S1", cell=3, ename="ValueError", evalue="bad"),
    UnknownNameError("table", "markz", ["marks", "students"]),
])
def test_specific_errors_pickle_with_their_context(exc):
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc)
    assert back.__dict__ == exc.__dict__
    assert str(back) == str(exc)


def test_unknown_name_names_what_is_available():
    err = UnknownNameError("table", "markz", ["students", "marks"])
    assert str(err) == "unknown table 'markz'; available: marks, students"


@pytest.mark.parametrize("lang,expected", [
    ("en", "Must be from 1 to 5"), ("ru", "Должно быть от 1 до 5"), ("zh", "须在 1 到 5 之间")])
def test_schema_problems_are_said_in_the_users_language(lang, expected):
    import pandas as pd

    from evalnb.core.forms import problem_message
    from evalnb.core.validate import check_table

    _, probs = check_table("marks", pd.DataFrame({"student_id": ["S1", "S2"], "subject": ["m", "m"],
                                                  "period": ["Q1", "Q1"], "mark": ["7", "x"]}))
    by_row = {p.row: p for p in probs}
    assert problem_message(by_row[2], lang) == expected
    assert problem_message(by_row[3], lang) == {"en": "Must be a whole number", "ru": "Нужно целое число",
                                                "zh": "须为整数"}[lang]
