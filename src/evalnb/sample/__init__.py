"""The sample district: deterministic, realistic-looking data for every domain.

Each domain generates its own part (``Domain.sample``, in its ``sample.py``);
this module runs them in the registry's order and stacks their schools.

One dataset holds three invented regions, one per language, so that every
calculator, notebook and report can be tried without real data:

**Russian municipality** (``г. Армавир``, language ``ru``, kind ``general``) —
for :mod:`evalnb.assessment`. Twenty general schools (``RU001`` …, among them
a gymnasium, a lyceum and two basic schools ООШ) in four clusters; about
8,000 students in grades 1–11 (``S000001`` …) with class labels such as
``5А``; the four quarters of 2019-2020; quarter journal marks in eight
subjects (first graders are not marked; subjects start in their usual
grades), with a few ``na`` (не аттестован) and ``exempt`` rows; external
procedures: ВПР in grades 4–8 (Russian, mathematics, history from grade 5;
score, maximum score and mark), regional diagnostic works ``РДР`` in grades
9–10 and the grade-11 final essay ``Итоговое сочинение`` (pass/fail, with a
February retake). Schools ``RU004``, ``RU008`` and ``RU014`` inflate their
journal marks, ``RU013`` marks strictly; a few students who moved in during
the year have external results without a journal mark to compare with.

**Chinese province** (language ``zh``, kind ``vocational``) — for
:mod:`evalnb.diagnosis`. Thirty secondary vocational schools (``CN001`` …)
in seven prefecture-level cities of Guangxi, with status data for 2021–2023
(every indicator code of the data contract), schools planned for closure,
remote-area schools, two major teaching incidents and two requests for
review. Twelve schools meet the establishment standard in 2023; the others
fail one or more of its indicators (``CN016`` has exactly 1,200 students and
``CN023`` a student–teacher ratio of exactly 20). Twenty schools have a
self-diagnosis report and a review for the cycle ``2021-2025`` over the 16
diagnostic elements (1.1–1.3, 2.1–2.3, 3.1–3.2, 4.1–4.2, 5.1–5.3, 6.1–6.3),
designed to give 10 effective, 7 needs-improvement and 3 abnormal
conclusions.

**English-speaking county** (``Northbrook County``, language ``en``) — for
:mod:`evalnb.training`. Twenty-five secondary (kind ``general``), primary
schools and kindergartens (``EN001`` …), about 600 teachers (``T0001`` …),
forty courses (``C001`` …) over the school years 2023-2024 and 2024-2025,
half of them online video courses with large cohorts, and the enrollments
with attendance, lateness, written test and discipline — including the exact
boundary cases of the qualification rules and courses ending on 2024-08-31,
2024-09-01 and in March 2025.

**A region** (``generate(seed, scale=N)``, ``evalnb sample --scale N``; ``N = 20``
is the sample's size): ``N`` general Russian schools in several municipalities
(the assessment's ``region_plan``) with their olympiad rows and control plans;
``max(30, round(30 * N / 20))`` vocational schools — the sample's thirty, then
copies of their profiles in Guangxi's fourteen cities, two in three with a
report; ``max(1, round(N / 20))`` training counties of 25 schools, each with its
teachers and its own run of the forty courses, the sample's county first. The
Chinese county of the community domain and the «500+» schools of the support
domain are case studies of a fixed size and stay as in the sample.

All the data is invented; names of places are used for colour only.

Examples
--------
>>> from evalnb.sample import generate
>>> tables = generate(seed=0)
>>> sorted(tables)[:3]
['courses', 'enrollments', 'external']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import domain as domains
from ..core import schemas
from ..core.domain import SampleContext
from ..core.sampling import to_csv_text, write_text_atomic

__all__ = ["generate", "write", "tables", "to_csv_text", "ScaledContext"]

#: rows written at a time: a region's tables are written without one string of the whole table
_CSV_ROWS = 200_000


#: columns of schools the sample always writes, filled or not (the contract's common columns)
_SCHOOL_COLUMNS = ("school_id", "name", "municipality", "kind", "language", "cluster",
                   "closing_planned", "remote_area", "last_major_incident")


def _stack_schools(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The domains' schools in one table; a column some domain fills is typed as its kind."""
    spec = schemas.get("schools")
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    for f in spec.fields:
        if f.name not in frame and f.name not in _SCHOOL_COLUMNS:
            continue
        if f.name not in frame:
            if f.kind == "bool":
                frame[f.name] = pd.array([pd.NA] * n, dtype="boolean")
            elif f.kind == "date":
                frame[f.name] = pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[s]"))
            else:
                frame[f.name] = pd.array([None] * n, dtype="str" if f.kind == "str" else "object")
        elif f.kind == "bool":
            frame[f.name] = frame[f.name].astype("boolean")
    return frame


