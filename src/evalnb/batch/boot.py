"""What a pooled Python kernel runs when it starts and between reports.

:data:`KERNEL_MODULE` is installed in every pooled kernel as
``_evalnb_kernel``: ``snapshot()`` remembers the interpreter's state after
the warm-up, ``reset(cwd)`` restores it between reports (namespace, figures,
working folder, environment, ``sys.path``, warning filters, matplotlib's
rcParams, evalnb's recorded figures), ``warm(statements)`` runs the
notebook's imports ahead of its first report (:func:`import_statements`).
"""

from __future__ import annotations

import ast
import json

#: Source of the ``_evalnb_kernel`` module installed in every pooled Python kernel.
KERNEL_MODULE = r'''
import gc as _gc, os as _os, sys as _sys, warnings as _warnings

_state = {}


def snapshot():
    """Remember the interpreter state that reset() restores.

    The objects alive now (the warm imports) are moved out of the garbage
    collector's reach with gc.freeze(), so the collection every reset does
    (IPython's reset runs one) only walks what the last report allocated.
    """
    _gc.collect()
    _gc.freeze()
    _state["environ"] = dict(_os.environ)
    _state["path"] = list(_sys.path)
    _state["filters"] = list(_warnings.filters)
    mpl = _sys.modules.get("matplotlib")
    if mpl is not None:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            _state["rc"] = mpl.rcParams.copy()


def reset(cwd):
    """Forget the previous report: namespace, figures, folder, environment."""
    from IPython import get_ipython

    plt = _sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    get_ipython().reset(new_session=True)
    _os.chdir(cwd)
    env = _state.get("environ")
    if env is not None and dict(_os.environ) != env:
        _os.environ.clear()
        _os.environ.update(env)
    if "path" in _state:
        _sys.path[:] = _state["path"]
    if "filters" in _state:
        _warnings.filters[:] = _state["filters"]
        _warnings._filters_mutated()
    mpl = _sys.modules.get("matplotlib")
    if mpl is not None:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            if "rc" in _state:
                mpl.rcParams.update(_state["rc"])
            else:
                _state["rc"] = mpl.rcParams.copy()
    rec = _sys.modules.get("evalnb.record")
    if rec is not None:
        rec.recorded.clear()


def warm(statements):
    """Run import statements, each in its own namespace; ignore what fails."""
    for src in statements:
        try:
            exec(src, {"__name__": "__evalnb_warm__"})
        except BaseException:
            pass
    plt = _sys.modules.get("matplotlib.pyplot")
    if plt is not None:  # load the backend now, not in the first report
        try:
            plt.close(plt.figure())
        except Exception:
            pass
'''


def bootstrap_code(warm_statements: list[str]) -> str:
    """Code that installs ``_evalnb_kernel``, warms imports and snapshots the state."""
    return (
        "def __evalnb_boot(src, stmts):\n"
        "    import sys, types\n"
        "    mod = types.ModuleType('_evalnb_kernel')\n"
        "    exec(compile(src, '<evalnb-kernel>', 'exec'), mod.__dict__)\n"
        "    sys.modules['_evalnb_kernel'] = mod\n"
        "    mod.warm(stmts)\n"
        "    mod.snapshot()\n"
        f"__evalnb_boot({json.dumps(KERNEL_MODULE)}, {json.dumps(warm_statements)})\n"
        "del __evalnb_boot\n"
    )


def import_statements(nb) -> list[str]:
    """The top-level ``import`` statements of a notebook's code cells, in order."""
    out: list[str] = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        src = "\n".join(line for line in cell.source.splitlines()
                        if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        for stmt in tree.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)) and not (
                    isinstance(stmt, ast.ImportFrom) and stmt.level):
                text = ast.unparse(stmt)
                if text not in out:
                    out.append(text)
    return out
