"""Every assessment rule names where its default comes from, in words a reader understands:
the order's item (or its appendix), or evalnb's reading with the reason."""

import dataclasses
import re

import pytest

from evalnb.assessment.rules import ORDER, AssessmentRules

FIELDS = [f.name for f in dataclasses.fields(AssessmentRules)]
REASON = re.compile(r"evalnb's reading:.*\b(because|sets no|sets none)\b", re.S)
CITES = re.compile(re.escape(ORDER) + r".*(item \d\.\d|appendix)", re.S)


@pytest.mark.parametrize("name", FIELDS)
def test_source_cites_an_item_or_gives_a_reading_with_its_reason(name):
    source = AssessmentRules().source_of(name)
    assert REASON.search(source) or CITES.search(source), source


@pytest.mark.parametrize("name", FIELDS)
def test_source_names_no_file_or_module(name):
    source = AssessmentRules().source_of(name)
    assert not re.search(r"DATA\.md|\.py\b|evalnb\.|seed|line \d", source), source


def test_a_reading_without_reason_fails_the_check():
    # the check itself can fail: a bare reading is neither a citation nor a reason
    assert not REASON.search("evalnb's reading: 10")
    assert not CITES.search(f"{ORDER}")
