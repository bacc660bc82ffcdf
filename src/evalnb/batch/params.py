"""A report notebook's parameters: what it declares.

The declared parameters come from papermill's own inspection (as
:func:`papermill.inspect_notebook` does it), completed by a parse of the
``parameters`` cell with :mod:`ast` for declarations papermill's regular
expression misses (``lang: str | None = None``, values over several lines),
in the order of the cell.  Types come from the annotation, else from the
default's literal type.  Values are checked against them in :mod:`.values`.
"""

from __future__ import annotations

import ast
import copy
import logging
import os
from dataclasses import dataclass
from typing import Any

from ..errors import ParameterError

ANY = None  # "accepts any type"
_NONE = type(None)

_TYPE_NAMES: dict[str, tuple[type, ...] | None] = {
    "str": (str,), "Path": (str,), "PathLike": (str,),
    "int": (int,), "float": (float, int), "bool": (bool,), "complex": (float, int),
    "list": (list,), "List": (list,), "tuple": (list,), "Tuple": (list,), "Sequence": (list,),
    "dict": (dict,), "Dict": (dict,), "Mapping": (dict,),
    "None": (_NONE,), "NoneType": (_NONE,),
    "Any": ANY, "object": ANY,
}


@dataclass(frozen=True)
class Param:
    """One declared parameter of a notebook."""

    name: str
    annotation: str | None = None
    default_src: str = ""
    help: str = ""
    types: tuple[type, ...] | None = ANY  # accepted types; None = any
    default: Any = None
    has_literal_default: bool = False

    @property
    def accepts_none(self) -> bool:
        return self.types is ANY or _NONE in self.types

    @property
    def required(self) -> bool:
        """A declared parameter without a usable default (``x: str = None`` or ``x = ...``)."""
        if self.default_src.strip() == "...":
            return True
        return self.has_literal_default and self.default is None and not self.accepts_none

    def type_text(self) -> str:
        if self.types is ANY:
            return "any"
        names = {str: "str", int: "int", float: "float", bool: "bool", list: "list",
                 dict: "dict", _NONE: "None"}
        out = []
        for t in self.types:
            n = names.get(t, t.__name__)
            if n not in out and not (t is int and float in self.types):
                out.append(n)
        return " | ".join(out)


def _types_from_annotation(node: ast.AST) -> tuple[type, ...] | None:
    if isinstance(node, ast.Constant):
        if node.value is None:
            return (_NONE,)
        if isinstance(node.value, str):  # a string annotation: parse it
            try:
                return _types_from_annotation(ast.parse(node.value, mode="eval").body)
            except SyntaxError:
                return ANY
        return ANY
    if isinstance(node, ast.Name):
        return _TYPE_NAMES.get(node.id, ANY)
    if isinstance(node, ast.Attribute):  # typing.List, pathlib.Path
        return _TYPE_NAMES.get(node.attr, ANY)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union(_types_from_annotation(node.left), _types_from_annotation(node.right))
    if isinstance(node, ast.Subscript):
        base = node.value.id if isinstance(node.value, ast.Name) else (
            node.value.attr if isinstance(node.value, ast.Attribute) else "")
        if base == "Optional":
            return _union(_types_from_annotation(node.slice), (_NONE,))
        if base == "Union":
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            out: tuple[type, ...] | None = ()
            for e in elts:
                out = _union(out, _types_from_annotation(e))
            return out
        if base in ("Literal",):
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            out = ()
            for e in elts:
                if isinstance(e, ast.Constant):
                    out = _union(out, (_NONE,) if e.value is None else (type(e.value),))
            return out or ANY
        return _TYPE_NAMES.get(base, ANY)
    return ANY


def _union(a, b):
    if a is ANY or b is ANY:
        return ANY
    return tuple(dict.fromkeys(a + b))


def _types_from_default(value: Any) -> tuple[type, ...] | None:
    if value is None:
        return ANY  # `lang = None`: the type is not known
    if isinstance(value, bool):
        return (bool,)
    if isinstance(value, int):
        return (int,)
    if isinstance(value, float):
        return (float, int)
    if isinstance(value, str):
        return (str,)
    if isinstance(value, (list, tuple)):
        return (list,)
    if isinstance(value, dict):
        return (dict,)
    return ANY


