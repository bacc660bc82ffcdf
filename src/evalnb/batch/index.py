"""``manifest.json`` and ``index.html``: every school's report at a glance.

The index page is what a methodologist opens first: one row per school with
its key figures, its status and links to its files, in the batch's language.
Every row is in the HTML, so the page reads and prints without its script; the
inline script (no network resources) sorts by any column, filters, and shows
one page of ``PAGE_SIZE`` rows at a time, so that a region's 2,000 reports stay
quick.  Every value is escaped by the template engine and reaches the script
only through ``data-`` attributes.
"""

from __future__ import annotations

import collections
import re
import datetime as _dt
import math
from typing import Any
from urllib.parse import quote

from ..core.i18n import LANGS, fmt_date, fmt_int, fmt_number, fmt_percent, translator
from .export import jinja_env, page_lang, stylesheet, FONT_STACK

STATUS_ORDER = {"failed": 0, "pending": 1, "ok": 2, "skipped": 3}
_STATUS_LABEL = {"ok": "OK", "skipped": "Up to date", "failed": "Failed", "pending": "Not run"}
_FILE_LABEL = {"html": "HTML", "pdf": "PDF", "ipynb": "ipynb"}
#: the rows of the index shown at once (the reader may choose another size, or all)
PAGE_SIZE = 100
PAGE_SIZES = (50, 100, 500)


def is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, (bool, int, float, str))


def figure_columns(spec_figures: list[str] | None, reports: list[dict]) -> list[str]:
    """The declared figures, or every scalar figure recorded, in first-seen order."""
    if spec_figures is not None:
        return list(spec_figures)
    cols: dict[str, None] = {}
    for r in reports:
        for k, v in (r.get("figures") or {}).items():
            if is_scalar(v) and not isinstance(v, str) or isinstance(v, str) and len(v) <= 80:
                cols.setdefault(k, None)
    return list(cols)


def default_ui_lang(environ=None) -> str:
    """The language of the person building the batch: from the locale (LC_ALL, LC_MESSAGES,
    LANG, LANGUAGE), else English."""
    import os

    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        code = (env.get(var) or "").split(":")[0][:2].lower()
        if code in LANGS:
            return code
    return "en"


def choose_lang(lang: str | None, reports: list[dict], ui_lang: str | None = None) -> str:
    """The index's language: the batch's ``--lang``; else the one language of all its
    reports; else (a mixed set) ``ui_lang``, the builder's language."""
    if lang in LANGS:
        return lang
    langs = {r.get("lang") for r in reports if r.get("lang") in LANGS}
    if len(langs) == 1:
        return langs.pop()
    return ui_lang if ui_lang in LANGS else default_ui_lang()


def set_title(meta: dict | None, name: str, lang: str) -> str:
    """A report set's title in ``lang``: the notebook's ``title`` ({"en": …, "ru": …} or text),
    else a readable form of the set's name (its domain's title and the report's kind)."""
    title = (meta or {}).get("title")
    if isinstance(title, dict) and (title.get(lang) or title.get("en")):
        return str(title.get(lang) or title.get("en"))
    if isinstance(title, str) and title.strip():
        return title
    _ = translator(lang, "batch")
    domain, _sep, kind = name.partition("-")
    readable = _(humanize(kind or domain))
    if kind:
        try:
            from ..core.domain import get

            return f"{get(domain).title_in(lang)}: {readable[:1].lower() + readable[1:]}"
        except Exception:  # noqa: BLE001 - not a registered domain: the name alone
            return f"{_(humanize(domain))}: {readable[:1].lower() + readable[1:]}"
    return readable


def notebook_meta(source: str | None) -> dict:
    """The ``evalnb`` metadata of a notebook's JSON text ({} if unreadable)."""
    import json

    try:
        return (json.loads(source or "{}").get("metadata") or {}).get("evalnb") or {}
    except ValueError:
        return {}


def humanize(name: str) -> str:
    """``hours_credited`` → ``Hours credited``."""
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


_SHARE = re.compile(r"(^|_)(share|rate|quality|percent|proportion)($|_)")


def figure_kind(name: str, declared: str | None, values: list) -> str | None:
    """How to show a figure: the notebook's format, else ``percent`` for a share named so
    (``compliant_share``, ``pass_rate``) within [0, 1], ``int`` when every value is whole."""
    if declared:
        return declared
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
            and math.isfinite(v)]
    if not nums:
        return None
    if _SHARE.search(name) and all(0 <= v <= 1 for v in nums):
        return "percent"
    if all(float(v).is_integer() for v in nums):
        return "int"
    return "number"


