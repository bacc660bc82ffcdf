"""``evalnb new-report PATH``: a starter report notebook for a methodologist.

The notebook runs as written, in JupyterLab and through ``evalnb batch``: a
parameters cell (the key, ``data``, ``lang``), one opening with
:class:`~evalnb.core.report.ReportContext`, one table, one chart and
:func:`evalnb.record` for the batch's index page.  It is keyed by
``school_id`` (one report per school) or by a column of the schools table
such as ``municipality`` (one report per municipality).  Its labels are
evalnb's common ones (the ``core`` catalog), so it comes out in the school's
language; replace them with your own.

The main ``evalnb`` command wires it in like ``evalnb batch``::

    sub = subparsers.add_parser("new-report", help=...)
    evalnb.newreport.add_arguments(sub)
    ...
    return evalnb.newreport.run_from_args(args)
"""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path

from .errors import InputError

DESCRIPTION = ("Write a starter report notebook (parameters cell, ReportContext, one table, one "
               "chart, evalnb.record) that evalnb batch runs as written.")

_INTRO = """
# {title}

A starter report: one page per {per}, in its language. Run it here (Run ▸ Run All Cells),
or for every {per} at once:

    evalnb batch {name} --data data/evalnb.sqlite --out reports

and open `reports/{stem}/index.html`: one row per {per}, with the figures this notebook
records (`evalnb.record`) and links to each HTML and PDF.

Change anything below. Keep the cell tagged `parameters` (the batch sets `{key}` in it for each
report, `data` from `--data`, `lang` from `--lang`) and call `ctx.start(...)` before showing
anything: it gives the page its title, subtitle and language.
"""

_PARAMETERS = """
{key}: str | None = None  # {what}; the batch sets it. None: the first in the data
data = None               # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
lang: str | None = None   # en | ru | zh; None: the {lang_of}
"""

_OPEN_SCHOOL = """
import evalnb
from evalnb.core.charts import figure
from evalnb.core.report import ReportContext, open_store
from evalnb.core.tables import html_table

if school_id is None:  # run by hand: the first school in the data
    school_id = str(open_store(data).schools()["school_id"].iloc[0])
# "core": evalnb's common labels; your domain's name gives its labels and rules (ctx.rules)
ctx = ReportContext.open("core", data, lang=lang, school_id=school_id)
_ = ctx._
ctx.start(ctx.school["name"], ctx.school["municipality"], kicker=_("School"))
"""

_OPEN_COLUMN = """
import evalnb
from evalnb.core.charts import figure
from evalnb.core.report import ReportContext, open_store
from evalnb.core.tables import html_table

store = open_store(data)
schools = store.schools()
if {key} is None:  # run by hand: the first in the data
    {key} = str(schools["{key}"].dropna().iloc[0])
schools = schools[schools["{key}"] == {key}]
# the language most of its schools use, unless the batch's --lang says otherwise;
# "core": evalnb's common labels; your domain's name gives its labels and rules (ctx.rules)
langs = schools["language"].dropna()
ctx = ReportContext.open("core", store, lang=lang or (langs.mode().iloc[0] if len(langs) else None))
_ = ctx._
ctx.start(str({key}), "", kicker={kicker})
"""

_TABLE_SCHOOL = """
students = ctx.store.read("students", school_id=school_id)
by_grade = students.groupby("grade").size().rename("students").reset_index()
ctx.heading(_("Students by grade"))
if len(by_grade):
    display(html_table(by_grade, ctx.lang, labels={"grade": _("Grade"), "students": _("Students")}))
else:
    ctx.paragraph(_("No data for this school yet"))
"""

_TABLE_COLUMN = """
students = ctx.store.read("students", school_id=list(schools["school_id"]))
per_school = schools[["school_id", "name"]].assign(
    students=schools["school_id"].map(students.groupby("school_id").size()).fillna(0).astype(int))
ctx.heading(_("Students"))
display(html_table(per_school[["name", "students"]], ctx.lang,
                   labels={"name": _("School"), "students": _("Students")}))
"""

_CHART_SCHOOL = """
if len(by_grade):
    fig, ax = figure(figsize=(7, 3))
    ax.bar(by_grade["grade"].astype(str), by_grade["students"])
    ax.set_title(_("Students by grade"))
    ax.set_xlabel(_("Grade"))
    ctx.show(fig)
"""

