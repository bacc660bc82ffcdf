"""The served forms in a real browser: Debian's Chromium driven by Playwright.

The real ``evalnb forms`` runs as a subprocess on a free port of 127.0.0.1,
on a copy of the sample district (SQLite; the two-users test also on
PostgreSQL).  Each test opens pages as a person would, types, clicks Save,
reads the confirmation or the message, and then finds the row in the
database.  A screenshot of every form in every language is kept in
``test-artifacts/screenshots/``.

Nothing leaves the machine: requests to any host but 127.0.0.1 are aborted.
"""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import pandas as pd
import pytest

from evalnb.core.i18n import t
from evalnb.core.store import Store
from evalnb.serve import registry
from evalnb.serve.server import FormsServer
from pg_fixtures import closing_stores, require_postgres, schema_url

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SHOTS = ROOT / "test-artifacts" / "screenshots"
# the tables the served forms read and write; students, marks and external results of one school only
TABLES = ("schools", "teachers", "courses", "enrollments", "self_diagnosis", "review", "review_summary",
          "periods")
RU_SCHOOL = "RU001"
HOSTILE = "'); DROP TABLE marks; --<script>alert(1)</script>"
PAGE_TIMEOUT = 90_000
OK = "span[style*='1b6e20']"          # the status line's "saved" colour (core.forms.OK_STYLE)
ERR = "span[style*='b00020']"         # its error colour (core.forms.ERROR_STYLE)


# --- fixtures ---------------------------------------------------------------------------

def _sample_subset(folder: Path) -> Path:
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        shutil.copy(SAMPLE / f"{table}.csv", folder / f"{table}.csv")
    students = pd.read_csv(SAMPLE / "students.csv", dtype=str, keep_default_na=False)
    students = students[students["school_id"] == RU_SCHOOL]
    students.to_csv(folder / "students.csv", index=False)
    for table in ("marks", "external"):
        rows = pd.read_csv(SAMPLE / f"{table}.csv", dtype=str, keep_default_na=False)
        rows[rows["student_id"].isin(students["student_id"])].to_csv(folder / f"{table}.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory) -> Path:
    return _sample_subset(tmp_path_factory.mktemp("sample"))


def _serve(url: str, log: Path, pool_size: int = 1, notebooks: Path | None = None):
    server = FormsServer(url, log=log, pool_size=pool_size,
                         notebooks=notebooks or ROOT / "notebooks" / "forms")
    server.start(timeout=90)
    return server


def _stop_and_check(server) -> None:
    """Stop the server; its kernels must be gone with it, and it must exit cleanly."""
    import time

    kernels = server.kernels()
    assert server.stop() == 0, "evalnb forms exits with status 0 on SIGTERM"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in kernels):
        time.sleep(0.2)
    left = [pid for pid in kernels if Path(f"/proc/{pid}").exists()]
    assert not left, f"kernels left running after the server stopped: {left}"


@pytest.fixture(scope="module")
def sqlite_server(sample_folder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms-sqlite")
    url = f"sqlite:///{folder / 'forms.sqlite'}"
    with closing_stores():
        Store(url).import_folder(sample_folder)
    # no warm kernels: a kernel is started for each page (the PostgreSQL server keeps them warm)
    server = _serve(url, folder / "server.log", pool_size=0)
    yield server
    _stop_and_check(server)


@pytest.fixture(scope="module")
def postgresql_server(sample_folder, tmp_path_factory):
    base = require_postgres()
    folder = tmp_path_factory.mktemp("forms-pg")
    with schema_url(base, prefix="browser") as url:
        with closing_stores():
            Store(url).import_folder(sample_folder)
        # as `evalnb forms` runs by default: one warm kernel per form, waiting for its page's
        # request (two forms only, so that few kernels start at once)
        forms = folder / "forms"
        forms.mkdir()
        for name in ("index", "course_results"):
            shutil.copy(ROOT / "notebooks" / "forms" / f"{name}.ipynb", forms)
        server = _serve(url, folder / "server.log", pool_size=1, notebooks=forms)
        assert server.kernels(), "warm kernels are started with the server"
        yield server
        _stop_and_check(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request):
    return request.getfixturevalue(f"{request.param}_server")


class Browsing:
    """A browser context of one person: pages, no outside traffic, no alert ever."""

    def __init__(self, browser, locale: str = "en-GB"):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
        self.context.set_default_timeout(PAGE_TIMEOUT)
        self.context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
        self.dialogs: list[str] = []

    def open(self, url: str, wait: str = ".evalnb-form-page, .evalnb-start-page"):
        page = self.context.new_page()
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.goto(url, wait_until="commit")
        self.ready(page, wait)
        return page

    @staticmethod
    def ready(page, wait: str = ".evalnb-form-page, .evalnb-start-page"):
        from playwright.sync_api import TimeoutError as PageTimeout

        try:
            page.wait_for_selector(wait, state="visible")
        except PageTimeout:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "FAILED-page.png"), full_page=True)
            body = page.inner_text("body")[-1500:]
            raise AssertionError(f"{page.url}: no {wait} after {PAGE_TIMEOUT / 1000:.0f} s; "
                                 f"the page says: {body!r}") from None
        assert "There was an error when executing cell" not in page.inner_text("body")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module", autouse=True)
