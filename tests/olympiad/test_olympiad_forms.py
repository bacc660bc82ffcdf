"""The ИОМ form, driven in Python: pick a winner, fill in the route, click Save, read the database."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.core.store import Store
from evalnb.olympiad import DOMAIN
from evalnb.olympiad.forms import IomForm
from olympiad_helpers import Y, iom, olympiad, row, schools

PREV = "2018-2019"


@pytest.fixture
def store():
    s = Store("sqlite://")
    s.write_frames({
        "schools": schools("A", "B"),
        "olympiad": olympiad(
            row("s1", "Математика", "winner", "municipal"), row("s1", "Физика", "prize_winner", "regional"),
            row("s2", "Химия", "prize_winner", "municipal"), row("s3", "Химия", "participant", "municipal"),
            row("s4", "История", "winner", "municipal", year=PREV),
            row("b1", "Право", "winner", "municipal", school="B")),
        "iom": iom(dict(student_id="s2", school_id="A", subjects="Химия", mentor="Орлова А. В.",
                        psychologist=None, status="planned", start="2019-12-20")),
    })
    return s


def routes(store):
    return store.read("iom").set_index(["student_id", "year"]).sort_index()


def test_the_list_of_winners_comes_from_iom_required(store):
    form = IomForm(store, "A")
    assert form.year.widget.value == Y and list(form.year.widget.options) == [(Y, Y), (PREV, PREV)]
    values = [v for _, v in form.student.widget.options]
    assert values == [None, "s1", "s2"]                 # s1 (two subjects) first; s3 only took part
    labels = dict((v, k) for k, v in form.student.widget.options)
    assert "★" in labels["s1"] and "★" not in labels["s2"]
    form.year.widget.value = PREV
    assert [v for _, v in form.student.widget.options] == [None, "s4"]


def test_a_new_route_is_saved_atomically_with_the_user(store):
    form = IomForm(store, "A", user="Завуч")
    form.student.widget.value = "s1"
    assert form.fields["subjects"].widget.value == "Математика; Физика"     # the subjects won
    form.fields["mentor"].widget.value = "Семёнов П. И."
    form.fields["psychologist"].widget.value = "Андреева Н. К."
    form.fields["parents_involved"].widget.value = True
    form.fields["iup"].widget.value = True
    form.fields["status"].widget.value = "in_progress"
    form.fields["start"].widget.value = dt.date(2020, 1, 15)
    form.fields["end"].widget.value = dt.date(2020, 5, 31)
    form.form.button.click()
    assert "ИОМ of s1 saved" in form.form.status.value
    r = routes(store).loc[("s1", Y)]
    assert r["subjects"] == "Математика;Физика" and r["status"] == "in_progress"
    assert bool(r["parents_involved"]) and bool(r["iup"]) and r["school_id"] == "A"
    assert r["start"] == pd.Timestamp("2020-01-15")
    audit = store.audit("iom")
    assert list(audit["changed_by"]) == ["Завуч"] and list(audit["action"]) == ["insert"]
    # the school's implementation after the save: s1 in progress, s2 only planned
    assert "1 of 2 in progress or done (50.0%)" in form.summary.value


def test_an_existing_route_is_loaded_and_updated_not_duplicated(store):
    form = IomForm(store, "A", user="Педагог")
    form.student.widget.value = "s2"
    assert form.fields["mentor"].widget.value == "Орлова А. В."
    assert form.fields["status"].widget.value == "planned"
    assert form.fields["start"].widget.value == dt.date(2019, 12, 20)
    form.fields["psychologist"].widget.value = "Андреева Н. К."
    form.fields["status"].widget.value = "done"
    assert form.form.submit()
    got = routes(store)
    assert len(got) == 1 and got.loc[("s2", Y), "status"] == "done"
    assert got.loc[("s2", Y), "psychologist"] == "Андреева Н. К."
    assert list(store.audit("iom")["action"]) == ["update"]


@pytest.mark.parametrize("lang,text", [("en", "start must be on or before end"),
                                       ("ru", "начало не может быть позже окончания"),
                                       ("zh", "开始日期不得晚于结束日期")])
def test_a_bad_route_saves_nothing_and_keeps_what_was_typed(store, lang, text):
    before = routes(store)
    form = IomForm(store, "A", lang=lang)
    form.student.widget.value = "s1"
    form.fields["mentor"].widget.value = "Семёнов П. И."
    form.fields["start"].widget.value = dt.date(2020, 3, 1)
    form.fields["end"].widget.value = dt.date(2020, 2, 1)
    form.form.button.click()
    assert text in form.fields["start"].error.value                # shown next to the field
    pd.testing.assert_frame_equal(routes(store), before)
    assert store.audit("iom").empty
    assert form.fields["mentor"].widget.value == "Семёнов П. И."


def test_subjects_and_a_student_are_required(store):
    form = IomForm(store, "A", lang="ru")
    form.form.button.click()                                      # nobody chosen
    assert "Обязательное поле" in form.student.error.value
    form.student.widget.value = "s1"
    form.fields["subjects"].widget.value = " ; ; "
    assert not form.form.submit()
    assert form.fields["subjects"].error.value
    assert store.audit("iom").empty


def test_a_school_without_winners_and_an_unknown_school(store):
    store.save_rows("schools", schools("C"))
    form = IomForm(store, "C", lang="zh")
    assert [v for _, v in form.student.widget.options] == [None]
    assert "没有需要ИОМ的优胜者" in form.info.value
    assert not form.form.submit()
    with pytest.raises(InputError):
        IomForm(store, "Z")
    with pytest.raises(InputError) as exc:
        IomForm(store, "A", year="2010-2011")
    assert exc.value.column == "year"


def test_the_form_is_served_by_the_domain(store):
    spec = DOMAIN.forms[0]
    assert spec.name == "iom" and spec.pick == ("school",) and spec.domain == "olympiad"
    factory = spec.load()
    form = factory(store, "B", lang="en", user="Методист")      # as `evalnb forms` calls it
    assert [v for _, v in form.student.widget.options] == [None, "b1"]
    assert hasattr(form, "widget") and hasattr(form, "form")


def test_the_form_in_the_sample(tmp_path):
    """The sample's gymnasium: its winners list, and a save that raises its implementation."""
    from olympiad_helpers import ROOT

    folder = tmp_path / "ds"
    folder.mkdir()
    for t in ("schools", "olympiad", "iom", "enrolment"):
        frame = pd.read_csv(ROOT / "data" / "sample" / f"{t}.csv", dtype=str, keep_default_na=False)
        frame[frame["school_id"].isin(["RU009"])].to_csv(folder / f"{t}.csv", index=False)
    s = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    s.import_folder(folder)
    form = IomForm(s, "RU009", lang="ru", user="Завуч")
    have = set(s.read("iom", where={"year": Y})["student_id"])
    missing = [v for _, v in form.student.widget.options if v and v not in have]
    assert missing                                     # RU009 lacks ИОМ for some winners
    form.student.widget.value = missing[0]
    form.fields["mentor"].widget.value = "Козлов Г. В."
    form.fields["psychologist"].widget.value = "Орлова А. В."
    form.fields["status"].widget.value = "in_progress"
    assert form.form.submit(), form.form.status.value
    assert missing[0] in set(s.read("iom", where={"year": Y})["student_id"])
    done = s.read("iom", where={"year": Y})
    n = int(done["status"].isin(["in_progress", "done"]).sum())
    assert f"ИОМ ОО в 2019-2020 учебном году: {n} из {len(form.required)}" in form.summary.value


