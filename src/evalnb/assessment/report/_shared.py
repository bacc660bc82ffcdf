"""What the assessment reports share: formats, section headings, the stacked chart, the rules."""

from __future__ import annotations

import datetime as _dt
import math

import numpy as np
import pandas as pd

from ...core.charts import color, figure, legend_outside, percent_axis
from ...core.i18n import fmt_number, fmt_percent
from ..labels import (intro_labels, pp, result_labels, rule_labels, rule_source_labels, section_labels,
                      signed)

#: One colour vocabulary (:func:`evalnb.core.charts.color`): red is "lowered / at risk" only.
RED, GREEN, BLUE, GREY = color("bad"), color("good"), color("neutral"), color("others")
SUBJECT, REFERENCE = color("subject"), color("reference")

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


#: Where each rule's default comes from (keys of :func:`~evalnb.assessment.labels.rule_source_labels`).
RULE_SOURCES = {
    "count_by": "reading", "count_na": "reading", "sou_weights": "simonov", "sou_weight_na": "reading",
    "risk_quality_below": "appendix", "risk_pass_rate_below": "appendix", "risk_quality_drop": "appendix",
    "risk_pass_rate_drop": "appendix", "risk_min_n": "reading", "objectivity_min_n": "reading",
    "inflated_lowered_share": "appendix", "inflated_margin": "reading", "high_external_margin": "fioko",
    "support_margin": "fioko", "advanced_name_patterns": "fioko", "advanced_study": "fioko",
    "essay_procedures": "essay", "history_subjects": "item_1_4", "history_grades": "item_1_4",
    "gia_grades": "item_1_5", "school_year_start": "reading",
}
#: Rules whose value is a share (shown as a percentage).
SHARE_RULES = ("risk_quality_below", "risk_pass_rate_below", "risk_quality_drop", "risk_pass_rate_drop",
               "inflated_lowered_share", "inflated_margin", "high_external_margin", "support_margin")


def rules_table(ctx, only_changed: bool = False):
    """The rules applied (``ctx.rules``): what each is, its value, whether the municipality changed
    it, and where its default comes from — in the report's language, no rule key shown.

    ``only_changed``: only the rules that differ from the defaults (``None`` when none does),
    for the main text; the full list goes in the appendix."""
    _ = ctx._
    names, sources = rule_labels(_), rule_source_labels(_)
    rows = []
    for d in ctx.rules.describe():
        changed = d["value"] != d["default"]
        if only_changed and not changed:
            continue
        rows.append({"rule": names[d["rule"]], "value": _rule_value(ctx, d["rule"], d["value"]),
                     "source": sources["file" if changed else RULE_SOURCES[d["rule"]]]})
    if only_changed and not rows:
        return None
    return ctx.table(pd.DataFrame(rows), labels={
        "rule": _("Rule"), "value": _("Value"), "source": _("Source")},
        formats={c: "text" for c in ("rule", "value", "source")})


def _rule_value(ctx, name: str, v) -> str:
    """A rule's value as a reader reads it: shares as percentages, yes/no, dates, lists."""
    _, lang = ctx._, ctx.lang
    if name in SHARE_RULES:
        return fmt_percent(v, lang, 0)
    if isinstance(v, bool):
        return _("yes") if v else _("no")
    if name == "count_by":
        return {"marks": _("journal marks"), "students": _("students")}.get(v, str(v))
    if name == "school_year_start":
        from babel.dates import format_skeleton

        from ...core.i18n import babel_locale

        month, day = (int(x) for x in v.split("-"))
        return format_skeleton("MMMMd", _dt.date(2000, month, day), locale=babel_locale(lang))
    if name == "history_grades":
        return f"{v[0]}–{v[1]}"
    if isinstance(v, (tuple, list)):
        return ", ".join(fmt_number(x, lang, 0) if isinstance(x, (int, float)) else str(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {', '.join(s)}" for k, s in v.items()) or "—"
    if isinstance(v, (int, float)):
        return fmt_number(v, lang, 0 if float(v).is_integer() else 1)
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
    legend_outside(ax)
    return fig


def record(figures: dict) -> dict:
    """Record ``figures`` for the batch's index (:func:`evalnb.record`); returns them."""
    from ... import record as _record

    for name, value in figures.items():
        _record(name, value)
    return figures
