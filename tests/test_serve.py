"""``evalnb forms`` without a browser: request context, pages, start page, catalog, CLI.

The pages run the real domain forms on SQLite and PostgreSQL (``db_url``);
the browser tests (``test_browser_forms.py``) drive the same pages served.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from babel.messages.pofile import read_po

from evalnb import InputError
from evalnb.core.i18n import LOCALE_DIR
from evalnb.core.store import Store
from evalnb.serve import cli, context, registry
from evalnb.serve.page import Page, css_name
from evalnb.serve.start import StartPage
from pg_fixtures import db_url, postgres_url  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]
FORMS_DIR = ROOT / "notebooks" / "forms"
SERVE_SRC = ROOT / "src" / "evalnb" / "serve"
HOSTILE = "'); DROP TABLE marks; --<script>alert(1)</script>"


def small_dataset() -> dict[str, pd.DataFrame]:
    return {
        "schools": pd.DataFrame({
            "school_id": ["CN001", "EN001", "RU001"],
            "name": ["南宁市第一职业技术学校", "Oakfield Primary", "МАОУ гимназия № 1"],
            "municipality": ["南宁市", "Oakfield", "г. Армавир"], "kind": ["vocational", "primary", "general"],
            "language": ["zh", "en", "ru"]}),
        "students": pd.DataFrame({"student_id": ["S1", "S2"], "school_id": ["RU001"] * 2, "grade": [5, 5],
                                  "class_label": ["5А", "5А"]}),
        "periods": pd.DataFrame({"period": ["2024-2025 Q1"], "start": ["2024-09-02"], "end": ["2024-10-27"]}),
        "teachers": pd.DataFrame({"teacher_id": ["T1", "T2"], "school_id": ["EN001"] * 2,
                                  "name": ["Ann Lee", "Bob Ray"], "kind": ["primary"] * 2}),
        "courses": pd.DataFrame({"course_id": ["C1"], "title": ["Reading"], "mode": ["online"],
                                 "sessions": [4], "hours": [8], "credits": [2],
                                 "start": ["2025-01-10"], "end": ["2025-02-10"]}),
        "enrollments": pd.DataFrame({"course_id": ["C1", "C1"], "teacher_id": ["T1", "T2"],
                                     "absences": [0, 1], "late_or_early": [0, 0],
                                     "written_score": [None, None], "discipline_score": [None, None]}),
        "self_diagnosis": pd.DataFrame({"school_id": ["CN001"], "cycle": ["2021-2025"], "element": ["1.1"],
                                        "attainment": ["partly"], "diagnosis_text": ["旧文本"],
                                        "measures_text": [None], "effect_text": [None]}),
    }


@pytest.fixture
def store(db_url):  # noqa: F811
    s = Store(db_url)
    s.write_frames(small_dataset())
    return s


@pytest.fixture(autouse=True)
def no_request(monkeypatch):
    """Pages see no Voilà request unless a test sets one."""
    for var in ("QUERY_STRING", "EVALNB_LANG", "VOILA_BASE_URL", "VOILA_REQUEST_URL"):
        monkeypatch.delenv(var, raising=False)


def factory(name):
    f = registry.get(name).load()
    assert f is not None, f"{registry.get(name).factory} is missing"
    return f


def text(html_value: str) -> str:
    return re.sub(r"<[^>]+>", "", html_value)


# --- the request ---------------------------------------------------------------------

@pytest.mark.parametrize("query,env,expected", [
    ("lang=ru", None, "ru"),
    ("lang=zh&user=x", "ru", "zh"),
    ("", "zh", "zh"),
    ("lang=de", "ru", "ru"),            # unsupported: ignored, not trusted
    ("lang=%3Cscript%3E", None, "en"),
    ("", None, "en"),
    ("lang=RU", None, "ru"),
])
def test_language_comes_from_the_query_then_the_environment(monkeypatch, query, env, expected):
    monkeypatch.setenv("QUERY_STRING", query)
    if env:
        monkeypatch.setenv("EVALNB_LANG", env)
    assert context.request_lang() == expected


def test_user_and_links_are_encoded_not_trusted(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "user=%D0%90%D0%BD%D0%BD%D0%B0%20%3Cb%3E&lang=ru")
    assert context.request_user() == "Анна <b>"
    href = context.link("review.ipynb", lang="zh", user="A&B <x>", school="")
    assert href == "review.ipynb?lang=zh&user=A%26B+%3Cx%3E"
    assert context.query(href.split("?")[1]) == {"lang": "zh", "user": "A&B <x>"}


# --- the registry and the notebooks -------------------------------------------------

def test_served_notebooks_are_thin_and_match_the_registry():
    served = {e.name for e in registry.available(FORMS_DIR)}
    assert {"course_results", "course_registration", "self_diagnosis", "review", "journal_marks",
            "external_results"} <= served
    on_disk = {p.stem for p in FORMS_DIR.glob("*.ipynb")} - {"index"}
    assert on_disk == served, "every notebook is a served form and every available form has one"
    for name in sorted(served | {"index"}):
        nb = nbformat.read(FORMS_DIR / f"{name}.ipynb", as_version=4)
        assert nb.metadata.kernelspec.name == "python3"
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert len(code) == 1 and not code[0].outputs and code[0].execution_count is None
        lines = [ln for ln in code[0].source.splitlines() if ln.strip() and not ln.startswith("#")]
        assert len(lines) <= 3, f"{name}: a form notebook is imports and one call"
        if name != "index":
            module, _sep, attr = registry.get(name).factory.partition(":")
            assert lines == ["from evalnb.serve.page import form_page", f"from {module} import {attr}",
                             f"form_page({attr})"]


def test_a_form_whose_domain_is_missing_is_not_offered():
    ghost = registry.ServedForm("ghost", "evalnb.no_such_domain.forms:Ghost", "t", "d")
    assert ghost.load() is None
    assert registry.for_factory(factory("review")) is registry.get("review")


# --- a form page -------------------------------------------------------------------

def test_a_save_needs_the_users_name_and_records_it(store):
    page = Page(factory("course_results"), lang="ru", data=store)
    form = page.form
    assert form is not None and page.message.value == ""
    form.grid.cells[("T1", "written_score")].value = "88"
    form.grid.cells[("T1", "discipline_score")].value = "15"
    rev = store.revision()
    assert form.form.submit() is False
    assert "Сначала введите своё имя" in text(page.user.error.value)
    assert "Ничего не сохранено" in text(form.form.status.value)
    assert store.revision() == rev and store.audit().empty
    page.user.widget.value = "  Анна Петрова "
    assert form.form.submit() is True
    assert page.user.error.value == ""
    audit = store.audit("enrollments")
    # the one row she changed (the results form saves changed rows only)
    assert set(audit["changed_by"]) == {"Анна Петрова"} and len(audit) == 1
    # saving again updates: same rows, one more audit entry, no duplicates
    form.grid.cells[("T1", "written_score")].value = "90"
    assert form.form.submit() is True
    rows = store.read("enrollments")
    assert len(rows) == 2
    assert rows.set_index("teacher_id").loc["T1", "written_score"] == 90
    assert store.audit("enrollments")["action"].tolist() == ["update"] * 2


def test_journal_marks_through_a_page(store):
    page = Page(factory("journal_marks"), lang="ru", data=store)
    form = page.form
    assert form.school.widget.value == "RU001" and form.klass.widget.value == "5А"
    form.subject.widget.value = "Математика"
    assert form.load() is False             # the database knows no subject yet: a new one is confirmed
    form.subject.confirm.value = True
    assert form.load() is True
    form.grid.cells[("S1", "mark")].value = "9"
    assert form.form.submit() is False                      # no name yet
    page.user.widget.value = "Ирина"
    assert form.form.submit() is False                      # a mark out of range, on its row
    assert text(form.grid.errors["S1"].value) != "" and store.count("marks") == 0
    form.grid.cells[("S1", "mark")].value = "4"
    assert form.form.submit() is True, form.form.status.value
    assert store.read("marks")[["student_id", "mark"]].values.tolist() == [["S1", 4]]
    assert store.audit("marks")["changed_by"].tolist() == ["Ирина"]


def test_a_save_the_database_refuses_writes_nothing_and_says_so(store, monkeypatch):
    import sqlalchemy as sa

    page = Page(factory("course_results"), lang="ru", user="Анна", data=store)
    form = page.form
    form.grid.cells[("T1", "written_score")].value = "55"
    rev = store.revision()
    real_transaction = store._transaction

    def outage(work, attempts=8):   # the connection drops in the middle of the transaction
        def half(conn):
            work(conn)
            raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))
        return real_transaction(half, attempts=1)

    monkeypatch.setattr(store, "_transaction", outage)
    assert form.form.submit() is False
    status = text(form.form.status.value)
    assert status.startswith("Ничего не сохранено:") and "server closed the connection" in status
    monkeypatch.undo()
    assert store.revision() == rev and store.audit().empty
    assert store.read("enrollments", where={"teacher_id": "T1"})["written_score"].isna().all()
    assert form.grid.cells[("T1", "written_score")].value == "55"        # what was typed stays


def test_a_bad_value_is_shown_next_to_its_field_in_the_users_language(store):
    page = Page(factory("course_registration"), lang="zh", user="王芳", data=store)
    fields = page.form.fields
    fields["course_id"].widget.value = "C2"
    fields["title"].widget.value = HOSTILE
    fields["sessions"].widget.value = "abc"
    fields["hours"].widget.value = "6"
    assert page.form.form.submit() is False
    assert text(fields["sessions"].error.value) != ""
    assert text(fields["start"].error.value) != ""            # required, still empty
    assert re.search(r"[\u4e00-\u9fff]", text(page.form.form.status.value))   # said in Chinese
    assert store.read("courses", where={"course_id": "C2"}).empty


def test_hostile_text_is_stored_literally_through_a_page(store):
    import datetime as dt

    page = Page(factory("course_registration"), lang="en", user=HOSTILE, data=store)
    f = page.form.fields
    f["course_id"].widget.value = "C2"
    f["title"].widget.value = HOSTILE
    f["sessions"].widget.value = "3"
    f["hours"].widget.value = "6"
    f["start"].widget.value = dt.date(2025, 3, 1)
    f["end"].widget.value = dt.date(2025, 3, 9)
    assert page.form.form.submit() is True, page.form.form.status.value
    assert store.read("courses", where={"course_id": "C2"})["title"].tolist() == [HOSTILE]
    assert store.audit("courses")["changed_by"].tolist() == [HOSTILE]
    assert store.count("marks") == 0 and "marks" in Store(store.url).metadata.tables
    # shown escaped in the next form that lists it
    page2 = Page(factory("course_results"), lang="en", data=store)
    labels = [label for label, _v in page2.form.course.widget.options]
    assert any(HOSTILE in label for label in labels)
    assert "<script>" not in page2.form.info.value


def test_a_page_asks_for_school_and_cycle_first(store):
    page = Page(factory("self_diagnosis"), lang="en", user="Li Wei", data=store)
    assert page.form is None and set(page.pickers) == {"school", "cycle"}
    school = page.pickers["school"].widget
    assert [v for _label, v in school.options] == [None, "CN001"]   # vocational schools only
    assert page.open_chosen() is False
    assert text(page.pickers["school"].error.value) == "Required"
    school.value = "CN001"
    assert page.pickers["cycle"].widget.value == "2021-2025"      # the school's latest cycle
    assert list(page.pickers["cycle"].widget.options) == ["2021-2025"]
    page.pickers["cycle"].widget.value = ""
    assert page.open_chosen() is False
    assert text(page.pickers["cycle"].error.value) == "Required"
    page.pickers["cycle"].widget.value = "2026-2030"               # a new cycle is allowed
    assert page.open_chosen() is True and page.form.cycle == "2026-2030"
    page.form.set("1.2", attainment="achieved", diagnosis_text="新的诊断 <b>")
    assert page.form.submit() is True, page.form.form.status.value
    saved = store.read("self_diagnosis", where={"cycle": "2026-2030"})
    assert saved[["element", "diagnosis_text"]].values.tolist() == [["1.2", "新的诊断 <b>"]]
    assert store.audit("self_diagnosis")["changed_by"].tolist() == ["Li Wei"]


def test_choices_in_the_query_open_the_form_at_once(store, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=ru&user=Olga&school=CN001&cycle=2021-2025")
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    page = Page(factory("review"), data=store)
    assert page.lang == "ru" and page.user_name == "Olga"
    assert page.form is not None and page.form.school_id == "CN001" and page.form.lang == "ru"
    head = page.head.value
    assert "Экспертная проверка" in head
    # links keep the language choice, the name and the choices, escaped
    assert 'href="?lang=zh&amp;user=Olga&amp;school=CN001&amp;cycle=2021-2025"' in head
    assert 'href="index.ipynb?lang=ru&amp;user=Olga"' in head
    page.user.widget.value = 'Ol"ga<'
    assert 'user=Ol%22ga%3C' in page.head.value and 'Ol"ga<' not in page.head.value


def test_an_unknown_school_in_the_query_opens_nothing(store, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "school=NOPE&cycle=2021-2025")
    page = Page(factory("review"), data=store)
    assert page.form is None
    assert "could not be opened" in text(page.message.value)
    assert "NOPE" in text(page.message.value)


def test_a_database_that_cannot_be_reached_is_said_not_raised():
    page = Page(factory("course_results"), lang="en",
                data="postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert page.form is None
    assert "The form could not be opened" in text(page.message.value)


def test_fields_get_css_classes_for_the_browser(store):
    page = Page(factory("course_registration"), lang="en", data=store)
    assert "evalnb-field-title" in page.form.fields["title"].widget._dom_classes
    assert "evalnb-save" in page.form.form.button._dom_classes
    assert css_name("attainment_1.1") == "attainment_1-1"


# --- the start page -----------------------------------------------------------------

def test_start_page_lists_the_forms_and_passes_the_name_on(monkeypatch):
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    page = StartPage(lang="zh", user="", folder=FORMS_DIR)
    html_value = page.listing.value
    for entry in registry.available(FORMS_DIR):
        assert f'href="{entry.notebook}?lang=zh"' in html_value
    assert "培训考核成绩" in html_value and "教师继续教育" in html_value
    page.user.widget.value = "<script>alert(1)</script>"
    assert "<script>alert" not in page.listing.value and "<script>alert" not in page.head.value
    assert "user=%3Cscript%3Ealert%281%29%3C%2Fscript%3E" in page.listing.value
    assert 'href="?lang=ru&amp;user=%3Cscript' in page.head.value


def test_start_page_in_jupyterlab_links_the_notebooks_themselves():
    page = StartPage(lang="ru", user="Анна", folder=FORMS_DIR)
    assert 'href="course_results.ipynb"' in page.listing.value
    assert "?lang=" not in page.listing.value and "href" not in page.head.value


def test_start_page_without_forms_says_so(tmp_path):
    page = StartPage(lang="ru", folder=tmp_path)
    assert "Пока нет доступных форм" in page.listing.value


# --- the catalog ----------------------------------------------------------------------

def _ids(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "serve.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_every_message_of_the_pages_is_in_the_catalog():
    used = set()
    for path in SERVE_SRC.glob("*.py"):
        if path.name == "registry.py":   # its messages are the entries' fields, checked below
            continue
        source = path.read_text(encoding="utf-8")
        used |= {a or b for a, b in re.findall(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""",
                                             source)}
    english = _ids("en")
    missing = sorted(m for m in used if m not in english)
    assert not missing, missing
    unused = sorted(m for m in english if m not in used)
    assert not unused, unused