@dataclass(frozen=True)
class ScaledContext(SampleContext):
    """A :class:`SampleContext` that asks for a region: ``scale`` general schools (None: the sample).

    A domain whose generator knows regions reads ``getattr(ctx, "scale", None)``;
    the others generate their usual part.
    """

    scale: int | None = None


def tables() -> list[str]:
    """The tables the sample writes: every registered domain's, in the order they refer to each other."""
    return [name for name in schemas.names()]


def generate(seed: int = 0, scale: int | None = None) -> dict[str, pd.DataFrame]:
    """Generate the sample district, or a region of ``scale`` general schools.

    The result depends only on ``seed``: each domain draws from its own
    stream of ``numpy.random.SeedSequence(seed)`` (its ``Domain.stream``), so
    the same seed gives identical frames and a new domain changes no other
    domain's part.

    Parameters
    ----------
    seed : int, default 0
        Seed of the random generator. The committed ``data/sample`` files are
        ``seed=0``.
    scale : int, optional
        A region instead of the sample district: ``scale`` general schools
        in several municipalities with the sample's shapes (the assessment
        domain's ``region_plan``); the tables built on them (the olympiad's,
        control plans) follow, and the vocational province and the training
        counties grow in proportion (see the module's description).
        ``scale=20`` is the sample's size.

    Returns
    -------
    dict of str to pandas.DataFrame
        One frame per table, in the order of :func:`tables`, with the columns
        of the contract that the sample fills: identifiers and text as
        strings, dates as ``datetime64``, counts as ``int64``, optional numbers
        as nullable ``Int64`` and optional flags as nullable ``boolean``.
    """
    generated: dict[str, pd.DataFrame] = {}
    school_parts: list[pd.DataFrame] = []
    for name in domains.names():
        domain = domains.get(name)
        if domain.sample is None:
            continue
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(domain.stream,)))
        seen = dict(generated)
        if school_parts:
            seen["schools"] = _stack_schools(school_parts)
        ctx = (SampleContext(seed=seed, rng=rng, tables=seen) if scale is None
               else ScaledContext(seed=seed, rng=rng, tables=seen, scale=scale))
        part = domain.make_sample(ctx)
        for table, frame in part.items():
            if table == "schools":
                school_parts.append(frame)
            elif table in generated:
                raise domains.DomainError(f"sample table {table!r} comes from two domains",
                                          domain=name)
            else:
                generated[table] = frame
    if school_parts:
        generated["schools"] = _stack_schools(school_parts)
    out = {}
    for table in tables():
        if table in generated:
            frame = generated[table]
            cols = [c for c in schemas.get(table).columns if c in frame.columns]
            out[table] = frame.loc[:, cols].reset_index(drop=True)
    return out


def write(out_dir: str | os.PathLike, seed: int = 0, scale: int | None = None) -> list[Path]:
    """Generate the sample district and write one CSV file per table.

    Each table goes to ``out_dir/TABLE.csv``: UTF-8 without BOM, a header
    row, no index, ISO dates ``YYYY-MM-DD``, identifiers as text (leading
    zeros kept), booleans as ``true``/``false`` and missing values as empty
    cells. Every file is written to a temporary file first and renamed into
    place, so an interrupted run never leaves a half-written table.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Folder to write to; created if missing.
    seed, scale :
        Passed to :func:`generate`.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of :func:`tables`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in generate(seed, scale).items():
        path = out / f"{name}.csv"
        _write_csv(path, frame)
        paths.append(path)
    return paths


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    """``to_csv_text`` of ``frame``, written a slice of rows at a time, renamed into place at the end."""
    if len(frame) <= _CSV_ROWS:
        write_text_atomic(path, to_csv_text(frame))
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            for start in range(0, len(frame), _CSV_ROWS):
                text = to_csv_text(frame.iloc[start:start + _CSV_ROWS])
                if start:
                    text = text.split("\n", 1)[1]           # the header once
                fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
