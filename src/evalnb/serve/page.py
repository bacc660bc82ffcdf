"""A served form page: the domain's form under a header that every form shares.

The header carries what the domain forms leave to the page:

* the language (``?lang=``; links switch it) and a link back to all forms;
* **Your name**, asked once per page (and passed on from the start page as
  ``?user=``): a save without it is refused next to the field, and the name
  is handed to the form, which writes it to the audit log with every save;
* the choices a form needs before it opens — a school and a review cycle for
  the 诊改 forms — as drop-downs filled from the database.

The database is the default one (``$EVALNB_DATA``, which ``evalnb forms --db``
sets for every kernel).  The same page runs in JupyterLab: there the links
are left out and the language comes from ``$EVALNB_LANG`` or ``lang=``.

A form notebook holds a single call::

    from evalnb.serve.page import form_page
    from evalnb.training.forms import ResultsForm

    form_page(ResultsForm)
"""

from __future__ import annotations

import html
import re
from typing import Any, Callable

import ipywidgets as w

from ..core import forms as F
from ..core.i18n import LANGS, html_lang, translator
from ..errors import EvalnbError, InputError, Problem
from . import context, registry

LANG_NAMES = {"en": "English", "ru": "Русский", "zh": "中文"}
USER_MAX_CHARS = 200
PAGE_CSS = """
<style>
.evalnb-page-head {display:flex; flex-wrap:wrap; align-items:baseline; gap:0 1.5em;
  border-bottom:1px solid #d0d7de; margin-bottom:.6em; padding-bottom:.3em;
  font-family:"DejaVu Sans","Noto Sans CJK SC",sans-serif}
.evalnb-page-head h2 {margin:.2em 0; font-size:1.45em}
.evalnb-page-head nav a, .evalnb-start a {margin-right:.8em; color:#0b57d0; text-decoration:underline}
.evalnb-page-head nav a.current {font-weight:bold; text-decoration:none; color:inherit}
.evalnb-start li a {margin-right:0}
.evalnb-page-note {color:#555; font-size:90%; margin:0 0 .4em 0}
.evalnb-form-page .widget-button {width:auto; min-width:148px; padding:0 12px}
.evalnb-form-page .widget-vbox > .widget-button {align-self:flex-start}
</style>
"""


def _error(text: str) -> str:
    return f'<span style="{F.ERROR_STYLE}">{html.escape(text)}</span>' if text else ""


def _entry_for(factory: Callable) -> registry.ServedForm:
    entry = registry.for_factory(factory)
    if entry is not None:
        return entry
    # not a registered form: serve it without choices, titled by its name
    name = getattr(factory, "__name__", "form")
    return registry.ServedForm(name, f"{factory.__module__}:{factory.__qualname__}", name, "")


