"""The sample district's ВШК/ВСОКО plans (2019-2020) and three Положения with known faults.

Every Russian sample school gets a plan built from the library — each item
in its suggested months, the results items under the deputy director for
teaching (УВР), personal results under the deputy for upbringing (ВР),
teachers' work and conditions under the director or a methodologist.  Some
schools carry the faults the checker finds (the rest are clean):

========  ============================================================
RU004     no control in January (month_gap)
RU006     five items of the deputy for УВР in December (overload)
RU007     personal results by a test (method_mismatch)
RU008     no personal results at all (direction_missing)
RU009     two draft items without recording / responsible (incomplete)
RU010     one item entered twice (duplicate)
RU011     no teachers' work in the second half-year (no_staff_focus)
RU012     March without control and a subject item by talk (month_gap,
          method_mismatch)
RU014     five items in October for one person and no May (overload,
          month_gap)
========  ============================================================

In a region (``evalnb sample --scale N``) the schools of every municipality
that copy these schools carry the same faults.

The Положения (:func:`write_documents`) are DOCX files of RU004 (copied from
another school, unfilled template fields, obsolete terms), RU008 (the acts
the order names, a law that lost force) and RU016 (style faults, terms in a
table, and the traps that are *not* faults: legal names, 273-ФЗ,
«обучающиеся»).  They are written byte for byte the same on every run.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..assessment._region import sample_twins
from .library import builtin

YEAR = "2019-2020"
_SURNAMES = ("Иванова", "Петренко", "Смирнова", "Кузнецова", "Попова", "Васильева", "Морозова",
             "Новикова", "Фёдорова", "Волкова", "Алексеева", "Лебедева", "Семёнова", "Егорова",
             "Павлова", "Козлова", "Степанова", "Николаева", "Орлова", "Андреева", "Макарова",
             "Захарова", "Зайцева", "Соловьёва")
_INITIALS = "АВГДЕИЛМНОСТЮ"
PLAN_COLUMNS = ["school_id", "year", "item_id", "direction", "result_kind", "object", "goal",
                "form", "methods", "month", "responsible", "recording", "priority", "decision"]


def _person(rng, used: set) -> str:
    while True:
        name = (f"{_SURNAMES[int(rng.integers(len(_SURNAMES)))]} "
                f"{_INITIALS[int(rng.integers(len(_INITIALS)))]}. {_INITIALS[int(rng.integers(len(_INITIALS)))]}.")
        if name not in used:
            used.add(name)
            return name


_ROLES = ("head", "vr", "uvr")
_TEMPLATE: list = []


def _template() -> pd.DataFrame:
    """The library's items in their months, September first, with the role answering for each."""
    if not _TEMPLATE:
        rows = []
        for item in builtin().itertuples():
            role = "head" if item.direction != "results" else ("vr" if item.result_kind == "personal" else "uvr")
            for m in str(item.months).split(";"):
                rows.append({"school_id": None, "year": YEAR, "direction": item.direction,
                             "result_kind": item.result_kind, "object": item.object, "goal": item.goal,
                             "form": item.form, "methods": item.methods, "month": int(m),
                             "responsible": role, "recording": item.recording,
                             "priority": None, "decision": None})
        plan = pd.DataFrame(rows)
        order = plan["month"].map(lambda m: m - 9 if m >= 9 else m + 3)
        plan = plan.assign(_o=order).sort_values(["_o"], kind="stable").drop(columns="_o")
        plan = plan.reset_index(drop=True)
        plan.insert(2, "item_id", [f"{i + 1:02d}" for i in range(len(plan))])
        _TEMPLATE.append(plan)
    return _TEMPLATE[0]


def _people(rng) -> dict:
    used: set = set()
    uvr, vr, head = _person(rng, used), _person(rng, used), _person(rng, used)
    return {"uvr": uvr, "vr": vr, "head": head}


def _base_plans(school_ids: list, people: list) -> pd.DataFrame:
    """The library plan of each school, its deputies and director answering (one frame for all)."""
    tpl = _template()
    k, n = len(tpl), len(school_ids)
    plan = tpl.iloc[np.tile(np.arange(k), n)].reset_index(drop=True)
    plan["school_id"] = np.repeat(np.asarray(school_ids, dtype=object), k)
    who = np.array([[p[r] for r in _ROLES] for p in people], dtype=object).reshape(n, len(_ROLES))
    role = tpl["responsible"].map({r: i for i, r in enumerate(_ROLES)}).to_numpy()
    plan["responsible"] = who[np.repeat(np.arange(n), k), np.tile(role, n)]
    return plan


