"""Fitting a report's HTML to A4 by construction, before it is printed.

The exporter passes the body of every report through :func:`fit`, which
decides from the content alone (never from the report's name):

* each table's width, estimated from its text (glyph widths of DejaVu Sans
  and Noto Sans CJK, in em): a table that fits portrait A4 stays as is; one
  slightly too wide gets a smaller font (``evalnb-fit-compact``); a wider one
  its own landscape page (``evalnb-fit-landscape``); wider still, it is split
  into column groups with its first (key) column repeated, for print only;
* numbers (``12``, ``95,1 %``, ``—``) are right-aligned and never broken,
  text is left-aligned and wraps; ``№ 4`` keeps its number;
* a column of long ``;``-separated lists (trainees, names) becomes, per
  row, a short heading line and a compact multi-column list;
* a heading ending its cell is kept with what follows (``evalnb-keep``).

Images are taken out of the page before parsing and put back after, so the
parse costs the same whatever the size of the charts.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Printable width of an A4 page (15 mm margins) in points, portrait and landscape.
PORTRAIT_PT, LANDSCAPE_PT = 180 * 72 / 25.4, 267 * 72 / 25.4
#: Table font sizes of report.css (points): normal and compact.
NORMAL_PT, COMPACT_PT = 9.0, 7.5
#: Horizontal padding of a cell (both sides, em of the table font): normal and compact.
NORMAL_PAD, COMPACT_PAD = 1.45, 0.8
#: A text column wider than this (em) wraps rather than widening the table
#: (normal layout; a compact table wraps its text sooner).
TEXT_CAP, COMPACT_CAP = 15.0, 9.0
#: A cell holding at least this many ``;``-separated items is a list.
LIST_ITEMS = 6

_N = r"[−\-+±]?[\d\u00a0\u202f.,]*\d[\d\u00a0\u202f.,]*[\s\u00a0\u202f]?(?:%|‰|п\.п\.|pp)?"
#: A figure: a number or share, optionally with a change in brackets (``99,8 % (+0,7)``).
_NUM = re.compile(rf"^{_N}(?:\s\({_N}\))?$|^[—–-]$|^[✓✗]$")
_IMG = re.compile(r'(src="data:[^"]{64,}")')
_NUMERO = re.compile(r"№\s+(?=\d)")


@lru_cache(maxsize=2)
def _advances(bold: bool) -> dict[int, float]:
    """DejaVu Sans advance widths in em, by code point (the font of every handout)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(
        family="DejaVu Sans", weight="bold" if bold else "normal"))
    with TTFont(str(path), lazy=True) as font:
        upm, hmtx = font["head"].unitsPerEm, font["hmtx"]
        return {cp: hmtx[name][0] / upm for cp, name in font.getBestCmap().items()}


def glyph_em(ch: str, bold: bool = False) -> float:
    """The advance of one character in em: DejaVu Sans, else 1 em (Noto Sans CJK)."""
    width = _advances(bold).get(ord(ch))
    if width is not None:
        return width
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.7


def text_em(text: str, bold: bool = False) -> float:
    return sum(glyph_em(c, bold) for c in text)


def min_em(text: str, bold: bool = False) -> float:
    """The width of the longest piece that cannot wrap (a word; 4 glyphs of Chinese)."""
    best = 0.0
    for word in re.split(r"[ \t\n]+", text):
        if any(unicodedata.east_asian_width(c) in ("W", "F") for c in word):
            best = max(best, 4.0)
            continue
        best = max(best, text_em(word, bold))
    return best


def is_number(text: str) -> bool:
    return bool(_NUM.match(text.strip())) if text.strip() else False


