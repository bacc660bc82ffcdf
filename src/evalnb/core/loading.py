"""Reading the CSV / XLSX files people already have, and validating a whole dataset.

A dataset folder holds ``TABLE.csv`` or ``TABLE.xlsx`` files (an XLSX sheet is
named after its table, so one workbook may carry several tables).  CSV files
are UTF-8, with or without a BOM.  Every cell is read as text and typed by
:mod:`evalnb.core.validate`, so identifiers keep their leading zeros.

:func:`load_folder` returns the typed frames and *every* problem of the
folder at once — what ``evalnb validate`` prints — including references to a
school, student, teacher, course or period that is in neither the folder nor
the database being imported into.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

import pandas as pd

from ..errors import InputError, Problem
from . import schemas
from .validate import check_references, check_table

SUFFIXES = (".csv", ".xlsx")


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path.name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line})",
            table=path.name, row=line, value=f"0x{raw[exc.start]:02x}",
            rule="CSV files must be UTF-8 encoded",
            hint="in Excel: Save As → 'CSV UTF-8'; or convert from cp1251 / GBK with iconv",
        ) from None


def read_csv(path: Path, table: str | None = None) -> pd.DataFrame:
    """The rows of a CSV file, every cell as text (empty cells as missing)."""
    path = Path(path)
    raw = path.read_bytes()
    text = _decode(path, raw)
    if not text.strip():
        raise InputError(f"{path.name} is empty", table=path.name,
                         rule="file is empty: a table file needs at least a header line",
                         hint=f"the columns of {table}: {', '.join(schemas.get(table).columns)}"
                         if table else None)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                           skipinitialspace=False)
    except pd.errors.ParserError as exc:
        raise InputError(f"{path.name} is not a well-formed CSV file: {exc}", table=path.name,
                         rule="comma-separated values with one header line") from None


def read_xlsx(path: Path, sheet: str) -> pd.DataFrame:
    """The rows of one sheet of a workbook, every cell as text."""
    path = Path(path)
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(f"{path.name} cannot be opened as an XLSX workbook: {exc}",
                         table=path.name, rule="an Excel .xlsx workbook") from None
    with book:
        if sheet not in book.sheet_names:
            raise InputError(f"{path.name} has no sheet named {sheet!r}", table=path.name,
                             value=", ".join(book.sheet_names),
                             rule="XLSX sheets are named after the table",
                             hint=f"rename the sheet to {sheet!r}")
        frame = pd.read_excel(book, sheet_name=sheet, dtype=str, keep_default_na=False, na_values=[""])
    if frame.columns.empty:
        raise InputError(f"sheet {sheet!r} of {path.name} is empty", table=f"{path.name}:{sheet}",
                         rule="a table sheet needs at least a header line")
    return frame


def find_tables(folder: Path) -> tuple[dict[str, tuple[Path, str | None]], list[Problem]]:
    """``{table: (file, sheet or None)}`` found in ``folder``, and files that are no table."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"not a folder: {folder}", table=str(folder),
                         rule="a folder of TABLE.csv / TABLE.xlsx files")
    found: dict[str, tuple[Path, str | None]] = {}
    problems: list[Problem] = []
    known = set(schemas.names())
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or path.suffix.lower() not in SUFFIXES:
            continue
        if path.suffix.lower() == ".csv":
            entries = [(path.stem, None)]
        else:
            try:
                with pd.ExcelFile(path, engine="openpyxl") as book:
                    sheets = book.sheet_names
            except Exception as exc:
                problems.append(Problem(path.name, None, None, None,
                                        f"cannot be opened as an XLSX workbook: {exc}"))
                continue
            entries = [(s, s) for s in sheets if s in known]
            if path.stem in known and path.stem not in sheets:
                problems.append(Problem(path.name, None, None, ", ".join(sheets),
                                        f"has no sheet named {path.stem!r}",
                                        "XLSX sheets are named after the table"))
            elif not entries:
                problems.append(Problem(path.name, None, None, ", ".join(sheets),
                                        "no sheet is named after a table",
                                        f"known tables: {', '.join(sorted(known))}"))
        for table, sheet in entries:
            if table not in known:
                problems.append(Problem(path.name, None, None, None,
                                        f"{table!r} is not a table of the data contract",
                                        f"known tables: {', '.join(sorted(known))}; "
                                        "move other files out of the data folder"))
                continue
            if table in found:
                problems.append(Problem(path.name, None, None, None,
                                        f"table {table} is also in {found[table][0].name}",
                                        "keep one file per table"))
                continue
            found[table] = (path, sheet)
    return found, problems


def load_folder(folder: Path, existing: Callable[[str, str], pd.Series | None] | None = None,
                ) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Typed frames of every table in ``folder`` and every problem found.

    Parameters
    ----------
    folder : the dataset folder.
    existing : ``existing(table, column)`` gives the values already in the
        database for tables the folder does not bring (for references).
    """
    found, problems = find_tables(folder)
    frames: dict[str, pd.DataFrame] = {}
    for table in schemas.names():
        if table not in found:
            continue
        path, sheet = found[table]
        source = path.name if sheet is None else f"{path.name}:{sheet}"
        try:
            raw = read_csv(path, table) if sheet is None else read_xlsx(path, sheet)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        typed, table_problems = check_table(table, raw, source=source)
        problems.extend(table_problems)
        if all(c in typed.columns for c in schemas.get(table).columns):
            # typed as far as it goes: its references are checked too, so that
            # one run of `evalnb validate` reports every problem
            frames[table] = typed
    problems.extend(check_dataset(frames, existing, sources={
        t: (p.name if s is None else f"{p.name}:{s}") for t, (p, s) in found.items()}))
    return frames, problems


def known_values(frames: dict[str, pd.DataFrame],
                 existing: Callable[[str, str], pd.Series | None] | None) -> dict[str, pd.Series]:
    known: dict[str, pd.Series] = {}
    for table in schemas.names():
        for _, ref_table, ref_col in schemas.get(table).references:
            k = f"{ref_table}.{ref_col}"
            if k in known:
                continue
            if ref_table in frames:
                known[k] = frames[ref_table][ref_col]
            elif existing is not None:
                values = existing(ref_table, ref_col)
                if values is not None:
                    known[k] = values
    return known


def check_dataset(frames: dict[str, pd.DataFrame],
                  existing: Callable[[str, str], pd.Series | None] | None = None,
                  sources: dict[str, str] | None = None,
                  read: Callable[[str, str, list], pd.DataFrame | None] | None = None) -> list[Problem]:
    """References between tables, and the rules that span two tables.

    The rules across tables are the tables' own (``TableSpec.dataset_checks``,
    declared by their domain); ``read(table, column, values)`` gives rows of a
    table the frames do not bring (e.g. from the database), else None.
    """
    sources = sources or {}
    known = known_values(frames, existing)
    problems: list[Problem] = []
    for table, frame in frames.items():
        problems.extend(check_references(table, frame, known, source=sources.get(table)))

    def rows_of(table: str, column: str, values: list) -> pd.DataFrame | None:
        if table in frames:
            return frames[table]
        return read(table, column, values) if read is not None else None

    for table, frame in frames.items():
        for check in schemas.get(table).dataset_checks:
            problems.extend(check.fn(frame, rows_of, sources.get(table) or table))
    return problems


def validate_folder(folder: Path, existing=None) -> list[Problem]:
    """Every problem of a dataset folder (empty list: the folder is fine)."""
    return load_folder(folder, existing)[1]
