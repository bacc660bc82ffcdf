"""Layout and content checks of a PDF handout, on text positions (pdfplumber), not pixels.

Used by ``tests/test_handouts.py`` and ``benchmarks/bench_pdf.py``.  Each check
returns a list of problems (empty: passed), each a short sentence naming the
page, so a failing test says what a reader would see.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MM = 72 / 25.4
#: The page margins of report.css (top, right, bottom, left), in points.
MARGINS = (20 * MM, 15 * MM, 17 * MM, 15 * MM)
#: Text this large (points) or larger is a heading or a title (body text is 10 pt or less).
HEADING_SIZE = 10.8
#: Slack for glyph side bearings, in points.
SLACK = 1.5

PY_LITERAL = re.compile(r"(?<![\w.])(True|False|None|nan|NaN|NaT|inf)(?![\w.])")
DEV_TEXT = re.compile(r"DATA\.md|\bevalnb\.[a-z_]+|\b[a-z_]+\.py\b|\b[a-z]+(?:_[a-z0-9]+)+\b")


def _body_chars(page):
    top, _right, bottom, _left = MARGINS
    return [c for c in page.chars if c["top"] >= top - SLACK and c["bottom"] <= page.height - bottom + SLACK]


def _lines(chars):
    """Chars grouped into lines by their baseline (rounded), top to bottom."""
    rows: dict[int, list] = {}
    for c in chars:
        rows.setdefault(round(c["bottom"]), []).append(c)
    return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]


def _text(chars) -> str:
    return "".join(c["text"] for c in chars)


def outside_box(pdf) -> list[str]:
    """Characters beyond the left/right margins or off the page (cut off or overflowing)."""
    problems = []
    for i, page in enumerate(pdf.pages, 1):
        _top, right, _bottom, left = MARGINS
        bad = [c for c in page.chars
               if c["x0"] < left - SLACK or c["x1"] > page.width - right + SLACK
               or c["top"] < 0 or c["bottom"] > page.height]
        if bad:
            sample = _text(sorted(bad, key=lambda c: (round(c["top"]), c["x0"])))[:60]
            problems.append(f"page {i}: {len(bad)} characters outside the printable box ({sample!r})")
        # a table wider than the page shows in its rules and shading, even when its
        # right-aligned text stays inside
        drawn = [o for o in page.rects + page.lines + page.images
                 if o["x0"] < left - SLACK or o["x1"] > page.width - right + SLACK]
        if drawn:
            widest = max(o["x1"] for o in drawn)
            problems.append(f"page {i}: {len(drawn)} lines, fills or images reach x={widest:.0f} pt, "
                            f"beyond the margin at {page.width - right:.0f} pt")
    return problems


def heading_only_pages(pdf) -> list[str]:
    """Pages whose body holds only headings, or nothing, or that end with a heading."""
    problems = []
    for i, page in enumerate(pdf.pages, 1):
        lines = _lines(_body_chars(page))
        images = [im for im in page.images if im["bottom"] - im["top"] > 20]
        if not lines and not images:
            problems.append(f"page {i}: empty")
            continue
        def is_heading(line):
            return max(c["size"] for c in line) >= HEADING_SIZE
        body = [ln for ln in lines if not is_heading(ln)]
        if not body and not images:
            problems.append(f"page {i}: only a heading ({_text(lines[0])[:50]!r})")
            continue
        last_text = lines[-1] if lines else None
        last_image = max((im["bottom"] for im in images), default=-1)
        if last_text is not None and is_heading(last_text) and last_text[0]["bottom"] > last_image \
                and i < len(pdf.pages):
            problems.append(f"page {i}: ends with the heading {_text(last_text)[:50]!r}")
    return problems


class _Tables(HTMLParser):
    """The header cells of each ``<table>`` with a ``<thead>`` in an HTML page."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[str]] = []
        self.first_cells: list[str] = []
        self._in_head = self._in_th = self._in_td = False
        self._want_td = self._in_cap = False
        self.captions: list[str] = []
        self._caption = ""
        self._cell: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_head = True
            self.tables.append([])
            self.captions.append(self._caption)
        elif tag == "caption":
            self._in_cap, self._cell = True, []
        elif tag == "table":
            self._caption = ""
        elif tag == "th" and self._in_head:
            self._in_th, self._cell = True, []
        elif tag == "tbody" and self.tables and len(self.first_cells) < len(self.tables):
            self._want_td = True
        elif tag in ("td", "th") and self._want_td:
            self._want_td, self._in_td, self._cell = False, True, []

    def handle_endtag(self, tag):
        if tag == "caption" and self._in_cap:
            self._in_cap = False
            self._caption = "".join(self._cell).strip()
        elif tag == "thead":
            self._in_head = False
        elif tag == "th" and self._in_th:
            self._in_th = False
            text = "".join(self._cell).strip()
            if text:
                self.tables[-1].append(text)
        elif tag in ("td", "th") and self._in_td:
            self._in_td = False
            self.first_cells.append("".join(self._cell).strip())

    def handle_data(self, data):
        if self._in_th or self._in_td or self._in_cap:
            self._cell.append(data)


