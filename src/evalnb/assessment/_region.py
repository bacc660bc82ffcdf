"""A region of the sample: its municipalities and the plan of their schools (``evalnb sample --scale N``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .sample import _SCHOOLS, _STRICT, INFLATED

__all__ = ["region_plan", "sample_twins", "REGION_MUNICIPALITIES"]


#: municipalities of a region: names and numbers of general schools, in turn
#: (the first is the sample's; a region of N schools takes them in order)
REGION_MUNICIPALITIES = (
    ("г. Армавир", 20), ("г. Новороссийск", 35), ("г. Краснодар", 60), ("Абинский район", 15),
    ("г. Сочи", 45), ("Белореченский район", 25), ("Кавказский район", 18), ("г. Анапа", 30),
    ("Крымский район", 28), ("Тимашевский район", 22), ("Ейский район", 26), ("Славянский район", 32),
)


def region_plan(rng: np.random.Generator, n_schools: int) -> list[tuple]:
    """The municipalities of a region of ``n_schools`` general schools, as plans for :func:`_schools`.

    Municipalities take :data:`REGION_MUNICIPALITIES` in turn (a second round
    numbers them: «Абинский район 2»); the last takes what is left.  School
    ``k`` of a municipality copies the shape of the sample's school
    ``k mod 20`` (classes per grade, cluster, quality, an inflated or strict
    marker) with its own quality shift, so every municipality has the
    sample's mix: a gymnasium and a lyceum, basic schools, three schools
    that inflate their marks and one that marks strictly.
    """
    if n_schools < 1:
        raise ValueError("a region needs at least one school")
    width = max(3, len(str(n_schools)))
    plans, done, turn = [], 0, 0
    while done < n_schools:
        name, size = REGION_MUNICIPALITIES[turn % len(REGION_MUNICIPALITIES)]
        if turn >= len(REGION_MUNICIPALITIES):
            name = f"{name} {turn // len(REGION_MUNICIPALITIES) + 1}"
        size = min(size, n_schools - done)
        ks = [k % len(_SCHOOLS) for k in range(size)]
        template = tuple(_SCHOOLS[k] for k in ks)
        ids = [f"RU{done + i + 1:0{width}d}" for i in range(size)]
        names = [_renumber(_SCHOOLS[k][0], i + 1) for i, k in enumerate(ks)]
        inflated = [i for i, k in enumerate(ks) if f"RU{k + 1:03d}" in INFLATED]
        strict = [i for i, k in enumerate(ks) if f"RU{k + 1:03d}" in _STRICT]
        shift = None if turn == 0 else rng.normal(0.0, 0.10) + rng.normal(0.0, 0.12, size)
        plans.append((ids, names, name, template, inflated, strict, shift))
        done += size
        turn += 1
    return plans


def _renumber(name: str, number: int) -> str:
    """«МБОУ СОШ № 7» as school number ``number``: «МБОУ СОШ № 41»."""
    return name.rsplit("№", 1)[0] + f"№ {number}"


def sample_twins(schools: pd.DataFrame) -> pd.Series:
    """The sample school whose shape each Russian school of a region copies (``RU004`` for ``RU0024``).

    School ``k`` of a municipality (in the order of its ids) copies the
    sample's school ``k mod 20`` (see :func:`region_plan`); the domains built
    on the region (olympiad, control plans) give it that school's designed
    traits. In the sample every school is its own twin.

    Parameters
    ----------
    schools : DataFrame with ``school_id`` and ``municipality``.

    Returns
    -------
    pandas.Series
        The twin's id, indexed by ``school_id``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"school_id": ["RU0021", "RU0022", "RU0001"],
    ...                   "municipality": ["Б", "Б", "А"]})
    >>> sample_twins(s).to_dict()
    {'RU0001': 'RU001', 'RU0021': 'RU001', 'RU0022': 'RU002'}
    """
    s = schools[["school_id", "municipality"]].sort_values("school_id")
    k = s.groupby("municipality", sort=False).cumcount().to_numpy() % len(_SCHOOLS)
    return pd.Series([f"RU{i + 1:03d}" for i in k], index=s["school_id"].to_numpy(), name="twin")
