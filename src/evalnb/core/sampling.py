"""Shared helpers of the sample generator: dates, frames and CSV text.

Nothing here draws random numbers on its own; every function that needs
randomness takes a :class:`numpy.random.Generator` argument.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["dates", "busday_shift", "distinct_choices", "to_csv_text", "write_text_atomic"]


def dates(values) -> pd.Series:
    """Turn ISO dates into a datetime Series (``None`` becomes ``NaT``).

    Parameters
    ----------
    values : sequence of str or None, or numpy ``datetime64[D]`` array
        Dates in ISO ``YYYY-MM-DD`` form.

    Returns
    -------
    pandas.Series
        ``datetime64[s]`` series; missing values are ``NaT``.
    """
    arr = np.asarray(values, dtype="datetime64[D]")
    return pd.Series(arr.astype("datetime64[s]"))


def busday_shift(day: str, offsets: np.ndarray) -> np.ndarray:
    """Shift ``day`` by a number of working days (Monday–Friday).

    Parameters
    ----------
    day : str
        ISO date, itself a working day.
    offsets : numpy.ndarray of int
        Working days to add.

    Returns
    -------
    numpy.ndarray
        ``datetime64[D]`` array, one date per offset.
    """
    return np.busday_offset(np.datetime64(day, "D"), offsets, roll="forward")


def distinct_choices(rng: np.random.Generator, n_each, p) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` distinct indices for each owner, as ``rng.choice(len(p), n, replace=False, p=p)``.

    The same indices, in the same order, and the same random numbers used as
    calling ``rng.choice`` once per owner, without a call per owner: numpy's
    draw (uniforms against the cumulative ``p``; on a repeat, further rounds
    with the chosen indices' weights set to zero) is replayed on one block of
    uniforms, and ``rng`` is left where the per-owner calls would leave it.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the uniforms.
    n_each : array of int
        How many distinct indices each owner gets (each at most the number of
        non-zero weights).
    p : array of float
        Weights summing to 1.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The owner (row of ``n_each``) and the chosen index of every draw,
        owner by owner.

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([0.5, 0.3, 0.2])
    >>> owner, idx = distinct_choices(np.random.default_rng(1), [2, 1], p)
    >>> rng = np.random.default_rng(1)
    >>> idx.tolist() == [*rng.choice(3, 2, replace=False, p=p), *rng.choice(3, 1, replace=False, p=p)]
    True
    """
    n_each = np.asarray(n_each, dtype=np.int64)
    p = np.asarray(p, dtype=float)
    m, total = len(n_each), int(n_each.sum())
    owners = np.repeat(np.arange(m), n_each)
    if total == 0:
        return owners, np.zeros(0, dtype=np.int64)
    if int(n_each.max()) > np.count_nonzero(p > 0):
        raise ValueError("Fewer non-zero entries in p than size")
    cdf = np.cumsum(p)
    cdf /= cdf[-1]
    state = rng.bit_generator.state
    uniforms = rng.random(total + total // 4 + 64)
    idx = cdf.searchsorted(uniforms, side="right")
    width = int(n_each.max())

    def first_repeat(idx: np.ndarray) -> list:
        """For every start, the length of the shortest window that holds a repeat (width + 1: none)."""
        out = np.full(len(idx), width + 1, dtype=np.int64)
        for n in range(width, 1, -1):
            last = np.zeros(len(idx), dtype=bool)
            for d in range(1, n):  # idx[s + n - 1] equal to an earlier one of the window
                last[:len(idx) - n + 1] |= idx[n - 1 - d:len(idx) - d] == idx[n - 1:]
            out[last] = n
        return out.tolist()

    repeat = first_repeat(idx)
    starts = np.empty(m, dtype=np.int64)
    slow: dict[int, list] = {}
    pos = 0

    def ensure(k: int) -> None:
        nonlocal uniforms, idx, repeat
        if pos + k > len(uniforms):  # the block ran out: the stream goes on right after it
            more = rng.random(max(k, len(uniforms) // 4 + 64))
            uniforms = np.concatenate([uniforms, more])
            idx = cdf.searchsorted(uniforms, side="right")
            repeat = first_repeat(idx)

    for i, n in enumerate(n_each.tolist()):
        ensure(n)
        if n < repeat[pos]:
            starts[i] = pos
            pos += n
            continue
        found: list = []
        q = p.copy()
        while len(found) < n:  # numpy's rounds, on the same uniforms
            k = n - len(found)
            ensure(k)
            if found:
                q[found] = 0
            c = np.cumsum(q)
            c /= c[-1]
            for v in c.searchsorted(uniforms[pos:pos + k], side="right").tolist():
                if v not in found:
                    found.append(v)
            pos += k
        starts[i] = -1
        slow[i] = found
    rng.bit_generator.state = state
    rng.random(pos)  # where the per-owner calls leave the stream
    first = np.concatenate([[0], np.cumsum(n_each)[:-1]])
    within = np.arange(total) - np.repeat(first, n_each)
    chosen = idx[np.repeat(np.maximum(starts, 0), n_each) + within]
    for i, found in slow.items():
        chosen[first[i]:first[i] + n_each[i]] = found
    return owners, chosen.astype(np.int64)


#: characters that may make the csv module quote a field (QUOTE_MINIMAL, delimiter ``,``)
_SPECIAL = re.compile(r'[,"\r\n]')


def _csv_field(text: str) -> str:
    """One field as the csv module writes it between others (quoted only when it must be)."""
    if not _SPECIAL.search(text):
        return text
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([text, ""])
    return buf.getvalue()[:-2]  # the field, without ",\n"


def _column_text(col: pd.Series) -> list:
    """The CSV fields of one column the way the contract wants them (see ``to_csv_text``).

    Each distinct value is formatted once and spread to its rows by its code,
    so a column of millions of rows costs one factorisation, not one
    conversion per row.
    """
    dtype = col.dtype
    if dtype == object and pd.api.types.infer_dtype(col, skipna=True) not in ("string", "empty"):
        # mixed objects: 1, 1.0 and True are one value to a factorisation; each row on its own
        return ["" if pd.isna(v) else _csv_field(str(v)) for v in col.tolist()]
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    if pd.api.types.is_bool_dtype(dtype):
        text = ["true" if bool(v) else "false" for v in uniques]
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        text = list(pd.DatetimeIndex(uniques).strftime("%Y-%m-%d"))
    elif pd.api.types.is_integer_dtype(dtype):
        text = [str(int(v)) for v in uniques]
    elif pd.api.types.is_float_dtype(dtype):
        raise TypeError(f"float column {col.name!r}: the sample keeps numbers integral")
    else:
        text = [v if isinstance(v, str) else str(v) for v in np.asarray(uniques, dtype=object).tolist()]
        if _SPECIAL.search("".join(text)):  # a rare field to quote: find it
            text = [_csv_field(v) for v in text]
    fields = np.array(text + [""], dtype=object)  # code -1 (missing): the last, an empty cell
    return fields[codes].tolist()


def to_csv_text(frame: pd.DataFrame) -> str:
    """Render a generated table as CSV text following the data contract.

    Identifiers and other text are written as they are, booleans as
    ``true``/``false``, dates as ``YYYY-MM-DD``, integers without a decimal
    point, and missing values as empty cells. Lines end with ``\\n``; a field
    is quoted as the csv module quotes it (only when it holds a comma, a
    quote or a line break).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table from :func:`evalnb.sample.generate`.

    Returns
    -------
    str
        The CSV text with a header row and no index column.

    Examples
    --------
    >>> import pandas as pd
    >>> print(to_csv_text(pd.DataFrame({"id": ["007", "a,b"], "ok": pd.array([True, None])})), end="")
    id,ok
    007,true
    "a,b",
    """
    if frame.shape[1] == 1:  # a lone empty field is written "" (the csv module's rule): its own path
        col = frame.iloc[:, 0]
        text = pd.DataFrame({frame.columns[0]: _column_text(col)}, columns=frame.columns)
        return text.to_csv(index=False, lineterminator="\n")
    header = ",".join(_csv_field(str(c)) for c in frame.columns)
    if not len(frame):
        return header + "\n"
    columns = [_column_text(frame[name]) for name in frame.columns]
    return header + "\n" + "\n".join(map(",".join, zip(*columns))) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` through a temporary file and a rename.

    Parameters
    ----------
    path : pathlib.Path
        Destination; its folder must exist.
    text : str
        Content to write.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; a data file is not
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
