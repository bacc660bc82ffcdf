"""The domain seam: what a domain brings, and the registry that finds them.

A domain (``evalnb.assessment``, ``evalnb.olympiad`` …) lives in its own
folder and describes itself once, as a :class:`Domain` in its package's
``__init__.py``; one line in the ``evalnb.domains`` entry-point group of
``pyproject.toml`` makes it known, the way papermill finds its engines::

    [project.entry-points."evalnb.domains"]
    olympiad = "evalnb.olympiad:DOMAIN"

Everything that lists domains reads this registry: ``evalnb rules``,
``evalnb tables`` (and ``docs/data.md``), ``evalnb sample``,
``evalnb notebooks`` (the report notebooks ``make demo`` builds), the start
page of ``evalnb forms`` and :func:`evalnb.core.rules.rules_for`.  Tests (or
a methodologist's own package) add one with :func:`register`.

Examples
--------
>>> from evalnb.core import domain
>>> domain.get("training").title                    # doctest: +SKIP
"Teachers' continuing education"
>>> [r.notebook for r in domain.get("training").reports]   # doctest: +SKIP
['training/unit_monthly_report.ipynb', 'training/county_overview.ipynb']
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Callable

from ..errors import DomainError, UnknownNameError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .schemas import TableSpec

#: The entry-point group domains register under.
GROUP = "evalnb.domains"


@dataclass(frozen=True)
class ReportNotebook:
    """A report notebook of a domain.

    ``notebook`` is its path below the project's ``notebooks/`` folder; what
    it applies to (schools of a kind, municipalities, teachers …) is declared
    in the notebook's own ``metadata.evalnb`` block, which the batch reads.
    ``demo``: built by ``make demo`` for the sample district.
    """

    notebook: str
    demo: bool = True


@dataclass(frozen=True)
class FormSpec:
    """A data-entry form that ``evalnb forms`` serves.

    ``factory`` is ``module:attribute`` of the form class or function, called
    as ``factory(store, *choices, lang=…, user=…)``; ``title`` and
    ``description`` are English message ids of the domain's catalog.
    ``pick`` lists what the page asks for before building the form, in order:
    ``"school"`` (a school of ``kinds``, with rows in ``with_rows_in`` when
    given) and ``"cycle"`` (a review cycle of that school, or a new one).
    """

    name: str
    factory: str
    title: str
    description: str
    pick: tuple[str, ...] = ()
    kinds: tuple[str, ...] | None = None
    with_rows_in: str | None = None
    cycles_in: tuple[str, ...] = ("self_diagnosis", "review")
    domain: str = ""

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"

    def load(self) -> Callable | None:
        """The form class or function (imported on demand: forms pull in ipywidgets).

        None when its module is not installed (a domain installed without its forms).
        """
        import importlib

        module, _sep, attr = self.factory.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                return None
            raise
        return getattr(mod, attr, None)


@dataclass(frozen=True)
class SampleContext:
    """What a domain's sample generator gets.

    ``rng`` is the domain's own random stream (independent of the other
    domains', so adding a domain changes no other domain's sample);
    ``tables`` holds what the domains it ``requires`` generated before it
    (read it, do not change it).
    """

    seed: int
    rng: "np.random.Generator"
    tables: dict[str, "pd.DataFrame"]


@dataclass(frozen=True)
class Domain:
    """What a domain brings to evalnb.

    Parameters
    ----------
    name : the package name below ``evalnb`` (``"olympiad"``); also its
        gettext catalog and the section of a rules YAML file.
    title : English message id of the domain's title, translated with its catalog.
    rules : the domain's :class:`~evalnb.core.rules.Rules` class, or None.
    tables : the tables the domain reads (its :class:`~evalnb.core.schemas.TableSpec` s,
        registered with core's schema machinery when the registry loads the domain).
    reports : the report notebooks, in the order ``make demo`` builds them.
    forms : the forms ``evalnb forms`` serves.
    sample : ``sample(ctx: SampleContext) -> dict[str, DataFrame]`` — the
        domain's part of the sample district (or its ``"module:function"``,
        imported only when a sample is made); rows of ``schools`` it returns
        are added to the common table.
    requires : domains whose sample tables this domain's sample builds on.
    sample_stream : the domain's random stream (default: from its name).
    catalog : the gettext catalog of its labels (default: its name).
    description : English message id of a sentence on what the domain evaluates.
    """

    name: str
    title: str
    rules: type | None = None
    tables: tuple["TableSpec", ...] = ()
    reports: tuple[ReportNotebook, ...] = ()
    forms: tuple[FormSpec, ...] = ()
    sample: "Callable[[SampleContext], dict] | str | None" = None
    requires: tuple[str, ...] = ()
    sample_stream: int | None = None
    catalog: str = ""
    description: str = ""

    def __post_init__(self):
        # every form knows its domain (its catalog translates title and description)
        forms = tuple(f if f.domain == self.name else _with_domain(f, self.name) for f in self.forms)
        object.__setattr__(self, "forms", forms)
        if not self.catalog:
            object.__setattr__(self, "catalog", self.name)

    @property
    def stream(self) -> int:
        if self.sample_stream is not None:
            return self.sample_stream
        return zlib.crc32(self.name.encode("utf-8"))

    def make_sample(self, ctx: SampleContext) -> dict:
        """The domain's part of the sample district (see ``sample``)."""
        fn = self.sample
        if isinstance(fn, str):
            import importlib

            module, _sep, attr = fn.partition(":")
            fn = getattr(importlib.import_module(module), attr)
        return fn(ctx)

    def title_in(self, lang: str) -> str:
        """The domain's title in ``lang``."""
        from .i18n import translator

        return translator(lang, self.catalog)(self.title)


