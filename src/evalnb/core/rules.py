"""Policy as configuration: every threshold a regulation sets, with its source.

A domain's rules are a frozen dataclass whose fields are declared with
:func:`rule` — the default, and the regulation (document and clause) it comes
from.  A province, county or municipality overrides them with a YAML file
passed as ``rules=`` to a calculator, ``rules_path`` to a notebook, or
``--rules`` to the CLI::

    # county.yaml
    training:
      pass_mark: 65
      max_late_or_early: 3

A file may hold one domain's keys at the top level, or several domains under
their names.  An unknown key or a value of the wrong type is a
:class:`~evalnb.RulesError` naming the file, the key and what is expected.

Examples
--------
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class DemoRules(Rules):
...     domain = "demo"
...     pass_mark: float = rule(60.0, "county plan, §5")
>>> DemoRules.load({"pass_mark": 65}).pass_mark
65.0
>>> DemoRules.load().source_of("pass_mark")
'county plan, §5'
"""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any, ClassVar

import yaml

from ..errors import RulesError


def rule(default: Any, source: str, doc: str = "") -> Any:
    """Declare a rules field: its default and the regulation it comes from."""
    kw = {"metadata": {"source": source, "doc": doc}}
    if isinstance(default, (dict, list, set)):
        return dataclasses.field(default_factory=lambda: type(default)(default), **kw)
    return dataclasses.field(default=default, **kw)


def _type_ok(value: Any, tp: Any) -> tuple[bool, Any]:
    """Whether ``value`` fits annotation ``tp``; returns the (converted) value."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return True, value
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for a in args:
            ok, v = _type_ok(value, a)
            if ok:
                return True, v
        return False, value
    if tp is type(None):
        return value is None, value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False, value
        return True, float(value)
    if tp is int:
        return (isinstance(value, int) and not isinstance(value, bool)), value
    if tp is bool:
        return isinstance(value, bool), value
    if tp is str:
        return isinstance(value, str), value
    if origin in (tuple, list):
        if not isinstance(value, (list, tuple)):
            return False, value
        item = args[0] if args else Any
        conv = []
        for v in value:
            ok, c = _type_ok(v, item)
            if not ok:
                return False, value
            conv.append(c)
        return True, tuple(conv) if origin is tuple else conv
    if origin is dict:
        if not isinstance(value, dict):
            return False, value
        kt, vt = args if args else (Any, Any)
        out = {}
        for k, v in value.items():
            ok1, k2 = _type_ok(k, kt)
            ok2, v2 = _type_ok(v, vt)
            if not (ok1 and ok2):
                return False, value
            out[k2] = v2
        return True, out
    return isinstance(value, tp), value


@dataclasses.dataclass(frozen=True)
class Rules:
    """Base of every domain's rules; subclasses are frozen dataclasses of :func:`rule` fields."""

    domain: ClassVar[str] = ""

    @classmethod
    def load(cls, source: "Rules | dict | str | Path | None" = None):
        """The rules: defaults, overridden by a mapping or a YAML file.

        ``source`` may be ``None`` (defaults), an instance (returned as is), a
        mapping of overrides, or the path of a YAML file.
        """
        if source is None:
            return cls()
        if isinstance(source, cls):
            return source
        where = "rules"
        if isinstance(source, (str, Path)):
            where = str(source)
            path = Path(source)
            if not path.is_file():
                raise RulesError(f"rules file not found: {path}", table=where,
                                 rule="rules_path must name a YAML file")
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                raise RulesError(f"rules file {path} is not valid YAML: {exc}", table=where,
                                 rule="a YAML mapping of rule names to values") from None
        elif isinstance(source, dict):
            data = source
        else:
            raise RulesError(f"rules must be a path, a mapping or {cls.__name__}, "
                             f"not {type(source).__name__}", table=where)
        if not isinstance(data, dict):
            raise RulesError("rules must be a mapping of names to values", table=where)
        if cls.domain and isinstance(data.get(cls.domain), dict):
            data = data[cls.domain]
        elif cls.domain and any(isinstance(v, dict) and k not in cls._field_names()
                                for k, v in data.items()):
            # a file with other domains' sections only: this domain keeps its defaults
            data = {k: v for k, v in data.items() if k in cls._field_names()}
        return cls._from_mapping(data, where)

    @classmethod
    def _field_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def _from_mapping(cls, data: dict, where: str):
        hints = typing.get_type_hints(cls)
        known = {f.name: f for f in dataclasses.fields(cls)}
        values = {}
        for key, value in data.items():
            if key not in known:
                raise RulesError(f"unknown rule {key!r} in {where}", table=where, column=str(key),
                                 value=value, rule=f"known rules of {cls.domain or cls.__name__}: "
                                 + ", ".join(known))
            tp = hints[key]
            if isinstance(tp, type) and issubclass(tp, Rules):
                if not isinstance(value, dict):
                    raise RulesError(f"rule {key!r} must be a mapping", table=where, column=key, value=value)
                values[key] = tp._from_mapping(value, f"{where}:{key}")
                continue
            ok, conv = _type_ok(value, tp)
            if not ok:
                raise RulesError(f"rule {key!r} in {where} must be {_type_name(tp)}, not {value!r}",
                                 table=where, column=str(key), value=value,
                                 rule=f"{key}: {_type_name(tp)}")
            values[key] = conv
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise RulesError(f"rules in {where}: {exc}", table=where) from None

    def source_of(self, name: str) -> str:
        """Where the default of rule ``name`` comes from (document and clause)."""
        for f in dataclasses.fields(self):
            if f.name == name:
                return f.metadata.get("source", "")
        raise RulesError(f"unknown rule {name!r}", column=name)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def describe(self) -> list[dict]:
        """Each rule with its value, default and source — for a report's appendix."""
        out = []
        defaults = type(self)()
        for f in dataclasses.fields(self):
            out.append({"rule": f.name, "value": getattr(self, f.name),
                        "default": getattr(defaults, f.name),
                        "source": f.metadata.get("source", ""), "doc": f.metadata.get("doc", "")})
        return out


def rules_for(domain: str) -> type:
    """The rules class of a registered domain (see :mod:`evalnb.core.domain`).

    :class:`~evalnb.UnknownNameError` names the domains that have rules when
    ``domain`` is not one of them.
    """
    from ..errors import UnknownNameError
    from . import domain as domains

    with_rules = [d.name for d in domains.all_domains() if d.rules is not None]
    if domain not in with_rules:
        raise UnknownNameError("rules domain", domain, with_rules)
    return domains.get(domain).rules


def _type_name(tp) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")
