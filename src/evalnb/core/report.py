"""Small helpers a report notebook calls, so that notebooks stay thin.

:func:`start` applies the chart style, declares the report's title, period
and language for the batch (:func:`evalnb.report_meta`) and shows the header;
:func:`heading`, :func:`paragraph` and :func:`show` display escaped text and
figures.  Nothing here computes anything.
"""

from __future__ import annotations

import html

from ..record import report_meta
from .charts import use_style
from .i18n import check_lang


def _display_html(text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(text))


def resolve_lang(lang: str | None, school: dict | None = None, default: str = "en") -> str:
    """The report language: ``lang`` if given, else the school's ``language``, else ``default``."""
    if lang:
        return check_lang(lang)
    if school and school.get("language"):
        return check_lang(str(school["language"]))
    return check_lang(default)


def start(title: str, subtitle: str, lang: str, *, key: str | None = None,
          kicker: str | None = None) -> None:
    """Begin a report: style, metadata for the batch, and the header block.

    ``title`` is usually the school's name, ``subtitle`` the period; both are
    escaped, as they come from users' data.
    """
    use_style()
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except ImportError:  # pragma: no cover - present with ipykernel
        pass
    report_meta(title=title, subtitle=subtitle, lang=lang, key=key)
    kick = f'<p class="evalnb-kicker">{html.escape(kicker)}</p>' if kicker else ""
    _display_html(
        f'<header class="evalnb-header">{kick}<h1 class="evalnb-title">{html.escape(title)}</h1>'
        f'<p class="evalnb-subtitle">{html.escape(subtitle)}</p></header>')


def heading(text: str, level: int = 2) -> None:
    """An escaped section heading."""
    level = min(max(int(level), 2), 4)
    _display_html(f"<h{level}>{html.escape(text)}</h{level}>")


def paragraph(text: str, css_class: str | None = None) -> None:
    """An escaped paragraph of narrative."""
    cls = f' class="{html.escape(css_class)}"' if css_class else ""
    _display_html(f"<p{cls}>{html.escape(text)}</p>")


def bullets(items: list[str]) -> None:
    """An escaped bullet list (e.g. recommendations)."""
    if not items:
        return
    _display_html("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")


def show(fig) -> None:
    """Display a matplotlib figure once and close it (no duplicate, no leak)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(fig)
    plt.close(fig)
