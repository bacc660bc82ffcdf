"""The ``evalnb`` command: a thin layer over the package's functions.

Exit status: 0 fine; 1 some reports failed (batch); 2 bad input, or a
database or file that cannot be read or written — the problem is printed in
a few lines, never as a traceback; 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import EvalnbError, InputError



def _print_error(exc: EvalnbError, lang: str = "en") -> None:
    if isinstance(exc, InputError) and lang != "en" and exc.problems and exc.problems[0].rule:
        from .core.i18n import translator
        from .core.messages import problem_line

        _ = translator(lang, "core")
        if len(exc.problems) > 1:
            print("evalnb: " + _("{n} problems:", n=len(exc.problems)), file=sys.stderr)
        for p in exc.problems[:50]:
            print(("" if len(exc.problems) > 1 else "evalnb: ") + problem_line(p, lang), file=sys.stderr)
        if len(exc.problems) > 50:
            print(_("… and {n} more", n=len(exc.problems) - 50), file=sys.stderr)
        return
    if isinstance(exc, InputError) and len(exc.problems) > 1:
        print(f"evalnb: {len(exc.problems)} problems:", file=sys.stderr)
        print(exc.report(limit=50), file=sys.stderr)
    else:
        print(f"evalnb: {exc}", file=sys.stderr)
        hint = getattr(exc, "hint", None)
        if hint and hint not in str(exc):
            print(f"  hint: {hint}", file=sys.stderr)


def cmd_sample(args) -> int:
    from .sample import write

    if args.scale is not None and args.scale < 1:
        print("evalnb: --scale needs a number of schools of at least 1", file=sys.stderr)
        return 2
    paths = write(Path(args.out), seed=args.seed, scale=args.scale)
    print(f"wrote {len(paths)} tables to {args.out}")
    return 0


def _read_options(args):
    from .core.files import ReadOptions

    max_bytes = None
    if getattr(args, "max_file_mb", None) is not None:
        if not args.max_file_mb > 0:
            raise InputError(f"--max-file-mb must be above 0, not {args.max_file_mb:g}",
                             value=args.max_file_mb, rule="a size in MB")
        max_bytes = int(args.max_file_mb * 1024 * 1024)
    return ReadOptions(decimal=args.decimal, encoding=args.encoding, max_bytes=max_bytes)


def _formats(loaded, plain_too: bool) -> list[str]:
    lines = []
    for table, fmt in loaded.formats.items():
        text = fmt.describe()
        if plain_too or not text.startswith(("UTF-8, comma", "XLSX")):
            lines.append(f"  {loaded.sources[table]}: read as {text}")
    return lines


def cmd_validate(args) -> int:
    from .core.loading import read_folder
    from .core.store import Store

    options = _read_options(args)
    store = Store(args.db, readonly=True) if args.db else None  # never creates nor writes
    try:
        loaded = read_folder(Path(args.folder), existing=store._existing_values("append") if store else None,
                             options=options, partial=store is None)
    finally:
        if store is not None:
            store.close()
    if loaded.problems:
        for line in _formats(loaded, plain_too=False):
            print(line, file=sys.stderr)
        raise InputError(problems=loaded.problems)
    total = sum(len(f) for f in loaded.frames.values())
    print(f"{args.folder}: {len(loaded.frames)} tables, {total} rows, no problems")
    for name, frame in loaded.frames.items():
        print(f"  {name}: {len(frame)} rows ({loaded.sources[name]}: {loaded.formats[name].describe()})")
    for note in loaded.notes:
        print(f"  note: {note}")
    return 0


def cmd_import(args) -> int:
    from .core.store import Store

    options = _read_options(args)
    store = Store(args.db, readonly=False)
    try:
        counts = store.import_folder(Path(args.folder), mode="append" if args.append else "replace",
                                     allow_shrink=args.allow_shrink, options=options)
        revision = store.revision()
    except BaseException:
        store.discard()  # a database file this failed import created goes again
        raise
    store.close()
    print(f"imported into {store.engine.url.render_as_string(hide_password=True)} (revision {revision}):")
    for name, n in counts.items():
        print(f"  {name}: {n} rows")
    return 0


def cmd_rules(args) -> int:
    from .core.rules import rules_for

    rules = rules_for(args.domain).load(args.rules)
    for item in rules.describe():
        mark = "" if item["value"] == item["default"] else f"   (default {item['default']!r})"
        print(f"{item['rule']} = {item['value']!r}{mark}\n    {item['source']}")
    return 0


def cmd_notebooks(args) -> int:
    """The report notebooks of every domain, and what each applies to."""
    from .core import domain as domains
    from .core.notebooks import NOTEBOOKS_DIR, describe_notebook

    rows = domains.reports(demo_only=args.demo)
    if args.paths:
        for _domain, report in rows:
            print(NOTEBOOKS_DIR / report.notebook)
        return 0
    for domain, report in rows:
        info = describe_notebook(NOTEBOOKS_DIR / report.notebook)
        demo = "" if report.demo else "   (not built by make demo)"
        print(f"{report.notebook}   [{domain.name}]{demo}\n    one report per {info}")
    return 0


def cmd_domains(args) -> int:
    """The registered domains: title, tables, rules, reports and forms."""
    from .core import domain as domains

    for row in domains.describe():
        print(f"{row['domain']}: {row['title']}")
        for key in ("tables", "reports", "forms"):
            if row[key]:
                print(f"    {key}: {', '.join(row[key])}")
        if row["rules"]:
            print(f"    rules: evalnb rules {row['domain']}")
    return 0


def cmd_tables(args) -> int:
    from .core.schemas import markdown

    print(markdown())
    return 0


def _file_options(s) -> None:
    s.add_argument("--decimal", choices=(".", ","), default=".",
                   help="decimal mark of the numbers in the files (default .; a number written "
                        "otherwise is an error, never guessed)")
    s.add_argument("--encoding", default=None,
                   help="encoding of the CSV files: utf-8, utf-16, cp1251 or gb18030/gbk "
                        "(default: detected)")
    s.add_argument("--max-file-mb", type=float, default=None,
                   help="largest table file read, in MB (default $EVALNB_MAX_FILE_MB or 256)")


def _lang_option(parser) -> None:
    from .core.i18n import LANGS

    parser.add_argument("--lang", dest="message_lang", choices=LANGS, default=None,
                        help="language of the problems printed (default: $EVALNB_LANG, else the "
                             "locale's, else en)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="evalnb", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"evalnb {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("sample", help="write the sample district's CSV files")
    s.add_argument("--out", default="data/sample", help="folder to write (default data/sample)")
    s.add_argument("--seed", type=int, default=0, help="random seed (default 0: the committed sample)")
    s.add_argument("--scale", type=int, default=None, metavar="N",
                   help="a region of N general schools in several municipalities (with the olympiad's "
                        "and control plans' rows of its schools), about 1.5 N vocational schools and "
                        "N/20 training counties, instead of the sample district (20 is its size)")
    s.set_defaults(func=cmd_sample)

    s = sub.add_parser("validate", help="report every problem of a folder of CSV/XLSX files")
    s.add_argument("folder")
    s.add_argument("--db", help="also check references against this database (opened read-only)")
    _file_options(s)
    _lang_option(s)
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("import", help="validate a folder and load it into the database, all or nothing")
    _lang_option(s)
    s.add_argument("folder")
    s.add_argument("--db", default=None, help="SQLAlchemy URL or SQLite file (default data/evalnb.sqlite)")
    s.add_argument("--append", action="store_true",
                   help="add rows instead of replacing the tables the folder brings")
    s.add_argument("--allow-shrink", action="store_true",
                   help="let a file replace a table with fewer than half its rows (or none)")
    _file_options(s)
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("tables", help="print the tables and columns evalnb reads (Markdown)")
    s.set_defaults(func=cmd_tables)

    s = sub.add_parser("domains", help="list the domains evalnb knows, with their tables, reports and forms")
    s.set_defaults(func=cmd_domains)

    s = sub.add_parser("notebooks", help="list the report notebooks and what each applies to")
    s.add_argument("--demo", action="store_true", help="only those `make demo` builds")
    s.add_argument("--paths", action="store_true", help="print only their paths, one per line")
    s.set_defaults(func=cmd_notebooks)

    s = sub.add_parser("rules", help="show a domain's rules with their sources")
    s.add_argument("domain", help="a domain with rules (see `evalnb domains`)")
    s.add_argument("--rules", help="a YAML file of overrides to apply")
    s.set_defaults(func=cmd_rules)

    try:
        from .batch import cli as batch_cli
    except ImportError:  # the batch engine is optional while it is being built
        batch_cli = None
    if batch_cli is not None:
        s = sub.add_parser("batch", help="run a report notebook for many schools (HTML, PDF, index)")
        batch_cli.add_arguments(s)
        s.set_defaults(func=batch_cli.run_from_args)
    from . import newreport
    from .control_plan import cli as control_plan_cli

    s = sub.add_parser("check-document", help=control_plan_cli.HELP)
    control_plan_cli.add_arguments(s)
    s.set_defaults(func=control_plan_cli.run_from_args)

    s = sub.add_parser("new-report", help="write a starter report notebook of your own")
    newreport.add_arguments(s)
    s.set_defaults(func=newreport.run_from_args)

    from .serve import cli as serve_cli

    s = sub.add_parser("forms", help="serve the data-entry forms in the browser (Voilà)")
    serve_cli.add_arguments(s)
    s.set_defaults(func=serve_cli.run_from_args)
    return p


def main(argv: list[str] | None = None) -> int:
    from .batch.hosts import fast_imports

    fast_imports()                 # before the parser imports the forms' server (nbformat)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except EvalnbError as exc:
        lang = "en"
        if hasattr(args, "message_lang"):       # validate and import speak the user's language
            from .core.messages import default_lang

            lang = args.message_lang or default_lang()
        _print_error(exc, lang)
        return 2
    except OSError as exc:  # a file or folder the command cannot read or write
        where = f": {exc.filename}" if exc.filename else ""
        print(f"evalnb: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("evalnb: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
