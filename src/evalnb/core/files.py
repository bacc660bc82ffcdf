"""Reading one table file as people save it: its size, encoding and delimiter.

Excel saves "CSV" in the encoding of the user's Windows — cp1251 with ``;``
in Russia, GBK in China — "CSV UTF-8" with a BOM, and "Unicode text" as
UTF-16 with tabs.  evalnb reads them all: the encoding is detected with
charset-normalizer among :data:`ENCODINGS` (a plausibility check on the
decoded text settles between cp1251 and GB18030, which decode much of each
other's bytes), the delimiter (``,`` ``;`` or tab) from the header, which
names the table's columns (``csv.Sniffer`` when it names none).  What cannot
be told apart is refused, naming the choices (``--encoding``).

Only regular files are read (a FIFO or a device would block or never end),
and none larger than :attr:`ReadOptions.max_bytes`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError

#: the encodings evalnb detects (GB18030 reads GBK and GB2312 too)
ENCODINGS = ("utf-8", "utf-16", "cp1251", "gb18030")
DELIMITERS = (",", ";", "\t")
DEFAULT_MAX_MB = 256
_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
          "utf-16-be": "UTF-16", "cp1251": "cp1251 (Windows Cyrillic)", "gb18030": "GB18030 (GBK)"}
_SHOWN_DELIMITER = {",": "comma", ";": "semicolon", "\t": "tab"}
# text a real table holds beyond ASCII: Cyrillic and Chinese letters, their punctuation
_PLAUSIBLE = re.compile("[\u0410-\u044f\u0401\u0451\u0406\u0456\u0407\u0457\u0404\u0454\u0490\u0491"
                        "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e"
                        "\u2116\u00ab\u00bb\u2014\u2013\u2026\u201c\u201d\u201e\u2018\u2019\u00b7\u2022"
                        "\u00a0\u00b0\u00b1\u00d7]")
_MIXED = re.compile("[A-Za-z][\u0410-\u044f\u0401\u0451]|[\u0410-\u044f\u0401\u0451][A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HANZI = re.compile("[\u4e00-\u9fff]")


class AmbiguousEncoding(InputError):
    """A file that reads as well in several encodings; ``choices`` names them."""

    def __init__(self, *, choices: tuple[str, ...], **kwargs):
        super().__init__(**kwargs)
        self.choices = choices


@dataclass(frozen=True)
class ReadOptions:
    """How table files are read.

    decimal : ``"."`` (default) or ``","``: the decimal mark of number columns.
        A number written with the other mark, or with thousands separators,
        is an error naming the value — never guessed.
    encoding : one of :data:`ENCODINGS` to skip detection (None: detect).
    max_bytes : the largest file read (None: ``$EVALNB_MAX_FILE_MB``, else 256 MB).
    """

    decimal: str = "."
    encoding: str | None = None
    max_bytes: int | None = None

    def __post_init__(self):
        if self.decimal not in (".", ","):
            raise InputError(f"unknown decimal mark {self.decimal!r}", value=self.decimal,
                             rule="the decimal mark is . or ,")
        if self.encoding is not None and _codec(self.encoding) is None:
            raise InputError(f"unknown encoding {self.encoding!r}", value=self.encoding,
                             rule=f"one of {', '.join(ENCODINGS)} (gbk is read as gb18030)")

    def limit(self) -> int:
        if self.max_bytes is not None:
            return int(self.max_bytes)
        raw = os.environ.get("EVALNB_MAX_FILE_MB", "").strip()
        try:
            mb = float(raw) if raw else DEFAULT_MAX_MB
        except ValueError:
            mb = -1
        if not mb > 0:
            raise InputError(f"$EVALNB_MAX_FILE_MB must be a number of megabytes above 0, not {raw!r}",
                             value=raw, rule="a size in MB")
        return int(mb * 1024 * 1024)


@dataclass(frozen=True)
class FileFormat:
    """What was detected in a file: ``encoding``, ``delimiter`` and line ends (None for XLSX)."""

    encoding: str | None = None
    delimiter: str | None = None
    newline: str | None = None

    def describe(self) -> str:
        if self.encoding is None:
            return "XLSX workbook"
        parts = [_NAMES.get(self.encoding, self.encoding)]
        if self.delimiter:
            parts.append(f"{_SHOWN_DELIMITER.get(self.delimiter, repr(self.delimiter))}-separated")
        if self.newline:
            parts.append(f"{self.newline} line ends")
        return ", ".join(parts)


def _codec(name: str) -> str | None:
    key = name.strip().lower().replace("_", "-")
    aliases = {"utf8": "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16",
               "utf16": "utf-16", "cp1251": "cp1251", "windows-1251": "cp1251", "gbk": "gb18030",
               "cp936": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030"}
    return aliases.get(key)


def check_regular(path: Path, options: ReadOptions) -> int:
    """The size of ``path``; InputError unless it is a regular file within the size limit."""
    try:
        st = os.stat(path)  # follows a symlink: what counts is what it points to
    except OSError as exc:
        raise InputError(table=path.name, rule=f"cannot be read: {exc.strerror}",
                         hint="a readable table file") from None
    if not stat.S_ISREG(st.st_mode):
        kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a pipe (FIFO)" if stat.S_ISFIFO(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket")
        raise InputError(table=path.name, rule=f"{kind}, not a regular file: table files are regular files",
                         hint="move it out of the data folder")
    limit = options.limit()
    if st.st_size > limit:
        raise InputError(table=path.name, rule=f"larger ({_mb(st.st_size)}) than the limit of {_mb(limit)}",
                         hint="set a larger limit with --max-file-mb (or $EVALNB_MAX_FILE_MB)")
    return st.st_size


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_bytes(path: Path, options: ReadOptions) -> bytes:
    """The bytes of a regular file, never more than the size limit."""
    check_regular(path, options)
    limit = options.limit()
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(table=path.name, rule=f"cannot be read: {exc.strerror}",
                         hint="a readable table file") from None
    if len(raw) > limit:  # it grew since: still no more than the limit
        raise InputError(table=path.name, rule=f"larger than the limit of {_mb(limit)}",
                         hint="set a larger limit with --max-file-mb (or $EVALNB_MAX_FILE_MB)")
    return raw


def _undecodable(path: Path, raw: bytes, exc: UnicodeDecodeError, encoding: str) -> InputError:
    line = raw[: exc.start].count(b"\n") + 1
    return InputError(table=path.name, row=line, value=f"0x{raw[exc.start]:02x}",
                      rule=f"not {_NAMES.get(encoding, encoding)} text (byte 0x{raw[exc.start]:02x} at "
                           f"line {line}), nor text in another encoding evalnb reads "
                           f"({', '.join(ENCODINGS)})",
                      hint="in Excel: Save As → 'CSV UTF-8'; or name the encoding with --encoding")


def _weird(text: str) -> float:
    """Share of the non-ASCII characters a table would hardly hold (mis-decoded text scores high).

    Cyrillic read as GB18030 gives Chinese characters, but mostly rare ones
    (outside GB2312's 3,755 common characters), which count half.
    """
    odd = len(_NON_ASCII.findall(text))
    if not odd:
        return 0.0
    good = len(_PLAUSIBLE.findall(text))
    hanzi = _HANZI.findall(text, 0, 1 << 20)[:20000]
    rare = sum(1 for ch in hanzi if not _common_hanzi(ch)) * len(_HANZI.findall(text)) / max(1, len(hanzi))
    return (odd - good + 4 * len(_MIXED.findall(text)) + 0.5 * rare) / odd


def _common_hanzi(ch: str) -> bool:
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= lead <= 0xD7


def decode(path: Path, raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of a file's bytes; InputError naming the choices when unsure."""
    if encoding is not None:
        codec = _codec(encoding) or encoding
        if codec == "utf-8" and raw.startswith(b"\xef\xbb\xbf"):
            codec = "utf-8-sig"
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError as exc:
            raise _undecodable(path, raw, exc, codec) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _undecodable(path, raw, exc, "utf-8") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _undecodable(path, raw, exc, "utf-16") from None
    head = raw[:4096]
    for codec, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        # UTF-16 without a BOM: every other byte of Latin text is 0 (valid, but no, UTF-8)
        if zeros and zeros.count(0) > 0.4 * len(zeros):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError:
                pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    matches = from_bytes(raw, cp_isolation=["cp1251", "gb18030"])
    scored = sorted((_weird(str(m)), m.encoding) for m in matches)
    plausible = [(w, enc) for w, enc in scored if w <= 0.1]
    if len(plausible) == 1:
        return raw.decode(plausible[0][1]), plausible[0][1]
    if len(plausible) > 1:
        choices = " or ".join(f"--encoding {enc}" for _, enc in plausible)
        raise AmbiguousEncoding(table=path.name,
                                rule="cannot tell its encoding: it reads as "
                                     + " and as ".join(_NAMES.get(enc, enc) for _, enc in plausible),
                                hint=f"choose with {choices}, or save it as 'CSV UTF-8'",
                                choices=tuple(enc for _, enc in plausible))
    raise _undecodable(path, raw, utf8_error, "utf-8")


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def sniff_delimiter(path: Path, text: str, columns: list[str]) -> str:
    """``,`` ``;`` or tab: the one that splits the header into the table's column names.

    When the header names no column of the table: the one delimiter that
    splits the first lines into the same number of cells (``csv.Sniffer``
    when none does); several that do are refused, naming them.
    """
    lines = _NEWLINE.split(text, 50)[:50]
    first = lines[0]
    known = {c.lower() for c in columns}
    hits = {d: len({c.strip().lstrip("\ufeff").lower() for c in _split(first, d)} & known)
            for d in DELIMITERS}
    best = max(hits.values())
    winners = [d for d, n in hits.items() if n == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    present = [d for d in DELIMITERS if d in first]
    rows = [line for line in lines if line.strip()]
    consistent = [d for d in present if len({len(_split(line, d)) for line in rows}) == 1]
    if len(consistent) == 1:
        return consistent[0]
    if not consistent:
        try:
            return csv.Sniffer().sniff("\n".join(rows), delimiters="".join(DELIMITERS)).delimiter
        except csv.Error:
            if len(present) <= 1:
                return present[0] if present else ","
        consistent = present
    raise InputError(table=path.name, row=1, value=first[:80],
                     rule="cannot tell its delimiter: the lines split as well at "
                          + " as at ".join(_SHOWN_DELIMITER[d] + "s" for d in consistent),
                     hint=f"the columns are named as in: evalnb tables ({', '.join(columns[:4])} …)")


_NEWLINE = re.compile(r"\r\n|\r|\n")
#: how much of a file's start the delimiter and line ending are told from
_SNIFF_CHARS = 1 << 16


def _head(text: str) -> str:
    """The file's first lines (whole lines, at most about 64 K characters)."""
    if len(text) <= _SNIFF_CHARS:
        return text
    head = text[:_SNIFF_CHARS]
    end = max(head.rfind("\n"), head.rfind("\r"))
    return head[:end] if end > 0 else head
_LINE = re.compile(r"line (\d+)")


def read_csv(path: Path, columns: list[str], options: ReadOptions | None = None
             ) -> tuple[pd.DataFrame, FileFormat]:
    """The rows of a CSV file, every cell as text (empty cells as missing), and its format."""
    options = options or ReadOptions()
    path = Path(path)
    raw = read_bytes(path, options)
    text, encoding = decode(path, raw, options.encoding)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(table=path.name, rule="file is empty: a table file needs at least a header line",
                         hint=f"the columns: {', '.join(columns)}" if columns else None)
    head = _head(text)
    delimiter = sniff_delimiter(path, head, columns)
    first_end = head.find("\n")
    newline = "CRLF" if first_end > 0 and text[first_end - 1] == "\r" else ("LF" if first_end >= 0 else None)
    if encoding in ("utf-8", "utf-8-sig"):
        # the parser reads the file's own bytes: a region's marks file decoded into a
        # text buffer would cost four bytes per character on top of the text itself
        del text
        source = io.BytesIO(raw)
        source_encoding = "utf-8-sig"
    else:
        del raw
        source, source_encoding = io.StringIO(text), None
    try:
        frame = pd.read_csv(source, sep=delimiter, dtype=str, keep_default_na=False,
                            na_values=[""], skipinitialspace=False, encoding=source_encoding)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        m = _LINE.search(str(exc))
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise InputError(table=path.name, row=int(m.group(1)) if m else None,
                         rule="not a well-formed CSV file" + (f" at line {m.group(1)}" if m else "")
                              + f": {detail.removeprefix('Error tokenizing data. C error: ')}",
                         hint=f"{_SHOWN_DELIMITER[delimiter]}-separated values, one header line, "
                              "as many cells in a row as in the header") from None
    except pd.errors.EmptyDataError:
        raise InputError(table=path.name,
                         rule="file is empty: a table file needs at least a header line") from None
    return frame, FileFormat(encoding, delimiter, newline)
