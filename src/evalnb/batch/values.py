"""Parameter values: checked against a notebook's declaration, injected as data only.

papermill's ``PythonTranslator`` writes strings with ``unicode_escape`` and an
escaped ``"`` (so quotes, newlines, ``'''`` and backslashes stay inside the
literal), but it formats any *other* object with ``f'"{value}"'`` unescaped.
So every value is first reduced to plain JSON-like data (:func:`plain`),
checked against the declared type (:func:`check_value`, :func:`coerce_text`
for command-line text), and the cell papermill will inject is parsed back and
compared with the values before anything runs (:func:`check_injection`).
"""

from __future__ import annotations

import ast
import json
import math
import os
from pathlib import Path
from typing import Any

from ..errors import ParameterError
from .params import _NONE, ANY, Param


def plain(value: Any, *, notebook: str | None = None, parameter: str | None = None) -> Any:
    """``value`` as plain data (str, int, float, bool, None, lists and dicts of them).

    numpy scalars become Python scalars, paths become strings, tuples lists;
    anything else is a :class:`ParameterError` (papermill would paste its
    ``str()`` into the code unescaped).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)  # a str subclass becomes a plain str
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "item") and hasattr(value, "dtype") and getattr(value, "shape", None) == ():
        return plain(value.item(), notebook=notebook, parameter=parameter)
    if isinstance(value, (list, tuple)):
        return [plain(v, notebook=notebook, parameter=parameter) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise ParameterError(f"parameter {parameter!r}: dict keys must be strings, not "
                                     f"{type(k).__name__}", notebook=notebook, parameter=parameter,
                                     value=repr(value))
            out[str(k)] = plain(v, notebook=notebook, parameter=parameter)
        return out
    raise ParameterError(
        f"parameter {parameter!r}: a value of type {type(value).__name__} cannot be passed to a "
        "notebook", notebook=notebook, parameter=parameter, value=repr(value),
        hint="pass a str, int, float, bool, None, or a list/dict of them")


def check_value(param: Param, value: Any, *, notebook: str) -> Any:
    """``value`` reduced to plain data and checked against the declared type."""
    value = plain(value, notebook=notebook, parameter=param.name)
    if param.types is ANY:
        return value
    ok = False
    for t in param.types:
        if t is _NONE and value is None:
            ok = True
        elif t in (int, float) and isinstance(value, bool):
            continue
        elif t is not _NONE and isinstance(value, t):
            ok = True
        if ok:
            break
    if not ok:
        raise ParameterError(
            f"parameter {param.name!r} of {Path(notebook).name} expects {param.type_text()}, "
            f"got {type(value).__name__} {value!r}",
            notebook=notebook, parameter=param.name, value=value,
            hint=f"declared as: {param.name}"
                 + (f": {param.annotation}" if param.annotation else "")
                 + f" = {param.default_src}")
    if isinstance(value, float) and float not in param.types and int in param.types:
        value = int(value)
    return value


_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def coerce_text(param: Param, text: str, *, notebook: str) -> Any:
    """A command-line value (always text) converted to the parameter's declared type."""
    types = param.types
    if types is ANY:
        # Like papermill's -p: None/True/False, numbers, else the text itself.
        if text in ("None", "null"):
            return None
        if text in ("True", "False"):
            return text == "True"
        for conv in (int, float):
            try:
                return conv(text)
            except ValueError:
                pass
        return text
    if str in types:
        return text
    if _NONE in types and text.lower() in ("none", "null", ""):
        return None
    for t in types:
        try:
            if t is bool:
                low = text.strip().lower()
                if low in _TRUE:
                    return True
                if low in _FALSE:
                    return False
                continue
            if t is int:
                return int(text)
            if t is float:
                return float(text)
            if t in (list, dict):
                value = json.loads(text)
                if isinstance(value, t):
                    return value
        except ValueError:
            continue
    raise ParameterError(
        f"parameter {param.name!r} of {Path(notebook).name} expects {param.type_text()}, "
        f"got {text!r}", notebook=notebook, parameter=param.name, value=text,
        hint=f"declared as: {param.name}" + (f": {param.annotation}" if param.annotation else "")
             + f" = {param.default_src}")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def check_injection(parameters: dict[str, Any], *, notebook: str, kernel_name: str,
                    language: str) -> str:
    """The code papermill will inject, after proving it assigns exactly ``parameters``.

    The cell is generated by papermill's own translator, parsed back with
    :mod:`ast`, and every assigned value is compared with the value passed.
    Anything else (a second statement, a call, a different value) is a
    :class:`ParameterError`: a value can never become code.
    """
    from papermill.translators import translate_parameters

    code = translate_parameters(kernel_name, language, parameters, "Parameters")
    if language != "python":
        return code
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise ParameterError(f"the parameters do not translate to valid code: {exc}",
                             notebook=notebook) from None
    seen: dict[str, Any] = {}
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)):
            raise ParameterError("a parameter value would inject code", notebook=notebook,
                                 value=ast.get_source_segment(code, stmt))
        name = stmt.targets[0].id
        try:
            if isinstance(stmt.value, ast.Call):  # float('nan'), float('inf') only
                src = ast.get_source_segment(code, stmt.value)
                if src not in ("float('nan')", "float('inf')", "float('-inf')"):
                    raise ValueError(src)
                value = float(src[7:-2])
            else:
                value = ast.literal_eval(stmt.value)
        except ValueError:
            raise ParameterError(f"parameter {name!r}: its value would inject code",
                                 notebook=notebook, parameter=name) from None
        seen[name] = value
    if list(seen) != list(parameters) or not all(
            _same(seen[k], parameters[k]) for k in parameters):
        bad = next((k for k in parameters if k not in seen or not _same(seen[k], parameters[k])),
                   None)
        raise ParameterError(f"parameter {bad!r} does not survive translation to code unchanged",
                             notebook=notebook, parameter=bad)
    return code
