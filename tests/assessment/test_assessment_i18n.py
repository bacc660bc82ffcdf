"""Every label the assessment package shows is in its catalog, with the same placeholders in each language."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import evalnb.assessment as pkg
from evalnb.assessment import labels
from evalnb.core.i18n import LOCALE_DIR

SRC = Path(pkg.__file__).resolve().parent


def used_ids() -> set[str]:
    """String literals passed to ``_(…)`` / ``self._(…)`` / ``message(…)`` (labels included)."""
    out = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)
                if name in ("_", "message"):
                    out.add(node.args[0].value)
    return out


def test_the_label_functions_are_seen_by_the_extraction():
    ids = used_ids()
    for fn in (labels.measure_labels, labels.action_labels, labels.intro_labels, labels.section_labels):
        assert set(fn(lambda m: m).values()) <= ids


def catalog(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "assessment.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_label_used_is_in_the_english_catalog():
    missing = sorted(used_ids() - set(catalog("en")))
    assert not missing, missing[:10]


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_translations_keep_the_placeholders(lang):
    other = catalog(lang)
    bad = [m for m in catalog("en") if fields(m) != fields(other.get(m, ""))]
    assert not bad, bad[:5]


def test_domain_terms_keep_their_russian_name_in_english_and_chinese():
    for lang in ("en", "zh"):
        cat = catalog(lang)
        assert "успеваемость" in (cat["Pass rate (успеваемость)"] or "Pass rate (успеваемость)")
        assert "качество знаний" in (cat["Quality of knowledge (качество знаний)"]
                                     or "Quality of knowledge (качество знаний)")
    assert re.search("[\u4e00-\u9fff]", catalog("zh")["Subjects in the risk zone"])
