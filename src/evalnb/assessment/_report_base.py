"""Shared parts of the assessment reports: formatting helpers, sections, the stacked chart."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import report as core_report
from ..core.charts import figure, percent_axis
from ..core.store import Store, data_fingerprint, open_data
from ..core.tables import html_table
from .labels import INTROS, RESULTS, SECTIONS, tr
from .rules import AssessmentRules

RED, GREEN, BLUE, GREY = "#c0392b", "#3a7d44", "#2f6690", "#b8c4cc"


def _num(x):
    """A plain float (None for missing) for a record."""
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


_FOLDER_STORES: dict = {}


def _store(data) -> Store:
    """The dataset a report reads.

    A CSV folder is validated and imported into memory once per kernel and
    kept while its files are unchanged (a pooled batch kernel serves many
    reports); a database is opened as is.
    """
    if isinstance(data, Store):
        return data
    if data is not None and "://" not in str(data) and Path(str(data)).is_dir():
        key = (str(Path(str(data)).resolve()), data_fingerprint(data))
        if key not in _FOLDER_STORES:
            _FOLDER_STORES.clear()
            _FOLDER_STORES[key] = open_data(data)
        return _FOLDER_STORES[key]
    return open_data(data)


def with_change(values, changes, lang: str, kind: str) -> list[str]:
    """``90,6 % (+8,6)``: a value with its change from the previous period (p.p. for shares)."""
    from ..core.i18n import fmt_number, fmt_percent
    from .labels import pp, signed

    out = []
    for v, d in zip(values, changes):
        if kind == "percent":
            text, change = fmt_percent(v, lang), pp(d, lang)
        elif kind == "mark":
            text, change = fmt_number(v, lang, 2), signed(d, lang, 2)
        else:
            text, change = fmt_number(v, lang, 1), signed(d, lang, 1)
        out.append(text if change == "—" or text == "—" else f"{text} ({change})")
    return out


def _row(frame: pd.DataFrame, **where) -> pd.Series | None:
    mask = np.ones(len(frame), dtype=bool)
    for k, v in where.items():
        mask &= (frame[k] == v).to_numpy(dtype=bool)
    hit = frame[mask]
    return hit.iloc[0] if len(hit) else None


def _display_html(text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(text))


def _percent_table(frame, lang, labels, percent=(), number=(), ints=(), caption=None, highlight=None,
                   compact=True):
    """An escaped, localised table; ``compact`` tables (figures only) keep each cell on one line."""
    formats = {c: "percent" for c in percent}
    formats.update({c: "number" for c in number})
    formats.update({c: "int" for c in ints})
    for c in frame.columns:
        formats.setdefault(c, "text")
    return html_table(frame, lang, labels=labels, formats=formats, caption=caption, highlight=highlight,
                      css_class="evalnb-table evalnb-compact" if compact else "evalnb-table")


class _Base:
    lang: str
    rules: AssessmentRules

    def _(self, msgid: str, **fmt) -> str:
        return tr(self.lang)(msgid, **fmt)

    @staticmethod
    def _style() -> None:
        """The few styles the report's tables use (rows in the risk zone, notes)."""
        _display_html("<style>table.evalnb-table{width:100%}"
                      "table.evalnb-compact td{white-space:nowrap}"
                      ".evalnb-table tr.evalnb-warn td{background:#fdecea}"
                      ".evalnb-note{color:#57606a;font-size:0.92em}</style>")

    @staticmethod
    def show(fig) -> None:
        """Display a figure once and close it."""
        core_report.show(fig)

    def section(self, code: str) -> None:
        """A translated section heading, and its short explanation when there is one."""
        core_report.heading(self._(SECTIONS[code]))
        if code in INTROS:
            core_report.paragraph(self._(INTROS[code]), "evalnb-note")

    def rules_table(self):
        """The rules applied, with their values and where each default comes from."""
        rows = pd.DataFrame(self.rules.describe())
        rows["value"] = rows["value"].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (tuple, list))
                                          else (", ".join(f"{k}: {'/'.join(s)}" for k, s in v.items()) or "—")
                                          if isinstance(v, dict) else str(v))
        rows["changed"] = [self._("yes") if v != d else "" for v, d in
                           zip(pd.DataFrame(self.rules.describe())["value"], rows["default"])]
        return html_table(rows[["rule", "value", "changed", "source"]], self.lang, labels={
            "rule": self._("Rule"), "value": self._("Value"), "changed": self._("Changed"),
            "source": self._("Source")}, formats={c: "text" for c in ("rule", "value", "changed", "source")})


def stacked_results(o: pd.DataFrame, labels: list[str], lang: str, title: str):
    """Horizontal stacked bars of the shares lowered / confirmed / raised."""
    _ = tr(lang)
    fig, ax = figure(figsize=(7.5, 0.45 * len(o) + 1.4))
    y = np.arange(len(o))[::-1]
    left = np.zeros(len(o))
    for col, color, key in (("lowered_share", RED, "lowered"), ("confirmed_share", GREEN, "confirmed"),
                            ("raised_share", BLUE, "raised")):
        v = o[col].fillna(0).to_numpy()
        ax.barh(y, v, left=left, color=color, label=_(RESULTS[key]))
        left += v
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1)
    percent_axis(ax, "x", lang)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8)
    return fig



__all__ = ["stacked_results", "_Base"]
