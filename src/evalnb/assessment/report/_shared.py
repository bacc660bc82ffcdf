"""What the assessment reports share: formats, section headings, the stacked chart, the rules."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...core.charts import figure, percent_axis
from ...core.i18n import fmt_number, fmt_percent
from ..labels import intro_labels, pp, result_labels, section_labels, signed

RED, GREEN, BLUE, GREY = "#c0392b", "#3a7d44", "#2f6690", "#b8c4cc"

#: The few styles the reports' tables use (rows in the risk zone, notes).
STYLE = ("<style>table.evalnb-table{width:100%}"
         "table.evalnb-compact td{white-space:nowrap}"
         ".evalnb-table tr.evalnb-warn td{background:#fdecea}"
         ".evalnb-note{color:#57606a;font-size:0.92em}</style>")


def style():
    """The reports' table styles, as an HTML object for the notebook to display."""
    from IPython.display import HTML

    return HTML(STYLE)


def num(x):
    """A plain float (None for missing) for a record."""
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def row_of(frame: pd.DataFrame, **where) -> pd.Series | None:
    """The first row of ``frame`` where every ``column == value`` (None if there is none)."""
    mask = np.ones(len(frame), dtype=bool)
    for k, v in where.items():
        mask &= (frame[k] == v).to_numpy(dtype=bool)
    hit = frame[mask]
    return hit.iloc[0] if len(hit) else None


def in_period(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows of ``frame`` of ``period``."""
    return frame[(frame["period"] == period).to_numpy(dtype=bool)]


def with_change(values, changes, lang: str, kind: str) -> list[str]:
    """``90,6 % (+8,6)``: a value with its change from the previous period (p.p. for shares)."""
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


def figures_table(ctx, frame, labels, percent=(), number=(), ints=(), caption=None, highlight=None,
                  compact=True):
    """An escaped, localised table; ``compact`` tables (figures only) keep each cell on one line."""
    formats = {c: "percent" for c in percent}
    formats.update({c: "number" for c in number})
    formats.update({c: "int" for c in ints})
    for c in frame.columns:
        formats.setdefault(c, "text")
    return ctx.table(frame, labels=labels, formats=formats, caption=caption, highlight=highlight,
                     css_class="evalnb-table evalnb-compact" if compact else "evalnb-table")


def section(ctx, code: str) -> None:
    """Display a translated section heading, and its short explanation when there is one."""
    ctx.heading(section_labels(ctx._)[code])
    intro = intro_labels(ctx._).get(code)
    if intro:
        ctx.paragraph(intro, "evalnb-note")


def rules_table(ctx):
    """The rules applied (``ctx.rules``), with their values and where each default comes from."""
    _ = ctx._
    described = pd.DataFrame(ctx.rules.describe())
    rows = described.copy()
    rows["value"] = rows["value"].map(_rule_value)
    rows["changed"] = [_("yes") if v != d else "" for v, d in zip(described["value"], rows["default"])]
    return ctx.table(rows[["rule", "value", "changed", "source"]], labels={
        "rule": _("Rule"), "value": _("Value"), "changed": _("Changed"), "source": _("Source")},
        formats={c: "text" for c in ("rule", "value", "changed", "source")})


def _rule_value(v) -> str:
    if isinstance(v, (tuple, list)):
        return ", ".join(map(str, v))
    if isinstance(v, dict):
        return ", ".join(f"{k}: {'/'.join(s)}" for k, s in v.items()) or "—"
    return str(v)


def stacked_results(ctx, o: pd.DataFrame, title: str):
    """Horizontal stacked bars of the shares lowered / confirmed / raised, one bar per
    procedure and subject of ``o`` (``None`` when ``o`` is empty)."""
    if o.empty:
        return None
    labels = [f"{p} · {s}" for p, s in zip(o["procedure"], o["subject"])]
    names = result_labels(ctx._)
    fig, ax = figure(figsize=(7.5, 0.45 * len(o) + 1.4))
    y = np.arange(len(o))[::-1]
    left = np.zeros(len(o))
    for col, color, key in (("lowered_share", RED, "lowered"), ("confirmed_share", GREEN, "confirmed"),
                            ("raised_share", BLUE, "raised")):
        v = o[col].fillna(0).to_numpy()
        ax.barh(y, v, left=left, color=color, label=names[key])
        left += v
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1)
    percent_axis(ax, "x", ctx.lang)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8)
    return fig


def record(figures: dict) -> dict:
    """Record ``figures`` for the batch's index (:func:`evalnb.record`); returns them."""
    from ... import record as _record

    for name, value in figures.items():
        _record(name, value)
    return figures
