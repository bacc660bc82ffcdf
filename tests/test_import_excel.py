"""Files as Excel saves them (encodings, delimiters, line ends), and files that are no table file.

The committed sample, saved as Russian Excel (cp1251, ``;``, CRLF, decimal
commas) and as Chinese Excel (GBK), imports with the same rows as the UTF-8
originals.
"""

from __future__ import annotations

import os
import threading

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.cli import main
from evalnb.core import schemas
from evalnb.core.files import ReadOptions, read_csv
from evalnb.core.loading import load_folder, read_folder
from evalnb.core.store import Store

from evalnb_testing import MARKS, PERIODS, SAMPLE, SCHOOLS, STUDENTS, make

RU_SCHOOLS = SCHOOLS.replace("学校", "Лицей").replace("南宁市", "Армавир")


def excel(text: str, encoding: str, delimiter: str = ",", newline: str = "\r\n", bom: bytes = b"") -> bytes:
    """``text`` (comma-separated, no commas inside cells) as Excel would save it."""
    return bom + text.replace(",", delimiter).replace("\n", newline).encode(encoding)


def write_folder(folder, tables: dict[str, bytes]):
    folder.mkdir()
    for name, raw in tables.items():
        (folder / f"{name}.csv").write_bytes(raw)
    return folder


@pytest.mark.parametrize("encoding,delimiter,bom,shown", [
    ("cp1251", ";", b"", "cp1251 (Windows Cyrillic), semicolon-separated, CRLF line ends"),
    ("gbk", ",", b"", "GB18030 (GBK), comma-separated, CRLF line ends"),
    ("gb18030", "\t", b"", "GB18030 (GBK), tab-separated, CRLF line ends"),
    ("utf-8", ";", b"\xef\xbb\xbf", "UTF-8 with BOM, semicolon-separated, CRLF line ends"),
    ("utf-16-le", "\t", b"\xff\xfe", "UTF-16, tab-separated, CRLF line ends"),
    ("utf-16-le", "\t", b"", "UTF-16, tab-separated, CRLF line ends"),
    ("utf-16-be", ",", b"\xfe\xff", "UTF-16, comma-separated, CRLF line ends"),
])
def test_excel_csv_reads_as_the_utf8_original(tmp_path, capsys, encoding, delimiter, bom, shown):
    texts = {"schools": RU_SCHOOLS if encoding == "cp1251" else SCHOOLS, "students": STUDENTS,
             "periods": PERIODS, "marks": MARKS}
    original = load_folder(make(tmp_path, schools=texts["schools"]))[0]
    folder = write_folder(tmp_path / "excel", {t: excel(x, encoding, delimiter, bom=bom) for t, x in texts.items()})
    loaded = read_folder(folder)
    assert loaded.problems == []
    for table, frame in original.items():
        pd.testing.assert_frame_equal(loaded.frames[table], frame)
    assert loaded.formats["marks"].describe() == shown
    assert main(["validate", str(folder)]) == 0
    assert f"marks: 2 rows (marks.csv: {shown})" in capsys.readouterr().out


def test_an_encoding_that_cannot_be_told_is_refused_naming_the_choices(tmp_path, capsys):
    folder = write_folder(tmp_path / "f", {"periods": excel("period,start,end\nМАМА,2019-09-02,2019-10-27\n",
                                                            "cp1251")})
    probs = load_folder(folder)[1]
    assert len(probs) == 1 and probs[0].table == "periods.csv"
    assert probs[0].rule == "cannot tell its encoding: it reads as GB18030 (GBK) and as cp1251 (Windows Cyrillic)" \
        or probs[0].rule == "cannot tell its encoding: it reads as cp1251 (Windows Cyrillic) and as GB18030 (GBK)"
    assert "--encoding cp1251" in probs[0].hint and "--encoding gb18030" in probs[0].hint
    assert main(["validate", str(folder), "--encoding", "cp1251"]) == 0
    assert "periods: 1 rows (periods.csv: cp1251" in capsys.readouterr().out
    frames, probs = load_folder(folder, options=ReadOptions(encoding="cp1251"))
    assert probs == [] and frames["periods"]["period"].tolist() == ["МАМА"]


def test_bytes_of_no_known_encoding_name_the_line(tmp_path):
    folder = make(tmp_path)
    (folder / "periods.csv").write_bytes(b"period,start,end\n\x98\x98\x98\xff\x00\x81,2019-09-02,2019-10-27\n")
    probs = load_folder(folder)[1]
    assert probs[0].table == "periods.csv" and probs[0].row == 2 and "not UTF-8 text" in probs[0].rule
    assert "(byte 0x98 at line 2)" in probs[0].rule


def test_a_short_ambiguous_file_takes_the_encoding_of_the_folders_other_files(tmp_path):
    periods = "period,start,end\nМАМА,2019-09-02,2019-10-27\n"
    marks = MARKS.replace("2019-2020 Q1", "МАМА") + "S1,Русский язык,МАМА,4,\n"
    folder = write_folder(tmp_path / "f", {"periods": excel(periods, "cp1251", ";"),
                                           "students": excel(STUDENTS, "cp1251", ";"),
                                           "schools": excel(RU_SCHOOLS, "cp1251", ";"),
                                           "marks": excel(marks, "cp1251", ";")})
    loaded = read_folder(folder)
    assert loaded.problems == [] and loaded.frames["periods"]["period"].tolist() == ["МАМА"]
    assert loaded.formats["periods"].encoding == "cp1251"


