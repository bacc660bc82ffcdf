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

PALETTE = ["#2f6690", "#d9822b", "#3a7d44", "#c0392b", "#7d5ba6", "#8c6d46", "#4d9de0", "#7f8c8d"]
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


def percent_axis(ax, axis: str = "y", lang: str = "en") -> None:
    """Show a [0, 1] axis as percentages in the locale's notation."""
    from matplotlib.ticker import FuncFormatter

    from .i18n import fmt_percent

    fmt = FuncFormatter(lambda v, _pos: fmt_percent(v, lang, digits=0))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def figure(*args, **kwargs):
    """``plt.subplots`` under the evalnb style."""
    import matplotlib.pyplot as plt

    use_style()
    return plt.subplots(*args, **kwargs)
