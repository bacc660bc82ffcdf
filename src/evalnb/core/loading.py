"""Reading the CSV / XLSX files people already have, and validating a whole dataset.

A dataset folder holds ``TABLE.csv`` or ``TABLE.xlsx`` files (an XLSX sheet is
named after its table, so one workbook may carry several tables).  CSV files
are read as Excel saves them (:mod:`evalnb.core.files`: encoding and
delimiter detected, regular files of a bounded size only).  Every cell is read
as text and typed by :mod:`evalnb.core.validate`, so identifiers keep their
leading zeros; a column the table does not have is an error naming the
closest known column (a mistyped header must not drop its values).

:func:`read_folder` returns the typed frames and *every* problem of the
folder at once — what ``evalnb validate`` prints — including references to a
school, student, teacher, course or period that is in neither the folder nor
the database being imported into.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import pandas as pd

from ..errors import InputError, Problem
from . import files, schemas
from .files import FileFormat, ReadOptions
from .validate import check_references, check_table

SUFFIXES = (".csv", ".xlsx")


def read_csv(path: Path, table: str | None = None, options: ReadOptions | None = None) -> pd.DataFrame:
    """The rows of a CSV file, every cell as text (empty cells as missing); see :mod:`.files`."""
    columns = schemas.get(table).columns if table else []
    return files.read_csv(Path(path), columns, options)[0]


def read_xlsx(path: Path, sheet: str, options: ReadOptions | None = None) -> pd.DataFrame:
    """The rows of one sheet of a workbook, every cell as text."""
    path = Path(path)
    files.check_regular(path, options or ReadOptions())
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise InputError(table=path.name, rule=f"cannot be opened as an XLSX workbook: {exc}") from None
    with book:
        if sheet not in book.sheet_names:
            raise InputError(table=path.name, value=", ".join(book.sheet_names),
                             rule=f"has no sheet named {sheet!r}: XLSX sheets are named after the table",
                             hint=f"rename the sheet to {sheet!r}")
        try:
            frame = pd.read_excel(book, sheet_name=sheet, dtype=str, keep_default_na=False, na_values=[""])
        except Exception as exc:  # noqa: BLE001 - a damaged sheet
            raise InputError(table=f"{path.name}:{sheet}", rule=f"the sheet cannot be read: {exc}") from None
    if frame.columns.empty:
        raise InputError(table=f"{path.name}:{sheet}", rule="the sheet is empty: a table sheet needs "
                         "at least a header line")
    return frame


def find_tables(folder: Path, options: ReadOptions | None = None,
                ) -> tuple[dict[str, tuple[Path, str | None]], list[Problem]]:
    """``{table: (file, sheet or None)}`` found in ``folder``, and files that are no table."""
    options = options or ReadOptions()
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"not a folder: {folder}", table=str(folder),
                         rule="a folder of TABLE.csv / TABLE.xlsx files")
    found: dict[str, tuple[Path, str | None]] = {}
    problems: list[Problem] = []
    known = set(schemas.names())
    try:
        paths = sorted(folder.iterdir())
    except OSError as exc:
        raise InputError(table=str(folder), rule=f"the folder cannot be read: {exc.strerror}") from None
    for path in paths:
        if path.name.startswith((".", "~$")) or path.suffix.lower() not in SUFFIXES:
            continue
        try:
            files.check_regular(path, options)
        except InputError as exc:
            problems.extend(exc.problems)
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


@dataclass
class Loaded:
    """What :func:`read_folder` found: typed ``frames``, every problem, and notes.

    ``sources`` names each table's file (``marks.csv``, ``book.xlsx:marks``);
    ``formats`` says what was detected in it; ``notes`` are things worth
    saying that are no problem (references left unchecked).
    """

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    formats: dict[str, FileFormat] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def unknown_columns(table: str, frame: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Columns of a file that ``table`` does not have, each with the closest known name.

    A column with no header and no value (a trailing delimiter) is dropped.
    """
    spec = schemas.get(table)
    problems = []
    keep = []
    lower = {c.lower(): c for c in spec.columns}
    for i, col in enumerate(frame.columns):
        name = str(col).strip().lstrip("\ufeff")
        if name in spec.columns:
            keep.append(col)
            continue
        if name.startswith("Unnamed: "):
            if frame[col].isna().all():
                continue
            problems.append(Problem(source, 1, f"#{i + 1}", None, "a column without a header holds values",
                                    f"name it after a column of {table}: {', '.join(spec.columns)}"))
            continue
        close = difflib.get_close_matches(name.lower(), list(lower), n=1, cutoff=0.6)
        hint = (f"did you mean {lower[close[0]]!r}?" if close else
                f"the columns of {table} are: {', '.join(spec.columns)}")
        problems.append(Problem(source, 1, name, None, f"unknown column {name!r}: {table} has no such column",
                                hint, code="unknown_column"))
    return frame[keep], problems


