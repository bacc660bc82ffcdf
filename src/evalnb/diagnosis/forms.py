"""Forms of 诊改: the school's self-diagnosis report (附2) and the experts' review (§6).

Built on :mod:`evalnb.core.forms`: every field has its error line, text fields
show a live character count against the limit of 附2, a save validates first
and writes nothing on a problem, and what was typed stays in the form.

* :class:`SelfReportForm` — the school writes its report element by element:
  attainment (达成 / 基本达成 / 未达成), self-diagnosis (≤ 500 characters),
  improvement measures (≤ 200), effect (≤ 200), and the overview (≤ 500), the
  overall conclusion and the suggestions.  A report may be saved while
  incomplete (a draft): the status line says which elements are still
  missing.  Buttons export the saved report as DOCX and PDF in the layout of 附2.
* :class:`ReviewForm` — the experts record their verdict per element and their
  summary judgement; the form shows, element by element, where they agree
  with the school and the conclusion that follows (有效 / 异常 / 待改进).
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..core import forms as F
from ..core import schemas
from .tables import ATTAINMENT_ALIASES
from ..core.i18n import translator
from ..errors import InputError, Problem
from .labels import attainment_labels
from .catalog import ELEMENTS, elements
from .review import CONCLUSION_ZH, TEXT_LIMITS, char_count, check_self_report, review_conclusion

OVERVIEW_TABLE = "self_report_overview"
TEXT_FIELDS = ("diagnosis_text", "measures_text", "effect_text")


def attainment_options(lang: str) -> list[tuple[str, str | None]]:
    """Drop-down options ``(label, stored value)``: not chosen, 达成, 基本达成, 未达成."""
    _ = translator(lang, "diagnosis")
    return [(_("— not assessed —"), None)] + [(label, code) for code, label in attainment_labels(_).items()]


def _value(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v)


class SelfReportForm(F.DomainForm):
    """The self-diagnosis report form of one school and cycle (附2).

    Parameters
    ----------
    store : an :class:`evalnb.core.store.Store`.
    school_id, cycle : whose report.
    lang : the form's language (default: the school's).
    user : recorded in the audit log with each save.
    rules : the character limits (:class:`DiagnosisRules`).
    export_dir : where the DOCX and PDF exports are written.

    ``form.set(element, attainment=…, diagnosis_text=…)`` and
    ``form.overview.value = …`` fill it from code; ``form.submit()`` saves.
    """

    domain = "diagnosis"

    def __init__(self, store, school_id: str, cycle: str, lang: str | None = None,
                 user: str | None = None, rules=None, export_dir: str | Path = "exports"):
        super().__init__(store, school_id, lang=lang, user=user, rules=rules)
        self.cycle = str(cycle)
        self.export_dir = Path(export_dir)
        _ = self._
        existing = store.read("self_diagnosis", school_id=self.school_id, where={"cycle": self.cycle})
        existing = existing.set_index("element")
        head = self._read_overview()
        limits = {"diagnosis_text": self.rules.max_diagnosis_chars,
                  "measures_text": self.rules.max_measures_chars,
                  "effect_text": self.rules.max_effect_chars}
        text_labels = {"diagnosis_text": _("Self-diagnosis"), "measures_text": _("Improvement measures"),
                       "effect_text": _("Effect of improvement")}
        fields = [F.text("overview", _("Overview of the self-diagnosis and improvement work"),
                         value=_value(head.get("overview")), max_chars=self.rules.max_overview_chars,
                         multiline=True, rows=6)]
        names = dict(zip(elements()["element"], elements()[f"element_{self.lang}"]))
        self._element_boxes = []
        for el in ELEMENTS:
            row = existing.loc[el] if el in existing.index else {}
            att = F.choice(f"attainment_{el}", _("Attainment of targets"), attainment_options(self.lang),
                           value=row.get("attainment") if len(row) else None, required=False)
            fields.append(att)
            box = [att]
            for tf in TEXT_FIELDS:
                f = F.text(f"{tf}_{el}", text_labels[tf], value=_value(row.get(tf)) if len(row) else "",
                           max_chars=limits[tf], multiline=True, rows=4 if tf == "diagnosis_text" else 3)
                fields.append(f)
                box.append(f)
            self._element_boxes.append((el, names[el], box))
        fields.append(F.text("conclusion_text", _("Overall diagnostic conclusion"),
                             value=_value(head.get("conclusion_text")), multiline=True, rows=4))
        fields.append(F.text("suggestions_text", _("Suggestions for improvement"),
                             value=_value(head.get("suggestions_text")), multiline=True, rows=4))
        title = _("Self-diagnosis report (附2): {school}, cycle {cycle}",
                  school=self.school["name"], cycle=self.cycle)
        self.form = F.Form(title, fields, self._save, lang=self.lang)
        self.fields = self.form.fields
        self.overview = self.fields["overview"].widget
        self.export_docx_button = w.Button(description=_("Export DOCX"), icon="file-word-o")
        self.export_pdf_button = w.Button(description=_("Export PDF"), icon="file-pdf-o")
        self.export_status = w.HTML("")
        self.export_docx_button.on_click(lambda _b: self.export("docx"))
        self.export_pdf_button.on_click(lambda _b: self.export("pdf"))
        self.widget = self._layout()

    def _read_overview(self) -> dict:
        if OVERVIEW_TABLE not in schemas.names():
            return {}
        head = self.store.read(OVERVIEW_TABLE, school_id=self.school_id, where={"cycle": self.cycle})
        return head.iloc[0].to_dict() if len(head) else {}

    def _layout(self) -> w.Widget:
        items = elements()
        by_item: dict[str, list] = {}
        for el, name, box in self._element_boxes:
            by_item.setdefault(el.split(".")[0], []).append(
                w.VBox([w.HTML(f"<h4>{html.escape(el)} {html.escape(name)}</h4>"), *[f.box for f in box]]))
        acc = w.Accordion(children=[w.VBox(v) for v in by_item.values()])
        item_names = dict(zip(items["item"], items[f"item_{self.lang}"]))
        for i, code in enumerate(by_item):
            acc.set_title(i, f"{code}. {item_names[code]}")
        f = self.fields
        return w.VBox([self.form.title, f["overview"].box, acc, f["conclusion_text"].box,
                       f["suggestions_text"].box, w.HBox([self.form.button, self.form.status]),
                       w.HBox([self.export_docx_button, self.export_pdf_button]), self.export_status])

    # --- filling in from code ---------------------------------------------------
    def set(self, element: str, **values) -> None:
        """Fill in one element: ``attainment`` and/or ``diagnosis_text``, ``measures_text``, ``effect_text``."""
        for k, v in values.items():
            if k == "attainment":
                v = ATTAINMENT_ALIASES.get(v, v)
            self.fields[f"{k}_{element}"].widget.value = v

    def submit(self) -> bool:
        """Validate and save (what the Save button does); True when saved."""
        return self.form.submit()

    # --- saving ------------------------------------------------------------------
    def frame(self, values: dict) -> pd.DataFrame:
        """The ``self_diagnosis`` rows of the elements the school has started."""
        rows = []
        for el in ELEMENTS:
            row = {"school_id": self.school_id, "cycle": self.cycle, "element": el,
                   "attainment": values.get(f"attainment_{el}")}
            for tf in TEXT_FIELDS:
                row[tf] = values.get(f"{tf}_{el}")
            if row["attainment"] is not None or any(row[tf] for tf in TEXT_FIELDS):
                rows.append(row)
        return pd.DataFrame(rows, columns=["school_id", "cycle", "element", "attainment", *TEXT_FIELDS])

    def _problems(self, rows: pd.DataFrame, values: dict) -> list[Problem]:
        _ = self._
        problems = []
        for el in rows.loc[rows["attainment"].isna(), "element"]:
            problems.append(Problem("self_diagnosis", None, f"attainment_{el}", None,
                                    _("Choose the attainment of this element")))
        limits = {f: getattr(self.rules, r) for f, r in TEXT_LIMITS.items()}
        for el, tf, text in ((r.element, tf, getattr(r, tf)) for r in rows.itertuples() for tf in TEXT_FIELDS):
            n = char_count(text)
            if n > limits[tf]:
                problems.append(Problem("self_diagnosis", None, f"{tf}_{el}", n,
                                        _("At most {n} characters (now {m})", n=limits[tf], m=n)))
        n = char_count(values.get("overview"))
        if n > self.rules.max_overview_chars:
            problems.append(Problem(OVERVIEW_TABLE, None, "overview", n, _(
                "At most {n} characters (now {m})", n=self.rules.max_overview_chars, m=n)))
        return problems

    def _save(self, values: dict) -> str:
        _ = self._
        rows = self.frame(values)
        problems = self._problems(rows, values)
        if problems:
            raise InputError(problems=problems)
        if not rows.empty:
            # the report format (附2) as the calculator checks it — same limits, same count
            report = check_self_report(rows, values.get("overview") or "", self.rules)
            too_long = report[report["problem"] == "too_long"]
            if len(too_long):  # pragma: no cover - the field checks above catch these first
                raise InputError(problems=[Problem("self_diagnosis", None, f"{r.field}_{r.element}"
                                                   if r.element else r.field, r.length, r.message)
                                           for r in too_long.itertuples()])
        frames = {}
        head = {k: values.get(k) for k in ("overview", "conclusion_text", "suggestions_text")}
        if any(head.values()) or OVERVIEW_TABLE in schemas.names():
            if OVERVIEW_TABLE not in schemas.names():
                raise InputError(_("The overview cannot be stored: the database has no table {table}",
                                   table=OVERVIEW_TABLE), table=OVERVIEW_TABLE, column="overview",
                                 rule="table self_report_overview is needed for the overview")
            spec = schemas.get(OVERVIEW_TABLE)
            row = {"school_id": self.school_id, "cycle": self.cycle}
            row.update({k: v for k, v in head.items() if k in spec.columns})
            frames[OVERVIEW_TABLE] = pd.DataFrame([row])
        if not rows.empty:
            frames["self_diagnosis"] = rows
        try:
            self.store.save_tables(frames, user=self.user)
        except InputError as exc:
            raise InputError(problems=self._map_problems(exc.problems, rows)) from None
        saved = self.store.read("self_diagnosis", school_id=self.school_id, where={"cycle": self.cycle})
        missing = [el for el in ELEMENTS if el not in set(saved["element"])]
        if missing:
            return _("Saved. {n} of 16 elements written; still missing: {missing}",
                     n=16 - len(missing), missing=", ".join(missing))
        return _("Saved. All 16 elements are written.")

    @staticmethod
    def _map_problems(problems, rows: pd.DataFrame) -> list[Problem]:
        """Put a problem of the table's row on the field of its element."""
        out = []
        elements_by_row = {i + 2: el for i, el in enumerate(rows["element"])}
        for p in problems:
            el = elements_by_row.get(p.row) if p.table in ("self_diagnosis", None) else None
            col = p.column
            if el and col and f"{col}_{el}" in {f"{c}_{el}" for c in ("attainment", *TEXT_FIELDS)}:
                col = f"{col}_{el}"
            out.append(Problem(p.table, p.row, col, p.value, p.rule, p.hint))
        return out

    # --- export ----------------------------------------------------------------------
    def export(self, kind: str = "docx") -> Path | None:
        """Save, then write the saved report as DOCX or PDF into ``export_dir``; returns the path."""
        from .export import self_report, to_docx, to_pdf

        _ = self._
        if not self.submit():
            self.export_status.value = F._html_line(_("Not exported: the report could not be saved."),
                                                    F.ERROR_STYLE)
            return None
        saved = self.store.read("self_diagnosis", school_id=self.school_id, where={"cycle": self.cycle})
        head = self._read_overview()
        doc = self_report(self.school["name"], self.cycle, saved, overview=_value(head.get("overview")),
                          conclusion=_value(head.get("conclusion_text")),
                          suggestions=_value(head.get("suggestions_text")), lang=self.lang)
        safe_cycle = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.cycle)
        path = self.export_dir / f"self_report_{self.school_id}_{safe_cycle}.{kind}"
        (to_docx if kind == "docx" else to_pdf)(doc, path)
        self.export_status.value = F._html_line(_("Written: {path}", path=str(path)), F.OK_STYLE)
        return path


