"""The report modules in process: the Gantt chart's bars and the tables' contents."""

from __future__ import annotations

import doctest
import importlib

import matplotlib
import numpy as np
import pandas as pd
import pytest

from evalnb.core.domain import SampleContext
from evalnb.core.store import Store
from evalnb.support import DOMAIN, SupportRules, gantt, roadmap_ranges, roadmap_status
from evalnb.support import report as sr
from evalnb.support.labels import STATE_COLOURS
from evalnb.support.report.roadmap_report import RoadmapReport
from evalnb.support.report.school_report import SchoolReport

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def data():
    store = Store("sqlite://")
    store.write_frames(DOMAIN.make_sample(SampleContext(seed=0, rng=np.random.default_rng(5), tables={})))
    return sr.load(store)


def test_gantt_draws_one_bar_per_dated_range_in_its_state_colour():
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    rm = pd.DataFrame({"task_no": [1, 2, 3, 4], "task": list("abcd"), "executors": ["ОО"] * 4,
                       "indicator": ["x"] * 4,
                       "period_text": ["Февраль-июнь, сентябрь-декабрь 2022", "до 30.03.2022", "Постоянно",
                                       "01.03.2022- 10.03.2022"]})
    ranges, status = roadmap_ranges(rm), roadmap_status(rm, "2022-04-01")
    fig = gantt(ranges, status, "2022-04-01", lang="ru")
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_height() == pytest.approx(0.62)]
    assert len(bars) == 3                                   # two windows of task 1, task 4
    assert {to_hex(b.get_facecolor()) for b in bars} == {STATE_COLOURS["in_window"], STATE_COLOURS["overdue"]}
    diamonds = [ln for ln in ax.lines if ln.get_marker() == "D"]
    assert len(diamonds) == 1 and to_hex(diamonds[0].get_color()) == STATE_COLOURS["overdue"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "просрочено" in legend and "без сроков" in legend
    plt.close(fig)


def test_roadmap_report_tables(data):
    as_of = sr.resolve_as_of(data.progress)
    rep = RoadmapReport(data, as_of, 2022, SupportRules(), "en")
    f = rep.figures()
    assert f["tasks"] == len(data.roadmap) and as_of == pd.Timestamp("2022-06-30")
    over = rep.status[rep.status["state"] == "overdue"]
    table = str(rep.overdue_table()) if len(over) else ""
    for t in over["task_no"]:
        assert f"<td>{t}</td>" in table
    shares = str(rep.shares_table())
    assert "Counted / base" in shares and "%" in shares
    municipal = RoadmapReport(data, as_of, 2022, SupportRules(), "en", municipality="Козельский район")
    assert municipal.figures()["schools"] < f["schools"]


def test_school_report_tables(data):
    as_of = pd.Timestamp("2022-06-30")
    rep = SchoolReport(data, "RUS002", as_of, 2022, SupportRules.load({"documents_deadline": "2022-03-30"}), "en")
    docs = str(rep.documents_table())
    assert "Development concept" in docs and "By the deadline" in docs
    f = rep.figures()
    assert f["measures"] == len(data.measures[data.measures["school_id"] == "RUS002"])
    assert rep.profile_chart() is not None
    outside = SchoolReport(data, "RUS002", as_of, 2019, SupportRules(), "en")
    assert not outside.in_project and outside.stages_table() is None


@pytest.mark.parametrize("module", ["period", "roadmap", "rules", "schools", "shares", "__init__"])
def test_docstring_examples(module):
    name = "evalnb.support" if module == "__init__" else f"evalnb.support.{module}"
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
