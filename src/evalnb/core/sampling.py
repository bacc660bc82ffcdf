"""Shared helpers of the sample generator: dates, frames and CSV text.

Nothing here draws random numbers on its own; every function that needs
randomness takes a :class:`numpy.random.Generator` argument.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["dates", "busday_shift", "to_csv_text", "write_text_atomic"]


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


def _column_text(col: pd.Series) -> pd.Series:
    """Format one column the way the CSV contract wants it (see ``write``)."""
    dtype = col.dtype
    missing = col.isna().to_numpy()
    if pd.api.types.is_bool_dtype(dtype):
        text = np.where(col.fillna(False).to_numpy(dtype=bool), "true", "false")
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        text = col.dt.strftime("%Y-%m-%d").to_numpy(dtype=object, na_value="")
    elif pd.api.types.is_integer_dtype(dtype):
        text = col.astype("Int64").astype(str).to_numpy(dtype=object)
    elif pd.api.types.is_float_dtype(dtype):
        raise TypeError(f"float column {col.name!r}: the sample keeps numbers integral")
    else:
        text = col.astype(object).to_numpy(dtype=object)
    out = pd.Series(np.asarray(text, dtype=object), index=col.index, dtype=object)
    out[missing] = ""
    return out


def to_csv_text(frame: pd.DataFrame) -> str:
    """Render a generated table as CSV text following the data contract.

    Identifiers and other text are written as they are, booleans as
    ``true``/``false``, dates as ``YYYY-MM-DD``, integers without a decimal
    point, and missing values as empty cells. Lines end with ``\\n``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table from :func:`evalnb.sample.generate`.

    Returns
    -------
    str
        The CSV text with a header row and no index column.
    """
    text = pd.DataFrame({name: _column_text(frame[name]) for name in frame.columns},
                        columns=frame.columns)
    return text.to_csv(index=False, lineterminator="\n")


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
