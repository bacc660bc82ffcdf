"""Languages: message catalogs and locale formatting.

Labels live in gettext catalogs, one ``.po`` file per language and catalog
domain (``locale/<lang>/<domain>.po``: ``core``, ``batch``, ``assessment`` …),
read with Babel and compiled in memory on first use, so there is no build
step.  Numbers, percentages and dates are formatted for the locale by Babel.

A message id is the English text; a missing translation falls back to it, so
a report is never blank, and ``tests/test_i18n.py`` checks that every catalog
translates every id of its English catalog.
"""

from __future__ import annotations

import datetime as _dt
import gettext
import io
import math
import re
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from ..errors import UnknownNameError

LANGS = ("en", "ru", "zh")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_BABEL_LOCALE = {"en": "en_GB", "ru": "ru_RU", "zh": "zh_Hans_CN"}
_HTML_LANG = {"en": "en", "ru": "ru", "zh": "zh-CN"}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is supported, else raise :class:`UnknownNameError`."""
    if lang not in LANGS:
        raise UnknownNameError("language", str(lang), LANGS)
    return lang


@lru_cache(maxsize=None)
def catalog(lang: str, domain: str = "core") -> gettext.NullTranslations:
    """The compiled gettext translations of one language and catalog domain."""
    check_lang(lang)
    path = LOCALE_DIR / lang / f"{domain}.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as fh:
        cat = read_po(fh, locale=_BABEL_LOCALE[lang])
    buf = io.BytesIO()
    write_mo(buf, cat)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def t(msgid: str, lang: str, domain: str = "core", **fmt) -> str:
    """The label ``msgid`` (its English text) in ``lang``.

    ``fmt`` fills ``{name}`` placeholders after translation.

    Examples
    --------
    >>> t("School", "ru")
    'Школа'
    """
    text = catalog(lang, domain).gettext(msgid)
    return text.format(**fmt) if fmt else text


def translator(lang: str, domain: str = "core"):
    """A ``_(msgid, **fmt)`` function bound to one language and domain."""
    check_lang(lang)

    def _(msgid: str, **fmt) -> str:
        return t(msgid, lang, domain, **fmt)

    return _


def babel_locale(lang: str) -> Locale:
    return Locale.parse(_BABEL_LOCALE[check_lang(lang)])


def html_lang(lang: str) -> str:
    """The value of ``<html lang>``: ``zh`` → ``zh-CN`` so browsers pick Simplified glyphs."""
    return _HTML_LANG[check_lang(lang)]


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is getattr(__import__("pandas"), "NA")


def _pattern(kind: str, lang: str, digits: int) -> str:
    """The locale's own number or percent pattern with exactly ``digits`` decimals.

    Keeps the locale's spacing (Russian writes ``95,1 %`` with a no-break
    space) while fixing the precision, which CLDR leaves open.
    """
    loc = babel_locale(lang)
    base = (loc.percent_formats if kind == "percent" else loc.decimal_formats)[None].pattern
    base = base.split(";")[0]
    frac = ("." + "0" * digits) if digits > 0 else ""
    return re.sub(r"#,##0(\.[0#]+)?", "#,##0" + frac, base, count=1)


def fmt_number(x, lang: str, digits: int = 1) -> str:
    """A number in the locale's notation (``1 234,5`` in Russian); ``—`` when missing."""
    if _missing(x):
        return "—"
    return format_decimal(x, format=_pattern("decimal", lang, digits), locale=_BABEL_LOCALE[check_lang(lang)])


def fmt_int(x, lang: str) -> str:
    return fmt_number(x, lang, digits=0)


def fmt_percent(share, lang: str, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage in the locale's notation (``95,0 %`` in Russian)."""
    if _missing(share):
        return "—"
    return format_percent(share, format=_pattern("percent", lang, digits), locale=_BABEL_LOCALE[check_lang(lang)])


def fmt_date(d, lang: str, format: str = "medium") -> str:
    """A date in the locale's notation; accepts ISO strings, dates and pandas Timestamps."""
    if _missing(d):
        return "—"
    if isinstance(d, str):
        d = _dt.date.fromisoformat(d[:10])
    if hasattr(d, "date") and callable(d.date):
        d = d.date()
    return format_date(d, format=format, locale=_BABEL_LOCALE[check_lang(lang)])


_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{2}|\d{4})\s+(Q|T|S|H)([1-4])\s*$", re.I)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ZH_NUM = {1: "一", 2: "二", 3: "三", 4: "四"}
#: The part of a school year a period names, per language: quarter, term (trimester), half.
_PART = {
    "Q": {"en": "Q{n} {y1}/{y2s}", "ru": "{roman} четверть {y1}/{y2}", "zh": "{y1}—{y2}学年第{zh}季度"},
    "T": {"en": "Term {n} {y1}/{y2s}", "ru": "{roman} триместр {y1}/{y2}", "zh": "{y1}—{y2}学年第{zh}学期"},
    "S": {"en": "Semester {n} {y1}/{y2s}", "ru": "{roman} полугодие {y1}/{y2}",
          "zh": "{y1}—{y2}学年第{zh}学期"},
    "H": {"en": "Half {n} {y1}/{y2s}", "ru": "{roman} полугодие {y1}/{y2}", "zh": "{y1}—{y2}学年第{zh}学期"},
}


def fmt_period(label, lang: str) -> str:
    """A period of the school year as its readers write it; other labels unchanged.

    Periods are stored as ``YYYY-YYYY Qn`` (quarter; ``Tn`` term, ``Sn``/``Hn``
    half-year); ``—`` when missing.

    Examples
    --------
    >>> fmt_period("2019-2020 Q4", "ru")
    'IV четверть 2019/2020'
    >>> fmt_period("2019-2020 Q4", "zh")
    '2019—2020学年第四季度'
    >>> fmt_period("2019-2020 Q4", "en")
    'Q4 2019/20'
    >>> fmt_period("July 2025", "ru")
    'July 2025'
    """
    check_lang(lang)
    if _missing(label):
        return "—"
    m = _PERIOD.match(str(label))
    if not m:
        return str(label)
    y1, y2, part, n = m.group(1), m.group(2), m.group(3).upper(), int(m.group(4))
    if len(y2) == 2:
        y2 = y1[:2] + y2
    return _PART[part][lang].format(n=n, y1=y1, y2=y2, y2s=y2[2:], roman=_ROMAN[n], zh=_ZH_NUM[n])


def in_every_language(msgids: dict[str, str], domain: str = "core") -> dict[str, dict[str, str]]:
    """``{key: {lang: label}}`` for every language, from the catalog ``domain``.

    What a report notebook declares as its ``figure_labels`` (the batch's
    index shows them), so that no translation is written outside a catalog.

    Examples
    --------
    >>> in_every_language({"students": "Students"})["students"]["ru"]
    'Обучающиеся'
    """
    return {key: {lang: t(msgid, lang, domain) for lang in LANGS} for key, msgid in msgids.items()}
