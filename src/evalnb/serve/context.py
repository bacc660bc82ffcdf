"""What a served page knows about its request: language, the user's name, choices.

Voilà hands the page's query string to the kernel as the ``QUERY_STRING``
environment variable (``?lang=ru&user=Анна&school=CN001``); in JupyterLab
there is none, and ``$EVALNB_LANG`` (set by ``evalnb forms --lang``) or
English applies.  Every value is data: it is parsed, never evaluated, and an
unknown language is ignored rather than trusted.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlencode

from ..core.i18n import LANGS

QUERY_ENV = "QUERY_STRING"
LANG_ENV = "EVALNB_LANG"
#: query parameters a page passes on to the pages it links to
KEPT = ("lang", "user")


_request_received = False


def await_request() -> None:
    """In a kernel Voilà started ahead of time (pre-heated), wait for the page's request.

    ``evalnb forms`` keeps a kernel per form warm, with the imports done; the
    form is built only when a person opens the page, and this is where the
    kernel learns the page's query string (Voilà puts it into ``os.environ``).
    Elsewhere (a kernel started for the request, JupyterLab) it returns at once.
    """
    global _request_received
    if _request_received or os.environ.get("VOILA_PREHEAT") != "True":
        return
    from voila.utils import wait_for_request

    wait_for_request()
    _request_received = True


def query(query_string: str | None = None) -> dict[str, str]:
    """The page's query parameters (first value of each), e.g. ``{"lang": "ru"}``.

    Examples
    --------
    >>> query("lang=zh&user=%E7%8E%8B%E8%8A%B3&lang=ru")
    {'lang': 'zh', 'user': '王芳'}
    """
    if query_string is None:
        await_request()
    qs = os.environ.get(QUERY_ENV, "") if query_string is None else query_string
    parsed = parse_qs(qs.lstrip("?"), keep_blank_values=False)
    return {k: v[0] for k, v in parsed.items() if v}


def request_lang(query_string: str | None = None, default: str = "en") -> str:
    """The page's language: ``?lang=`` if supported, else ``$EVALNB_LANG``, else ``default``.

    Examples
    --------
    >>> request_lang("lang=ru")
    'ru'
    >>> request_lang("lang=<script>", default="zh")
    'zh'
    """
    for candidate in (query(query_string).get("lang"), os.environ.get(LANG_ENV)):
        if candidate and candidate.strip().lower() in LANGS:
            return candidate.strip().lower()
    return default


def request_user(query_string: str | None = None) -> str:
    """The name passed on from the previous page (``?user=``), or ``""``."""
    return query(query_string).get("user", "").strip()[:200]


def link(target: str = "", **params) -> str:
    """A relative link to ``target`` with the given query parameters (empty ones left out).

    Examples
    --------
    >>> link("review.ipynb", lang="zh", user="")
    'review.ipynb?lang=zh'
    """
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{target}?{urlencode(kept)}" if kept else (target or "?")


def under_voila() -> bool:
    """True inside a kernel that Voilà started (links to other pages then make sense)."""
    return "VOILA_BASE_URL" in os.environ or "VOILA_REQUEST_URL" in os.environ
