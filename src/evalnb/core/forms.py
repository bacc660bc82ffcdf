"""A small ipywidgets toolkit for data-entry forms.

Each domain's ``forms.py`` builds its forms from these parts, so every form
behaves alike for the people who fill them in:

* every field has its error line right under it, in the user's language;
* a form validates before it saves (the field checks here, then the table's
  schema and references in :meth:`evalnb.core.store.Store.save_rows`) and
  maps every :class:`~evalnb.Problem` back to the field it concerns;
* a save is one transaction: it either stores everything or nothing, and the
  status line says which; on failure the values stay in the form, so nothing
  typed is lost;
* text fields with a limit show a live character count.

The same forms run in JupyterLab and, without code, under Voilà.
"""

from __future__ import annotations

import datetime as _dt
import html
import io
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import ipywidgets as w
import pandas as pd

from ..errors import EvalnbError, InputError, Problem
from . import schemas
from .i18n import translator

ERROR_STYLE = "color:#b00020;font-size:90%"
OK_STYLE = "color:#1b6e20"


#: message ids (English text, translated by the core catalog) per kind of problem
_PROBLEM_MESSAGES = {
    "required": "Required",
    "range": "Must be from {min} to {max}",
    "min": "Must be at least {min}",
    "max": "Must be at most {max}",
    "choices": "Must be one of: {choices}",
    "duplicate": "Appears more than once",
    "unknown_ref": "Not found in the database",
}
_TYPE_MESSAGES = {"int": "Must be a whole number", "float": "Must be a number",
                  "date": "Must be a date (YYYY-MM-DD)", "bool": "Must be yes or no"}


def problem_message(problem: Problem, lang: str) -> str:
    """A problem found by the schemas, said in the user's language.

    Rules between columns (``row_rule``) are translated by their English
    text; anything else falls back to the English rule, never to nothing.
    """
    _ = translator(lang, "core")
    if problem.code == "type":
        return _(_TYPE_MESSAGES.get(problem.params.get("kind", ""), "Must be a number"))
    if problem.code in _PROBLEM_MESSAGES:
        return _(_PROBLEM_MESSAGES[problem.code], **problem.params)
    declared = schemas.problem_message(problem.code) if problem.code else None
    if declared is not None:  # a rule across tables, declared by its domain
        return translator(lang, declared[0])(declared[1], **problem.params)
    return _(problem.rule)


def _html_line(text: str, style: str = "") -> str:
    return f'<span style="{style}">{html.escape(text)}</span>' if text else ""


@dataclass
class Field:
    """One input of a form.

    ``parse`` turns the widget's value into the stored value (raising
    ``ValueError`` with a message id for bad input); ``checks`` are extra
    ``value -> message or None`` rules.
    """

    name: str
    label: str
    widget: w.ValueWidget
    required: bool = False
    max_chars: int | None = None
    parse: Callable[[Any], Any] = lambda v: v
    checks: list[Callable[[Any], str | None]] = field(default_factory=list)

    def __post_init__(self):
        self.error = w.HTML("")
        self.counter = w.HTML("")
        self.widget.description = ""
        if self.max_chars:
            self.widget.observe(self._count, names="value")
            self._count()

    def _count(self, _change=None):
        n = len(self.widget.value or "")
        style = ERROR_STYLE if n > self.max_chars else "color:#666;font-size:90%"
        self.counter.value = _html_line(f"{n} / {self.max_chars}", style)

    @property
    def box(self) -> w.Widget:
        label = w.HTML(f"<b>{html.escape(self.label)}</b>" + (" *" if self.required else ""))
        return w.VBox([label, self.widget, w.HBox([self.counter, self.error])],
                      layout=w.Layout(margin="0 0 8px 0"))


def text(name: str, label: str, *, value: str = "", required: bool = False,
         max_chars: int | None = None, multiline: bool = False, rows: int = 4) -> Field:
    widget = (w.Textarea(value=value, rows=rows, layout=w.Layout(width="95%"))
              if multiline else w.Text(value=value, layout=w.Layout(width="60%")))
    return Field(name, label, widget, required=required, max_chars=max_chars,
                 parse=lambda v: (v or "").strip() or None)


def number(name: str, label: str, *, value: float | None = None, required: bool = False,
           integer: bool = False, min: float | None = None, max: float | None = None) -> Field:
    """A number typed as text, so that an empty field stays empty and a typo is reported."""
    widget = w.Text(value="" if value is None else str(value), layout=w.Layout(width="12em"))

    def parse(v):
        v = (v or "").strip().replace(",", ".")
        if not v:
            return None
        try:
            x = float(v)
        except ValueError:
            raise ValueError("Must be a number") from None
        if integer:
            if x != int(x):
                raise ValueError("Must be a whole number")
            x = int(x)
        return x

    checks = []
    if min is not None:
        checks.append(lambda x: None if x is None or x >= min else "Must be at least {min}")
    if max is not None:
        checks.append(lambda x: None if x is None or x <= max else "Must be at most {max}")
    f = Field(name, label, widget, required=required, parse=parse, checks=checks)
    f.bounds = {"min": min, "max": max}
    return f


