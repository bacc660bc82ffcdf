"""``evalnb check-document FILE [--school-name …] [--format text|csv|docx] [--out PATH]``.

Prints the typical faults of a Положение о ВШК и ВСОКО (text or CSV), or
writes the document back as a DOCX with each finding highlighted and
commented, for the deputy director to fix in Word.  The main CLI wires it as::

    s = sub.add_parser("check-document", help=HELP)
    control_plan.cli.add_arguments(s)
    s.set_defaults(func=control_plan.cli.run_from_args)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "check a school's Положение о ВШК и ВСОКО (.txt or .docx) for the typical faults"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the Положение: a .docx or .txt (UTF-8 or cp1251) file")
    p.add_argument("--school-name", default=None,
                   help="the school's own name, e.g. 'МБОУ СОШ № 4' (other school numbers are "
                        "flagged); default: the number the text mentions most")
    p.add_argument("--format", choices=("text", "csv", "docx"), default="text",
                   help="text or csv: print the findings; docx: write the document with each "
                        "finding commented (default: text)")
    p.add_argument("--out", type=Path, default=None,
                   help="where to write (default: standard output; for docx: FILE-checked.docx "
                        "next to FILE)")
    p.add_argument("--lang", choices=("ru", "en", "zh"), default="ru",
                   help="language of the labels (default: ru)")
    p.add_argument("--rules", default=None, help="a rules file (YAML) with a control_plan section")


def run_from_args(args) -> int:
    from .annotate import annotated_docx, findings_csv, findings_text
    from .document import check_document

    findings = check_document(args.file, school_name=args.school_name, rules=args.rules)
    if args.format == "docx":
        out = args.out or args.file.with_name(f"{args.file.stem}-checked.docx")
        out.write_bytes(annotated_docx(args.file, findings, lang=args.lang))
        print(f"{out}: {len(findings)}", file=sys.stderr)
        return 0
    text = findings_csv(findings) if args.format == "csv" else findings_text(findings, args.lang)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run_check_document(argv: list[str] | None = None) -> int:
    """Run ``check-document`` with ``argv``; errors print as the main CLI prints them (exit 2)."""
    from ..errors import EvalnbError

    parser = argparse.ArgumentParser(prog="evalnb check-document", description=HELP)
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run_from_args(args)
    except EvalnbError as exc:
        print(f"evalnb: {exc}", file=sys.stderr)
        hint = getattr(exc, "hint", None)
        if hint and hint not in str(exc):
            print(f"  hint: {hint}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run_check_document())
