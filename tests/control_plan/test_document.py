"""The Положение checker: every rule at its edge, word forms, traps, text files and DOCX."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError, RulesError
from evalnb.control_plan import check_document
from evalnb.control_plan.document import heading_title, own_number


def codes(text, **kw):
    return check_document(text, **kw)["code"].tolist()


def quotes(text, code, **kw):
    f = check_document(text, **kw)
    return f.loc[f["code"] == code, "quote"].tolist()


# --- obsolete terms in every case form --------------------------------------------------

@pytest.mark.parametrize("phrase", [
    "образовательный процесс", "образовательного процесса", "образовательному процессу",
    "образовательным процессом", "образовательном процессе", "образовательные процессы",
    "образовательных процессов", "образовательным процессам", "образовательными процессами",
    "образовательных процессах", "Образовательный  Процесс", "образовательный\u00a0процесс",
])
def test_educational_process_in_every_form(phrase):
    assert quotes(f"Организация: {phrase}; далее.", "educational_process") == [phrase]


@pytest.mark.parametrize("word", [
    "учащийся", "учащегося", "учащемуся", "учащимся", "учащемся", "учащаяся", "учащейся",
    "учащуюся", "учащиеся", "учащихся", "учащимися", "Учащиеся",
])
def test_uchashchiesya_in_every_form(word):
    assert quotes(f"Права: {word} школы.", "uchashchiesya") == [word]


@pytest.mark.parametrize("phrase,code", [
    ("ступень обучения", "stupen"), ("ступени обучения", "stupen"), ("ступенью обучения", "stupen"),
    ("ступеней обучения", "stupen"), ("ступенях обучения", "stupen"),
    ("участники учебно-воспитательного процесса", "uvp_participants"),
    ("участников учебно-воспитательного процесса", "uvp_participants"),
    ("участнику учебно-воспитательного процесса", "uvp_participants"),
    ("образовательное учреждение", "edu_institution"),
    ("образовательных учреждениях", "edu_institution"),
    ("образовательным учреждением", "edu_institution"),
])
def test_other_terms_in_their_forms(phrase, code):
    f = check_document(f"Согласно тексту {phrase} и далее")
    assert f[["code", "quote", "kind"]].values.tolist() == [[code, phrase, "obsolete_term"]]


@pytest.mark.parametrize("text", [
    "обучающиеся 9 классов; обучающимся с ОВЗ; права обучающихся",
    "учащих педагогов; образовательная деятельность; образовательные программы",
    "ступенчатый контроль; уровень образования; ступени лестницы",
    "участники образовательных отношений; участники воспитательного процесса",
    "процесс образовательный; учреждения культуры; общеобразовательное учреждение",
    "Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»",
    "Мышление; нашатырь; мыс; нашатырный; Мыслим",
])
def test_false_positive_traps(text):
    found = check_document(text)
    assert found.empty, found[["code", "quote"]].values.tolist()


@pytest.mark.parametrize("text,flagged", [
    ("Муниципальное бюджетное образовательное учреждение «Школа»", False),
    ("муниципального автономного образовательного учреждения", False),
    ("государственное казённое образовательное учреждение", False),
    ("государственное казенное образовательное учреждение", False),
    ("частное образовательное учреждение «Радуга»", False),
    ("бюджетного дошкольного образовательного учреждения", False),   # second word before
    ("бюджетное городское муниципальное образовательное учреждение", True),  # third: too far
    ("в образовательном учреждении хранятся", True),
    ("МБОУ СОШ № 4 — образовательное учреждение", True),
])
def test_legal_names_are_not_flagged(text, flagged):
    assert ("edu_institution" in codes(text)) is flagged


# --- acts -----------------------------------------------------------------------------

@pytest.mark.parametrize("line,quote", [
    ("Федеральный закон от 8 августа 2001 года № 134 – ФЗ «О защите прав»", "№ 134 – ФЗ"),
    ("Федеральный закон № 134-ФЗ", "№ 134-ФЗ"),
    ("закон 134—ФЗ", "134—ФЗ"),
    ("закон от 08.08.2001 № 134 «О защите прав юридических лиц»", "№ 134"),
    ("закон «О защите прав … при проведении государственного контроля (надзора)»",
     "при проведении государственного контроля"),
])
def test_fz134_alternatives(line, quote):
    f = check_document(line)
    assert f[["kind", "code", "quote"]].values.tolist() == [["irrelevant_act", "fz134", quote]]


def test_an_act_is_flagged_once_per_line_quoting_the_first_alternative():
    line = ("Федеральный закон от 8 августа 2001 года № 134 – ФЗ «О защите прав юридических лиц "
            "при проведении государственного контроля (надзора)»; ещё раз № 134-ФЗ")
    f = check_document(line + "\n" + line)
    assert f[["line", "quote"]].values.tolist() == [[1, "№ 134 – ФЗ"], [2, "№ 134 – ФЗ"]]


@pytest.mark.parametrize("line,code", [
    ("Закон Российской Федерации от 6 октября 2003 года № 131 «Об общих принципах»", "fz131"),
    ("Федеральный закон № 131-ФЗ", "fz131"),
    ("закон «Об общих принципах организации местного самоуправления в РФ»", "fz131"),
    ("Закон РФ от 10.07.1992 № 3266-1 «Об образовании»", "law3266"),
    ("Закон «Об образовании» 1992 года", "law3266"),
])
def test_other_acts(line, code):
    assert codes(line) == [code]


@pytest.mark.parametrize("line", [
    "приказ № 134 от 2019 года",            # № 134 without 2001 on the line
    "приказ № 1345 от 01.09.2001",           # another number
    "приказ № 131 от 2019 года",
    "№ 1310 от 2003 года",
    "ФЗ № 273-ФЗ «Об образовании в Российской Федерации» от 2012 года",
    "закон «Об образовании в Российской Федерации» (1992 — 2012)",
    "№ 32661 от 1992 года",
])
def test_acts_near_misses(line):
    assert codes(line) == []


# --- copied -----------------------------------------------------------------------------

def test_foreign_school_against_the_given_name():
    text = "МБОУ СОШ № 4 утверждает.\nПоложение школы № 12 и гимназии №4.\nлицея № 04"
    f = check_document(text, school_name="МБОУ СОШ № 4")
    assert f[["line", "code", "quote"]].values.tolist() == [[2, "foreign_name", "школы № 12"]]


@pytest.mark.parametrize("line", [
    "лицензия № 07654 на осуществление образовательной деятельности",
    "г. Армавир, ул. Школьная № 12", "школьного этапа № 3", "СОШ №4 и СОШ № 4",
])
def test_licences_streets_and_own_numbers_are_not_foreign_schools(line):
    assert quotes(line, "foreign_name", school_name="МБОУ СОШ № 4") == []


def test_foreign_school_without_a_name_uses_the_most_frequent_number():
    text = "МБОУ СОШ № 7\nСОШ № 5 и СОШ № 5\nМАОУ-СОШ № 7, гимназия № 5"
    assert quotes(text, "foreign_name") == ["МБОУ СОШ № 7", "МАОУ-СОШ № 7"]


def test_foreign_school_tie_keeps_the_first():
    assert quotes("школа № 3 и школа № 8", "foreign_name") == ["школа № 8"]
    assert own_number(None, ["школа № 3 и школа № 8"]) == "3"
    assert own_number("Лицей «Эрудит»", ["лицей № 9", "лицей № 2", "лицей № 2"]) == "2"
    assert own_number(None, ["нет номеров"]) is None


@pytest.mark.parametrize("text,expected", [
    ("[наименование ОО]", ["[наименование ОО]"]), ("<Ф.И.О. директора>", ["<Ф.И.О. директора>"]),
    ("приказ № ___ от", ["№ ___"]), ("№__", ["№__"]), ("ХХХ и XXXX", ["ХХХ", "XXXX"]),
    ("[аб] и № _ и ХХ и <ab>", []),
])
def test_placeholders(text, expected):
    assert quotes(text, "placeholder") == expected


# --- style -----------------------------------------------------------------------------

def test_style_findings_one_per_occurrence():
    f = check_document("План ВШК вывешивается! Вывешен в нашей школе! Мы рады.")
    assert f[["code", "quote"]].values.tolist() == [
        ["colloquial", "вывешивается"], ["exclamation", "!"], ["colloquial", "Вывешен"],
        ["first_person", "нашей"], ["exclamation", "!"], ["first_person", "Мы"]]
    assert set(f["suggestion"]) >= {"размещается"}


# --- lines and sections ---------------------------------------------------------------

@pytest.mark.parametrize("line,title", [
    ("1. Общие положения", "Общие положения"), ("  12.   Контроль  ", "Контроль"),
    ("1.1. Настоящее положение", None), ("1. Положение вступает в силу.", None),
    ("1.Общие положения", None), ("Общие положения", None), ("1. " + "а" * 100, "а" * 100),
    ("1. " + "а" * 101, None),
])
def test_headings(line, title):
    assert heading_title(line) == title


def test_sections_lines_and_order():
    text = ("Учащиеся до заголовка\n1. Общие положения\n\n1.1. Учащиеся и образовательный процесс!\n"
            "2. Организация контроля\nПлан вывешивается")
    f = check_document(text)
    assert f[["line", "section", "quote"]].values.tolist() == [
        [1, "", "Учащиеся"], [4, "Общие положения", "Учащиеся"],
        [4, "Общие положения", "образовательный процесс"], [4, "Общие положения", "!"],
        [6, "Организация контроля", "вывешивается"]]


def test_empty_text_gives_no_findings():
    f = check_document("")
    assert f.empty and list(f.columns)[:6] == ["line", "section", "kind", "code", "quote", "suggestion"]


@given(st.lists(st.text(alphabet="абвучащиесяобразовательный процесс!№ 1234ХX[]<>\n", max_size=60),
                max_size=6))
@settings(max_examples=80, deadline=None)
def test_quotes_are_the_text_as_written_and_findings_are_sorted(parts):
    text = "\n".join(parts)
    lines = text.split("\n") if text else []
    f = check_document(text)
    for row in f.itertuples():
        assert lines[row.line - 1][row.start:row.end] == row.quote
    assert list(zip(f["line"], f["start"])) == sorted(zip(f["line"], f["start"]))
    shifted = check_document("Вводная строка\n" + text) if text else f
    if text:
        assert (shifted["line"] - 1).tolist() == f["line"].tolist()


# --- files ----------------------------------------------------------------------------

TEXT = "1. Общие положения\nУчащиеся школы\n"


def test_utf8_with_bom_and_cp1251_files(tmp_path):
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.TXT"
    a.write_bytes("\ufeff".encode() + TEXT.encode("utf-8"))
    b.write_bytes(TEXT.replace("\n", "\r\n").encode("cp1251"))
    c.write_bytes(TEXT.encode("utf-8"))
    for path in (a, b, c):
        f = check_document(path)
        assert f[["line", "section", "quote"]].values.tolist() == [[2, "Общие положения", "Учащиеся"]]


def _docx_bytes(build) -> bytes:
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _with_table(d):
    d.add_paragraph("1. Общие положения")
    d.add_paragraph("")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Объект"
    table.cell(0, 1).text = "Учащиеся 5 классов"
    table.cell(1, 0).paragraphs[0].add_run("Первый абзац ячейки")
    table.cell(1, 0).add_paragraph("образовательный процесс")
    table.cell(1, 1).text = ""
    d.add_paragraph("2. Контроль")
    p = d.add_paragraph("План ")
    p.add_run("вывеш").bold = True
    p.add_run("ивается в школе")


def test_docx_body_and_table_cells_in_order_with_empty_paragraphs(tmp_path):
    raw = _docx_bytes(_with_table)
    path = tmp_path / "Положение.docx"
    path.write_bytes(raw)
    for source in (path, raw):
        f = check_document(source)
        assert f[["line", "section", "code", "quote"]].values.tolist() == [
            [4, "Общие положения", "uchashchiesya", "Учащиеся"],
            [6, "Общие положения", "educational_process", "образовательный процесс"],
            [9, "Контроль", "colloquial", "вывешивается"]]


def test_docx_merged_cells_are_read_once(tmp_path):
    def build(d):
        t = d.add_table(rows=1, cols=3)
        merged = t.cell(0, 0).merge(t.cell(0, 1))
        merged.text = "учащиеся"
        t.cell(0, 2).text = "учащихся"
    f = check_document(_docx_bytes(build))
    assert f[["line", "quote"]].values.tolist() == [[1, "учащиеся"], [2, "учащихся"]]


def _zip(entries: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in entries.items():
            z.writestr(k, v)
    return buf.getvalue()


@pytest.mark.parametrize("content", [b"not a zip at all", _zip({"hello.txt": "x"}), b""])
def test_a_broken_docx_is_an_input_error_naming_the_file(tmp_path, content):
    path = tmp_path / "Положение школы.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        check_document(path)
    assert exc.value.table == str(path) and "Положение школы.docx" in str(exc.value)
    with pytest.raises(InputError, match="DOCX bytes"):
        check_document(content)


def test_a_docx_with_broken_xml_is_an_input_error(tmp_path):
    raw = _docx_bytes(lambda d: d.add_paragraph("учащиеся"))
    src = zipfile.ZipFile(io.BytesIO(raw))
    entries = {n: src.read(n) for n in src.namelist()}
    entries["word/document.xml"] = entries["word/document.xml"][:200]
    path = tmp_path / "broken.docx"
    path.write_bytes(_zip(entries))
    with pytest.raises(InputError) as exc:
        check_document(path)
    assert exc.value.table == str(path)


@pytest.mark.parametrize("name", ["Положение.pdf", "Положение.doc", "Положение"])
def test_an_unknown_extension_is_an_input_error_naming_the_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(InputError) as exc:
        check_document(path)
    assert exc.value.table == str(path) and name in str(exc.value)


def test_a_missing_file_and_a_wrong_type(tmp_path):
    with pytest.raises(InputError) as exc:
        check_document(tmp_path / "нет.docx")
    assert exc.value.table.endswith("нет.docx")
    with pytest.raises(InputError, match="not int"):
        check_document(42)


# --- rules ----------------------------------------------------------------------------

def test_rules_switch_codes_off_and_add_terms_and_acts():
    text = "Учащиеся и воспитанники! Приказ № 999-р."
    rules = {"document_off": ["exclamation"],
             "document_terms": {"vospitanniki": {"pattern": r"\bвоспитанник\w*",
                                                 "suggestion": "обучающиеся"}},
             "document_acts": {"order999": {"pattern": r"№\s*999-р", "suggestion": "исключить"}}}
    f = check_document(text, rules=rules)
    assert f[["kind", "code", "quote"]].values.tolist() == [
        ["obsolete_term", "uchashchiesya", "Учащиеся"], ["obsolete_term", "vospitanniki", "воспитанники"],
        ["irrelevant_act", "order999", "№ 999-р"]]


@pytest.mark.parametrize("rules,key", [
    ({"document_terms": {"x": {"pattern": "(", "suggestion": "y"}}}, "pattern"),
    ({"document_terms": {"x": {"pattern": "a"}}}, "suggestion"),
    ({"document_of": ["x"]}, "document_of"),
])
def test_bad_document_rules(rules, key):
    with pytest.raises(RulesError, match=key):
        check_document("текст", rules=rules)
