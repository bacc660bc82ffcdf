"""The marked-up DOCX, the CSV and the check-document command."""

from __future__ import annotations

import io

import docx
import pandas as pd
import pytest
from docx.enum.text import WD_COLOR_INDEX

from evalnb.control_plan import check_document
from evalnb.control_plan.annotate import annotated_docx, findings_csv, findings_text
from evalnb.control_plan.cli import run_check_document
from evalnb.control_plan.reading import read_source


def build() -> bytes:
    d = docx.Document()
    d.add_paragraph("1. Общие положения")
    p = d.add_paragraph("Положение МБОУ СОШ № 4 для ")
    r = p.add_run("уча")
    r.bold = True
    p.add_run("щихся и образовательный процесс!")
    d.add_paragraph("")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Федеральный закон от 8 августа 2001 года № 134 – ФЗ"
    t.cell(0, 1).text = "Копия положения школы № 9"
    d.add_paragraph("Обучающиеся и 273-ФЗ")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def highlighted(document) -> list[str]:
    """Texts of consecutive highlighted runs, paragraph by paragraph."""
    out = []
    for p in read_source_doc(document):
        cur = ""
        for run in p.runs:
            if run.font.highlight_color == WD_COLOR_INDEX.YELLOW:
                cur += run.text
            elif cur:
                out.append(cur)
                cur = ""
        if cur:
            out.append(cur)
    return out


def read_source_doc(document):
    buf = io.BytesIO()
    document.save(buf)
    return read_source(buf.getvalue()).paragraphs


def test_every_finding_is_commented_and_highlighted_and_the_text_is_unchanged():
    raw = build()
    findings = check_document(raw, school_name="МБОУ СОШ № 4")
    assert findings["code"].tolist() == ["uchashchiesya", "educational_process", "exclamation",
                                         "fz134", "foreign_name"]
    out = annotated_docx(raw, findings)
    d = docx.Document(io.BytesIO(out))
    comments = [c.text for c in d.comments]
    assert len(comments) == len(findings)
    assert comments[0] == "Устаревший термин: «учащихся». Рекомендация: обучающиеся"
    assert highlighted(d) == ["учащихся", "образовательный процесс", "!", "№ 134 – ФЗ", "школы № 9"]
    assert read_source(out).lines == read_source(raw).lines
    assert check_document(out, school_name="МБОУ СОШ № 4").equals(findings)
    # the bold part of a split word keeps its formatting
    runs = read_source(out).paragraphs[1].runs
    assert [(r.text, bool(r.bold)) for r in runs if r.text.startswith(("уча", "щихся"))] == [
        ("уча", True), ("щихся", False)]


def test_comments_in_english_and_a_text_source(tmp_path):
    path = tmp_path / "полож.txt"
    path.write_bytes("Учащиеся\n\nПлан вывешивается".encode("cp1251"))
    d = docx.Document(io.BytesIO(annotated_docx(path, lang="en")))
    assert [p.text for p in d.paragraphs] == ["Учащиеся", "", "План вывешивается"]
    assert [c.text for c in d.comments] == [
        "Obsolete term: «Учащиеся». Suggestion: обучающиеся",
        "Not official-business style: «вывешивается». Suggestion: размещается"]


def test_a_clean_document_comes_back_without_comments():
    d = docx.Document(io.BytesIO(annotated_docx("Обучающиеся и 273-ФЗ")))
    assert len(list(d.comments)) == 0


def test_csv_and_text():
    f = check_document("1. Общие положения\nУчащиеся, мы!")
    back = pd.read_csv(io.StringIO(findings_csv(f)), dtype=str)
    assert back.columns.tolist() == ["line", "section", "kind", "code", "quote", "suggestion"]
    assert back["quote"].tolist() == ["Учащиеся", "мы", "!"]
    text = findings_text(f, "ru")
    assert text.splitlines()[0] == "2 [Общие положения] Устаревший термин: «Учащиеся» → обучающиеся"
    assert text.splitlines()[-1] == "Замечаний: 3."
    assert findings_text(check_document(""), "en") == "No typical faults found.\n"


def test_the_command(tmp_path, capsys):
    src = tmp_path / "Положение.docx"
    src.write_bytes(build())
    assert run_check_document([str(src), "--school-name", "МБОУ СОШ № 4"]) == 0
    out = capsys.readouterr().out
    assert "«№ 134 – ФЗ»" in out and out.strip().endswith("Замечаний: 5.")
    assert run_check_document([str(src), "--format", "csv", "--out", str(tmp_path / "f.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "f.csv")) == 5
    assert run_check_document([str(src), "--format", "docx"]) == 0
    marked = tmp_path / "Положение-checked.docx"
    assert len(list(docx.Document(marked).comments)) == 5


@pytest.mark.parametrize("name,content", [("bad.docx", b"garbage"), ("plan.pdf", b"%PDF")])
def test_the_command_names_an_unreadable_file(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert run_check_document([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("evalnb: ") and name in err
