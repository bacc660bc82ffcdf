"""``python -m evalnb.serve`` — the same as ``evalnb forms``."""

import argparse
import sys

from ..errors import EvalnbError
from . import cli


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="evalnb forms", description=cli.DESCRIPTION)
    cli.add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return cli.run_from_args(args)
    except EvalnbError as exc:
        print(f"evalnb: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
