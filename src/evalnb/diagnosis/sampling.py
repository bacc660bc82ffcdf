"""The province's sampling plan for review (抽样复核) over a cycle, guidance §4(二)–(三), §7(一)2.

§4(二): over one working cycle (the guidance suggests five years, §7(一)2) the
province samples at least a third of the schools carrying out 诊改 and covers
every prefecture (地(市)); a school with a major teaching incident completes a
诊改 and is reviewed within two years after the incident was handled; schools
listed for closure, suspension, merger or transfer in the next 3–5 years are
not sampled.  §4(三): only schools that meet the conditions (see
:func:`~evalnb.diagnosis.eligibility`) may be reviewed.  §3(二): a school may
ask to be reviewed.

What cannot be satisfied is reported in :attr:`SamplingPlan.conflicts`, never
dropped silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ._inputs import check_school_refs
from ..errors import InputError
from .eligibility import eligibility_by_year
from .rules import DiagnosisRules

REASONS = ("incident", "requested", "sampled")
ISSUES = ("incident_not_eligible", "incident_closing", "request_not_eligible", "request_closing",
          "request_outside_cycle", "municipality_not_coverable", "quota_unreachable",
          "no_self_diagnosis", "incident_no_self_diagnosis")
PLAN_COLUMNS = ["school_id", "name", "municipality", "year", "reason", "reasons"]
CONFLICT_COLUMNS = ["school_id", "municipality", "year", "issue", "detail"]


@dataclass(frozen=True)
class SamplingPlan:
    """The result of :func:`sampling_plan`.

    Attributes
    ----------
    plan : one row per review: ``school_id``, ``name``, ``municipality``,
        ``year``, ``reason`` (``incident`` | ``requested`` | ``sampled``; the
        first that applies) and ``reasons`` (every reason, ``;``-separated).
        A school may appear twice (e.g. sampled, then an incident).
    conflicts : what the rules could not satisfy, one row each: ``school_id``
        and ``municipality`` (empty where not about one), ``year``, ``issue``
        (see :data:`ISSUES`) and an English ``detail``.
    scope : the schools in scope (vocational, not ``closing_planned``) with
        ``eligible_years`` (years of the cycle in which they may be reviewed)
        and ``reviewed``.
    years : the years of the cycle.
    target : the number of distinct schools in scope to review
        (⌈sample_share · schools in scope⌉).
    """

    plan: pd.DataFrame
    conflicts: pd.DataFrame
    scope: pd.DataFrame
    years: tuple
    target: int

    @property
    def reviewed(self) -> int:
        """Distinct schools in scope reviewed at least once in the cycle."""
        return int(self.scope["reviewed"].sum())

    def coverage(self) -> pd.DataFrame:
        """See :func:`coverage`."""
        return coverage(self)


def _conflicts(frame: pd.DataFrame, issue: str, detail) -> pd.DataFrame:
    out = pd.DataFrame({"school_id": frame["school_id"].to_numpy() if "school_id" in frame else None,
                        "municipality": frame["municipality"].to_numpy(),
                        "year": frame["year"].to_numpy() if "year" in frame else None})
    out["issue"] = issue
    out["detail"] = list(detail) if not isinstance(detail, str) else detail
    return out


def sampling_plan(schools: pd.DataFrame, status: pd.DataFrame, cycle_start: int, cycle_years: int = 5,
                  incidents: pd.DataFrame | None = None, requests: pd.DataFrame | None = None,
                  rules=None, seed: int = 0, self_diagnosis: pd.DataFrame | None = None
                  ) -> SamplingPlan:
    """Plan which schools of a province are reviewed in which year of a cycle.

    Parameters
    ----------
    schools : the ``schools`` table (vocational schools are planned; uses
        ``municipality``, ``closing_planned`` and ``last_major_incident``).
    status : ``vocational_status``; a year's eligibility uses each school's
        latest status year on or before it (:func:`eligibility_by_year`).
    cycle_start : first year of the cycle; the cycle runs ``cycle_years`` years
        (five by the guidance's suggestion, §7(一)2).
    incidents : ``incidents`` table (``school_id``, ``date`` a major teaching
        incident was handled); ``schools.last_major_incident`` counts too.
    requests : ``review_requests`` table (``school_id``, ``year``).
    self_diagnosis : ``self_diagnosis`` table; when given, every planned review is
        checked against it (step 6).
    rules : ``sample_share`` (1/3), ``incident_window_years`` (2),
        ``cover_every_municipality`` and the eligibility thresholds.
    seed : the random draw; the same inputs and seed give the same plan.

    Returns
    -------
    SamplingPlan
        ``.plan`` (one row per review: ``school_id``, ``year``, ``reason`` …),
        ``.conflicts``, ``.scope``, ``.years``, ``.target``.

    How it plans:

    1. **incidents** — an incident handled in year *Y* needs a review in
       *Y*+1 … *Y*+2 (the two years after it, §4(二)); the earliest of those
       years inside the cycle in which the school is eligible is chosen.  An
       incident whose window lies wholly before or after the cycle belongs to
       another cycle.  Conflicts: ``incident_not_eligible`` (eligible in none
       of the window's years), ``incident_closing`` (the school is listed for
       closure, so outside the sampling scope).
    2. **requests** — honoured in the requested year when the school is
       eligible then; conflicts ``request_not_eligible``, ``request_closing``,
       ``request_outside_cycle``.
    3. **every prefecture** — a prefecture with no school reviewed yet gets one
       eligible school drawn at random; ``municipality_not_coverable`` when it
       has none.
    4. **a third** — more eligible schools are drawn at random until
       ⌈share · schools in scope⌉ distinct schools are reviewed;
       ``quota_unreachable`` when there are too few eligible schools.
    5. **years** — each drawn school goes to the eligible year of the cycle with
       the fewest reviews so far (ties broken by the draw), which spreads the
       work evenly.
    6. **self-diagnosis first** — a review follows the school's own 诊改 (§4(二):
       复核工作应安排在学校自主改进措施已经实施之后): a review in year *Y* needs a
       self-diagnosis whose cycle began in or before *Y* (``no_self_diagnosis``);
       a review after an incident of year *I* needs one whose cycle reaches *I*
       or later — the 诊改 completed after the incident (§4(二): 至少完成一次诊改并
       接受复核; ``incident_no_self_diagnosis``).  The review stays in the plan;
       the conflict tells the province what to ask of the school first.

    Examples
    --------
    >>> schools = pd.DataFrame({"school_id": list("ABC"), "name": list("ABC"),
    ...                         "municipality": ["M1", "M1", "M2"], "kind": "vocational"})
    >>> ok = {"enrollment_fulltime": 1500, "teachers_fulltime": 80, "teachers_professional": 50,
    ...       "building_area_m2": 30000, "equipment_value_yuan": 6e6, "diagnosis_system": 1}
    >>> status = pd.DataFrame([(s, 2020, k, v) for s in "ABC" for k, v in ok.items()],
    ...                       columns=["school_id", "year", "indicator", "value"])
    >>> p = sampling_plan(schools, status, 2021, seed=1)
    >>> p.target, sorted(p.plan["municipality"].unique()), p.conflicts.empty
    (1, ['M1', 'M2'], True)
    """
    rules = DiagnosisRules.load(rules)
    if int(cycle_years) < 1:
        raise InputError("cycle_years must be at least 1", column="cycle_years", value=cycle_years,
                         rule="a cycle of one year or more (five suggested, §7(一)2)")
    start = int(cycle_start)
    years = tuple(range(start, start + int(cycle_years)))
    end = years[-1]
    schools = ensure(schools, "schools")
    status = ensure(status, "vocational_status")
    check_school_refs(status, "vocational_status", schools)
    voc = schools.loc[schools["kind"] == "vocational"].reset_index(drop=True)
    status = status[status["school_id"].isin(voc["school_id"])]
    voc = voc.assign(closing_planned=voc["closing_planned"].fillna(False).astype(bool))
    info = voc[["school_id", "name", "municipality", "closing_planned"]]
    rng = np.random.default_rng(seed)

    elig = eligibility_by_year(voc, status, years, rules)
    elig = elig.merge(info, on="school_id")
    ok_years = elig[elig["eligible"] & ~elig["closing_planned"]][["school_id", "year"]]

    plan_parts: list[pd.DataFrame] = []
    conflict_parts: list[pd.DataFrame] = []

    # 1. incidents -------------------------------------------------------------
    inc = [voc.loc[voc["last_major_incident"].notna(), ["school_id", "last_major_incident"]]
           .rename(columns={"last_major_incident": "date"})]
    if incidents is not None:
        incidents = ensure(incidents, "incidents")
        check_school_refs(incidents, "incidents", voc, vocational=True)
        inc.append(incidents[["school_id", "date"]])
    inc = pd.concat(inc, ignore_index=True).drop_duplicates()
    incident_reviews = pd.DataFrame(columns=["school_id", "year", "date"])
    if len(inc):
        inc["first"] = inc["date"].dt.year.astype("int64") + 1
        inc["last"] = inc["date"].dt.year.astype("int64") + rules.incident_window_years
        inc = inc[(inc["last"] >= start) & (inc["first"] <= end)].reset_index(drop=True)
        inc["inc_id"] = np.arange(len(inc))
        inc = inc.merge(info, on="school_id")
        closing = inc[inc["closing_planned"]]
        if len(closing):
            conflict_parts.append(_conflicts(
                closing.assign(year=closing["first"].clip(lower=start)), "incident_closing",
                [f"incident of {d:%Y-%m-%d}: the school is listed for closure and is outside the sampling scope"
                 for d in closing["date"]]))
        open_ = inc[~inc["closing_planned"]]
        cand = open_.merge(ok_years, on="school_id")
        cand = cand[(cand["year"] >= cand["first"]) & (cand["year"] <= cand["last"])]
        chosen = cand.sort_values("year").drop_duplicates("inc_id")
        incident_reviews = chosen[["school_id", "year", "date"]]
        plan_parts.append(chosen[["school_id", "year"]].assign(reason="incident"))
        lost = open_[~open_["inc_id"].isin(chosen["inc_id"])]
        if len(lost):
            conflict_parts.append(_conflicts(
                lost.assign(year=lost["first"].clip(lower=start)), "incident_not_eligible",
                [f"incident of {d:%Y-%m-%d}: needs a review in {max(a, start)}–{min(b, end)}, "
                 f"but the school does not meet the conditions for review then"
                 for d, a, b in zip(lost["date"], lost["first"], lost["last"])]))

    # 2. requests ---------------------------------------------------------------
    if requests is not None:
        requests = ensure(requests, "review_requests")
        check_school_refs(requests, "review_requests", voc, vocational=True)
        req = requests[["school_id", "year"]].astype({"year": "int64"}).merge(
            info, on="school_id")
        outside = ~req["year"].between(start, end)
        if outside.any():
            conflict_parts.append(_conflicts(req[outside], "request_outside_cycle",
                                             f"the cycle runs {start}–{end}"))
        closing = req[~outside & req["closing_planned"]]
        if len(closing):
            conflict_parts.append(_conflicts(closing, "request_closing",
                                             "the school is listed for closure and is outside the sampling scope"))
        rest = req[~outside & ~req["closing_planned"]]
        hit = rest.merge(ok_years, on=["school_id", "year"], how="left", indicator=True)
        granted = hit[hit["_merge"] == "both"]
        plan_parts.append(granted[["school_id", "year"]].assign(reason="requested"))
        refused = hit[hit["_merge"] == "left_only"]
        if len(refused):
            conflict_parts.append(_conflicts(refused, "request_not_eligible",
                                             "the school does not meet the conditions for review that year"))

    # 3.–4. draws -------------------------------------------------------------------
    scope = voc.loc[~voc["closing_planned"], ["school_id", "name", "municipality"]].reset_index(drop=True)
    target = math.ceil(rules.sample_share * len(scope) - 1e-9)
    fixed = pd.concat(plan_parts, ignore_index=True) if plan_parts else pd.DataFrame(
        columns=["school_id", "year", "reason"])
    covered = set(fixed["school_id"])
    eligible_any = set(ok_years["school_id"])
    pool = scope[scope["school_id"].isin(eligible_any) & ~scope["school_id"].isin(covered)]
    pool = pool.sort_values("school_id").reset_index(drop=True)
    pool = pool.iloc[rng.permutation(len(pool))].reset_index(drop=True)
    drawn_parts = []
    if rules.cover_every_municipality:
        covered_m = set(scope.loc[scope["school_id"].isin(covered), "municipality"])
        need_m = pool[~pool["municipality"].isin(covered_m)]
        drawn_parts.append(need_m.drop_duplicates("municipality"))
        all_m = scope["municipality"].drop_duplicates()
        reachable = covered_m | set(pool["municipality"])
        lost_m = all_m[~all_m.isin(reachable)]
        if len(lost_m):
            conflict_parts.append(_conflicts(
                pd.DataFrame({"municipality": lost_m.to_numpy(), "school_id": None, "year": None}),
                "municipality_not_coverable",
                "no school of this prefecture in scope meets the conditions for review in the cycle"))
    drawn = pd.concat(drawn_parts, ignore_index=True) if drawn_parts else pool.iloc[:0]
    n_now = len(covered) + len(drawn)
    if n_now < target:
        more = pool[~pool["school_id"].isin(drawn["school_id"])].head(target - n_now)
        drawn = pd.concat([drawn, more], ignore_index=True)
    reach = len(covered) + len(drawn)
    if reach < target:
        conflict_parts.append(_conflicts(
            pd.DataFrame({"school_id": [None], "municipality": [None], "year": [None]}),
            "quota_unreachable",
            f"{target} of {len(scope)} schools in scope should be reviewed, "
            f"but only {reach} can be (the others do not meet the conditions)"))

    # 5. years for drawn schools: the least loaded eligible year -------------------------
    load = {y: 0 for y in years}
    for y in fixed["year"]:
        load[int(y)] += 1
    by_school = ok_years.groupby("school_id")["year"].agg(list).to_dict()
    assigned = []
    ties = rng.random((len(drawn), len(years)))
    for i, sid in enumerate(drawn["school_id"]):  # one step per drawn school (≈ a third of the province)
        options = by_school[sid]
        best = min(options, key=lambda y: (load[y], ties[i, y - start]))
        load[best] += 1
        assigned.append(best)
    plan_parts.append(pd.DataFrame({"school_id": drawn["school_id"].to_numpy(), "year": assigned,
                                    "reason": "sampled"}))

    # assemble -----------------------------------------------------------------------------
    plan = pd.concat([p for p in plan_parts if len(p)], ignore_index=True) if any(
        len(p) for p in plan_parts) else pd.DataFrame(columns=["school_id", "year", "reason"])
    plan["year"] = plan["year"].astype("int64")
    plan["_order"] = plan["reason"].map({r: i for i, r in enumerate(REASONS)})
    plan = plan.sort_values(["school_id", "year", "_order"], kind="stable")
    reasons = plan.groupby(["school_id", "year"], sort=False)["reason"].agg(
        lambda s: ";".join(dict.fromkeys(s))).rename("reasons")
    plan = plan.drop_duplicates(["school_id", "year"]).merge(reasons, on=["school_id", "year"])
    plan = plan.merge(info[["school_id", "name", "municipality"]], on="school_id")
    plan = plan.sort_values(["year", "municipality", "school_id"], kind="stable")[PLAN_COLUMNS]
    plan = plan.reset_index(drop=True)

    if self_diagnosis is not None:
        conflict_parts += _diagnosis_conflicts(plan, incident_reviews, self_diagnosis, voc)
    conflicts = (pd.concat(conflict_parts, ignore_index=True)[CONFLICT_COLUMNS] if conflict_parts
                 else pd.DataFrame(columns=CONFLICT_COLUMNS))
    conflicts["year"] = pd.array(pd.to_numeric(conflicts["year"]), dtype="Int64")
    conflicts = conflicts.astype({"school_id": object, "municipality": object})

    ey = ok_years.groupby("school_id")["year"].agg(lambda s: tuple(sorted(int(v) for v in s)))
    scope = scope.assign(eligible_years=scope["school_id"].map(ey),
                         reviewed=scope["school_id"].isin(plan["school_id"]))
    scope["eligible_years"] = scope["eligible_years"].apply(lambda v: v if isinstance(v, tuple) else ())
    return SamplingPlan(plan=plan, conflicts=conflicts, scope=scope, years=years, target=target)


def _diagnosis_conflicts(plan: pd.DataFrame, incident_reviews: pd.DataFrame,
                         self_diagnosis: pd.DataFrame, voc: pd.DataFrame) -> list[pd.DataFrame]:
    """Step 6 of :func:`sampling_plan`: reviews without the self-diagnosis that must precede them."""
    from .followup import parse_cycles

    sd = ensure(self_diagnosis, "self_diagnosis")
    check_school_refs(sd, "self_diagnosis", voc)
    cyc = parse_cycles(sd.drop_duplicates(["school_id", "cycle"]))[["school_id", "cycle_start", "cycle_end"]]
    out = []
    both = plan[["school_id", "municipality", "year"]].merge(cyc, on="school_id", how="left")
    has = both.assign(ok=both["cycle_start"] <= both["year"]).groupby(
        ["school_id", "year"], sort=False)["ok"].any()
    lost = plan.set_index(["school_id", "year"]).loc[~has.reindex(
        pd.MultiIndex.from_frame(plan[["school_id", "year"]])).fillna(False).to_numpy()].reset_index()
    if len(lost):
        out.append(_conflicts(lost, "no_self_diagnosis",
                              [f"review in {y}: no self-diagnosis of a cycle begun by {y}; the school "
                               "carries out its own 诊改 first" for y in lost["year"]]))
    if len(incident_reviews):
        iv = incident_reviews.assign(inc_year=incident_reviews["date"].dt.year)
        iv = iv.merge(voc[["school_id", "municipality"]], on="school_id")
        m = iv.merge(cyc, on="school_id", how="left")
        m["ok"] = (m["cycle_start"] <= m["year"]) & (m["cycle_end"] >= m["inc_year"])
        good = m.groupby(["school_id", "year", "date"], sort=False)["ok"].any().rename("good")
        iv = iv.merge(good.reset_index(), on=["school_id", "year", "date"])
        miss = iv[~iv["good"]]
        if len(miss):
            out.append(_conflicts(miss, "incident_no_self_diagnosis",
                                  [f"incident of {d:%Y-%m-%d}: the school must complete a 诊改 after it, "
                                   f"before its review in {y}" for d, y in zip(miss["date"], miss["year"])]))
    return out


def coverage(result: SamplingPlan) -> pd.DataFrame:
    """Coverage of a sampling plan by prefecture (地(市)) and year.

    One row per prefecture of the scope: ``municipality``, ``schools`` (in
    scope), one column per year of the cycle (reviews planned that year),
    ``reviews`` (all years), ``reviewed`` (distinct schools in scope) and
    ``share`` = reviewed / schools; a last row ``total`` for the province.
    """
    scope, plan, years = result.scope, result.plan, list(result.years)
    counts = (plan.pivot_table(index="municipality", columns="year", values="school_id",
                               aggfunc="count", fill_value=0)
              .reindex(columns=years, fill_value=0))
    base = scope.groupby("municipality", sort=True).agg(schools=("school_id", "size"),
                                                        reviewed=("reviewed", "sum"))
    out = base.join(counts, how="left").fillna(0)
    for y in years:
        out[y] = out[y].astype("int64")
    out["reviews"] = out[years].sum(axis=1).astype("int64")
    out["reviewed"] = out["reviewed"].astype("int64")
    out = out[["schools", *years, "reviews", "reviewed"]]
    total = out.sum(numeric_only=True).to_frame("total").T
    out = pd.concat([out, total])
    out["share"] = out["reviewed"] / out["schools"].where(out["schools"] > 0)
    out.index.name = "municipality"
    out = out.reset_index()
    out.columns = [str(c) for c in out.columns]
    return out
