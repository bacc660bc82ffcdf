"""Validating a table: types coerced by pandas, rules checked by pandera.

:func:`check_table` turns a raw frame (as read from a CSV file: every cell a
string) into a typed frame and the list of every :class:`~evalnb.Problem`
found; :func:`validate` does the same and raises one :class:`~evalnb.InputError`
carrying them all.  Rows are numbered as in the file (``row_offset`` = 2 for a
CSV or XLSX sheet with a header: the first data row is row 2).

Calculators call :func:`validate` on the frames they are given, so a frame
built by hand in a notebook is held to the same contract as an imported file.
A frame that already passed (``frame.attrs["evalnb_table"]``) is not checked
again, which keeps a calculator's cost close to its computation.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import InputError, Problem
from . import schemas
from .schemas import BOOL_FALSE, BOOL_TRUE, Field, TableSpec

VALIDATED = "evalnb_table"
_MAX_PER_RULE = 20  # problems reported per column and rule; the rest are counted


def _blank(s: pd.Series) -> pd.Series:
    if s.dtype == object or pd.api.types.is_string_dtype(s):
        return s.isna() | (s.astype("string").str.strip() == "")
    return s.isna()


# numbers as written in a file: no thousands separators, the one decimal mark, no inf / nan
_NUMBER = {".": r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?",
           ",": r"[+-]?(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?"}
_INT64 = (-(2 ** 63), 2 ** 63 - 1)
# a date, or a date at midnight as a spreadsheet's date cell reads (2019-09-02 00:00:00)
_DATE = r"\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00(?:\.0+)?)?)?"
# the dates a nanosecond timestamp holds, in whole years
_DATES = ("1678-01-01", "2261-12-31")
# C0 control characters but tab and line breaks, DEL and the C1 controls
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"


def _text(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip()


#: a column longer than this is read value by value once per distinct value
_FACTORIZE_ROWS = 10_000


def _coerce(f: Field, s: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series, pd.Series]:
    """``(typed series, mask of unreadable cells, why each unreadable cell is)`` (see :func:`_coerce_cells`).

    A long text column repeats its values (a region's marks: millions of rows,
    a few subjects and periods, each student many times): each distinct value
    is read once and the results spread back to the rows — the same answer
    cell by cell, since reading a cell depends on that cell alone.
    """
    if len(s) > _FACTORIZE_ROWS and (s.dtype == object or pd.api.types.is_string_dtype(s)):
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        if len(uniques) <= len(s) // 2:
            # one more "value" for the missing cells, read as a missing cell is
            values = pd.Series(np.append(np.asarray(uniques, dtype=object), None), dtype=object)
            codes = np.where(codes < 0, len(uniques), codes)
            return tuple(r.take(codes).set_axis(s.index) for r in _coerce_cells(f, values, decimal))
    return _coerce_cells(f, s, decimal)


def _coerce_cells(f: Field, s: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series, pd.Series]:
    """``(typed series, mask of unreadable cells, why each unreadable cell is)``.

    Every cell that is not exactly a value of the field's kind is unreadable —
    never guessed: ``4,697`` in a number column (a thousands separator or a
    decimal comma?), ``inf``, ``nan``, an integer beyond 64 bits, text after
    a date, a control character in text.
    """
    blank = _blank(s)
    why = pd.Series("", index=s.index, dtype=object)
    if f.kind in ("str", "enum"):
        out = _text(s).astype(object)
        out[blank] = None
        bad = out.astype("string").str.contains(_CONTROL, regex=True).fillna(False).astype(bool)
        why[bad] = "a control character"
        if f.aliases:
            out = out.replace(f.aliases)
        return out, bad, why
    if f.kind in ("int", "float"):
        return _number(f, s, blank, why, decimal)
    if f.kind == "bool":
        if pd.api.types.is_bool_dtype(s):
            return s.astype("boolean"), pd.Series(False, index=s.index), why
        low = _text(s).str.lower()
        out = pd.Series(pd.NA, index=s.index, dtype="boolean")
        out[low.isin(BOOL_TRUE).fillna(False).astype(bool)] = True
        out[low.isin(BOOL_FALSE).fillna(False).astype(bool) & ~blank] = False
        bad = out.isna() & ~blank
        return out, bad, why
    if f.kind == "date":
        if pd.api.types.is_datetime64_any_dtype(s):
            low, high = pd.Timestamp(_DATES[0]), pd.Timestamp(_DATES[1])
            bad = s.notna() & ((s < low) | (s > high))
            why[bad] = f"outside the dates evalnb reads ({_DATES[0]} to {_DATES[1]})"
            return s.where(~bad).astype("datetime64[ns]"), bad, why
        text = _text(s)
        well_formed = text.str.fullmatch(_DATE).fillna(False).astype(bool)
        day = text.where(well_formed).str.slice(0, 10)
        in_range = day.between(_DATES[0], _DATES[1]).fillna(False).astype(bool)
        out = pd.to_datetime(day.where(in_range), format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
        bad = out.isna() & ~blank
        why[bad & ~well_formed] = "nothing may follow the date"
        why[bad & well_formed & ~in_range] = f"outside the dates evalnb reads ({_DATES[0]} to {_DATES[1]})"
        return out, bad, why
    raise ValueError(f"unknown field kind {f.kind!r}")  # pragma: no cover - specs are static


def _number(f: Field, s: pd.Series, blank: pd.Series, why: pd.Series, decimal: str):
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        num = s.astype("float64")
        bad = ~np.isfinite(num.fillna(0.0))
        why[bad] = "not a finite number"
        exact = None
    else:
        text = _text(s)
        ok = text.str.fullmatch(_NUMBER[decimal]).fillna(False).astype(bool)
        norm = text.str.replace(",", ".", regex=False) if decimal == "," else text
        num = pd.to_numeric(norm.where(ok), errors="coerce").astype("float64")
        bad = ~ok & ~blank
        other = "," if decimal == "." else "."
        has_other = text.str.contains(other, regex=False).fillna(False).astype(bool)
        why[bad & has_other] = (f"a {other!r} in a number: a thousands separator or a decimal mark? "
                                f"Write numbers with {decimal!r} as the decimal mark and no thousands "
                                f"separators, or read the files with --decimal {other}")
        spaced = text.str.contains(r"\d\s+\d", regex=True).fillna(False).astype(bool)
        named = text.str.fullmatch(r"[+-]?(?i:inf|infinity|nan)").fillna(False).astype(bool)
        why[bad & ~has_other] = "not a number"
        why[bad & spaced] = "a space in a number: thousands separators are not read"
        why[bad & named] = "infinity and nan are not values a table may hold"
        inf = ok & ~np.isfinite(num.fillna(0.0))
        bad = bad | inf
        why[inf] = "too large a number"
        exact = norm.where(ok & ~inf)
    if f.kind == "float":
        return num.where(~bad), bad, why
    frac = num.notna() & ~bad & (num != np.round(num))
    bad = bad | frac
    why[frac] = "not a whole number"
    big = num.notna() & ~bad & ((num.abs() >= 2.0 ** 53))
    values = num.where(~bad)
    out = pd.array([pd.NA] * len(s), dtype="Int64")
    small = values.notna() & ~big
    out[small.to_numpy()] = values[small].astype("int64").to_numpy()
    for i in np.flatnonzero(big.to_numpy()):  # beyond float precision: read the digits exactly
        v = _exact_int(exact.iloc[i] if exact is not None else s.iloc[i])
        if v is None or not _INT64[0] <= v <= _INT64[1]:
            bad.iloc[i] = True
            why.iloc[i] = "out of the database's range of whole numbers (64 bits)"
        else:
            out[i] = v
    return pd.Series(out, index=s.index), bad, why


def _exact_int(value) -> int | None:
    from decimal import Decimal, InvalidOperation

    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return int(d) if d.is_finite() and d == d.to_integral_value() else None


def _schema(spec: TableSpec, present: list[str]) -> pa.DataFrameSchema:
    cols = {}
    for f in spec.fields:
        if f.name not in present:
            continue
        checks = []
        if f.choices:
            checks.append(pa.Check.isin(list(f.choices), error=f"one of {' | '.join(map(str, f.choices))}"))
        if f.min is not None and f.max is not None:
            checks.append(pa.Check.in_range(f.min, f.max, error=f"from {f.min:g} to {f.max:g}"))
        elif f.min is not None:
            checks.append(pa.Check.ge(f.min, error=f"≥ {f.min:g}"))
        elif f.max is not None:
            checks.append(pa.Check.le(f.max, error=f"≤ {f.max:g}"))
        cols[f.name] = pa.Column(checks=checks, nullable=not f.required, required=False)
    return pa.DataFrameSchema(cols, unique=list(spec.key), report_duplicates="exclude_first")


def check_table(table: str, frame: pd.DataFrame, *, source: str | None = None,
                row_offset: int = 2, decimal: str = ".") -> tuple[pd.DataFrame, list[Problem]]:
    """Typed copy of ``frame`` and every problem found in it.

    Parameters
    ----------
    table : a table of the contract (``schools``, ``marks`` …).
    frame : the rows, as read from a file or built by hand.
    source : what to call the table in messages (e.g. ``marks.csv``); default ``table``.
    row_offset : the file row of ``frame``'s first row (2 under a header line).
    decimal : the decimal mark of numbers written as text (``.`` or ``,``).
    """
    spec = schemas.get(table)
    name = source or table
    problems: list[Problem] = []
    frame = frame.copy()
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    missing = [c for c in spec.required if c not in frame.columns]
    for c in missing:
        problems.append(Problem(name, None, c, None, f"required column {c!r} is missing",
                                f"the columns of {table} are: {', '.join(spec.columns)}"))
    if missing:
        return frame, problems
    if frame.columns.duplicated().any():
        for c in frame.columns[frame.columns.duplicated()]:
            problems.append(Problem(name, 1, c, None, "column appears twice in the header"))
        return frame, problems

    rows = pd.Series(np.arange(len(frame)) + row_offset, index=frame.index)
    frame = frame.reset_index(drop=True)
    rows = rows.reset_index(drop=True)

    unreadable: dict[str, np.ndarray] = {}  # cells already reported: no follow-on problems
    for f in spec.fields:
        if f.name not in frame.columns:
            frame[f.name] = pd.Series([f.default] * len(frame), dtype=object) if f.default is not None else None
            frame[f.name] = _coerce(f, frame[f.name])[0]
            continue
        typed, bad, why = _coerce(f, frame[f.name], decimal)
        for i in np.flatnonzero(bad.to_numpy())[:_MAX_PER_RULE]:
            reason = why.iloc[i]
            rule = f"not a valid {f.kind}" + (" (YYYY-MM-DD)" if f.kind == "date" else "")
            if f.kind in ("str", "enum"):
                char = re.search(_CONTROL, str(frame[f.name].iloc[i]))
                rule = f"contains a control character (U+{ord(char.group()):04X})" if char else rule
                reason = ""
            problems.append(Problem(name, int(rows[i]), f.name, frame[f.name].iloc[i],
                                    f"{rule}: {reason}" if reason else rule,
                                    f"expected {f.rule()}",
                                    code="type" if f.kind not in ("str", "enum") else "control",
                                    params={"kind": f.kind}))
        _count_rest(problems, int(bad.sum()), name, f.name, "not a valid " + f.kind)
        if bad.any():
            unreadable[f.name] = bad.to_numpy(dtype=bool)
        if f.default is not None:
            typed = typed.where(typed.notna(), f.default) if f.kind != "bool" else typed.fillna(bool(f.default))
        frame[f.name] = typed

    present = [f.name for f in spec.fields]
    with warnings.catch_warnings():
        # pandera warns on some dtype introspection paths of pandas 3; the checks are unaffected
        warnings.simplefilter("ignore", category=FutureWarning)
        try:
            _schema(spec, present).validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            problems.extend(_problems_from_pandera(exc.failure_cases, spec, name, rows, frame,
                                                   unreadable))

    for rc in spec.row_checks:
        ok = rc.fn(frame).fillna(True).astype(bool).to_numpy()
        for c in rc.columns:
            if c in unreadable:
                ok = ok | unreadable[c]
        bad_idx = np.flatnonzero(~ok)
        for i in bad_idx[:_MAX_PER_RULE]:
            problems.append(Problem(name, int(rows[i]), ", ".join(rc.columns),
                                    _cells(frame, rc.columns, i), rc.rule, code="row_rule"))
        _count_rest(problems, len(bad_idx), name, ", ".join(rc.columns), rc.rule)

    frame = frame[spec.columns + [c for c in frame.columns if c not in spec.columns]]
    if not problems:
        frame.attrs[VALIDATED] = table
    # the file row of position i is i + row_offset (an int: attrs must stay cheap to compare)
    frame.attrs["evalnb_row_offset"] = row_offset
    return frame, problems


def _cells(frame, columns, i):
    return {c: (None if pd.isna(frame[c].iloc[i]) else str(frame[c].iloc[i])) for c in columns}


def _count_rest(problems, n_bad, name, column, rule, code=""):
    # the summary line keeps the code of the rows it stands for, so a caller can tell them apart
    if n_bad > _MAX_PER_RULE:
        problems.append(Problem(name, None, column, None,
                                f"… and {n_bad - _MAX_PER_RULE} more rows breaking: {rule}", code=code))


def _problems_from_pandera(fc: pd.DataFrame, spec: TableSpec, name: str, rows: pd.Series,
                           frame: pd.DataFrame, unreadable: dict[str, np.ndarray]) -> list[Problem]:
    out: list[Problem] = []
    if unreadable:
        seen = np.zeros(len(fc), dtype=bool)
        for col, mask in unreadable.items():
            pos = fc["index"].to_numpy()
            hit = (fc["column"].to_numpy() == col) & pd.notna(pos)
            idx = np.where(hit, pos, 0).astype("int64")
            seen |= hit & mask[idx]
        fc = fc[~seen]
    dup = fc["check"].astype(str) == "multiple_fields_uniqueness"
    # pandera reports a duplicated key once per key column: report it once per row
    idx = sorted(set(int(i) for i in fc.loc[dup, "index"].dropna()))
    for i in idx[:_MAX_PER_RULE]:
        out.append(Problem(name, int(rows[i]), ", ".join(spec.key), _cells(frame, spec.key, i),
                           f"duplicate key ({', '.join(spec.key)})",
                           "each key may appear once in a table", code="duplicate"))
    _count_rest(out, len(idx), name, ", ".join(spec.key), "duplicate key", code="duplicate")
    for (column, check), grp in fc[~dup].groupby(["column", "check"], dropna=False, sort=False):
        check = str(check)
        f = spec.field(str(column)) if column in spec.columns else None
        code, params = "", {}
        if check == "not_nullable":
            rule, code = "value is required", "required"
        elif f is not None:
            rule = f"must be {check}" if check not in ("None", "nan") else f.rule()
            if f.choices:
                code, params = "choices", {"choices": " | ".join(map(str, f.choices))}
            elif f.min is not None and f.max is not None:
                code, params = "range", {"min": f"{f.min:g}", "max": f"{f.max:g}"}
            elif f.min is not None:
                code, params = "min", {"min": f"{f.min:g}"}
            elif f.max is not None:
                code, params = "max", {"max": f"{f.max:g}"}
        else:
            rule = check
        grp = grp.sort_values("index")
        for _, r in grp.head(_MAX_PER_RULE).iterrows():
            i = r["index"]
            row = int(rows[int(i)]) if pd.notna(i) else None
            out.append(Problem(name, row, str(column), r["failure_case"], rule,
                               f"expected {f.rule()}" if f is not None else None, code=code, params=params))
        _count_rest(out, len(grp), name, str(column), rule)
    return out


def validate(table: str, frame: pd.DataFrame, *, source: str | None = None,
             row_offset: int = 2) -> pd.DataFrame:
    """The typed frame, or :class:`~evalnb.InputError` listing every problem.

    Examples
    --------
    >>> import pandas as pd
    >>> validate("periods", pd.DataFrame({"period": ["Q1"], "start": ["2019-09-02"],
    ...                                   "end": ["2019-10-27"]}))["end"].dt.day.tolist()
    [27]
    """
    if frame.attrs.get(VALIDATED) == table:
        return frame
    typed, problems = check_table(table, frame, source=source, row_offset=row_offset)
    if problems:
        raise InputError(problems=problems)
    return typed


def ensure(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """What calculators call on their inputs: :func:`validate` with the table's own name."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{table} must be a pandas DataFrame, not {type(frame).__name__}",
                         table=table, rule="a DataFrame with the columns of DATA.md")
    return validate(table, frame)