def _fresh_screenshots():
    """Screenshots of this run only: no stale picture from an earlier run."""
    if SHOTS.exists():
        for old in SHOTS.glob("*.png"):
            old.unlink()
    yield


@pytest.fixture(autouse=True)
def _close_stores():
    """Stores a test opens to check the database are closed when it ends."""
    with closing_stores():
        yield


@pytest.fixture
def person(browser):
    people: list[Browsing] = []

    def make(locale: str = "en-GB") -> Browsing:
        people.append(Browsing(browser, locale))
        return people[-1]

    yield make
    for p in people:
        assert not p.dialogs, f"a page ran a script from the data: {p.dialogs}"
        p.close()


def store_of(server) -> Store:
    return Store(server.db)


def grid_cell(page, teacher_id: str, column: int):
    """The ``column``-th input (1 absences, 2 late/early, 3 written, 4 discipline) of a roster row."""
    return page.locator(
        f"xpath=//div[contains(@class,'widget-html')][normalize-space()='{teacher_id}']"
        f"/following-sibling::div[contains(@class,'widget-text')][{column}]//input")


def grid_error(page, teacher_id: str):
    return page.locator(
        f"xpath=//div[contains(@class,'widget-html')][normalize-space()='{teacher_id}']"
        f"/following-sibling::div[contains(@class,'widget-html')][2]")


def choose_until_shown(page, select: str, index: int, shown) -> None:
    """Pick option ``index`` of ``select`` until ``shown`` appears.

    The test picks the moment the list is on the page; the widget may still
    redraw its options once from the kernel's state and put the first one back
    (a person picks seconds later).  Picked again, the page shows the choice;
    a choice that never shows fails with the locator's own message.
    """
    from playwright.sync_api import TimeoutError as PageTimeout

    for _ in range(3):
        page.select_option(select, index=index)
        try:
            shown.wait_for(timeout=15_000)
            return
        except PageTimeout:
            continue
    shown.wait_for()


def latest_courses(store: Store, n: int = 2) -> list[str]:
    courses = store.read("courses").sort_values(["end", "course_id"], ascending=[False, True])
    return list(courses["course_id"][:n])


# --- the start page ----------------------------------------------------------------------

def test_start_page_lists_the_forms_and_passes_the_name_on(sqlite_server, person):
    me = person("ru-RU")
    page = me.open(sqlite_server.url("", lang="ru"))
    assert page.url.endswith("/voila/render/index.ipynb?lang=ru")
    links = page.locator("a.evalnb-form-link")
    served = registry.available(ROOT / "notebooks" / "forms")
    assert links.count() == len(served)
    assert page.locator("h2").first.inner_text() == t("Data-entry forms", "ru", "serve")
    page.locator(".evalnb-field-user input").fill("Анна Петрова")
    screenshot(page, SHOTS / "index-ru.png")
    link = page.locator("a.evalnb-form-link[data-form='course_results']")
    page.wait_for_function("() => document.querySelector(\"a[data-form='course_results']\")"
                           ".href.includes('user=')")
    assert link.inner_text() == t("Course results", "ru", "training")
    link.click()
    me.ready(page, ".evalnb-save")
    assert "/voila/render/course_results.ipynb?lang=ru&user=" in page.url
    assert page.locator(".evalnb-field-user input").input_value() == "Анна Петрова"
    assert page.locator(".evalnb-page-head h2").inner_text() == t("Course results", "ru", "training")


