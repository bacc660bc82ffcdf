"""The forms ``evalnb forms`` serves: one notebook each in ``notebooks/forms/``.

Each entry names the domain's form (``module:attribute``, a class or function
called as ``factory(store, *choices, lang=…, user=…)`` and returning an object
with a ``widget`` and a core :class:`~evalnb.core.forms.Form` as ``form``),
what the page asks before opening it (a school, a cycle …), and its title and
description (message ids of the ``serve`` catalog).  A form whose domain
module is not there (yet) is simply not offered.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import UnknownNameError


def _(msgid: str) -> str:  # marks message ids for the catalog; translated where shown
    return msgid


@dataclass(frozen=True)
class ServedForm:
    """One served form.

    ``pick`` lists what the page asks for before it builds the form, in
    order: ``"school"`` (a school of ``kinds``, with rows in ``with_rows_in``
    when given) and ``"cycle"`` (a review cycle of that school, or a new one).
    """

    name: str
    factory: str
    domain: str
    title: str
    description: str
    pick: tuple[str, ...] = ()
    kinds: tuple[str, ...] | None = None
    with_rows_in: str | None = None
    cycles_in: tuple[str, ...] = ("self_diagnosis", "review")

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"

    def load(self) -> Callable | None:
        """The domain's form class or function, or None while its module does not exist."""
        module, _sep, attr = self.factory.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                return None
            raise
        return getattr(mod, attr, None)


FORMS: tuple[ServedForm, ...] = (
    ServedForm("journal_marks", "evalnb.assessment.forms:MarksForm", "assessment",
               _("Journal marks of a class"),
               _("Final marks of a period for every student of a class, subject by subject.")),
    ServedForm("external_results", "evalnb.assessment.forms:ExternalForm", "assessment",
               _("External assessment results"),
               _("Results of ВПР, regional diagnostic works and the final essay, student by student.")),
    ServedForm("self_diagnosis", "evalnb.diagnosis.forms:SelfReportForm", "diagnosis",
               _("Self-diagnosis report (诊改, 附2)"),
               _("A vocational school's self-diagnosis, element by element: attainment, "
                 "diagnosis, measures and effect."),
               pick=("school", "cycle"), kinds=("vocational",)),
    ServedForm("review", "evalnb.diagnosis.forms:ReviewForm", "diagnosis",
               _("Review by experts (复核)"),
               _("The experts' verdict on each element and their summary; shows the conclusion."),
               pick=("school", "cycle"), kinds=("vocational",), with_rows_in="self_diagnosis"),
    ServedForm("course_results", "evalnb.training.forms:ResultsForm", "training",
               _("Course results"),
               _("Absences, lateness, written test and discipline of every trainee of a course; "
                 "shows the course's assessment.")),
    ServedForm("course_registration", "evalnb.training.forms:CourseForm", "training",
               _("Course registration"),
               _("Register a continuing-education course: title, level, mode, sessions, hours, dates.")),
)

DOMAIN_TITLES = {"assessment": _("Marks and external assessments"),
                 "diagnosis": _("Teaching diagnosis and improvement (诊改)"),
                 "training": _("Teachers' continuing education")}


def get(name: str) -> ServedForm:
    for entry in FORMS:
        if entry.name == name:
            return entry
    raise UnknownNameError("form", name, [e.name for e in FORMS])


def for_factory(factory: Callable) -> ServedForm | None:
    """The entry of a domain's form class or function, if it is a served one."""
    key = f"{getattr(factory, '__module__', '')}:{getattr(factory, '__qualname__', '')}"
    return next((e for e in FORMS if e.factory == key), None)


def available(folder: str | Path | None = None) -> list[ServedForm]:
    """The forms that can be served: their domain module exists (and, given ``folder``, their notebook)."""
    out = []
    for entry in FORMS:
        if folder is not None and not (Path(folder) / entry.notebook).exists():
            continue
        if entry.load() is not None:
            out.append(entry)
    return out