def read_folder(folder: Path, existing: Callable[[str, str], pd.Series | None] | None = None,
                options: ReadOptions | None = None, partial: bool = False) -> Loaded:
    """Typed frames of every table in ``folder``, every problem found, and what was detected.

    Parameters
    ----------
    folder : the dataset folder.
    existing : ``existing(table, column)`` gives the values already in the
        database for tables the folder does not bring (for references).
    options : how files are read (decimal mark, encoding, size limit).
    partial : references to a table in neither the folder nor ``existing``
        are left unchecked (with a note) instead of being a problem — what
        ``evalnb validate`` of a part of a dataset without ``--db`` does.
    """
    options = options or ReadOptions()
    found, problems = find_tables(folder, options)
    out = Loaded(problems=problems)
    unreadable: set[str] = set()
    raws: dict[str, pd.DataFrame] = {}
    deferred: dict[str, files.AmbiguousEncoding] = {}

    def read(table: str, opts: ReadOptions) -> None:
        path, sheet = found[table]
        try:
            if sheet is None:
                raws[table], out.formats[table] = files.read_csv(path, schemas.get(table).columns, opts)
            else:
                raws[table], out.formats[table] = read_xlsx(path, sheet, opts), FileFormat()
        except files.AmbiguousEncoding as exc:
            deferred[table] = exc
        except InputError as exc:
            out.problems.extend(exc.problems)
            unreadable.add(table)  # its problem is said: no follow-on "there is no table"

    for table in schemas.names():
        if table in found:
            path, sheet = found[table]
            out.sources[table] = path.name if sheet is None else f"{path.name}:{sheet}"
            read(table, options)
    # a file that reads as well in two encodings is read in the one the folder's other files have
    decided = {f.encoding for f in out.formats.values() if f.encoding in ("cp1251", "gb18030")}
    for table, exc in list(deferred.items()):
        del deferred[table]
        pick = [c for c in exc.choices if c in decided]
        if len(pick) == 1:
            read(table, replace(options, encoding=pick[0]))
            if table in raws:
                continue
        deferred.pop(table, None)
        out.problems.extend(exc.problems)
        unreadable.add(table)
    for table in schemas.names():
        if table not in raws:
            continue
        source = out.sources[table]
        # the text cells go as soon as the table is typed: one table's both forms at a time
        raw, col_problems = unknown_columns(table, raws.pop(table), source)
        out.problems.extend(col_problems)
        typed, table_problems = check_table(table, raw, source=source, decimal=options.decimal)
        out.problems.extend(table_problems)
        if all(c in typed.columns for c in schemas.get(table).columns):
            # typed as far as it goes: its references are checked too, so that
            # one run of `evalnb validate` reports every problem
            out.frames[table] = typed
    unchecked = set(unreadable)
    if partial:
        known = known_values(out.frames, existing)
        for table in out.frames:
            for column, ref_table, ref_col in schemas.get(table).references:
                if f"{ref_table}.{ref_col}" not in known:
                    unchecked.add(ref_table)
                    out.notes.append(f"{out.sources[table]}: {column} not checked against {ref_table} "
                                     f"(not in the folder; pass --db to check it against a database)")
    out.problems.extend(check_dataset(out.frames, existing, sources=out.sources, skip=unchecked))
    return out


def load_folder(folder: Path, existing: Callable[[str, str], pd.Series | None] | None = None,
                options: ReadOptions | None = None) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Typed frames of every table in ``folder`` and every problem found (see :func:`read_folder`)."""
    loaded = read_folder(folder, existing, options)
    return loaded.frames, loaded.problems


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
                  read: Callable[[str, str, list], pd.DataFrame | None] | None = None,
                  skip: set[str] | frozenset = frozenset()) -> list[Problem]:
    """References between tables, and the rules that span two tables.

    The rules across tables are the tables' own (``TableSpec.dataset_checks``,
    declared by their domain); ``read(table, column, values)`` gives rows of a
    table the frames do not bring (e.g. from the database), else None.
    References to a table in ``skip`` are not checked.
    """
    sources = sources or {}
    known = known_values(frames, existing)
    problems: list[Problem] = []
    for table, frame in frames.items():
        problems.extend(check_references(table, frame, known, source=sources.get(table), skip=skip))

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
