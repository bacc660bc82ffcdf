import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from evalnb.core import charts  # noqa: E402


def test_chart_with_chinese_and_russian_labels_renders_without_missing_glyphs(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" is a UserWarning
        fig, ax = charts.figure()
        ax.bar(["达成", "基本达成", "Качество знаний"], [3, 2, 1])
        ax.set_title("诊改 — качество знаний (СОУ)")
        charts.percent_axis(ax, "y", "ru")
        fig.savefig(tmp_path / "chart.png")
        plt.close(fig)
    assert (tmp_path / "chart.png").stat().st_size > 5000
    assert charts.cjk_font() == "Noto Sans CJK SC"
    assert matplotlib.rcParams["font.sans-serif"][:2] == ["DejaVu Sans", "Noto Sans CJK SC"]


def test_missing_cjk_font_gives_one_clear_warning(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    monkeypatch.setattr(charts, "_warned", False)
    with pytest.warns(charts.MissingFontWarning, match="apt-get install fonts-noto-cjk"):
        charts.use_style()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        charts.use_style()  # once only
