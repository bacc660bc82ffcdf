"""The rules of the "500+" roadmap tracker, with the clause each comes from.

The defaults are those every region shares; the numbers of one region's
roadmap (its quota, its deadline for concept documents, the dates of the
stage checks, which tasks have which share indicator) belong in its own rules
file, as ``data/support/kaluga_2022_rules.yaml`` does for the Kaluga order::

    support:
      quota: 36
      documents_deadline: 2022-03-30
      stage_checks: {1: 2022-06-01, 2: 2022-11-01}

Examples
--------
>>> SupportRules.load({"due_soon_days": 7}).due_soon_days
7
>>> SupportRules.load({"documents_deadline": "2022-03-30"}).documents_deadline
'2022-03-30'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, ClassVar

from ..core.rules import Rules, rule

ORDER = "Kaluga order of 02.02.2022 № 180 (roadmap of the «500+» project)"

#: Roles a participation row may have.
ROLES = ("school", "admin_team", "teacher", "director", "curator", "regional_coordinator",
         "municipal_coordinator")
#: Roles counted as schools (one unit per school); the others count persons.
SCHOOL_ROLES = ("school", "admin_team")
#: What a share indicator's denominator may add up.
DENOMINATORS = ("project_schools", "teachers") + tuple(f"population:{r}" for r in ROLES)
#: Where a share indicator's numerator may come from besides participation.
SOURCES = ("participation", "risk_profile.activated", "school_documents.concept")
#: Scopes a share indicator is computed per.
PER = ("region", "school", "event_school")


@dataclass(frozen=True)
class SupportRules(Rules):
    """Executors, due-soon window, quota, deadlines and the share indicators of a roadmap."""

    domain: ClassVar[str] = "support"

    executors: list[str] = rule(
        ["МОН КО", "КГИРО", "МОУО", "ММС", "ОО", "кураторы"],
        f"{ORDER}, roadmap column «Исполнители» (tasks 1 and 12)",
        "executor codes, in the order lists show them; found as whole words")
    executor_aliases: dict[str, str] = rule(
        {"министерство образования и науки Калужской области": "МОН КО"},
        f"{ORDER}, roadmap task 1: «министерство образования и науки Калужской области "
        "(далее – МОН КО)»",
        "other spellings of an executor, read as its code")
    due_soon_days: int = rule(
        14, "evalnb's reading: the order sets no warning time; two weeks leaves time to act",
        "a task whose last day is this many days away or fewer is due soon")
    quota: int | None = rule(
        None, f"{ORDER}, roadmap task 3: «согласно установленной квоте (36 школ)» — the quota "
        "is the region's own (Kaluga 2022: 36)",
        "number of project schools the region must have (empty: not checked)")
    documents_deadline: Any = rule(
        None, f"{ORDER}, roadmap task 32 (30.03.2022): «100% школ разместили концептуальные "
        "документы в ИС МЭДК» — the date is the region's own",
        "date (YYYY-MM-DD) by which every school places its concept documents (empty: any date)")
    stage_checks: dict[int, Any] = rule(
        {}, f"{ORDER}, roadmap tasks 44 (01.06.2022, monitoring of stage 1) and 52 (01.11.2022, "
        "monitoring of stage 2) — the dates are the region's own",
        "stage → date (YYYY-MM-DD) on which the stage's measures are checked")
    share_indicators: list[dict[str, Any]] = rule(
        [], f"{ORDER}, roadmap column «Показатель реализации» — which tasks have which share "
        "is the region's own roadmap",
        "share indicators: each has tasks, indicator_no, roles, denominator (a list of "
        "project_schools, teachers, population:<role>), per (region, school, event_school), "
        "optionally source and target")
    infer_shares: bool = rule(
        True, "evalnb's reading: without a configured list, a share indicator's roles and "
        "denominator are read from its words (педагогов, школ, кураторов, респондентов …)",
        "read the share indicators from the roadmap's words when share_indicators is empty")

    def __post_init__(self):
        if self.due_soon_days < 0:
            raise ValueError("due_soon_days must not be negative")
        if self.quota is not None and self.quota < 0:
            raise ValueError("quota must not be negative")
        object.__setattr__(self, "documents_deadline", _iso(self.documents_deadline, "documents_deadline"))
        checks = {}
        for stage, day in self.stage_checks.items():
            if stage not in (1, 2):
                raise ValueError(f"stage_checks: stage {stage!r} must be 1 or 2")
            checks[stage] = _iso(day, f"stage_checks[{stage}]")
        object.__setattr__(self, "stage_checks", checks)
        unknown = set(self.executor_aliases.values()) - set(self.executors)
        if unknown:
            raise ValueError(f"executor_aliases name unknown executors {sorted(unknown)}")
        object.__setattr__(self, "share_indicators",
                           [check_share_spec(s, i + 1) for i, s in enumerate(self.share_indicators)])


def _iso(value, name: str) -> str | None:
    """A date given as text or as a YAML date, as ``YYYY-MM-DD`` (or None)."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError(f"{name} must be a date YYYY-MM-DD, not {value!r}")


