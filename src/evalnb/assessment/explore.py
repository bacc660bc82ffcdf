"""Exploring marks and external results with widgets, for a methodologist in JupyterLab.

:class:`Explorer` shows four drop-downs — school, subject, period, class —
and redraws its tables and charts whenever one changes: the subjects (or the
chosen subject) with pass rate, quality, СОУ and their change; the classes
(or, for a chosen class and subject, its students' marks over the periods);
quality over the periods; and the external procedures against the journal
marks.  Everything it shows comes from the calculators; the widgets only
filter.  Tables are HTML widgets and charts PNG images, so the explorer
works the same in JupyterLab, under Voilà, and in tests (set a widget's
``value`` and read :attr:`Explorer.current` or the widgets' values)::

    from evalnb.assessment.explore import Explorer
    Explorer(data)            # displays itself
"""

from __future__ import annotations

import html
import io

import ipywidgets as w
import numpy as np
import pandas as pd

from ..core.charts import PALETTE, figure, percent_axis
from ..core.report import ReportContext, school_rows
from ..core.tables import html_table
from .data import KINDS, first_municipality, in_window, year_window
from .external import compare_rows
from .labels import period_label, pp, result_labels, short_labels, signed, student_names
from .marks import dynamics, mark_stats, period_order

_ALL = "__all__"
#: What an external mark is against the journal mark (the codes of ``compare_rows``).
RESULT_CODES = ("lowered", "confirmed", "raised")


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _subset(frame: pd.DataFrame, mask) -> pd.DataFrame:
    out = frame[np.asarray(mask, dtype=bool)]
    out.attrs.update(frame.attrs)
    return out


