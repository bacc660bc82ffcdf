"""The built-in library of plan items (control_library): Russian content, labels in every language.

Each item is a sound starting point for a plan row: object, goal, form,
methods and the way results are recorded, as the Armavir seminar taught
deputy directors to set them (order of 02.03.2020 № 204, appendix), with
suggested months.  There are at least two items per result kind and every
item passes the method check of its kind; the items on teachers' work give
the plan its «ориентация на повышение эффективности деятельности
педагогических кадров».  A municipality may replace the library with its own
CSV of the same columns (``library(source=path)``).
"""

from __future__ import annotations

import os

import pandas as pd

from ..core.i18n import translator
from ..core.validate import check_table
from ..errors import InputError

COLUMNS = ["library_id", "direction", "result_kind", "object", "goal", "form", "methods",
           "recording", "months"]

# library_id, direction, result_kind, object, goal, form, methods, recording, months, English label
_ITEMS = (
    ("L01", "results", "subject",
     "Предметные результаты обучающихся 5–9 классов по русскому языку и математике",
     "Оценить уровень достижения предметных результатов на начало учебного года",
     "тематический", "входная диагностическая работа; анализ результатов",
     "справка; совещание при директоре", "9;10",
     "Entry diagnostic tests in Russian and mathematics, grades 5–9"),
    ("L02", "results", "subject", "Результаты ВПР обучающихся 4–8 классов",
     "Сопоставить результаты ВПР с текущими отметками, выявить предметы в зоне риска",
     "фронтальный", "ВПР; анализ результатов", "справка; педагогический совет", "4;5",
     "ВПР results against journal marks, grades 4–8"),
    ("L03", "results", "subject", "Готовность обучающихся 9 и 11 классов к ГИА",
     "Оценить готовность к ОГЭ и ЕГЭ по обязательным предметам",
     "тематический", "пробный экзамен в формате ОГЭ и ЕГЭ; анализ результатов",
     "справка; заседание ШМО", "12;3",
     "Mock state exams (ОГЭ, ЕГЭ), grades 9 and 11"),
    ("L04", "results", "subject", "Предметные результаты обучающихся по итогам полугодия",
     "Оценить успеваемость и качество знаний по итогам полугодия",
     "фронтальный", "административная контрольная работа; срез знаний",
     "приказ; педагогический совет", "12;5", "Half-year administrative tests"),
    ("L05", "results", "metasubject", "Метапредметные результаты обучающихся 4 и 8 классов",
     "Оценить сформированность регулятивных, познавательных и коммуникативных УУД",
     "комплексный", "комплексная работа; диагностическая работа", "справка; заседание ШМО", "2;3",
     "Integrated test of cross-curricular skills, grades 4 and 8"),
    ("L06", "results", "metasubject", "Смысловое чтение обучающихся 5–7 классов",
     "Оценить уровень читательской грамотности", "тематический",
     "читательская диагностика; анализ текста", "справка; совещание при заместителе директора",
     "11", "Reading literacy, grades 5–7"),
    ("L07", "results", "metasubject", "Функциональная грамотность обучающихся 8–9 классов",
     "Оценить математическую, естественнонаучную и финансовую грамотность", "фронтальный",
     "функциональная диагностика; анализ результатов", "справка; педагогический совет", "1;2",
     "Functional literacy, grades 8–9"),
    ("L08", "results", "metasubject", "Индивидуальные проекты обучающихся 9 и 10 классов",
     "Оценить сформированность проектной деятельности", "тематический",
     "защита проекта; экспертиза проектных работ", "протокол; справка", "4",
     "Individual projects, grades 9–10"),
    ("L09", "results", "personal", "Личностные результаты обучающихся 5–9 классов",
     "Оценить ценностные ориентации и учебную мотивацию в неперсонифицированной процедуре",
     "фронтальный", "анкетирование; неперсонифицированный мониторинг",
     "справка; совещание при директоре", "10;4",
     "Values and motivation survey, grades 5–9 (anonymous)"),
    ("L10", "results", "personal", "Адаптация обучающихся 1, 5 и 10 классов",
     "Оценить адаптацию обучающихся к новому уровню образования", "классно-обобщающий",
     "наблюдение; социометрия; опрос", "справка; малый педагогический совет", "10;11",
     "Adaptation of grades 1, 5 and 10"),
    ("L11", "results", "personal",
     "Участие обучающихся в олимпиадах, конкурсах и внеурочной деятельности",
     "Оценить вовлечённость обучающихся во внеучебную деятельность", "тематический",
     "мониторинг участия; опрос", "справка; совещание при директоре", "12;5",
     "Extracurricular achievements and olympiads"),
    ("L12", "process", None, "Деятельность педагогов по обеспечению объективности оценивания",
     "Проверить соответствие текущего оценивания положению о формах и порядке аттестации",
     "персональный", "посещение уроков; анализ электронного журнала", "справка; заседание ШМО",
     "11;3", "Objective marking by teachers (lesson visits, journal)"),
    ("L13", "process", None, "Работа молодых и вновь прибывших учителей",
     "Оказать методическую помощь, оценить качество проведения уроков", "персональный",
     "посещение уроков; собеседование", "справка; совещание при заместителе директора", "10;2",
     "Support of new teachers"),
    ("L14", "process", None, "Реализация рабочих программ по предметам",
     "Проверить выполнение рабочих программ педагогами", "фронтальный",
     "анализ документации; анализ электронного журнала", "справка; приказ", "12;5",
     "Delivery of the subject curricula"),
    ("L15", "conditions", None, "Повышение квалификации педагогических кадров",
     "Оценить выполнение плана курсовой подготовки", "тематический", "анализ документации",
     "справка; педагогический совет", "1", "Teachers' professional development"),
    ("L16", "conditions", None, "Материально-техническое и информационное обеспечение",
     "Оценить оснащённость кабинетов и использование оборудования", "обзорный",
     "наблюдение; анализ документации", "справка; совещание при директоре", "9",
     "Equipment and information resources"),
)

