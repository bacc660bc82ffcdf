"""The pieces of a handout, one by one: layout decisions, periods, chart ticks, index pages, rules."""

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

from evalnb.batch import index, layout  # noqa: E402
from evalnb.core import charts, handout  # noqa: E402
from evalnb.core.i18n import fmt_period  # noqa: E402
from evalnb.errors import UnknownNameError  # noqa: E402


# ---- periods -------------------------------------------------------------------------------

@pytest.mark.parametrize("label, lang, shown", [
    ("2019-2020 Q4", "ru", "IV четверть 2019/2020"),
    ("2019-2020 Q4", "zh", "2019—2020学年第四季度"),
    ("2019-2020 Q4", "en", "Q4 2019/20"),
    ("2019-2020 Q1", "ru", "I четверть 2019/2020"),
    ("2024-25 Q2", "en", "Q2 2024/25"),
    ("2024-25 Q2", "ru", "II четверть 2024/2025"),
    ("2019-2020 T3", "ru", "III триместр 2019/2020"),
    ("2019–2020 q3", "zh", "2019—2020学年第三季度"),
    ("July 2025", "ru", "July 2025"),        # not a school-year period: unchanged
    ("2019-2020 Q5", "en", "2019-2020 Q5"),  # no fifth quarter: unchanged
    (None, "zh", "—"),
])
def test_period_labels_as_readers_write_them(label, lang, shown):
    assert fmt_period(label, lang) == shown


def test_period_in_an_unknown_language_is_an_error():
    with pytest.raises(UnknownNameError):
        fmt_period("2019-2020 Q4", "de")


# ---- table layout ---------------------------------------------------------------------------

def _table(head, rows, cls="evalnb-table"):
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def test_figures_are_recognised_and_text_is_not():
    for text in ("12", "99,8 %", "99,8\u00a0% (+0,7)", "−2,3 п.п.", "1\u00a0234,5", "—", "✓", "4.52 (+0.10)"):
        assert layout.is_number(text), text
    for text in ("11А", "2019-2020 Q4", "Math", "", "МБОУ СОШ № 4", "5 August 2025"):
        assert not layout.is_number(text), text


def test_a_narrow_table_is_left_alone_and_its_figures_marked():
    out = layout.fit(_table(["School", "Pass rate"], [["Hillcrest", "95.0%"]]))
    assert "evalnb-fit" not in out
    assert '<td class="num">95.0%</td>' in out
    assert '<th class="numh">Pass rate</th>' in out


@pytest.mark.parametrize("ncols, fit", [(4, "normal"), (9, "compact"), (13, "landscape"), (30, "split")])
def test_the_fit_is_chosen_by_width(ncols, fit):
    widths = [(6.0, 3.0)] * ncols  # 6 em a column
    assert layout.choose_fit(widths) == fit


def test_fit_boundaries_are_the_printable_widths():
    n = 5
    # exactly the portrait width at the normal size fits; a hair more does not
    need = layout.PORTRAIT_PT / layout.NORMAL_PT - n * layout.NORMAL_PAD
    assert layout.choose_fit([(need / n, 1.0)] * n) == "normal"
    assert layout.choose_fit([(need / n + 0.01, 1.0)] * n) == "compact"


def test_a_very_wide_table_is_split_with_its_key_column_repeated():
    head = ["Unit"] + [f"Indicator number {i}" for i in range(24)]
    rows = [["Ashford Grange Secondary School"] + [f"{i},5 %" for i in range(24)]]
    out = layout.fit(_table(head, rows))
    assert "evalnb-screen-only" in out  # the whole table stays for the screen
    groups = re.findall(r'<table class="[^"]*evalnb-fit-compact[^"]*">(.*?)</table>',
                        out.split("evalnb-colgroups", 1)[1], flags=re.S)
    assert len(groups) >= 2
    shown = []
    for g in groups:
        heads = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", g)
        cells = re.findall(r"<td(?:\s[^>]*)?>(.*?)</td>", g)
        assert heads[0] == "Unit" and cells[0] == "Ashford Grange Secondary School"
        shown += heads[1:]
        widths = layout.column_widths(heads, [[(c, layout.is_number(c)) for c in cells]],
                                      layout.COMPACT_CAP)
        assert sum(w + layout.COMPACT_PAD for w, _hard in widths) * layout.COMPACT_PT \
            <= layout.PORTRAIT_PT
    assert shown == head[1:]  # every column once, in order


def test_a_column_of_long_lists_becomes_compact_lists():
    names = "; ".join(f"Trainee {i} ×2" for i in range(40))
    out = layout.fit(_table(["Unit", "Teachers", "Trainees"], [["Oakfield", "12", names]]))
    assert "<table" not in out
    assert out.count("<li>") == 40
    assert "<strong>Oakfield</strong> · Teachers: 12" in out
    assert "evalnb-cols-3" in out


