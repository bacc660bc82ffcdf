"""Small helpers a report notebook calls, so that notebooks stay thin.

:func:`start` applies the chart style, declares the report's title, period
and language for the batch (:func:`evalnb.report_meta`) and shows the header;
:func:`heading`, :func:`paragraph` and :func:`show` display escaped text and
figures.  Nothing here computes anything.
"""

from __future__ import annotations

import html

from ..record import report_meta
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
    from .charts import use_style

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


# -- one opening for every report notebook ------------------------------------------------

_FOLDER_STORES: dict = {}


def open_store(data=None):
    """The dataset a report reads, opened once per kernel.

    A CSV/XLSX folder is validated and imported into memory once and kept while
    its files are unchanged (a pooled batch kernel serves many reports); a
    database URL or SQLite file is opened as is (opening is cheap).
    """
    from pathlib import Path

    from .store import Store, data_fingerprint, open_data

    if isinstance(data, Store):
        return data
    if data is not None and "://" not in str(data) and Path(str(data)).is_dir():
        key = (str(Path(str(data)).resolve()), data_fingerprint(data))
        if key not in _FOLDER_STORES:
            _FOLDER_STORES.clear()
            _FOLDER_STORES[key] = open_data(data)
        return _FOLDER_STORES[key]
    return open_data(data)


def school_rows(store, school_id: str, tables, *, columns: dict | None = None) -> dict:
    """One school's rows of each of ``tables``, one query per table (never a full-table load).

    ``columns`` maps a table to the columns to read (default: all).  Returns
    ``{table: DataFrame}`` in the order of ``tables``; a table without rows of
    the school is an empty frame with its columns.

    Examples
    --------
    >>> rows = school_rows(store, "RU001", ("students", "marks"))     # doctest: +SKIP
    >>> rows["students"].columns[:2].tolist()                        # doctest: +SKIP
    ['student_id', 'school_id']
    """
    columns = columns or {}
    return {t: store.read(t, school_id=school_id, columns=columns.get(t)) for t in tables}


def catalog_of(domain: str) -> str:
    """The message catalog of a domain: its own, else the common one (``core``)."""
    from . import domain as domains
    from .i18n import LOCALE_DIR

    if domain in domains.names():
        cat = getattr(domains.get(domain), "catalog", None)
        if cat:
            return cat
    return domain if (LOCALE_DIR / "en" / f"{domain}.po").exists() else "core"


def rules_class(domain: str):
    """The domain's rules class from the registry (None for a report of no domain, e.g. ``core``)."""
    from . import domain as domains

    return domains.get(domain).rules if domain in domains.names() else None


class ReportContext:
    """What every report notebook starts with: the data, the language, the rules.

    One call opens it all, so that a notebook's first cell is the same in
    every domain::

        ctx = ReportContext.open("olympiad", data, lang=lang, rules_path=rules_path,
                                 school_id=school_id)
        _ = ctx._
        ctx.start(ctx.school["name"], subtitle, kicker=_("Olympiad results"))

    A report about many schools (a municipality, a county, a province) opens
    without ``school_id`` and lets its loader name the school whose language
    it speaks (:meth:`speak_as`) before the notebook takes ``ctx._``.

    Parameters
    ----------
    domain : the domain's name: its message catalog and its rules class.
    data : database URL, SQLite file or folder (``None``: ``data/evalnb.sqlite``).
    lang : ``en`` | ``ru`` | ``zh``; ``None``: the school's language, else ``default_lang``.
        (The batch passes each school's language, or the ``--lang`` it was given.)
    rules_path : a YAML file of overrides; ``None``: the regulation's defaults.
    school_id : the school the report is about, if any (``ctx.school`` is its row).
    """

    def __init__(self, domain: str, store, lang: str | None, rules=None, school: dict | None = None,
                 *, catalog: str | None = None, default_lang: str = "en"):
        self.domain = domain
        self.store = store
        self.rules = rules
        self.school = school
        self.catalog = catalog or domain
        self._asked = lang
        self._default = default_lang
        self._set_lang(resolve_lang(lang, school, default_lang))

    def _set_lang(self, lang: str) -> None:
        from .i18n import translator

        self.lang = lang
        self._ = translator(lang, self.catalog)

    @classmethod
    def open(cls, domain: str, data=None, *, lang: str | None = None, rules_path=None,
             school_id: str | None = None, default_lang: str = "en") -> "ReportContext":
        store = open_store(data)
        school = store.school(school_id) if school_id is not None else None
        rules_cls = rules_class(domain)
        rules = rules_cls.load(rules_path) if rules_cls is not None else None
        return cls(domain, store, lang, rules, school, catalog=catalog_of(domain),
                   default_lang=default_lang)

    def speak_as(self, school: dict | None) -> "ReportContext":
        """Speak the language of ``school`` unless a language was asked for (returns ``self``).

        For reports about several schools: the municipality's or county's
        first school stands for them.
        """
        if self._asked is None and school:
            self._set_lang(resolve_lang(None, school, self._default))
        return self

    def rows(self, *tables: str, columns: dict | None = None) -> dict:
        """The report's school's rows of ``tables`` (see :func:`school_rows`)."""
        if self.school is None:
            from ..errors import InputError

            raise InputError("this report is not about one school", column="school_id",
                             rule="open the ReportContext with school_id to read one school's rows")
        return school_rows(self.store, str(self.school["school_id"]), tables, columns=columns)

    def table(self, frame, **options):
        """:func:`evalnb.core.tables.html_table` of ``frame`` in the report's language."""
        from .tables import html_table

        return html_table(frame, self.lang, **options)

    def t(self, msgid: str, **fmt) -> str:
        """``msgid`` in the report's language, formatted with ``fmt``."""
        return self._(msgid, **fmt)

    def start(self, title: str, subtitle: str, *, kicker: str | None = None,
              key: str | None = None) -> None:
        """The report's header and its metadata for the batch (see :func:`start`)."""
        if key is None and self.school is not None:
            key = str(self.school.get("school_id", "")) or None
        start(title, subtitle, self.lang, key=key, kicker=kicker)

    # thin pass-throughs, so a notebook needs only ``ctx``
    heading = staticmethod(heading)
    paragraph = staticmethod(paragraph)
    bullets = staticmethod(bullets)
    show = staticmethod(show)
