"""The command line as a user meets it: real subprocesses, exit codes, no tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from evalnb.core.schemas import markdown

from evalnb_testing import ROOT, SAMPLE, make

EVALNB = [sys.executable, "-m", "evalnb"]


def run(*args, cwd=None):
    return subprocess.run([*EVALNB, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_validate_good_folder(tmp_path):
    res = run("validate", make(tmp_path))
    assert res.returncode == 0, res.stderr
    assert "no problems" in res.stdout


def test_validate_sample_with_a_mark_of_seven_exits_2_naming_table_row_column(tmp_path):
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE, copy)
    lines = (copy / "marks.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    col = header.index("mark")
    row = next(i for i, line in enumerate(lines[1:], start=2) if line.split(",")[col].strip())
    cells = lines[row - 1].rstrip("\n").split(",")
    cells[col] = "7"
    lines[row - 1] = ",".join(cells) + "\n"
    (copy / "marks.csv").write_text("".join(lines), encoding="utf-8")
    res = run("validate", copy)
    assert res.returncode == 2
    assert f"table marks.csv, row {row}, column mark: value 7" in res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""


def test_validate_the_committed_sample_passes():
    res = run("validate", SAMPLE)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "marks:" in res.stdout


def test_import_bad_folder_exits_2_and_leaves_the_database_alone(tmp_path):
    db = tmp_path / "db.sqlite"
    assert run("import", make(tmp_path), "--db", db).returncode == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "students.csv").write_text("student_id,school_id,grade\nS1,001,5\nS2,001,eleven\n", encoding="utf-8")
    res = run("import", bad, "--db", db)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "row 3, column grade: value 'eleven'" in res.stderr
    from evalnb.core.store import Store

    assert Store(f"sqlite:///{db}").count("students") == 2


def test_unknown_rules_key_exits_2(tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text("training:\n  pass_mrk: 60\n", encoding="utf-8")
    res = run("rules", "training", "--rules", rules)
    assert res.returncode == 2 and "unknown rule 'pass_mrk'" in res.stderr and "Traceback" not in res.stderr


def test_docs_data_md_is_generated_from_the_schemas():
    assert (ROOT / "docs" / "data.md").read_text(encoding="utf-8").strip() == markdown().strip(), \
        "docs/data.md is stale: run `evalnb tables > docs/data.md`"


def test_sample_command_is_deterministic(tmp_path):
    assert run("sample", "--out", tmp_path / "a", "--seed", "3").returncode == 0
    assert run("sample", "--out", tmp_path / "b", "--seed", "3").returncode == 0
    files = sorted((tmp_path / "a").glob("*.csv"))
    assert len(files) >= 12
    for p in files:
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes(), p.name


@pytest.mark.parametrize("args", [["--version"], ["tables"]])
def test_info_commands(args):
    res = run(*args)
    assert res.returncode == 0 and res.stdout.strip()


def test_an_unreachable_database_is_one_line_and_exit_2(tmp_path):
    res = run("import", make(tmp_path), "--db", "postgresql://nobody@127.0.0.1:1/x")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith("evalnb: cannot connect to the database postgresql://nobody@127.0.0.1:1/x")
    assert len(lines) == 2 and lines[1].startswith("  hint: ")


def test_an_output_path_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    out = tmp_path / "taken"
    out.write_text("x", encoding="utf-8")
    res = run("sample", "--out", out)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.startswith("evalnb: ") and str(out) in res.stderr


def test_validate_says_what_it_detected(tmp_path):
    folder = make(tmp_path)
    (folder / "periods.csv").write_bytes("period;start;end\r\n2019-2020 Q1;2019-09-02;2019-10-27\r\n"
                                         .encode("utf-16"))
    res = run("validate", folder)
    assert res.returncode == 0, res.stderr
    assert "periods: 1 rows (periods.csv: UTF-16, semicolon-separated, CRLF line ends)" in res.stdout
    assert "marks: 2 rows (marks.csv: UTF-8, comma-separated, LF line ends)" in res.stdout


@pytest.mark.parametrize("lang, expected", [
    ("en", "table marks.csv, row 2, column mark: value 7: must be from 1 to 5"),
    ("ru", "таблица marks.csv, строка 2, столбец mark: значение 7: Должно быть от 1 до 5"),
    ("zh", "表 marks.csv, 第 2 行, 列 mark: 值 7: 须在 1 到 5 之间"),
])
def test_validate_says_the_problems_in_the_users_language(tmp_path, capsys, lang, expected):
    import shutil

    from evalnb import cli

    from evalnb_testing import SAMPLE

    for table in ("schools", "periods", "students"):
        shutil.copy(SAMPLE / f"{table}.csv", tmp_path / f"{table}.csv")
    lines = (SAMPLE / "marks.csv").read_text(encoding="utf-8").splitlines()[:3]
    head, first = lines[0], lines[1].split(",")
    first[3] = "7"
    (tmp_path / "marks.csv").write_text("\n".join([head, ",".join(first), lines[2]]) + "\n",
                                        encoding="utf-8")
    assert cli.main(["validate", str(tmp_path), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_the_language_of_the_terminal_is_the_default(monkeypatch):
    from evalnb.core.messages import default_lang

    monkeypatch.delenv("EVALNB_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert default_lang() == "ru"
    monkeypatch.setenv("EVALNB_LANG", "zh")
    assert default_lang() == "zh"
    monkeypatch.setenv("EVALNB_LANG", "xx")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.setattr("locale.getlocale", lambda *a: (None, None))
    assert default_lang() == "en"