def test_a_semicolon_file_is_read_by_its_header_not_reported_as_missing_columns(tmp_path):
    folder = make(tmp_path, students=STUDENTS.replace(",", ";"))
    frames, probs = load_folder(folder)
    assert probs == [] and frames["students"]["grade"].tolist() == [5, 11]


def test_a_header_of_several_delimiters_and_no_known_column_is_refused(tmp_path):
    with pytest.raises(InputError, match="cannot tell its delimiter") as info:
        read_csv_file(tmp_path, "a,b;c\n1,2;3\n")
    assert info.value.row == 1 and info.value.rule == (
        "cannot tell its delimiter: the lines split as well at commas as at semicolons")


def read_csv_file(tmp_path, text):
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    return read_csv(path, schemas.get("periods").columns)


def _finishes(fn):
    """Run ``fn`` in a thread; True when it ends (a hang detector, not a timing)."""
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("value", fn()), daemon=True)
    worker.start()
    worker.join(120)
    return not worker.is_alive(), result.get("value")


def test_a_fifo_in_the_folder_is_refused_not_waited_for(tmp_path):
    folder = make(tmp_path, marks=None)
    os.mkfifo(folder / "marks.csv", mode=0o600)
    os.mkfifo(folder / "extra.xlsx", mode=0o600)
    done, probs = _finishes(lambda: load_folder(folder)[1])
    assert done, "reading a FIFO blocks"
    rule = "a pipe (FIFO), not a regular file: table files are regular files"
    assert {(p.table, p.rule) for p in probs if "FIFO" in p.rule} == {("marks.csv", rule), ("extra.xlsx", rule)}


def test_a_symlink_to_an_endless_device_is_refused(tmp_path):
    folder = make(tmp_path, marks=None)
    os.symlink("/dev/zero", folder / "marks.csv")
    done, probs = _finishes(lambda: load_folder(folder)[1])
    assert done
    assert any(p.table == "marks.csv" and "a device, not a regular file" in str(p) for p in probs)


def test_a_symlink_to_a_regular_file_is_read(tmp_path):
    folder = make(tmp_path)
    (tmp_path / "elsewhere.csv").write_text(MARKS, encoding="utf-8")
    (folder / "marks.csv").unlink()
    os.symlink(tmp_path / "elsewhere.csv", folder / "marks.csv")
    assert load_folder(folder)[1] == []


def test_files_above_the_size_cap_are_refused(tmp_path, capsys, monkeypatch):
    folder = make(tmp_path)
    size = max(p.stat().st_size for p in folder.iterdir())
    biggest = max(folder.iterdir(), key=lambda p: p.stat().st_size).name
    probs = load_folder(folder, options=ReadOptions(max_bytes=size - 1))[1]
    assert [p.table for p in probs if "than the limit" in p.rule] == [biggest]
    assert load_folder(folder, options=ReadOptions(max_bytes=size))[1] == []
    assert main(["validate", str(folder), "--max-file-mb", "0.00001"]) == 2
    assert "than the limit of 10 bytes" in capsys.readouterr().err
    monkeypatch.setenv("EVALNB_MAX_FILE_MB", "0.00001")
    assert main(["validate", str(folder)]) == 2
    assert "--max-file-mb" in capsys.readouterr().err


# --- the committed sample as Russian and Chinese Excel save it ---------------------------------

def _excel_sample(folder, encoding: str, delimiter: str, decimal: str):
    """The sample re-saved: ``encoding`` where it can hold the text (else UTF-8 with BOM)."""
    folder.mkdir()
    for path in sorted(SAMPLE.glob("*.csv")):
        table = path.stem
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for f in schemas.get(table).fields:
            if f.kind == "float" and f.name in frame.columns:
                frame[f.name] = frame[f.name].str.replace(".", decimal, regex=False)
        text = frame.to_csv(index=False, sep=delimiter, lineterminator="\r\n")
        try:
            raw = text.encode(encoding)
        except UnicodeEncodeError:  # Chinese names in cp1251: Excel's "CSV UTF-8"
            raw = b"\xef\xbb\xbf" + text.encode("utf-8")
        (folder / path.name).write_bytes(raw)
    return folder


@pytest.mark.parametrize("encoding,delimiter,decimal", [("cp1251", ";", ","), ("gbk", ",", ".")])
def test_the_sample_saved_by_excel_imports_with_the_same_rows(tmp_path, sample_db, encoding, delimiter, decimal):
    folder = _excel_sample(tmp_path / "excel", encoding, delimiter, decimal)
    expected = {"cp1251": "cp1251 (Windows Cyrillic)", "gbk": "GB18030 (GBK)"}[encoding]
    loaded = read_folder(folder, options=ReadOptions(decimal=decimal))
    assert loaded.problems == []
    assert loaded.formats["marks"].describe().startswith(expected)
    assert loaded.formats["students"].delimiter == delimiter
    with Store("sqlite://") as excel, Store(sample_db, readonly=True) as original:
        excel.write_frames(loaded.frames)
        for table in sorted(p.stem for p in SAMPLE.glob("*.csv")):
            key = list(schemas.get(table).key)
            a = excel.read(table).sort_values(key).reset_index(drop=True)
            b = original.read(table).sort_values(key).reset_index(drop=True)
            assert len(a) == len(b) > 0, table
            pd.testing.assert_frame_equal(a, b, obj=table)
