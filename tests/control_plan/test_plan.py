"""The plan checker, the load grid and the library: every check at its edge, bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.control_plan import ControlPlanRules, check_plan, library, load
from evalnb.control_plan.calc import FINDING_COLUMNS

MONTHS = [9, 10, 11, 12, 1, 2, 3, 4, 5]


def item(item_id, month, *, direction="results", kind="subject", obj=None, goal=None,
         methods="контрольная работа", responsible="Иванова Е.П.", school="RU001",
         year="2019-2020", **extra) -> dict:
    row = {"school_id": school, "year": year, "item_id": str(item_id), "direction": direction,
           "result_kind": kind if direction == "results" else None,
           "object": obj or f"Объект {item_id}", "goal": goal or f"Цель {item_id}",
           "form": "тематический", "methods": methods, "month": month,
           "responsible": responsible, "recording": "справка"}
    row.update(extra)
    return row


def clean_rows() -> list[dict]:
    """A sound plan: every month, every result kind, teachers' work in both halves."""
    rows = [item(f"s{m}", m) for m in MONTHS]
    rows += [item("m1", 11, kind="metasubject", methods="комплексная работа"),
             item("p1", 10, kind="personal", methods="анкетирование; наблюдение"),
             item("t1", 11, direction="process", obj="Работа молодых педагогов",
                  methods="посещение уроков", responsible="Петров А.А."),
             item("t2", 2, direction="conditions", goal="Оценить курсовую подготовку учителей",
                  methods="анализ документации", responsible="Петров А.А.")]
    return rows


def plan(rows) -> pd.DataFrame:
    return pd.DataFrame(rows)


def found(rows, **kw) -> list[list]:
    return check_plan(plan(rows), **kw)[["item_id", "check", "value"]].values.tolist()


def test_a_clean_plan_has_no_findings():
    f = check_plan(plan(clean_rows()))
    assert f.empty and list(f.columns) == FINDING_COLUMNS


@pytest.mark.parametrize("field", ["object", "goal", "form", "methods", "month", "responsible",
                                   "recording"])
def test_incomplete_names_each_empty_field(field):
    rows = clean_rows()
    rows[3][field] = None if field == "month" else "  "
    f = check_plan(plan(rows))
    inc = f[f["check"] == "incomplete"]
    assert inc[["item_id", "value", "severity"]].values.tolist() == [["s12", field, "error"]]


def test_incomplete_is_one_finding_per_item_listing_fields_in_order():
    rows = clean_rows()
    rows[0].update(recording=None, goal="", form=None)
    assert [x for x in found(rows) if x[1] == "incomplete"] == [["s9", "incomplete", "goal;form;recording"]]


def test_direction_missing_per_result_kind():
    rows = [r for r in clean_rows() if r.get("result_kind") != "personal"]
    f = check_plan(plan(rows))
    assert f[["item_id", "check", "severity", "value"]].values.tolist() == [
        ["", "direction_missing", "error", "results/personal"]]


def test_a_required_direction_without_kinds_needs_one_item():
    rules = {"required_directions": {"results": ["subject"], "conditions": []}}
    rows = [r for r in clean_rows() if r["direction"] != "conditions"]
    assert ["", "direction_missing", "conditions"] in found(rows, rules=rules)
    assert found(clean_rows(), rules=rules) == []


def test_month_gap_and_months_of_a_half_year():
    rows = [r for r in clean_rows() if r["month"] != 1]
    assert found(rows) == [["", "month_gap", "1"]]
    # a plan for the second half-year: January without control, September is not asked for
    half = [r for r in rows if r["month"] <= 5]
    assert ["", "month_gap", "1"] in found(half, months=[1, 2, 3, 4, 5])
    assert not any(x[1] == "month_gap" and x[2] == "9" for x in found(half, months=[1, 2, 3, 4, 5]))


def test_duplicate_casefolded_with_spaces_collapsed():
    rows = clean_rows()
    rows.append(item("dup", 9, obj="  ОБЪЕКТ   s9 ", goal="цель s9"))
    rows.append(item("dup2", 9, obj="Объект s9", goal="Цель s9"))
    rows.append(item("other_month", 10, obj="Объект s9", goal="Цель s9"))
    rows.append(item("other_kind", 9, kind="metasubject", obj="Объект s9", goal="Цель s9",
                     methods="комплексная работа"))
    dups = [x for x in found(rows) if x[1] == "duplicate"]
    assert dups == [["dup", "duplicate", "s9"], ["dup2", "duplicate", "s9"]]


def test_empty_drafts_are_incomplete_not_duplicates():
    rows = clean_rows() + [item("d1", 9, obj=" ", goal=" "), item("d2", 9, obj=" ", goal=" ")]
    rows[-1]["object"] = rows[-1]["goal"] = rows[-2]["object"] = rows[-2]["goal"] = None
    checks = [x[1] for x in found(rows)]
    assert checks.count("incomplete") == 2 and "duplicate" not in checks