_CHART_COLUMN = """
fig, ax = figure(figsize=(7, 0.4 * len(per_school) + 1))
ax.barh(per_school["name"], per_school["students"])
ax.invert_yaxis()
ax.set_title(_("Students"))
ctx.show(fig)
"""

_RECORD = """
# figures for the batch's index page: one column each (labels in the notebook's metadata)
evalnb.record("students", len(students))
"""

#: Labels of the columns of the schools table a starter may be keyed by (core catalog ids).
_COLUMN_LABELS = {"municipality": "Municipality", "cluster": "Cluster", "kind": "Kind"}


def _keys() -> list[str]:
    """school_id, and the text columns of the schools table that group schools."""
    from .core import schemas

    fields = schemas.get("schools").fields
    return ["school_id"] + [f.name for f in fields if f.kind in ("str", "enum")
                            and f.name not in ("school_id", "name")]


def write_starter(path: str | Path, key: str = "school_id", *, force: bool = False) -> Path:
    """Write a starter report notebook keyed by ``key``; return its path.

    Parameters
    ----------
    path : the ``.ipynb`` file to write (its folder is made if missing).
    key : ``school_id`` (one report per school) or a column of the schools
        table (``municipality``: one report per municipality).
    force : overwrite an existing file.

    Raises :class:`~evalnb.errors.InputError` for another key, a path that is
    not a ``.ipynb`` file, or an existing file without ``force``.

    Examples
    --------
    >>> write_starter("my_report.ipynb")                      # doctest: +SKIP
    >>> write_starter("by_municipality.ipynb", key="municipality")  # doctest: +SKIP
    """
    from .core.notebooks import code, markdown, write

    path = Path(path).expanduser()
    keys = _keys()
    if key not in keys or not key.isidentifier() or keyword.iskeyword(key):
        raise InputError(f"a starter report cannot be keyed by {key!r}", column="key", value=key,
                         rule="the key is school_id or a column of the schools table",
                         hint="one of: " + ", ".join(keys))
    if path.suffix != ".ipynb":
        raise InputError(f"{path} is not a .ipynb file", table=str(path), value=str(path),
                         hint="name the notebook like my_report.ipynb")
    if path.exists() and not force:
        raise InputError(f"{path} exists; not overwritten", table=str(path),
                         hint="choose another PATH, or pass --force")
    path.parent.mkdir(parents=True, exist_ok=True)
    school = key == "school_id"
    fmt = {"key": key, "name": path.name, "stem": path.stem,
           "per": "school" if school else key,
           "kicker": f'_("{_COLUMN_LABELS[key]}")' if key in _COLUMN_LABELS else "None",
           "what": "the school" if school else f"the {key}",
           "lang_of": "school's language" if school else "language most of its schools use",
           "title": path.stem.replace("_", " ").capitalize()}
    cells = [
        markdown(_INTRO.format(**fmt)),
        code(_PARAMETERS.format(**fmt), tags=["parameters"]),
        code((_OPEN_SCHOOL if school else _OPEN_COLUMN).format(**fmt)),
        code(_TABLE_SCHOOL if school else _TABLE_COLUMN),
        code(_CHART_SCHOOL if school else _CHART_COLUMN),
        code(_RECORD),
    ]
    meta = {"key": key, "applies_to": {}, "figures": ["students"],
            "figure_labels": {"students": {"en": "Students", "ru": "Обучающиеся", "zh": "学生数"}},
            "figure_formats": {"students": "int"}}
    return write(path, cells, meta)


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``evalnb new-report`` to ``parser``."""
    parser.add_argument("path", metavar="PATH", help="the notebook to write (.ipynb)")
    parser.add_argument("--key", default="school_id",
                        help="one report per school (school_id, the default) or per value of a "
                             "column of schools (municipality, cluster, kind…)")
    parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    return parser


def run_from_args(args: argparse.Namespace) -> int:
    """Run ``evalnb new-report`` for parsed ``args``; return the exit status (2: bad input)."""
    try:
        path = write_starter(args.path, key=args.key, force=args.force)
    except InputError as exc:
        print(f"evalnb new-report: error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"  hint: {exc.hint}", file=sys.stderr)
        return 2
    print(f"wrote {path}\n"
          f"  open it in JupyterLab, or run it for every report:\n"
          f"  evalnb batch {path} --data data/evalnb.sqlite --out reports")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m evalnb.newreport PATH``: the command without the main ``evalnb`` CLI."""
    parser = argparse.ArgumentParser(prog="evalnb new-report", description=DESCRIPTION)
    add_arguments(parser)
    return run_from_args(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
