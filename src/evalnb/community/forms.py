"""Forms of the growth communities: the roster survey, the activity record, the grouping editor.

Built on :mod:`evalnb.core.forms`: every label in the user's language, checks
before saving, one transaction per save with the user in the audit.  The
grouping editor re-checks the grouping (:func:`evaluate_grouping`) whenever a
teacher moves a pupil or changes a leader.
"""

from __future__ import annotations

import datetime as _dt
import html

import ipywidgets as w
import pandas as pd

from ..core import forms as F
from ..core.tables import html_table
from ..errors import InputError
from ._inputs import students_frame
from .grouping import evaluate_grouping, form_groups
from .report._common import kind_labels, rule_labels
from .rules import ACTIVITY_KINDS, CommunityRules

ROSTER_FIELDS = ("student_id", "grade", "class_label", "name", "gender", "village", "address", "guardian",
                 "family_status", "ability", "host_available", "leader_candidate", "volunteer", "friends",
                 "avoid")


def _short(group_id: str) -> str:
    parts = str(group_id).split("/")
    return " ".join(parts[1:]) if len(parts) >= 3 else str(group_id)


class RosterForm(F.DomainForm):
    """The roster survey (调查摸底): one pupil's class, address, guardian, family and wishes."""

    domain = "community"

    def __init__(self, store, school_id: str, lang: str | None = None, user: str | None = None,
                 rules=None):
        super().__init__(store, school_id, lang=lang, user=user, rules=rules)
        _ = self._
        self.roster = store.read("community_students", school_id=school_id)
        self.form = F.Form(_("Roster survey"), [
            F.text("student_id", _("Pupil ID"), required=True),
            F.number("grade", _("Grade"), required=True, min=1, max=12, integer=True),
            F.text("class_label", _("Class")),
            F.text("name", _("Name"), required=True),
            F.choice("gender", _("Gender"), [(_("boy"), "m"), (_("girl"), "f")], value="m"),
            F.text("village", _("Village or community"), required=True),
            F.text("address", _("Home address")),
            F.text("guardian", _("Guardian")),
            F.text("family_status", _("Family situation")),
            F.number("ability", _("Ability (1–5)"), min=1, max=5, integer=True),
            F.flag("host_available", _("A parent is at home to host the group")),
            F.flag("leader_candidate", _("Could lead a group")),
            F.flag("volunteer", _("Takes part (voluntary)"), value=True),
            F.text("friends", _("Friends (pupil IDs, separated by ;)")),
            F.text("avoid", _("Keep apart from (pupil IDs, separated by ;)")),
        ], self._save, self.lang)
        self.widget = self.form.widget

    def _save(self, values: dict) -> str:
        row = {k: values.get(k) for k in ROSTER_FIELDS}
        row["school_id"] = self.school_id
        new = pd.DataFrame([row])
        others = self.roster[self.roster["student_id"] != row["student_id"]]
        # friends and avoid lists name pupils of the roster: check them with the whole roster
        students_frame(pd.concat([others.astype(object), new.astype(object)], ignore_index=True))
        self.store.save_rows("community_students", new, user=self.user)
        self.roster = self.store.read("community_students", school_id=self.school_id)
        return self._("Saved {name} at {time}.").format(name=row["name"],
                                                        time=_dt.datetime.now().strftime("%H:%M"))


class ActivityForm(F.DomainForm):
    """One activity of a group: date, kind, title, the pupils present and the parents on duty."""

    domain = "community"

    def __init__(self, store, school_id: str, lang: str | None = None, user: str | None = None,
                 rules=None):
        super().__init__(store, school_id, lang=lang, user=user, rules=rules)
        _ = self._
        self.members = store.read("community_members", school_id=school_id)
        self.students = store.read("community_students", school_id=school_id).set_index("student_id")
        groups = sorted(self.members["group_id"].unique())
        kinds = kind_labels(_)
        self.present = w.VBox([])
        self.duty = w.VBox([])
        self.form = F.Form(_("Activity record"), [
            F.choice("group_id", _("Group"), [(_short(g), g) for g in groups],
                     value=groups[0] if groups else None, required=True),
            F.date("date", _("Date"), required=True),
            F.choice("kind", _("Kind"), [(kinds[k], k) for k in ACTIVITY_KINDS], value="intellectual"),
            F.text("subtype", _("Theme (e.g. safety education)")),
            F.text("title", _("Activity"), required=True),
            F.number("hours", _("Hours"), min=0),
            F.text("place", _("Place")),
            F.text("recorded_by", _("Recorded by")),
            F.text("notes", _("Notes")),
        ], self._save, self.lang, extra=[w.HTML(f"<b>{html.escape(_('Pupils present'))}</b>"), self.present,
                                    w.HTML(f"<b>{html.escape(_('Parents on duty'))}</b>"), self.duty])
        self.form.fields["group_id"].widget.observe(lambda _c: self._members(), names="value")
        self._members()
        self.widget = self.form.widget

    def _members(self) -> None:
        gid = self.form.fields["group_id"].widget.value
        ids = sorted(self.members.loc[self.members["group_id"] == gid, "student_id"])
        self.present.children = [w.Checkbox(value=True, description=str(self.students.at[s, "name"]),
                                            indent=False) for s in ids]
        self._present_ids = ids
        guardians = sorted({g for g in self.students.loc[ids, "guardian"] if isinstance(g, str) and g})
        self.duty.children = [w.Checkbox(value=False, description=g, indent=False) for g in guardians]

    def _save(self, values: dict) -> str:
        gid = values["group_id"]
        present = [s for s, box in zip(self._present_ids, self.present.children) if box.value]
        duty = [box.description for box in self.duty.children if box.value]
        day = pd.Timestamp(values["date"])
        done = self.store.read("community_activities", where={"group_id": gid})
        aid = f"{gid}/{day:%Y%m%d}-{len(done) + 1}"
        row = {"activity_id": aid, "group_id": gid, "date": day.date().isoformat(), "kind": values["kind"],
               "subtype": values.get("subtype"), "title": values["title"], "hours": values.get("hours"),
               "place": values.get("place"), "present": ";".join(present), "duty_parents": ";".join(duty),
               "recorded_by": values.get("recorded_by"), "notes": values.get("notes")}
        self.store.save_rows("community_activities", pd.DataFrame([row]), user=self.user)
        warn = "" if duty else " " + self._("No parent on duty was ticked.")
        return self._("Activity saved.") + warn