class Explorer:
    """School, subject, period and class drop-downs over tables and charts.

    Parameters
    ----------
    data : a :class:`~evalnb.core.store.Store`, database URL, SQLite file or CSV folder.
    municipality : the schools offered; ``None`` = the first municipality.
    lang : ``None`` = the language of the municipality's first school.
    rules_path : the municipality's rules (YAML) or ``None``.

    Attributes
    ----------
    school, subject, period, klass : the drop-downs (``subject`` and ``klass``
        offer "all" as the value ``None``).
    current : the frames behind what is shown (``stats``, ``dynamics``,
        ``classes`` or ``students``, ``objectivity``), recomputed on every change.
    """

    def __init__(self, data=None, municipality: str | None = None, lang: str | None = None,
                 rules_path=None):
        self.ctx = ctx = ReportContext.open("assessment", data, lang=lang, rules_path=rules_path)
        self.store, self.rules = ctx.store, ctx.rules
        self.municipality = municipality or first_municipality(self.store)
        self.schools = self.store.schools(municipality=self.municipality, kinds=KINDS,
                                          with_rows_in="students")
        ctx.speak_as(self.schools.iloc[0].to_dict())
        self.lang, self._ = ctx.lang, ctx._
        self.periods = self.store.read("periods")
        self.order = period_order(self.periods["period"], self.periods)
        self._loaded: dict[str, dict] = {}
        self._busy = False
        self.current: dict[str, pd.DataFrame] = {}

        _ = self._
        layout = w.Layout(width="auto")
        self.school = w.Dropdown(options=list(zip(self.schools["name"], self.schools["school_id"])),
                                 description=_("School"), layout=layout)
        self.subject = w.Dropdown(description=_("Subject"), layout=layout)
        self.period = w.Dropdown(options=[(period_label(p, _), p) for p in self.order], value=self.order[-1] if self.order else None,
                                 description=_("Period"), layout=layout)
        self.klass = w.Dropdown(description=_("Class"), layout=layout)
        self.status = w.HTML("")
        self.table = w.HTML("")
        self.detail = w.HTML("")
        self.objectivity_table = w.HTML("")
        self.chart = w.Image(format="png")
        self.objectivity_chart = w.Image(format="png")
        self.widget = w.VBox([
            w.HBox([self.school, self.period]), w.HBox([self.subject, self.klass]), self.status,
            self.table, self.chart, self.detail, self.objectivity_table, self.objectivity_chart])
        self._fill_choices()
        for dd in (self.school, self.subject, self.period, self.klass):
            dd.observe(self._changed, names="value")
        self.refresh()

    def _ipython_display_(self):  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)

    # --- data ---------------------------------------------------------------------
    def _data(self, school_id: str) -> dict:
        if school_id not in self._loaded:
            self._loaded[school_id] = school_rows(self.store, school_id, ("students", "marks", "external"))
        return self._loaded[school_id]

    def _fill_choices(self) -> None:
        """Subjects and classes of the chosen school (keeps the choice when it still exists)."""
        d = self._data(self.school.value)
        _ = self._
        subjects = sorted(pd.unique(d["marks"]["subject"]))
        classes = d["students"][["grade", "class_label"]].dropna().drop_duplicates().sort_values(
            ["grade", "class_label"])["class_label"].tolist()
        self._busy = True
        try:
            keep = self.subject.value
            self.subject.options = [(_("All subjects"), _ALL)] + [(s, s) for s in subjects]
            self.subject.value = keep if keep in subjects else _ALL
            keep = self.klass.value
            self.klass.options = [(_("All classes"), _ALL)] + [(c, c) for c in classes]
            self.klass.value = keep if keep in classes else _ALL
        finally:
            self._busy = False

    def _changed(self, change) -> None:
        if self._busy:
            return
        if change["owner"] is self.school:
            self._fill_choices()
        self.refresh()

    @property
    def chosen_subject(self) -> str | None:
        return None if self.subject.value == _ALL else self.subject.value

    @property
    def chosen_class(self) -> str | None:
        return None if self.klass.value == _ALL else self.klass.value

    # --- computing and drawing ----------------------------------------------------
    def refresh(self) -> None:
        """Recompute :attr:`current` for the chosen values and redraw."""
        d = self._data(self.school.value)
        r, lang, _ = self.rules, self.lang, self._
        students, marks, external = d["students"], d["marks"], d["external"]
        subject, klass, period = self.chosen_subject, self.chosen_class, self.period.value
        if klass is not None:
            ids = students.loc[(students["class_label"] == klass).to_numpy(dtype=bool), "student_id"]
            marks = _subset(marks, marks["student_id"].isin(ids))
            external = _subset(external, external["student_id"].isin(ids))
        if subject is not None:
            marks = _subset(marks, marks["subject"] == subject)
            external = _subset(external, external["subject"] == subject)
        cur: dict[str, pd.DataFrame] = {}
        cur["stats"] = mark_stats(marks, students, by=("subject", "period"), rules=r)
        cur["dynamics"] = dynamics(cur["stats"], self.periods, rules=r)
        now = _subset(marks, marks["period"] == period)
        if klass is None:
            cur["classes"] = mark_stats(now, students, by=("grade", "class_label"), rules=r)
        if klass is not None and subject is not None:
            cur["students"] = self._student_grid(marks, students)
        ext = in_window(external, year_window(self.periods, period, r))
        rows = compare_rows(ext, d["marks"], self.periods, students)
        rows = rows[rows["result"] != "unmatched"]
        cur["objectivity"] = (rows.groupby(["procedure", "subject", "result"]).size()
                              .unstack(fill_value=0).reindex(columns=list(RESULT_CODES), fill_value=0)
                              .reset_index())
        tot = cur["objectivity"][list(RESULT_CODES)].sum(axis=1)
        for c in RESULT_CODES:
            cur["objectivity"][f"{c}_share"] = cur["objectivity"][c] / tot.where(tot > 0)
        self.current = cur
        self._draw(period)

    def _student_grid(self, marks, students) -> pd.DataFrame:
        """One row per student of the class, one column per period: the journal mark (or status).

        The student's name follows the code (column ``student_name``) where the
        students table has names: the explorer is for the people who keep the
        class lists, never a handout.
        """
        shown = marks["mark"].astype("Int64").astype(str).where(marks["mark"].notna(),
                                                                marks["status"].fillna("—").astype(str))
        grid = marks.assign(shown=shown).pivot_table(index="student_id", columns="period", values="shown",
                                                     aggfunc="first")
        grid = grid.reindex(columns=[p for p in self.order if p in grid.columns])
        grid = grid.reset_index().rename_axis(columns=None)
        names = student_names(students.drop_duplicates("student_id").set_index("student_id")
                              .reindex(grid["student_id"]))
        if names is not None:
            grid.insert(1, "student_name", names.to_numpy())
        return grid

    def _draw(self, period) -> None:
        _, lang, cur = self._, self.lang, self.current
        short, results = short_labels(_), result_labels(_)
        dyn = cur["dynamics"]
        now = dyn[(dyn["period"] == period).to_numpy(dtype=bool)]
        self.status.value = (f"<b>{html.escape(_('Period'))}:</b> {html.escape(period_label(period, _))}"
                             if not now.empty else html.escape(_("No journal marks for this choice.")))
        show = pd.DataFrame({
            "subject": now["subject"], "n": now["n"], "pass_rate": now["pass_rate"],
            "quality": now["quality"], "d_quality": [pp(x, lang) for x in now["d_quality"]],
            "sou": now["sou"], "d_sou": [signed(x, lang) for x in now["d_sou"]]})
        self.table.value = html_table(show, lang, labels={
            "subject": _("Subject"), "n": _("N"), "pass_rate": short["pass_rate"],
            "quality": short["quality"], "d_quality": _("Δ, p.p."), "sou": _("СОУ, %"), "d_sou": _("Δ")},
            formats={"pass_rate": "percent", "quality": "percent", "n": "int", "sou": "number",
                     "d_quality": "text", "d_sou": "text", "subject": "text"}).html
        if "students" in cur:
            self.detail.value = html_table(cur["students"], lang, labels={
                "student_id": _("Student"), "student_name": _("Name"),
                **{p: period_label(p, _) for p in self.order}},
                                           formats={c: "text" for c in cur["students"].columns},
                                           caption=_("Journal marks of the class")).html
        elif "classes" in cur:
            c = cur["classes"]
            self.detail.value = html_table(c[["class_label", "n", "pass_rate", "quality", "sou"]], lang, labels={
                "class_label": _("Class"), "n": _("N"), "pass_rate": short["pass_rate"],
                "quality": short["quality"], "sou": _("СОУ, %")},
                formats={"pass_rate": "percent", "quality": "percent", "n": "int", "sou": "number",
                         "class_label": "text"}, caption=_("Classes")).html
        else:
            self.detail.value = ""
        self.chart.value = _png(self._quality_chart(dyn))
        o = cur["objectivity"]
        if o.empty:
            self.objectivity_table.value = html.escape(
                _("No external procedure with marks to compare in this school year."))
            self.objectivity_chart.value = b""
        else:
            self.objectivity_table.value = html_table(
                o[["procedure", "subject", "lowered_share", "confirmed_share", "raised_share"]], lang,
                labels={"procedure": _("Procedure"), "subject": _("Subject"),
                        "lowered_share": results["lowered"], "confirmed_share": results["confirmed"],
                        "raised_share": results["raised"]},
                formats={"lowered_share": "percent", "confirmed_share": "percent", "raised_share": "percent",
                         "procedure": "text", "subject": "text"}).html
            from .report import stacked_results

            self.objectivity_chart.value = _png(stacked_results(
                self.ctx, o, _("External marks against journal marks")))

    def _quality_chart(self, dyn):
        _ = self._
        fig, ax = figure(figsize=(6.5, 3.0))
        for i, (s, g) in enumerate(dyn.groupby("subject", sort=True)):
            g = g.set_index("period").reindex([p for p in self.order if p in set(dyn["period"])])
            ax.plot(list(g.index), g["quality"], marker="o", label=s, color=PALETTE[i % len(PALETTE)])
        ax.axhline(self.rules.risk_quality_below, color="#c0392b", lw=0.8, ls="--")
        ax.set_ylim(0, 1)
        percent_axis(ax, "y", self.lang)
        ax.set_title(_("Quality of knowledge by subject, period to period"))
        if len(dyn):
            ax.legend(fontsize=7, ncol=2, loc="lower left")
        return fig


__all__ = ["Explorer"]