#: library_id → the English label (a message id of the control_plan catalog).
LABELS = {item[0]: item[-1] for item in _ITEMS}


def builtin() -> pd.DataFrame:
    """The built-in library, Russian content, without labels."""
    return pd.DataFrame([item[:-1] for item in _ITEMS], columns=COLUMNS)


def library(lang: str = "ru", source=None) -> pd.DataFrame:
    """The control_library table, with a short ``label`` of each item in ``lang``.

    Parameters
    ----------
    lang : ``ru`` | ``en`` | ``zh`` — the language of ``label`` (the items' content is
        Russian: the plan is a school's Russian document).
    source : a municipality's own library: a DataFrame or a CSV path of the same columns;
        its labels are the items' objects.

    Returns
    -------
    DataFrame: ``library_id``, ``direction``, ``result_kind``, ``object``, ``goal``, ``form``,
    ``methods``, ``recording``, ``months`` (suggested, a ``;`` list), ``label``.

    References
    ----------
    Armavir order of 02.03.2020 № 204, appendix: the seminar's «методический конструктор
    „Интегрированный план ВШК и ВСОКО“» — objects, goals, methods, forms and recording.

    Examples
    --------
    >>> lib = library("en")
    >>> lib.groupby("result_kind").size().to_dict()
    {'metasubject': 4, 'personal': 3, 'subject': 4}
    >>> lib.loc[0, "label"]
    'Entry diagnostic tests in Russian and mathematics, grades 5–9'
    """
    _ = translator(lang, "control_plan")
    if source is None:
        frame = builtin()
        typed, problems = check_table("control_library", frame)
        labels = typed["library_id"].map(lambda i: _(LABELS[i]))
    else:
        if isinstance(source, (str, os.PathLike)):
            from pathlib import Path

            from ..core.loading import read_csv

            frame = read_csv(Path(source), "control_library")
            name = Path(source).name
        elif isinstance(source, pd.DataFrame):
            frame, name = source, "control_library"
        else:
            raise InputError(f"a library must be a DataFrame or a CSV path, not "
                             f"{type(source).__name__}", table="control_library")
        typed, problems = check_table("control_library", frame, source=name)
        labels = typed["object"] if not problems else None
    if problems:
        raise InputError(problems=problems)
    out = typed[COLUMNS].copy()
    out["label"] = labels.to_numpy()
    return out
