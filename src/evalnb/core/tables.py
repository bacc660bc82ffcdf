"""Tables for reports: escaped, locale-formatted HTML.

Every cell is escaped (a school name like ``<script>`` shows as text), numbers
and shares are formatted for the report's language, and column headers are
translated labels.  The result displays in Jupyter and exports as is.
"""

from __future__ import annotations

import html
from typing import Mapping

import pandas as pd

from .i18n import fmt_date, fmt_number, fmt_percent


class HTMLTable:
    """An HTML table that Jupyter displays (``_repr_html_``)."""

    def __init__(self, html_text: str):
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _cell(value, kind: str, lang: str, digits: int) -> str:
    if kind == "percent":
        return fmt_percent(value, lang, digits)
    if kind == "number":
        return fmt_number(value, lang, digits)
    if kind == "int":
        return fmt_number(value, lang, 0)
    if kind == "date":
        return fmt_date(value, lang)
    if kind == "bool":
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return "—"                      # a nullable flag that is not known
        return "✓" if bool(value) else "✗"
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return str(value)


def html_table(frame: pd.DataFrame, lang: str, *, labels: Mapping[str, str] | None = None,
               formats: Mapping[str, str] | None = None, digits: int = 1,
               caption: str | None = None, css_class: str = "evalnb-table",
               highlight: Mapping[str, pd.Series] | None = None) -> HTMLTable:
    """Render ``frame`` as an escaped, localised HTML table.

    Parameters
    ----------
    frame : the rows to show (the index is not shown; reset it first if it matters).
    lang : ``en`` | ``ru`` | ``zh``.
    labels : column → header text (already translated).
    formats : column → ``percent`` | ``number`` | ``int`` | ``date`` | ``bool`` | ``text``;
        numeric columns default to ``number``, dates to ``date``.
    highlight : CSS class → boolean Series (aligned with ``frame``) of rows to mark.

    Examples
    --------
    >>> import pandas as pd
    >>> str(html_table(pd.DataFrame({"q": [0.5]}), "ru", formats={"q": "percent"}))
    '<table class="evalnb-table"><thead><tr><th>q</th></tr></thead><tbody><tr><td class="num">50,0%</td></tr></tbody></table>'
    """
    labels = labels or {}
    formats = dict(formats or {})
    for c in frame.columns:
        if c in formats:
            continue
        s = frame[c]
        if pd.api.types.is_bool_dtype(s):
            formats[c] = "bool"
        elif pd.api.types.is_integer_dtype(s):
            formats[c] = "int"
        elif pd.api.types.is_numeric_dtype(s):
            formats[c] = "number"
        elif pd.api.types.is_datetime64_any_dtype(s):
            formats[c] = "date"
        else:
            formats[c] = "text"
    parts = [f'<table class="{html.escape(css_class)}">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>")
    for c in frame.columns:
        parts.append(f"<th>{html.escape(str(labels.get(c, c)))}</th>")
    parts.append("</tr></thead><tbody>")
    row_classes = [""] * len(frame)
    for cls, mask in (highlight or {}).items():
        for i, flag in enumerate(pd.Series(mask).reindex(frame.index).fillna(False).astype(bool)):
            if flag:
                row_classes[i] = (row_classes[i] + " " + cls).strip()
    cols = [(c, formats[c]) for c in frame.columns]
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        cls = f' class="{html.escape(row_classes[i])}"' if row_classes[i] else ""
        parts.append(f"<tr{cls}>")
        for (c, kind), value in zip(cols, row):
            num = ' class="num"' if kind in ("percent", "number", "int") else ""
            parts.append(f"<td{num}>{html.escape(_cell(value, kind, lang, digits))}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return HTMLTable("".join(parts))
