"""Problems said in the user's language: by the forms, and by ``evalnb validate`` / ``import``.

No widgets here, so that the command line can say a problem as a form does.
"""

from __future__ import annotations

import locale
import os

from ..errors import Problem
from . import schemas
from .i18n import LANGS, translator

#: message ids (English text, translated by the core catalog) per kind of problem
_PROBLEM_MESSAGES = {
    "required": "Required",
    "range": "Must be from {min} to {max}",
    "min": "Must be at least {min}",
    "max": "Must be at most {max}",
    "choices": "Must be one of: {choices}",
    "duplicate": "Appears more than once",
    "unknown_ref": "Not found in the database",
}
_TYPE_MESSAGES = {"int": "Must be a whole number", "float": "Must be a number",
                  "date": "Must be a date (YYYY-MM-DD)", "bool": "Must be yes or no"}


def problem_message(problem: Problem, lang: str) -> str:
    """A problem found by the schemas, said in the user's language.

    Rules between columns (``row_rule``) are translated by their English
    text; anything else falls back to the English rule, never to nothing.
    """
    _ = translator(lang, "core")
    if problem.code == "type":
        return _(_TYPE_MESSAGES.get(problem.params.get("kind", ""), "Must be a number"))
    if problem.code in _PROBLEM_MESSAGES:
        return _(_PROBLEM_MESSAGES[problem.code], **problem.params)
    declared = schemas.problem_message(problem.code) if problem.code else None
    if declared is not None:  # a rule across tables, declared by its domain
        return translator(lang, declared[0])(declared[1], **problem.params)
    return _(problem.rule)


def problem_line(problem: Problem, lang: str) -> str:
    """One problem as ``evalnb validate`` prints it: where, the value, and the rule, in ``lang``.

    English keeps the rule's full text and hint (what the contract says); the
    other languages say the rule as the forms do.

    Examples
    --------
    >>> p = Problem("marks.csv", 2, "mark", 7, "must be from 1 to 5", code="range",
    ...             params={"min": 1, "max": 5})
    >>> problem_line(p, "ru")
    'таблица marks.csv, строка 2, столбец mark: значение 7: Должно быть от 1 до 5'
    """
    if lang == "en":
        return str(problem)
    _ = translator(lang, "core")
    where = []
    if problem.table:
        where.append(_("table {table}", table=problem.table))
    if problem.row is not None:
        where.append(_("row {row}", row=problem.row))
    if problem.column:
        where.append(_("column {column}", column=problem.column))
    text = ", ".join(where) + ": " if where else ""
    if problem.value is not None:
        text += _("value {value}", value=repr(problem.value)) + ": "
    return text + problem_message(problem, lang)


def default_lang() -> str:
    """The language of the person at the terminal: ``$EVALNB_LANG``, else the locale, else English."""
    for candidate in (os.environ.get("EVALNB_LANG"), os.environ.get("LC_ALL"),
                      os.environ.get("LC_MESSAGES"), os.environ.get("LANG"),
                      (locale.getlocale()[0] or "")):
        code = (candidate or "").split("_")[0].split(".")[0].lower()
        if code in LANGS:
            return code
    return "en"