def test_overload_at_the_edge():
    rows = clean_rows()
    four = rows + [item(f"x{i}", 10, kind="subject") for i in range(2)]   # Иванова: s10, p1, x0, x1
    assert [x for x in found(four) if x[1] == "overload"] == []
    five = four + [item("x2", 10)]
    assert [x for x in found(five) if x[1] == "overload"] == [["", "overload", "Иванова Е.П./10: 5"]]
    assert [x for x in found(five, rules={"max_items_per_person_month": 5}) if x[1] == "overload"] == []
    # the same five items under another person's name in another month: no overload
    spread = four + [item("x2", 10, responsible="Сидорова")]
    assert [x for x in found(spread) if x[1] == "overload"] == []


@pytest.mark.parametrize("kind,methods,value", [
    ("personal", "контрольная работа", "контрольная работа"),
    ("personal", "анкетирование; Итоговый ЗАЧЁТ", "Итоговый ЗАЧЁТ"),
    ("personal", "опрос; выставление отметок", "выставление отметок"),
    ("personal", "беседа", "беседа"),
    ("subject", "беседа; наблюдение", "беседа; наблюдение"),
    ("metasubject", "контрольная работа", "контрольная работа"),
])
def test_method_mismatch(kind, methods, value):
    rows = clean_rows() + [item("m", 9, kind=kind, methods=methods)]
    f = check_plan(plan(rows))
    mm = f[f["check"] == "method_mismatch"]
    assert mm[["item_id", "value", "result_kind", "severity"]].values.tolist() == [["m", value, kind, "warning"]]


@pytest.mark.parametrize("kind,methods", [
    ("subject", "ВПР"), ("subject", "анализ результатов ОГЭ"), ("metasubject", "Защита ПРОЕКТА"),
    ("personal", "неперсонифицированный мониторинг"), ("personal", "социометрия"),
])
def test_suitable_methods(kind, methods):
    rows = clean_rows() + [item("m", 9, kind=kind, methods=methods)]
    assert not [x for x in found(rows) if x[1] == "method_mismatch"]


def test_no_priority_only_when_priorities_are_given():
    rows = clean_rows()
    rows[0]["priority"] = "Функциональная грамотность "
    rows[1]["priority"] = "спорт"
    assert not [x for x in found(rows) if x[1] == "no_priority"]
    rules = {"priorities": ["функциональная грамотность"]}
    pri = [x for x in found(rows, rules=rules) if x[1] == "no_priority"]
    assert pri[0] == ["s10", "no_priority", "спорт"]
    assert len(pri) == len(rows) - 1 and ["s11", "no_priority", ""] in pri


def test_no_staff_focus_per_half_year():
    rows = [r for r in clean_rows() if r["item_id"] != "t1"]
    assert found(rows) == [["", "no_staff_focus", "1"]]
    rows = [r for r in clean_rows() if r["item_id"] != "t2"]
    assert found(rows) == [["", "no_staff_focus", "2"]]
    # a half without any item has no such finding (its months are gaps instead)
    first_half = [r for r in clean_rows() if r["month"] >= 9]
    assert ["", "no_staff_focus", "2"] not in found(first_half)
    # stems match in object or goal, regardless of case
    rows = clean_rows()
    rows[-2]["object"] = "КАДРОВЫЙ состав"
    assert found(rows) == []
    assert ["", "no_staff_focus", "1"] in found(clean_rows(), rules={"min_staff_items_per_half": 2})


def test_each_school_and_year_is_checked_alone():
    other = [dict(r, school_id="RU002") for r in clean_rows() if r["month"] != 3]
    f = check_plan(plan(clean_rows() + other))
    assert f[["school_id", "check", "value"]].values.tolist() == [["RU002", "month_gap", "3"]]
    assert "March" in f["message"].iloc[0]


def test_messages_are_english_sentences():
    rows = clean_rows()
    rows[0]["goal"] = None
    rows.append(item("p2", 9, kind="personal", methods="контрольная работа"))
    msgs = check_plan(plan(rows))["message"].tolist()
    assert msgs == ["Item s9: empty goal.",
                    "Item p2: the methods «контрольная работа» do not suit personal results."]


# --- bad input ------------------------------------------------------------------------

@pytest.mark.parametrize("field,value,column", [
    ("year", "2019-2021", "year"), ("year", "2019/2020", "year"), ("month", 13, "month"),
    ("month", 0, "month"), ("result_kind", "social", "result_kind"),
])
def test_bad_values_are_input_errors_with_row_and_column(field, value, column):
    rows = clean_rows()
    rows[2][field] = value
    with pytest.raises(InputError) as exc:
        check_plan(plan(rows))
    assert exc.value.row == 4 and exc.value.column == column and exc.value.table == "control_plan"


def test_results_without_a_kind_and_unknown_directions():
    rows = clean_rows()
    rows[1]["result_kind"] = None
    with pytest.raises(InputError) as exc:
        check_plan(plan(rows))
    assert exc.value.row == 3 and exc.value.column == "direction, result_kind"
    rows = clean_rows()
    rows[4]["direction"] = "upbringing"
    with pytest.raises(InputError) as exc:
        check_plan(plan(rows))
    assert (exc.value.row, exc.value.column, exc.value.value) == (6, "direction", "upbringing")
    assert check_plan(plan(rows), rules={"directions": ["results", "process", "conditions",
                                                         "upbringing"]}).empty


