"""After-school growth communities (校外成长共同体), teachers' growth and school alliances."""

from .checks import check_groups
from .grouping import Grouping, form_groups
from .rules import CommunityRules, load_rules
from .tables import TABLES

RULES = CommunityRules

__all__ = ["CommunityRules", "Grouping", "RULES", "TABLES", "check_groups", "form_groups",
           "load_rules"]
