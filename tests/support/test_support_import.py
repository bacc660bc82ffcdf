"""A roadmap as published: CSV, XLSX and the DOCX table of the order (rows across pages joined)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.support import read_roadmap, roadmap_ranges

DATA = Path(__file__).parent / "data"
CSV = DATA / "kaluga_2022_roadmap.csv"
HEADER = ["№ п/п", "Задачи", "Сроки реализации", "Исполнители", "Показатель реализации",
          "Информационное сопровождение проекта"]


def _half(text: str) -> tuple[str, str]:
    words = str(text).split(" ")
    k = max(1, len(words) // 2)
    return " ".join(words[:k]), " ".join(words[k:])


def write_docx(frame: pd.DataFrame, path: Path, *, split_every: int = 4, tables: int = 2) -> Path:
    """The roadmap as the order prints it: header, the «1 … 6» row, rows running over pages.

    Every ``split_every``-th task is cut in two rows (the second with an empty «№ п/п»,
    after the «1 … 6» row that tops a new page), and the table is split in ``tables``.
    """
    import docx

    document = docx.Document()
    document.add_paragraph("План-график («дорожная карта»)")
    cols = ["task_no", "task", "period_text", "executors", "indicator", "info"]
    size = -(-len(frame) // tables)
    chunks = [frame.iloc[i:i + size] for i in range(0, len(frame), size)]
    for n, chunk in enumerate(chunks):
        table = document.add_table(rows=0, cols=6)
        if n == 0:
            for cell, text in zip(table.add_row().cells, HEADER):
                cell.text = text
        for cell, text in zip(table.add_row().cells, map(str, range(1, 7))):
            cell.text = text
        for k, (_, row) in enumerate(chunk.iterrows()):
            values = ["" if pd.isna(row[c]) else str(row[c]) for c in cols]
            if k % split_every == 1:
                first, rest = zip(*[_half(v) if c in ("task", "indicator") else (v, "")
                                    for c, v in zip(cols, values)])
                for cell, text in zip(table.add_row().cells, first):
                    cell.text = text
                for cell, text in zip(table.add_row().cells, map(str, range(1, 7))):
                    cell.text = text
                for cell, text in zip(table.add_row().cells, ("",) + rest[1:]):
                    cell.text = text
            else:
                for cell, c, text in zip(table.add_row().cells, cols, values):
                    # a line break inside a cell, as Word keeps one
                    cell.text = text.replace(". ", ".\n", 1) if c == "indicator" else text
        document.add_paragraph("")
    document.save(str(path))
    return path


def _same(a: pd.DataFrame, b: pd.DataFrame):
    cols = ["task_no", "task", "period_text", "executors", "indicator", "info"]
    pd.testing.assert_frame_equal(a[cols].reset_index(drop=True), b[cols].reset_index(drop=True))
    pd.testing.assert_frame_equal(roadmap_ranges(a), roadmap_ranges(b))


def test_docx_made_from_the_csv_gives_the_same_tasks_and_ranges(tmp_path):
    from_csv = read_roadmap(CSV)
    assert len(from_csv) == 59
    path = write_docx(from_csv, tmp_path / "order.docx")
    from_docx = read_roadmap(path)
    _same(from_csv, from_docx)


def test_the_csv_as_published_keeps_no_html(tmp_path):
    rm = read_roadmap(CSV)
    assert rm.loc[rm["task_no"] == 30, "period_text"].iloc[0] == "10.03.2022– 24.03.2022"
    assert not rm[["task", "period_text", "executors", "indicator"]].apply(
        lambda s: s.str.contains("<p>")).any().any()


def test_xlsx_with_the_order_headers(tmp_path):
    rm = read_roadmap(CSV)
    raw = pd.read_csv(CSV, dtype=str)
    raw.columns = HEADER
    path = tmp_path / "roadmap.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        raw.to_excel(xl, sheet_name="План", index=False)
    _same(rm, read_roadmap(path))


def test_a_period_that_cannot_be_read_names_the_file_row_task_and_text(tmp_path):
    raw = pd.read_csv(CSV, dtype=str)
    raw.loc[4, "period_text"] = "31.02.2022"               # task 5, the file's row 6
    raw.loc[42, "period_text"] = "Май, ноябрь"             # task 43: no year
    path = tmp_path / "bad.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(InputError) as err:
        read_roadmap(path)
    got = [(p.table, p.row, p.column, p.value) for p in err.value.problems]
    assert got == [("bad.csv", 6, "period_text", "31.02.2022"), ("bad.csv", 44, "period_text", "Май, ноябрь")]
    assert "task 5" in err.value.problems[0].rule and "task 43" in err.value.problems[1].rule
    docx_path = write_docx(raw, tmp_path / "bad.docx", split_every=1000)
    with pytest.raises(InputError) as err:
        read_roadmap(docx_path)
    assert [p.value for p in err.value.problems] == ["31.02.2022", "Май, ноябрь"]
    assert err.value.problems[0].table == "bad.docx"


def test_the_default_year_reads_months_without_one(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("task_no,task,period_text,executors,indicator\n1.,Семинар,Май,КГИРО,Количество\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="without a year"):
        read_roadmap(path)
    rm = read_roadmap(path, year=2022)
    assert roadmap_ranges(rm)["end"].tolist() == [pd.Timestamp("2022-05-31")]


def test_files_that_are_no_roadmap(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("номер,задачи,исполнители\n1,a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks the column") as err:
        read_roadmap(path)
    assert err.value.row == 1
    cont = tmp_path / "c.csv"
    cont.write_text("task_no,task,period_text,executors,indicator\n,продолжение,,,\n", encoding="utf-8")
    with pytest.raises(InputError, match="continues a task") as err:
        read_roadmap(cont)
    assert err.value.row == 2
    bad_no = tmp_path / "n.csv"
    bad_no.write_text("task_no,task,period_text,executors,indicator\nодин,a,Май 2022,ОО,x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_roadmap(bad_no)
    assert (err.value.row, err.value.column, err.value.value) == (2, "task_no", "один")
    with pytest.raises(InputError, match=r"\.csv, \.xlsx or \.docx"):
        (tmp_path / "r.txt").write_text("x", encoding="utf-8")
        read_roadmap(tmp_path / "r.txt")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="cannot be opened as a DOCX"):
        read_roadmap(broken)
