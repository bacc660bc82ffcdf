"""The period-text grammar of a roadmap: every form of the contract, the seed's texts, the errors."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.support import parse_period, read_roadmap, roadmap_ranges

DATA = Path(__file__).parent / "data"
T = pd.Timestamp


def spans(period):
    return [(None if pd.isna(s) else s.date().isoformat(), e.date().isoformat(), p)
            for s, e, p in period.ranges]


@pytest.mark.parametrize("text,kind,expected", [
    ("26.11.2021", "dated", [("2021-11-26", "2021-11-26", "day")]),
    ("07.12.2021 17.12.2021", "dated", [("2021-12-07", "2021-12-17", "day")]),
    ("09.12.2021- 17.12.2021", "dated", [("2021-12-09", "2021-12-17", "day")]),
    ("17.01.2022– 04.02.2022", "dated", [("2022-01-17", "2022-02-04", "day")]),
    ("08.02.2022 — 05.07.2022", "dated", [("2022-02-08", "2022-07-05", "day")]),
    ("22.02.2022 до 01.03.2022", "dated", [("2022-02-22", "2022-03-01", "day")]),
    ("с 01.02.2022 по 10.02.2022", "dated", [("2022-02-01", "2022-02-10", "day")]),
    ("до 01.03.2022", "dated", [(None, "2022-03-01", "day")]),
    ("23-24.03.2022", "dated", [("2022-03-23", "2022-03-24", "day")]),
    ("Март 2022", "dated", [("2022-03-01", "2022-03-31", "month")]),
    ("Февраль 2024", "dated", [("2024-02-01", "2024-02-29", "month")]),
    ("Февраль-июнь 2022", "dated", [("2022-02-01", "2022-06-30", "month")]),
    ("Февраль-июнь, сентябрь-декабрь 2022", "dated",
     [("2022-02-01", "2022-06-30", "month"), ("2022-09-01", "2022-12-31", "month")]),
    ("Март, апрель, май 2022", "dated",
     [("2022-03-01", "2022-03-31", "month"), ("2022-04-01", "2022-04-30", "month"),
      ("2022-05-01", "2022-05-31", "month")]),
    ("Март, апрель, май 2022 (по графику)", "on_schedule",
     [("2022-03-01", "2022-03-31", "month"), ("2022-04-01", "2022-04-30", "month"),
      ("2022-05-01", "2022-05-31", "month")]),
    ("Май, 2022 ноябрь", "dated", [("2022-05-01", "2022-05-31", "month"), ("2022-11-01", "2022-11-30", "month")]),
    ("11.02.2022 апрель, июнь 2022", "dated",
     [("2022-02-11", "2022-02-11", "day"), ("2022-04-01", "2022-04-30", "month"),
      ("2022-06-01", "2022-06-30", "month")]),
    ("декабрь-февраль 2023", "dated", [("2022-12-01", "2023-02-28", "month")]),
    ("сентябрь 2022 - май 2023", "dated", [("2022-09-01", "2023-05-31", "month")]),
    ("в мае 2022 года", "dated", [("2022-05-01", "2022-05-31", "month")]),
    ("до конца мая 2022", "dated", [(None, "2022-05-31", "month")]),
    ("В течение 2022 года (по заявкам)", "on_request", [("2022-01-01", "2022-12-31", "year")]),
    ("В течение 2022 года на основании ежемесячных планов образовательных мероприятий КГИРО",
     "continuous", [("2022-01-01", "2022-12-31", "year")]),
    ("Ежемесячно, 2022", "continuous", [("2022-01-01", "2022-12-31", "year")]),
    ("Еженедельно", "continuous", []),
    ("Постоянно", "continuous", []),
    ("по заявкам", "on_request", []),
    ("по графику", "on_schedule", []),
    ("ASAP", "unknown", []),
    ("", "unknown", []),
    ("<p>10.03.2022– 24.03.2022</p>", "dated", [("2022-03-10", "2022-03-24", "day")]),
])
def test_every_form_of_the_grammar(text, kind, expected):
    period = parse_period(text)
    assert period.kind == kind
    assert spans(period) == expected


def test_commas_separate_dates_and_two_dates_without_a_connector_are_one_range():
    assert spans(parse_period("07.12.2021, 17.12.2021")) == [
        ("2021-12-07", "2021-12-07", "day"), ("2021-12-17", "2021-12-17", "day")]
    assert len(parse_period("07.12.2021 17.12.2021").ranges) == 1


def test_default_year_serves_months_without_one_and_texts_without_a_range():
    assert spans(parse_period("Апрель-май", default_year=2022)) == [("2022-04-01", "2022-05-31", "month")]
    assert spans(parse_period("Постоянно", default_year=2022)) == [("2022-01-01", "2022-12-31", "year")]
    assert parse_period("Постоянно", default_year=2022).kind == "continuous"
    # a written year beats the default
    assert spans(parse_period("Май 2023", default_year=2022)) == [("2023-05-01", "2023-05-31", "month")]
    # a dated text keeps its own dates
    assert spans(parse_period("26.11.2021", default_year=2022)) == [("2021-11-26", "2021-11-26", "day")]


@pytest.mark.parametrize("text,why", [
    ("31.02.2022", "not a date of the calendar"),
    ("29.02.2023", "not a date of the calendar"),
    ("01.13.2022", "not a date of the calendar"),
    ("00.01.2022", "not a date of the calendar"),
    ("17.12.2021- 07.12.2021", "ends before it starts"),
    ("24-23.03.2022", "ends before it starts"),
    ("декабрь 2022 - февраль 2022", "ends before it starts"),
    ("Май", "without a year"),
    ("Февраль-июнь, сентябрь-декабрь", "without a year"),
    ("26.11.21", "not a whole date"),
    ("26.11", "not a whole date"),
])
def test_bad_periods_are_input_errors_with_the_text(text, why):
    with pytest.raises(InputError, match=why) as err:
        parse_period(text)
    assert err.value.value == text
    assert err.value.column == "period_text"


def test_29_february_of_a_leap_year_is_a_date():
    assert spans(parse_period("29.02.2024")) == [("2024-02-29", "2024-02-29", "day")]


def _roadmap(periods, years=None):
    n = len(periods)
    frame = pd.DataFrame({"task_no": range(1, n + 1), "task": ["t"] * n, "period_text": periods,
                          "executors": ["КГИРО"] * n, "indicator": ["x"] * n})
    if years is not None:
        frame["year"] = years
    return frame


def test_roadmap_ranges_names_row_task_column_and_text_of_every_bad_period():
    rm = _roadmap(["26.11.2021", "31.02.2022", "Май", "Март 2022"])
    with pytest.raises(InputError) as err:
        roadmap_ranges(rm)
    problems = err.value.problems
    assert [(p.table, p.row, p.column, p.value) for p in problems] == [
        ("roadmap", 3, "period_text", "31.02.2022"), ("roadmap", 4, "period_text", "Май")]
    assert "task 2" in problems[0].rule and "task 3" in problems[1].rule


def test_roadmap_ranges_keeps_every_task_and_uses_the_year_column():
    rm = _roadmap(["Май", "Постоянно", "ASAP", "Март, апрель 2022"], years=[2022, None, None, None])
    rg = roadmap_ranges(rm)
    assert rg["task_no"].tolist() == [1, 2, 3, 4, 4]
    assert rg["range_no"].tolist() == [1, 1, 1, 1, 2]
    assert rg["kind"].tolist() == ["dated", "continuous", "unknown", "dated", "dated"]
    assert rg.loc[0, "start"] == T("2022-05-01") and rg.loc[0, "end"] == T("2022-05-31")
    assert rg.loc[1:2, "start"].isna().all() and rg.loc[1:2, "end"].isna().all()


def test_every_period_text_of_the_kaluga_roadmap():
    rm = read_roadmap(DATA / "kaluga_2022_roadmap.csv")
    assert rm["task_no"].tolist() == list(range(1, 60))
    rg = roadmap_ranges(rm)
    assert rg["start"].notna().sum() == len(rg)          # every task of the order is dated
    by = rg.groupby("task_no")
    counts = by.size()
    assert counts[9] == 3                                 # 11.02.2022 апрель, июнь 2022
    assert counts[35] == 3 and counts[38] == 3            # Март, апрель, май / Апрель, май, октябрь
    assert counts[43] == 2                                # Май, 2022 ноябрь
    assert all(counts[t] == 2 for t in range(20, 28))     # Февраль-июнь, сентябрь-декабрь 2022
    assert counts.sum() == 59 + 2 + 2 + 2 + 1 + 8
    kinds = by["kind"].first()
    assert kinds[10] == "on_request" and kinds[11] == "continuous" and kinds[35] == "on_schedule"
    assert (kinds.drop([10, 11, 35]) == "dated").all()
    assert by["start"].min().min() == T("2021-11-26")
    assert by["end"].max().max() == T("2022-12-31")
    r3 = rg[rg["task_no"] == 3].iloc[0]
    assert (r3["start"], r3["end"]) == (T("2021-12-07"), T("2021-12-17"))
    r28 = rg[rg["task_no"] == 28].iloc[0]
    assert (r28["start"], r28["end"]) == (T("2022-02-22"), T("2022-03-01"))
    r31 = rg[rg["task_no"] == 31].iloc[0]
    assert (r31["start"], r31["end"]) == (T("2022-03-23"), T("2022-03-24"))


# --- properties -------------------------------------------------------------------------

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


def _ru(d: dt.date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


@settings(max_examples=60, deadline=None)
@given(days, days, st.sampled_from(["-", " - ", "– ", " до ", " по ", " "]))
def test_two_dates_make_one_inclusive_range_or_an_error(a, b, conn):
    text = f"{_ru(a)}{conn}{_ru(b)}"
    if b < a:
        with pytest.raises(InputError, match="ends before it starts"):
            parse_period(text)
    else:
        assert parse_period(text).ranges == ((T(a), T(b), "day"),)


MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
          "октябрь", "ноябрь", "декабрь"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=1, max_size=5), st.integers(2000, 2090),
       st.sampled_from([", ", " "]))
def test_listed_months_are_separate_whole_months(months, year, sep):
    text = sep.join(MONTHS[m - 1] for m in months) + f" {year}"
    ranges = parse_period(text).ranges
    assert len(ranges) == len(months)
    for (start, end, precision), m in zip(ranges, months):
        assert precision == "month"
        assert start == T(year, m, 1)
        assert end == T(year, m, calendar.monthrange(year, m)[1])


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(2001, 2090))
def test_a_month_range_under_one_year_never_ends_before_it_starts(m1, m2, year):
    (start, end, _), = parse_period(f"{MONTHS[m1 - 1]}-{MONTHS[m2 - 1]} {year}").ranges
    assert start <= end
    assert end.year == year and start.day == 1
    assert start.year == (year - 1 if m1 > m2 else year)
