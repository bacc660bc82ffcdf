"""The self-diagnosis report form and its exports (附2), and the review form (§6)."""

import docx
import pytest

from evalnb.core import schemas
from evalnb.diagnosis import ELEMENTS, review_conclusion
from evalnb.diagnosis.export import self_report, to_docx, to_html, to_pdf
from evalnb.diagnosis.forms import ReviewForm, SelfReportForm

NEW = "CN002"          # a sample school without a self-diagnosis
CYCLE = "2021-2025"
HAS_OVERVIEW = "self_report_overview" in schemas.names()


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (font names live in object streams)."""
    import re
    import zlib

    out = [pdf]
    for m in re.finditer(rb"stream\r?\n", pdf):
        try:
            out.append(zlib.decompressobj().decompress(pdf[m.end():m.end() + 2_000_000]))
        except zlib.error:
            continue
    return b"".join(out)


def fill(form, n=16, text="本要素目标基本达成。"):
    for el in ELEMENTS[:n]:
        form.set(el, attainment="partly", diagnosis_text=text, measures_text="措施。", effect_text="效果。")


def test_501_character_diagnosis_is_rejected_and_nothing_saved(sample_store):
    form = SelfReportForm(sample_store, NEW, CYCLE, lang="zh")
    fill(form, 3)
    form.set("1.2", diagnosis_text="诊" * 501)
    assert form.fields["diagnosis_text_1.2"].counter.value.endswith("501 / 500</span>")
    assert not form.submit()
    assert "501" in form.fields["diagnosis_text_1.2"].error.value
    assert "未保存" in form.form.status.value
    assert sample_store.read("self_diagnosis", school_id=NEW).empty
    assert form.fields["diagnosis_text_1.2"].widget.value == "诊" * 501        # nothing typed is lost


@pytest.mark.parametrize("field,limit", [("measures_text", 200), ("effect_text", 200)])
def test_short_fields_have_their_own_limit(sample_store, field, limit):
    form = SelfReportForm(sample_store, NEW, CYCLE, lang="en")
    fill(form, 1)
    form.set("1.1", **{field: "x" * (limit + 1)})
    assert not form.submit()
    form.set("1.1", **{field: "x" * limit})
    assert form.submit(), form.form.status.value


def test_500_characters_saved_as_a_draft_then_completed(sample_store):
    form = SelfReportForm(sample_store, NEW, CYCLE, lang="en", user="deputy")
    fill(form, 2, text="学" * 500)
    assert form.submit(), form.form.status.value
    saved = sample_store.read("self_diagnosis", school_id=NEW)
    assert saved["element"].tolist() == ["1.1", "1.2"] and saved["diagnosis_text"].str.len().tolist() == [500, 500]
    assert "still missing: 1.3" in form.form.status.value
    fill(form)
    assert form.submit()
    assert "All 16" in form.form.status.value
    assert len(sample_store.read("self_diagnosis", school_id=NEW)) == 16
    assert set(sample_store.audit("self_diagnosis")["changed_by"]) == {"deputy"}
    again = SelfReportForm(sample_store, NEW, CYCLE)            # reopened: the saved texts are back
    assert again.fields["attainment_6.3"].widget.value == "partly"
    assert again.fields["diagnosis_text_1.1"].widget.value == "本要素目标基本达成。"


def test_text_without_attainment_is_marked(sample_store):
    form = SelfReportForm(sample_store, NEW, CYCLE, lang="ru")
    form.set("3.1", diagnosis_text="текст")
    assert not form.submit()
    assert "Выберите" in form.fields["attainment_3.1"].error.value


@pytest.mark.parametrize("label", ["达成", "達成", "基本達成", "未达成"])
def test_simplified_and_traditional_labels_in_the_form(sample_store, label):
    form = SelfReportForm(sample_store, NEW, CYCLE)
    form.set("1.1", attainment=label)
    assert form.submit()
    assert sample_store.read("self_diagnosis", school_id=NEW)["attainment"].item() in (
        "achieved", "partly", "not_achieved")


def test_overview_over_500_is_rejected(sample_store):
    form = SelfReportForm(sample_store, NEW, CYCLE)
    fill(form, 1)
    form.overview.value = "概" * 501
    assert not form.submit()
    assert "501" in form.fields["overview"].error.value
    assert sample_store.read("self_diagnosis", school_id=NEW).empty


def test_overview_is_stored(sample_store):
    """Needs the core table self_report_overview (school_id, cycle, overview, …)."""
    assert HAS_OVERVIEW, "core schemas lack the table self_report_overview the form stores the overview in"
    form = SelfReportForm(sample_store, NEW, CYCLE)
    fill(form)
    form.overview.value = "概述" * 100
    assert form.submit(), form.form.status.value
    assert SelfReportForm(sample_store, NEW, CYCLE).overview.value == "概述" * 100


def test_docx_export_has_the_attachment_2_table(tmp_path, sample_store):
    sd = sample_store.read("self_diagnosis", school_id="CN001")
    doc = self_report("南宁市第一职业技术学校", CYCLE, sd, overview="概述", conclusion="综合结论",
                      suggestions="建议", lang="zh")
    path = to_docx(doc, tmp_path / "out" / "r.docx")
    d = docx.Document(str(path))
    table = d.tables[0]
    assert len(table.rows) == 1 + 16 + 2 and len(table.columns) == 5
    assert [c.text for c in table.rows[0].cells] == ["诊断项目", "诊断要素", "自我诊断", "改进措施", "改进效果"]
    assert table.cell(1, 1).text == "1.1 办学定位" and table.cell(16, 1).text == "6.3 其他"
    # the item cell spans its elements: 1.1–1.3 share one cell
    assert table.cell(1, 0)._tc is table.cell(3, 0)._tc and table.cell(1, 0).text == "1. 办学理念"
    assert table.cell(4, 0).text == "2. 教学工作状态"
    first = sd.set_index("element").loc["1.1"]
    assert table.cell(1, 2).text.startswith("目标达成度：")
    assert first["diagnosis_text"] in table.cell(1, 2).text
    assert table.cell(1, 3).text == first["measures_text"]
    assert table.cell(17, 0).text == "综合诊断结论" and table.cell(17, 1).text == "综合结论"
    assert table.cell(18, 0).text == "改进工作建议" and table.cell(18, 4).text == "建议"
    body = "\n".join(p.text for p in d.paragraphs)
    assert "中等职业学校教学工作自我诊改报告" in body and "校长（签字）：" in body
    assert "一、自我诊改工作概述（500字以内）" in body


def test_html_and_pdf_export(tmp_path, sample_store):
    sd = sample_store.read("self_diagnosis", school_id="CN001")
    doc = self_report("<b>校</b>", CYCLE, sd, lang="zh")
    page = to_html(doc)
    assert page.startswith('<!DOCTYPE html><html lang="zh-CN">')
    assert "Noto Sans CJK SC" in page and "&lt;b&gt;校&lt;/b&gt;" in page and "<b>校</b>" not in page
    assert page.count('rowspan="3"') == 4 and page.count('rowspan="2"') == 2 and "校长（签字）：" in page
    pdf = to_pdf(doc, tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"Noto-Sans-CJK-SC" in _inflated(pdf)          # the Chinese text is set in a real CJK font


def test_incomplete_report_exports_every_element(tmp_path, self_of):
    doc = self_report("S", CYCLE, self_of("S", CYCLE, elements=["1.1"]), lang="en")
    table = docx.Document(str(to_docx(doc, tmp_path / "r.docx"))).tables[0]
    assert len(table.rows) == 19 and table.cell(16, 1).text == "6.3 Other"


def test_form_exports_docx(tmp_path, sample_store):
    form = SelfReportForm(sample_store, NEW, CYCLE, export_dir=tmp_path)
    fill(form, 2)
    path = form.export("docx")
    assert path is not None and path.exists()
    assert docx.Document(str(path)).tables[0].cell(1, 2).text.endswith("本要素目标基本达成。")


def test_review_form_records_verdicts_and_shows_the_conclusion(sample_store):
    sid = "CN002"
    self_form = SelfReportForm(sample_store, sid, CYCLE)
    fill(self_form)                                      # the school: partly achieved everywhere
    assert self_form.submit()
    form = ReviewForm(sample_store, sid, CYCLE, lang="en", user="expert")
    assert form.conclusion() is None
    for i, el in enumerate(ELEMENTS):
        form.set(el, "基本達成" if i < 11 else "achieved")    # 11 match
    form.fields["measures_targeted"].widget.value = True
    form.fields["improvement_effective"].widget.value = True
    assert form.conclusion() == "needs_improvement"
    assert "11 of 16" in form.comparison.value
    form.set("6.3", "partly")                            # 12 match
    assert form.conclusion() == "effective" and "12 of 16" in form.comparison.value
    assert form.submit(), form.form.status.value
    res = review_conclusion(sample_store.read("self_diagnosis", school_id=sid),
                            sample_store.read("review", school_id=sid),
                            sample_store.read("review_summary", school_id=sid))
    assert res["matches"].item() == 12 and res["conclusion"].item() == "effective"


def test_review_form_loads_the_sample_review(sample_store):
    form = ReviewForm(sample_store, "CN010", CYCLE, lang="zh")
    expected = review_conclusion(*(sample_store.read(t, school_id="CN010")
                                   for t in ("self_diagnosis", "review", "review_summary")))
    assert form.conclusion() == expected["conclusion"].item() == "abnormal"
    cmp_ = form.comparison_frame()
    assert int(cmp_["agree"].sum()) == expected["matches"].item()
