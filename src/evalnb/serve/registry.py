"""The forms ``evalnb forms`` serves: every domain's :class:`~evalnb.core.domain.FormSpec`.

The domains declare their forms (``Domain.forms``); nothing here lists them.
Each served form is one thin notebook, ``<name>.ipynb``, written from its
spec by :func:`write_notebooks` (``evalnb forms`` writes them when it starts,
``make lab`` for JupyterLab), beside ``index.ipynb``, the start page.
A form's title and description are message ids of its domain's catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import nbformat

from ..core import domain as domains
from ..core.domain import FormSpec
from ..core.i18n import translator

#: A served form is what its domain declares.
ServedForm = FormSpec

_KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
           "language_info": {"name": "python"}}

INDEX_SOURCE = ("# The start page of `evalnb forms`: every data-entry form, in the user's language.\n"
                "# Served without code by Voilà; in JupyterLab, run the cell.\n"
                "from evalnb.serve.start import start_page\n\n"
                "start_page()")


def forms() -> list[FormSpec]:
    """Every form of every registered domain, in the registry's order."""
    return domains.forms()


def get(name: str) -> FormSpec:
    """The form ``name``; :class:`~evalnb.UnknownNameError` naming the known forms if none."""
    return domains.form(name)


def for_factory(factory: Callable) -> FormSpec | None:
    """The entry of a domain's form class or function, if it is a served one.

    Matched by the object itself: a form may be defined in one module and
    served from another that re-exports it.
    """
    key = f"{getattr(factory, '__module__', '')}:{getattr(factory, '__qualname__', '')}"
    return next((e for e in forms() if e.factory == key), None) or \
        next((e for e in forms() if e.load() is factory), None)


def available(folder: str | Path | None = None) -> list[FormSpec]:
    """The forms that can be served: their code imports (and, given ``folder``, their notebook is there)."""
    out = []
    for entry in forms():
        if folder is not None and not (Path(folder) / entry.notebook).exists():
            continue
        if entry.load() is not None:
            out.append(entry)
    return out


def title(entry: FormSpec, lang: str) -> str:
    """The form's title in ``lang`` (its domain's catalog)."""
    return translator(lang, domains.get(entry.domain).catalog)(entry.title)


def description(entry: FormSpec, lang: str) -> str:
    """The form's description in ``lang`` (its domain's catalog)."""
    return translator(lang, domains.get(entry.domain).catalog)(entry.description)


def domain_title(name: str, lang: str) -> str:
    """A domain's title in ``lang``."""
    return domains.get(name).title_in(lang)


def notebook_source(entry: FormSpec) -> str:
    """The one cell of a form's notebook: the page around the domain's form."""
    module, _sep, attr = entry.factory.partition(":")
    return (f"# {entry.title} — {entry.description}\n"
            "# Served without code by `evalnb forms` (Voilà); in JupyterLab, run the cell.\n"
            "from evalnb.serve.page import form_page\n"
            f"from {module} import {attr}\n\n"
            f"form_page({attr})")


def _notebook(source: str, **meta) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(metadata={**_KERNEL, **meta})
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.cells[0].id = "form"          # stable ids: no diff when nothing changed
    return nb


def write_notebooks(folder: str | Path) -> list[Path]:
    """Write ``index.ipynb`` and one notebook per available form into ``folder``.

    Notebooks of forms no domain declares any more are removed, so the
    folder always matches the registry.  Returns the notebooks written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "index.ipynb"]
    _write(_notebook(INDEX_SOURCE), written[0])
    served = available()
    for entry in served:
        path = folder / entry.notebook
        _write(_notebook(notebook_source(entry), evalnb={"form": entry.name, "domain": entry.domain}),
               path)
        written.append(path)
    keep = {p.name for p in written}
    for stale in folder.glob("*.ipynb"):
        if stale.name not in keep and _is_form_notebook(stale):
            stale.unlink()
    return written


def _write(nb: nbformat.NotebookNode, path: Path) -> None:
    # signed as trusted: the notebooks are evalnb's own, written from the registry
    from nbformat.sign import NotebookNotary

    NotebookNotary().sign(nb)
    text = nbformat.writes(nb) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return                       # unchanged: keep the file (and its time) as it is
    tmp = path.with_suffix(".ipynb.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _is_form_notebook(path: Path) -> bool:
    try:
        return "form" in (nbformat.read(path, as_version=4).metadata.get("evalnb") or {})
    except Exception:  # noqa: BLE001 - not a notebook of ours: leave it alone
        return False
