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
* text fields with a limit show a live character count;
* where the database knows the answer, a pick list (:func:`pick`, in
  :mod:`evalnb.core.pick`) offers its values, points out near-misses and
  takes a new value only after an explicit confirmation.

The same forms run in JupyterLab and, without code, under Voilà.
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import ipywidgets as w

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
        self.below: list[w.Widget] = getattr(self, "below", [])   # shown under the error line
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
        return w.VBox([label, self.widget, w.HBox([self.counter, self.error]), *self.below],
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


class DomainForm:
    """What every domain's form starts with, so that no form copies it.

    Subclasses set :attr:`domain` (their catalog and rules class), build
    their fields with ``self._`` and set :attr:`form` (a :class:`Form`) and
    :attr:`widget` (what is displayed; default the form's own widget).

    Parameters
    ----------
    store : :class:`~evalnb.core.store.Store`.
    school_id : the school the form is about, if any (:attr:`school` is its row).
    lang : ``en`` | ``ru`` | ``zh``; ``None``: the school's language (else English).
    user : who saves (written to the audit log).
    rules : the domain's rules: an instance, a mapping, a YAML path or ``None`` (defaults).

    Attributes
    ----------
    store, school, school_id, lang, user, rules, _ (the domain's translator).
    """

    domain: str = ""

    def __init__(self, store, school_id: str | None = None, *, lang: str | None = None,
                 user: str | None = None, rules=None, school: dict | None = None):
        from .i18n import translator
        from .report import catalog_of, resolve_lang, rules_class

        self.store = store
        if school is None and school_id is not None:
            school = store.school(school_id)
        self.school = school
        self.school_id = str(school["school_id"]) if school else None
        self.user = user
        self.lang = resolve_lang(lang, school)
        self._ = translator(self.lang, catalog_of(self.domain))
        rules_cls = rules_class(self.domain) if self.domain else None
        self.rules = rules_cls.load(rules) if rules_cls is not None else None
        self.form: Form | None = None
        self.widget: w.Widget | None = None

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget if self.widget is not None else self.form.widget)

    def submit(self) -> bool:
        """Validate and save (what the Save button does); True when saved."""
        return self.form.submit()

    def set_error(self, name: str, msgid: str, **fmt) -> None:
        """Show the message ``msgid`` (translated) under field ``name``."""
        self.form.set_error(name, self._(msgid, **fmt))

    def errors(self) -> dict[str, str]:
        """The error each field shows now, as plain text (``{}`` when there is none)."""
        import re

        out = {}
        for name, f in self.form.fields.items():
            text = html.unescape(re.sub(r"<[^>]+>", "", f.error.value or ""))
            if text:
                out[name] = text
        return out


# the roster grid and the pick list live in their own modules; they stay importable from here
from .grid import Grid  # noqa: E402,F401


def __getattr__(name: str):
    """``pick``, ``PickField`` and ``distance`` from :mod:`evalnb.core.pick` (imported when first asked)."""
    if name in ("pick", "PickField", "distance"):
        from . import pick as _pick

        return getattr(_pick, name)
    raise AttributeError(name)