def test_numero_keeps_its_number_and_headings_keep_with_what_follows():
    out = layout.fit('<div class="cell"><div class="output_area"><h2>МБОУ СОШ № 4</h2></div></div>'
                     '<div class="cell"><p>text</p></div>')
    assert "№\u00a04" in out
    assert out.count("evalnb-keep") == 3  # the heading, its output area and its cell
    assert '<p>text</p>' in out


def test_images_pass_through_untouched():
    img = '<img src="data:image/png;base64,' + "A" * 5000 + '"/>'
    assert img in layout.fit(f"<div>{img}</div>")


# ---- charts -------------------------------------------------------------------------------

@settings(deadline=None, max_examples=40)
@given(st.floats(0, 0.98), st.floats(0.001, 1.0))
def test_percent_tick_labels_never_repeat(low, span):
    fig, ax = charts.figure()
    try:
        ax.plot([0, 1], [low, min(1.0, low + span)])
        ax.set_ylim(low, min(1.0, low + span) + 1e-9)
        charts.percent_axis(ax, "y", "ru")
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        assert len(labels) == len(set(labels)) >= 2
    finally:
        plt.close(fig)


def test_tick_digits_are_the_fewest_that_separate_ticks():
    assert charts.tick_digits([0.94, 0.95, 0.96]) == 0
    assert charts.tick_digits([0.945, 0.95, 0.955]) == 1
    assert charts.tick_digits([0.9451, 0.9452]) == 2


def test_single_bar_tells_when_to_write_a_sentence():
    assert charts.single_bar(pd.Series({"Summer Institute": 12}))
    assert charts.single_bar(pd.Series({"A": 3, "B": None}))
    assert charts.single_bar(pd.Series(dtype=float))
    assert not charts.single_bar(pd.Series({"A": 3, "B": 0}))
    assert charts.single_bar(pd.DataFrame({"q": [1, None], "u": [2, None]}))
    assert not charts.single_bar([1, 2])


def test_legend_goes_outside_and_lists_reference_lines():
    fig, ax = charts.figure()
    try:
        ax.bar(["a", "b"], [1, 2], label="Qualified", color=charts.color("good"))
        ax.axhline(1.5, label="50 %", color=charts.color("reference"))
        ax.legend()
        leg = charts.legend_outside(ax)
        fig.canvas.draw()
        assert ax.get_legend() is None and leg in fig.legends
        assert sorted(t.get_text() for t in leg.get_texts()) == ["50 %", "Qualified"]
        box, plot = leg.get_window_extent(), ax.get_window_extent()
        assert box.y1 <= plot.y0  # under the plot, not over the bars or the title
    finally:
        plt.close(fig)


def test_one_colour_vocabulary():
    assert charts.color("bad") not in charts.PALETTE and charts.color("good") not in charts.PALETTE
    assert charts.color("subject") != charts.color("bad")
    with pytest.raises(UnknownNameError):
        charts.color("reddish")


# ---- index pages ---------------------------------------------------------------------------

def test_index_language_batch_then_single_then_builder():
    mixed = [{"lang": "ru"}, {"lang": "zh"}, {"lang": "en"}]
    assert index.choose_lang("zh", mixed, "ru") == "zh"
    assert index.choose_lang(None, [{"lang": "ru"}] * 3, "en") == "ru"
    assert index.choose_lang(None, mixed, "ru") == "ru"


def test_builder_language_from_the_locale_else_english():
    assert index.default_ui_lang({"LANG": "ru_RU.UTF-8"}) == "ru"
    assert index.default_ui_lang({"LC_ALL": "zh_CN.UTF-8", "LANG": "ru_RU.UTF-8"}) == "zh"
    assert index.default_ui_lang({"LANG": "de_DE.UTF-8"}) == "en"
    assert index.default_ui_lang({}) == "en"


def test_set_title_from_metadata_else_readable():
    meta = {"title": {"en": "School overview", "ru": "Обзор школы"}}
    assert index.set_title(meta, "school_overview", "ru") == "Обзор школы"
    assert index.set_title(meta, "school_overview", "zh") == "School overview"  # English fallback
    for lang in ("en", "ru", "zh"):
        title = index.set_title({}, "assessment-school_report", lang)
        assert "_" not in title and "assessment-" not in title


@pytest.mark.parametrize("name, declared, values, kind", [
    ("compliant_share", None, [0.61, 1.0], "percent"),
    ("pass_rate", None, [0.9], "percent"),
    ("hours_credited", None, [150.0, 78.0], "int"),
    ("hours_credited", None, [150.0, 78.5], "number"),
    ("sou", "number", [70.0], "number"),
    ("compliant_share", None, [61.0], "int"),  # a "share" above 1 is not a share
    ("month", None, ["2025-07"], None),
])
def test_figure_kinds(name, declared, values, kind):
    assert index.figure_kind(name, declared, values) == kind


