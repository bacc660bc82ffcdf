"""The sample plans carry exactly the faults they were built with; the sample Положения too."""

from __future__ import annotations

import numpy as np
import pytest

from evalnb.control_plan import DOMAIN, check_document, check_plan, library, load
from evalnb.control_plan.sample import DOCUMENTS, FILE_NAMES, document_bytes
from evalnb.core.domain import SampleContext
from evalnb_testing import SAMPLE


@pytest.fixture(scope="module")
def tables():
    from evalnb.sample import generate

    return generate(0)


@pytest.fixture(scope="module")
def part(tables):
    return DOMAIN.make_sample(SampleContext(seed=0, rng=np.random.default_rng(1), tables=tables))


def test_sample_is_deterministic_and_covers_every_school_of_the_district(tables, part):
    again = DOMAIN.make_sample(SampleContext(seed=0, rng=np.random.default_rng(1), tables=tables))
    assert again["control_plan"].equals(part["control_plan"])
    schools = tables["schools"]
    district = schools.loc[(schools["language"] == "ru")
                           & schools["school_id"].isin(tables["students"]["school_id"]), "school_id"]
    assert set(part["control_plan"]["school_id"]) == set(district) and len(district) == 20
    assert part["control_library"]["library_id"].tolist() == library()["library_id"].tolist()


def test_the_planted_faults_and_only_those(part):
    f = check_plan(part["control_plan"])
    got = sorted(set(zip(f["school_id"], f["check"])))
    assert got == [
        ("RU004", "month_gap"), ("RU006", "overload"), ("RU007", "method_mismatch"),
        ("RU008", "direction_missing"), ("RU009", "incomplete"), ("RU010", "duplicate"),
        ("RU011", "no_staff_focus"), ("RU012", "method_mismatch"), ("RU012", "month_gap"),
        ("RU014", "month_gap"), ("RU014", "overload")]
    by = {(s, c): v for s, c, v in zip(f["school_id"], f["check"], f["value"])}
    assert by[("RU004", "month_gap")] == "1" and by[("RU012", "month_gap")] == "3"
    assert by[("RU008", "direction_missing")] == "results/personal"
    assert by[("RU006", "overload")].endswith("/12: 5") and by[("RU014", "overload")].endswith("/10: 5")
    assert by[("RU011", "no_staff_focus")] == "2"
    assert (f["school_id"] == "RU009").sum() == 2


def test_load_of_a_clean_school_stays_within_the_limit(part):
    g = load(part["control_plan"])
    clean = g[~g["school_id"].isin(["RU006", "RU014"])]
    assert clean["items"].max() <= 4


EXPECTED = {
    "RU004": ["foreign_name", "placeholder", "educational_process", "uvp_participants", "placeholder",
              "uchashchiesya", "stupen", "foreign_name", "placeholder"],
    "RU008": ["fz134", "fz131", "law3266", "edu_institution"],
    "RU016": ["first_person", "exclamation", "colloquial", "first_person", "uchashchiesya"],
}


@pytest.mark.parametrize("school_id", sorted(DOCUMENTS))
def test_sample_documents_have_their_known_faults(tables, school_id):
    name = tables["schools"].set_index("school_id").loc[school_id, "name"]
    raw = document_bytes(school_id)
    f = check_document(raw, school_name=name)
    assert f["code"].tolist() == EXPECTED[school_id]
    assert raw == document_bytes(school_id)                       # byte-stable
    committed = SAMPLE / "documents" / FILE_NAMES[school_id]
    assert committed.read_bytes() == raw


def test_the_traps_of_the_style_document_are_not_flagged():
    f = check_document(document_bytes("RU016"), school_name="МБОУ СОШ № 16")
    text = " ".join(f["quote"])
    assert "273" not in text and "обучающ" not in text and "учреждени" not in text
    assert f.loc[f["code"] == "uchashchiesya", "section"].tolist() == ["Организация контроля"]
