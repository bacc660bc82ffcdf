"""The batch engine's pieces, without running a notebook (fast)."""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path

import pytest

from evalnb.batch import cli, safe_name
from evalnb.batch.index import render_index
from evalnb.batch.model import RESERVED
from evalnb.batch.outputs import TMP_SUFFIX, atomic_write, clean_temporaries, write_json
from evalnb.batch.params import Param, parse_parameters_cell
from evalnb.batch.values import check_injection, check_value, coerce_text
from evalnb.batch.plan import load_notebook
from evalnb.errors import InputError, ParameterError, UnknownNameError

NOTEBOOKS = Path(__file__).parent / "notebooks"
REPORT = NOTEBOOKS / "report.ipynb"

HOSTILE = 'Sch"ool \'\'\' \\" \\\\ \n"); import os; os.system("echo pwned") #\r\n<script>alert(1)</script> «Родник» 学校'


# -- names -------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["../../x", "..", ".", "/etc/passwd", "a/b", "a\\b", "", " ",
                                 "index", "INDEX", "manifest", "x\x00y", "..\\..\\x", HOSTILE,
                                 "ok-name_1.2"])
def test_safe_name_never_leaves_the_folder(key, tmp_path):
    name = safe_name(key)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert name.lower() not in RESERVED
    target = (tmp_path / f"{name}.html").resolve()
    assert target.parent == tmp_path.resolve()


def test_safe_name_keeps_plain_ids_and_separates_changed_ones():
    assert safe_name("S001") == "S001"
    assert safe_name("学校1") == "学校1"
    assert safe_name(42) == "42"
    assert safe_name("a b") != safe_name("a_b")
    assert safe_name("../x") != safe_name("..x")


# -- parameters --------------------------------------------------------------------------

CELL = '''school_id: str = "S1"
data = None
lang: str | None = None
rules_path: Optional[str] = None
threshold: float = 0.5
count = 3
flag: bool = False
names: list[str] = []
required: str = None
'''


def test_parameters_cell_types():
    p = parse_parameters_cell(CELL)
    assert list(p) == ["school_id", "data", "lang", "rules_path", "threshold", "count", "flag",
                       "names", "required"]
    assert p["school_id"].types == (str,)
    assert p["data"].types is None  # `= None`, no annotation: any type
    assert p["lang"].accepts_none and str in p["lang"].types
    assert p["rules_path"].accepts_none
    assert p["count"].types == (int,)
    assert p["required"].required and not p["lang"].required


@pytest.mark.parametrize("name, value", [("school_id", 1), ("threshold", "0.5"), ("count", 2.5),
                                         ("count", True), ("flag", 1), ("names", "a"),
                                         ("school_id", None)])
def test_wrong_type_is_a_parameter_error(name, value):
    p = parse_parameters_cell(CELL)[name]
    with pytest.raises(ParameterError) as info:
        check_value(p, value, notebook="nb.ipynb")
    assert info.value.parameter == name
    assert "nb.ipynb" in str(info.value)


def test_values_that_fit():
    p = parse_parameters_cell(CELL)
    assert check_value(p["threshold"], 1, notebook="n") == 1
    assert check_value(p["lang"], None, notebook="n") is None
    assert check_value(p["data"], {"a": [1, 2]}, notebook="n") == {"a": [1, 2]}
    assert check_value(p["school_id"], Path("x"), notebook="n") == "x"


def test_objects_that_are_not_data_are_refused():
    p = Param("x")
    with pytest.raises(ParameterError):
        check_value(p, object(), notebook="n")
    with pytest.raises(ParameterError):
        check_value(p, {1: "a"}, notebook="n")


def test_command_line_values_are_converted_by_declared_type():
    p = parse_parameters_cell(CELL)
    assert coerce_text(p["threshold"], "0.25", notebook="n") == 0.25
    assert coerce_text(p["count"], "7", notebook="n") == 7
    assert coerce_text(p["flag"], "yes", notebook="n") is True
    assert coerce_text(p["school_id"], "007", notebook="n") == "007"
    assert coerce_text(p["names"], '["a", "b"]', notebook="n") == ["a", "b"]
    assert coerce_text(p["lang"], "ru", notebook="n") == "ru"
    with pytest.raises(ParameterError):
        coerce_text(p["count"], "many", notebook="n")


