"""The self-diagnosis report in the layout of 附2 (自我诊改报告（参考格式）): DOCX, HTML, PDF.

附2 of 教职成司函〔2016〕37号 lays the report out as: the title, the school's
name, 一、自我诊改工作概述 (the overview, ≤ 500 characters), 二、自我诊断与改进报告表
(a table: 诊断项目 | 诊断要素 | 自我诊断 | 改进措施 | 改进效果, one row per
element, the item cell spanning its elements; then 综合诊断结论 and
改进工作建议), the principal's signature line (校长（签字）) and the notes.
:func:`self_report` gathers the contents; :func:`to_docx` (python-docx),
:func:`to_html` and :func:`to_pdf` (WeasyPrint, Noto Sans CJK SC) render it.
Chinese is the default language of the document, as of the form it copies.
"""

from __future__ import annotations

import html
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.i18n import check_lang, html_lang, translator
from ..core.validate import ensure
from .catalog import ELEMENTS, elements
from .labels import attainment_labels

FONT = "Noto Sans CJK SC"


@dataclass(frozen=True)
class SelfReport:
    """The contents of one school's self-diagnosis report for one cycle (附2)."""

    school_name: str
    cycle: str
    lang: str
    rows: pd.DataFrame            # item, item_name, element, element_name, attainment, diagnosis, measures, effect
    overview: str = ""
    conclusion: str = ""
    suggestions: str = ""
    labels: dict = field(default_factory=dict)


def _text(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v).strip()


def self_report(school_name: str, cycle: str, self_diagnosis: pd.DataFrame, overview: str = "",
                conclusion: str = "", suggestions: str = "", lang: str = "zh") -> SelfReport:
    """Gather one school-cycle's report: every one of the 16 elements, in the order of 附1.

    Elements without a row are kept, empty, so the printed form shows what is
    still to be written.  ``self_diagnosis`` holds the rows of one school and cycle.
    """
    _ = translator(lang, "diagnosis")
    sd = ensure(self_diagnosis, "self_diagnosis")
    el = elements()
    name_col = check_lang(lang)
    base = pd.DataFrame({"element": list(ELEMENTS)}).merge(
        el[["item", "element", f"item_{name_col}", f"element_{name_col}"]], on="element")
    base = base.rename(columns={f"item_{name_col}": "item_name", f"element_{name_col}": "element_name"})
    rows = base.merge(sd[["element", "attainment", "diagnosis_text", "measures_text", "effect_text"]],
                      on="element", how="left")
    rows["attainment"] = rows["attainment"].map(attainment_labels(_)).fillna("")
    for src, dst in (("diagnosis_text", "diagnosis"), ("measures_text", "measures"), ("effect_text", "effect")):
        rows[dst] = rows[src].map(_text)
    rows = rows[["item", "item_name", "element", "element_name", "attainment", "diagnosis", "measures", "effect"]]
    labels = {
        "title": _("Self-diagnosis and improvement report of the teaching work of a secondary vocational school"),
        "school": _("School name"), "cycle": _("诊改 cycle"),
        "overview": _("I. Overview of the self-diagnosis and improvement work (at most 500 characters)"),
        "table": _("II. Self-diagnosis and improvement table"),
        "item": _("Diagnostic item"), "element": _("Diagnostic element"),
        "diagnosis": _("Self-diagnosis"), "measures": _("Improvement measures"),
        "effect": _("Effect of improvement"), "attainment": _("Attainment of targets"),
        "conclusion": _("Overall diagnostic conclusion"), "suggestions": _("Suggestions for improvement"),
        "signature": _("Principal (signature):"), "date": _("Date:"),
        "notes_head": _("Notes:"),
        "notes": [
            _("1. The report must be true and accurate."),
            _("2. For each element the self-diagnosis states how far the targets were attained, "
              "with the main achievements, the problems and an analysis of their causes "
              "(at most 500 characters), stressing the problems and their causes."),
            _("3. The improvement measures of each element are targeted and feasible (at most 200 characters)."),
            _("4. The effect of improvement is the effect actually seen after the measures were carried out, "
              "not a forecast; if the measures have not yet been carried out, say so (at most 200 characters)."),
            _("5. The self-diagnosis states facts; no graded conclusion is needed."),
        ],
    }
    return SelfReport(school_name=str(school_name), cycle=str(cycle), lang=lang, rows=rows,
                      overview=_text(overview), conclusion=_text(conclusion),
                      suggestions=_text(suggestions), labels=labels)


