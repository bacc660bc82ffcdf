"""The Положение's findings as a DOCX to fix in Word, as CSV, and as plain text.

:func:`annotated_docx` writes the document back with every finding marked:
the quoted words highlighted in yellow and a Word comment on them (kind,
quote, suggestion), so that a deputy director works through the comments
pane.  A plain-text Положение comes back as a DOCX with one paragraph per
line.  Formatting is kept: a run is split only where a quote begins or ends,
and each piece keeps the run's properties.
"""

from __future__ import annotations

import copy
import io

import pandas as pd

from ..core.i18n import translator
from .document import find
from .labels import DOMAIN, kind_label
from .reading import read_source

CSV_COLUMNS = ["line", "section", "kind", "code", "quote", "suggestion"]


def _segments(paragraph) -> list[tuple[int, int, object]]:
    """``(start, end, item)`` of the paragraph's runs and hyperlinks, in order."""
    out, pos = [], 0
    for item in paragraph.iter_inner_content():
        text = item.text or ""
        out.append((pos, pos + len(text), item))
        pos += len(text)
    return out


def _split(run, k: int):
    """Split ``run`` after ``k`` characters; returns the new run holding the rest."""
    from docx.text.run import Run

    text = run.text
    new = copy.deepcopy(run._r)
    run._r.addnext(new)
    run.text = text[:k]
    rest = Run(new, run._parent)
    rest.text = text[k:]
    return rest


def _isolate(paragraph, cuts: set[int]) -> None:
    """Split the paragraph's runs (not hyperlinks) at every offset of ``cuts``."""
    from docx.text.run import Run

    for start, end, item in reversed(_segments(paragraph)):
        if not isinstance(item, Run):
            continue
        inner = sorted((c - start for c in cuts if start < c < end), reverse=True)
        for k in inner:
            _split(item, k)


def _runs_between(paragraph, start: int, end: int) -> list:
    from docx.text.run import Run

    runs = []
    for a, b, item in _segments(paragraph):
        if b <= start or a >= end or a == b:
            continue
        runs.extend([item] if isinstance(item, Run) else list(item.runs))
    return runs


def _mark(document, paragraph, rows: pd.DataFrame, lang: str, author: str) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    _ = translator(lang, DOMAIN)
    if "".join(s[2].text or "" for s in _segments(paragraph)) == paragraph.text:
        _isolate(paragraph, set(rows["start"]) | set(rows["end"]))
        exact = True
    else:  # pragma: no cover - text from fields or other content python-docx cannot place
        exact = False
    for row in rows.itertuples():
        runs = _runs_between(paragraph, row.start, row.end) if exact else list(paragraph.runs)
        if not runs:
            continue
        for run in runs:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        note = _("{kind}: «{quote}». Suggestion: {suggestion}", kind=kind_label(row.kind, lang),
                 quote=row.quote, suggestion=row.suggestion)
        document.add_comment(runs, text=note, author=author, initials="ev")


def annotated_docx(source, findings: pd.DataFrame | None = None, *, school_name: str | None = None,
                   rules=None, lang: str = "ru", author: str = "evalnb") -> bytes:
    """The document as DOCX bytes, each finding highlighted and commented.

    Parameters
    ----------
    source : as for :func:`check_document` (text, a ``.txt`` / ``.docx`` path, DOCX bytes).
    findings : the findings to mark (default: :func:`check_document` of ``source``).
    school_name, rules : passed to the checker when ``findings`` is not given.
    lang : the language of the comments' labels (the suggestions are Russian).
    author : the comments' author as Word shows it.

    Examples
    --------
    >>> import docx, io
    >>> raw = annotated_docx("Учащиеся школы")
    >>> d = docx.Document(io.BytesIO(raw))
    >>> [c.text for c in d.comments]
    ['Устаревший термин: «Учащиеся». Рекомендация: обучающиеся']
    """
    import docx

    lines = read_source(source)
    if lines.document is None:
        document = docx.Document()
        paragraphs = [document.add_paragraph(line) for line in lines.lines]
    else:
        document, paragraphs = lines.document, lines.paragraphs
    if findings is None:
        findings = find(lines.lines, school_name, rules)
    for line, rows in findings.groupby("line", sort=True):
        _mark(document, paragraphs[int(line) - 1], rows, lang, author)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def findings_csv(findings: pd.DataFrame) -> str:
    """The findings as CSV text (UTF-8; the columns of :func:`check_document` without offsets)."""
    return findings[CSV_COLUMNS].to_csv(index=False, lineterminator="\n")


def findings_text(findings: pd.DataFrame, lang: str = "ru") -> str:
    """The findings as lines a person reads: ``line [section] kind: «quote» → suggestion``."""
    _ = translator(lang, DOMAIN)
    if findings.empty:
        return _("No typical faults found.") + "\n"
    out = []
    for row in findings.itertuples():
        where = f"{row.line}" + (f" [{row.section}]" if row.section else "")
        out.append(f"{where} {kind_label(row.kind, lang)}: «{row.quote}» → {row.suggestion}")
    out.append(_("{n} findings.", n=len(findings)))
    return "\n".join(out) + "\n"
