"""A school's basic facts, for ``notebooks/school_overview.ipynb``.

Works for every kind of school of the contract: it reads only what the
school has (students, teachers, vocational status data) and says so when a
table has nothing for it.  The facts are computed by pure functions
(:func:`facts`, :func:`composition`) from frames the notebook reads with
:func:`load` from its :class:`~evalnb.core.report.ReportContext`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .core.domain import Domain, ReportNotebook
from .core.i18n import fmt_int, translator


@dataclass(frozen=True)
class SchoolData:
    """One school's rows from the database."""

    school: dict
    students: pd.DataFrame
    teachers: pd.DataFrame
    status: pd.DataFrame


def load(ctx) -> SchoolData:
    """The report's school's rows (``ctx.school``; queries, not full-table loads)."""
    rows = ctx.rows("students", "teachers", "vocational_status",
                    columns={"students": ["student_id", "grade", "gender"],
                             "teachers": ["teacher_id", "kind"]})
    return SchoolData(school=ctx.school, students=rows["students"], teachers=rows["teachers"],
                      status=rows["vocational_status"])


def _latest(status: pd.DataFrame, indicators) -> float | None:
    """The sum of ``indicators`` in the latest year that has any of them, or None."""
    rows = status[status["indicator"].isin(list(indicators))] if len(status) else status
    if not len(rows):
        return None
    latest = rows["year"].max()
    return float(rows.loc[rows["year"] == latest, "value"].sum())


def key_figures(data: SchoolData) -> dict[str, int | None]:
    """The school's students and teachers, from whichever table holds them; None if none does.

    Students: the student roster, else full-time enrollment of the latest
    year of vocational status data.  Teachers: the teacher list, else
    full-time plus part-time teachers of the latest year of status data.

    Examples
    --------
    >>> import pandas as pd
    >>> d = SchoolData({}, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(
    ...     {"year": [2022, 2023], "indicator": ["enrollment_fulltime"] * 2, "value": [10.0, 12.0]}))
    >>> key_figures(d)
    {'students': 12, 'teachers': None}
    """
    students = len(data.students) if len(data.students) else _latest(data.status, ["enrollment_fulltime"])
    teachers = len(data.teachers) if len(data.teachers) else _latest(
        data.status, ["teachers_fulltime", "teachers_part_time"])
    return {"students": None if students is None else int(round(students)),
            "teachers": None if teachers is None else int(round(teachers))}


KIND_LABELS = {"general": "general school", "vocational": "secondary vocational school",
               "primary": "primary school", "kindergarten": "kindergarten", "other": "other"}


def facts(data: SchoolData, lang: str) -> pd.DataFrame:
    """Label / value rows describing the school, translated into ``lang``."""
    _ = translator(lang)
    s = data.school
    rows = [
        (_("School ID"), s["school_id"]),
        (_("Municipality"), s["municipality"]),
        (_("Kind"), _(KIND_LABELS[s["kind"]])),
    ]
    if s.get("cluster"):
        rows.append((_("Cluster"), s["cluster"]))
    figures = key_figures(data)
    if figures["students"] is not None:
        # a college counts its full-time students in its status data, not in a roster
        label = _("Students") if len(data.students) else _("Full-time students")
        rows.append((label, fmt_int(figures["students"], lang)))
    if figures["teachers"] is not None:
        rows.append((_("Teachers"), fmt_int(figures["teachers"], lang)))
    if len(data.status):
        rows.append((_("Latest year of status data"), str(int(data.status["year"].max()))))
    if s.get("closing_planned") is True:
        rows.append((_("Note"), _("listed for closure, merger or transfer")))
    if s.get("remote_area") is True:
        rows.append((_("Note"), _("remote area")))
    return pd.DataFrame(rows, columns=["label", "value"])


def composition(data: SchoolData, lang: str) -> tuple[pd.Series, str, str]:
    """What the chart shows: ``(counts, title, axis label)`` — the school's main population.

    Students by grade where the school has students; else full-time
    enrollment by year (vocational status data); else teachers by kind.
    """
    _ = translator(lang)
    if len(data.students):
        counts = data.students["grade"].value_counts().sort_index()
        counts.index = [str(int(g)) for g in counts.index]
        return counts, _("Students by grade"), _("Grade")
    if len(data.status):
        e = data.status[data.status["indicator"] == "enrollment_fulltime"].sort_values("year")
        counts = pd.Series(e["value"].to_numpy(), index=[str(int(y)) for y in e["year"]])
        return counts, _("Full-time students by year"), _("Year")
    if len(data.teachers):
        counts = data.teachers["kind"].value_counts().sort_index()
        counts.index = [_(k) for k in counts.index]
        return counts, _("Teachers by kind"), _("Kind")
    return pd.Series(dtype=float), _("No data for this school yet"), ""


def chart(counts: pd.Series, title: str, xlabel: str, lang: str):
    """A bar chart of :func:`composition`'s counts (callers check :func:`~evalnb.core.charts.single_bar`)."""
    from .core.charts import count_axis, figure
    fig, ax = figure(figsize=(7.5, 3.2))
    count_axis(ax)
    bars = ax.bar(counts.index, counts.to_numpy())
    ax.bar_label(bars, labels=[fmt_int(v, lang) for v in counts.to_numpy()], fontsize=8)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return fig


#: The school overview as the domain registry sees it: a report for every school, of any kind.
DOMAIN = Domain(name="overview", title="School overview", catalog="core",
                reports=(ReportNotebook("school_overview.ipynb"),))