@pytest.mark.parametrize("value", [HOSTILE, '"""', "'''", "\\", "\\n", "\n", '"', "\\\"",
                                   "\x00", "\u2028", "${x}", "{school_id}", ["\n'''", {"k\"": "v\\"}],
                                   float("nan"), float("inf"), -1, True, None])
def test_injected_values_stay_data(value):
    """papermill's translator keeps every value a literal; we parse the cell back to prove it."""
    code = check_injection({"x": value, "y": 1}, notebook="n", kernel_name="python3",
                           language="python")
    tree = ast.parse(code)
    assert all(isinstance(s, ast.Assign) for s in tree.body) and len(tree.body) == 2
    ns: dict = {}
    exec(compile(tree, "<injected>", "exec"), {"__builtins__": {"float": float}}, ns)
    assert set(ns) == {"x", "y"}
    got = ns["x"]
    if isinstance(value, float) and value != value:
        assert got != got
    else:
        assert got == value and type(got) is type(value)


def test_load_notebook_reads_the_declaration():
    spec = load_notebook(REPORT)
    assert spec.key == "school_id"
    assert spec.applies_to == {"kinds": ["general"], "with_rows_in": "students"}
    assert spec.figures == ["students", "girls_share", "mean_grade"]
    assert {"school_id", "data", "lang", "rules_path", "note"} <= set(spec.params)
    assert "import pandas as pd" in spec.warm


