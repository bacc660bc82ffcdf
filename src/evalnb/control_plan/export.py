"""A plan as the school prints it: DOCX and XLSX in the usual table layout.

Columns, in order: month, object, goal, form, methods, responsible,
recording (Armavir order of 02.03.2020 № 204, appendix: «объекты контроля …
цели …, методы, формы контроля, способы фиксации»).  Items run in school-year
order (September first); headers are in the chosen language.
"""

from __future__ import annotations

import io

import pandas as pd

from ..core.i18n import translator
from .labels import DOMAIN, month_name

COLUMNS = ("month", "object", "goal", "form", "methods", "responsible", "recording")
HEADERS = {"month": "Month", "object": "Object of control", "goal": "Goal",
           "form": "Form of control", "methods": "Methods", "responsible": "Responsible",
           "recording": "Recording of results"}


def _ordered(plan: pd.DataFrame) -> pd.DataFrame:
    m = pd.to_numeric(plan["month"], errors="coerce")
    order = m.where(m >= 9, m + 12).fillna(99)
    return plan.assign(_o=order).sort_values(["_o", "item_id"], kind="stable").drop(columns="_o")


def plan_rows(plan: pd.DataFrame, lang: str = "ru") -> pd.DataFrame:
    """The plan's printed table: the seven columns, months by name, headers in ``lang``."""
    _ = translator(lang, DOMAIN)
    p = _ordered(plan)
    out = pd.DataFrame({c: p[c].astype(object) for c in COLUMNS})
    out["month"] = [month_name(m, lang) if pd.notna(m) else "" for m in p["month"]]
    out = out.fillna("").astype(str)
    return out.rename(columns={c: _(HEADERS[c]) for c in COLUMNS}).reset_index(drop=True)


def plan_title(year: str, lang: str = "ru") -> str:
    return translator(lang, DOMAIN)("Integrated ВШК/ВСОКО plan for the school year {year}", year=year)


def plan_docx(plan: pd.DataFrame, school_name: str, year: str, lang: str = "ru") -> bytes:
    """The plan as a DOCX (landscape A4, one table).

    Examples
    --------
    >>> import docx, io
    >>> p = pd.DataFrame({"item_id": ["1"], "month": [9], "object": ["Объект"], "goal": ["Цель"],
    ...                   "form": ["тематический"], "methods": ["ВПР"], "responsible": ["Иванова"],
    ...                   "recording": ["справка"]})
    >>> d = docx.Document(io.BytesIO(plan_docx(p, "МБОУ СОШ № 4", "2019-2020")))
    >>> [c.text for c in d.tables[0].rows[1].cells][:2]
    ['сентябрь', 'Объект']
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    rows = plan_rows(plan, lang)
    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    d.add_paragraph(school_name)
    d.add_heading(plan_title(year, lang), level=1)
    table = d.add_table(rows=1, cols=len(rows.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, rows.columns):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows.itertuples(index=False):
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for par in cell.paragraphs:
                for run in par.runs:
                    run.font.size = Pt(9)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def plan_xlsx(plan: pd.DataFrame, school_name: str, year: str, lang: str = "ru") -> bytes:
    """The plan as an XLSX workbook: a title line, then the table with its header.

    Examples
    --------
    >>> p = pd.DataFrame({"item_id": ["1"], "month": [9], "object": ["Объект"], "goal": ["Цель"],
    ...                   "form": ["тематический"], "methods": ["ВПР"], "responsible": ["Иванова"],
    ...                   "recording": ["справка"]})
    >>> back = pd.read_excel(io.BytesIO(plan_xlsx(p, "СОШ № 4", "2019-2020", "en")), header=2)
    >>> back.columns.tolist()[:3], back.iloc[0, 0]
    (['Month', 'Object of control', 'Goal'], 'September')
    """
    from openpyxl.styles import Alignment, Font

    rows = plan_rows(plan, lang)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        rows.to_excel(xw, sheet_name="plan", index=False, startrow=2)
        ws = xw.sheets["plan"]
        ws["A1"] = plan_title(year, lang)
        ws["A1"].font = Font(bold=True, size=12)
        ws["A2"] = school_name
        widths = (12, 40, 40, 18, 30, 22, 26)
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return buf.getvalue()
