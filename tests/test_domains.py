"""The domain seam: a domain found through the entry-point registry shows up everywhere.

A small domain is written as its own package in a temporary folder, with an
``evalnb.domains`` entry point in its distribution metadata, exactly as an
installed package would declare it; nothing outside that folder is edited.
"""

from __future__ import annotations

import sys

import pytest

from evalnb import cli
from evalnb.core import domain as domains
from evalnb.core import schemas
from evalnb.errors import DomainError, UnknownNameError

DEMO_PACKAGE = '''
"""A small domain written by a test: school visits by inspectors."""
from dataclasses import dataclass

import pandas as pd

from evalnb.core import forms as F
from evalnb.core.domain import Domain, FormSpec, ReportNotebook
from evalnb.core.rules import Rules, rule
from evalnb.core.schemas import Field, TableSpec, register


@dataclass(frozen=True)
class VisitRules(Rules):
    domain = "visits"
    min_visits: int = rule(2, "evalnb's reading: two visits a year, as the test says")


VISITS = register(TableSpec(
    "inspector_visits",
    (Field("school_id", required=True, ref=("schools", "school_id")),
     Field("visits", "int", required=True, min=0)),
    key=("school_id",), source="the test's own contract", school_link=("school_id",)))


class VisitsForm:
    """How many times an inspector came to a school."""

    def __init__(self, store, school_id, lang="en", user=None):
        self.store, self.school_id, self.user = store, school_id, user
        self.form = F.Form("Visits", [F.number("visits", "Visits", required=True, min=0)],
                           self._save, lang)
        self.widget = self.form.widget

    def _save(self, values):
        self.store.save_rows("inspector_visits", pd.DataFrame(
            [{"school_id": self.school_id, "visits": values["visits"]}]), user=self.user)


def sample(ctx):
    schools = ctx.tables["schools"]
    ids = schools["school_id"].iloc[:3]
    return {"inspector_visits": pd.DataFrame(
        {"school_id": ids.to_numpy(), "visits": ctx.rng.integers(0, 5, len(ids))})}


DOMAIN = Domain(
    name="visits", title="Inspector visits", rules=VisitRules, tables=(VISITS,),
    reports=(ReportNotebook("{notebook}"),),
    forms=(FormSpec("inspector_visits", "evalnb_visits_domain:VisitsForm", "Inspector visits",
                    "How many times an inspector came.", pick=("school",)),),
    sample=sample, requires=("assessment",))
'''


@pytest.fixture
def visits_domain(tmp_path, monkeypatch):
    """The package ``evalnb_visits_domain`` and its entry point, on ``sys.path``."""
    site = tmp_path / "site"
    pkg = site / "evalnb_visits_domain"
    pkg.mkdir(parents=True)
    notebook = tmp_path / "visits_report.ipynb"
    notebook.write_text('{"cells": [], "metadata": {"evalnb": {"key": "school_id"}}, '
                        '"nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    (pkg / "__init__.py").write_text(DEMO_PACKAGE.replace("{notebook}", str(notebook)),
                                     encoding="utf-8")
    dist = site / "evalnb_visits_domain-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: evalnb-visits-domain\n"
                                   "Version: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[evalnb.domains]\nvisits = evalnb_visits_domain:DOMAIN\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    domains.load_entry_points(again=True)
    yield notebook
    domains.unregister("visits")
    sys.modules.pop("evalnb_visits_domain", None)
    assert "inspector_visits" not in schemas._TABLES


def test_the_registry_finds_the_domain_by_its_entry_point(visits_domain, capsys):
    assert "visits" in domains.names()
    assert domains.names().index("visits") > domains.names().index("assessment")  # requires
    assert cli.main(["domains"]) == 0
    out = capsys.readouterr().out
    assert "visits: Inspector visits" in out and "inspector_visits" in out


def test_evalnb_rules_lists_its_rules(visits_domain, capsys):
    assert cli.main(["rules", "visits"]) == 0
    out = capsys.readouterr().out
    assert "min_visits = 2" in out and "evalnb's reading: two visits a year" in out


def test_evalnb_tables_documents_its_table(visits_domain, capsys):
    assert cli.main(["tables"]) == 0
    out = capsys.readouterr().out
    assert "## inspector_visits" in out and "| visits | int |" in out


def test_evalnb_notebooks_lists_its_report(visits_domain, capsys):
    assert cli.main(["notebooks", "--paths"]) == 0
    assert str(visits_domain) in capsys.readouterr().out.splitlines()


def test_evalnb_sample_writes_its_part(visits_domain, tmp_path, capsys):
    out = tmp_path / "sample"
    assert cli.main(["sample", "--out", str(out)]) == 0
    lines = (out / "inspector_visits.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "school_id,visits" and len(lines) == 4
    schools = (out / "schools.csv").read_text(encoding="utf-8")
    assert all(line.split(",")[0] in schools for line in lines[1:])


def test_the_start_page_of_the_served_forms_offers_its_form(visits_domain, tmp_path):
    from evalnb.serve import registry
    from evalnb.serve.start import StartPage

    written = registry.write_notebooks(tmp_path / "forms")
    assert tmp_path / "forms" / "inspector_visits.ipynb" in written
    page = StartPage(lang="en", user="Anna", folder=tmp_path / "forms")
    assert 'data-form="inspector_visits"' in page.listing.value
    assert "<h3>Inspector visits</h3>" in page.listing.value


def test_its_form_saves_through_the_store(visits_domain, tmp_path):
    from evalnb.core.store import Store

    store = Store(f"sqlite:///{tmp_path / 'v.sqlite'}")
    store.save_rows("schools", __import__("pandas").DataFrame(
        [{"school_id": "S1", "name": "School 1", "municipality": "M", "kind": "general"}]))
    form = domains.form("inspector_visits").load()(store, "S1", user="Anna")
    form.form.fields["visits"].widget.value = "3"
    assert form.form.submit()
    assert store.read("inspector_visits")["visits"].tolist() == [3]


def test_unknown_and_duplicate_domains_are_named():
    with pytest.raises(UnknownNameError, match="unknown domain 'nope'; available: .*training"):
        domains.get("nope")
    with pytest.raises(DomainError, match="registered twice"):
        domains.register(domains.Domain(name="training", title="Another training"))


def test_every_domain_title_and_form_is_in_its_catalog():
    from evalnb.core.i18n import LOCALE_DIR

    for d in domains.all_domains():
        english = (LOCALE_DIR / "en" / f"{d.catalog}.po").read_text(encoding="utf-8")
        for msgid in [d.title] + [x for f in d.forms for x in (f.title, f.description)]:
            assert f'msgid "{msgid}"' in english, (d.name, msgid)