def test_the_server_listens_on_127_0_0_1_only(sqlite_server):
    with socket.create_connection(("127.0.0.1", sqlite_server.port), timeout=5):
        pass
    with pytest.raises(OSError):   # another loopback address of this machine: refused
        socket.create_connection(("127.0.0.2", sqlite_server.port), timeout=5).close()


# --- filling in and saving -------------------------------------------------------------------

def test_course_results_bad_value_then_saved(sqlite_server, person):
    any_server = sqlite_server
    store = store_of(any_server)
    course = latest_courses(store, 1)[0]
    roster = store.read("enrollments", where={"course_id": course}).sort_values("teacher_id")
    teacher = roster["teacher_id"].iloc[0]
    before = len(store.read("enrollments"))
    me = person("ru-RU")
    page = me.open(any_server.url("voila/render/course_results.ipynb", lang="ru", user="Анна"),
                   ".evalnb-save")
    cell = grid_cell(page, teacher, 3)
    cell.fill("сто")
    page.click(".evalnb-save")
    error = grid_error(page, teacher)
    error.locator(ERR).wait_for()
    assert t("must be a number", "ru", "training") in error.inner_text()
    assert t("Nothing was saved: please correct the marked fields.", "ru") in page.inner_text(".evalnb-status")
    screenshot(page, SHOTS / "course_results-ru.png")
    saved = store.read("enrollments", where={"course_id": course, "teacher_id": teacher})
    assert saved["written_score"].tolist() == roster.set_index("teacher_id").loc[[teacher], "written_score"].tolist()
    cell.fill("77")
    page.click(".evalnb-save")
    page.locator(f".evalnb-status {OK}").wait_for()
    saved = store.read("enrollments", where={"course_id": course, "teacher_id": teacher})
    assert saved["written_score"].tolist() == [77.0]
    assert len(store.read("enrollments")) == before                          # updated, no duplicates
    audit = store.audit("enrollments")
    assert (audit["changed_by"] == "Анна").sum() == 1  # the one row she changed
    assert grid_error(page, teacher).inner_text().strip() == ""


def test_save_without_a_name_is_refused_next_to_the_field(sqlite_server, person):
    store = store_of(sqlite_server)
    rev = store.revision()
    page = person().open(sqlite_server.url("voila/render/course_results.ipynb", lang="zh"), ".evalnb-save")
    page.click(".evalnb-save")
    page.locator(f".evalnb-error-user {ERR}").wait_for()
    assert page.inner_text(".evalnb-error-user") == t("Type your name first: it is kept with what you save.",
                                                      "zh", "serve")
    assert page.inner_text(".evalnb-status").startswith(t("Nothing was saved: please correct the marked fields.",
                                                          "zh"))
    assert store.revision() == rev
    screenshot(page, SHOTS / "course_results-zh.png")


def test_course_registration_stores_hostile_text_literally(sqlite_server, person):
    any_server = sqlite_server
    store = store_of(any_server)
    marks = store.count("marks")
    cid = f"BR-{any_server.port}"
    me = person()
    page = me.open(any_server.url("voila/render/course_registration.ipynb", lang="en", user=HOSTILE),
                   ".evalnb-save")
    page.fill(".evalnb-field-course_id input", cid)
    page.fill(".evalnb-field-title input", HOSTILE)
    page.select_option(".evalnb-field-level select", label=t("county", "en", "training"))
    page.fill(".evalnb-field-sessions input", "4")
    page.fill(".evalnb-field-hours input", "8")
    page.fill(".evalnb-field-start input", "2025-03-01")
    page.fill(".evalnb-field-end input", "2025-03-09")
    page.click(".evalnb-save")
    page.locator(f".evalnb-status {OK}").wait_for()
    screenshot(page, SHOTS / "course_registration-en.png")
    row = store.read("courses", where={"course_id": cid})
    assert row[["title", "level", "sessions", "hours"]].values.tolist() == [[HOSTILE, "county", 4, 8.0]]
    assert str(row["start"].iloc[0].date()) == "2025-03-01"
    assert store.audit("courses")["changed_by"].tolist()[-1] == HOSTILE
    assert store.count("marks") == marks                       # the "DROP TABLE" was only text
    # the title shows literally in the next form that lists the course; no script ran
    page2 = me.open(any_server.url("voila/render/course_results.ipynb", lang="en", user="x"), ".evalnb-save")
    option = page2.locator(".evalnb-field-course_id select option", has_text="<script>alert(1)</script>")
    assert option.count() == 1 and HOSTILE in option.inner_text().replace("\xa0", " ")
    assert page2.locator("script:has-text('alert(1)')").count() == 0
    screenshot(page2, SHOTS / "course_results-en.png")


