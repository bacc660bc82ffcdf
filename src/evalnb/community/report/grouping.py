"""A school's after-school growth communities (``school_grouping.ipynb``).

The stored grouping when the school has one (the grouping editor saves it),
otherwise the one :func:`~evalnb.community.form_groups` makes; the guiding
teachers likewise.  Tables and a chart by village; nothing is computed here
that the calculators do not compute.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.charts import figure
from ...core.tables import html_table
from ..grouping import Grouping, evaluate_grouping, form_groups
from ..teachers import TeacherAssignment, assign_teachers, check_assignment
from ._common import rule_labels, rules_of


@dataclass
class SchoolGrouping:
    students: pd.DataFrame
    teachers: pd.DataFrame
    grouping: Grouping
    assignment: TeacherAssignment
    stored: bool
    rules: object = None


def load(ctx, school_id: str) -> SchoolGrouping:
    store, rules = ctx.store, rules_of(ctx)
    students = store.read("community_students", school_id=school_id)
    teachers = store.read("community_teachers", school_id=school_id)
    members = store.read("community_members", school_id=school_id)
    stored = not members.empty
    grouping = evaluate_grouping(students, members, rules) if stored else form_groups(students, rules)
    pairs = store.read("community_group_teachers", school_id=school_id)
    if stored and not pairs.empty:
        assignment = check_assignment(grouping.groups, teachers, pairs, rules)
    else:
        assignment = assign_teachers(grouping.groups, teachers, rules)
    return SchoolGrouping(students, teachers, grouping, assignment, stored, rules)


def _short(group_id: str) -> str:
    """``CNC001/墨埠村/2`` → ``墨埠村 2``."""
    parts = str(group_id).split("/")
    return " ".join(parts[1:]) if len(parts) >= 3 else str(group_id)


def figures(sg: SchoolGrouping) -> dict:
    g = sg.grouping
    return {"students": int(len(g.members)), "groups": int(len(g.groups)),
            "villages": int(g.groups["village"].nunique()),
            "unmet_rules": int(len(g.unmet[g.unmet["rule"] != "friends"]) + len(sg.assignment.unmet)),
            "friends_kept": g.friends_kept, "friend_pairs": g.friend_pairs}


def narrative(sg: SchoolGrouping, _) -> list[str]:
    f = figures(sg)
    out = [_("{students} pupils in {groups} groups in {villages} villages.").format(**f)]
    out.append(_("The grouping was saved by the school.") if sg.stored
               else _("The grouping was proposed by the solver; the school has not saved one yet."))
    if f["friend_pairs"]:
        out.append(_("{kept} of {pairs} pairs of friends are in the same group.").format(
            kept=f["friends_kept"], pairs=f["friend_pairs"]))
    out.append(_("Every rule is met.") if f["unmet_rules"] == 0
               else _("{n} rules are not met: see the table below.").format(n=f["unmet_rules"]))
    return out


def groups_table(sg: SchoolGrouping, _, lang: str):
    g, st = sg.grouping, sg.students.set_index("student_id")
    tnames = sg.teachers.set_index("teacher_id")["name"]
    teach = sg.assignment.assignments.assign(name=lambda d: d["teacher_id"].map(tnames)) \
        .groupby("group_id")["name"].agg(lambda s: "、".join(s) if lang == "zh" else ", ".join(s))
    flags = [c for c in g.groups.columns if c.endswith("_ok")]
    t = pd.DataFrame({
        "group": g.groups["group_id"].map(_short),
        "size": g.groups["size"].astype("int64"),
        "gender": g.groups["boys"].astype(str) + " / " + g.groups["girls"].astype(str),
        "grades": g.groups["grades"].str.replace(";", ", "),
        "leader": g.groups["student_leader"].map(st["name"]),
        "host": g.groups["host"],
        "teachers": g.groups["group_id"].map(teach),
        "ok": g.groups[flags].all(axis=1) & ~g.groups["group_id"].isin(sg.assignment.unmet["id"]),
    })
    return html_table(t, lang, labels={
        "group": _("Group"), "size": _("Pupils"), "gender": _("Boys / girls"), "grades": _("Grades"),
        "leader": _("Student leader"), "host": _("Host and parent leader"),
        "teachers": _("Guiding teachers"), "ok": _("Rules met")}, formats={"ok": "bool"},
        highlight={"evalnb-warn": ~t["ok"]})


def members_table(sg: SchoolGrouping, _, lang: str):
    st = sg.students.set_index("student_id")
    m = sg.grouping.members.assign(name=lambda d: d["student_id"].map(st["name"]))
    m["name"] = m["name"].where(m["role"] != "leader", m["name"] + " ★")
    sep = "、" if lang == "zh" else ", "
    t = m.groupby("group_id", sort=False)["name"].agg(sep.join).reset_index()
    t["group_id"] = t["group_id"].map(_short)
    return html_table(t, lang, labels={"group_id": _("Group"), "name": _("Members (★ student leader)")})


def unmet_table(sg: SchoolGrouping, _, lang: str):
    """Every rule not met, with the pupils (or teachers) concerned; None when all are met."""
    labels = rule_labels(_)
    st = sg.students.set_index("student_id")["name"]
    tn = sg.teachers.set_index("teacher_id")["name"]
    g = sg.grouping.unmet
    sep = "、" if lang == "zh" else ", "
    rows = [(_short(r.id) if r.scope == "group" else "", labels.get(r.rule, r.rule),
             sep.join(st.get(s, s) for s in str(r.students).split(";")))
            for r in g.itertuples(index=False)]
    for r in sg.assignment.unmet.itertuples(index=False):
        rows.append((_short(r.id) if r.scope == "group" else "", labels.get(r.rule, r.rule),
                     tn.get(r.id, "") if r.scope == "teacher" else ""))
    if not rows:
        return None
    t = pd.DataFrame(rows, columns=["group", "rule", "who"])
    return html_table(t, lang, labels={"group": _("Group"), "rule": _("Rule not met"),
                                       "who": _("Pupils or teachers concerned")})


def village_chart(sg: SchoolGrouping, _):
    """Pupils' homes coloured by group, one panel; None without coordinates."""
    st = sg.students.merge(sg.grouping.members, on="student_id")
    st = st[st["x"].notna() & st["y"].notna()]
    if st.empty:
        return None
    fig, ax = figure(figsize=(7.0, 5.0))
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    for i, (gid, part) in enumerate(st.groupby("group_id", sort=True)):
        ax.scatter(part["x"], part["y"], s=28, color=cmap(i % 20), label=_short(gid))
        lead = part[part["role"] == "leader"]
        ax.scatter(lead["x"], lead["y"], s=90, marker="*", color=cmap(i % 20), edgecolor="black",
                   linewidth=0.5)
    for village, part in st.groupby("village"):
        ax.annotate(village, (part["x"].mean(), part["y"].max()), ha="center", va="bottom", fontsize=9)
    tx = sg.teachers.dropna(subset=["x", "y"])
    if not tx.empty:
        ax.scatter(tx["x"], tx["y"], marker="^", s=60, color="black", label=_("Guiding teacher"))
    ax.set_xlabel(_("metres (east)"))
    ax.set_ylabel(_("metres (north)"))
    ax.set_title(_("Pupils' homes by group (★ student leader)"))
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize=7, ncol=2, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    fig.subplots_adjust(left=0.1, right=0.68, bottom=0.1, top=0.92)
    return fig
