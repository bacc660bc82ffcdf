"""Reading a Положение: plain text (UTF-8 or cp1251) or DOCX, as a list of lines.

A DOCX is read with python-docx: every body paragraph and every paragraph
of a table cell, in document order, is one line — empty ones included, so
that line numbers match what a reader counts.  Content controls are read
through; a cell merged with the one above (it repeats nothing) gives its
own, empty, line.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

SUFFIXES = (".txt", ".docx")


@dataclass
class Lines:
    """The lines of a document; ``paragraphs[i]`` is line i+1's paragraph in a DOCX."""

    lines: list[str]
    name: str
    document: object | None = None
    paragraphs: list = field(default_factory=list)


def decode_text(raw: bytes) -> str:
    """UTF-8 (a BOM allowed), else cp1251 as Russian Word and Notepad save it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")


def split_lines(text: str) -> list[str]:
    """Lines of a text (``\\n``, ``\\r\\n`` or ``\\r``); an empty text has none."""
    if text == "":
        return []
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _docx_paragraphs(document) -> list:
    """Body and table-cell paragraphs of a python-docx Document, in document order."""
    from docx.oxml.ns import qn
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    out: list = []

    def walk(element, parent):
        for child in element.iterchildren():
            tag = child.tag
            if tag == qn("w:p"):
                out.append(Paragraph(child, parent))
            elif tag == qn("w:tbl"):
                table = Table(child, parent)
                for tr in child.iterchildren(qn("w:tr")):
                    for tc in tr.iterchildren(qn("w:tc")):
                        walk(tc, _Cell(tc, table))
            elif tag in (qn("w:sdt"),):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content, parent)

    walk(document.element.body, document._body)
    return out


def read_docx(raw: bytes, name: str) -> Lines:
    """The lines of DOCX bytes; :class:`~evalnb.InputError` naming ``name`` when unreadable."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{name} is not a readable DOCX file ({type(exc).__name__}: {exc})",
                         table=name, rule="a Word document (.docx) saved by Word or LibreOffice",
                         hint="open it in Word and save it again as .docx") from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: still the file's fault
        raise InputError(f"{name} is not a readable DOCX file ({type(exc).__name__}: {exc})",
                         table=name, rule="a Word document (.docx) saved by Word or LibreOffice",
                         hint="open it in Word and save it again as .docx") from None
    paragraphs = _docx_paragraphs(document)
    return Lines([p.text for p in paragraphs], name, document, paragraphs)


def read_source(source) -> Lines:
    """The lines of ``source``: text (``str``), a path to ``.txt`` / ``.docx``, or DOCX bytes."""
    if isinstance(source, str):
        return Lines(split_lines(source), "text")
    if isinstance(source, (bytes, bytearray)):
        return read_docx(bytes(source), "DOCX bytes")
    if isinstance(source, os.PathLike):
        path = Path(source)
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise InputError(f"{path.name}: unknown kind of document {suffix or '(no extension)'!r}",
                             table=str(path), value=suffix,
                             rule="a Положение is a .txt or .docx file",
                             hint="save it from Word as .docx (or as plain text)")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path} cannot be read: {exc.strerror}", table=str(path),
                             rule="the file must exist and be readable") from None
        if suffix == ".docx":
            return read_docx(raw, str(path))
        return Lines(split_lines(decode_text(raw)), str(path))
    raise InputError(f"a document must be text, a path or DOCX bytes, not {type(source).__name__}",
                     table="document", rule="str (the text), os.PathLike (.txt, .docx) or bytes (DOCX)")