def check_share_spec(spec: dict, n: int = 1) -> dict:
    """One share indicator of the rules, checked and with its defaults filled in."""
    if not isinstance(spec, dict):
        raise ValueError(f"share_indicators item {n} must be a mapping")
    known = {"tasks", "indicator_no", "roles", "denominator", "per", "source", "target", "label"}
    extra = set(spec) - known
    if extra:
        raise ValueError(f"share_indicators item {n}: unknown key(s) {sorted(extra)}; "
                         f"the keys are {', '.join(sorted(known))}")
    tasks = spec.get("tasks")
    if isinstance(tasks, int):
        tasks = [tasks]
    if not tasks or not all(isinstance(t, int) and not isinstance(t, bool) and t >= 1 for t in tasks):
        raise ValueError(f"share_indicators item {n}: tasks must be task numbers ≥ 1")
    source = spec.get("source", "participation")
    if source not in SOURCES:
        raise ValueError(f"share_indicators item {n}: source must be one of {', '.join(SOURCES)}")
    roles = list(spec.get("roles", []))
    if source == "participation" and not roles:
        raise ValueError(f"share_indicators item {n}: roles are required")
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise ValueError(f"share_indicators item {n}: unknown role(s) {bad}; roles are {', '.join(ROLES)}")
    denom = spec.get("denominator", ["project_schools"])
    denom = [denom] if isinstance(denom, str) else list(denom)
    bad = [d for d in denom if d not in DENOMINATORS]
    if bad or not denom:
        raise ValueError(f"share_indicators item {n}: denominator terms must be among "
                         f"{', '.join(DENOMINATORS)}")
    per = spec.get("per", ["region"])
    per = [per] if isinstance(per, str) else list(per)
    bad = [p for p in per if p not in PER]
    if bad or not per:
        raise ValueError(f"share_indicators item {n}: per must be among {', '.join(PER)}")
    target = spec.get("target")
    if target is not None and (isinstance(target, bool) or not isinstance(target, (int, float))
                               or not 0 <= target <= 1):
        raise ValueError(f"share_indicators item {n}: target must be a share from 0 to 1")
    no = spec.get("indicator_no", 1)
    if isinstance(no, bool) or not isinstance(no, int) or no < 1:
        raise ValueError(f"share_indicators item {n}: indicator_no must be an integer ≥ 1")
    return {"tasks": list(tasks), "indicator_no": no, "roles": roles, "denominator": denom,
            "per": per, "source": source, "target": None if target is None else float(target),
            "label": spec.get("label")}


def load_rules(rules=None) -> SupportRules:
    """``SupportRules.load(rules)``: defaults, a mapping, a YAML path or an instance."""
    return SupportRules.load(rules)


__all__ = ["DENOMINATORS", "PER", "ROLES", "SCHOOL_ROLES", "SOURCES", "SupportRules",
           "check_share_spec", "load_rules"]