def test_self_diagnosis_pick_school_then_save(sqlite_server, person):
    store = store_of(sqlite_server)
    school = store.school("CN001")
    cycle = sorted(set(store.read("self_diagnosis", school_id="CN001")["cycle"]))[-1]
    page = person("zh-CN").open(sqlite_server.url("voila/render/self_diagnosis.ipynb", lang="zh", user="王芳"),
                                ".evalnb-open")
    page.select_option(".evalnb-pick-school select", label=f"{school['name']} (CN001)")
    page.wait_for_function(
        "(c) => document.querySelector('.evalnb-pick-cycle input').value === c", arg=cycle)
    page.click(".evalnb-open")
    page.wait_for_selector(".evalnb-save")
    page.locator(".jupyter-widget-Collapse-header").first.click()      # open item 1 of the accordion
    text = "诊断文本 " + HOSTILE
    area = page.locator(".evalnb-field-diagnosis_text_1-1 textarea")
    area.fill(text)
    page.click(".evalnb-save")
    page.locator(f".evalnb-status {OK}").wait_for()
    row = store.read("self_diagnosis", school_id="CN001", where={"cycle": cycle, "element": "1.1"})
    assert row["diagnosis_text"].tolist() == [text]
    screenshot(page, SHOTS / "self_diagnosis-zh.png")
    assert store.audit("self_diagnosis")["changed_by"].tolist()[-1] == "王芳"
    assert len(store.read("self_diagnosis", school_id="CN001", where={"cycle": cycle})) == 16


def test_review_opened_from_the_query_saves_a_verdict(sqlite_server, person):
    store = store_of(sqlite_server)
    cycle = sorted(set(store.read("review", school_id="CN001")["cycle"]))[-1]
    page = person("ru-RU").open(sqlite_server.url("voila/render/review.ipynb", lang="ru", user="Ольга",
                                                  school="CN001", cycle=cycle), ".evalnb-save")
    page.select_option(".evalnb-field-verdict_1-1 select", label=t("not achieved (未达成)", "ru", "diagnosis"))
    page.click(".evalnb-save")
    page.locator(f".evalnb-status {OK}").wait_for()
    row = store.read("review", school_id="CN001", where={"cycle": cycle, "element": "1.1"})
    assert row["attainment"].tolist() == ["not_achieved"]
    screenshot(page, SHOTS / "review-ru.png")
    assert store.audit("review")["changed_by"].iloc[-1] == "Ольга"


def test_journal_marks_bad_mark_then_saved(sqlite_server, person):
    store = store_of(sqlite_server)
    _ = lambda msgid: t(msgid, "ru", "assessment")  # noqa: E731
    page = person("ru-RU").open(sqlite_server.url("voila/render/journal_marks.ipynb", lang="ru", user="Ирина"),
                                ".evalnb-save")
    klass = page.locator(".evalnb-field-class_label select").input_value()
    students = store.read("students", school_id=RU_SCHOOL)
    first = sorted(students.loc[students["class_label"] == klass, "student_id"])[0]
    page.fill(".evalnb-field-subject input", "Астрономия")          # a subject the class has no marks in
    page.locator(".evalnb-confirm-subject input").check()          # new to the database: confirmed
    period = period_shown(page, "ru")
    page.get_by_role("button", name=_("Show the class")).click()
    mark = page.locator(f"xpath=//div[contains(@class,'widget-html')][normalize-space()='{first}']"
                        "/following-sibling::div[contains(@class,'widget-text')][1]//input")
    mark.fill("7")
    page.click(".evalnb-save")
    page.locator(f".evalnb-status {ERR}").wait_for()
    row_error = page.locator(f"xpath=//div[contains(@class,'evalnb-row-key')][normalize-space()='{first}']"
                             "/following-sibling::div[contains(@class,'evalnb-row-error')][1]")
    assert row_error.inner_text().strip() != ""
    screenshot(page, SHOTS / "journal_marks-ru.png")
    assert store.read("marks", where={"student_id": first, "subject": "Астрономия"}).empty
    mark.fill("5")
    page.click(".evalnb-save")
    page.locator(f".evalnb-status {OK}").wait_for()
    saved = store.read("marks", where={"student_id": first, "subject": "Астрономия"})
    assert saved[["period", "mark"]].values.tolist() == [[period, 5]]
    assert store.audit("marks")["changed_by"].tolist() == ["Ирина"]