def _extra(plan, n, **fields) -> pd.DataFrame:
    base = plan[plan["result_kind"] == "subject"].iloc[0].to_dict()
    rows = []
    for i in range(n):
        row = dict(base, **fields)
        row["object"] = fields.get("object", base["object"]) + (f" ({i + 1})" if n > 1 else "")
        rows.append(row)
    start = len(plan)
    out = pd.concat([plan, pd.DataFrame(rows)], ignore_index=True)
    out.loc[start:, "item_id"] = [f"{start + i + 1:02d}" for i in range(n)]
    return out


_FAULTY = ("RU004", "RU006", "RU007", "RU008", "RU009", "RU010", "RU011", "RU012", "RU014")


def _faults(school_id: str, plan: pd.DataFrame) -> pd.DataFrame:
    uvr = plan.loc[plan["result_kind"] == "subject", "responsible"].iloc[0]
    if school_id == "RU004":
        plan = plan[plan["month"] != 1]
    elif school_id == "RU006":
        plan = _extra(plan, 3, month=12, responsible=uvr,
                      object="Предметные результаты по истории и обществознанию")
    elif school_id == "RU007":
        i = plan.index[plan["result_kind"] == "personal"][0]
        plan.loc[i, "methods"] = "контрольная работа; анкетирование"
    elif school_id == "RU008":
        plan = plan[plan["result_kind"] != "personal"]
    elif school_id == "RU009":
        plan = _extra(plan, 2, month=3, object="Классно-обобщающий контроль 9 классов",
                      recording=None, responsible=None)
    elif school_id == "RU010":
        plan = pd.concat([plan, plan.iloc[[3]].assign(item_id=f"{len(plan) + 1:02d}")],
                         ignore_index=True)
    elif school_id == "RU011":
        plan = plan[~((plan["direction"] != "results") & plan["month"].between(1, 8))]
    elif school_id == "RU012":
        plan = plan[plan["month"] != 3].copy()
        i = plan.index[plan["result_kind"] == "subject"][0]
        plan.loc[i, "methods"] = "беседа с учителями"
    elif school_id == "RU014":
        plan = plan[plan["month"] != 5]
        plan = _extra(plan, 4, month=10, responsible=uvr,
                      object="Предметные результаты по физике и химии")
    return plan.reset_index(drop=True)


def plans(schools: pd.DataFrame, rng) -> pd.DataFrame:
    """The control_plan rows of every Russian school of ``schools``."""
    ru = schools[schools["language"] == "ru"].sort_values("school_id")
    # a region's school has the designed faults of the sample school it copies
    twin = sample_twins(ru) if "municipality" in ru else pd.Series(dict(zip(ru["school_id"], ru["school_id"])))
    frames: list = []
    clean: list = []  # a run of schools without faults: built in one go

    def flush() -> None:
        if clean:
            frames.append(_base_plans([sid for sid, _ in clean], [p for _, p in clean]))
            clean.clear()

    for sid in ru["school_id"]:
        people = _people(rng)
        if twin[sid] in _FAULTY:
            flush()
            frames.append(_faults(twin[sid], _base_plans([sid], [people])))
        else:
            clean.append((sid, people))
    flush()
    if not frames:
        return pd.DataFrame(columns=PLAN_COLUMNS)
    out = pd.concat(frames, ignore_index=True)[PLAN_COLUMNS]
    return out.astype({"month": "Int64"})


def sample(ctx) -> dict[str, pd.DataFrame]:
    """The domain's part of the sample district: ``control_plan`` and ``control_library``."""
    schools = ctx.tables["schools"]
    # the assessment district's schools (those with a roll of students), not every Russian school
    district = schools[schools["school_id"].isin(ctx.tables["students"]["school_id"])]
    return {"control_plan": plans(district, ctx.rng),
            "control_library": builtin()}


# --- the Положения ----------------------------------------------------------------------

def _head(school: str) -> list:
    return [("title", "ПОЛОЖЕНИЕ"),
            ("title", "о внутришкольном контроле и внутренней системе оценки качества образования"),
            ("p", school), ("p", "")]


