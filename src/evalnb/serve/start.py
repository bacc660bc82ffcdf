"""The start page of ``evalnb forms``: every form there is, in the user's language.

Shown by ``notebooks/forms/index.ipynb`` (where ``/`` of the server leads):
the language links, the user's name (typed once here, it is passed on to
every form opened from this page) and one link per form, grouped by domain.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from ..core import forms as F
from ..core.i18n import LANGS, html_lang, translator
from . import context, registry
from .page import LANG_NAMES, PAGE_CSS

START_CSS = """
<style>
.evalnb-start {font-family:"DejaVu Sans","Noto Sans CJK SC",sans-serif; max-width:60em}
.evalnb-start h3 {margin:1em 0 .3em 0; font-size:1.1em; color:#333}
.evalnb-start ul {margin:0; padding-left:1.2em}
.evalnb-start li {margin:.35em 0}
.evalnb-start li a {font-weight:bold; font-size:1.05em}
.evalnb-start li p {margin:.1em 0 0 0; color:#555}
</style>
"""


class StartPage:
    """The list of forms (see the module's description).

    ``folder``: where the form notebooks are (default: the current folder,
    which is the notebook's own in Voilà and in JupyterLab).
    """

    def __init__(self, lang: str | None = None, user: str | None = None,
                 folder: str | Path | None = None):
        self.lang = lang or context.request_lang()
        self._ = _ = translator(self.lang, "serve")
        self.forms = registry.available(Path(folder) if folder is not None else Path.cwd())
        self.user = F.text("user", _("Your name"),
                           value=user if user is not None else context.request_user())
        self.user.widget.placeholder = _("e.g. Anna Petrova")
        self.user.widget.layout.width = "24em"
        self.user.widget.add_class("evalnb-field-user")
        self.head = w.HTML("")
        self.listing = w.HTML("")
        note = w.HTML('<p class="evalnb-page-note">' + html.escape(_(
            "Type your name once here: every form you open from this page will know it.")) + "</p>")
        self.widget = w.VBox([self.head, self.user.box, note, self.listing],
                             layout=w.Layout(max_width="1100px"))
        self.widget.add_class("evalnb-start-page")
        self.user.widget.observe(lambda _c: self.draw(), names="value")
        self.draw()

    @property
    def user_name(self) -> str:
        return (self.user.widget.value or "").strip()

    def draw(self) -> None:
        _ = self._
        user = self.user_name
        served = context.under_voila()   # in JupyterLab a link just opens the notebook
        langs = " ".join(
            f'<a class="current" lang="{html_lang(code)}">{html.escape(LANG_NAMES[code])}</a>'
            if code == self.lang else
            f'<a href="{html.escape(context.link("", lang=code, user=user))}" lang="{html_lang(code)}">'
            f"{html.escape(LANG_NAMES[code])}</a>" for code in LANGS) if served else ""
        self.head.value = (f'{PAGE_CSS}<div class="evalnb-page-head" lang="{html_lang(self.lang)}">'
                           f'<h2>{html.escape(_("Data-entry forms"))}</h2><nav>{langs}</nav></div>')
        groups: dict[str, list[str]] = {}
        for entry in self.forms:
            href = context.link(entry.notebook, lang=self.lang, user=user) if served else entry.notebook
            groups.setdefault(entry.domain, []).append(
                f'<li><a href="{html.escape(href)}" class="evalnb-form-link" data-form="{html.escape(entry.name)}">'
                f"{html.escape(registry.title(entry, self.lang))}</a>"
                f"<p>{html.escape(registry.description(entry, self.lang))}</p></li>")
        if groups:
            body = "".join(
                f"<h3>{html.escape(registry.domain_title(d, self.lang))}</h3><ul>{''.join(items)}</ul>"
                for d, items in groups.items())
        else:
            body = f"<p>{html.escape(_('No form is available yet.'))}</p>"
        self.listing.value = f'{START_CSS}<div class="evalnb-start" lang="{html_lang(self.lang)}">{body}</div>'

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)


def start_page(**kwargs) -> StartPage:
    """The start page (what ``notebooks/forms/index.ipynb`` calls)."""
    return StartPage(**kwargs)