def option_text(page, field: str) -> str:
    """The label of a drop-down's chosen option (ipywidgets shows its spaces as no-break spaces)."""
    return page.locator(f"{field} select option:checked").inner_text().replace("\xa0", " ").strip()


def period_shown(page, lang: str) -> str:
    """The period chosen in the journal-marks form, as stored (the drop-down shows its name)."""
    from evalnb.assessment.labels import period_label
    from evalnb.core.i18n import translator

    shown = option_text(page, ".evalnb-field-period")
    codes = {period_label(p, translator(lang, "assessment")): p
             for p in pd.read_csv(SAMPLE / "periods.csv")["period"]}
    return codes[shown]


def roster_name(page, student_id: str):
    return page.locator(f"xpath=//div[contains(@class,'evalnb-row-key')][normalize-space()='{student_id}']"
                        "/following-sibling::div[1][contains(@class,'evalnb-row-student_name')]")


def test_journal_marks_a_misspelt_subject_is_pointed_out_a_new_one_saved_once_confirmed(sqlite_server, person):
    store = store_of(sqlite_server)
    _ = lambda msgid, **fmt: t(msgid, "ru", "assessment", **fmt)  # noqa: E731
    core = lambda msgid, **fmt: t(msgid, "ru", "core", **fmt)  # noqa: E731
    page = person("ru-RU").open(sqlite_server.url("voila/render/journal_marks.ipynb", lang="ru", user="Ольга"),
                                ".evalnb-save")
    page.locator(".evalnb-field-subject input").press_sequentially("Матиматика")
    hint = page.locator(".evalnb-hint-subject")
    hint.get_by_text("«Математика»").wait_for()
    use = page.locator(".evalnb-use-subject")
    assert use.inner_text().strip() == core("Use «{value}»", value="Математика")
    page.click(".evalnb-save")
    page.locator(f".evalnb-status {ERR}").wait_for()
    assert "«Математика»" in page.locator(".evalnb-error-subject").inner_text()
    use.click()
    page.wait_for_function("() => document.querySelector('.evalnb-field-subject input').value === 'Математика'")
    page.locator(".evalnb-hint-subject").get_by_text("«Математика»").wait_for(state="detached")

    # a subject the database does not know: asked, and saved only once the tick is given
    new = "Черчение"
    assert store.read("marks", where={"subject": new}).empty
    page.fill(".evalnb-field-subject input", new)
    confirm = page.locator(".evalnb-confirm-subject")
    confirm.get_by_text(_("New subject «{value}» — add it?", value=new)).wait_for()
    page.get_by_role("button", name=_("Show the class")).click()
    page.locator(".evalnb-error-subject").get_by_text(core("Not in the database: tick the box below to add it")) \
        .wait_for()
    assert page.locator(".evalnb-row-key").count() == 0
    confirm.locator("input").check()
    page.get_by_role("button", name=_("Show the class")).click()
    key = page.locator(".evalnb-row-key").first
    key.wait_for()
    first = key.inner_text().strip()
    mark = page.locator(f"xpath=//div[contains(@class,'evalnb-row-key')][normalize-space()='{first}']"
                        "/following-sibling::div[contains(@class,'widget-text')][1]//input")
    mark.fill("4")
    page.click(".evalnb-save")
    page.locator(f".evalnb-status {OK}").wait_for()
    saved = store.read("marks", where={"subject": new})
    assert saved[["student_id", "period", "mark"]].values.tolist() == [[first, period_shown(page, "ru"), 4]]
    assert store.audit("marks").iloc[-1]["changed_by"] == "Ольга"