_MISSING = object()


def _literal(src: str) -> Any:
    try:
        return ast.literal_eval(src)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _MISSING


def parse_parameters_cell(source: str) -> dict[str, Param]:
    """Every top-level ``name = value`` / ``name: T = value`` of a parameters cell."""
    out: dict[str, Param] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return out
    for stmt in tree.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            name = stmt.target.id
            ann = ast.get_source_segment(source, stmt.annotation) or ast.unparse(stmt.annotation)
            default_src = (ast.get_source_segment(source, stmt.value) or ast.unparse(stmt.value)
                           if stmt.value is not None else "...")
            types = _types_from_annotation(stmt.annotation)
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
                stmt.targets[0], ast.Name):
            name = stmt.targets[0].id
            ann = None
            default_src = ast.get_source_segment(source, stmt.value) or ast.unparse(stmt.value)
            types = None
        else:
            continue
        value = _literal(default_src)
        if ann is None:
            types = _types_from_default(value) if value is not _MISSING else ANY
        out[name] = Param(name=name, annotation=ann, default_src=default_src, types=types,
                          default=None if value is _MISSING else value,
                          has_literal_default=value is not _MISSING)
    return out


def parameters_cell_index(nb) -> int:
    """Index of the first cell tagged ``parameters``, or -1."""
    for i, cell in enumerate(nb.cells):
        if "parameters" in (cell.get("metadata", {}).get("tags") or []):
            return i
    return -1


def notebook_parameters(path: str | os.PathLike, nb=None) -> dict[str, Param]:
    """The parameters a notebook declares, by papermill's inspection completed with :mod:`ast`.

    Raises :class:`ParameterError` when the notebook has no cell tagged ``parameters``.
    """
    import nbformat
    from papermill.inspection import _infer_parameters  # papermill's inspect_notebook, on nb

    if nb is None:
        nb = nbformat.read(str(path), as_version=4)
    idx = parameters_cell_index(nb)
    if idx < 0:
        raise ParameterError(
            "the notebook has no cell tagged 'parameters'", notebook=str(path),
            hint="tag the cell that sets school_id, data, lang and rules_path with 'parameters'")
    # papermill warns "Unable to parse line" for a declaration whose comment holds
    # an "=" (e.g. `lang = None  # None = the school's language`); the ast parse
    # below reads those lines, so the warning is noise here.
    tlog = logging.getLogger("papermill.translators")
    level = tlog.level
    tlog.setLevel(logging.ERROR)
    ks = nb.metadata.get("kernelspec") or {}
    kernel = ks.get("name") or "python3"  # a notebook saved without a kernel: Python's
    language = ks.get("language") or (nb.metadata.get("language_info") or {}).get("name") \
        or "python"
    try:
        # papermill reads cell.metadata.tags, which its own loader sets on every cell
        cell = copy.deepcopy(nb.cells[idx])
        cell.metadata.setdefault("tags", ["parameters"])
        shim = nbformat.v4.new_notebook(cells=[cell], metadata=nb.metadata)
        inspected = {p.name: p._asdict() for p in _infer_parameters(shim, kernel, language)}
    finally:
        tlog.setLevel(level)
    parsed = parse_parameters_cell(nb.cells[idx].source)
    params: dict[str, Param] = {}
    # in the order of the cell; papermill misses some lines (`x: str | None = None`)
    for name in list(parsed) + [n for n in inspected if n not in parsed]:
        info = inspected.get(name) or {}
        p = parsed.get(name)
        if p is None:
            tn = info.get("inferred_type_name") or "None"
            types = _TYPE_NAMES.get(tn, ANY) if tn != "None" else ANY
            value = _literal(info.get("default") or "")
            if types is ANY and value is not _MISSING:
                types = _types_from_default(value)
            p = Param(name=name, annotation=None if tn == "None" else tn,
                      default_src=info.get("default") or "", types=types,
                      default=None if value is _MISSING else value,
                      has_literal_default=value is not _MISSING)
        params[name] = Param(**{**p.__dict__, "help": info.get("help") or ""})
    return params
