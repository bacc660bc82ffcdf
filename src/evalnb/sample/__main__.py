"""Write the sample district: ``python -m evalnb.sample [OUT_DIR] [--seed N]``."""

from __future__ import annotations

import argparse

from . import write


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write the CSV files.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status, 0 on success.
    """
    parser = argparse.ArgumentParser(prog="python -m evalnb.sample",
                                     description="Write the sample district as CSV files.")
    parser.add_argument("out_dir", nargs="?", default="data/sample",
                        help="folder to write to (default: data/sample)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--scale", type=int, default=None, metavar="N",
                        help="a region of N general schools in several municipalities")
    args = parser.parse_args(argv)
    for path in write(args.out_dir, seed=args.seed, scale=args.scale):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