def test_journal_marks_class_list_names_and_pick_lists_in_every_language(sqlite_server, person):
    """The class list shows names beside the codes; screenshots of it with a pick list's hint, ru/zh/en."""
    store = store_of(sqlite_server)
    students = store.read("students", school_id=RU_SCHOOL).set_index("student_id")
    misspelt = {"ru": ("Истоиря", "История"), "en": ("Histroy", "History"), "zh": ("历吏", "历史")}
    assert t("«{value}»", "zh", "core", value="历史") == "「历史」"
    viewer = person()
    for lang in ("ru", "zh", "en"):
        _ = lambda msgid, **fmt: t(msgid, lang, "assessment", **fmt)  # noqa: E731
        page = viewer.open(sqlite_server.url("voila/render/journal_marks.ipynb", lang=lang, user="Anna"),
                           ".evalnb-save")
        page.fill(".evalnb-field-subject input", _("History"))
        page.get_by_role("button", name=_("Show the class")).click()
        page.locator(".evalnb-row-key").first.wait_for()
        keys = [k.strip() for k in page.locator(".evalnb-row-key").all_inner_texts()]
        assert keys and page.locator(".evalnb-row-student_name").count() == len(keys)
        for k in keys[:3]:
            row = students.loc[k]
            assert roster_name(page, k).inner_text().strip() == \
                f"{row['last_name']} {row['first_name']} {row['middle_name']}"
        header = page.locator("xpath=//div[contains(concat(' ', @class, ' '), ' widget-html ')]"
                              f"[normalize-space()='{_('Name')}']")
        assert header.count() == 1
        # the pick list's hint, for the picture: a misspelt subject, its suggestion and the question
        typed, known = misspelt[lang]
        page.fill(".evalnb-field-subject input", typed)
        page.locator(".evalnb-hint-subject").get_by_text(t("«{value}»", lang, "core", value=known)).wait_for()
        page.locator(".evalnb-confirm-subject").get_by_text(
            _("New subject «{value}» — add it?", value=typed)).wait_for()
        assert option_text(page, ".evalnb-field-period") == \
            {"ru": "IV четверть 2019/2020", "zh": "2019—2020学年第四季度", "en": "Q4 2019/20"}[lang]
        page.wait_for_timeout(300)
        screenshot(page, SHOTS / f"journal_marks_names-{lang}.png")
        page.close()


# --- several people at once -------------------------------------------------------------------

def test_two_people_saving_at_once_both_succeed(any_server, person):
    store = store_of(any_server)
    courses = latest_courses(store, 2)
    pages, expected = [], {}
    for name, course, score in (("Анна", courses[0], "61"), ("Bob", courses[1], "62")):
        page = person().open(any_server.url("voila/render/course_results.ipynb", lang="en", user=name),
                             ".evalnb-save")
        teacher = sorted(store.read("enrollments", where={"course_id": course})["teacher_id"])[0]
        cell = grid_cell(page, teacher, 3)
        choose_until_shown(page, ".evalnb-field-course_id select", courses.index(course), cell)
        cell.fill(score)
        pages.append(page)
        expected[(course, teacher)] = (float(score), name)
    audit_before = len(store.audit("enrollments"))
    for page in pages:   # both clicks go out before either save is done
        page.click(".evalnb-save", no_wait_after=True)
    for page in pages:
        page.locator(f".evalnb-status {OK}").wait_for()
    for (course, teacher), (score, name) in expected.items():
        row = store.read("enrollments", where={"course_id": course, "teacher_id": teacher})
        assert row["written_score"].tolist() == [score]
    audit = store.audit("enrollments").iloc[audit_before:]
    # each saved the one row they changed (the form saves changed rows only)
    assert sorted(audit["changed_by"].value_counts().items()) == [("Bob", 1), ("Анна", 1)]


# --- how the forms look ---------------------------------------------------------------------------

