"""Share indicators: distinct units, denominators per scope, the Kaluga table read from words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.core.validate import validate
from evalnb.support import SupportRules, indicator_shares, infer_share_indicators, read_roadmap

DATA = Path(__file__).parent / "data"
KALUGA_RULES = Path(__file__).resolve().parents[2] / "src/evalnb/support/data/kaluga_2022_rules.yaml"

RM = pd.DataFrame({
    "task_no": [6, 8, 11, 16, 19, 32, 40],
    "task": ["анкетирование", "КПК", "семинары", "вебинары", "посещение", "документы", "мониторинг"],
    "period_text": ["17.01.2022– 04.02.2022", "01.02.2022- 11.02.2022", "В течение 2022 года",
                    "17.02.2022– 23.06.2022", "18.02.2022– 01.03.2022", "30.03.2022", "16.05.2022"],
    "executors": ["КГИРО"] * 7,
    "indicator": [
        "Доля ОО, прошедших анкетирование, от общего числа отобранных для участия в проекте ОО",
        "Приказ КГИРО о зачислении педагогов на КПК. Доля педагогов школ-участниц проекта «500+», "
        "прошедших повышение квалификации, от общего числа педагогов школ, отобранных для участия",
        "Доля педагогов, принявших участие в каждом образовательном мероприятии, от общего "
        "количества педагогов школы",
        "Доля школ-участниц проекта и кураторов ОО, принявших участие в вебинарах",
        "Доля ОО из числа включенных в проект, посещенных кураторами. Доля ОО, активировавших "
        "рисковые направления в ИС МЭДК. Мониторинг работы ОО и кураторов с РПШ",
        "100% школ разместили концептуальные документы в ИС МЭДК. Мониторинг размещения",
        "Получение данных из ИС МЭДК"]})
PS = pd.DataFrame({"school_id": ["A", "B", "C", "Z"], "year": [2022, 2022, 2022, 2021],
                   "teachers": [10, 20, 0, 5], "curator": ["c1", "c2", "c1", "c9"]})
POP = pd.DataFrame({"role": ["curator", "regional_coordinator"], "school_id": [None, None], "count": [2, 3]})


def part(rows):
    return pd.DataFrame(rows, columns=["task_no", "indicator_no", "event_id", "school_id", "person_id", "role"])


def shares(pa, **kw):
    out = indicator_shares(RM, pa, PS, 2022, POP, **kw)
    return out.set_index(["task_no", "indicator_no", "scope"])


def test_schools_are_counted_once_and_only_project_schools_of_the_year():
    pa = part([(6, 1, None, "A", None, "school"), (6, 1, None, "A", None, "school"),   # repeated row
               (6, 1, "w2", "A", None, "school"),                                       # another event
               (6, 1, None, "Z", None, "school"),                                       # 2021's school
               (6, 1, None, "Q", None, "school")])                                      # not a project school
    row = shares(pa).loc[(6, 1, "region")]
    assert (row["numerator"], row["denominator"]) == (1, 3)
    assert row["share"] == pytest.approx(1 / 3)
    assert pd.isna(row["target"]) and pd.isna(row["met"])


def test_teachers_per_region_and_school_and_a_zero_denominator_is_nan():
    pa = part([(8, 1, None, "A", "t1", "teacher"), (8, 1, "second", "A", "t1", "teacher"),
               (8, 1, None, "A", "t2", "teacher"), (8, 1, None, "B", "t3", "teacher"),
               (8, 1, None, "C", "t4", "director")])                         # not a teacher
    out = shares(pa)
    assert out.loc[(8, 1, "region"), ["numerator", "denominator"]].tolist() == [3, 30]
    assert out.loc[(8, 1, "A"), "share"] == pytest.approx(0.2)
    assert out.loc[(8, 1, "B"), "share"] == pytest.approx(0.05)
    assert out.loc[(8, 1, "C"), "numerator"] == 0 and np.isnan(out.loc[(8, 1, "C"), "share"])


def test_each_event_per_school():
    pa = part([(11, 1, "e1", "A", "t1", "teacher"), (11, 1, "e1", "A", "t2", "teacher"),
               (11, 1, "e2", "A", "t1", "teacher"), (11, 1, "e2", "B", "t9", "teacher")])
    out = shares(pa)
    assert out.loc[(11, 1, "e1:A"), "share"] == pytest.approx(0.2)
    assert out.loc[(11, 1, "e2:A"), "share"] == pytest.approx(0.1)
    assert out.loc[(11, 1, "e1:B"), "numerator"] == 0
    assert out.loc[(11, 1, "e2:B"), "share"] == pytest.approx(0.05)
    assert "region" not in out.loc[11].index.get_level_values("scope")


def test_schools_and_curators_together():
    pa = part([(16, 1, "w1", "A", None, "school"), (16, 1, "w2", "A", None, "school"),
               (16, 1, "w1", None, "c1", "curator"), (16, 1, "w3", "B", "c1", "curator")])
    row = shares(pa).loc[(16, 1, "region")]
    assert (row["numerator"], row["denominator"]) == (2, 3 + 2)


def test_shares_from_risk_profile_and_documents_with_the_task_due_date():
    pa = part([(19, 1, None, "A", None, "school"), (19, 1, None, "B", None, "school")])
    rp = pd.DataFrame({"school_id": ["A", "A", "B", "C"], "year": [2022] * 4,
                       "factor": ["f1", "f2", "f1", "f1"], "level": ["high", "low", "medium", "high"],
                       "activated": [True, True, False, True],
                       "direction_kind": ["risk", "risk", "risk", "basic"]})
    sd = pd.DataFrame({"school_id": ["A", "B", "C"], "year": [2022] * 3, "doc": ["concept"] * 3,
                       "placed": ["2022-03-30", "2022-03-31", None]})
    out = shares(pa, risk_profile=rp, school_documents=sd)
    assert out.loc[(19, 1, "region"), "share"] == pytest.approx(2 / 3)
    assert out.loc[(19, 2, "region"), ["numerator", "denominator"]].tolist() == [1, 3]
    doc = out.loc[(32, 1, "region")]
    assert (doc["numerator"], doc["target"], bool(doc["met"])) == (1, 1.0, False)
    unknown = shares(pa)                           # without the tables these shares are not known
    assert pd.isna(unknown.loc[(19, 2, "region"), "numerator"])
    assert np.isnan(unknown.loc[(32, 1, "region"), "share"]) and pd.isna(unknown.loc[(32, 1, "region"), "met"])


def test_configured_indicators_and_their_target():
    rules = {"share_indicators": [{"tasks": [6], "roles": ["school"], "target": 0.6}]}
    pa = part([(6, 1, None, "A", None, "school"), (6, 1, None, "B", None, "school")])
    out = indicator_shares(RM, pa, PS, 2022, rules=rules)
    assert out["task_no"].tolist() == [6]
    assert bool(out["met"].iloc[0]) and out["target"].iloc[0] == 0.6
    none = indicator_shares(RM, pa, PS, 2022, rules={"infer_shares": False})
    assert none.empty and "share" in none.columns


def test_bad_inputs_are_named():
    with pytest.raises(InputError) as err:
        shares(part([(6, 1, None, "A", None, "school"), (8, 1, None, "A", None, "teacher")]))
    assert (err.value.table, err.value.row, err.value.column) == ("participation", 3, "person_id")
    with pytest.raises(InputError) as err:
        shares(part([(6, 1, None, None, None, "school")]))
    assert (err.value.row, err.value.column) == (2, "school_id")
    with pytest.raises(InputError) as err:
        shares(part([(6, 1, None, "A", None, "visitor")]))
    assert (err.value.row, err.value.column, err.value.value) == (2, "role", "visitor")
    with pytest.raises(InputError, match="task 99"):
        indicator_shares(RM, part([]), PS, 2022, rules={"share_indicators": [{"tasks": [99], "roles": ["school"]}]})
    no_population = indicator_shares(RM, part([]), PS, 2022).set_index(["task_no", "scope"])
    assert np.isnan(no_population.loc[(16, "region"), "denominator"])   # task 16 counts curators
    assert np.isnan(no_population.loc[(16, "region"), "share"])
    with pytest.raises(InputError, match="calendar year"):
        indicator_shares(RM, part([]), PS, "2022-2023", POP)
    with pytest.raises(InputError, match="unknown role"):
        SupportRules.load({"share_indicators": [{"tasks": [6], "roles": ["pupil"]}]})


def test_the_kaluga_table_read_from_the_words_of_the_order():
    rm = read_roadmap(DATA / "kaluga_2022_roadmap.csv")
    configured = SupportRules.load(KALUGA_RULES).share_indicators

    def key(spec):
        return [(t, spec["indicator_no"], tuple(sorted(spec["roles"])), tuple(sorted(spec["denominator"])),
                 tuple(spec["per"]), spec["source"]) for t in spec["tasks"]]

    inferred = sorted(k for s in infer_share_indicators(rm) for k in key(s))
    expected = sorted(k for s in configured for k in key(s))
    assert inferred == expected
    assert len({k[0] for k in expected}) == 21 and len(expected) == 22   # task 19 has two shares


RM_T, PS_T, POP_T = (validate(t, f) for t, f in (("roadmap", RM), ("project_schools", PS.assign(teachers=4)),
                                                 ("population", POP)))


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C", "Q"]), st.sampled_from(["t1", "t2", "t3", "t4"]),
                          st.sampled_from(["e1", "e2", None])), max_size=25))
def test_shares_count_distinct_units_and_stay_within_bounds(rows):
    pa = part([(8, 1, e, s, f"{s}-{t}", "teacher") for s, t, e in rows]
              + [(6, 1, e, s, None, "school") for s, _, e in rows])
    out = indicator_shares(RM_T, pa, PS_T, 2022, POP_T).set_index(["task_no", "scope"])
    project = [(s, t) for s, t, _ in rows if s in ("A", "B", "C")]
    assert out.loc[(8, "region"), "numerator"] == len(set(project))
    assert out.loc[(6, "region"), "numerator"] == len({s for s, _ in project})
    shares_ = out["share"].dropna()
    assert ((shares_ >= 0) & (shares_ <= 1)).all()
    per_school = out.loc[8].drop("region")["numerator"].sum()
    assert per_school == out.loc[(8, "region"), "numerator"]
