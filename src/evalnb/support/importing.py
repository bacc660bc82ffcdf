"""A roadmap as regions publish it: CSV, XLSX or the DOCX table of the order itself.

The table has the six columns of the Kaluga order of 02.02.2022 № 180 (appendix):
«№ п/п | Задачи | Сроки реализации | Исполнители | Показатель реализации |
Информационное сопровождение проекта», often followed by a row numbering the
columns «1 2 3 4 5 6», repeated at the top of every page.  A row that runs onto
the next page continues in a row whose «№ п/п» is empty; its cells are joined
to the row above.  Headers may also be the contract's column names
(``task_no``, ``task``, ``period_text``, ``executors``, ``indicator``, ``info``).

Every period text is read by :func:`~evalnb.support.parse_period`: a text it
cannot read is an :class:`~evalnb.InputError` naming the row, the task and the
text — a task is never dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..core.loading import read_csv, read_xlsx
from ..errors import InputError
from ._inputs import clean_task_no, roadmap_frame
from .roadmap import roadmap_ranges

COLUMNS = ("task_no", "task", "period_text", "executors", "indicator", "info")
#: The order's column headers (normalised: lower case, letters only) and the contract's names.
HEADERS = {
    "ппп": "task_no", "п/п": "task_no", "№": "task_no", "№пп": "task_no", "номер": "task_no",
    "задачи": "task", "задача": "task", "мероприятие": "task", "мероприятия": "task",
    "срокиреализации": "period_text", "срокреализации": "period_text", "сроки": "period_text",
    "срок": "period_text",
    "исполнители": "executors", "исполнитель": "executors", "ответственные": "executors",
    "показательреализации": "indicator", "показатель": "indicator",
    "показателиреализации": "indicator",
    "информационноесопровождениепроекта": "info", "информационноесопровождение": "info",
}
_TAG = re.compile(r"<[^>]+>")


def _key(text) -> str:
    return re.sub(r"[^a-zа-яё_/]", "", str(text).lower())


def _column_of(header) -> str | None:
    key = _key(header)
    if key in COLUMNS or key == "year":
        return key
    if key.replace("/", "") in HEADERS:
        return HEADERS[key.replace("/", "")]
    return HEADERS.get(key)


def _clean(text) -> str | None:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    text = _TAG.sub(" ", str(text)).replace("\xa0", " ")
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def rows_to_roadmap(header: list, rows: list[list], *, source: str, first_row: int = 2,
                    year: int | None = None) -> pd.DataFrame:
    """The roadmap from a header and rows of cells (continuation rows joined).

    ``first_row`` is the file row (or table row) of ``rows[0]``, for messages.
    """
    names = [_column_of(h) for h in header]
    missing = [c for c in ("task_no", "task", "period_text", "executors", "indicator") if c not in names]
    if missing:
        raise InputError(f"{source}: the roadmap table lacks the column(s) {', '.join(missing)}",
                         table=source, row=1, column=missing[0], value=" | ".join(map(str, header)),
                         rule="a roadmap has the columns «№ п/п | Задачи | Сроки реализации | "
                              "Исполнители | Показатель реализации | Информационное сопровождение "
                              "проекта»")
    out: list[dict] = []
    where: list[int] = []
    for k, cells in enumerate(rows):
        cells = [_clean(c) for c in cells] + [None] * max(0, len(names) - len(cells))
        values = {n: c for n, c in zip(names, cells) if n is not None}
        if all(v is None for v in values.values()):
            continue
        filled = [c for c in cells if c is not None]
        if len(filled) >= 3 and filled == [str(i) for i in range(1, len(filled) + 1)]:
            continue  # the row numbering the columns «1 2 3 4 5 6», repeated on every page
        if sum(_column_of(c) is not None for c in filled) >= 4:
            continue  # the header repeated on a new page
        if values.get("task_no") is None:
            if not out:
                raise InputError(f"{source}: a row continues a task, but no task comes before it",
                                 table=source, row=first_row + k, column="task_no", value=None,
                                 rule="every row of the roadmap begins a task or continues the one above")
            prev = out[-1]
            for n, v in values.items():
                if v is not None:
                    prev[n] = v if prev.get(n) is None else f"{prev[n]} {v}"
            continue
        out.append(dict(values))
        where.append(first_row + k)
    frame = pd.DataFrame(out, columns=[c for c in COLUMNS + ("year",) if c in names])
    if "info" not in frame:
        frame["info"] = None
    if year is not None and "year" not in frame:
        frame["year"] = year
    frame["task_no"] = clean_task_no(frame["task_no"])
    frame.attrs["evalnb_rows"] = where
    return _checked(frame, source, where)


def _checked(frame: pd.DataFrame, source: str, where: list[int]) -> pd.DataFrame:
    """The typed roadmap with every period read; errors name the file's rows."""
    from ..core.validate import check_table

    typed, problems = check_table("roadmap", frame, source=source)
    problems = [_at_row(p, where) for p in problems]
    if problems:
        raise InputError(problems=problems)
    try:
        roadmap_ranges(typed)
    except InputError as exc:
        raise InputError(problems=[_at_row(p, where, source) for p in exc.problems]) from None
    return roadmap_frame(typed)


