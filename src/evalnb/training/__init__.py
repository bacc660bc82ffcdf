"""Teachers' continuing education (evalnb.training)."""
from .calc import assess, course_credits
from .rules import TrainingRules