class Page:
    """The page of one form (see the module's description).

    Parameters
    ----------
    factory : the domain's form class or function.
    lang, user : default: from the request (``?lang=``, ``?user=``).
    data : a database URL or Store (default: ``$EVALNB_DATA``).
    choices : preset choices, e.g. ``{"school": "CN001", "cycle": "2021-2025"}``
        (default: from the request's ``?school=`` and ``?cycle=``); a page
        with every choice preset opens the form at once.

    The parts a test drives: :attr:`user` (the name field), :attr:`pickers`
    (``{"school": Field, "cycle": Field}``), :attr:`open_button`,
    :attr:`message` and, once opened, :attr:`form` (the domain's form).
    """

    def __init__(self, factory: Callable, *, lang: str | None = None, user: str | None = None,
                 data: Any = None, choices: dict | None = None):
        self.factory = factory
        self.entry = _entry_for(factory)
        self.lang = lang or context.request_lang()
        self._ = _ = translator(self.lang, "serve")
        q = context.query()
        self.choices = dict(choices) if choices is not None else {
            k: q[k] for k in self.entry.pick if q.get(k)}
        self.user = F.text("user", _("Your name"), value=(user if user is not None else context.request_user()),
                           required=True)
        self.user.widget.placeholder = _("e.g. Anna Petrova")
        self.user.widget.layout.width = "24em"
        self.user.widget.add_class("evalnb-field-user")
        self.user.error.add_class("evalnb-error-user")
        self.head = w.HTML("")
        self.message = w.HTML("")
        self.message.add_class("evalnb-page-message")
        self.holder = w.VBox([])
        self.form: Any = None
        self.pickers: dict[str, F.Field] = {}
        self.open_button: w.Button | None = None
        self.store = None
        note = _("Your name is kept with everything you save, so that others can see who changed what.")
        parts: list[w.Widget] = [self.head, self.user.box,
                                 w.HTML(f'<p class="evalnb-page-note">{html.escape(note)}</p>')]
        try:
            self.store = self._open_store(data)
            if self.entry.pick:
                parts.append(self._picker())
        except Exception as exc:  # a database that cannot be reached must say so, not show a traceback
            self._fail(exc)
        self.widget = w.VBox([*parts, self.message, self.holder],
                             layout=w.Layout(max_width="1100px"))
        self.widget.add_class("evalnb-form-page")
        self.user.widget.observe(lambda _c: self._draw_head(), names="value")
        self._draw_head()
        if self.store is not None and all(self.choices.get(k) for k in self.entry.pick):
            self.open(**{k: self.choices[k] for k in self.entry.pick})

    # --- parts -------------------------------------------------------------------
    @staticmethod
    def _open_store(data):
        from ..core.store import Store

        return data if hasattr(data, "save_rows") else Store(data)

    @property
    def user_name(self) -> str:
        return (self.user.widget.value or "").strip()

    def _draw_head(self) -> None:
        _ = self._
        title = html.escape(registry.title(self.entry, self.lang) if self.entry.domain else self.entry.title)
        nav = ""
        if context.under_voila():
            keep = {"user": self.user_name, **{k: self._current(k) for k in self.entry.pick}}
            langs = " ".join(
                f'<a class="current" lang="{html_lang(code)}">{html.escape(LANG_NAMES[code])}</a>'
                if code == self.lang else
                f'<a href="{html.escape(context.link("", lang=code, **keep))}" lang="{html_lang(code)}">'
                f'{html.escape(LANG_NAMES[code])}</a>'
                for code in LANGS)
            back = html.escape(context.link("index.ipynb", lang=self.lang, user=self.user_name))
            nav = (f'<nav><a href="{back}" class="evalnb-all-forms">← {html.escape(_("All forms"))}</a>'
                   f' {langs}</nav>')
        self.head.value = (f'{PAGE_CSS}<div class="evalnb-page-head" lang="{html_lang(self.lang)}">'
                           f"<h2>{title}</h2>{nav}</div>")

    def _current(self, key: str) -> str:
        f = self.pickers.get(key)
        value = f.widget.value if f is not None else self.choices.get(key)
        return "" if value is None else str(value)

    def _picker(self) -> w.Widget:
        _ = self._
        if "school" in self.entry.pick:
            schools = self.store.schools(kinds=self.entry.kinds, with_rows_in=self.entry.with_rows_in)
            options = [(f"{r.name} ({r.school_id})", r.school_id) for r in schools.itertuples()]
            preset = self.choices.get("school")
            value = preset if preset in set(schools["school_id"]) else None
            field = F.choice("school", _("School"), [(_("— choose a school —"), None), *options], value=value)
            field.widget.layout.width = "36em"
            self.pickers["school"] = field
            if not options:
                field.error.value = _error(_("The database has no school for this form yet."))
            field.widget.observe(lambda _c: self._refresh_cycles(), names="value")
        if "cycle" in self.entry.pick:
            box = w.Combobox(value=self.choices.get("cycle", ""), options=[], ensure_option=False,
                             placeholder=_("e.g. 2021-2025"), layout=w.Layout(width="14em"))
            self.pickers["cycle"] = F.Field("cycle", _("Review cycle"), box, required=True,
                                            parse=lambda v: (v or "").strip() or None)
            self._refresh_cycles(keep=True)
        self.open_button = w.Button(description=_("Open the form"), icon="folder-open",
                                    button_style="info")
        self.open_button.add_class("evalnb-open")
        for name, f in self.pickers.items():
            f.widget.add_class(f"evalnb-pick-{name}")
            f.error.add_class(f"evalnb-pick-error-{name}")
        self.open_button.on_click(lambda _b: self.open_chosen())
        return w.VBox([*[f.box for f in self.pickers.values()], self.open_button],
                      layout=w.Layout(margin="0 0 10px 0"))

    def _refresh_cycles(self, keep: bool = False) -> None:
        cycle = self.pickers.get("cycle")
        school = self.pickers.get("school")
        if cycle is None:
            return
        found: set[str] = set()
        if school is not None and school.widget.value:
            for table in self.entry.cycles_in:
                rows = self.store.read(table, school_id=school.widget.value, columns=["cycle"])
                found |= set(rows["cycle"].dropna().astype(str))
        cycle.widget.options = sorted(found, reverse=True)
        if not keep or not cycle.widget.value:
            cycle.widget.value = max(found) if found else ""
        self._draw_head()

    # --- opening and saving ------------------------------------------------------
    def open_chosen(self) -> bool:
        """Check the choices (errors next to them) and open the form; True when opened."""
        _ = self._
        values, ok = {}, True
        for name, f in self.pickers.items():
            f.error.value = ""
            v = f.parse(f.widget.value)
            if v is None or v == "":
                f.error.value = _error(_("Required"))
                ok = False
            values[name] = v
        return ok and self.open(**values)

    def open(self, **choices) -> bool:
        """Build the domain's form for these choices and show it; True when it opened."""
        _ = self._
        self.message.value = ""
        args = [choices[k] for k in self.entry.pick]
        try:
            form = self.factory(self.store, *args, lang=self.lang, user=self.user_name or None)
        except Exception as exc:
            self._fail(exc)
            self.holder.children = []
            self.form = None
            return False
        self._guard(form)
        tag(form)
        self.form = form
        self.choices.update(choices)
        self.holder.children = [form.widget if hasattr(form, "widget") else w.Output()]
        self._draw_head()
        return True

    def _guard(self, form) -> None:
        """Refuse a save without the user's name, and hand the name to the form before it saves."""
        core = getattr(form, "form", None)
        inner = getattr(core, "_save", None)
        if core is None or inner is None:
            return
        _ = self._

        def save(values: dict):
            self.user.error.value = ""
            name = self.user_name
            msg = None
            if not name:
                msg = _("Type your name first: it is kept with what you save.")
            elif len(name) > USER_MAX_CHARS:
                msg = _("At most {n} characters", n=USER_MAX_CHARS)
            if msg:
                self.user.error.value = _error(msg)
                raise InputError(problems=[Problem(rule=msg)])
            form.user = name
            return inner(values)

        core._save = save

    def _fail(self, exc: BaseException) -> None:
        _ = self._
        detail = str(exc) if isinstance(exc, EvalnbError) else f"{type(exc).__name__}: {exc}"
        self.message.value = _error(_("The form could not be opened: {detail}", detail=detail))

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)


def css_name(name: str) -> str:
    """A field name as a CSS class part: ``attainment_1.1`` → ``attainment_1-1``."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(name))


def tag(form) -> None:
    """Give a form's fields, Save button and status line stable CSS classes.

    ``evalnb-field-NAME`` (the input), ``evalnb-error-NAME`` (its error line),
    ``evalnb-save`` and ``evalnb-status``: for styling, and for the browser
    tests to find them.
    """
    core = getattr(form, "form", form)
    for name, f in getattr(core, "fields", {}).items():
        f.widget.add_class(f"evalnb-field-{css_name(name)}")
        f.error.add_class(f"evalnb-error-{css_name(name)}")
    if getattr(core, "button", None) is not None:
        core.button.add_class("evalnb-save")
    if getattr(core, "status", None) is not None:
        core.status.add_class("evalnb-status")


def form_page(factory: Callable, **kwargs) -> Page:
    """The page of a domain's form (what each notebook in ``notebooks/forms/`` calls)."""
    return Page(factory, **kwargs)