class GroupingEditor(F.DomainForm):
    """The school's grouping, pupil by pupil: move a pupil, choose a leader, see the rules at once.

    Starts from the saved grouping, or from the one :func:`form_groups`
    proposes when the school has none.  :meth:`move` and :meth:`set_leader` do
    what the dropdowns and tick boxes do.
    """

    domain = "community"

    def __init__(self, store, school_id: str, lang: str | None = None, user: str | None = None,
                 rules=None):
        super().__init__(store, school_id, lang=lang, user=user, rules=rules)
        self.rules = CommunityRules.load(rules if self.rules is None else self.rules)
        _ = self._
        self.students = store.read("community_students", school_id=school_id)
        members = store.read("community_members", school_id=school_id)
        self.proposed = members.empty
        if self.proposed:
            members = form_groups(self.students, self.rules).members
        self.groups = sorted(members["group_id"].unique())
        names = self.students.set_index("student_id")["name"]
        options = [(_short(g), g) for g in self.groups]
        self.choice: dict[str, w.Dropdown] = {}
        self.leader: dict[str, w.Checkbox] = {}
        rows = [w.HTML(f"<b>{html.escape(t)}</b>") for t in (_("Pupil"), _("Group"), _("Student leader"))]
        for r in members.sort_values(["group_id", "student_id"]).itertuples(index=False):
            dd = w.Dropdown(options=options, value=r.group_id, layout=w.Layout(width="12em"))
            cb = w.Checkbox(value=r.role == "leader", indent=False)
            dd.observe(lambda _c: self.recheck(), names="value")
            cb.observe(lambda _c: self.recheck(), names="value")
            self.choice[r.student_id], self.leader[r.student_id] = dd, cb
            rows += [w.HTML(html.escape(str(names.get(r.student_id, r.student_id)))), dd, cb]
        grid = w.GridBox(rows, layout=w.Layout(grid_template_columns="auto auto auto", grid_gap="2px 12px"))
        self.result = w.HTML("")
        self.status = w.HTML("")
        self.button = w.Button(description=_("Save the grouping"), button_style="primary", icon="save")
        self.button.on_click(lambda _b: self.save())
        head = _("Proposed grouping: not saved yet.") if self.proposed else _("Saved grouping.")
        self.widget = w.VBox([w.HTML(f"<h3>{html.escape(_('Grouping editor'))}</h3><p>{html.escape(head)}</p>"),
                              grid, self.result, w.HBox([self.button, self.status])])
        self.grouping = None
        self.recheck()

    def submit(self) -> bool:
        """What the Save button does."""
        return self.save()

    def members(self) -> pd.DataFrame:
        """The grouping as the widgets hold it (``community_members`` rows)."""
        return pd.DataFrame([{"group_id": self.choice[s].value, "student_id": s,
                              "role": "leader" if self.leader[s].value else "member"} for s in self.choice])

    def move(self, student_id: str, group_id: str) -> None:
        self.choice[student_id].value = group_id

    def set_leader(self, student_id: str, leader: bool = True) -> None:
        self.leader[student_id].value = leader

    def recheck(self):
        """Re-check the grouping now; shows the groups' flags and every rule not met."""
        _ = self._
        self.grouping = evaluate_grouping(self.students, self.members(), self.rules)
        g = self.grouping.groups
        labels = rule_labels(_)
        flags = [c for c in g.columns if c.endswith("_ok")]
        table = html_table(pd.DataFrame({"group": g["group_id"].map(_short), "size": g["size"],
                                         "households": g["households"], "ok": g[flags].all(axis=1)}),
                           self.lang, labels={"group": _("Group"), "size": _("Pupils"),
                                              "households": _("Households"), "ok": _("Rules met")})
        unmet = self.grouping.unmet
        items = "".join(f"<li>{html.escape(_short(r.id) if r.scope == 'group' else r.students)}: "
                        f"{html.escape(labels.get(r.rule, r.rule))}</li>" for r in unmet.itertuples())
        self.result.value = str(table) + (f"<ul>{items}</ul>" if items else
                                          f"<p>{html.escape(_('Every rule is met.'))}</p>")
        return self.grouping

    def save(self) -> bool:
        """Save the groups and their members in one transaction; a group needs one leader."""
        _ = self._
        g = self.recheck().groups
        bad = g[~g["leader_ok"] | ~g["unit_ok"]]
        if not bad.empty:
            self.status.value = F._html_line(_("Not saved: every group needs exactly one student leader "
                                               "and pupils of one village.") + " "
                                             + ", ".join(map(_short, bad["group_id"])), F.ERROR_STYLE)
            return False
        groups = g[["group_id", "school_id", "village", "student_leader", "parent_leader", "host"]]
        try:
            self.store.save_tables({"community_groups": groups, "community_members": self.members()},
                                   user=self.user)
        except InputError as exc:
            self.status.value = F._html_line(_("Not saved:") + " " + str(exc), F.ERROR_STYLE)
            return False
        self.proposed = False
        self.status.value = F._html_line(_("Grouping saved."), F.OK_STYLE)
        return True
