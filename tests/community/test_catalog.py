"""Every label the community modules and notebooks show is in the community catalog."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
from babel.messages.pofile import read_po

from evalnb.core.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]


def english() -> set[str]:
    with (LOCALE_DIR / "en" / "community.po").open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def ids_in(code: str) -> set[str]:
    """String literals passed to ``_(…)``, ``self._(…)`` or ``_msg(…)`` in ``code``."""
    out = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            f = node.func
            if (f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)) in ("_", "_msg"):
                out.add(node.args[0].value)
    return out


def test_every_label_of_the_modules_is_in_the_catalog():
    used = set().union(*(ids_in(p.read_text(encoding="utf-8"))
                         for p in (ROOT / "src" / "evalnb" / "community").rglob("*.py")))
    assert len(used) > 100
    assert not sorted(used - english())


def test_every_label_of_the_notebooks_is_in_the_catalog():
    used = set()
    for path in (ROOT / "notebooks" / "community").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
                used |= ids_in(cell.source)
    assert used and not sorted(used - english())
