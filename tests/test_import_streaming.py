"""A region's import: long columns read once per distinct value, rows written a chunk at a time.

What a fast import must not change: every cell is read exactly as the cell
alone would be (the same value, the same unreadable mask and reason), and
the rows in the database are exactly those SQLAlchemy's own insert writes.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb.core import files, schemas, validate
from evalnb.core.store import Store
from evalnb.core.store_read import _records, insert_rows
from evalnb.sample import generate

# cells a file may hold for each kind: good values, blanks, and every sort of unreadable one
_CELLS = {
    "int": ["4", " 5 ", "+3", "-0", "4,5", "4.0", "4.5", "1 000", "inf", "nan", "99999999999999999999",
            "9007199254740993", "", "  ", None, "x"],
    "float": ["4.5", "4,5", ".5", "1e3", "1e999", "NaN", "-inf", "", None, "7", "1 5"],
    "date": ["2019-09-02", " 2019-09-02 ", "2019-09-02 00:00:00", "2019-09-02T00:00", "2019-9-2",
             "2019-09-02 12:00", "1600-01-01", "2300-01-01", "", None, "yesterday"],
    "bool": ["true", "FALSE", " yes ", "да", "是", "0", "1", "maybe", "", None],
    "str": ["Математика", " 数学 ", "a\x07b", "", "   ", None, "x" * 3],
}


def _field(kind: str) -> schemas.Field:
    return schemas.Field("cell", "str" if kind == "str" else kind, required=False)


def _same(a: pd.Series, b: pd.Series) -> None:
    assert a.dtype == b.dtype
    assert list(a.index) == list(b.index)
    assert a.astype(object).where(a.notna(), None).tolist() == b.astype(object).where(b.notna(), None).tolist()


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(sorted(_CELLS)), data=st.data())
def test_a_long_column_reads_as_each_of_its_cells_would(kind, data):
    # at least twice as many cells as the pool has values: the distinct-value path is taken
    cells = data.draw(st.lists(st.sampled_from(_CELLS[kind]), min_size=2 * len(_CELLS[kind]) + 1,
                               max_size=80))
    s = pd.Series(cells, dtype=object, index=pd.RangeIndex(3, 3 + len(cells)))
    f = _field(kind)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(validate, "_FACTORIZE_ROWS", 8)
        fast = validate._coerce(f, s)
    slow = validate._coerce_cells(f, s)
    for a, b in zip(fast, slow, strict=True):
        _same(a, b)


def test_a_long_column_with_bad_cells_names_the_same_rows_and_values(monkeypatch):
    frame = pd.DataFrame({"period": ["P1", "P2"] * 6, "start": ["2019-09-02", "02.09.2019"] * 6,
                          "end": ["2019-10-27"] * 12})
    monkeypatch.setattr(validate, "_FACTORIZE_ROWS", 10 ** 9)
    _, slow = validate.check_table("periods", frame)
    monkeypatch.setattr(validate, "_FACTORIZE_ROWS", 4)
    _, fast = validate.check_table("periods", frame)
    assert [(p.row, p.column, p.value, p.rule) for p in fast] == \
        [(p.row, p.column, p.value, p.rule) for p in slow]
    assert [p.row for p in fast if p.column == "start"][:3] == [3, 5, 7]


@pytest.fixture(scope="module")
def sample_tables() -> dict[str, pd.DataFrame]:
    return generate(0)


def _stored(store: Store, table: str) -> list[tuple]:
    """The rows as the database holds them (SQLite: with each value's storage class)."""
    t = store.metadata.tables[table]
    cols = [c.name for c in t.columns]
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            sel = ", ".join(f"quote({c}), typeof({c})" for c in cols)
            return [tuple(r) for r in conn.exec_driver_sql(f"SELECT {sel} FROM {table} ORDER BY rowid")]
        return [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]


@pytest.mark.parametrize("table", ["schools", "marks", "external", "antirisk_measures", "courses",
                                   "community_students", "participation"])
def test_rows_written_in_chunks_are_those_sqlalchemy_writes(db_url, tmp_path, sample_tables, table):
    """Every kind of column (text, whole numbers, numbers, flags, dates, missing values), across
    chunk boundaries, reads back from the database exactly as SQLAlchemy's own insert stores it."""
    spec = schemas.get(table)
    frame = validate.validate(table, sample_tables[table].head(500))
    chunked = Store(db_url)
    with chunked.engine.begin() as conn:
        assert insert_rows(conn, chunked.metadata.tables[table], frame, spec, chunk=7) == len(frame)
    # the reference: SQLAlchemy's insert of the same rows as dicts, into a second database
    reference = Store(f"sqlite:///{tmp_path / 'reference.sqlite'}")
    with reference.engine.begin() as conn:
        conn.execute(reference.metadata.tables[table].insert(), _records(frame, spec))
    if chunked.engine.dialect.name == "sqlite":
        assert _stored(chunked, table) == _stored(reference, table)
    pd.testing.assert_frame_equal(chunked.read(table).sort_values(list(spec.key)).reset_index(drop=True),
                                  reference.read(table).sort_values(list(spec.key)).reset_index(drop=True))
    assert len(chunked.read(table)) == len(frame)


def test_a_large_utf8_file_is_parsed_from_its_bytes_as_from_its_text(tmp_path):
    """A UTF-8 file with a BOM, semicolons, CRLF and Cyrillic, longer than the part the delimiter is
    told from, reads as the decoded text would; a cp1251 file still reads as before."""
    rows = [f"S{i:06d};Математика;2019-2020 Q{i % 4 + 1};{i % 5 + 1};" for i in range(6000)]
    text = "student_id;subject;period;mark;status\r\n" + "\r\n".join(rows) + "\r\n"
    assert len(text) > files._SNIFF_CHARS
    path = tmp_path / "marks.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    frame, fmt = files.read_csv(path, schemas.get("marks").columns)
    expected = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(frame, expected)
    assert (fmt.encoding, fmt.delimiter, fmt.newline) == ("utf-8-sig", ";", "CRLF")
    assert frame["subject"].iloc[-1] == "Математика" and frame["status"].isna().all()
    path.write_bytes(text.encode("cp1251"))
    frame, fmt = files.read_csv(path, schemas.get("marks").columns, files.ReadOptions(encoding="cp1251"))
    pd.testing.assert_frame_equal(frame, expected)
    assert fmt.encoding == "cp1251"


def test_the_delimiter_is_told_from_whole_lines():
    short = "a;b\r\n1;2\r\n"
    assert files._head(short) == short
    long_text = "a;b\n" + "1;2\n" * files._SNIFF_CHARS
    head = files._head(long_text)
    assert len(head) <= files._SNIFF_CHARS and head.split("\n")[-1] == "1;2"
    assert files.sniff_delimiter(None, head, ["a", "b"]) == ";"
