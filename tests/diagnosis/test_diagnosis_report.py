"""The 诊改 report modules in process, on the sample province: what the notebooks call."""

import pytest

from evalnb import InputError
from evalnb.core.report import ReportContext
from evalnb.diagnosis import eligibility
from evalnb.diagnosis.report import default_cycle, first_school, province_overview, school_report


def test_school_report_loads_one_schools_rows_and_its_provinces_status(sample_db):
    ctx = ReportContext.open("diagnosis", sample_db, school_id="CN001")
    assert ctx.lang == "zh"                          # the school's language
    d = school_report.load(ctx)
    assert d.cycle == "2021-2025" and d.year is not None
    for frame in (d.self_diagnosis, d.review, d.review_summary):
        assert set(frame["school_id"]) <= {"CN001"}
    assert set(d.status["school_id"]) == set(d.schools["school_id"]) > {"CN001"}
    row = school_report.school_eligibility(d)
    direct = eligibility(d.schools, d.status, d.year).set_index("school_id").loc["CN001"]
    assert bool(row["eligible"]) == bool(direct["eligible"])
    text = school_report.period_text(ctx, d)
    assert str(d.year) in text and "2021-2025" in text and " · " in text


def test_school_report_in_english_names_no_code(sample_db):
    ctx = ReportContext.open("diagnosis", sample_db, lang="en", school_id="CN001")
    d = school_report.load(ctx)
    html = str(school_report.eligibility_table(ctx, school_report.school_eligibility(d)))
    assert "Students per full-time teacher" in html and "student_teacher_ratio" not in html
    text = school_report.conclusion_text(ctx, school_report.school_conclusion(d))
    assert text.startswith("Matching elements:") and "True" not in text


def test_school_report_refuses_a_general_school_and_an_unknown_cycle(sample_db):
    from evalnb.core.store import Store

    general = Store(sample_db).schools(kinds=["general"])["school_id"].iloc[0]
    with pytest.raises(InputError, match="not a vocational school"):
        school_report.load(ReportContext.open("diagnosis", sample_db, school_id=general))
    with pytest.raises(InputError) as exc:
        school_report.load(ReportContext.open("diagnosis", sample_db, school_id="CN001"), "1999-2003")
    assert exc.value.column == "cycle" and "2021-2025" in exc.value.rule


def test_province_overview_speaks_its_schools_language_unless_asked(sample_db):
    ctx = ReportContext.open("diagnosis", sample_db)
    p = province_overview.load(ctx)
    assert ctx.lang == "zh" and len(p.schools) == 30
    ctx = ReportContext.open("diagnosis", sample_db, lang="ru")
    p = province_overview.load(ctx)
    assert ctx.lang == "ru"
    elig = province_overview.province_eligibility(p)
    assert province_overview.eligibility_text(ctx, elig).startswith(f"{int(elig['eligible'].sum())} из 30")
    with pytest.raises(InputError, match="no vocational school"):
        province_overview.load(ctx, "Atlantis")


def test_defaults_of_the_form_notebooks(sample_db):
    from evalnb.core.store import Store

    store = Store(sample_db)
    assert default_cycle(store, "CN001") == "2021-2025"
    assert default_cycle(store, "CN002") == "2021-2025"        # none of its own: the latest of any
    assert first_school(store).startswith("CN")