def column_widths(head: list[str], rows: list[list[tuple[str, bool]]],
                  cap: float = TEXT_CAP) -> list[tuple[float, float]]:
    """Per column: (needed width, widest unbreakable piece), in em, without padding.

    A number column needs its widest number; a text column its longest word,
    or its widest cell up to ``cap`` (wider text wraps).
    """
    ncol = max([len(head)] + [len(r) for r in rows])
    out = []
    for j in range(ncol):
        cells = [r[j] for r in rows if j < len(r)]
        header = head[j] if j < len(head) else ""
        hard = max([min_em(header, bold=True)] + [text_em(t) if num else min_em(t) for t, num in cells])
        full = max([text_em(t) for t, _num in cells] or [0.0])
        out.append((max(hard, min(full, cap)), hard))
    return out


def choose_fit(widths: list[tuple[float, float]],
               compact: list[tuple[float, float]] | None = None) -> str:
    """``normal`` | ``compact`` | ``landscape`` | ``split``: the first that fits the page.

    ``widths`` are the columns' widths with text wrapped at :data:`TEXT_CAP`,
    ``compact`` at :data:`COMPACT_CAP` (default: the same).
    """
    compact = compact or widths
    n = len(widths)
    need = sum(w for w, _hard in widths)
    tight = sum(w for w, _hard in compact)
    if (need + n * NORMAL_PAD) * NORMAL_PT <= PORTRAIT_PT:
        return "normal"
    if (tight + n * COMPACT_PAD) * COMPACT_PT <= PORTRAIT_PT:
        return "compact"
    if (need + n * COMPACT_PAD) * COMPACT_PT <= LANDSCAPE_PT:
        return "landscape"
    return "split"


def plan_fit(head: list[str], rows: list[list[tuple[str, bool]]]) -> tuple[str, float]:
    """The fit of a table and the width (em) at which its text columns wrap.

    Normal type is kept as long as wrapping text columns sooner (down to
    :data:`COMPACT_CAP`) makes the table fit; then compact type, wrapping as
    late as fits; then a landscape page; then column groups.
    """
    if not head and not rows:
        return "normal", TEXT_CAP
    caps = [TEXT_CAP - k for k in range(int(TEXT_CAP - COMPACT_CAP) + 1)]
    for size, pad in ((NORMAL_PT, NORMAL_PAD), (COMPACT_PT, COMPACT_PAD)):
        for cap in caps:
            widths = column_widths(head, rows, cap)
            if (sum(w for w, _hard in widths) + len(widths) * pad) * size <= PORTRAIT_PT:
                return ("normal" if size == NORMAL_PT else "compact"), cap
    widths = column_widths(head, rows, TEXT_CAP)
    if (sum(w for w, _hard in widths) + len(widths) * COMPACT_PAD) * COMPACT_PT <= LANDSCAPE_PT:
        return "landscape", TEXT_CAP
    return "split", COMPACT_CAP


def column_groups(widths: list[tuple[float, float]]) -> list[list[int]]:
    """Columns 1… packed into groups that fit portrait A4 (compact) next to column 0."""
    per = lambda j: (widths[j][0] + COMPACT_PAD) * COMPACT_PT  # noqa: E731
    room = PORTRAIT_PT - per(0)
    groups, cur, used = [], [], 0.0
    for j in range(1, len(widths)):
        if cur and used + per(j) > room:
            groups.append(cur)
            cur, used = [], 0.0
        cur.append(j)
        used += per(j)
    if cur:
        groups.append(cur)
    return groups


def _cells(tr):
    return tr.find_all(["td", "th"], recursive=False)