def table_headers(html: str) -> list[tuple[list[str], str]]:
    """(header cells, anchor) of each table with a header, in document order.

    The anchor is the table's caption, else its first body cell.
    """
    p = _Tables()
    p.feed(html)
    firsts = p.first_cells + [""] * (len(p.tables) - len(p.first_cells))
    return [(t, c or f) for t, f, c in zip(p.tables, firsts, p.captions) if t]


def _print_view(html: str) -> str:
    """``html`` without what print hides (a wide table's screen version)."""
    return re.sub(r'<table class="[^"]*evalnb-screen-only[^"]*">.*?</table>', "", html, flags=re.S)


def _squash(s: str) -> str:
    return re.sub(r"[\s\u00ad\u200b-]+", "", s)


def headers_on_start_page(pdf, html: str) -> list[str]:
    """Every column header of a table is on the page where the table starts.

    Tables are matched in document order; a table starts on the first page
    (from the previous table's) showing its first header and its first cell.
    A table the layout split into column groups is checked group by group.
    """
    pages = [_squash(_text(_body_chars(p))) for p in pdf.pages]
    problems, at = [], 0
    for heads, cell in table_headers(_print_view(html)):
        first, cell = _squash(heads[0]), _squash(cell)
        # the header row read whole marks the start best: two tables may share a first column
        # and first cell (a list of units, then another list of the same units)
        row = "".join(_squash(h) for h in heads)
        start = next((i for i in range(at, len(pages)) if row in pages[i] and cell in pages[i]), None)
        if start is None:
            start = next((i for i in range(at, len(pages))
                          if first in pages[i] and cell in pages[i]), None)
        if start is None:
            problems.append(f"table with columns {heads[:3]}…: first header not found")
            continue
        missing = [h for h in heads if _squash(h) not in pages[start]]
        if missing:
            problems.append(f"page {start + 1}: table headers missing: {missing}")
        at = start
    return problems


def developer_text(pdf) -> list[str]:
    """Python literals, module names, file names and identifiers in the text."""
    problems = []
    for i, page in enumerate(pdf.pages, 1):
        text = page.extract_text() or ""
        for rx, what in ((PY_LITERAL, "Python value"), (DEV_TEXT, "developer name")):
            hits = sorted(set(m.group(0) for m in rx.finditer(text)))
            if hits:
                problems.append(f"page {i}: {what} {hits[:5]}")
    return problems


def check_pdf(path, html: str | None = None) -> dict[str, list[str]]:
    """All checks of one PDF (and of its HTML page when given): check name -> problems."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        out = {"outside": outside_box(pdf), "heading_only": heading_only_pages(pdf),
               "developer": developer_text(pdf)}
        if html is not None:
            out["headers"] = headers_on_start_page(pdf, html)
    return out


def page_text(path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)