def choice(name: str, label: str, options: Sequence[tuple[str, Any]], *, value: Any = None,
           required: bool = True) -> Field:
    """A drop-down of ``(shown label, stored value)`` pairs."""
    opts = list(options)
    widget = w.Dropdown(options=opts, value=value if value is not None else (opts[0][1] if opts else None))
    return Field(name, label, widget, required=required)


def date(name: str, label: str, *, value: _dt.date | None = None, required: bool = False) -> Field:
    return Field(name, label, w.DatePicker(value=value), required=required)


def flag(name: str, label: str, *, value: bool = False) -> Field:
    return Field(name, label, w.Checkbox(value=value, indent=False))


class Form:
    """Fields, a Save button and a status line, over one save function.

    Parameters
    ----------
    title : shown at the top (already translated).
    fields : the inputs.
    save : ``save(values: dict) -> str | None`` stores the values (raising
        :class:`~evalnb.InputError` on a problem) and may return a message.
    lang : the language of the form's own messages.
    """

    def __init__(self, title: str, fields: Sequence[Field], save: Callable[[dict], str | None],
                 lang: str = "en", extra: Sequence[w.Widget] = ()):
        self._ = translator(lang, "core")
        self.lang = lang
        self.fields = {f.name: f for f in fields}
        self._save = save
        self.title = w.HTML(f"<h3>{html.escape(title)}</h3>")
        self.button = w.Button(description=self._("Save"), button_style="primary", icon="save")
        self.status = w.HTML("")
        self.button.on_click(lambda _b: self.submit())
        self.widget = w.VBox([self.title, *[f.box for f in fields], *extra,
                              w.HBox([self.button, self.status])])
        self.saved: int = 0

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)

    def message(self, msgid: str, **fmt) -> str:
        return self._(msgid, **fmt)

    def set_error(self, name: str, text: str) -> None:
        f = self.fields.get(name)
        if f is not None:
            f.error.value = _html_line(text, ERROR_STYLE)

    def clear(self) -> None:
        for f in self.fields.values():
            f.error.value = ""
        self.status.value = ""

    def values(self) -> tuple[dict, bool]:
        """The parsed values and whether every field check passed (errors shown)."""
        out, ok = {}, True
        for f in self.fields.values():
            raw = f.widget.value
            try:
                v = f.parse(raw)
            except ValueError as exc:
                self.set_error(f.name, self.message(str(exc)))
                ok = False
                continue
            if f.required and (v is None or v == ""):
                self.set_error(f.name, self.message("Required"))
                ok = False
                continue
            if f.max_chars and isinstance(v, str) and len(v) > f.max_chars:
                self.set_error(f.name, self.message("At most {n} characters (now {m})",
                                                    n=f.max_chars, m=len(v)))
                ok = False
                continue
            for check in f.checks:
                msg = check(v)
                if msg:
                    self.set_error(f.name, self.message(msg, **getattr(f, "bounds", {})))
                    ok = False
                    break
            out[f.name] = v
        return out, ok

    def show_problems(self, problems: Sequence[Problem]) -> list[Problem]:
        """Put each problem next to its field; returns the problems no field took."""
        rest = []
        for p in problems:
            cols = [c.strip() for c in (p.column or "").split(",")]
            placed = False
            for c in cols:
                if c in self.fields:
                    self.set_error(c, problem_message(p, self.lang))
                    placed = True
                    break
            if not placed:
                rest.append(p)
        return rest

    def submit(self) -> bool:
        """Validate and save; True when saved.  On failure nothing is written."""
        self.clear()
        values, ok = self.values()
        if not ok:
            self.status.value = _html_line(self.message("Nothing was saved: please correct the marked fields."),
                                           ERROR_STYLE)
            return False
        try:
            note = self._save(values)
        except InputError as exc:
            rest = self.show_problems(exc.problems)
            detail = "; ".join(str(p) for p in rest[:3])
            self.status.value = _html_line(
                self.message("Nothing was saved: please correct the marked fields.")
                + (" " + detail if detail else ""), ERROR_STYLE)
            return False
        except EvalnbError as exc:
            self.status.value = _html_line(self.message("Nothing was saved:") + " " + str(exc), ERROR_STYLE)
            return False
        except Exception as exc:  # a database outage must not look like success
            self.status.value = _html_line(self.message("Nothing was saved:") + f" {type(exc).__name__}: {exc}",
                                           ERROR_STYLE)
            return False
        self.saved += 1
        stamp = _dt.datetime.now().strftime("%H:%M:%S")
        self.status.value = _html_line(note or self.message("Saved at {time}", time=stamp), OK_STYLE)
        return True


class Grid:
    """An editable roster: one row per record, one text input per editable column.

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
            items.append(w.HTML(html.escape(k)))
            for c in self.readonly:
                v = row.get(c)
                items.append(w.HTML(html.escape("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))))
            for c in self.editable:
                v = row.get(c)
                txt = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else (
                    str(int(v)) if isinstance(v, float) and v == int(v) else str(v))
                cell = w.Text(value=txt, layout=w.Layout(width="7em"))
                self.cells[(k, c)] = cell
                items.append(cell)
            err = w.HTML("")
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
