"""Share indicators of a roadmap, computed from who took part.

Many indicators of the Kaluga roadmap are shares: «Доля педагогов школ-участниц
проекта «500+», прошедших повышение квалификации, от общего числа педагогов
школ» (tasks 8, 10), «Доля ОО, активировавших рисковые направления в ИС МЭДК»
(task 19), «100% участие региональных координаторов» (tasks 2, 15, 45) …
(Kaluga order of 02.02.2022 № 180, roadmap column «Показатель реализации»).
A region lists them in its rules (``share_indicators``); without that list they
are read from the indicator's words (:func:`infer_share_indicators`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ..errors import InputError, Problem
from ._inputs import blank_to_na, check_year, participation_frame, roadmap_frame, row_of
from .roadmap import _SHARE, indicator_target, roadmap_ranges
from .rules import ROLES, SCHOOL_ROLES, SupportRules, check_share_spec

_PERSONS = ["regional_coordinator", "municipal_coordinator", "director", "curator"]


def share_sentences(text: str) -> list[str]:
    """The sentences of an indicator that state a share, in order (indicator 1, 2 …)."""
    text = re.sub(r"<[^>]+>", " ", str(text or ""))
    parts = re.split(r"(?<=\.)\s+(?=[^\W\d_a-zа-яё])", re.sub(r"\s+", " ", text).strip())
    # a share starts at its word («Доля …», «доли …», «100% …»), after any lead-in without a full stop
    return [p[_SHARE.search(p).start():] for p in parts if _SHARE.search(p)]


def _infer_one(sentence: str) -> dict | None:
    s = sentence.lower()
    head = s.split(",")[0]
    if "респондент" in s:
        return {"roles": _PERSONS, "denominator": [f"population:{r}" for r in _PERSONS]}
    if "региональных координатор" in s:
        return {"roles": ["regional_coordinator"], "denominator": ["population:regional_coordinator"]}
    if "активировавш" in s:
        return {"source": "risk_profile.activated", "denominator": ["project_schools"]}
    if "концептуальн" in s and "размест" in s:
        return {"source": "school_documents.concept", "denominator": ["project_schools"]}
    if "административн" in s:
        return {"roles": ["admin_team"], "denominator": ["project_schools"]}
    if "руководител" in head and "куратор" in head:
        return {"roles": ["director", "curator"], "denominator": ["project_schools", "population:curator"]}
    if "педагог" in head:
        if "кажд" in s and "мероприяти" in s:
            per = ["event_school"]
        elif "педагогов школы" in s:
            per = ["school"]
        else:
            per = ["region", "school"]
        return {"roles": ["teacher"], "denominator": ["teachers"], "per": per}
    if "куратор" in head and re.search(r"(?<!\w)(школ|оо)", head):
        return {"roles": ["school", "curator"], "denominator": ["project_schools", "population:curator"]}
    if re.search(r"(?<!\w)(школ|оо)(?!\w)|(?<!\w)школ", s):
        return {"roles": ["school"], "denominator": ["project_schools"]}
    return None


def infer_share_indicators(roadmap: pd.DataFrame) -> list[dict]:
    """The share indicators of a roadmap, read from the words of its indicators.

    evalnb's reading of the Kaluga roadmap's column «Показатель реализации»: who
    is counted (педагогов → teachers, школ / ОО → schools, кураторов, региональных
    координаторов, руководителей, административных команд, респондентов → the
    project's persons), and of what (teachers of the schools, the project
    schools, the population of a role).  A share the words do not place is left
    out (it is not computed, and the report says so by its absence).

    Examples
    --------
    >>> import pandas as pd
    >>> rm = pd.DataFrame({"task_no": [6], "task": ["x"], "period_text": ["Март 2022"],
    ...     "executors": ["ОО"], "indicator": ["Доля ОО, прошедших анкетирование"]})
    >>> infer_share_indicators(rm)[0]["roles"]
    ['school']
    """
    rm = roadmap_frame(roadmap)
    specs = []
    for task_no, text in zip(rm["task_no"], rm["indicator"]):
        for no, sentence in enumerate(share_sentences(text), start=1):
            spec = _infer_one(sentence)
            if spec is None:
                continue
            spec = check_share_spec({"tasks": [int(task_no)], "indicator_no": no, **spec})
            spec["label"] = sentence
            specs.append(spec)
    return specs


def indicator_shares(roadmap: pd.DataFrame, participation: pd.DataFrame,
                     project_schools: pd.DataFrame, year, population: pd.DataFrame | None = None,
                     rules=None, *, risk_profile: pd.DataFrame | None = None,
                     school_documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each share indicator of the roadmap per region, school or event and school.

    Parameters
    ----------
    roadmap, participation, project_schools, population : tables of the contract.
    year : the project's calendar year (project schools of that year are the base).
    rules : :class:`SupportRules`; its ``share_indicators`` say which tasks have which
        share (empty: read from the indicators' words when ``infer_shares``).
    risk_profile, school_documents : for the shares computed from them (tasks 19, 32).

    Returns
    -------
    DataFrame: ``task_no``, ``indicator_no``, ``scope`` (``region``, a school_id or
    ``event_id:school_id``), ``school_id``, ``event_id``, ``numerator`` (distinct
    units: schools for school / admin_team, persons for the other roles),
    ``denominator``, ``share`` (NaN for a zero denominator), ``target``, ``met``
    (NA without a target), ``indicator``.  A share whose table is not given
    (``population``, ``risk_profile``, ``school_documents``) has no numerator or
    denominator and a NaN share.

    Examples
    --------
    >>> import pandas as pd
    >>> rm = pd.DataFrame({"task_no": [6], "task": ["x"], "period_text": ["Март 2022"],
    ...     "executors": ["ОО"], "indicator": ["Доля ОО, прошедших анкетирование"]})
    >>> ps = pd.DataFrame({"school_id": ["A", "B"], "year": [2022, 2022], "teachers": [10, 20]})
    >>> pa = pd.DataFrame({"task_no": [6, 6], "school_id": ["A", "A"], "role": ["school", "school"]})
    >>> indicator_shares(rm, pa, ps, 2022)[["scope", "numerator", "denominator", "share"]].values.tolist()
    [['region', 1, 2.0, 0.5]]

    Reference: Kaluga order № 180, roadmap column «Показатель реализации».
    """
    rules = SupportRules.load(rules)
    year = check_year(year)
    rm = roadmap_frame(roadmap)
    specs = rules.share_indicators or (infer_share_indicators(rm) if rules.infer_shares else [])
    known = set(rm["task_no"].astype(int))
    for spec in specs:
        missing = [t for t in spec["tasks"] if t not in known]
        if missing:
            raise InputError(f"share_indicators name task {missing[0]}, which the roadmap lacks",
                             table="rules", column="share_indicators", value=missing[0],
                             rule="every task of share_indicators must be in the roadmap")
    ps = ensure(project_schools, "project_schools")
    ps = ps[ps["year"] == year]
    schools = pd.Index(ps["school_id"].unique())
    teachers = ps.groupby("school_id")["teachers"].sum().astype("float64")
    pa = _participation(participation)
    pop = ensure(population, "population") if population is not None else None
    text = rm.set_index("task_no")["indicator"]
    due = roadmap_ranges(rm).groupby("task_no")["end"].max()
    frames = []
    for spec in specs:
        for task in spec["tasks"]:
            sentences = share_sentences(text[task])
            label = spec.get("label") or (sentences[spec["indicator_no"] - 1]
                                          if len(sentences) >= spec["indicator_no"] else text[task])
            target = spec["target"] if spec["target"] is not None else indicator_target(label)
            units = _units(spec, task, pa, schools, year, due.get(task), risk_profile, school_documents)
            for per in spec["per"]:
                part = _scope(per, units, spec["denominator"], schools, teachers, pop)
                part.insert(0, "indicator_no", spec["indicator_no"])
                part.insert(0, "task_no", task)
                part["target"] = target
                part["indicator"] = label
                frames.append(part)
    cols = ["task_no", "indicator_no", "scope", "school_id", "event_id", "numerator", "denominator",
            "share", "target", "met", "indicator"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    den = out["denominator"].astype("float64")
    out["share"] = (out["numerator"].astype("Float64").astype("float64") / den.where(den > 0)).astype("float64")
    out["target"] = out["target"].astype("float64")
    met = (out["share"] >= out["target"]).astype("boolean")
    out["met"] = met.where(out["share"].notna() & out["target"].notna(), pd.NA)
    out["numerator"] = out["numerator"].astype("Int64")
    return out[cols]


def _participation(participation) -> pd.DataFrame:
    pa = participation_frame(participation).copy()
    pa["school_id"] = blank_to_na(pa["school_id"])
    pa["person_id"] = blank_to_na(pa["person_id"])
    pa["event_id"] = blank_to_na(pa["event_id"])
    is_school = pa["role"].isin(SCHOOL_ROLES).to_numpy()
    problems = []
    for i in np.flatnonzero(is_school & pa["school_id"].isna().to_numpy())[:20]:
        problems.append(Problem("participation", row_of(pa, i), "school_id", None,
                                f"a row of role {pa['role'].iloc[i]} names its school",
                                code="required"))
    for i in np.flatnonzero(~is_school & pa["person_id"].isna().to_numpy())[:20]:
        problems.append(Problem("participation", row_of(pa, i), "person_id", None,
                                f"a row of role {pa['role'].iloc[i]} names the person",
                                code="required"))
    if problems:
        raise InputError(problems=problems)
    pa["unit"] = np.where(is_school, "school:" + pa["school_id"].astype(str),
                          "person:" + pa["person_id"].astype(str))
    return pa


def _units(spec, task, pa, schools, year, due, risk_profile, school_documents) -> pd.DataFrame:
    """Rows ``unit``, ``school_id``, ``event_id`` of the units counted for one task."""
    source = spec["source"]
    if source == "risk_profile.activated":
        if risk_profile is None:
            return None        # not given: the share is not known
        rp = ensure(risk_profile, "risk_profile")
        rp = rp[(rp["year"] == year) & rp["activated"].fillna(False).astype(bool)
                & (rp["direction_kind"] == "risk") & rp["school_id"].isin(schools)]
        ids = rp["school_id"].drop_duplicates()
        return pd.DataFrame({"unit": "school:" + ids, "school_id": ids, "event_id": None})
    if source == "school_documents.concept":
        if school_documents is None:
            return None
        sd = ensure(school_documents, "school_documents")
        placed = sd["placed"].notna() if due is None or pd.isna(due) else sd["placed"] <= due
        sd = sd[(sd["year"] == year) & (sd["doc"] == "concept") & placed & sd["school_id"].isin(schools)]
        ids = sd["school_id"].drop_duplicates()
        return pd.DataFrame({"unit": "school:" + ids, "school_id": ids, "event_id": None})
    rows = pa[(pa["task_no"] == task) & (pa["indicator_no"] == spec["indicator_no"])
              & pa["role"].isin(spec["roles"])]
    # a school's units count only for the project's schools; persons without a school always count
    tied = rows["role"].isin(SCHOOL_ROLES + ("teacher", "director"))
    rows = rows[~tied | rows["school_id"].isin(schools)]
    return rows[["unit", "school_id", "event_id"]]


def _denominator(terms, schools, teachers, pop, school=None) -> float:
    total = 0.0
    for term in terms:
        if term == "project_schools":
            total += len(schools) if school is None else 1
        elif term == "teachers":
            total += float(teachers.sum()) if school is None else float(teachers.get(school, 0))
        else:
            role = term.split(":", 1)[1]
            if pop is None:
                return np.nan      # the population of the role is not given: the share is not known
            rows = pop[pop["role"] == role]
            if school is not None:
                rows = rows[blank_to_na(rows["school_id"]) == school]
            total += float(rows["count"].sum())
    return total


def _scope(per, units, terms, schools, teachers, pop) -> pd.DataFrame:
    if units is None:
        scopes = ["region"] if per == "region" else list(schools)
        return pd.DataFrame({"scope": scopes, "school_id": [None if per == "region" else s for s in scopes],
                             "event_id": None, "numerator": pd.NA,
                             "denominator": [_denominator(terms, schools, teachers, pop,
                                                          None if per == "region" else s)
                                             for s in scopes]})
    if per == "region":
        den = _denominator(terms, schools, teachers, pop)
        return pd.DataFrame({"scope": ["region"], "school_id": [None], "event_id": [None],
                             "numerator": [units["unit"].nunique()], "denominator": [den]})
    counted = units.dropna(subset=["school_id"])
    if per == "school":
        n = counted.groupby("school_id")["unit"].nunique().reindex(schools, fill_value=0)
        return pd.DataFrame({"scope": list(schools), "school_id": list(schools), "event_id": None,
                             "numerator": n.to_numpy(),
                             "denominator": [_denominator(terms, schools, teachers, pop, s)
                                             for s in schools]})
    counted = counted.assign(event_id=counted["event_id"].fillna(""))
    events = sorted(counted["event_id"].unique())
    n = counted.groupby(["event_id", "school_id"])["unit"].nunique()
    rows = [(f"{e}:{s}" if e else s, s, e or None, int(n.get((e, s), 0)),
             _denominator(terms, schools, teachers, pop, s)) for e in events for s in schools]
    return pd.DataFrame(rows, columns=["scope", "school_id", "event_id", "numerator", "denominator"])


__all__ = ["ROLES", "indicator_shares", "infer_share_indicators", "share_sentences"]
