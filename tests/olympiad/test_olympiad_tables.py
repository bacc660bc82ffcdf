"""The olympiad tables: every check of the contract, through validate and through a CSV import."""

from __future__ import annotations

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.core.store import Store
from evalnb.core.validate import validate
from evalnb.olympiad import OlympiadRules, coverage, iom_required
from evalnb.olympiad.tables import split_list
from olympiad_helpers import Y, enrolment, iom, olympiad, row, schools

SCHOOLS_CSV = "school_id,name,municipality,kind,language\nA,Школа № 1,М,general,ru\nB,Школа № 2,М,general,ru\n"
HEAD = "year,stage,school_id,student_id,subject,grade,status,score,max_score\n"
GOOD = "2019-2020,школьный,A,s1,Математика,9,участник,10,50\n"


def _problem(exc):
    p = exc.value.problems[0]
    return p.table, p.row, p.column


def import_olympiad(tmp_path, *lines, extra=None):
    folder = tmp_path / "ds"
    folder.mkdir(exist_ok=True)
    (folder / "schools.csv").write_text(SCHOOLS_CSV, encoding="utf-8")
    (folder / "olympiad.csv").write_text(HEAD + "".join(lines), encoding="utf-8")
    for name, text in (extra or {}).items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    store = Store("sqlite://")
    store.import_folder(folder)
    return store


def test_russian_spellings_are_read_as_the_contract_s_values(tmp_path):
    store = import_olympiad(tmp_path, GOOD,
                            "2019-2020,Муниципальный,A,s1,Математика,9,призер,40,50\n",
                            "2019-2020,региональный,A,s1,Математика,9,Победитель,,\n",
                            "2019-2020,заключительный,A,s1,Физика,9,призёр,,\n")
    got = store.read("olympiad").sort_values(["stage", "subject"])
    assert sorted(zip(got["stage"], got["status"])) == [
        ("final", "prize_winner"), ("municipal", "prize_winner"), ("regional", "winner"),
        ("school", "participant")]


@pytest.mark.parametrize("line,column,rule", [
    ("2019-2021,школьный,A,s2,Физика,9,участник,,\n", "year", "school year"),
    ("2019/2020,школьный,A,s2,Физика,9,участник,,\n", "year", "school year"),
    ("2020-2019,школьный,A,s2,Физика,9,участник,,\n", "year", "school year"),
    ("2019-2020,районный,A,s2,Физика,9,участник,,\n", "stage", "one of"),
    ("2019-2020,школьный,A,s2,Физика,9,лауреат,,\n", "status", "one of"),
    ("2019-2020,школьный,A,s2,Физика,0,участник,,\n", "grade", "from 1 to 11"),
    ("2019-2020,школьный,A,s2,Физика,12,участник,,\n", "grade", "from 1 to 11"),
    ("2019-2020,школьный,Z,s2,Физика,9,участник,,\n", "school_id", "unknown school"),
    ("2019-2020,школьный,B,s1,Физика,9,участник,,\n", "school_id", "one school"),
    ("2019-2020,школьный,A,s2,Физика,9,участник,-1,50\n", "score", "≥ 0"),
    ("2019-2020,школьный,A,s2,Физика,9,участник,51,50\n", "score, max_score", "exceed"),
    ("2019-2020,школьный,A,s2,Физика,9,участник,0,0\n", "max_score", "greater than 0"),
    ("2019-2020,школьный,A,s1,Математика,9,победитель,,\n", "year, stage, student_id, subject", "duplicate"),
])
def test_a_bad_row_is_named_by_table_row_and_column(tmp_path, line, column, rule):
    with pytest.raises(InputError) as exc:
        import_olympiad(tmp_path, GOOD, line)
    assert _problem(exc) == ("olympiad.csv", 3, column)
    assert rule in exc.value.problems[0].rule


def test_two_schools_in_one_year_is_an_error_but_two_years_are_fine():
    ok = olympiad(row("s1", school="A", year="2018-2019"), row("s1", school="B"))
    assert len(validate("olympiad", ok)) == 2
    bad = olympiad(row("s1", school="A"), row("s2", school="B"), row("s1", "Физика", school="B"))
    with pytest.raises(InputError) as exc:
        validate("olympiad", bad)
    assert _problem(exc) == ("olympiad", 4, "school_id")


