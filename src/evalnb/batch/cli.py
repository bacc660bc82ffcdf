"""``evalnb batch``: the command line over :func:`evalnb.batch.run`.

The main ``evalnb`` command wires these in::

    sub = subparsers.add_parser("batch", help=...)
    evalnb.batch.cli.add_arguments(sub)
    ...
    return evalnb.batch.cli.run_from_args(args)

Exit status: 0 every report built (or up to date), 1 some report failed (the
others are finished and listed), 2 bad input (nothing ran), 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import EvalnbError, InputError

DESCRIPTION = ("Run a parameterized report notebook once per school, in parallel, and export "
               "each report to HTML, PDF and/or ipynb, with an index page and a manifest.")


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``evalnb batch`` to ``parser``."""
    parser.add_argument("notebook", nargs="?", help="the report notebook (.ipynb)")
    parser.add_argument("--data", metavar="URL|FOLDER",
                        help="database URL or data folder (default: the database of `make demo`)")
    sel = parser.add_argument_group(
        "which reports (default: one per school the notebook applies to, or per value of its "
        "key among those schools: a municipality, a row of the table the key belongs to)")
    ex = sel.add_mutually_exclusive_group()
    ex.add_argument("--schools", "--keys", nargs="+", metavar="ID", dest="schools",
                    help="these schools only (for a notebook keyed by something else: these "
                         "values of its key); unknown ones are refused before anything runs")
    ex.add_argument("--all", action="store_true", dest="all_schools",
                    help="every school, ignoring the notebook's applies_to")
    sel.add_argument("--kind", action="append", metavar="K", dest="kinds",
                     help="schools of this kind (repeatable)")
    sel.add_argument("--municipality", metavar="M", help="schools of this municipality")
    parser.add_argument("--format", default="html,pdf", metavar="html,pdf,ipynb", dest="formats",
                        help="output formats, comma-separated (default: html,pdf)")
    parser.add_argument("--lang", choices=("en", "ru", "zh"),
                        help="report language (default: each school's language)")
    parser.add_argument("--ui-lang", choices=("en", "ru", "zh"), dest="ui_lang",
                        help="language of the index and landing pages of a set in several "
                             "languages (default: from the locale, else English)")
    parser.add_argument("--jobs", type=int, metavar="N",
                        help="local worker processes (default: one per core)")
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="run on this Dask distributed scheduler instead of locally")
    parser.add_argument("--out", default="reports", metavar="DIR",
                        help="output folder (default: reports/); reports go to DIR/<notebook>/")
    parser.add_argument("--rules", metavar="FILE", help="rules file passed as rules_path")
    parser.add_argument("--timeout", type=float, metavar="S", help="seconds one report may take")
    parser.add_argument("--force", action="store_true", help="rebuild reports that are up to date")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                        dest="parameters", help="another notebook parameter (repeatable)")
    parser.add_argument("--fresh-kernel", action="store_true",
                        help="a new (pre-started) kernel for every report instead of a reused one")
    parser.add_argument("--recycle-after", type=int, default=100, metavar="N",
                        help="replace a reused kernel after N reports (default: 100)")
    parser.add_argument("--landing", metavar="DIR",
                        help="write DIR/index.html linking every batch's index page in DIR "
                             "(after running NOTEBOOK, if one is given)")
    parser.add_argument("--no-progress", action="store_false", dest="progress", default=None,
                        help="no progress bar (it is off anyway when not on a terminal or in CI)")
    return parser


def _error(message: str, hint: str | None = None) -> None:
    print(f"evalnb batch: error: {message}", file=sys.stderr)
    if hint:
        print(f"  hint: {hint}", file=sys.stderr)


def run_from_args(args: argparse.Namespace) -> int:
    """Run ``evalnb batch`` for parsed ``args``; return the exit status."""
    from .runner import landing, run
    from .hosts import fast_imports

    fast_imports()
    if args.notebook is None:
        if not args.landing:
            _error("give a NOTEBOOK to run (or --landing DIR)")
            return 2
        path = landing(args.landing, lang=args.lang or args.ui_lang)
        print(f"landing page: {path}" if path else f"no batch output in {args.landing}")
        return 0
    if args.schools and (args.kinds or args.municipality):
        _error("--schools cannot be combined with --kind or --municipality")
        return 2
    if args.jobs is not None and args.jobs < 1:
        _error("--jobs must be at least 1")
        return 2
    try:
        result = run(
            args.notebook, data=args.data, schools=args.schools, all_schools=args.all_schools,
            kinds=args.kinds, municipality=args.municipality, formats=args.formats,
            lang=args.lang, jobs=args.jobs, scheduler=args.scheduler, out=args.out,
            rules=args.rules, timeout=args.timeout, force=args.force,
            parameters=dict(args.parameters or []), fresh_kernel=args.fresh_kernel,
            recycle_after=args.recycle_after, progress=args.progress, ui_lang=args.ui_lang,
            _text_parameters=True)
    except InputError as exc:
        _error(str(exc), exc.hint)
        return 2
    except EvalnbError as exc:
        _error(str(exc))
        return 2
    except KeyboardInterrupt:
        print("evalnb batch: interrupted; finished reports are kept, rerun to resume",
              file=sys.stderr)
        return 130
    print(result.summary())
    if args.landing:
        landing(args.landing, lang=args.lang or args.ui_lang)
    return result.exit_status


def main(argv: list[str] | None = None) -> int:
    """``python -m evalnb.batch …``: the same command without the main ``evalnb`` CLI."""
    parser = argparse.ArgumentParser(prog="evalnb batch", description=DESCRIPTION)
    add_arguments(parser)
    return run_from_args(parser.parse_args(argv))
