"""Every label the support domain shows is in its catalogs, translated into Russian and Chinese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from evalnb.core.i18n import LOCALE_DIR, t
from evalnb.support import DOMAIN
from evalnb.support import labels as L

ROOT = Path(__file__).resolve().parents[2]
_CALL = re.compile(r"""(?<![\w.])_\(\s*((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')(?:\s*"(?:[^"\\]|\\.)*")*)""")


def used_ids() -> set[str]:
    files = sorted((ROOT / "src/evalnb/support").rglob("*.py")) + [ROOT / "notebooks/support/_make_notebooks.py"]
    ids = {ast.literal_eval("(" + m.group(1) + ")") for p in files for m in _CALL.finditer(p.read_text("utf-8"))}
    for mapping in (L.STATE_LABELS, L.STATUS_LABELS, L.MEASURE_STATUS_LABELS, L.DOC_LABELS, L.LEVEL_LABELS,
                    L.KIND_LABELS):
        ids |= set(mapping.values())
    ids |= {DOMAIN.title} | {x for f in DOMAIN.forms for x in (f.title, f.description)}
    return ids


def catalog(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "support.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_every_label_used_is_in_the_english_catalog():
    used, english = used_ids(), catalog("en")
    assert len(used) > 100
    assert not sorted(used - set(english)), sorted(used - set(english))[:5]
    assert not sorted(set(english) - used), sorted(set(english) - used)[:5]


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_translations_keep_their_placeholders(lang):
    for msgid, text in catalog(lang).items():
        assert text and text != msgid or msgid in ("No.",) and lang == "ru" and text == "№"
        assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", text)), msgid


def test_a_label_in_each_language():
    assert t("Overdue tasks", "ru", "support") == "Просроченные задачи"
    assert t("Due within {n} days", "zh", "support", n=14) == "14天内到期"
    assert DOMAIN.title_in("ru") == "«500+»: поддержка школ с низкими результатами"