def test_calculators_name_the_table_of_an_unknown_school():
    with pytest.raises(InputError) as exc:
        coverage(olympiad(row("s1"), row("s2", school="Q")), enrolment(("A", 9, 10)), schools("A"), Y)
    assert _problem(exc) == ("olympiad", 3, "school_id") and exc.value.value == "Q"
    with pytest.raises(InputError) as exc:
        coverage(olympiad(row("s1")), enrolment(("A", 9, 10), ("Q", 9, 10)), schools("A"), Y)
    assert _problem(exc) == ("enrolment", 3, "school_id")


@pytest.mark.parametrize("year", ["2019-2021", "2019", "2019-2020 ", None, "20192020"])
def test_a_bad_year_parameter(year):
    if year == "2019-2020 ":   # spaces around are forgiven
        assert len(coverage(olympiad(row("s1")), enrolment(("A", 9, 1)), schools("A"), year)) == 2
        return
    with pytest.raises(InputError) as exc:
        iom_required(olympiad(row("s1")), year)
    assert exc.value.column == "year" and exc.value.table == "parameters"


def test_a_bad_stage_parameter_and_a_russian_one():
    frame = olympiad(row("s1", stage="municipal"))
    got = coverage(frame, enrolment(("A", 9, 4)), schools("A"), Y, stage="муниципальный")
    assert got["coverage"].tolist() == [0.25, 0.25]
    with pytest.raises(InputError) as exc:
        coverage(frame, enrolment(("A", 9, 4)), schools("A"), Y, stage="district")
    assert exc.value.column == "stage"


def test_enrolment_checks(tmp_path):
    for line, column in (("A,2019-2021,5,20\n", "year"), ("A,2019-2020,12,20\n", "grade"),
                         ("A,2019-2020,5,-1\n", "students"), ("Z,2019-2020,5,1\n", "school_id")):
        with pytest.raises(InputError) as exc:
            import_olympiad(tmp_path, GOOD, extra={
                "enrolment": "school_id,year,grade,students\nA,2019-2020,4,30\n" + line})
        assert _problem(exc) == ("enrolment.csv", 3, column)


def test_iom_checks():
    good = iom(dict(student_id="s1", school_id="A", status="реализуется", parents_involved="да"))
    typed = validate("iom", good)
    assert typed["status"].iloc[0] == "in_progress" and typed["parents_involved"].iloc[0]
    for change, column in (({"status": "started"}, "status"), ({"year": "2019-2019"}, "year"),
                           ({"start": "2020-03-01", "end": "2020-02-01"}, "start, end"),
                           ({"parents_involved": "maybe"}, "parents_involved"),
                           ({"subjects": ""}, "subjects")):
        bad = iom(dict(student_id="s0", school_id="A"), dict(student_id="s1", school_id="A", **change))
        with pytest.raises(InputError) as exc:
            validate("iom", bad)
        assert _problem(exc) == ("iom", 3, column), change


@pytest.mark.parametrize("value", ["是", "yes", "1", "true", "да"])
def test_iom_booleans_in_every_language(value):
    assert bool(validate("iom", iom(dict(student_id="s", school_id="A", iup=value)))["iup"].iloc[0])


def test_lists_in_one_cell():
    assert split_list(" Математика ; Физика;; ") == ["Математика", "Физика"]
    assert split_list(None) == [] and split_list(float("nan")) == []


def test_rules_have_plain_sources_and_reject_nonsense():
    r = OlympiadRules()
    for item in r.describe():
        src = item["source"]
        assert src and "DATA.md" not in src and ".py" not in src and "seed" not in src.lower(), item
        assert "Armavir order" in src or src.startswith("evalnb's reading"), item
    from evalnb import RulesError
    for bad in ({"coverage_grades": [11, 4]}, {"coverage_grades": [0, 11]}, {"quality_stages": ["district"]},
                {"iom_statuses": ["participant", "lauréat"]}, {"quality_benchmark": 35},
                {"iom_complete_requires": ["director"]}, {"dynamics_years": 0}, {"iom_stage": ["regional"]}):
        with pytest.raises(RulesError):
            OlympiadRules.load(bad)
    assert OlympiadRules.load({"olympiad": {"coverage_grades": [5, 9]}}).grade_range == (5, 9)


def test_evalnb_rules_lists_the_olympiad_rules_with_their_sources(capsys):
    from evalnb import cli

    assert cli.main(["rules", "olympiad"]) == 0
    out = capsys.readouterr().out
    assert "coverage_benchmark = 0.73" in out and "iom_special_subjects = 2" in out
    assert "«охват школьников всероссийской олимпиадой (ВОШ) составляет более 73 % (школьный этап)»" in out
