"""Fuzz: generated CSV / XLSX tables fed to ``evalnb validate`` and ``evalnb import``.

Wrong types, control characters, huge numbers, odd encodings and delimiters,
ragged rows, unknown or mistyped headers, empty and header-only files.
Whatever the file, each command exits 0 or 2 (an exception escaping
``evalnb.cli.main`` fails the test with its traceback), and an import that
exits 2 leaves the database exactly as it was.  Examples are bounded and
derandomized, so the test is the same in every CI run.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalnb.cli import main
from evalnb.core import schemas
from evalnb.core.store import Store

from evalnb_testing import make

TABLES = ("schools", "students", "periods", "marks", "external")
ODD = ["", " ", "99999999999999999999999", "-9223372036854775809", "inf", "-Infinity", "nan", "NaN",
       "4,697", "4.697", "1 000", "1e999", "1e-999", "0x10", "+5", "5.0", "-0", "2019-09-02garbage",
       "2019-02-30", "2019-09-02 00:00:00", "02.09.2019", "true", "да", "否", "x", "S1", "001",
       "2019-2020 Q1", "Математика", "general", "学校", "\x00", "a\x00b", "\x1b[31m", "\x7f", "\u2028",
       "\ufeff", '"', "a,b", "a;b", "a\tb", "line\nbreak", "=1+1", "'); DROP TABLE marks; --"]


def _cell(kind: str):
    valid = {"str": st.sampled_from(["S1", "S2", "001", "Школа", "学校", "2019-2020 Q1", "Математика"]),
             "enum": st.sampled_from(["general", "vocational", "ru", "zh", "na", "achieved"]),
             "int": st.integers(-3, 12).map(str), "float": st.floats(-1, 1e6, allow_nan=False).map(repr),
             "bool": st.sampled_from(["true", "false", "1", "0", "да", "нет", ""]),
             "date": st.dates().map(str)}[kind]
    return st.one_of(valid, st.sampled_from(ODD), st.text(max_size=6),
                     st.integers(-2 ** 70, 2 ** 70).map(str))


def _valid_row(table: str, i: int) -> dict[str, str]:
    """Row ``i`` of a table that fits the small dataset (its references exist)."""
    return {
        "schools": lambda: {"school_id": ["001", "002"][i] if i < 2 else f"1{i:02d}", "name": f"Школа {i}",
                            "municipality": "Армавир", "kind": "general", "language": "ru"},
        "students": lambda: {"student_id": f"S{i + 1}", "school_id": "001", "grade": str(i % 11 + 1)},
        "periods": lambda: {"period": "2019-2020 Q1" if i == 0 else f"P{i}", "start": "2019-09-02",
                            "end": "2019-10-27"},
        "marks": lambda: {"student_id": "S1", "subject": f"Предмет {i}", "period": "2019-2020 Q1",
                          "mark": str(i % 5 + 1)},
        "external": lambda: {"student_id": "S2", "subject": "Математика", "procedure": f"ВПР {i}",
                             "date": "2019-09-02", "mark": str(i % 4 + 2), "score": "3.5", "max_score": "10"},
    }[table]()


@st.composite
def table_file(draw):
    table = draw(st.sampled_from(TABLES))
    spec = schemas.get(table)
    kinds = {f.name: f.kind for f in spec.fields}
    mode = draw(st.sampled_from(["valid", "mutated", "wild"]))
    if mode == "wild":
        columns = draw(st.permutations(spec.columns))
        columns = columns[: draw(st.integers(0, len(columns)))] if draw(st.booleans()) else columns
        columns = [draw(st.sampled_from([c, c, c, c.upper(), c.title(), c + " ", f"{c}_x"])) for c in columns]
        if draw(st.booleans()):
            columns.append(draw(st.sampled_from(["", "extra", "Unnamed: 9", "\x00"])))
        rows = []
        for _ in range(draw(st.integers(0, 5))):
            row = [draw(_cell(kinds.get(c.strip().lower(), "str"))) for c in columns]
            ragged = draw(st.integers(-1, 1))
            rows.append(row[:ragged] if ragged < 0 else row + ["x"] * ragged)
    else:
        columns = list(_valid_row(table, 0))
        rows = [[_valid_row(table, i)[c] for c in columns] for i in range(draw(st.integers(1, 6)))]
        if mode == "mutated":
            r, c = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(columns) - 1))
            rows[r][c] = draw(_cell(kinds[columns[c]]))
    layout = draw(st.sampled_from(["csv", "csv", "csv", "xlsx", "empty", "bytes"]))
    if layout == "empty":
        return table, "csv", b""
    if layout == "bytes":
        return table, "csv", draw(st.binary(max_size=200))
    if layout == "xlsx":
        return table, "xlsx", _xlsx(table, columns, rows)
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "gb18030", "latin-1"]))
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows([columns, *rows])
    return table, "csv", buf.getvalue().encode(encoding, errors="replace")


def _xlsx(table, columns, rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    sheet.title = table
    for row in [columns, *rows]:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A database holding the small hand-made dataset."""
    folder = tmp_path_factory.mktemp("base")
    path = folder / "db.sqlite"
    with Store(path) as s:
        s.import_folder(make(folder))
    return path


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _cli(*args) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, err.getvalue()


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(file=table_file())
def test_any_table_file_exits_0_or_2_and_a_refused_import_changes_nothing(pristine, file):
    table, suffix, raw = file
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "db.sqlite"
        shutil.copy(pristine, db)
        folder = tmp / "data"
        folder.mkdir()
        (folder / f"{table}.{suffix}").write_bytes(raw)
        before = _dump(db)

        code, err = _cli("validate", folder)
        assert code in (0, 2) and "Traceback" not in err
        code, err = _cli("validate", folder, "--db", db)
        assert code in (0, 2) and "Traceback" not in err
        assert _dump(db) == before  # validate never writes

        code, err = _cli("import", folder, "--db", db)
        assert code in (0, 2) and "Traceback" not in err
        if code == 2:
            assert err.startswith("evalnb: ")
            assert _dump(db) == before
        else:
            with Store(db, readonly=True) as s:
                assert s.revision() == 2