class ReviewForm(F.DomainForm):
    """The experts' review of one school and cycle: verdict per element and summary (§6).

    Shows the school's own attainment next to each verdict, the number of
    elements where they agree and the conclusion that follows once all 16
    verdicts are in.  Saves the ``review`` rows and the ``review_summary`` row.
    """

    domain = "diagnosis"

    def __init__(self, store, school_id: str, cycle: str, lang: str | None = None,
                 user: str | None = None, rules=None):
        super().__init__(store, school_id, lang=lang, user=user, rules=rules)
        self.cycle = str(cycle)
        _ = self._
        self.self_rows = store.read("self_diagnosis", school_id=self.school_id, where={"cycle": self.cycle})
        done = store.read("review", school_id=self.school_id, where={"cycle": self.cycle}).set_index("element")
        summary = store.read("review_summary", school_id=self.school_id, where={"cycle": self.cycle})
        opts = attainment_options(self.lang)
        self.labels = {v: k for k, v in opts}
        names = dict(zip(elements()["element"], elements()[f"element_{self.lang}"]))
        fields = []
        for el in ELEMENTS:
            value = done.at[el, "attainment"] if el in done.index else None
            fields.append(F.choice(f"verdict_{el}", f"{el} {names[el]}", opts, value=value, required=False))
        s = summary.iloc[0] if len(summary) else {}
        fields.append(F.flag("measures_targeted", _("Improvement measures are well targeted"),
                             value=bool(s.get("measures_targeted", False)) if len(summary) else False))
        fields.append(F.flag("improvement_effective", _("Improvement work is really effective"),
                             value=bool(s.get("improvement_effective", False)) if len(summary) else False))
        self.comparison = w.HTML("")
        title = _("Review (复核): {school}, cycle {cycle}", school=self.school["name"], cycle=self.cycle)
        self.form = F.Form(title, fields, self._save, lang=self.lang, extra=[self.comparison])
        self.fields = self.form.fields
        for f in self.fields.values():
            f.widget.observe(lambda _c: self.refresh(), names="value")
        self.widget = self.form.widget
        self.refresh()

    def set(self, element: str, attainment: str | None) -> None:
        """The experts' verdict on one element (``achieved``, ``partly``, ``not_achieved``, 达成 …)."""
        self.fields[f"verdict_{element}"].widget.value = ATTAINMENT_ALIASES.get(attainment, attainment)

    def submit(self) -> bool:
        return self.form.submit()

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The ``review`` rows (elements with a verdict) and the ``review_summary`` row."""
        verdicts = [(el, self.fields[f"verdict_{el}"].widget.value) for el in ELEMENTS]
        review = pd.DataFrame([{"school_id": self.school_id, "cycle": self.cycle, "element": el,
                                "attainment": v} for el, v in verdicts if v is not None],
                              columns=["school_id", "cycle", "element", "attainment"])
        summary = pd.DataFrame([{"school_id": self.school_id, "cycle": self.cycle,
                                 "measures_targeted": bool(self.fields["measures_targeted"].widget.value),
                                 "improvement_effective": bool(self.fields["improvement_effective"].widget.value)}])
        return review, summary

    def comparison_frame(self) -> pd.DataFrame:
        """Element by element: the school's attainment, the experts' verdict, whether they agree."""
        review, _s = self.frames()
        own = self.self_rows.set_index("element")["attainment"]
        theirs = review.set_index("element")["attainment"]
        out = pd.DataFrame({"element": list(ELEMENTS)})
        out["self_attainment"] = out["element"].map(own)
        out["review_attainment"] = out["element"].map(theirs)
        out["agree"] = (out["self_attainment"] == out["review_attainment"]) & out["review_attainment"].notna()
        return out

    def conclusion(self) -> str | None:
        """The conclusion the current verdicts give, or None until all 16 are in (and the school's 16)."""
        review, summary = self.frames()
        if len(review) < len(ELEMENTS) or len(self.self_rows) < len(ELEMENTS):
            return None
        return str(review_conclusion(self.self_rows, review, summary, self.rules)["conclusion"].iloc[0])

    def refresh(self) -> None:
        """Redraw the comparison and the conclusion preview."""
        _ = self._
        cmp_ = self.comparison_frame()
        lab = {None: "—"} | {k: v for k, v in self.labels.items() if k is not None}
        rows = "".join(
            f"<tr><td>{html.escape(r.element)}</td><td>{html.escape(lab.get(r.self_attainment, '—'))}</td>"
            f"<td>{html.escape(lab.get(r.review_attainment, '—'))}</td>"
            f"<td>{'✓' if r.agree else ('✗' if isinstance(r.review_attainment, str) else '')}</td></tr>"
            for r in cmp_.assign(self_attainment=cmp_["self_attainment"].where(cmp_["self_attainment"].notna(), None),
                                 review_attainment=cmp_["review_attainment"].where(
                                     cmp_["review_attainment"].notna(), None)).itertuples())
        conclusion = self.conclusion()
        names = {"effective": _("effective (有效)"), "abnormal": _("abnormal (异常)"),
                 "needs_improvement": _("needs improvement (待改进)")}
        verdict = (_("Conclusion: {conclusion}", conclusion=names[conclusion]) if conclusion
                   else _("Conclusion: all 16 verdicts are needed"))
        self.comparison.value = (
            f"<table class='evalnb-table'><thead><tr><th>{html.escape(_('Element'))}</th>"
            f"<th>{html.escape(_('School'))}</th><th>{html.escape(_('Experts'))}</th>"
            f"<th>{html.escape(_('Agree'))}</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p><b>{html.escape(_('Matching elements: {n} of 16', n=int(cmp_['agree'].sum())))}</b> — "
            f"{html.escape(verdict)}</p>")

    def _save(self, values: dict) -> str:
        _ = self._
        review, summary = self.frames()
        frames = {"review_summary": summary}
        if len(review):
            frames["review"] = review
        self.store.save_tables(frames, user=self.user)
        conclusion = self.conclusion()
        if conclusion:
            return _("Saved. Conclusion: {conclusion}", conclusion=f"{CONCLUSION_ZH[conclusion]} ({conclusion})")
        return _("Saved. {n} of 16 verdicts recorded.", n=len(review))
