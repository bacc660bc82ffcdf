"""One chart style for every report, with fonts that render Chinese and Cyrillic.

Matplotlib picks a font per text, not per glyph, unless ``font.family`` is
an explicit list: ``["DejaVu Sans", "Noto Sans CJK SC"]`` draws Latin and
Cyrillic with DejaVu Sans and falls back to Noto Sans CJK SC for Chinese,
glyph by glyph (matplotlib ≥ 3.6; a generic family such as ``sans-serif``
resolves to one font only and draws empty boxes).  When no CJK font is installed
:func:`use_style` warns once, clearly, instead of drawing empty boxes.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import matplotlib

#: The colours of categories (series, subjects, schools), in order.  No red and no green:
#: those mean something (see :data:`COLORS`), so a category never borrows them.
PALETTE = ["#2f6690", "#d9822b", "#7d5ba6", "#8c6d46", "#4d9de0", "#7f8c8d", "#b5a300", "#1b998b"]

#: The colour vocabulary of every report: one meaning per colour, the same in every chart.
COLORS = {
    "bad": "#c0392b",        # worse, lowered, failed, at risk, sanctioned: red, and only this
    "good": "#3a7d44",       # better, confirmed, passed, met, commended: green, and only this
    "neutral": "#2f6690",    # raised / unchanged / the measure itself
    "subject": "#2f6690",    # the school, unit or person the report is about
    "others": "#b8c4ce",     # the others it is compared with
    "reference": "#57606a",  # reference lines (median, threshold, 50 %)
    "missing": "#d0d7de",    # no data
}


def color(role: str) -> str:
    """The colour of a meaning in :data:`COLORS` (``bad``, ``good``, ``subject`` …).

    Examples
    --------
    >>> color("bad")
    '#c0392b'
    """
    try:
        return COLORS[role]
    except KeyError:
        from ..errors import UnknownNameError

        raise UnknownNameError("chart colour role", role, tuple(COLORS)) from None
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
LATIN_FONT = "DejaVu Sans"


class MissingFontWarning(UserWarning):
    """No font for Chinese characters is installed (charts would show empty boxes)."""


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The first installed font of :data:`CJK_FONTS`, or ``None``."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    return None


def font_stack() -> list[str]:
    cjk = cjk_font()
    return [LATIN_FONT] + ([cjk] if cjk else [])


def rc() -> dict:
    """The rcParams of the evalnb style."""
    return {
        # an explicit list (not the generic "sans-serif") turns on glyph-by-glyph fallback
        "font.family": font_stack(),
        "font.sans-serif": font_stack() + ["sans-serif"],
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.unicode_minus": False,
        "figure.figsize": (7.5, 3.6),
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "legend.frameon": False,
        "figure.constrained_layout.use": True,
    }


_warned = False


def use_style() -> None:
    """Apply the evalnb style to matplotlib (call once at the top of a report)."""
    global _warned
    matplotlib.rcParams.update(rc())
    if cjk_font() is None and not _warned:
        _warned = True
        warnings.warn(
            "no Chinese font found (tried: " + ", ".join(CJK_FONTS) + "); Chinese labels "
            "would be empty boxes. Install one: apt-get install fonts-noto-cjk",
            MissingFontWarning, stacklevel=2)


def tick_digits(values, scale: float = 100.0, most: int = 3) -> int:
    """The fewest decimals (0…``most``) that show every tick exactly (so labels never repeat
    and never mislead); if none does, the fewest that keep the labels distinct.

    Examples
    --------
    >>> tick_digits([0.94, 0.945, 0.95])
    1
    >>> tick_digits([0.0, 0.5, 1.0])
    0
    """
    vals = sorted({round(float(v), 12) for v in values})
    for d in range(most + 1):
        if all(abs(v * scale - round(v * scale, d)) < 1e-6 for v in vals):
            return d
    for d in range(most + 1):
        labels = {round(v * scale, d) for v in vals}
        if len(labels) == len(vals):
            return d
    return most


def _percent_formatter(lang: str):
    from matplotlib.ticker import Formatter

    from .i18n import fmt_percent

    class PercentFormatter(Formatter):
        """Percent tick labels with just enough decimals never to repeat a label."""

        digits = 0

        def format_ticks(self, values):
            self.digits = tick_digits(values)
            return [fmt_percent(v, lang, digits=self.digits) for v in values]

        def __call__(self, x, pos=None):
            return fmt_percent(x, lang, digits=self.digits)

    return PercentFormatter()


def percent_axis(ax, axis: str = "y", lang: str = "en") -> None:
    """Show a [0, 1] axis as percentages in the locale's notation.

    Ticks fall on round shares (at most 6 of them) and carry the fewest
    decimals that keep every label distinct (``94 %, 95 %`` or ``94,5 %,
    95,0 %``, never ``95 %, 95 %``).
    """
    from matplotlib.ticker import MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(_percent_formatter(lang))


def count_axis(ax, axis: str = "y") -> None:
    """Whole-number ticks for an axis of counts (no ``0.5`` trainee)."""
    from matplotlib.ticker import MaxNLocator

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_locator(
        MaxNLocator(nbins=6, integer=True, min_n_ticks=1))


def legend_outside(ax, *, where: str = "below", ncols: int | None = None, **kwargs):
    """The legend of ``ax`` under the plot (or right of it), never over the data or the title.

    Every labelled artist is listed, reference lines included (give them a
    ``label``).  Returns the legend, or None when nothing is labelled.
    """
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    fig = ax.figure
    if where == "right":
        return fig.legend(handles, labels, loc="outside right upper", **kwargs)
    n = ncols or min(len(labels), 4)
    return fig.legend(handles, labels, loc="outside lower center", ncols=n, **kwargs)


def bar_count(data) -> int:
    """How many bars (or bar groups) a chart of ``data`` would draw: categories with a value.

    ``data``: a Series (one bar per non-missing value), a DataFrame (one group
    per row with any value) or a sequence.
    """
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return int(data.notna().any(axis=1).sum())
    if isinstance(data, pd.Series):
        return int(data.notna().sum())
    return sum(1 for v in data if v is not None and not (isinstance(v, float) and v != v))


def single_bar(data) -> bool:
    """True when a bar chart of ``data`` would have one bar or none: write a sentence instead.

    Examples
    --------
    >>> import pandas as pd
    >>> single_bar(pd.Series({"Summer Institute": 12}))
    True
    >>> single_bar(pd.Series({"A": 3, "B": 4}))
    False
    """
    return bar_count(data) <= 1


def figure(*args, **kwargs):
    """``plt.subplots`` under the evalnb style."""
    import matplotlib.pyplot as plt

    use_style()
    return plt.subplots(*args, **kwargs)
