import pandas as pd

from evalnb.core.tables import html_table


def test_cells_are_escaped_and_localised():
    frame = pd.DataFrame({"name": ["<script>alert(1)</script>"], "quality": [0.456], "n": [1234],
                          "date": [pd.Timestamp("2025-03-05")], "ok": [True]})
    out = str(html_table(frame, "ru", labels={"quality": "Качество <знаний>"}, formats={"quality": "percent"}))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "Качество &lt;знаний&gt;" in out
    assert "45,6\xa0%" in out and "1\xa0234" in out and "5 мар. 2025" in out and "✓" in out


def test_highlighted_rows_and_missing_values():
    frame = pd.DataFrame({"x": [1.0, None]})
    out = str(html_table(frame, "zh", highlight={"risk": pd.Series([False, True])}))
    assert out.count('class="risk"') == 1 and "—" in out


def test_a_nullable_flag_shows_yes_no_and_unknown():
    import pandas as pd

    from evalnb.core.tables import html_table

    out = str(html_table(pd.DataFrame({"flag": pd.array([True, None, False], dtype="boolean")}), "en"))
    cells = [c.split(">", 1)[1] for c in out.split("<td")[1:]]
    assert [c.split("<", 1)[0] for c in cells] == ["✓", "—", "✗"]
