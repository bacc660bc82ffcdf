"""The assessment notebooks under the plain ``papermill`` command, on the sample district.

The figures the reports record (``evalnb.record``) are read back from the
executed notebooks and compared with the calculators run here directly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

import evalnb
from evalnb.assessment import mark_stats, objectivity, objectivity_flags, rollup
from evalnb.assessment.report import municipality_overview, school_report
from evalnb.core.report import ReportContext

ROOT = Path(__file__).resolve().parents[2]
NB = ROOT / "notebooks" / "assessment"

RUNS = {
    "school_ru": ("school_report.ipynb", {"school_id": "RU004"}),
    "school_en": ("school_report.ipynb", {"school_id": "RU013", "lang": "en", "period": "2019-2020 Q2",
                                          "rules_path": "RULES"}),
    "muni_zh": ("municipality_overview.ipynb", {"lang": "zh"}),
    "explore": ("explore.ipynb", {"lang": "en"}),
}


def run(name, nb, params, data, out_dir, rules):
    out = out_dir / f"{name}.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(NB / nb), str(out), "-k", "python3",
           "--log-level", "WARNING", "-p", "data", data]
    for k, v in params.items():
        cmd += ["-p", k, str(rules) if v == "RULES" else v]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=out_dir)
    return res, (nbformat.read(out, as_version=4) if out.exists() else None)


@pytest.fixture(scope="module")
def executed(sample_db, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("assessment_nb")
    rules = out_dir / "armavir.yaml"
    rules.write_text("assessment:\n  risk_quality_below: 0.6\n", encoding="utf-8")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(run, name, nb, params, sample_db, out_dir, rules)
                   for name, (nb, params) in RUNS.items()}
        return {name: f.result() for name, f in futures.items()}


def text_of(nb) -> str:
    return json.dumps(nb, ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUNS))
def test_notebooks_run_without_errors_or_warnings(executed, name):
    res, nb = executed[name]
    assert res.returncode == 0, res.stderr[-3000:]
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error"
            assert out.get("name") != "stderr", out.get("text", "")[:500]


@pytest.mark.slow
@pytest.mark.parametrize("name,lang,words", [
    ("school_ru", "ru", ["Основные показатели", "Успеваемость", "Понизили", "Пункт 1.3 приказа"]),
    ("school_en", "en", ["Key figures", "Quality of knowledge (качество знаний)", "Subjects in the risk zone"]),
    ("muni_zh", "zh", ["主要指标", "知识质量", "集群", "学校 × 学科", "校内成绩疑似偏高"]),
])
def test_reports_speak_their_language_and_show_charts(executed, name, lang, words):
    _, nb = executed[name]
    text = text_of(nb)
    for w in words:
        assert w in text, w
    assert "image/png" in text
    assert evalnb.read_meta(nb)["lang"] == lang


@pytest.mark.slow
def test_school_report_figures_equal_the_calculators(executed, sample_frames, sample_db):
    _, nb = executed["school_ru"]
    rec = evalnb.read_records(nb)
    f = sample_frames
    st = f["students"][f["students"].school_id == "RU004"]
    m = f["marks"][f["marks"].student_id.isin(st.student_id)]
    e = f["external"][f["external"].student_id.isin(st.student_id)]
    assert rec["period"] == "2019-2020 Q4"
    total = mark_stats(m, st, by=("period",)).set_index("period").loc["2019-2020 Q4"]
    for k in ("pass_rate", "quality", "sou", "mean_mark"):
        assert rec[k] == pytest.approx(float(total[k])), k
    o = objectivity(e, m, f["periods"], st, by=()).iloc[0]
    assert rec["lowered_share"] == pytest.approx(float(o.lowered_share))
    flags = objectivity_flags(f["external"], f["marks"], f["periods"], f["students"], f["schools"])
    assert rec["flags"] == int((flags.school_id == "RU004").sum()) > 0
    assert "1.3" in rec["recommendations"]
    meta = evalnb.read_meta(nb)
    assert meta["title"] == f["schools"].set_index("school_id").loc["RU004", "name"]
    assert meta["key"] == "RU004"


@pytest.mark.slow
def test_the_rules_file_and_the_period_reach_the_report(executed):
    _, nb = executed["school_en"]
    rec = evalnb.read_records(nb)
    assert rec["period"] == "2019-2020 Q2"
    text = text_of(nb)
    assert "below 60.0%" in text                                  # a reason of the risk zone
    # the rules table names the rule in words, never by its key, and says who changed it
    assert "Risk zone: quality of knowledge below" in text and "risk_quality_below" not in text
    assert "rules file" in text


@pytest.mark.slow
def test_municipality_figures_equal_the_calculators(executed, sample_frames):
    from evalnb.assessment import essay_pass, risk_zones
    from evalnb.assessment.data import in_window, year_window
    from evalnb.assessment.rules import AssessmentRules

    _, nb = executed["muni_zh"]
    period = "2019-2020 Q4"
    rec = evalnb.read_records(nb)
    f = sample_frames
    assert rec["period"] == period and rec["n_schools"] == len(f["schools"])
    by_school = mark_stats(f["marks"], f["students"], by=("school_id", "period"))
    total = rollup(by_school, by=("period",)).set_index("period").loc[period]
    direct = mark_stats(f["marks"], f["students"], by=("period",)).set_index("period").loc[period]
    for k in ("pass_rate", "quality", "sou", "mean_mark"):
        assert rec[k] == pytest.approx(float(total[k])) == pytest.approx(float(direct[k])), k
    ext = in_window(f["external"], year_window(f["periods"], period, AssessmentRules()))
    flags = objectivity_flags(ext, f["marks"], f["periods"], f["students"], f["schools"])
    assert rec["flagged_schools"] == flags["school_id"].nunique()
    o = objectivity(ext, f["marks"], f["periods"], f["students"], by=()).iloc[0]
    assert rec["lowered_share"] == pytest.approx(float(o.lowered_share))
    risk = risk_zones(mark_stats(f["marks"], f["students"]), periods=f["periods"])
    risk = risk[risk.period == period]
    assert rec["schools_with_risk"] == risk.loc[risk.level == "school", "school_id"].nunique()
    assert rec["risk_subjects"] == risk.loc[risk.level == "municipality", "subject"].nunique()
    e = essay_pass(ext, f["students"], by=()).iloc[0]
    assert rec["essay_pass_share"] == pytest.approx(float(e.pass_share))


def test_school_report_in_process(sample_db, sample_frames):
    """The same objects the notebook builds, without a kernel: a school with risk-zone subjects."""
    ctx = ReportContext.open("assessment", sample_db, lang="en", school_id="RU017")
    rep = school_report.load(ctx)
    assert ctx.lang == "en" and rep.period == "2019-2020 Q4"
    assert not rep.risk.empty
    items = school_report.recommendations_list(ctx, rep)
    assert items and items[0].startswith("Item 1.1 of the order: Correct the integrated plan")
    subjects = rep.subjects_frame()
    assert subjects["risk"].any()
    assert set(subjects.loc[subjects["risk"], "subject"]) == set(rep.risk["subject"])
    place = rep.place
    assert 1 <= place["rank"] <= place["n_in_cluster"]
    # the rows are the school's own: one loader, one query per table
    assert set(rep.students["school_id"]) == {"RU017"}
    assert rep.marks["student_id"].isin(rep.students["student_id"]).all()


def test_school_report_speaks_the_schools_language_unless_asked(sample_db):
    ctx = ReportContext.open("assessment", sample_db, school_id="RU017")
    assert ctx.lang == "ru"
    text, table = school_report.summary(ctx, school_report.load(ctx))
    assert text.startswith("За период") and "Успеваемость" in str(table)


def test_municipality_report_in_process_for_an_earlier_period(sample_db, sample_frames):
    ctx = ReportContext.open("assessment", sample_db, lang="ru")
    rep = municipality_overview.load(ctx, period="2019-2020 Q2")
    f = sample_frames
    assert rep.municipality == f["schools"]["municipality"].iloc[0]
    k = rep.key_figures()
    q2 = mark_stats(f["marks"], f["students"], by=("period",)).set_index("period")
    assert k["quality"] == pytest.approx(float(q2.loc["2019-2020 Q2", "quality"]))
    assert k["d_quality"] == pytest.approx(float(q2.loc["2019-2020 Q2", "quality"] - q2.loc["2019-2020 Q1", "quality"]))
    # the external procedures of the school year up to the end of Q2 only
    assert rep.m.objectivity["procedure"].unique().tolist() == ["РДР"] or \
        set(rep.m.objectivity["procedure"]) <= {"РДР", "Итоговое сочинение"}
    schools = rep.schools_frame()
    assert len(schools) == len(f["schools"]) and schools["rank"].notna().all()
    with pytest.raises(evalnb.InputError, match="unknown period"):
        municipality_overview.load(ctx, period="2019-2020 Q9")


def test_municipality_report_speaks_its_schools_language(sample_db):
    ctx = ReportContext.open("assessment", sample_db)
    municipality_overview.load(ctx)
    assert ctx.lang == "ru" and ctx._("Schools") == "Школы"


def test_the_rules_table_names_every_rule_in_words_in_every_language(sample_db):
    from evalnb.assessment.labels import rule_labels, rule_source_labels
    from evalnb.assessment.report._shared import RULE_SOURCES
    from evalnb.assessment.rules import AssessmentRules
    from evalnb.assessment.report import rules_table

    names = [d["rule"] for d in AssessmentRules().describe()]
    assert set(rule_labels(str)) == set(RULE_SOURCES) == set(names)
    assert set(RULE_SOURCES.values()) < set(rule_source_labels(str))
    for lang in ("en", "ru", "zh"):
        ctx = ReportContext.open("assessment", sample_db, lang=lang, rules_path={"count_na": False})
        html = str(rules_table(ctx))
        assert not any(n in html for n in names)
        assert "True" not in html and "False" not in html and "0.5" not in html
        assert {"en": "no", "ru": "нет", "zh": "否"}[lang] in html      # count_na: False, in words
