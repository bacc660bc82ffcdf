"""A project school's report: risk profile, anti-risk programme, documents, stage readiness."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.charts import figure
from ...core.i18n import fmt_date, fmt_number, fmt_percent, translator
from ...core.tables import html_table
from ..labels import (DOC_LABELS, LEVEL_COLOURS, LEVEL_LABELS, MEASURE_STATUS_LABELS, factor_names,
                      labels)
from ..schools import antirisk_progress, documents_status, stage_monitoring
from ..tables import DOCS
from . import SupportData, short

DOMAIN = "support"
_LEVEL_RANK = {"low": 1, "medium": 2, "high": 3}


class SchoolReport:
    """One project school's anti-risk work at ``as_of``, computed once."""

    def __init__(self, data: SupportData, school_id: str, as_of: pd.Timestamp, year: int, rules,
                 lang: str):
        self.data, self.school_id, self.as_of, self.year, self.rules, self.lang = (
            data, school_id, as_of, year, rules, lang)
        self._ = translator(lang, DOMAIN)
        self.factor_names = factor_names(data.risk_factors, lang)
        profile = data.risk_profile[(data.risk_profile["school_id"] == school_id)
                                    & (data.risk_profile["year"] == year)]
        measures = data.measures[(data.measures["school_id"] == school_id) & (data.measures["year"] == year)]
        self.profile, self.measures = profile, measures
        self.progress = antirisk_progress(measures, profile, as_of, rules)
        project = data.project[data.project["school_id"] == school_id]
        self.in_project = bool((project["year"] == year).any())
        self.project = project[project["year"] == year]
        self.documents = documents_status(data.documents, self.project, year, rules)
        self.stages = {s: stage_monitoring(measures, self.project, s, rules, year=year) for s in (1, 2)}

    def _name(self, factor) -> str:
        return self.factor_names.get(factor, factor)

    def figures(self) -> dict:
        s = self.progress.by_school
        row = s.iloc[0] if len(s) else None
        docs = self.documents[self.documents["scope"] == self.school_id]
        placed = int(docs[list(DOCS)].notna().sum(axis=1).iloc[0]) if len(docs) else 0
        ready = {k: self.stages[k].loc[self.stages[k]["scope"] == self.school_id, "ready"] for k in (1, 2)}
        return {
            "factors_high": int(row["factors_high"]) if row is not None else 0,
            "factors_uncovered": int(row["factors_uncovered"]) if row is not None else 0,
            "measures": int(row["measures"]) if row is not None else 0,
            "measures_done_share": float(row["measures_done_share"]) if row is not None else np.nan,
            "measures_overdue": int(row["overdue"]) if row is not None else 0,
            "documents_placed": placed,
            "stage1_ready": bool(ready[1].iloc[0]) if len(ready[1]) else False,
            "stage2_ready": bool(ready[2].iloc[0]) if len(ready[2]) else False,
        }

    def summary_table(self):
        _ = self._
        f = self.figures()
        yes_no = lambda b: _("yes") if b else _("no")  # noqa: E731
        rows = [
            (_("Risk factors at a high level"), fmt_number(f["factors_high"], self.lang, 0)),
            (_("Risk directions without a measure"), fmt_number(f["factors_uncovered"], self.lang, 0)),
            (_("Measures of the anti-risk programme"), fmt_number(f["measures"], self.lang, 0)),
            (_("Measures done"), fmt_percent(f["measures_done_share"], self.lang)),
            (_("Measures overdue"), fmt_number(f["measures_overdue"], self.lang, 0)),
            (_("Documents placed (of 3)"), fmt_number(f["documents_placed"], self.lang, 0)),
            (_("Ready for the stage 1 check"), yes_no(f["stage1_ready"])),
            (_("Ready for the stage 2 check"), yes_no(f["stage2_ready"])),
        ]
        return html_table(pd.DataFrame(rows, columns=["what", "value"]), self.lang,
                          labels={"what": _("Figure"), "value": _("Value")}, formats={"value": "text"})

    def profile_chart(self):
        """The risk profile: one bar per factor, its length the level, marked when activated."""
        _ = self._
        prof = self.profile.copy()
        if prof.empty:
            return None
        prof["rank"] = prof["level"].map(_LEVEL_RANK)
        prof["name"] = [short(self._name(f), 48) for f in prof["factor"]]
        prof = prof.sort_values(["rank", "name"], ascending=[True, False])
        fig, ax = figure(figsize=(7.2, 0.36 * len(prof) + 1.3))
        ax.barh(prof["name"], prof["rank"], color=[LEVEL_COLOURS[v] for v in prof["level"]], height=0.6)
        for y, (rank, act) in enumerate(zip(prof["rank"], prof["activated"].fillna(False))):
            if act:
                ax.text(rank + 0.05, y, "●", va="center", fontsize=9, color="#222222")
        names = labels(LEVEL_LABELS, self.lang)
        ax.set_xticks([1, 2, 3])
        ax.set_xticklabels([names["low"], names["medium"], names["high"]])
        ax.set_xlim(0, 3.4)
        ax.grid(axis="x", color="#dddddd")
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", labelsize=8)
        ax.set_xlabel(_("Risk level (● direction activated in ИС МЭДК)"))
        return fig

    def factors_table(self):
        _ = self._
        by = self.progress.by_factor
        if by.empty:
            return None
        by = by.assign(rank=by["level"].map(_LEVEL_RANK).fillna(0)).sort_values(
            ["rank", "factor"], ascending=[False, True])
        lv = labels(LEVEL_LABELS, self.lang)
        frame = pd.DataFrame({
            "factor": [short(self._name(f), 60) for f in by["factor"]],
            "level": [lv.get(v, "—") if isinstance(v, str) else "—" for v in by["level"]],
            "measures": by["measures"].to_numpy(), "done": by["done"].to_numpy(),
            "overdue": by["overdue"].to_numpy(), "done_share": by["done_share"].to_numpy()})
        return html_table(frame, self.lang, formats={"done_share": "percent"},
                          labels={"factor": _("Risk factor"), "level": _("Level"), "measures": _("Measures"),
                                  "done": _("Done"), "overdue": _("Overdue"), "done_share": _("Done, share")},
                          highlight={"evalnb-warn": pd.Series(by["uncovered"].to_numpy(), index=frame.index)})

    def uncovered(self) -> list[str]:
        by = self.progress.by_factor
        return [self._name(f) for f in by.loc[by["uncovered"], "factor"]]

    def overdue_table(self):
        _ = self._
        m = self.measures
        late = m[(m["deadline"] < self.as_of) & (m["status"] != "done")].sort_values(["deadline", "measure_id"])
        if late.empty:
            return None
        st = labels(MEASURE_STATUS_LABELS, self.lang)
        frame = pd.DataFrame({"measure": [short(t, 60) for t in late["measure"]],
                              "factor": [short(self._name(f), 40) for f in late["factor"]],
                              "deadline": late["deadline"].to_numpy(),
                              "status": late["status"].map(st).to_numpy()})
        return html_table(frame, self.lang, labels={"measure": _("Measure"), "factor": _("Risk factor"),
                                                    "deadline": _("Deadline"), "status": _("Status")})

    def documents_table(self):
        _ = self._
        docs = self.data.documents[(self.data.documents["school_id"] == self.school_id)
                                   & (self.data.documents["year"] == self.year)].set_index("doc")
        names = labels(DOC_LABELS, self.lang)
        deadline = pd.Timestamp(self.rules.documents_deadline) if self.rules.documents_deadline else None
        rows = []
        for doc in DOCS:
            r = docs.loc[doc] if doc in docs.index else None
            placed = r["placed"] if r is not None else pd.NaT
            on_time = "—" if deadline is None or pd.isna(placed) else (_("yes") if placed <= deadline else _("no"))
            rows.append((names[doc], fmt_date(placed, self.lang) if pd.notna(placed) else _("not placed"),
                         (_("yes") if bool(r["confirmed_by_curator"]) else _("no")) if r is not None else "—",
                         fmt_date(r["expertise_received"], self.lang)
                         if r is not None and pd.notna(r["expertise_received"]) else "—", on_time))
        frame = pd.DataFrame(rows, columns=["doc", "placed", "confirmed", "expertise", "on_time"])
        cols = {"doc": _("Document"), "placed": _("Placed in ИС МЭДК"), "confirmed": _("Confirmed by the curator"),
                "expertise": _("FIOKO's expertise"), "on_time": _("By the deadline")}
        if deadline is None:
            frame = frame.drop(columns="on_time")
        return html_table(frame, self.lang, labels=cols, formats={c: "text" for c in frame.columns})

    def stages_table(self):
        _ = self._
        rows = []
        for stage, frame in self.stages.items():
            r = frame[frame["scope"] == self.school_id]
            if r.empty:
                continue
            r = r.iloc[0]
            check = frame["check_date"].iloc[-1]
            rows.append((_("Stage {n}", n=stage), int(r["measures_stage"]), int(r["done"]),
                         int(r["with_evidence"]), int(r["confirmed"]),
                         _("yes") if r["ready"] else _("no"),
                         fmt_date(check, self.lang) if pd.notna(check) else "—"))
        if not rows:
            return None
        frame = pd.DataFrame(rows, columns=["stage", "measures", "done", "evidence", "confirmed", "ready",
                                            "check"])
        return html_table(frame, self.lang, formats={"ready": "text", "check": "text"},
                          labels={"stage": _("Stage"), "measures": _("Measures"), "done": _("Done"),
                                  "evidence": _("With evidence"), "confirmed": _("Confirmed"),
                                  "ready": _("Ready"), "check": _("Check date")})


__all__ = ["SchoolReport"]