DOCUMENTS: dict[str, list] = {
    "RU004": _head("муниципального бюджетного общеобразовательного учреждения средней "
                   "общеобразовательной школы № 4") + [
        ("p", "1. Общие положения"),
        ("p", "1.1. Настоящее Положение разработано для МБОУ СОШ № 7 в соответствии с Федеральным "
              "законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации» и уставом "
              "[наименование организации]."),
        ("p", "1.2. Внутришкольный контроль — главный источник информации о состоянии "
              "образовательного процесса и результатах деятельности участников "
              "учебно-воспитательного процесса."),
        ("p", ""),
        ("p", "1.3. Положение утверждено приказом директора от 30.08.2019 № ___."),
        ("p", "2. Цели и задачи контроля"),
        ("p", "2.1. Контроль обеспечивает объективную оценку достижений учащихся на каждой "
              "ступени обучения в соответствии с ФГОС."),
        ("p", "2.2. Результаты контроля обсуждаются на педагогическом совете школы № 7."),
        ("p", "3. Организация контроля"),
        ("p", "3.1. План ВШК и ВСОКО составляется заместителем директора по УВР <Ф.И.О.> на "
              "учебный год."),
    ],
    "RU008": _head("муниципального автономного общеобразовательного учреждения средней "
                   "общеобразовательной школы № 8") + [
        ("p", "1. Общие положения"),
        ("p", "1.1. Положение разработано на основании следующих документов:"),
        ("p", "– Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»;"),
        ("p", "– Федерального закона от 8 августа 2001 года № 134 – ФЗ «О защите прав юридических "
              "лиц и индивидуальных предпринимателей при проведении государственного контроля "
              "(надзора)»;"),
        ("p", "– Закона Российской Федерации от 6 октября 2003 года № 131 «Об общих принципах "
              "организации местного самоуправления в РФ»;"),
        ("p", "– Закона Российской Федерации от 10.07.1992 № 3266-1 «Об образовании»;"),
        ("p", "– устава МАОУ СОШ № 8."),
        ("p", "1.2. Положение регулирует контроль в образовательном учреждении."),
        ("p", "2. Объекты контроля"),
        ("p", "2.1. Объектами контроля являются образовательные результаты обучающихся и "
              "образовательная деятельность."),
    ],
    "RU016": _head("муниципальное бюджетное общеобразовательное учреждение средняя "
                   "общеобразовательная школа № 16") + [
        ("p", "1. Общие положения"),
        ("p", "1.1. Положение разработано в соответствии с Федеральным законом от 29.12.2012 "
              "№ 273-ФЗ «Об образовании в Российской Федерации» и уставом МБОУ СОШ № 16."),
        ("p", "1.2. Наша школа обеспечивает права обучающихся на объективную оценку результатов!"),
        ("p", "1.3. Дополнительные общеразвивающие программы, реализуемые совместно с муниципальным "
              "бюджетным образовательным учреждением дополнительного образования «Дом детского "
              "творчества», контролируются по согласованному плану."),
        ("p", "2. Организация контроля"),
        ("p", "2.1. План ВШК вывешивается в доступном для педагогов месте."),
        ("p", "2.2. Мы проводим контроль по следующему плану:"),
        ("table", [["Объект контроля", "Методы", "Ответственный"],
                   ["Личностные результаты учащихся 5–9 классов", "анкетирование", "заместитель директора по ВР"],
                   ["Предметные результаты обучающихся", "контрольная работа", ""]]),
        ("p", ""),
        ("p", "3. Заключительные положения"),
        ("p", "3.1. Положение вступает в силу с момента утверждения."),
    ],
}

#: The file name of each school's Положение in the documents folder.
FILE_NAMES = {sid: f"{sid}_polozhenie_vshk_vsoko.docx" for sid in DOCUMENTS}


def document_bytes(school_id: str) -> bytes:
    """The sample Положение of ``school_id`` as DOCX bytes (the same bytes on every run)."""
    import datetime as dt

    import docx

    d = docx.Document()
    when = dt.datetime(2019, 8, 30, 9, 0, 0)
    cp = d.core_properties
    cp.author = cp.last_modified_by = "evalnb sample"
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    for kind, content in DOCUMENTS[school_id]:
        if kind == "title":
            d.add_paragraph(content, style="Title" if content == "ПОЛОЖЕНИЕ" else None)
        elif kind == "p":
            d.add_paragraph(content)
        else:
            t = d.add_table(rows=len(content), cols=len(content[0]))
            t.style = "Table Grid"
            for i, row in enumerate(content):
                for j, text in enumerate(row):
                    t.cell(i, j).text = text
    buf = io.BytesIO()
    d.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(raw: bytes) -> bytes:
    """The same archive with fixed entry dates (python-docx stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2019, 8, 30, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_documents(folder) -> list[Path]:
    """Write the sample Положения to ``folder`` (``data/sample/documents``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for sid, name in FILE_NAMES.items():
        path = folder / name
        raw = document_bytes(sid)
        if not path.exists() or path.read_bytes() != raw:
            path.write_bytes(raw)
        out.append(path)
    return out