def screenshot(page, path: Path) -> None:
    """The whole form: Voilà scrolls inside the page, so the window is made as tall as the form."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { for (const e of document.querySelectorAll('*')) { if (e.scrollTop) e.scrollTop = 0; } }")
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('.evalnb-form-page, "
                           ".evalnb-start-page')].map(e => e.getBoundingClientRect().bottom), 600)")
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 60, 6000)})
    page.screenshot(path=str(path))


def _shot_url(server, entry, lang):
    query = {"lang": lang, "user": {"en": "Anna Smith", "ru": "Анна Петрова", "zh": "王芳"}[lang]}
    if "school" in entry.pick:
        if entry.kinds and "vocational" in entry.kinds:
            query.update(school="CN001", cycle="2021-2025")
        else:                           # a general school: the one whose class lists the test keeps
            query.update(school=RU_SCHOOL)
    return server.url(f"voila/render/{entry.notebook}", **query)


#: the pages the tests above leave a screenshot of (after typing, saving or a refused save)
SHOT_BY_THE_TESTS = {("index", "ru"), ("course_results", "ru"), ("course_results", "zh"),
                     ("course_results", "en"), ("course_registration", "en"), ("self_diagnosis", "zh"),
                     ("review", "ru"), ("journal_marks", "ru")}


def test_screenshot_of_every_other_form_and_language(sqlite_server, person):
    """The rest of the forms × languages, as they open: kept in test-artifacts/screenshots/.

    Together with the pages the tests above keep, there is one of every form
    (and the start page) in every language; the title is checked in each.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    jobs = []
    for lang in ("en", "ru", "zh"):   # one language at a time: each form's warm kernel is used once
        jobs.append(("index", sqlite_server.url("", lang=lang, user="Anna"), lang,
                     t("Data-entry forms", lang, "serve")))
        jobs += [(entry.name, _shot_url(sqlite_server, entry, lang), lang, registry.title(entry, lang))
                 for entry in registry.available(ROOT / "notebooks" / "forms")]
    jobs = [job for job in jobs if (job[0], job[2]) not in SHOT_BY_THE_TESTS]
    viewer = person()       # one browser context: Voilà's scripts are loaded and compiled once
    for i in range(0, len(jobs), 3):      # three pages load at once (two cores)
        batch = jobs[i:i + 3]
        pages = []
        for name, url, lang, _title in batch:
            page = viewer.context.new_page()
            page.on("dialog", lambda d: (viewer.dialogs.append(d.message), d.dismiss()))
            page.goto(url, wait_until="commit")
            pages.append(page)
        for page, (name, url, lang, title) in zip(pages, batch):
            # every page opens in every language; what a form shows on this small database varies
            # (a form whose tables are empty says so), so the page itself is what is waited for
            Browsing.ready(page, ".evalnb-start-page" if name == "index" else ".evalnb-form-page")
            assert page.locator(".evalnb-page-head h2").inner_text() == title
            assert page.locator(".evalnb-page-head").get_attribute("lang") == {"zh": "zh-CN"}.get(lang, lang)
            page.wait_for_timeout(300)     # let the last widgets settle
            screenshot(page, SHOTS / f"{name}-{lang}.png")
            page.close()


# --- a server left running all year ------------------------------------------------------

def _rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def test_pages_opened_and_closed_give_their_kernels_back(browser, sample_folder, tmp_path):
    """20 pages opened and closed one after the other: the server ends where it began.

    A closed page frees its kernel at once (the page's shutdown request is accepted); a page
    whose browser never says goodbye is culled after the idle timeout. The warm pool keeps
    its size, the server's memory stays bounded, and its log holds no warning or traceback.
    """
    import time

    url = f"sqlite:///{tmp_path / 'forms.sqlite'}"
    with closing_stores():
        Store(url).import_folder(sample_folder)
    forms = tmp_path / "forms"
    forms.mkdir()
    for name in ("index", "course_registration"):
        shutil.copy(ROOT / "notebooks" / "forms" / f"{name}.ipynb", forms)
    log = tmp_path / "server.log"
    server = FormsServer(url, log=log, pool_size=1, notebooks=forms, idle_timeout=5).start(timeout=90)
    try:
        def settled(expected: int, within: float) -> list[int]:
            deadline = time.monotonic() + within
            while time.monotonic() < deadline:
                kernels = server.kernels()
                if len(kernels) == expected:
                    time.sleep(1)                     # and stays so
                    if len(server.kernels()) == expected:
                        return kernels
                time.sleep(0.5)
            return server.kernels()

        pool = settled(2, 90)                         # one warm kernel per notebook
        assert len(pool) == 2, f"warm pool: {len(pool)} kernels"
        before = _rss_mb([server.proc.pid, *pool])
        me = Browsing(browser)
        try:
            for i in range(20):
                page = me.open(server.url("voila/render/course_registration.ipynb", lang="en"))
                if i == 19:                            # the last one: its browser vanishes
                    me.context.close()
                else:
                    page.close(run_before_unload=True)
        finally:
            me.close()
        after_kernels = settled(2, 60)
        assert len(after_kernels) == 2, f"{len(after_kernels)} kernels left; the pool is 2"
        after = _rss_mb([server.proc.pid, *after_kernels])
        assert after < 1.5 * before + 150, f"server memory grew from {before:.0f} MB to {after:.0f} MB"
    finally:
        server.stop()
    text = log.read_text(encoding="utf-8", errors="replace")
    noise = [ln for ln in text.splitlines()
             if re.search(r"WARNING|Warning|ERROR|Traceback|Error:", ln)]
    assert not noise, "the server log is not quiet:\n" + "\n".join(noise[:20])