def check_references(table: str, frame: pd.DataFrame, known: dict[str, pd.Series],
                     *, source: str | None = None, skip=frozenset()) -> list[Problem]:
    """Rows of ``frame`` that refer to an unknown school, student, teacher, course or period.

    ``known`` maps ``"table.column"`` to the values that exist; references to
    a table in ``skip`` are not checked.
    """
    spec = schemas.get(table)
    name = source or table
    offset = frame.attrs.get("evalnb_row_offset", 2)
    problems: list[Problem] = []
    for column, ref_table, ref_col in spec.references:
        if ref_table in skip:
            continue
        values = known.get(f"{ref_table}.{ref_col}")
        if values is None:
            problems.append(Problem(name, None, column, None,
                                    f"refers to {ref_table}.{ref_col}, but there is no {ref_table} table",
                                    f"import {ref_table} first or together"))
            continue
        bad = ~frame[column].isin(pd.Index(values)) & frame[column].notna()
        idx = np.flatnonzero(bad.to_numpy())
        for i in idx[:_MAX_PER_RULE]:
            problems.append(Problem(name, int(i) + offset, column, frame[column].iloc[i],
                                    f"unknown {ref_table[:-1] if ref_table.endswith('s') else ref_table}: "
                                    f"not in {ref_table}.{ref_col}", code="unknown_ref",
                                    params={"table": ref_table}))
        _count_rest(problems, len(idx), name, column, f"unknown value of {ref_table}.{ref_col}")
    return problems