def test_notebook_without_parameters_cell(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    path = tmp_path / "plain.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ParameterError, match="parameters"):
        load_notebook(path)
    with pytest.raises(InputError, match="does not exist"):
        load_notebook(tmp_path / "missing.ipynb")


# -- checked before anything runs ----------------------------------------------------------

def _nothing_ran(out: Path) -> None:
    assert not out.exists() or not any(out.rglob("*"))


@pytest.mark.parametrize("parameters, match", [
    ({"nope": 1}, "unknown parameter 'nope'"),
    ({"delay": "slow"}, "'delay'"),
    ({"note": 3}, "'note'"),
    ({"data": "x"}, "--data"),
])
def test_bad_parameters_fail_before_anything_runs(tmp_path, parameters, match):
    from evalnb.batch import run

    out = tmp_path / "out"
    with pytest.raises(ParameterError, match=match) as info:
        run(REPORT, data=str(tmp_path), schools=["S1"], out=out, parameters=parameters)
    assert str(REPORT) in (info.value.notebook or "")
    _nothing_ran(out)


def _user_notebook(tmp_path: Path, parameters: str, key: str | None = None) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print('hello')")])
    if key:
        nb.metadata["evalnb"] = {"key": key}
    path = tmp_path / "mine.ipynb"
    nbformat.write(nb, path)
    return path


def test_the_batch_passes_only_the_parameters_a_notebook_declares(tmp_path):
    from evalnb.batch.plan import build_parameters, passed_parameters
    from evalnb.batch.targets import Target

    spec = load_notebook(NOTEBOOKS / "no_data.ipynb")  # school_id, lang, rules_path; no data
    assert passed_parameters(spec, lang=None, rules_path=None) == ["school_id"]
    assert passed_parameters(spec, lang="ru", rules_path="/r.yaml") == [
        "school_id", "lang", "rules_path"]
    assert build_parameters(spec, Target("S1"), data="sqlite:///x", lang=None, rules_path=None,
                            extra={}) == {"school_id": "S1"}
    bare = load_notebook(_user_notebook(tmp_path, "school_id: str = 'S1'"))
    assert passed_parameters(bare, lang=None, rules_path=None) == ["school_id"]
    assert build_parameters(bare, Target("S2"), data="sqlite:///x", lang=None, rules_path=None,
                            extra={}) == {"school_id": "S2"}
    full = load_notebook(REPORT)
    assert passed_parameters(full, lang=None, rules_path=None) == ["school_id", "data"]


def test_an_option_the_notebook_cannot_receive_is_refused(tmp_path):
    from evalnb.batch import run

    nb = _user_notebook(tmp_path, "school_id = 'S1'  # the school")
    out = tmp_path / "out"
    rules = tmp_path / "rules.yaml"
    rules.write_text("{}\n", encoding="utf-8")
    for kw, name in (({"lang": "ru"}, "lang"), ({"rules": rules}, "rules_path")):
        with pytest.raises(ParameterError, match=f"no parameter '{name}'") as info:
            run(nb, data=str(tmp_path), schools=["S1"], out=out, **kw)
        assert info.value.parameter == name and f"{name} = None" in info.value.hint
    _nothing_ran(out)


def test_a_notebook_without_its_key_parameter_is_refused(tmp_path):
    from evalnb.batch import run

    out = tmp_path / "out"
    nb = _user_notebook(tmp_path, "threshold: float = 0.5\ndata = None", key="school_id")
    with pytest.raises(ParameterError, match="no parameter 'school_id', the report's key") as info:
        run(nb, data=str(tmp_path), out=out)
    assert info.value.parameter == "school_id" and "threshold, data" in info.value.hint
    _nothing_ran(out)


def test_bad_options_fail_before_anything_runs(tmp_path):
    from evalnb.batch import run

    out = tmp_path / "out"
    with pytest.raises(UnknownNameError, match="format"):
        run(REPORT, data=str(tmp_path), schools=["S1"], out=out, formats="html,docx")
    with pytest.raises(InputError, match="rules file"):
        run(REPORT, data=str(tmp_path), schools=["S1"], out=out, rules=tmp_path / "no.yaml")
    with pytest.raises(UnknownNameError, match="language"):
        run(REPORT, data=str(tmp_path), schools=["S1"], out=out, lang="de")
    _nothing_ran(out)


def test_cli_reports_a_parameter_error_with_status_2(tmp_path, capsys):
    out = tmp_path / "out"
    status = cli.main([str(REPORT), "--data", str(tmp_path), "--schools", "S1", "--out", str(out),
                       "-p", "delay", "soon"])
    err = capsys.readouterr().err
    assert status == 2
    assert "delay" in err and "report.ipynb" in err and "Traceback" not in err
    _nothing_ran(out)


def test_cli_arguments():
    parser = cli.add_arguments(argparse.ArgumentParser())
    args = parser.parse_args(["nb.ipynb", "--schools", "A", "B", "--format", "html",
                              "-p", "x", "1", "-p", "y", "two", "--jobs", "3", "--force",
                              "--scheduler", "tcp://127.0.0.1:8786", "--timeout", "30"])
    assert args.schools == ["A", "B"] and args.formats == "html" and args.jobs == 3
    assert args.parameters == [["x", "1"], ["y", "two"]] and args.force
    assert args.scheduler == "tcp://127.0.0.1:8786" and args.timeout == 30
    with pytest.raises(SystemExit):
        parser.parse_args(["nb.ipynb", "--schools", "A", "--all"])


# -- files ---------------------------------------------------------------------------------

def test_atomic_write_and_cleanup(tmp_path):
    target = tmp_path / "a.json"
    write_json(target, {"x": float("nan"), "y": [1, float("inf")], "z": "ж"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"x": None, "y": [1, None], "z": "ж"}
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
    leftover = tmp_path / f".b.html.123.abcd{TMP_SUFFIX}"
    leftover.write_bytes(b"half")
    assert clean_temporaries(tmp_path) == 1 and not leftover.exists()


def test_index_page_escapes_everything():
    reports = [
        {"key": "../../x", "file": "x-1", "title": HOSTILE, "status": "ok", "duration": 1.0,
         "outputs": {"html": "x-1.html"}, "figures": {"n": 3, "note": "<b>bold</b>"},
         "lang": "ru"},
        {"key": "S2", "file": "S2", "title": "<img src=x onerror=alert(1)>", "status": "failed",
         "duration": 0.5, "outputs": {"ipynb": "S2.ipynb"}, "figures": {},
         "error": {"cell": 3, "ename": "ValueError", "evalue": "<script>bad()</script>"}},
    ]
    page = render_index(notebook="nb<1>", reports=reports, lang="ru", figures=["n", "note"],
                        labels={}, formats={}, data="sqlite:///x", version="0")
    assert "<script>alert" not in page and "<script>bad" not in page
    assert "<img src=x" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<html lang="ru">' in page and "Школа" in page
    assert page.count("<script>") == 1  # the sorting script, inline
    assert "http://" not in page and "https://" not in page


def test_landing_page_links_every_batch(tmp_path):
    from evalnb.batch import landing

    assert landing(tmp_path) is None
    for name, failed in (("school_overview", 0), ("school_report", 2)):
        (tmp_path / name).mkdir()
        write_json(tmp_path / name / "manifest.json", {
            "notebook": f"{name}.ipynb", "generated": "2026-01-01T10:00:00+00:00",
            "counts": {"ok": 3, "skipped": 1, "failed": failed, "pending": 0},
            "reports": [{}] * (4 + failed)})
    page = landing(tmp_path, lang="zh").read_text(encoding="utf-8")
    assert 'href="school_overview/index.html"' in page and 'href="school_report/index.html"' in page
    assert '<html lang="zh-CN">' in page and "报告" in page


def test_index_language_is_the_batch_s_the_set_s_or_the_builder_s(monkeypatch):
    from evalnb.batch.index import choose_lang

    assert choose_lang("ru", []) == "ru"
    assert choose_lang(None, [{"lang": "zh"}, {"lang": "zh"}]) == "zh"
    # a mixed set: the builder's language, not the majority's
    assert choose_lang(None, [{"lang": "zh"}, {"lang": "zh"}, {"lang": "en"}], "ru") == "ru"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    assert choose_lang(None, [{"lang": "zh"}, {"lang": "ru"}]) == "en"
    assert choose_lang(None, []) == "en"


def test_report_sets_of_notebooks_with_the_same_name_do_not_share_a_folder(tmp_path):
    from evalnb.batch.plan import report_set_name

    assert report_set_name(tmp_path / "notebooks" / "assessment" / "school_report.ipynb") == \
        "assessment-school_report"
    assert report_set_name(tmp_path / "notebooks" / "diagnosis" / "school_report.ipynb") == \
        "diagnosis-school_report"
    assert report_set_name(tmp_path / "notebooks" / "school_overview.ipynb") == "school_overview"
    assert report_set_name(tmp_path / "elsewhere" / "my report.ipynb") == report_set_name(
        tmp_path / "my report.ipynb")


# -- failures are ReportErrors -------------------------------------------------------------

def test_a_failure_is_a_report_error_that_crosses_processes():
    import pickle

    from evalnb.batch.executors import _crash_result
    from evalnb.batch.model import Result, Task, failure
    from evalnb.errors import ReportError

    task = Task(key="S1", name="S1", notebook="nb", notebook_source="", notebook_dir=".",
                kernel_name="python3", warm_code=[], parameters={}, formats=("html",))
    crashed = _crash_result(task, "the worker process died twice")
    assert isinstance(crashed.error, ReportError) and crashed.error.key == "S1"
    assert crashed.error.to_dict() == {
        "cell": None, "execution_count": None, "ename": "WorkerCrashed",
        "evalue": "the worker process died twice",
        "message": "WorkerCrashed: the worker process died twice"}
    try:
        raise OSError("no fonts")
    except OSError as exc:
        err = failure(exc, key="S2", what="export failed")
    assert err.message == "export failed: OSError: no fonts"
    assert "Traceback" in err.traceback and "no fonts" in err.traceback
    back = pickle.loads(pickle.dumps(Result(key="S2", name="S2", status="failed", error=err)))
    assert back.error.to_dict() == err.to_dict() and back.error.key == "S2"
    assert ReportError.from_dict(err.to_dict(), key="S2").to_dict() == err.to_dict()


def test_a_cell_error_counts_the_cells_as_written():
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    from evalnb.batch.worker import cell_error

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("raise ValueError('bad')")])
    # papermill numbers the executed notebook, whose injected cell follows the parameters
    err = PapermillExecutionError(cell_index=3, exec_count=3, source="raise ValueError('bad')",
                                  ename="ValueError", evalue="\x1b[31mbad\x1b[0m",
                                  traceback=["\x1b[31mValueError\x1b[0m: bad"])
    e = cell_error(err, nb, key="S1", timeout=True)
    assert (e.cell, e.execution_count, e.ename, e.evalue) == (2, 3, "ValueError", "bad")
    assert e.message == "cell 2: ValueError: bad" and e.traceback == "ValueError: bad"
    assert e.to_dict()["timeout"] is True


def test_parameters_keep_the_order_of_the_cell(tmp_path):
    nb = _user_notebook(tmp_path, "school_id: str | None = None  # papermill misses this line\n"
                                  "data = None\nlang: str | None = None")
    assert list(load_notebook(nb).params) == ["school_id", "data", "lang"]
