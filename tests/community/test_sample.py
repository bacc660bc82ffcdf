"""The sample county: valid tables, deterministic, and the cases the reports show."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evalnb.community import (DOMAIN, activity_summary, assign_teachers, check_groups, exchange_quotas,
                              form_groups, growth_compliance)
from evalnb.community.sample import sample
from evalnb.core.domain import SampleContext
from evalnb.core.validate import ensure


def test_every_table_is_valid_and_registered(community_tables):
    names = {t.name for t in DOMAIN.tables}
    for name, frame in community_tables.items():
        if name != "schools":
            assert name in names
            ensure(frame.copy(), name)
    schools = community_tables["schools"]
    assert schools["school_id"].str.fullmatch(r"CNC\d{3}").all()
    assert set(schools["kind"]) == {"primary", "general"} and set(schools["language"]) == {"zh"}
    assert 4 <= len(community_tables["alliance_members"]) <= 6
    assert community_tables["staff_counts"]["year"].nunique() == 3


def test_same_stream_same_tables(community_tables):
    again = sample(SampleContext(seed=0, rng=np.random.default_rng(1), tables={}))
    for name, frame in community_tables.items():
        pd.testing.assert_frame_equal(frame, again[name])


def test_stored_grouping_is_form_groups_and_shows_the_hard_cases(community_tables):
    st = community_tables["community_students"]
    mem = community_tables["community_members"]
    assert st["name"].str.fullmatch(r"[\u4e00-\u9fff]{2,3}").all()
    g = form_groups(st, time_limit=1.0)
    pd.testing.assert_frame_equal(g.members, mem)
    flags = check_groups(st, mem).set_index("group_id")
    assert not flags.loc["CNC002/后洼村/1", "size_ok"]               # a hamlet of three pupils
    assert st.loc[st["school_id"] == "CNC004", "x"].isna().all()       # no coordinates there
    t = assign_teachers(g.groups, community_tables["community_teachers"])
    assert set(t.unmet["rule"]) == {"no_teacher"}                      # CNC006 has one teacher
    assert t.unmet["id"].str.startswith("CNC006/").all()


def test_activities_growth_and_quotas_have_both_outcomes(community_tables):
    s = activity_summary(community_tables["community_activities"], community_tables["community_members"],
                         "2024-09-01", "2025-01-31")
    assert {"no_parent", "no_record"} <= set(s.violations["rule"])
    g = growth_compliance(community_tables["growth_members"], community_tables["growth_log"],
                          "2024-09-01", "2025-01-31")
    assert g["meets"].any() and not g["meets"].all()
    q = exchange_quotas(community_tables["exchanges"], community_tables["staff_counts"],
                        community_tables["alliance_members"], "2024-2025").by_school
    assert q["share_ok"].any() and not q["share_ok"].all()
