"""Every label the three domains show — in their modules and in their notebooks — is in their catalog."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from babel.messages.pofile import read_po

from evalnb.core.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = ("assessment", "diagnosis", "training")


def english(domain: str) -> set[str]:
    with (LOCALE_DIR / "en" / f"{domain}.po").open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def ids_in(code: str) -> set[str]:
    """String literals passed to ``_(…)`` / ``self._(…)`` in ``code``."""
    out = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            f = node.func
            if (f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)) == "_":
                out.add(node.args[0].value)
    return out


def ids_in_modules(domain: str) -> set[str]:
    """The labels of the domain's package (labels modules included)."""
    return set().union(*(ids_in(p.read_text(encoding="utf-8"))
                         for p in (ROOT / "src" / "evalnb" / domain).rglob("*.py")))


def ids_in_notebooks(domain: str) -> set[str]:
    """The labels of the code cells of the domain's notebooks."""
    out = set()
    for path in (ROOT / "notebooks" / domain).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
                out |= ids_in(cell.source)
    return out


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_label_of_the_modules_is_in_the_catalog(domain):
    used = ids_in_modules(domain)
    assert len(used) > 50
    assert not sorted(used - english(domain))[:10]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_label_of_the_notebooks_is_in_the_catalog(domain):
    used = ids_in_notebooks(domain)
    assert used
    assert not sorted(used - english(domain))[:10]
