"""The Положение checker: the typical faults the Armavir order names, line by line.

See :func:`check_document`.  The rules (patterns, suggestions, sources) are
data in :mod:`evalnb.control_plan.docrules`.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from .docrules import SCHOOL_MENTION, DocRule, rules_table
from .reading import Lines, read_source
from .rules import ControlPlanRules

COLUMNS = ["line", "section", "kind", "code", "quote", "suggestion", "start", "end"]
HEADING = re.compile(r"^\s*\d+\.\s+(.+?)\s*$")
_WORD = re.compile(r"\w+")
_MENTION = re.compile(SCHOOL_MENTION, re.IGNORECASE)


def heading_title(line: str) -> str | None:
    """The title when ``line`` is a one-level numbered heading (``1. Общие положения``), else None.

    >>> heading_title("1. Общие положения"), heading_title("1.1. Настоящее положение"), \
heading_title("2. Положение вступает в силу с момента подписания.")
    ('Общие положения', None, None)
    """
    m = HEADING.match(line)
    if not m or "\n" in m.group(1):
        return None
    title = m.group(1)
    if len(title) > 100 or title.endswith("."):
        return None
    return title


def sections(lines: list[str]) -> list[str]:
    """The section (title of the last heading at or above) of every line; ``""`` before the first."""
    out, current = [], ""
    for line in lines:
        title = heading_title(line)
        if title is not None:
            current = title
        out.append(current)
    return out


def own_number(school_name: str | None, lines: list[str]) -> str | None:
    """The school's number: from ``school_name``, else the most frequent one mentioned (first on a tie)."""
    if school_name:
        m = _MENTION.search(school_name) or re.search(r"№\s*(\d+)", school_name)
        if m:
            return str(int(m.group(1)))
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for line in lines:
        for m in _MENTION.finditer(line):
            n = str(int(m.group(1)))
            counts[n] += 1
            first.setdefault(n, len(first))
    if not counts:
        return None
    return max(counts, key=lambda n: (counts[n], -first[n]))


def _legal_name(line: str, start: int, stems: tuple[str, ...]) -> bool:
    before = _WORD.findall(line[:start])[-2:]
    return any(w.casefold().startswith(stems) for w in before)


def _line_findings(rule: DocRule, compiled, line: str, number: str | None):
    """``(start, end, quote)`` of every finding of one rule on one line."""
    if rule.per_line:
        for pattern, also in compiled:
            m = pattern.search(line)
            if m and (also is None or also.search(line)):
                return [(m.start(), m.end(), m.group(0))]
        return []
    out = []
    for pattern, also in compiled:
        if also is not None and not also.search(line):
            continue
        for m in pattern.finditer(line):
            if rule.legal_name_stems and _legal_name(line, m.start(), rule.legal_name_stems):
                continue
            if rule.compare_number and (number is None or str(int(m.group(1))) == number):
                continue
            out.append((m.start(), m.end(), m.group(0)))
    return out


def find(lines: list[str], school_name: str | None = None, rules=None) -> pd.DataFrame:
    """:func:`check_document` on lines already read (what the DOCX writer reuses)."""
    r = ControlPlanRules.load(rules)
    table = rules_table(r.document_terms, r.document_acts, r.document_off)
    secs = sections(lines)
    number = own_number(school_name, lines) if any(x.compare_number for x in table) else None
    compiled = [(rule, rule.compiled()) for rule in table]
    rows = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        for rule, pats in compiled:
            for start, end, quote in _line_findings(rule, pats, line, number):
                rows.append((i + 1, secs[i], rule.kind, rule.code, quote, rule.suggestion, start, end))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out = out.sort_values(["line", "start", "end"], kind="stable").reset_index(drop=True)
    return out.astype({"line": "int64", "start": "int64", "end": "int64"})


def check_document(source, school_name: str | None = None, rules=None) -> pd.DataFrame:
    """The typical faults of a Положение о ВШК и ВСОКО, one row per finding.

    Parameters
    ----------
    source : the text (``str``), a path (``os.PathLike``) to a ``.txt`` (UTF-8, a BOM
        allowed, else cp1251) or ``.docx`` file, or the ``bytes`` of a DOCX.
    school_name : the school's own name (e.g. ``МБОУ СОШ № 4``); its number is the one
        other school numbers are compared with.  Without it: the number mentioned most
        often (the first of a tie).
    rules : :class:`ControlPlanRules`, a mapping or a YAML path (``document_off``,
        ``document_terms``, ``document_acts``).

    Returns
    -------
    DataFrame with ``line`` (1-based; in a DOCX every body and table-cell paragraph is
    a line), ``section`` (the title of the last numbered heading ``N. Title`` above;
    ``""`` before the first), ``kind`` (``obsolete_term`` | ``irrelevant_act`` |
    ``lost_force_act`` | ``copied`` | ``style``), ``code``, ``quote`` (the text exactly
    as written), ``suggestion``, and ``start`` / ``end`` (the quote's place in its
    line), sorted by line and place.  Empty when nothing is found.

    Raises
    ------
    InputError : an unreadable file (a broken DOCX, an unknown extension), naming it.

    References
    ----------
    Armavir order of 02.03.2020 № 204, appendix: the typical faults of the plans and
    Положения о ВШК и ВСОКО (obsolete terms, acts that do not regulate internal control,
    signs of a copied document, a style that is not official-business).

    Examples
    --------
    >>> f = check_document("1. Общие положения\\nПлан ВШК вывешивается для учащихся.")
    >>> f[["line", "section", "code", "quote"]].values.tolist()
    [[2, 'Общие положения', 'colloquial', 'вывешивается'], [2, 'Общие положения', 'uchashchiesya', 'учащихся']]
    """
    return find(read_source(source).lines, school_name, rules)


def read_lines(source) -> Lines:
    """The lines of a document (and, for a DOCX, its paragraphs), as :func:`check_document` reads it."""
    return read_source(source)