def _format(value: Any, kind: str | None, lang: str, _) -> tuple[str, str]:
    """(shown text, sort value) of a figure."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—", ""
    if isinstance(value, bool):
        return (_("yes") if value else _("no")), str(int(value))
    if isinstance(value, (int, float)):
        if kind == "percent":
            return fmt_percent(value, lang), repr(value)
        if isinstance(value, int) or kind == "int":
            return fmt_number(value, lang, digits=0), repr(value)
        return fmt_number(value, lang, digits=1), repr(value)
    return str(value), str(value)


def render_index(*, notebook: str, reports: list[dict], lang: str, figures: list[str],
                 labels: dict[str, dict[str, str]], formats: dict[str, str], data: str = "",
                 version: str, interrupted: bool = False, meta: dict | None = None) -> str:
    """The index page of one report set.  ``meta``: the notebook's ``evalnb`` metadata (its
    ``title``); ``data`` is not shown (a reader has no use for a local path)."""
    _ = translator(lang, "batch")
    kinds = {f: figure_kind(f, formats.get(f), [(r.get("figures") or {}).get(f) for r in reports])
             for f in figures}
    counts = collections.Counter(r["status"] for r in reports)
    rows = []
    for r in reports:
        outputs = r.get("outputs") or {}
        files = [{"href": quote(fn), "label": _FILE_LABEL.get(fmt, fmt)}
                 for fmt, fn in outputs.items()]
        link = quote(outputs["html"]) if "html" in outputs else (
            quote(outputs["pdf"]) if "pdf" in outputs else None)
        err = r.get("error") or None
        error_text = None
        if err:
            where = _("cell {cell}", cell=err["cell"]) + ": " if err.get("cell") is not None else ""
            error_text = f"{where}{err.get('ename') or ''}: {err.get('evalue') or ''}".strip(": ")
        figs = []
        for f in figures:
            text, raw = _format((r.get("figures") or {}).get(f), kinds[f], lang, _)
            figs.append({"text": text, "raw": raw})
        duration = r.get("duration")
        rows.append({
            "title": r.get("title") or str(r["key"]), "key": str(r["key"]), "link": link,
            "lang": page_lang(r.get("lang") or lang),
            "status": r["status"], "status_order": STATUS_ORDER.get(r["status"], 9),
            "status_label": _(_STATUS_LABEL.get(r["status"], r["status"])),
            "figures": figs, "files": files, "error": error_text,
            "duration": fmt_number(duration, lang, 1) if duration is not None else "—",
            "duration_raw": "" if duration is None else f"{duration:.3f}",
        })
    heads = []
    for f in figures:
        lab = labels.get(f) or {}
        heads.append((lab.get(lang) or lab.get("en") or _(humanize(f))) if isinstance(lab, dict)
                     else str(lab))
    now = _dt.datetime.now()
    text = {
        "generated": _("Generated"), "data": _("Data"), "school": _("School"), "id": _("ID"),
        "status": _("Status"), "duration": _("Duration, s"), "files": _("Files"),
        "filter": _("Filter"), "sort_hint": _("Click a column heading to sort."),
        "failed_reports": _("Failed reports"),
        "shown_of": _("{shown} of {total} shown"), "rows_range": _("Rows {first}–{last} of {total}"),
        "pages": _("Pages"), "first": _("First"), "previous": _("Previous"), "next": _("Next"),
        "last": _("Last"), "page_size": _("Rows per page"), "all": _("All"),
        "interrupted": _("The run was interrupted; reports not yet built are marked as not run."),
    }
    css = (stylesheet("report.css") + "\n" + stylesheet("index.css")).replace("$FONT_STACK",
                                                                             FONT_STACK)
    return jinja_env().get_template("index.html.j2").render(
        lang=page_lang(lang), heading=set_title(meta, notebook, lang),
        counts=_("{total} reports: {ok} built, {skipped} up to date, {failed} failed",
                 total=fmt_int(len(reports), lang), ok=fmt_int(counts["ok"], lang),
                 skipped=fmt_int(counts["skipped"], lang), failed=fmt_int(counts["failed"], lang)),
        failed=counts["failed"], rows=rows, figures=heads, labels=text, css=css,
        page_size=PAGE_SIZE, page_sizes=[(n, fmt_int(n, lang)) for n in PAGE_SIZES],
        generated=f"{fmt_date(now.date(), lang)} {now:%H:%M}", version=version,
        interrupted=interrupted)


def render_landing(out_root, *, lang: str = "en") -> str | None:
    """``OUT/index.html``: one row per notebook folder holding a ``manifest.json``."""
    import json
    from pathlib import Path

    from .. import __version__

    _ = translator(lang, "batch")
    rows = []
    for manifest in sorted(Path(out_root).glob("*/manifest.json")):
        try:
            m = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        counts = m.get("counts") or {}
        meta = m.get("meta")
        if meta is None:
            try:
                meta = notebook_meta(Path(m.get("notebook_path") or "").read_text(encoding="utf-8"))
            except OSError:
                meta = {}
        rows.append({
            "href": quote(f"{manifest.parent.name}/index.html"),
            "name": set_title(meta, manifest.parent.name, lang),
            "total": len(m.get("reports") or []),
            "ok": counts.get("ok", 0) + counts.get("skipped", 0),
            "failed": counts.get("failed", 0),
            "generated": (m.get("generated") or "")[:16].replace("T", " "),
        })
    if not rows:
        return None
    now = _dt.datetime.now()
    labels = {"notebook": _("Notebook"), "reports": _("Reports"), "ok": _("OK"),
              "failed": _("Failed"), "generated": _("Generated")}
    css = (stylesheet("report.css") + "\n" + stylesheet("index.css")).replace("$FONT_STACK",
                                                                             FONT_STACK)
    return jinja_env().get_template("landing.html.j2").render(
        lang=page_lang(lang), heading=_("Reports"), rows=rows, labels=labels, css=css,
        generated=f"{fmt_date(now.date(), lang)} {now:%H:%M}", version=__version__)
