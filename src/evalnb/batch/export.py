"""Exports of an executed report: a lean HTML page and its A4 PDF handout.

The page is nbconvert's ``basic`` template (the cells' body only, no
JupyterLab CSS) with code hidden, wrapped in :file:`templates/report.html.j2`
with a compact stylesheet (:file:`templates/report.css`).  The same HTML is
rendered to PDF by WeasyPrint: A4, the school's name and the period in a
running header (CSS ``string-set``), "page / pages" in the footer, charts and
tables kept whole.  The exporter objects and WeasyPrint's font configuration
are built once per worker and reused for every report.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core.i18n import LANGS, html_lang

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The font stack of every export: Latin and Cyrillic in DejaVu Sans, Chinese in Noto Sans CJK SC.
FONT_STACK = '"DejaVu Sans", "Noto Sans CJK SC", sans-serif'

#: Cells with these tags are left out of the HTML and PDF.
REMOVE_TAGS = frozenset({"remove_cell", "remove-cell", "hide", "hide-cell", "parameters",
                         "injected-parameters", "papermill-error-cell-tag"})

_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def page_lang(lang: str | None) -> str:
    """The ``<html lang>`` value: ``zh`` → ``zh-CN`` (Simplified glyphs); unknown → as given if valid."""
    if lang in LANGS:
        return html_lang(lang)
    if lang and _LANG_TAG.match(lang):
        return lang
    return "en"


@lru_cache(maxsize=None)
def jinja_env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=None)
def stylesheet(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _visible_output(output) -> bool:
    kind = output.get("output_type")
    if kind == "stream":
        return output.get("name") != "stderr" and bool("".join(output.get("text", "")).strip())
    if kind in ("display_data", "execute_result"):
        data = output.get("data") or {}
        return any(not m.startswith("application/vnd.evalnb.") for m in data)
    return kind == "error"


def printable(nb):
    """A copy of ``nb`` holding only what a reader sees.

    Code cells without a visible output, cells tagged ``remove-cell`` /
    ``hide`` / ``parameters``, stderr (warnings) and the outputs of
    ``evalnb.record`` are left out.
    """
    out = copy.copy(nb)
    cells = []
    for cell in nb.cells:
        if REMOVE_TAGS.intersection(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.get("cell_type") == "code":
            outputs = [o for o in cell.get("outputs", []) if _visible_output(o)]
            if not outputs:
                continue
            cell = copy.copy(cell)
            cell["outputs"] = outputs
        elif cell.get("cell_type") == "raw":
            continue
        cells.append(cell)
    out["cells"] = cells
    return out


class Exporter:
    """Builds HTML pages and PDFs; one per worker, reused for every report."""

    def __init__(self):
        from nbconvert import HTMLExporter

        # optimistic_validation: nbconvert validates the notebook once, after its
        # preprocessors, instead of after each of its twelve (what they do is not
        # changed; it was a tenth of a small report's export)
        self.html_exporter = HTMLExporter(
            template_name="basic", exclude_input=True, exclude_input_prompt=True,
            exclude_output_prompt=True, exclude_anchor_links=True, optimistic_validation=True)
        self.page = jinja_env().get_template("report.html.j2")
        self.css = stylesheet("report.css").replace("$FONT_STACK", FONT_STACK)
        self._font_config = None
        self._fetcher = None

    def html(self, nb, *, title: str, subtitle: str = "", lang: str | None = None,
             generator: str = "") -> str:
        from .layout import fit

        body, _ = self.html_exporter.from_notebook_node(printable(nb))
        body = fit(body)
        return self.page.render(body=body, title=title, subtitle=subtitle,
                                lang=page_lang(lang), css=self.css, generator=generator)

    def pdf(self, html: str) -> bytes:
        from weasyprint import HTML

        if self._font_config is None:
            from weasyprint.text.fonts import FontConfiguration
            from weasyprint.urls import URLFetcher

            self._font_config = FontConfiguration()
            # Reports embed their images as data: URIs; nothing else is fetched
            # (no network, no local files named by a notebook's output).
            self._fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
        return HTML(string=html, url_fetcher=self._fetcher).write_pdf(
            font_config=self._font_config)


#: Chromium's command line for printing: no sandbox (containers), no GPU, nothing online.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run")
PDF_ENGINES = ("weasyprint", "chromium")

_HEADER = ('<div style="width:100%;font-family:{font};font-size:8pt;color:#57606a;'
           'margin:0 15mm;display:flex;justify-content:space-between">'
           '<span>{title}</span><span>{subtitle}</span></div>')
#: The footer is report.css's own @bottom-center (Chromium prints counters in margin boxes).
_FOOTER = "<span></span>"


class ChromiumPDF:
    """PDFs printed by headless Chromium through one page kept open (Playwright).

    The browser starts on first use and serves every later report; the running
    header of report.css (``string()`` in margin boxes, which Chromium does not
    support) is given as Chromium's header template; the page numbers are
    report.css's own.

    Not the default: measured by ``benchmarks/bench_pdf.py`` it prints 5–6 times
    faster than WeasyPrint, but its text layer maps Chinese glyphs shared with
    Kangxi radicals to the radicals (一 → ⼀, 目 → ⽬, 生 → ⽣), so a Chinese
    handout's text cannot be searched or copied correctly.  Nothing is
    fetched: the page is set from a string and every request is refused.
    """

    def __init__(self, executable: str = CHROMIUM):
        self.executable = executable
        self._pw = self._browser = self._page = None

    def _open(self):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=self.executable,
                                                 args=list(CHROMIUM_ARGS))
        self._page = self._browser.new_page()
        self._page.route("**/*", lambda route: route.abort())
        self._page.emulate_media(media="print")

    def pdf(self, html: str) -> bytes:
        import html as _html

        if self._page is None:
            self._open()
        self._page.set_content(html, wait_until="load")
        title = _html.escape(self._page.evaluate(
            "() => (document.querySelector('.report-title') || {}).textContent || ''"))
        subtitle = _html.escape(self._page.evaluate(
            "() => (document.querySelector('.report-subtitle') || {}).textContent || ''"))
        font = FONT_STACK.replace('"', "'")
        return self._page.pdf(
            format="A4", print_background=True, prefer_css_page_size=True,
            display_header_footer=True,
            header_template=_HEADER.format(font=font, title=title, subtitle=subtitle),
            footer_template=_FOOTER)

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._pw.stop()
            self._pw = self._browser = self._page = None


def export(exporter: Exporter, nb, formats, *, title: str, subtitle: str, lang: str | None,
           generator: str = "") -> dict[str, bytes]:
    """The requested formats of an executed notebook, as bytes."""
    import nbformat

    files: dict[str, bytes] = {}
    if "ipynb" in formats:
        files["ipynb"] = nbformat.writes(nb).encode("utf-8")
    if "html" in formats or "pdf" in formats:
        page = exporter.html(nb, title=title, subtitle=subtitle, lang=lang, generator=generator)
        if "html" in formats:
            files["html"] = page.encode("utf-8")
        if "pdf" in formats:
            files["pdf"] = exporter.pdf(page)
    return files


def describe(meta: dict[str, Any], fallback_title: str) -> tuple[str, str]:
    return (meta.get("title") or fallback_title), (meta.get("subtitle") or "")