# --- the command ------------------------------------------------------------------------

def args(**kw):
    p = argparse.ArgumentParser()
    cli.add_arguments(p)
    ns = p.parse_args([])
    for k, v in kw.items():
        setattr(ns, k, v)
    return ns


def test_prepare_gives_voila_loopback_and_the_database(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("EVALNB_LANG", raising=False)
    db = tmp_path / "new.sqlite"
    argv, env = cli.prepare(args(db=str(db), port=_free_port(), lang="zh"))
    assert "--Voila.ip=127.0.0.1" in argv and "--Voila.port_retries=0" in argv
    assert "--show_tracebacks=False" in argv and "--no-browser" in argv
    assert env == {"EVALNB_DATA": f"sqlite:///{db}", "EVALNB_LANG": "zh", "VOILA_APP_IP": "127.0.0.1"}
    assert "--preheat_kernel=True" in argv and "--pool_size=1" in argv
    assert "evalnb_audit" in Store(env["EVALNB_DATA"]).metadata.tables and db.exists()
    assert capsys.readouterr().err == ""


def test_another_address_only_when_asked_and_with_a_warning(tmp_path, capsys):
    argv, env = cli.prepare(args(db=str(tmp_path / "x.sqlite"), ip="127.0.0.2", port=_free_port(),
                                 pool_size=0))
    assert "--Voila.ip=127.0.0.2" in argv and env["VOILA_APP_IP"] == "127.0.0.2"
    assert not any(a.startswith("--preheat_kernel") for a in argv)
    assert capsys.readouterr().err == ""                      # still loopback
    assert cli.check_ip("::1") and not cli.check_ip("192.0.2.1")
    with pytest.raises(InputError, match="not an IP address"):
        cli.check_ip("evil.example; rm -rf /")


@pytest.mark.parametrize("bad,match", [
    ({"notebooks": "/nonexistent"}, "no form notebooks"),
    ({"db": "postgresql+psycopg://nobody:pw@127.0.0.1:1/none?connect_timeout=2"}, "cannot open the database"),
    ({"port": 70000}, "out of range"),
])
def test_bad_options_are_input_errors(tmp_path, bad, match):
    kw = {"db": str(tmp_path / "x.sqlite"), "port": _free_port(), **bad}
    with pytest.raises(InputError, match=match):
        cli.prepare(args(**kw))


def test_a_busy_port_is_refused():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(InputError, match="cannot listen") as info:
            cli.check_port("127.0.0.1", port)
    assert info.value.hint == "choose another with --port"


def test_the_password_is_not_printed(monkeypatch, capsys, postgres_url):
    from evalnb.serve import app

    monkeypatch.setattr(app.FormsVoila, "launch_instance", classmethod(lambda cls, argv=None: None))
    assert cli.run_from_args(args(db=postgres_url, port=_free_port())) == 0
    out = capsys.readouterr().out
    assert "***" in out and ":evalnb@" not in out
    assert "open http://127.0.0.1:" in out


def test_evalnb_forms_is_a_subcommand(capsys):
    from evalnb.cli import main

    with pytest.raises(SystemExit) as info:
        main(["forms", "--help"])
    assert info.value.code == 0
    assert "--db" in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the notebooks in a kernel, as in JupyterLab ---------------------------------------

@pytest.mark.slow
def test_form_notebooks_run_in_a_kernel_as_in_jupyterlab(tmp_path, monkeypatch):
    """Every notebook's cell as JupyterLab runs it: no Voilà, the language from $EVALNB_LANG.

    One kernel runs the cells of all the notebooks one after the other (a
    kernel start per notebook would cost seconds; the browser tests start one
    per page anyway).
    """
    from nbclient import NotebookClient

    url = f"sqlite:///{tmp_path / 'forms.sqlite'}"
    store = Store(url)
    store.write_frames(small_dataset())
    store.engine.dispose()
    monkeypatch.setenv("EVALNB_DATA", url)
    monkeypatch.setenv("EVALNB_LANG", "ru")
    paths = sorted(FORMS_DIR.glob("*.ipynb"))
    combined = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        combined.cells += [c for c in nb.cells if c.cell_type == "code"]
    NotebookClient(combined, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(FORMS_DIR)}}).execute()
    for path, cell in zip(paths, combined.cells):
        outputs = cell.outputs
        assert [o.output_type for o in outputs] == ["display_data"], (path.name, json.dumps(outputs)[:2000])
        assert "application/vnd.jupyter.widget-view+json" in outputs[0].data
