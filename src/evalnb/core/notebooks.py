"""Writing report notebooks from code, so that every notebook is built alike.

Each domain keeps a small ``notebooks/<domain>/_make_notebooks.py`` that
describes its notebooks with :func:`markdown` and :func:`code` cells and
writes them with :func:`write`: no outputs, stable cell ids (clean diffs), the
project kernel, and the ``metadata.evalnb`` block the batch reads.

Markdown cells explain a notebook to whoever opens it in JupyterLab; they are
in English only, so they are tagged ``remove-cell`` and left out of the
exported handouts, which carry only the translated text the package displays.
"""

from __future__ import annotations

from pathlib import Path

import nbformat as nbf

#: where the report notebooks of the domains live (``Domain.reports`` are paths below it)
NOTEBOOKS_DIR = Path(__file__).resolve().parents[3] / "notebooks"

KERNEL = {"display_name": "Python 3 (evalnb)", "language": "python", "name": "python3"}
REMOVE_TAG = "remove-cell"


def markdown(text: str, *, in_handout: bool = False):
    """A markdown cell; left out of the HTML/PDF handouts unless ``in_handout``."""
    cell = nbf.v4.new_markdown_cell(text.strip())
    if not in_handout:
        cell.metadata["tags"] = [REMOVE_TAG]
    return cell


def code(text: str, tags: list[str] | None = None):
    """A code cell (``tags=["parameters"]`` for papermill's parameters cell)."""
    cell = nbf.v4.new_code_cell(text.strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write(path: str | Path, cells: list, evalnb_meta: dict | None = None) -> Path:
    """Write a notebook with stable cell ids; ``evalnb_meta`` is what the batch reads."""
    path = Path(path)
    nb = nbf.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = dict(KERNEL)
    nb.metadata["language_info"] = {"name": "python"}
    if evalnb_meta is not None:
        nb.metadata["evalnb"] = evalnb_meta
    stem = path.stem.replace("_", "-")
    for i, c in enumerate(nb.cells):
        c["id"] = f"{stem}-{i}"
    nbf.validate(nb)
    nbf.write(nb, path)
    return path


def describe_notebook(path: str | Path) -> str:
    """What a report notebook applies to, in words, from its ``metadata.evalnb`` block."""
    nb = nbf.read(str(path), as_version=4)
    meta = nb.metadata.get("evalnb", {}) or {}
    key = meta.get("key", "school_id")
    applies = meta.get("applies_to") or {}
    parts = [{"school_id": "school", "municipality": "municipality", "teacher_id": "teacher",
              "province": "province"}.get(key, key)]
    if applies.get("kinds") or applies.get("kind"):
        kinds = applies.get("kinds") or [applies.get("kind")]
        parts.append("of kind " + " or ".join(kinds))
    if applies.get("with_rows_in"):
        parts.append(f"with rows in {applies['with_rows_in']}")
    if applies.get("municipality"):
        parts.append(f"in {applies['municipality']}")
    return " ".join(parts) + f" (parameter {key})"
