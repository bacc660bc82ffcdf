"""Shared parts of the assessment reports: formatting helpers, sections, the stacked chart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core import report as core_report
from ..core.charts import figure, percent_axis
from ..core.store import Store, open_data
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


def _store(data) -> Store:
    return data if isinstance(data, Store) else open_data(data)


def _row(frame: pd.DataFrame, **where) -> pd.Series | None:
    mask = np.ones(len(frame), dtype=bool)
    for k, v in where.items():
        mask &= (frame[k] == v).to_numpy(dtype=bool)
    hit = frame[mask]
    return hit.iloc[0] if len(hit) else None


def _display(obj) -> None:
    from IPython.display import display

    display(obj)


def _percent_table(frame, lang, labels, percent=(), number=(), ints=(), caption=None, highlight=None):
    formats = {c: "percent" for c in percent}
    formats.update({c: "number" for c in number})
    formats.update({c: "int" for c in ints})
    for c in frame.columns:
        formats.setdefault(c, "text")
    return html_table(frame, lang, labels=labels, formats=formats, caption=caption, highlight=highlight)


class _Base:
    lang: str
    rules: AssessmentRules

    def _(self, msgid: str, **fmt) -> str:
        return tr(self.lang)(msgid, **fmt)

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