def _at_row(problem, where: list[int], source: str | None = None):
    """A problem found at frame row ``r`` (numbered from 2) moved to the file's row."""
    from dataclasses import replace

    row = problem.row
    if row is not None and 0 <= row - 2 < len(where):
        row = where[row - 2]
    return replace(problem, row=row, table=source or problem.table)


def read_roadmap(path, *, year: int | None = None, sheet: str | None = None) -> pd.DataFrame:
    """Read a roadmap as published: ``.csv``, ``.xlsx`` or ``.docx`` (the order's table).

    Parameters
    ----------
    path : the file.
    year : the year of month names written without one (``roadmap.year``).
    sheet : the XLSX sheet (default: ``roadmap`` if there is one, else the first).

    Returns
    -------
    DataFrame: the ``roadmap`` table, typed and checked, every period readable.

    Raises
    ------
    InputError
        A missing column, a task number that is not a number, a period text that
        cannot be read (naming the row, the task and the text).

    Reference: Kaluga order of 02.02.2022 № 180, appendix (the roadmap's table).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"file not found: {path}", table=str(path), rule="a roadmap file")
    if suffix == ".docx":
        return read_roadmap_docx(path, year=year)
    if suffix == ".csv":
        frame = read_csv(path, "roadmap")
    elif suffix == ".xlsx":
        if sheet is None:
            with pd.ExcelFile(path, engine="openpyxl") as book:
                sheet = "roadmap" if "roadmap" in book.sheet_names else book.sheet_names[0]
        frame = read_xlsx(path, sheet)
    else:
        raise InputError(f"{path.name}: a roadmap is read from .csv, .xlsx or .docx",
                         table=path.name, value=suffix, rule="file type .csv | .xlsx | .docx")
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    return rows_to_roadmap(list(frame.columns), rows, source=path.name, year=year)


def docx_rows(path) -> list[list[str]]:
    """Every row of every table of a DOCX file, as cell texts (merged cells once)."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged file
        raise InputError(f"{Path(path).name} cannot be opened as a DOCX document: {exc}",
                         table=Path(path).name, rule="a Word .docx document") from None
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells, seen = [], None
            for cell in row.cells:
                if seen is not None and cell._tc is seen:
                    continue  # a horizontally merged cell is listed once per grid column
                seen = cell._tc
                cells.append("\n".join(p.text for p in cell.paragraphs))
            rows.append(cells)
    return rows


def read_roadmap_docx(path, *, year: int | None = None) -> pd.DataFrame:
    """The roadmap table of an order in DOCX (rows continued across pages joined)."""
    path = Path(path)
    rows = docx_rows(path)
    for i, cells in enumerate(rows):
        if sum(_column_of(c) is not None for c in cells) >= 4:
            return rows_to_roadmap(cells, rows[i + 1:], source=path.name, first_row=i + 2, year=year)
    raise InputError(f"{path.name}: no table with the roadmap's columns", table=path.name,
                     rule="a table headed «№ п/п | Задачи | Сроки реализации | Исполнители | "
                          "Показатель реализации | Информационное сопровождение проекта»")


__all__ = ["COLUMNS", "docx_rows", "read_roadmap", "read_roadmap_docx", "rows_to_roadmap"]
