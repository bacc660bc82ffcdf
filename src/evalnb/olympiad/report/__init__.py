"""What the olympiad report notebooks call (one module per notebook).

* :mod:`.municipality_report` — coverage and quality by school against the
  order's 73 % and 35 %, positions of schools over three years, schools with
  positive dynamics, schools taking part, and the ИОМ register;
* :mod:`.school_report` — a school's stages, its winners and their ИОМ.
"""

from ._common import OlympiadData, load, municipality_of, resolve_year, rules_table

__all__ = ["OlympiadData", "load", "municipality_of", "resolve_year", "rules_table"]