def _atomic_write(path: Path, write) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _set_cjk_font(run, size_pt: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size_pt:
        run.font.size = Pt(size_pt)
    run.bold = bold


def _para(container, text: str, size: float = 10.5, bold: bool = False, align=None):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    _set_cjk_font(p.add_run(text), size, bold)
    return p


def _cell_text(cell, text: str, bold: bool = False, size: float = 9.5) -> None:
    cell.text = ""
    lines = text.split("\n") if text else [""]
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        _set_cjk_font(p.add_run(line), size, bold)


def to_docx(report: SelfReport, path: str | os.PathLike) -> Path:
    """Write the report as a Word document in the layout of 附2; returns the path.

    The table has 5 columns (诊断项目, 诊断要素, 自我诊断, 改进措施, 改进效果),
    a header row, 16 element rows with each item's cell merged over its
    elements, then the 综合诊断结论 and 改进工作建议 rows (their text spanning
    four columns).  The self-diagnosis cell starts with the attainment.
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    L = report.labels
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for m in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, m, Cm(1.8))
    _para(doc, L["title"], 16, True, WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"{L['school']}{_colon(report.lang)}{report.school_name}    "
               f"{L['cycle']}{_colon(report.lang)}{report.cycle}", 11)
    _para(doc, L["overview"], 12, True)
    for line in (report.overview.split("\n") if report.overview else [""]):
        _para(doc, line, 10.5)
    _para(doc, L["table"], 12, True)
    rows = report.rows
    table = doc.add_table(rows=1 + len(rows) + 2, cols=5)
    table.style = "Table Grid"
    widths = [Cm(3.0), Cm(4.0), Cm(8.5), Cm(5.5), Cm(5.0)]
    for i, head in enumerate([L["item"], L["element"], L["diagnosis"], L["measures"], L["effect"]]):
        _cell_text(table.cell(0, i), head, bold=True)
    for r, row in enumerate(rows.itertuples(index=False), start=1):
        _cell_text(table.cell(r, 1), f"{row.element} {row.element_name}")
        diag = (f"{L['attainment']}{_colon(report.lang)}{row.attainment}\n" if row.attainment else "") + row.diagnosis
        _cell_text(table.cell(r, 2), diag)
        _cell_text(table.cell(r, 3), row.measures)
        _cell_text(table.cell(r, 4), row.effect)
    # the item cell spans its elements
    first = 1
    for _item, grp in rows.groupby("item", sort=False):
        last = first + len(grp) - 1
        cell = table.cell(first, 0).merge(table.cell(last, 0)) if last > first else table.cell(first, 0)
        _cell_text(cell, f"{grp['item'].iloc[0]}. {grp['item_name'].iloc[0]}")
        first = last + 1
    n = 1 + len(rows)
    for k, (label, text) in enumerate(((L["conclusion"], report.conclusion),
                                       (L["suggestions"], report.suggestions))):
        _cell_text(table.cell(n + k, 0), label, bold=True)
        merged = table.cell(n + k, 1).merge(table.cell(n + k, 4))
        _cell_text(merged, text)
    for row in table.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = w
    doc.add_paragraph()
    _para(doc, f"{L['signature']}" + "_" * 24 + "      " + L["date"] + "_" * 16, 11)
    _para(doc, L["notes_head"], 9, True)
    for note in L["notes"]:
        _para(doc, note, 9)
    return _atomic_write(Path(path), doc.save)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


_CSS = """
@page { size: A4 landscape; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; font-family: "%(font)s", sans-serif; } }
html { font-family: "%(font)s", "Noto Sans SC", "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.45; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 8pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
th, td { border: 0.6pt solid #333; padding: 3pt 4pt; vertical-align: top; white-space: pre-wrap; word-wrap: break-word; }
th { background: #eee; }
col.item { width: 10%%; } col.element { width: 14%%; } col.diag { width: 34%%; } col.meas { width: 22%%; } col.eff { width: 20%%; }
.att { font-weight: bold; display: block; }
.sign { margin-top: 18pt; font-size: 11pt; }
.notes { font-size: 8.5pt; color: #333; margin-top: 10pt; }
.notes p { margin: 1pt 0; }
"""


def to_html(report: SelfReport) -> str:
    """The report as a standalone HTML page (escaped; ``<html lang="zh-CN">`` for Chinese)."""
    L = report.labels
    e = html.escape
    c = _colon(report.lang)
    parts = [f'<!DOCTYPE html><html lang="{html_lang(report.lang)}"><head><meta charset="utf-8">'
             f"<title>{e(L['title'])}</title><style>{_CSS % {'font': FONT}}</style></head><body>",
             f"<h1>{e(L['title'])}</h1>",
             f"<p>{e(L['school'])}{c}{e(report.school_name)}&#160;&#160;&#160;&#160;"
             f"{e(L['cycle'])}{c}{e(report.cycle)}</p>",
             f"<h2>{e(L['overview'])}</h2><p class=\"overview\">{e(report.overview)}</p>",
             f"<h2>{e(L['table'])}</h2>",
             '<table><colgroup><col class="item"><col class="element"><col class="diag">'
             '<col class="meas"><col class="eff"></colgroup><thead><tr>'
             + "".join(f"<th>{e(L[k])}</th>" for k in ("item", "element", "diagnosis", "measures", "effect"))
             + "</tr></thead><tbody>"]
    rows = report.rows
    span = rows.groupby("item", sort=False)["element"].transform("size")
    first = ~rows["item"].duplicated()
    for i, row in enumerate(rows.itertuples(index=False)):
        parts.append("<tr>")
        if first.iloc[i]:
            parts.append(f'<td rowspan="{int(span.iloc[i])}">{e(row.item)}. {e(row.item_name)}</td>')
        att = f'<span class="att">{e(L["attainment"])}{c}{e(row.attainment)}</span>' if row.attainment else ""
        parts.append(f"<td>{e(row.element)} {e(row.element_name)}</td><td>{att}{e(row.diagnosis)}</td>"
                     f"<td>{e(row.measures)}</td><td>{e(row.effect)}</td></tr>")
    for label, text in ((L["conclusion"], report.conclusion), (L["suggestions"], report.suggestions)):
        parts.append(f'<tr><th>{e(label)}</th><td colspan="4">{e(text)}</td></tr>')
    parts.append("</tbody></table>")
    parts.append(f'<p class="sign">{e(L["signature"])}{"_" * 24}&#160;&#160;&#160;&#160;'
                 f'{e(L["date"])}{"_" * 16}</p>')
    parts.append(f'<div class="notes"><p><b>{e(L["notes_head"])}</b></p>'
                 + "".join(f"<p>{e(n)}</p>" for n in L["notes"]) + "</div>")
    parts.append("</body></html>")
    return "".join(parts)


def to_pdf(report: SelfReport, path: str | os.PathLike) -> Path:
    """Write the report as an A4 landscape PDF (WeasyPrint, Noto Sans CJK SC); returns the path."""
    from weasyprint import HTML

    page = to_html(report)
    return _atomic_write(Path(path), lambda tmp: HTML(string=page).write_pdf(tmp))
