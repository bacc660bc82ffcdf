"""The reference table of 诊改 (附1 中等职业学校教学工作诊断项目参考表) as data.

The table lives in ``data/catalog.yaml`` (package data): 6 diagnostic items
(诊断项目), 16 elements (诊断要素), 99 main diagnostic points (主要诊断点),
each element with its planning-target (规划目标) and current-year (现状)
hints, in Chinese as in the source and in English.  Source: guidance §5 and
附1 of 教职成司函〔2016〕37号.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

#: The number of main diagnostic points of each element, counted in the source (附1).
POINTS_PER_ELEMENT = {
    "1.1": 6, "1.2": 5, "1.3": 8,
    "2.1": 5, "2.2": 7, "2.3": 9,
    "3.1": 10, "3.2": 6,
    "4.1": 5, "4.2": 5,
    "5.1": 8, "5.2": 7, "5.3": 6,
    "6.1": 2, "6.2": 5, "6.3": 5,
}
#: The 16 element codes, in the order of the table.
ELEMENTS = tuple(POINTS_PER_ELEMENT)
#: The 6 item codes.
ITEMS = ("1", "2", "3", "4", "5", "6")

COLUMNS = ["item", "element", "point", "point_no", "item_zh", "item_en", "item_ru",
           "element_zh", "element_en", "element_ru", "point_zh", "point_en",
           "planning_zh", "planning_en", "current_zh", "current_en", "indicators"]


@lru_cache(maxsize=1)
def _raw() -> dict:
    text = (Path(__file__).parent / "data" / "catalog.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def raw() -> dict:
    """A copy of the catalog file's contents (items → elements → hints and points)."""
    return copy.deepcopy(_raw())


def _numbered(hints: list[dict], lang: str) -> str:
    return "\n".join(f"{i}. {h[lang]}" for i, h in enumerate(hints, start=1))


@lru_cache(maxsize=1)
def _catalog() -> pd.DataFrame:
    rows = []
    for item in _raw()["items"]:
        for el in item["elements"]:
            for no, p in enumerate(el["points"], start=1):
                rows.append({
                    "item": item["code"], "element": el["code"], "point": f"{el['code']}.{no}",
                    "point_no": no,
                    "item_zh": item["zh"], "item_en": item["en"], "item_ru": item["ru"],
                    "element_zh": el["zh"], "element_en": el["en"], "element_ru": el["ru"],
                    "point_zh": p["zh"], "point_en": p["en"],
                    "planning_zh": _numbered(el["planning"], "zh"),
                    "planning_en": _numbered(el["planning"], "en"),
                    "current_zh": _numbered(el["current"], "zh"),
                    "current_en": _numbered(el["current"], "en"),
                    "indicators": ";".join(p.get("indicators", [])),
                })
    return pd.DataFrame(rows, columns=COLUMNS)


def catalog() -> pd.DataFrame:
    """The reference table, one row per main diagnostic point (99 rows).

    Columns: ``item`` (``1`` … ``6``), ``element`` (``1.1`` … ``6.3``),
    ``point`` (``1.1.1`` … ``6.3.5``), ``point_no`` (1-based within the
    element), the names and texts ``item_zh``, ``item_en``, ``item_ru``,
    ``element_zh``, ``element_en``, ``element_ru``, ``point_zh``, ``point_en``;
    the element's hints ``planning_zh`` / ``planning_en`` (规划目标) and
    ``current_zh`` / ``current_en`` (现状), numbered one per line (empty for
    6.1–6.3, which have none in the source); ``indicators``: the status
    indicators of DATA.md that measure the point (``;``-separated codes of
    ``vocational_status`` or derived rates of :func:`status_rates`, empty if
    none).

    Source: guidance §5 and 附1 of 教职成司函〔2016〕37号.

    Examples
    --------
    >>> cat = catalog()
    >>> len(cat), cat["element"].nunique(), cat["item"].nunique()
    (99, 16, 6)
    >>> cat.loc[cat["point_zh"] == "应届毕业生就业率及趋势", "indicators"].item()
    'employment_rate'
    """
    return _catalog().copy()


def elements() -> pd.DataFrame:
    """One row per element: ``item``, ``element``, names in zh/en/ru, ``points`` (count)."""
    cat = _catalog()
    cols = ["item", "item_zh", "item_en", "item_ru", "element", "element_zh", "element_en",
            "element_ru", "planning_zh", "planning_en", "current_zh", "current_en"]
    out = cat.groupby(cols, sort=False).size().rename("points").reset_index()
    return out


def hints() -> pd.DataFrame:
    """One row per hint: ``element``, ``kind`` (``planning`` | ``current``), ``no``, ``zh``, ``en``."""
    rows = []
    for item in _raw()["items"]:
        for el in item["elements"]:
            for kind in ("planning", "current"):
                for no, h in enumerate(el[kind], start=1):
                    rows.append({"element": el["code"], "kind": kind, "no": no,
                                 "zh": h["zh"], "en": h["en"]})
    return pd.DataFrame(rows, columns=["element", "kind", "no", "zh", "en"])


def indicator_points() -> pd.DataFrame:
    """One row per (point, indicator): which diagnostic points a status indicator measures."""
    cat = _catalog()[["element", "point", "point_zh", "point_en", "indicators"]]
    cat = cat[cat["indicators"] != ""].copy()
    cat["indicator"] = cat["indicators"].str.split(";")
    return cat.explode("indicator").drop(columns="indicators").reset_index(drop=True)


def element_name(code: str, lang: str) -> str:
    """The name of element ``code`` in ``lang`` (``en``, ``ru`` or ``zh``)."""
    el = elements().set_index("element")
    return str(el.loc[code, f"element_{lang}"])


def element_names(lang: str) -> dict[str, str]:
    """``{element code: name}`` in ``lang``."""
    el = elements()
    return dict(zip(el["element"], el[f"element_{lang}"]))


def item_names(lang: str) -> dict[str, str]:
    """``{item code: name}`` in ``lang``."""
    el = elements()
    return dict(zip(el["item"], el[f"item_{lang}"]))