def test_duplicate_item_ids_and_missing_columns():
    rows = clean_rows()
    rows[1]["item_id"] = rows[0]["item_id"]
    with pytest.raises(InputError, match="duplicate key"):
        check_plan(plan(rows))
    with pytest.raises(InputError, match="required column 'year'"):
        check_plan(plan(clean_rows()).drop(columns="year"))
    with pytest.raises(InputError, match="months"):
        check_plan(plan(clean_rows()), months=[0, 9])


# --- load -----------------------------------------------------------------------------

def test_load_counts_items_per_person_and_month():
    rows = clean_rows() + [item("n", None, responsible="Иванова Е.П."), item("r", 9, responsible=" ")]
    g = load(plan(rows))
    assert list(g.columns) == ["school_id", "year", "responsible", "month", "items"]
    ivanova = g[g["responsible"] == "Иванова Е.П."].set_index("month")["items"].to_dict()
    assert ivanova == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 9: 1, 10: 2, 11: 2, 12: 1}
    assert g[g["responsible"] == "Петров А.А."][["month", "items"]].values.tolist() == [[2, 1], [11, 1]]
    assert int(g["items"].sum()) == len(clean_rows())


@given(st.lists(st.tuples(st.sampled_from(["А", "Б", "В"]), st.integers(1, 12)), max_size=30))
@settings(max_examples=40, deadline=None)
def test_load_sums_to_the_items_and_overload_agrees_with_it(pairs):
    rows = [item(i, m, responsible=p) for i, (p, m) in enumerate(pairs)]
    if not rows:
        return
    g = load(plan(rows))
    assert int(g["items"].sum()) == len(rows)
    over = {f"{p}/{m}: {n}" for p, m, n in g[["responsible", "month", "items"]].values if n > 4}
    f = check_plan(plan(rows))
    assert set(f.loc[f["check"] == "overload", "value"]) == over


# --- library --------------------------------------------------------------------------

def test_library_has_two_items_per_kind_and_each_passes_the_method_check():
    lib = library()
    counts = lib["result_kind"].value_counts()
    assert all(counts.get(k, 0) >= 2 for k in ("subject", "metasubject", "personal"))
    as_plan = lib.assign(school_id="RU001", year="2019-2020", item_id=lib["library_id"],
                         month=9, responsible="Иванова")
    f = check_plan(as_plan.drop(columns=["library_id", "months", "label"]), months=[9],
                   rules={"max_items_per_person_month": 100})
    assert f.empty, f.values.tolist()


def test_library_labels_and_a_municipal_library(tmp_path):
    en = library("en")
    assert en.loc[en["library_id"] == "L02", "label"].item() == "ВПР results against journal marks, grades 4–8"
    assert (library("ru")["object"] == en["object"]).all()
    path = tmp_path / "control_library.csv"
    library().drop(columns="label").head(3).to_csv(path, index=False)
    own = library("en", source=path)
    assert own["label"].tolist() == own["object"].tolist() and len(own) == 3
    bad = library().drop(columns="label").head(2)
    bad.loc[1, "months"] = "9;13"
    with pytest.raises(InputError) as exc:
        library(source=bad)
    assert exc.value.row == 3 and exc.value.column == "months"


def test_rules_validation():
    from evalnb import RulesError
    with pytest.raises(RulesError, match="required_directions"):
        ControlPlanRules.load({"required_directions": {"upbringing": []}})
    with pytest.raises(RulesError, match="months"):
        ControlPlanRules.load({"months": [13]})
    with pytest.raises(RulesError, match="max_items_per_person_month"):
        ControlPlanRules.load({"max_items_per_person_month": 0})
    r = ControlPlanRules.load()
    for row in r.describe():
        assert row["source"] and ".py" not in row["source"] and "DATA.md" not in row["source"]


def test_the_example_rules_file_holds_the_defaults_and_a_file_adds_a_term(tmp_path):
    from pathlib import Path

    import evalnb.control_plan
    from evalnb.control_plan import check_document

    example = Path(evalnb.control_plan.__file__).with_name("rules.example.yaml")
    assert ControlPlanRules.load(example) == ControlPlanRules()
    own = tmp_path / "municipality.yaml"
    own.write_text("control_plan:\n  max_items_per_person_month: 2\n  document_terms:\n"
                   "    vospitanniki: {pattern: '\\bвоспитанник\\w*', suggestion: обучающиеся}\n",
                   encoding="utf-8")
    assert check_document("Воспитанники школы", rules=own)["code"].tolist() == ["vospitanniki"]
    rows = clean_rows() + [item("x", 10), item("y", 10)]       # Иванова: 4 items in October
    assert ["", "overload", "Иванова Е.П./10: 4"] in found(rows, rules=own)
