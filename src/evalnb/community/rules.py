"""The rules of after-school growth communities, teacher growth and school alliances.

Defaults follow five school plans: the Mobu Primary School plan for
after-school growth communities (墨埠小学 «校外成长共同体» 实施方案), the Lixin
No. 1 Middle School summary (里辛一中 总结), the Shaoyuan No. 2 Middle School
teacher-growth plan (邵原二中 教师专业成长共同体方案), the Yu County alliance plan
(盂县 共同体方案) and the Zhaoge Primary School alliance plan (赵戈小学 乡约自然教育联盟
实施方案).  Where two plans differ the default follows the first; the preset
``lixin`` gives the other (groups of 6 to 8).

Examples
--------
>>> CommunityRules.load({"min_size": 6}).min_size
6
>>> CommunityRules.preset("lixin").min_size
6
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from ..core.rules import Rules, rule

MOBU = "Mobu Primary School plan for after-school growth communities (墨埠小学)"
LIXIN = "Lixin No. 1 Middle School summary of its after-school growth communities (里辛一中)"
SHAOYUAN = "Shaoyuan No. 2 Middle School plan for teachers' growth communities (邵原二中)"
ZHAOGE = "Zhaoge Primary School alliance plan (赵戈小学 乡约自然教育联盟实施方案)"

ACTIVITY_KINDS = ("intellectual", "moral", "practice")
GROWTH_KINDS = ("book", "annotation", "reflection", "forum", "lesson_prep", "exam_paper",
                "contest", "blog", "resource")
EVENT_KINDS = ("monthly_meeting", "training_research", "class_meeting_observation", "outreach",
               "friendship", "mutual_aid", "showcase", "publicity_visit", "large_event")
_PER_TERM = {"training_research": 1, "class_meeting_observation": 1, "outreach": 1,
             "friendship": 1, "mutual_aid": 1, "showcase": 1, "publicity_visit": 1}


@dataclass(frozen=True)
class CommunityRules(Rules):
    """Group sizes, composition rules, teacher loads, exchange quotas and report dates."""

    domain: ClassVar[str] = "community"

    # --- forming the groups ----------------------------------------------------
    unit: tuple[str, ...] = rule(
        ("school_id", "village"),
        f"{MOBU}, part 2 and part 3 (3): groups are formed village by village «以村居为单位», «以村为单位»",
        "columns whose values make a unit; groups never cross units. The Lixin summary also "
        "splits by grade («以年级、村庄、社区为单位»): add 'grade', at the price of older with younger")
    volunteers_only: bool = rule(
        True, f"{MOBU}, part 2: voluntary participation «自愿参加»; {LIXIN}: «学生自愿报名»",
        "only students marked as volunteers are grouped")
    min_size: int = rule(
        4, f"{MOBU}, part 3 (3): each group has 4 to 8 students «学生4-8人»",
        "fewest students in a group")
    max_size: int = rule(
        8, f"{MOBU}, part 3 (3): each group has 4 to 8 students «学生4-8人»",
        "most students in a group; a unit of n students gets ⌈n / this⌉ groups")
    min_parents: int = rule(
        4, f"{MOBU}, part 3 (3): each group has 4 to 8 parents «家长4-8人»",
        "fewest households (distinct guardians) in a group")
    max_parents: int = rule(
        8, f"{MOBU}, part 3 (3): each group has 4 to 8 parents «家长4-8人»",
        "most households (distinct guardians) in a group")
    min_teachers_per_group: int = rule(
        1, f"{MOBU}, part 3 (3): 1 to 2 guiding teachers a group «指导教师1-2人»",
        "fewest guiding teachers of a group")
    max_teachers_per_group: int = rule(
        2, f"{MOBU}, part 3 (3): 1 to 2 guiding teachers a group «指导教师1-2人»",
        "most guiding teachers of a group")
    min_groups_per_teacher: int = rule(
        2, f"{LIXIN}: every teacher guides 2 to 3 groups nearby «每名任课教师就近选择2至3个共同体»",
        "fewest groups a teacher guides")
    max_groups_per_teacher: int = rule(
        3, f"{LIXIN}: every teacher guides 2 to 3 groups nearby «每名任课教师就近选择2至3个共同体»",
        "most groups a teacher guides")
    all_teachers: bool = rule(
        True, f"{LIXIN}: «每名任课教师» — every teacher takes groups",
        "every teacher of the school guides groups (off: only the teachers used count)")
    keep_friends: bool = rule(
        True, f"{MOBU}, part 2 and part 3 (3): students group freely «自由组合», «自由结合»",
        "friends are kept together where the other rules allow it")
    split_avoid: bool = rule(
        True, f"evalnb's reading of «教师集中调控» in the {LIXIN}: teachers separate pairs that "
        "should not be together", "pairs in the avoid lists are put in different groups")
    mix_grades: bool = rule(
        True, f"{LIXIN}: older with younger «以大带小»",
        "a group has at least two grades when its unit has")
    ability_mix: bool = rule(
        True, f"{LIXIN}: abilities mixed «能力搭配»",
        "a group's mean ability stays close to its unit's")
    ability_tolerance: float = rule(
        0.5, "evalnb's reading: the plans name no number for «能力搭配»; half a step of the 1–5 scale",
        "largest gap between a group's mean ability and its unit's")
    gender_balance: bool = rule(
        True, f"{LIXIN}: boys and girls balanced «男女平衡»", "girls in a group follow the unit's share")
    gender_tolerance: float = rule(
        1.0, "evalnb's reading: the plans name no number for «男女平衡»; one girl more or less",
        "largest gap between a group's girls and its size × the unit's share of girls")
    require_host: bool = rule(
        True, f"{LIXIN}: a family where at least one parent is at home is the place of study "
        "«选择至少能保证一名家长在家的家庭为学习活动地点»", "every group has a host household")
    keep_households: bool = rule(
        True, "evalnb's reading: siblings (children of one guardian) stay in one group",
        "students with the same guardian in one unit are grouped together")
    merge_small_units: bool = rule(
        False, "evalnb's reading: the plans do not say what a village with too few pupils does",
        "a unit smaller than min_size joins the nearest unit of its school (needs coordinates)")
    min_parents_present: int = rule(
        1, f"{MOBU}, part 3 (4), students' duties item 3: at least one parent accompanies every "
        "activity «均至少有1名家长全程陪同»", "duty parents an activity needs")

    # --- teachers' growth communities ------------------------------------------
    books_per_term: int = rule(
        1, f"{SHAOYUAN}, part 2 item 1: one educational book a term «每学期自己选择一本教育专著»",
        "books a teacher reads a term")
    weekly: tuple[str, ...] = rule(
        ("annotation", "exam_paper", "lesson_prep", "forum"),
        f"{SHAOYUAN}, part 2 items 1–3: weekly notes «每周完成…批注», a weekly exam paper "
        "«每周做一份中考试题», Thursday lesson preparation «星期四晚上…集体备课», the weekly forum "
        "«每周的例会和周二的学习时间»", "kinds of work a teacher records every week")
    weekly_min_share: float = rule(
        1.0, f"{SHAOYUAN}, part 2: «每周» — every week of the term", "share of the term's weeks with an entry")

    # --- school alliances ------------------------------------------------------------
    exchange_share_min: float = rule(
        0.03, f"{ZHAOGE}, part 3 (5): each school year exchanges reach 3 % of cadres and teachers "
        "«每学年安排交流的比例达到干部、教师总数的3%»", "share of staff exchanged a school year")
    backbone_share_min: float = rule(
        0.80, f"{ZHAOGE}, part 3 (5): backbone teachers reach 80 % of the exchanged teachers "
        "«骨干教师(优秀班主任)达到交流教师总数的80%»", "share of backbone teachers among those exchanged")
    min_cumulative_terms: int = rule(
        2, f"{ZHAOGE}, part 3 (5): exchanges last at least one school year in total "
        "«交流时间累计不少于一学年»; one school year read as two terms (evalnb's reading)",
        "terms a person's exchanges add up to")
    quota_scope: str = rule(
        "school", "evalnb's reading: the plan does not say whether 3 % holds per school or for the "
        "alliance", "'school' (each school) or 'alliance' (adds a row for the whole alliance)")
    backbone_base: str = rule(
        "teachers", "evalnb's reading of «交流教师总数»: the exchanged teachers, cadres aside",
        "'teachers' or 'all' (cadres count in the 80 % base)")
    report_months: tuple[int, ...] = rule(
        (6, 12), f"{ZHAOGE}, part 4 (3): self-inspection reports every June and December "
        "«每年6月、12月撰写自查报告»", "months whose last day a self-inspection report is due")
    monthly_meeting: bool = rule(
        True, f"{ZHAOGE}, part 3 (2): a meeting every month «每月一次例会制度»",
        "the alliance meets every month")
    per_term: dict[str, int] = rule(
        _PER_TERM, f"{ZHAOGE}, part 3 (3)–(4): one large training and research activity a term; the "
        "«五个一» — one class-meeting observation, one outreach, one friendship, one mutual aid, "
        "one showcase a term; part 3 (1): the core school visits every member school a term",
        "events of each kind an alliance holds a term (publicity_visit: per member school)")
    autumn_start: str = rule(
        "09-01", "evalnb's reading: the autumn term runs 1 September to 31 January",
        "first day of the autumn term (MM-DD)")
    spring_start: str = rule(
        "02-01", "evalnb's reading: the spring term runs 1 February to 31 August",
        "first day of the spring term (MM-DD)")

    def __post_init__(self):
        if not 1 <= self.min_size <= self.max_size:
            raise ValueError("min_size and max_size must satisfy 1 ≤ min_size ≤ max_size")
        if not 0 <= self.min_parents <= self.max_parents:
            raise ValueError("min_parents must not exceed max_parents")
        if not 0 <= self.min_teachers_per_group <= self.max_teachers_per_group:
            raise ValueError("min_teachers_per_group must not exceed max_teachers_per_group")
        if not 0 <= self.min_groups_per_teacher <= self.max_groups_per_teacher:
            raise ValueError("min_groups_per_teacher must not exceed max_groups_per_teacher")
        if "school_id" not in self.unit or not set(self.unit) <= {"school_id", "village", "grade"}:
            raise ValueError("unit must hold school_id and only school_id, village and grade")
        for name in ("exchange_share_min", "backbone_share_min", "weekly_min_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be a share between 0 and 1")
        for name in ("ability_tolerance", "gender_tolerance"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.quota_scope not in ("school", "alliance"):
            raise ValueError("quota_scope must be 'school' or 'alliance'")
        if self.backbone_base not in ("teachers", "all"):
            raise ValueError("backbone_base must be 'teachers' or 'all'")
        if any(m not in range(1, 13) for m in self.report_months):
            raise ValueError("report_months must be months 1 to 12")
        if sum(m <= 6 for m in self.report_months) > 1 or sum(m > 6 for m in self.report_months) > 1:
            raise ValueError("report_months: at most one month in each half-year")
        unknown = set(self.per_term) - set(EVENT_KINDS)
        if unknown:
            raise ValueError(f"per_term: unknown event kind(s) {sorted(unknown)}")
        unknown = set(self.weekly) - set(GROWTH_KINDS)
        if unknown:
            raise ValueError(f"weekly: unknown kind(s) {sorted(unknown)}")
        for name in ("autumn_start", "spring_start"):
            m, _, d = getattr(self, name).partition("-")
            if not (m.isdigit() and d.isdigit() and 1 <= int(m) <= 12 and 1 <= int(d) <= 28):
                raise ValueError(f"{name} must be MM-DD with a day from 1 to 28")

    @classmethod
    def preset(cls, name: str) -> "CommunityRules":
        """A named preset: ``lixin`` (groups of 6 to 8, the Lixin No. 1 Middle School summary)."""
        if name == "lixin":
            return replace(cls(), min_size=6, max_size=8)
        from ..errors import UnknownNameError

        raise UnknownNameError("community preset", name, ["lixin"])


def load_rules(rules=None) -> CommunityRules:
    """``CommunityRules.load(rules)``: defaults, a mapping, a YAML path or an instance."""
    return CommunityRules.load(rules)
