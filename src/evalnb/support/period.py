"""The period texts of a roadmap, read as date ranges.

A roadmap ("дорожная карта") states each task's period the way its authors
wrote it: «26.11.2021», «07.12.2021 17.12.2021», «Февраль-июнь, сентябрь-декабрь
2022», «В течение 2022 года (по заявкам)» … (Kaluga order of 02.02.2022 № 180,
roadmap column 3 «Сроки реализации»).  :func:`parse_period` turns one such
text into a :class:`Period`: its kind and its ranges, in the order written.

The grammar (after lower-casing, ``–``/``—`` read as ``-`` and spaces collapsed):

* ``dd.mm.yyyy`` is a date. [``с``] DATE [``-`` | ``до`` | ``по`` | nothing] DATE
  is **one** range, end inclusive; a lone DATE is one day; ``до DATE`` with
  nothing before it is a deadline (no start).
* ``dd-dd.mm.yyyy`` (``23-24.03.2022``) is one range of days.
* A Russian month name in any case form; MONTH ``-`` MONTH is one range from
  the first day of the first to the last day of the second; months separated
  by ``,`` or spaces are separate ranges (never merged).
* A month takes the nearest year written after it, else the nearest before
  it, else ``default_year``; in MONTH-MONTH under one year a first month later
  than the second belongs to the year before (``декабрь-февраль 2023``).
* A year with no date or month in the text is the whole year.
* ``kind``: ``on_request`` («по заявк»), ``on_schedule`` («по график»),
  ``continuous`` («в течение», «постоянно», «ежемесячно», «еженедельно»,
  «на основании»), else ``dated``; with no range at all, ``unknown`` for a
  text that is none of these.

An impossible date, a range ending before it starts, a month with no year or
a date written in part (``26.11``, ``26.11.21``) is an :class:`~evalnb.InputError`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

import pandas as pd

from ..errors import InputError

KINDS = ("dated", "on_request", "on_schedule", "continuous", "unknown")
PRECISIONS = ("day", "month", "year")

_MONTHS = ("январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл", "август", "сентябр",
           "октябр", "ноябр", "декабр")
_MONTH_RE = "|".join(f"(?P<m{i + 1}>{stem})" for i, stem in enumerate(_MONTHS))
_TOKEN = re.compile(
    r"(?P<dayspan>(?<![\d.])(\d{1,2})\s?-\s?(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]))"
    r"|(?P<date>(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]))"
    r"|(?P<partial>(?<![\d.])\d{1,2}\.\d{1,2}(?:\.\d+)?(?![\d]))"
    r"|(?P<year>(?<![\d.])(?:19|20)\d{2}(?![\d.]))"
    rf"|(?P<month>(?<!\w)(?:{_MONTH_RE})\w*)"
    r"|(?P<dash>-)"
    r"|(?P<conn>(?<!\w)(?:до|по)(?!\w))"
    r"|(?P<sep>[,;])")

_ON_REQUEST = "по заявк"
_ON_SCHEDULE = "по график"
_CONTINUOUS = ("в течение", "постоянно", "ежемесячно", "еженедельно", "на основании")


@dataclass(frozen=True)
class Period:
    """A period text read: ``kind`` and ``ranges`` of ``(start, end, precision)``.

    ``start`` / ``end`` are :class:`pandas.Timestamp` (midnight of the day; the
    end is inclusive) or ``NaT`` (a deadline has no start); ``precision`` is
    ``day`` | ``month`` | ``year``.
    """

    kind: str
    ranges: tuple[tuple[pd.Timestamp, pd.Timestamp, str], ...]

    @property
    def start(self) -> pd.Timestamp:
        """The earliest start (``NaT`` if none)."""
        starts = [r[0] for r in self.ranges if not pd.isna(r[0])]
        return min(starts) if starts else pd.NaT

    @property
    def end(self) -> pd.Timestamp:
        """The latest end (``NaT`` if none)."""
        ends = [r[1] for r in self.ranges if not pd.isna(r[1])]
        return max(ends) if ends else pd.NaT


@dataclass
class _End:
    """One end point as written: a day, a span of days, a month or a year."""

    first: pd.Timestamp
    last: pd.Timestamp
    precision: str
    pos: int


def normalise(text: str) -> str:
    """Lower case, dashes as ``-``, HTML tags dropped, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", str(text))
    text = text.lower().replace("–", "-").replace("—", "-").replace("‑", "-").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _kind(text: str) -> str:
    if _ON_REQUEST in text:
        return "on_request"
    if _ON_SCHEDULE in text:
        return "on_schedule"
    if any(w in text for w in _CONTINUOUS):
        return "continuous"
    return "dated"


def _bad(text: str, why: str) -> InputError:
    return InputError(f"cannot read the period {text!r}: {why}", column="period_text", value=text,
                      rule=f"period: {why}",
                      hint="dates dd.mm.yyyy, Russian month names with a year, or a year")


def _day(d: str, m: str, y: str, text: str) -> pd.Timestamp:
    day, month, year = int(d), int(m), int(y)
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _bad(text, f"{d}.{m}.{y} is not a date of the calendar")
    return pd.Timestamp(year, month, day)