def test_index_page_shows_shares_as_percentages_and_no_paths():
    reports = [{"key": "EN001", "title": "Hillcrest", "status": "ok", "lang": "en",
                "figures": {"compliant_share": 0.61, "hours_credited": 150.0},
                "outputs": {"html": "EN001.html"}, "duration": 1.0}]
    html = index.render_index(notebook="training-county_overview", reports=reports, lang="ru",
                              figures=["compliant_share", "hours_credited"], labels={}, formats={},
                              data="sqlite:////home/me/secret.sqlite", version="0")
    assert 'lang="ru"' in html
    assert "61,0\u00a0%" in html and ">150<" in html
    assert "secret" not in html and "compliant_share" not in html.split("<tbody>")[0].split("<thead>")[1]


# ---- rules and provenance --------------------------------------------------------------------

def test_rule_values_for_readers():
    assert handout.rule_value(True, "ru") == "да"
    assert handout.rule_value(None, "en") == "—"
    assert handout.rule_value(1 / 3, "en", share=True) == "33.3%"
    assert handout.rule_value((100.0, 64.0, 36.0), "ru") == "100, 64, 36"
    assert handout.rule_value(2.5, "ru") == "2,5"


def test_rules_appendix_translated_without_keys_or_files():
    from evalnb.training.rules import TrainingRules

    names = {"pass_mark": "Pass mark (points of 100)", "commend_share": "Share of each class commended"}
    rules = TrainingRules()
    text = str(handout.rules_appendix(rules, "ru", "training", names=names,
                                      shares=["commend_share"]))
    assert "pass_mark" not in text and "DATA.md" not in text and "True" not in text
    assert "%" in text
    assert handout.rules_appendix(rules, "ru", "training", names=names, only_changed=True) is None
    changed = TrainingRules.load({"pass_mark": 70})
    rows = handout.rule_rows(changed, "en", "training", names=names, only_changed=True)
    assert list(rows["value"]) == ["70"] and "default: 60" in rows["source"].iloc[0]


def test_overview_key_figures_from_whichever_table_holds_them():
    from evalnb.overview import SchoolData, key_figures

    status = pd.DataFrame({"year": [2022, 2023, 2023, 2023],
                           "indicator": ["enrollment_fulltime", "enrollment_fulltime",
                                         "teachers_fulltime", "teachers_part_time"],
                           "value": [90.0, 100.0, 8.0, 2.0]})
    empty = pd.DataFrame()
    assert key_figures(SchoolData({}, empty, empty, status)) == {"students": 100, "teachers": 10}
    roster = pd.DataFrame({"student_id": ["a", "b"]})
    assert key_figures(SchoolData({}, roster, empty, empty)) == {"students": 2, "teachers": None}


def test_alignment_is_decided_per_column():
    out = layout.fit(_table(["Rule", "Value"], [["Subjects", "—"], ["Names", "final essay"],
                                                ["Pass mark", "60"]]))
    assert 'class="num"' not in out  # a column of words and one number: all left
    out = layout.fit(_table(["Subject", "N"], [["Math", "—"], ["History", "12"]]))
    assert '<td class="num">—</td>' in out and '<td class="num">12</td>' in out
    out = layout.fit('<table><thead><tr><th>Item</th><th>Value</th></tr></thead><tbody>'
                     '<tr><td>Due</td><td class="num">5 August 2025</td></tr>'
                     '<tr><td>Hours</td><td class="num">30</td></tr></tbody></table>')
    assert 'class="num"' not in out


def test_normal_type_is_kept_by_wrapping_text_sooner():
    names = [("Ashford Grange Secondary School Annex", False)]
    figures = [("12,5 %", True)] * 9
    head = ["Unit"] + [f"Share {i}" for i in range(9)]
    fit, cap = layout.plan_fit(head, [names + figures])
    assert fit == "normal" and layout.COMPACT_CAP <= cap < layout.TEXT_CAP
    widths = layout.column_widths(head, [names + figures], cap)
    assert (sum(w for w, _h in widths) + len(widths) * layout.NORMAL_PAD) * layout.NORMAL_PT \
        <= layout.PORTRAIT_PT


def test_columns_get_widths_in_proportion_to_their_needs():
    out = layout.fit(_table(["Indicator", "School", "Median"],
                            [["Students per full-time teacher (师生比)", "21.5", "17.5"]]))
    widths = [float(w) for w in re.findall(r'<col style="width:([\d.]+)%"', out)]
    assert len(widths) == 3 and abs(sum(widths) - 100) < 0.5 and widths[0] > widths[1]
