"""The regional roadmap report: Gantt chart, overdue and due-soon tasks, share indicators."""

from __future__ import annotations

import pandas as pd

from ...core.i18n import fmt_date, fmt_number, fmt_percent, translator
from ...core.tables import html_table
from ..gantt import gantt
from ..labels import STATE_LABELS, STATUS_LABELS, labels
from ..roadmap import roadmap_ranges, roadmap_status
from ..schools import documents_status, project_check, stage_monitoring
from ..shares import indicator_shares
from . import SupportData, short

DOMAIN = "support"


class RoadmapReport:
    """Everything the regional report shows, computed once.

    ``municipality``: only the project schools of that municipality count in the
    share indicators, documents and stages (the roadmap's tasks stay the region's).
    """

    def __init__(self, data: SupportData, as_of: pd.Timestamp, year: int, rules, lang: str,
                 municipality: str | None = None):
        self.data, self.as_of, self.year, self.rules, self.lang = data, as_of, year, rules, lang
        self._ = translator(lang, DOMAIN)
        project = data.project
        if municipality:
            ids = data.schools.loc[data.schools["municipality"] == municipality, "school_id"]
            project = project[project["school_id"].isin(ids)]
        self.project = project
        self.ranges = roadmap_ranges(data.roadmap)
        self.status = roadmap_status(data.roadmap, as_of, data.progress, rules)
        self.shares = indicator_shares(data.roadmap, data.participation, project, year,
                                       data.population if len(data.population) else None, rules,
                                       risk_profile=data.risk_profile, school_documents=data.documents)
        self.documents = documents_status(data.documents, project, year, rules)
        self.stages = {s: stage_monitoring(data.measures, project, s, rules, year=year) for s in (1, 2)}
        self.check = project_check(project, year, rules).iloc[0]

    # --- figures -------------------------------------------------------------------------
    def figures(self) -> dict:
        counts = self.status["state"].value_counts()
        region = self.shares[self.shares["scope"] == "region"]
        met = region["met"].dropna()
        return {
            "tasks": int(len(self.status)),
            "done": int(counts.get("done", 0)),
            "overdue": int(counts.get("overdue", 0)),
            "due_soon": int(counts.get("due_soon", 0)),
            "in_window": int(counts.get("in_window", 0)),
            "upcoming": int(counts.get("upcoming", 0)),
            "schools": int(self.check["schools"]),
            "shares_met": int(met.astype(bool).sum()),
            "shares_with_target": int(len(met)),
            "documents_share": float(self.documents["share"].iloc[-1]),
            "stage1_ready_share": float(self.stages[1]["share"].iloc[-1]),
        }

    def summary_table(self):
        _ = self._
        f = self.figures()
        rows = [
            (_("Tasks of the roadmap"), fmt_number(f["tasks"], self.lang, 0)),
            (_("Done"), fmt_number(f["done"], self.lang, 0)),
            (_("Overdue"), fmt_number(f["overdue"], self.lang, 0)),
            (_("Due within {n} days", n=self.rules.due_soon_days), fmt_number(f["due_soon"], self.lang, 0)),
            (_("Under way"), fmt_number(f["in_window"], self.lang, 0)),
            (_("Not yet begun"), fmt_number(f["upcoming"], self.lang, 0)),
            (_("Project schools"), fmt_number(f["schools"], self.lang, 0)
             + ("" if pd.isna(self.check["quota"]) else " / " + _("quota {n}", n=int(self.check["quota"])))),
            (_("Share indicators at their target"),
             f"{fmt_number(f['shares_met'], self.lang, 0)} / {fmt_number(f['shares_with_target'], self.lang, 0)}"),
            (_("Schools with all three documents placed"), fmt_percent(f["documents_share"], self.lang)),
            (_("Schools ready for the stage 1 check"), fmt_percent(f["stage1_ready_share"], self.lang)),
        ]
        frame = pd.DataFrame(rows, columns=["what", "value"])
        return html_table(frame, self.lang, labels={"what": _("Figure"), "value": _("Value")},
                          formats={"value": "text"})

    # --- charts and lists ----------------------------------------------------------------------
    def gantt(self):
        return gantt(self.ranges, self.status, self.as_of, lang=self.lang)

    def _task_table(self, rows: pd.DataFrame, extra: dict, formats: dict):
        _ = self._
        frame = pd.DataFrame({"task_no": rows["task_no"].astype(int),
                              "task": [short(t, 80) for t in rows["task"]]})
        for col, values in extra.items():
            frame[col] = list(values)
        frame["executors"] = [e.replace(";", ", ") or "—" for e in rows["executors"]]
        names = {"task_no": _("No."), "task": _("Task"), "due": _("Due"), "days": _("Days overdue"),
                 "status": _("Status"), "executors": _("Executors"), "start": _("Starts")}
        return html_table(frame, self.lang, labels=names, formats={"task_no": "text", **formats})

    def overdue_table(self):
        rows = self.status[self.status["state"] == "overdue"].sort_values(["due", "task_no"])
        if rows.empty:
            return None
        status = labels(STATUS_LABELS, self.lang)
        return self._task_table(rows, {"due": rows["due"], "days": rows["days_overdue"].astype("int64"),
                                       "status": rows["status"].map(status)},
                                {"due": "date", "days": "int"})

    def due_soon_table(self):
        rows = self.status[self.status["state"] == "due_soon"].sort_values(["due", "task_no"])
        if rows.empty:
            return None
        return self._task_table(rows, {"due": rows["due"]}, {"due": "date"})

    def starting_table(self, days: int = 31):
        """Tasks that begin within the next month (what to prepare)."""
        nxt = self.status["next_start"]
        soon = self.status[(nxt > self.as_of) & (nxt <= self.as_of + pd.Timedelta(days=days))]
        if soon.empty:
            return None
        soon = soon.sort_values(["next_start", "task_no"])
        return self._task_table(soon, {"start": soon["next_start"]}, {"start": "date"})

    def shares_table(self):
        _ = self._
        region = self.shares[self.shares["scope"] == "region"]
        if region.empty:
            return None
        frame = pd.DataFrame({
            "task_no": [f"{t}" + (f" ({n})" if n > 1 else "") for t, n in
                        zip(region["task_no"], region["indicator_no"])],
            "indicator": [short(t, 70) for t in region["indicator"]],
            "counted": [("—" if pd.isna(n) or pd.isna(d) else
                         f"{fmt_number(n, self.lang, 0)} / {fmt_number(d, self.lang, 0)}")
                        for n, d in zip(region["numerator"], region["denominator"])],
            "share": region["share"].to_numpy(), "target": region["target"].to_numpy(),
            "met": [(_("yes") if m else _("no")) if not pd.isna(m) else "—" for m in region["met"]],
        })
        return html_table(frame, self.lang, formats={"task_no": "text", "share": "percent",
                                                     "target": "percent", "counted": "text"},
                          labels={"task_no": _("No."), "indicator": _("Indicator"),
                                  "counted": _("Counted / base"), "share": _("Share"),
                                  "target": _("Target"), "met": _("Target met")},
                          highlight={"evalnb-warn": pd.Series(
                              (~region["met"]).fillna(False).astype(bool).to_numpy(), index=frame.index)})

    def schools_share_table(self):
        """Per-school teacher shares (tasks whose indicator is counted per school)."""
        _ = self._
        per = self.shares[(self.shares["scope"] == self.shares["school_id"])]
        if per.empty:
            return None
        pivot = per.pivot_table(index="school_id", columns="task_no", values="share", aggfunc="first")
        names = dict(zip(self.data.schools["school_id"], self.data.schools["name"]))
        frame = pd.DataFrame({"school": [names.get(s, s) for s in pivot.index]})
        cols = list(pivot.columns)[:4]
        for t in cols:
            frame[f"t{t}"] = pivot[t].to_numpy()
        return html_table(frame, self.lang, labels={"school": _("School"),
                                                    **{f"t{t}": _("Task {n}", n=t) for t in cols}},
                          formats={f"t{t}": "percent" for t in cols})

    def narrative(self) -> list[str]:
        _ = self._
        f = self.figures()
        out = [_("On {date}, {done} of {tasks} tasks of the roadmap are done; {overdue} are overdue and "
                 "{soon} are due within {n} days.", date=fmt_date(self.as_of, self.lang), done=f["done"],
                 tasks=f["tasks"], overdue=f["overdue"], soon=f["due_soon"], n=self.rules.due_soon_days)]
        if self.check["without_curator"]:
            out.append(_("Schools without a curator: {ids}.", ids=self.check["without_curator"].replace(";", ", ")))
        if not pd.isna(self.check["ok"]) and not self.check["ok"]:
            out.append(_("The project has {n} schools; the quota is {q}.", n=int(self.check["schools"]),
                         q=int(self.check["quota"])))
        return out


def state_legend(lang: str) -> dict[str, str]:
    return labels(STATE_LABELS, lang)


__all__ = ["RoadmapReport", "state_legend"]
