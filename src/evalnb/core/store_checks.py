"""What an import must not do to the database: checked inside its transaction, before writing.

* replace a table with far fewer rows (an empty file above all) unless asked
  (:func:`shrink_problems`);
* strand rows of another table that refer to rows it removes
  (:func:`dependent_problems`);
* append a row whose key is already there (:func:`existing_key_problems`).
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ..errors import Problem
from . import schemas

#: evalnb's reading: replacing a table by fewer than half its rows is more likely a
#: truncated or wrong file than an intended deletion, so it needs --allow-shrink
SHRINK_SHARE = 0.5


def shrink_problems(conn, tables: dict[str, sa.Table], frames: dict[str, pd.DataFrame],
                    sources: dict[str, str] | None = None) -> list[Problem]:
    """Tables the import would replace with fewer than :data:`SHRINK_SHARE` of their rows."""
    problems = []
    for table, frame in frames.items():
        old = int(conn.execute(sa.select(sa.func.count()).select_from(tables[table])).scalar())
        new = len(frame)
        if old and new < old * SHRINK_SHARE:
            problems.append(Problem(
                (sources or {}).get(table, table), None, None, None,
                f"replacing table {table} would remove {old - new:,} of its {old:,} rows "
                f"(the file brings {new:,})",
                "import the whole table; if those rows are meant to go, import again with "
                "--allow-shrink", code="shrink", params={"old": old, "new": new}))
    return problems


def dependent_problems(conn, tables: dict[str, sa.Table], frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A replaced table must not strand rows of other tables that refer to it."""
    problems = []
    for table in schemas.names():
        if table in frames:
            continue
        for column, ref_table, ref_col in schemas.get(table).references:
            if ref_table not in frames:
                continue
            t = tables[table]
            used = pd.Series(conn.execute(sa.select(t.c[column]).distinct()).scalars().all(), dtype=object)
            lost = used[~used.isin(frames[ref_table][ref_col])]
            if len(lost):
                problems.append(Problem(ref_table, None, ref_col, str(lost.iloc[0]),
                                        f"the database's {table} still refer to {len(lost)} "
                                        f"{ref_col} value(s) this import removes",
                                        f"import {table} together with {ref_table}"))
    return problems


def existing_key_problems(conn, table: str, t: sa.Table, frame: pd.DataFrame,
                          source: str | None = None) -> list[Problem]:
    """Rows of ``frame`` whose key is already in the database (append adds new rows only)."""
    spec = schemas.get(table)
    existing = pd.DataFrame(conn.execute(sa.select(*[t.c[k] for k in spec.key])).all(),
                            columns=list(spec.key))
    if existing.empty or frame.empty:
        return []
    keys = frame[list(spec.key)].astype(str)
    hit = keys.merge(existing.astype(str).drop_duplicates(), how="left", indicator=True)["_merge"] == "both"
    offset = frame.attrs.get("evalnb_row_offset", 2)
    problems = []
    rows = hit.to_numpy().nonzero()[0]
    for i in rows[:20]:
        value = ", ".join(f"{k}={v}" for k, v in keys.iloc[int(i)].items())
        problems.append(Problem(source or table, int(i) + offset, ", ".join(spec.key), value,
                                "key already in the database (append adds new rows only)",
                                "import without --append to replace the table", code="duplicate"))
    if len(rows) > 20:
        problems.append(Problem(source or table, None, ", ".join(spec.key), None,
                                f"… and {len(rows) - 20} more rows whose key is already in the database"))
    return problems
