"""Translated labels of the support domain's codes (states, documents, levels, statuses)."""

from __future__ import annotations

from ..core.i18n import translator

DOMAIN = "support"

STATE_LABELS = {"done": "done", "cancelled": "cancelled", "undated": "no dates",
                "overdue": "overdue", "upcoming": "upcoming", "due_soon": "due soon",
                "in_window": "under way"}
STATUS_LABELS = {"not_started": "not started", "in_progress": "in progress", "done": "done",
                 "cancelled": "cancelled"}
MEASURE_STATUS_LABELS = {"planned": "planned", "in_progress": "in progress", "done": "done"}
DOC_LABELS = {"concept": "Development concept", "midterm_programme": "Medium-term development programme",
              "antirisk_programme": "Anti-risk programme"}
LEVEL_LABELS = {"high": "high", "medium": "medium", "low": "low"}
KIND_LABELS = {"dated": "dated", "on_request": "on request", "on_schedule": "by schedule",
               "continuous": "continuous", "unknown": "not dated"}

#: Colours of the task states in the Gantt chart (the evalnb palette).
STATE_COLOURS = {"done": "#3a7d44", "cancelled": "#7f8c8d", "undated": "#bbbbbb",
                 "overdue": "#c0392b", "upcoming": "#4d9de0", "due_soon": "#d9822b",
                 "in_window": "#2f6690"}
LEVEL_COLOURS = {"high": "#c0392b", "medium": "#d9822b", "low": "#3a7d44"}


def labels(mapping: dict[str, str], lang: str) -> dict[str, str]:
    """``mapping`` with its English labels translated into ``lang``."""
    _ = translator(lang, DOMAIN)
    return {k: _(v) for k, v in mapping.items()}


def factor_names(risk_factors, lang: str) -> dict[str, str]:
    """Factor code → its name in ``lang`` (the Russian name where the catalogue has none)."""
    if risk_factors is None or len(risk_factors) == 0:
        return {}
    col = {"ru": "name_ru", "en": "name_en", "zh": "name_zh"}[lang]
    names = risk_factors[col] if col in risk_factors else risk_factors["name_ru"]
    names = names.where(names.notna() & (names.astype("string").str.strip() != ""), risk_factors["name_ru"])
    return dict(zip(risk_factors["factor"], names))


__all__ = ["DOC_LABELS", "KIND_LABELS", "LEVEL_COLOURS", "LEVEL_LABELS", "MEASURE_STATUS_LABELS",
           "STATE_COLOURS", "STATE_LABELS", "STATUS_LABELS", "factor_names", "labels"]
