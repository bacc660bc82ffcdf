#!/usr/bin/env python
"""Write notebooks/forms/*.ipynb from evalnb.serve.registry: one call per notebook, no outputs.

Run after adding a form to the registry:  .venv/bin/python scripts/make_form_notebooks.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "forms"
sys.path.insert(0, str(ROOT / "src"))

from evalnb.serve.registry import FORMS  # noqa: E402

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
          "language_info": {"name": "python"}}


def notebook(source: str, **meta) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(metadata={**KERNEL, **meta})
    nb.cells = [nbformat.v4.new_code_cell(source)]
    for cell in nb.cells:   # stable ids: no diff when nothing changed
        cell.id = "form"
    return nb


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    index = notebook(
        "# The start page of `evalnb forms`: every data-entry form, in the user's language.\n"
        "# Served without code by Voilà; in JupyterLab, run the cell.\n"
        "from evalnb.serve.start import start_page\n\n"
        "start_page()")
    nbformat.write(index, OUT / "index.ipynb")
    written.append("index.ipynb")
    for entry in FORMS:
        if entry.load() is None:
            print(f"skipped {entry.notebook}: {entry.factory} does not exist (yet)")
            continue
        module, _sep, attr = entry.factory.partition(":")
        source = (f"# {entry.title} — {entry.description}\n"
                  "# Served without code by `evalnb forms` (Voilà); in JupyterLab, run the cell.\n"
                  "from evalnb.serve.page import form_page\n"
                  f"from {module} import {attr}\n\n"
                  f"form_page({attr})")
        nbformat.write(notebook(source, evalnb={"form": entry.name, "domain": entry.domain}),
                       OUT / entry.notebook)
        written.append(entry.notebook)
    print("wrote", ", ".join(written), "in", OUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