def _text(el) -> str:
    """The text of an element, runs of ordinary white space as one (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", el.get_text(" ")).strip()


def _add_class(el, cls: str) -> None:
    el["class"] = [*(el.get("class") or []), cls]


def _split_items(text: str) -> list[str]:
    return [x.strip() for x in text.split(";") if x.strip()]


def _list_table(soup, table, head, rows, list_cols) -> object:
    """A table with list columns as blocks: a line per row, then its lists in columns."""
    box = soup.new_tag("div", attrs={"class": "evalnb-listtable"})
    cap = table.find("caption")
    if cap is not None:
        p = soup.new_tag("p", attrs={"class": "evalnb-note"})
        p.string = _text(cap)
        box.append(p)
    for tr in rows:
        cells = _cells(tr)
        block = soup.new_tag("div", attrs={"class": "evalnb-listrow"})
        line = soup.new_tag("p", attrs={"class": "evalnb-listkey"})
        first = True
        for j, td in enumerate(cells):
            if j in list_cols:
                continue
            if first:
                strong = soup.new_tag("strong")
                strong.string = _text(td)
                line.append(strong)
                first = False
            else:
                line.append(f" · {head[j] if j < len(head) else ''}: {_text(td)}")
        block.append(line)
        for j in list_cols:
            if j >= len(cells):
                continue
            items = _split_items(_text(cells[j]))
            if len(list_cols) > 1 or not first:
                label = soup.new_tag("p", attrs={"class": "evalnb-listlabel"})
                label.string = head[j] if j < len(head) else ""
                block.append(label)
            longest = max((text_em(x) for x in items), default=0)
            ul = soup.new_tag("ul", attrs={"class": "evalnb-cols " + (
                "evalnb-cols-2" if longest > 22 else "evalnb-cols-3")})
            for x in items:
                li = soup.new_tag("li")
                li.string = x
                ul.append(li)
            block.append(ul)
        box.append(block)
    return box


def _split_table(soup, table, groups) -> object:
    """Print-only copies of ``table``, one per column group, each with column 0."""
    box = soup.new_tag("div", attrs={"class": "evalnb-print-only evalnb-colgroups"})
    for gi, group in enumerate(groups):
        keep = [0, *group]
        copy = soup.new_tag("table", attrs={"class": " ".join(
            [*(table.get("class") or []), "evalnb-fit-compact"])})
        for section in table.find_all(["thead", "tbody"], recursive=False):
            sec = soup.new_tag(section.name)
            for tr in section.find_all("tr", recursive=False):
                row = soup.new_tag("tr", attrs={"class": tr["class"]} if tr.get("class") else {})
                cells = _cells(tr)
                for j in keep:
                    if j < len(cells):
                        row.append(_clone(soup, cells[j]))
                sec.append(row)
            copy.append(sec)
        cap = table.find("caption")
        if cap is not None:
            c = soup.new_tag("caption")
            c.string = f"{_text(cap)} ({gi + 1}/{len(groups)})"
            copy.insert(0, c)
        box.append(copy)
    return box


def _clone(soup, el):
    from bs4 import BeautifulSoup

    return BeautifulSoup(str(el), "html.parser").contents[0]


def _keep_short_text(body_rows, rows, cap: float, only_first: bool) -> None:
    """Text columns whose every cell fits ``cap`` stay on one line (``МБОУ СОШ № 4``, not
    ``МБОУ СОШ / № 4``): the width estimate gave them their full width already."""
    ncol = max((len(r) for r in rows), default=0)
    for j in range(1 if only_first else ncol):
        cells = [r[j] for r in rows if j < len(r)]
        if not cells or all(num for _t, num in cells):
            continue
        if max(text_em(t) for t, _num in cells) <= cap:
            for tr in body_rows:
                tds = _cells(tr)
                if j < len(tds) and "num" not in (tds[j].get("class") or []):
                    _add_class(tds[j], "nobr")


def _set_columns(soup, table, widths, pad: float) -> None:
    """Column widths in proportion to what each needs (a ``<colgroup>`` of percentages).

    Left to itself, a PDF engine shares a wide table's width out almost evenly, and a
    column of long names wraps line after line beside half-empty figure columns.
    """
    if len(widths) < 2 or table.find("colgroup") is not None:
        return
    need = [w + pad for w, _hard in widths]
    total = sum(need)
    group = soup.new_tag("colgroup")
    for w in need:
        group.append(soup.new_tag("col", attrs={"style": f"width:{100 * w / total:.1f}%"}))
    cap = table.find("caption")
    (cap.insert_after if cap is not None else lambda g: table.insert(0, g))(group)


def _fit_table(soup, table) -> None:
    thead = table.find("thead")
    head = [_text(th) for th in thead.find_all("th")] if thead else []
    body_rows = [tr for tr in table.find_all("tr") if tr.find_parent("thead") is None]
    rows = [[(_text(td), is_number(_text(td))) for td in _cells(tr)] for tr in body_rows]
    # a column is of figures when every cell with a value is one ("—" alone decides nothing);
    # its cells are right-aligned, those of any other column left-aligned, whatever they hold
    ncol = max((len(r) for r in rows), default=0)
    figure_cols = set()
    for j in range(ncol):
        values = [r[j] for r in rows if j < len(r) and r[j][0] not in ("", "—", "–", "-")]
        if values and all(num for _t, num in values):
            figure_cols.add(j)
    for tr, row in zip(body_rows, rows):
        for j, td in enumerate(_cells(tr)):
            classes = td.get("class") or []
            if j in figure_cols and td.name == "td" and "num" not in classes:
                _add_class(td, "num")
            elif j not in figure_cols and "num" in classes:
                td["class"] = [c for c in classes if c != "num"]
    rows = [[(t, j in figure_cols) for j, (t, _num) in enumerate(r)] for r in rows]
    if not head and rows:
        head = [""] * len(rows[0])
    list_cols = {j for j in range(len(head))
                 if sum(1 for r in rows if j < len(r) and len(_split_items(r[j][0])) >= LIST_ITEMS)
                 and all(not (j < len(r) and r[j][1]) for r in rows)}
    if list_cols and rows:
        table.replace_with(_list_table(soup, table, head, body_rows, list_cols))
        return
    if thead is not None:
        for j, th in enumerate(thead.find_all("th")):
            if j in figure_cols:
                _add_class(th, "numh")
    fit, cap = plan_fit(head, rows)
    widths = column_widths(head, rows, cap)
    compact = column_widths(head, rows, COMPACT_CAP)
    if len(rows) <= 12:
        _add_class(table, "evalnb-short")
    _keep_short_text(body_rows, rows, cap, only_first=fit == "split")
    if fit != "split":
        _set_columns(soup, table, widths, NORMAL_PAD if fit == "normal" else COMPACT_PAD)
    if fit == "normal":
        return
    if fit in ("compact", "landscape"):
        _add_class(table, "evalnb-fit-compact")
        if fit == "landscape":
            # the named page goes on the report's cell (a child of <main>), so the
            # table's heading turns with it and the next cell returns to portrait
            cell = table
            while cell.parent is not None and cell.parent.name not in ("main", "body", "[document]"):
                cell = cell.parent
            _add_class(cell, "evalnb-fit-landscape")
        return
    groups = column_groups(compact)
    _add_class(table, "evalnb-screen-only")
    split = _split_table(soup, table, groups)
    table.insert_after(split)


def _keep_headings(soup) -> None:
    """Mark every block that ends with a heading: it stays with what follows."""
    for h in soup.find_all(["h1", "h2", "h3", "h4"]):
        el = h
        _add_class(el, "evalnb-keep")
        while el.parent is not None and el.parent.name not in ("main", "body", "[document]"):
            following = [s for s in el.next_siblings if getattr(s, "name", None)
                         or str(s).strip()]
            if following:
                break
            el = el.parent
            _add_class(el, "evalnb-keep")


def fit(body: str) -> str:
    """The body HTML of a report, laid out for A4 (see the module docstring)."""
    from bs4 import BeautifulSoup

    images: list[str] = []

    def _stash(m):
        images.append(m.group(1))
        return f'src="evalnb-img:{len(images) - 1}"'

    light = _IMG.sub(_stash, body)
    light = _NUMERO.sub("№\u00a0", light)
    soup = BeautifulSoup(light, "html.parser")
    for table in soup.find_all("table"):
        if table.find_parent("table") is None:
            _fit_table(soup, table)
    _keep_headings(soup)
    out = str(soup)
    return re.sub(r'src="evalnb-img:(\d+)"', lambda m: images[int(m.group(1))], out)
