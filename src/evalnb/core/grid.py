"""An editable roster for the forms: one row per record, one text input per editable column."""

from __future__ import annotations

import html
import io
from typing import Sequence

import ipywidgets as w
import pandas as pd

from ..errors import Problem
from .forms import ERROR_STYLE, _html_line, problem_message


class Grid:
    """An editable roster: one row per record, one text input per editable column.

    Cells carry CSS classes for styling and for browser tests:
    ``evalnb-row-key`` (the key), ``evalnb-row-COLUMN`` (a read-only column),
    ``evalnb-row-error`` (the row's error line).

    Also accepts rows pasted from a spreadsheet (tab-separated, in column
    order, first column the row key) into :attr:`paste`.
    """

    def __init__(self, frame: pd.DataFrame, key: str, editable: Sequence[str],
                 labels: dict[str, str] | None = None, readonly: Sequence[str] = ()):
        self.key = key
        self.editable = list(editable)
        self.readonly = list(readonly)
        labels = labels or {}
        self.labels = dict(labels)
        self.keys = [str(k) for k in frame[key]]
        self.cells: dict[tuple[str, str], w.Text] = {}
        self.errors: dict[str, w.HTML] = {}
        cols = [key, *self.readonly, *self.editable]
        header = [w.HTML(f"<b>{html.escape(labels.get(c, c))}</b>") for c in cols] + [w.HTML("")]
        items = list(header)
        for _, row in frame.iterrows():
            k = str(row[key])
            items.append(w.HTML(html.escape(k)).add_class("evalnb-row-key"))
            for c in self.readonly:
                v = row.get(c)
                cell = w.HTML(html.escape("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)))
                items.append(cell.add_class(f"evalnb-row-{c}"))
            for c in self.editable:
                v = row.get(c)
                txt = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else (
                    str(int(v)) if isinstance(v, float) and v == int(v) else str(v))
                cell = w.Text(value=txt, layout=w.Layout(width="7em"))
                self.cells[(k, c)] = cell
                items.append(cell)
            err = w.HTML("").add_class("evalnb-row-error")
            self.errors[k] = err
            items.append(err)
        n = len(cols) + 1
        self.widget = w.GridBox(items, layout=w.Layout(
            grid_template_columns=" ".join(["auto"] * (n - 1)) + " 1fr", grid_gap="2px 8px"))
        self.paste = w.Textarea(placeholder="\t".join(labels.get(c, c) for c in cols), rows=3,
                                layout=w.Layout(width="95%"))

    def frame(self) -> pd.DataFrame:
        """The grid's current values (text; the table schema types them)."""
        rows = []
        for k in self.keys:
            row = {self.key: k}
            for c in self.editable:
                row[c] = self.cells[(k, c)].value.strip().replace(",", ".") or None
            rows.append(row)
        return pd.DataFrame(rows, columns=[self.key, *self.editable])

    def apply_paste(self) -> list[str]:
        """Copy pasted tab-separated rows into the grid; returns the keys not found."""
        text_value = self.paste.value
        if not text_value.strip():
            return []
        pasted = pd.read_csv(io.StringIO(text_value), sep="\t", header=None, dtype=str,
                             keep_default_na=False)
        unknown = []
        ncols = len(self.readonly) + len(self.editable)
        for _, r in pasted.iterrows():
            k = str(r.iloc[0]).strip()
            if k not in self.keys:
                unknown.append(k)
                continue
            values = list(r.iloc[1:])
            # accept rows with or without the read-only columns
            if len(values) >= ncols:
                values = values[len(self.readonly):]
            for c, v in zip(self.editable, values):
                self.cells[(k, c)].value = str(v).strip()
        return unknown

    def show_problems(self, problems: Sequence[Problem], rows_to_keys: dict[int, str],
                      lang: str = "en") -> list[Problem]:
        """Put each problem on its row (``rows_to_keys`` maps a frame row number to a key)."""
        for e in self.errors.values():
            e.value = ""
        rest = []
        for p in problems:
            k = rows_to_keys.get(p.row) if p.row is not None else None
            if k is None:
                rest.append(p)
                continue
            prev = self.errors[k].value
            label = self.labels.get(p.column, p.column)
            msg = f"{label}: {problem_message(p, lang)}" + (f" ({p.value})" if p.value is not None else "")
            self.errors[k].value = (prev + "<br>" if prev else "") + _html_line(msg, ERROR_STYLE)
        return rest