def test_students_names_are_shown_where_the_students_table_has_them(store):
    store.save_rows("students", pd.DataFrame({
        "student_id": ["s1", "s2"], "school_id": ["A", "A"], "grade": [9, 9],
        "last_name": ["Жукова", None], "first_name": ["Виктория", None], "middle_name": ["Павловна", None]}))
    labels = dict((v, k) for k, v in IomForm(store, "A").student.widget.options)
    assert labels["s1"].startswith("s1 Жукова Виктория Павловна ★ — ")
    assert labels["s2"] == "s2 — Химия"


def test_the_served_page_picks_a_school_and_keeps_the_user(store):
    """The page ``evalnb forms`` serves: choose a school, open the form, save under the user's name."""
    from evalnb.serve import registry
    from evalnb.serve.page import Page

    assert registry.get("iom").domain == "olympiad"
    page = Page(DOMAIN.forms[0].load(), lang="ru", data=store)
    options = [v for _, v in page.pickers["school"].widget.options]
    assert options == [None, "A", "B"]              # general schools with olympiad rows
    page.pickers["school"].widget.value = "A"
    assert page.open_chosen() and page.form is not None
    form = page.form
    form.student.widget.value = "s1"
    form.fields["mentor"].widget.value = "Семёнов П. И."
    assert form.form.submit() is False               # no name typed yet: nothing saved
    assert store.audit("iom").empty
    page.user.widget.value = "Методист"
    assert form.form.submit() is True, form.form.status.value
    assert store.audit("iom")["changed_by"].tolist() == ["Методист"]
