"""The Gantt chart of a roadmap: one bar per date range, coloured by the task's state."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

from ..core.charts import figure
from ..core.i18n import fmt_date, translator
from .labels import STATE_COLOURS, STATE_LABELS, labels


_MIN_DAYS = 5  # the narrowest bar drawn, in days (one day of 13 months is a hairline)


def gantt(ranges: pd.DataFrame, status: pd.DataFrame, as_of, *, lang: str = "en",
          title: str | None = None):
    """Draw the roadmap: tasks down, dates across, each range a bar in its task's colour.

    Parameters
    ----------
    ranges : :func:`~evalnb.support.roadmap_ranges` of the roadmap.
    status : :func:`~evalnb.support.roadmap_status` at ``as_of`` (``task_no``, ``state``).
    as_of : the date of the view, drawn as a vertical line.
    lang : the language of the legend and the dates.

    Returns
    -------
    matplotlib Figure.  A deadline with no start («до 30.03.2022») is a diamond
    on its day; a task with no dates is listed with no bar.
    """
    _ = translator(lang, "support")
    day = pd.Timestamp(as_of).normalize()
    state = status.set_index("task_no")["state"]
    tasks = sorted(state.index)
    pos = {t: i for i, t in enumerate(tasks)}
    height = max(2.6, 0.17 * len(tasks) + 1.4)
    fig, ax = figure(figsize=(7.2, height))
    names = labels(STATE_LABELS, lang)
    one_day = pd.Timedelta(days=1)
    for row in ranges.itertuples(index=False):
        if row.task_no not in pos:
            continue
        colour = STATE_COLOURS[state[row.task_no]]
        y = pos[row.task_no]
        if pd.isna(row.start) and pd.notna(row.end):
            ax.plot([row.end + one_day / 2], [y], marker="D", color=colour, markersize=5, zorder=3)
        elif pd.notna(row.start):
            end = row.end if pd.notna(row.end) else max(day, row.start)
            days = (end + one_day - row.start).days
            left = row.start - pd.Timedelta(days=max(0, _MIN_DAYS - days) / 2)
            # a range of a few days gets a visible width, centred on its days
            ax.barh(y, max(days, _MIN_DAYS), left=left, height=0.62, color=colour,
                    edgecolor="white", linewidth=0.4, zorder=2)
    ax.axvline(day, color="#222222", linewidth=1.1, linestyle="--", zorder=4)
    ax.annotate(fmt_date(day, lang), xy=(day, -0.9), ha="center", va="bottom", fontsize=8,
                annotation_clip=False)
    ax.set_yticks(range(len(tasks)))
    ax.set_yticklabels([str(t) for t in tasks], fontsize=7)
    ax.set_ylim(len(tasks) - 0.4, -1.2)
    ax.set_ylabel(_("Task"))
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m.%y" if lang == "ru" else "%Y-%m"))
    for label in ax.get_xticklabels():
        label.set_rotation(90)
        label.set_fontsize(7)
    present = [s for s in STATE_COLOURS if (state == s).any()]
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=STATE_COLOURS[s], label=names[s]) for s in present],
              loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(4, len(present) or 1),
              fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return fig


__all__ = ["gantt"]
