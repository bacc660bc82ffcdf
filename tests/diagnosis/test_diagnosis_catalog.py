"""The reference table of 诊改 (附1 of 教职成司函〔2016〕37号): 6 items, 16 elements, 99 points."""

import opencc
import pandas as pd
import pytest

from evalnb.diagnosis.tables import STATUS_INDICATORS
from evalnb.diagnosis import RATE_NAMES, catalog, elements, hints, indicator_points

# counted by hand in the source's last column (主要诊断点) of each element
SOURCE_COUNTS = {"1.1": 6, "1.2": 5, "1.3": 8, "2.1": 5, "2.2": 7, "2.3": 9, "3.1": 10, "3.2": 6,
                 "4.1": 5, "4.2": 5, "5.1": 8, "5.2": 7, "5.3": 6, "6.1": 2, "6.2": 5, "6.3": 5}


def test_shape_six_items_sixteen_elements_ninety_nine_points():
    cat = catalog()
    assert len(cat) == 99
    assert cat["element"].nunique() == 16
    assert cat["item"].nunique() == 6
    assert cat["point"].is_unique


@pytest.mark.parametrize("element,n", sorted(SOURCE_COUNTS.items()))
def test_points_per_element_as_in_the_source(element, n):
    cat = catalog()
    pts = cat[cat["element"] == element]
    assert len(pts) == n
    assert pts["point_no"].tolist() == list(range(1, n + 1))
    assert pts["point"].tolist() == [f"{element}.{i}" for i in range(1, n + 1)]


def test_elements_per_item():
    el = elements()
    assert el.groupby("item").size().to_dict() == {"1": 3, "2": 3, "3": 2, "4": 2, "5": 3, "6": 3}
    assert el["points"].sum() == 99


def test_contract_columns_are_filled():
    cat = catalog()
    for col in ("item", "element", "point", "item_zh", "item_en", "element_zh", "element_en",
                "point_zh", "point_en", "planning_zh", "planning_en", "current_zh", "current_en"):
        assert col in cat.columns
    for col in ("item_zh", "item_en", "element_zh", "element_en", "point_zh", "point_en"):
        assert (cat[col].str.len() > 0).all(), col


def test_chinese_is_simplified():
    t2s = opencc.OpenCC("t2s")
    cat = catalog()
    texts = pd.concat([cat[c] for c in ("item_zh", "element_zh", "point_zh", "planning_zh", "current_zh")])
    for text in texts.unique():
        assert t2s.convert(text) == text, text


@pytest.mark.parametrize("element,kind,first,count", [
    ("1.1", "planning", "学校类型和层次定位", 4), ("1.1", "current", "在校生规模", 4),
    ("2.3", "planning", "校领导听课、听说课人均次数", 8), ("4.1", "current", "当年教学基础设施建设计划", 5),
    ("5.3", "planning", "质量保证体系建设规划", 3),
])
def test_hints_of_elements(element, kind, first, count):
    h = hints()
    sel = h[(h["element"] == element) & (h["kind"] == kind)]
    assert len(sel) == count
    assert sel["zh"].iloc[0] == first
    assert catalog().set_index("point").loc[f"{element}.1", f"{kind}_zh"].startswith(f"1. {first}")


def test_demand_side_elements_have_no_hints():
    cat = catalog()
    demand = cat[cat["item"] == "6"]
    assert (demand["planning_zh"] == "").all() and (demand["current_zh"] == "").all()
    assert (cat[cat["item"] != "6"]["planning_zh"] != "").all()


@pytest.mark.parametrize("point_zh,indicator", [
    ("应届毕业生就业率及趋势", "employment_rate"),
    ("辍学学生比例及趋势", "dropout_rate"),
    ("应届毕业生双证书获取率", "dual_cert_rate"),
    ("应届毕业生对口率及趋势", "matching_rate"),
    ("专任教师双师型比例", "dual_share"),
    ("在校生总数", "enrollment_fulltime"),
    ("纸质图书总量", "books_print"),
])
def test_points_say_which_status_indicator_measures_them(point_zh, indicator):
    cat = catalog()
    row = cat[cat["point_zh"] == point_zh]
    assert len(row) == 1
    assert indicator in row["indicators"].item().split(";")


def test_every_named_indicator_exists():
    known = set(STATUS_INDICATORS) | set(RATE_NAMES)
    assert set(indicator_points()["indicator"]) <= known
    late = catalog().set_index("point").loc["2.3.9", "indicators"]
    assert late.split(";") == ["late_rate", "absence_rate"]


def test_catalog_is_a_copy():
    cat = catalog()
    cat.loc[0, "point_zh"] = "changed"
    assert catalog().loc[0, "point_zh"] == "在校生总数"