def _month_end(year: int, month: int) -> pd.Timestamp:
    return pd.Timestamp(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str, default_year: int | None = None) -> Period:
    """Read one period text of a roadmap as its kind and date ranges.

    Parameters
    ----------
    text : the period as written in the roadmap («Сроки реализации»).
    default_year : the year of month names written without one (the roadmap's year).

    Returns
    -------
    Period
        ``kind`` and ``ranges``: ``(start, end, precision)`` in the order written.

    Raises
    ------
    InputError
        An impossible date, a range ending before it starts, a month with no
        year (and no ``default_year``), a date written in part.

    Examples
    --------
    >>> p = parse_period("Февраль-июнь, сентябрь-декабрь 2022")
    >>> [(s.date().isoformat(), e.date().isoformat()) for s, e, _ in p.ranges]
    [('2022-02-01', '2022-06-30'), ('2022-09-01', '2022-12-31')]
    >>> parse_period("В течение 2022 года (по заявкам)").kind
    'on_request'

    Reference: Kaluga order of 02.02.2022 № 180, roadmap column «Сроки реализации».
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        text = ""
    norm = normalise(text)
    kind = _kind(norm)
    tokens = []  # (type, payload, position)
    for i, mt in enumerate(_TOKEN.finditer(norm)):
        g = mt.groups()
        if mt.group("dayspan"):
            d1, d2, m, y = g[1:5]
            first, last = _day(d1, m, y, text), _day(d2, m, y, text)
            if last < first:
                raise _bad(text, f"the range {mt.group('dayspan')} ends before it starts")
            tokens.append(("end", _End(first, last, "day", i), i))
        elif mt.group("date"):
            d, m, y = g[6:9]
            day = _day(d, m, y, text)
            tokens.append(("end", _End(day, day, "day", i), i))
        elif mt.group("partial"):
            raise _bad(text, f"{mt.group('partial')!r} is not a whole date dd.mm.yyyy")
        elif mt.group("year"):
            tokens.append(("year", int(mt.group("year")), i))
        elif mt.group("month"):
            month = next(k for k in range(1, 13) if mt.group(f"m{k}"))
            tokens.append(("month", month, i))
        elif mt.group("dash"):
            tokens.append(("conn", "-", i))
        elif mt.group("conn"):
            tokens.append(("conn", mt.group("conn"), i))
        else:
            tokens.append(("sep", ",", i))
    has_dated = any(t[0] in ("end", "month") for t in tokens)
    if has_dated:
        tokens = _resolve_months(tokens, default_year, text)
    else:
        tokens = [("end", _End(pd.Timestamp(y, 1, 1), pd.Timestamp(y, 12, 31), "year", pos), pos)
                  if typ == "year" else (typ, y, pos) for typ, y, pos in tokens]
    ranges = _ranges(tokens, text)
    if not ranges:
        if kind == "dated":
            kind = "unknown"
        if default_year is not None:
            y = int(default_year)
            ranges = [(pd.Timestamp(y, 1, 1), pd.Timestamp(y, 12, 31), "year")]
    return Period(kind, tuple(ranges))


def _resolve_months(tokens, default_year, text):
    """Give each month its year; drop the year tokens (they only serve months)."""
    years = [(pos, y) for typ, y, pos in tokens if typ == "year"]
    out = []
    for typ, val, pos in tokens:
        if typ == "year":
            continue
        if typ != "month":
            out.append((typ, val, pos))
            continue
        after = [(p, y) for p, y in years if p > pos]
        before = [(p, y) for p, y in years if p < pos]
        if after:
            ypos, year = after[0]
        elif before:
            ypos, year = before[-1]
        elif default_year is not None:
            ypos, year = None, int(default_year)
        else:
            raise _bad(text, "a month is written without a year")
        out.append(("month", (val, year, ypos), pos))
    # MONTH - MONTH under one year: the earlier-written month may lie in another year
    for i in range(len(out) - 2):
        a, c, b = out[i], out[i + 1], out[i + 2]
        if a[0] == b[0] == "month" and c[0] == "conn" and c[1] == "-":
            (m1, y1, p1), (m2, y2, p2) = a[1], b[1]
            if p1 == p2 and m1 > m2:
                if p1 is not None and a[2] < p1 < b[2]:   # «декабрь 2022 - февраль»
                    out[i + 2] = ("month", (m2, y2 + 1, p2), b[2])
                else:                                      # «декабрь-февраль 2023»
                    out[i] = ("month", (m1, y1 - 1, p1), a[2])
    return [(("end", _End(pd.Timestamp(v[1], v[0], 1), _month_end(v[1], v[0]), "month", pos), pos)
             if typ == "month" else (typ, v, pos)) for typ, v, pos in out]


_FINER = {"day": 0, "month": 1, "year": 2}


def _ranges(tokens, text):
    """Pair end points into ranges: A [- | до | по | (nothing, for two dates)] B."""
    ranges = []
    i, n = 0, len(tokens)
    while i < n:
        typ, val, _pos = tokens[i]
        if typ == "conn" and val == "до" and i + 1 < n and tokens[i + 1][0] == "end":
            end = tokens[i + 1][1]
            ranges.append((pd.NaT, end.last, end.precision))   # a deadline
            i += 2
            continue
        if typ != "end":
            i += 1
            continue
        a = val
        j = i + 1
        conn = None
        if j < n and tokens[j][0] == "conn":
            conn = tokens[j][1]
            j += 1
        if j < n and tokens[j][0] == "end":
            b = tokens[j][1]
            both_days = a.precision == b.precision == "day" and a.first == a.last and b.first == b.last
            if conn is not None or both_days:
                if b.last < a.first:
                    raise _bad(text, "the range ends before it starts")
                precision = min(a.precision, b.precision, key=_FINER.get)
                ranges.append((a.first, b.last, precision))
                i = j + 1
                continue
        ranges.append((a.first, a.last, a.precision))
        i += 1
    return ranges


__all__ = ["KINDS", "PRECISIONS", "Period", "normalise", "parse_period"]