def msgid(text: str) -> str:
    """Marks an English message id where it is declared; it is translated where it is shown."""
    return text


def _with_domain(form: FormSpec, name: str) -> FormSpec:
    from dataclasses import replace

    return replace(form, domain=name)


_DOMAINS: dict[str, Domain] = {}
_loaded = False


def register(domain: Domain, *, replace: bool = False) -> Domain:
    """Add a domain (and register its tables); a second one of the same name is an error.

    ``replace=True`` lets a test swap a domain for another of the same name.
    """
    from . import schemas

    if not isinstance(domain, Domain):
        raise DomainError(f"not an evalnb Domain: {domain!r}")
    old = _DOMAINS.get(domain.name)
    if old is not None and old is not domain and not replace:
        raise DomainError(f"domain {domain.name!r} is registered twice", domain=domain.name)
    for spec in domain.tables:
        schemas.register(spec)
    if domain.rules is not None and getattr(domain.rules, "domain", "") != domain.name:
        raise DomainError(f"domain {domain.name!r}: its rules class says domain "
                          f"{getattr(domain.rules, 'domain', '')!r}", domain=domain.name)
    _DOMAINS[domain.name] = domain
    return domain


def unregister(name: str) -> None:
    """Remove a domain and its tables (for tests that register one of their own)."""
    from . import schemas

    domain = _DOMAINS.pop(name, None)
    if domain is not None:
        for spec in domain.tables:
            schemas.unregister(spec.name)


def load_entry_points(*, again: bool = False) -> None:
    """Import every domain of the ``evalnb.domains`` entry-point group (once; ``again`` re-reads
    the group, e.g. after a package was installed in a running process)."""
    global _loaded
    if _loaded and not again:
        return
    _loaded = True
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        try:
            domain = ep.load()
        except Exception as exc:  # noqa: BLE001 - whatever breaks, name the domain that did
            raise DomainError(f"domain {ep.name!r} ({ep.value}) cannot be loaded: "
                              f"{type(exc).__name__}: {exc}", domain=ep.name) from exc
        if ep.name != getattr(domain, "name", None):
            raise DomainError(f"entry point {ep.name!r} names domain "
                              f"{getattr(domain, 'name', domain)!r}", domain=ep.name)
        if domain.name not in _DOMAINS:
            register(domain)


def names() -> list[str]:
    """The registered domains, in an order where each comes after those it requires."""
    load_entry_points()
    order: list[str] = []

    def visit(name: str, seen: tuple = ()):
        if name in order or name in seen:
            return
        for req in _DOMAINS[name].requires:
            if req in _DOMAINS:
                visit(req, seen + (name,))
        order.append(name)

    for name in sorted(_DOMAINS):
        visit(name)
    return order


def get(name: str) -> Domain:
    """The domain ``name``; :class:`~evalnb.UnknownNameError` naming the known ones if none."""
    load_entry_points()
    try:
        return _DOMAINS[name]
    except KeyError:
        raise UnknownNameError("domain", name, sorted(_DOMAINS)) from None


def all_domains() -> list[Domain]:
    """Every registered domain, in :func:`names` order."""
    return [_DOMAINS[n] for n in names()]


def forms() -> list[FormSpec]:
    """Every served form of every domain."""
    return [f for d in all_domains() for f in d.forms]


def form(name: str) -> FormSpec:
    """The served form ``name``; :class:`~evalnb.UnknownNameError` naming the known ones."""
    known = forms()
    for f in known:
        if f.name == name:
            return f
    raise UnknownNameError("form", name, [f.name for f in known])


def reports(*, demo_only: bool = False) -> list[tuple[Domain, ReportNotebook]]:
    """Every report notebook of every domain (``demo_only``: those ``make demo`` builds)."""
    return [(d, r) for d in all_domains() for r in d.reports if r.demo or not demo_only]


def describe() -> list[dict[str, Any]]:
    """One row per domain: name, title, tables, rules, reports and forms (for ``evalnb domains``)."""
    return [{"domain": d.name, "title": d.title, "tables": [t.name for t in d.tables],
             "rules": d.rules.__name__ if d.rules else "", "reports": [r.notebook for r in d.reports],
             "forms": [f.name for f in d.forms]} for d in all_domains()]


__all__ = ["Domain", "DomainError", "FormSpec", "GROUP", "msgid", "ReportNotebook", "SampleContext",
           "all_domains", "describe", "form", "forms", "get", "load_entry_points", "names",
           "register", "reports", "unregister"]
