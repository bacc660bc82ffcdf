"""The batch's index page of a region (2,000 reports) in a real browser: Chromium via Playwright.

The page is rendered by ``render_index`` from synthetic reports (mixed statuses, a percentage
and a count figure, missing values, Russian and Chinese titles) into a file and opened from
there, with every request to anything but that file refused.  The tests click and type as a
reader would and compare what the table shows with what Python computes from the reports.

How long loading, sorting and filtering take is measured in the page and printed (run with
``-s`` to see it; it is also recorded as a property of the test), never asserted.  Run by
hand, ``python tests/test_index_browser.py`` prints the same timings for the ``evalnb`` on
``PYTHONPATH``, e.g. an older checkout's, for a comparison.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from evalnb.batch.index import render_index
from evalnb.core.i18n import fmt_int, t

pytestmark = pytest.mark.slow

N = 2000
PAGE_SIZE = 100           # the page's default page size
FIGURES = ["pass_rate", "students"]
LABELS = {"pass_rate": {"en": "Pass rate", "ru": "Доля сдавших", "zh": "通过率"},
          "students": {"en": "Students", "ru": "Учащихся", "zh": "学生"}}
SCHOOL, KEY, STATUS, PASS_RATE, STUDENTS = range(5)     # the table's columns
HOSTILE = "</script><b>bold</b> Школа"
TARGET = 16 * PAGE_SIZE + 41          # on page 17 of the page's own order
# three Russian names in the order of the Russian alphabet (Ё after Е, before Ж), which
# the order of code points reverses (Ё is U+0401, before А)
RU_NAMED = {1: "Школа «Жаворонок»", 2: "Школа «Ёлочка»", 3: "Школа «Астра»"}
RU_TOWNS = ("Армавир", "Сочи", "Ейск", "Туапсе", "Ёлкино")
ZH_TOWNS = ("南宁市", "北京市", "上海市", "天津市")


def synthetic_reports(n: int = N, seed: int = 17) -> list[dict]:
    """``n`` reports as the batch's manifest holds them (deterministic)."""
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        zh = i % 5 == 4
        key = f"S{i + 1:04d}"          # ascending in the reports' order
        title = (f"{rng.choice(ZH_TOWNS)}第{i + 1}中学" if zh else
                 RU_NAMED.get(i) or f"Школа № {i + 1} ({rng.choice(RU_TOWNS)})")
        if i == 7:
            title = HOSTILE
        status = rng.choices(("ok", "skipped", "failed", "pending"), (80, 10, 7, 3))[0]
        report = {"key": key, "file": key, "title": title, "status": status,
                  "lang": "zh" if zh else "ru", "figures": {}, "outputs": {}, "duration": None}
        if status in ("ok", "skipped"):
            report["figures"] = {
                "pass_rate": None if rng.random() < 0.1 else round(rng.random(), 4),
                "students": None if rng.random() < 0.1 else rng.randint(40, 1500)}
            report["outputs"] = {"html": f"{key}.html", "pdf": f"{key}.pdf"}
        if status == "failed":
            report["error"] = {"cell": 4, "ename": "ValueError", "evalue": "no marks"}
            report["outputs"] = {"ipynb": f"{key}.ipynb"}
        if status != "pending":
            report["duration"] = round(rng.uniform(0.3, 3.0), 3)
        reports.append(report)
    return reports


def write_index(folder: Path, reports: list[dict], lang: str) -> Path:
    page = render_index(notebook="assessment-school_report", reports=reports, lang=lang,
                        figures=FIGURES, labels=LABELS, formats={}, version="test")
    path = folder / f"index-{lang}-{len(reports)}.html"
    path.write_text(page, encoding="utf-8")
    return path


def open_page(browser, path: Path, **context):
    """A page showing ``path``; nothing else may be loaded (a request or a script error is
    noted in the list returned)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    errors: list[str] = []

    def refuse(route):
        errors.append(f"request for {route.request.url}")
        route.abort()

    ctx.route(re.compile(r"^(?!file://).*"), refuse)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return ctx, page, errors


# what the table shows: the data-value of each cell of every row laid out
VISIBLE = """() => Array.from(document.querySelectorAll('#reports tbody tr'))
    .filter(r => r.offsetParent !== null)
    .map(r => Array.from(r.cells).map(c => c.getAttribute('data-value')))"""
CLICK = """sel => { const t0 = performance.now(); document.querySelector(sel).click();
                   void document.body.offsetHeight; return performance.now() - t0; }"""
TYPE = """q => { const f = document.getElementById('filter'); const t0 = performance.now();
                 f.value = q; f.dispatchEvent(new Event('input', {bubbles: true}));
                 void document.body.offsetHeight; return performance.now() - t0; }"""
SELECT = """v => { const s = document.getElementById('page-size'); const t0 = performance.now();
                   s.value = v; s.dispatchEvent(new Event('change', {bubbles: true}));
                   void document.body.offsetHeight; return performance.now() - t0; }"""
LOADED = """() => { const t0 = performance.now(); void document.body.offsetHeight;
                    const layout = performance.now() - t0;
                    const nav = performance.getEntriesByType('navigation')[0];
                    return {domcontentloaded: nav.domContentLoadedEventEnd,
                            load: nav.loadEventEnd, first_layout: layout}; }"""


def head(col: int) -> str:
    return f"#reports thead th:nth-child({col + 1}) button"


def timings(browser, path: Path, target: str) -> dict[str, float]:
    """Milliseconds, measured in the page (a click or an input, then a forced layout), of
    loading, sorting by a count and by the school, filtering and clearing the filter.
    Only what the old page also offers, so that both can be measured."""
    ctx, page, _errors = open_page(browser, path)
    try:
        loaded = page.evaluate(LOADED)
        out = {"load (load event + first layout)": loaded["load"] + loaded["first_layout"]}
        out["sort a count, ascending"] = page.evaluate(CLICK, head(STUDENTS))
        out["sort a count, descending"] = page.evaluate(CLICK, head(STUDENTS))
        out["sort by school, ascending"] = page.evaluate(CLICK, head(SCHOOL))
        out["sort by school, descending"] = page.evaluate(CLICK, head(SCHOOL))
        out["filter for one school"] = page.evaluate(TYPE, target)
        out["clear the filter"] = page.evaluate(TYPE, "")
        return out
    finally:
        ctx.close()


def _report(timing: dict[str, float], record_property) -> None:
    print(f"\nindex page of {N:,} reports, Chromium, ms:")
    for name, ms in timing.items():
        print(f"  {name:<36} {ms:8.1f}")
        record_property(f"ms: {name}", round(ms, 1))


def _spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip()


def _order(keys: list[str], values: list, descending: bool) -> list[str]:
    """The keys sorted by their values, missing values last, equal ones in the given order."""
    present = sorted((i for i, v in enumerate(values) if v is not None),
                     key=lambda i: (-values[i] if descending else values[i], i))
    return [keys[i] for i in present] + [keys[i] for i, v in enumerate(values) if v is None]


def _figure(report: dict, name: str):
    return (report.get("figures") or {}).get(name)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    reports = synthetic_reports()
    return reports, write_index(tmp_path_factory.mktemp("index"), reports, "ru")


def test_index_of_2000_reports_pages_sorts_and_filters(browser, region, record_property):
    reports, path = region
    keys = [r["key"] for r in reports]
    _ = lambda msgid, **kw: t(msgid, "ru", "batch", **kw)  # noqa: E731
    ctx, page, errors = open_page(browser, path)
    try:
        count = page.locator("#index-count")
        pages = page.locator("#index-pager .pages")
        rng = page.locator("#index-range")

        def shown():
            return page.evaluate(VISIBLE)

        def expect_count(n: int):
            assert _spaces(count.inner_text()) == _spaces(_("{shown} of {total} shown",
                                                            shown=fmt_int(n, "ru"), total=fmt_int(N, "ru")))

        # one page of rows in the page's own order, the pager, the count
        rows = shown()
        assert [r[KEY] for r in rows] == keys[:PAGE_SIZE]
        expect_count(N)
        assert _spaces(rng.inner_text()) == _spaces(_("Rows {first}–{last} of {total}", first="1",
                                                      last=fmt_int(PAGE_SIZE, "ru"), total=fmt_int(N, "ru")))
        assert page.locator("#page-size").input_value() == str(PAGE_SIZE)
        assert page.get_by_role("button", name=_("Previous")).is_disabled()

        # the pager: next, last, first
        page.get_by_role("button", name=_("Next")).click()
        assert [r[KEY] for r in shown()] == keys[PAGE_SIZE:2 * PAGE_SIZE]
        assert _spaces(rng.inner_text()) == _spaces(_("Rows {first}–{last} of {total}", first="101",
                                                      last="200", total=fmt_int(N, "ru")))
        page.get_by_role("button", name=_("Last")).click()
        assert [r[KEY] for r in shown()] == keys[-PAGE_SIZE:]
        assert page.get_by_role("button", name=_("Next")).is_disabled()
        page.get_by_role("button", name=_("First")).click()
        assert [r[KEY] for r in shown()] == keys[:PAGE_SIZE]

        # a count, descending: the true maximum first, missing values last, equal values in
        # the page's order; then ascending
        students = [_figure(r, "students") for r in reports]
        present = [v for v in students if v is not None]
        assert None in students and len(set(present)) < len(present), "missing values and ties"
        th = page.locator("#reports thead th").nth(STUDENTS)
        th.locator("button").click()
        assert th.get_attribute("aria-sort") == "ascending"
        th.locator("button").click()
        assert th.get_attribute("aria-sort") == "descending"
        rows = shown()
        assert float(rows[0][STUDENTS]) == max(present)
        descending = _order(keys, students, descending=True)
        assert [r[KEY] for r in rows] == descending[:PAGE_SIZE]
        page.get_by_role("button", name=_("Last")).click()
        assert [r[KEY] for r in shown()] == descending[-PAGE_SIZE:]
        assert shown()[-1][STUDENTS] == ""
        th.locator("button").click()
        assert th.get_attribute("aria-sort") == "ascending"
        ascending = _order(keys, students, descending=False)
        assert [r[KEY] for r in shown()] == ascending[:PAGE_SIZE], "sorting goes back to page 1"
        assert float(shown()[0][STUDENTS]) == min(present)
        page.get_by_role("button", name=_("Last")).click()
        assert [r[KEY] for r in shown()] == ascending[-PAGE_SIZE:]

        # a percentage: its largest share first
        shares = [v for v in (_figure(r, "pass_rate") for r in reports) if v is not None]
        page.locator(head(PASS_RATE)).click()
        page.locator(head(PASS_RATE)).click()
        assert float(shown()[0][PASS_RATE]) == max(shares)
        assert page.locator("#reports thead th").nth(STUDENTS).get_attribute("aria-sort") == "none"

        # by school, from the keyboard, in the collation of the page's language (Russian)
        page.locator(head(SCHOOL)).focus()
        page.keyboard.press("Enter")
        assert page.locator("#reports thead th").nth(SCHOOL).get_attribute("aria-sort") == "ascending"
        page.locator("#page-size").select_option("0")
        rows = shown()
        assert len(rows) == N, "All shows every row"
        assert pages.is_hidden(), "everything fits on one page: no pager"
        titles = [r[SCHOOL] for r in rows]
        expected = page.evaluate("ts => ts.slice().sort(new Intl.Collator('ru', {numeric: true}).compare)",
                                 [r["title"] for r in reports])
        assert titles == expected and titles != sorted(titles)   # not the order of code points
        astra, yolochka, lark = (titles.index(v) for v in (RU_NAMED[3], RU_NAMED[2], RU_NAMED[1]))
        assert astra < yolochka < lark
        assert titles.index(reports[8]["title"]) < titles.index(reports[9]["title"])  # № 9 before № 10
        page.locator("#page-size").select_option(str(PAGE_SIZE))
        assert len(shown()) == PAGE_SIZE and pages.is_visible()

        # filtering for a school on page 17 of the page's order; clearing restores
        page.locator(head(KEY)).click()     # back to the page's order (its keys ascend)
        page.get_by_role("button", name=_("Last")).click()
        page.locator("#filter").fill(reports[TARGET]["title"])
        rows = shown()
        assert [r[KEY] for r in rows] == [keys[TARGET]]
        expect_count(1)
        assert pages.is_hidden()
        page.locator("#filter").fill("")
        assert [r[KEY] for r in shown()] == keys[:PAGE_SIZE], "clearing the filter goes back to page 1"
        expect_count(N)
        # a printout holds every row, whatever the page
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert [r[KEY] for r in shown()] == keys
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert [r[KEY] for r in shown()] == keys[:PAGE_SIZE]
        page.locator("#filter").fill("ёлкино")
        n_town = sum("Ёлкино" in r["title"] for r in reports)
        expect_count(n_town)
        assert len(shown()) == min(n_town, PAGE_SIZE)

        # a hostile title is text, not markup
        page.locator("#filter").fill("</script>")
        assert [r[SCHOOL] for r in shown()] == [HOSTILE]
        assert page.locator("#reports tbody b").count() == 0
        assert not errors, errors
    finally:
        ctx.close()

    timing = timings(browser, path, reports[TARGET]["title"])
    ctx, page, errors = open_page(browser, path)
    try:
        timing["show all rows (page size: all)"] = page.evaluate(SELECT, "0")
        timing["sort a count, all rows shown"] = page.evaluate(CLICK, head(STUDENTS))
        timing["back to one page of rows"] = page.evaluate(SELECT, str(PAGE_SIZE))
        assert not errors, errors
    finally:
        ctx.close()
    _report(timing, record_property)


def test_small_chinese_index_without_a_pager_and_without_the_script(browser, tmp_path):
    reports = [r for r in synthetic_reports(60) if r["lang"] == "zh"][:9]
    for r, town in zip(reports, ("天津市", "上海市", "北京市")):
        r["title"] = f"{town}第一中学"
    path = write_index(tmp_path, reports, "zh")
    ctx, page, errors = open_page(browser, path)
    try:
        assert page.locator("#index-pager").is_hidden(), "no pager for a few rows"
        assert _spaces(page.locator("#index-count").inner_text()) == \
            t("{shown} of {total} shown", "zh", "batch", shown="9", total="9")
        page.locator(head(SCHOOL)).click()
        titles = [r[SCHOOL] for r in page.evaluate(VISIBLE)]
        # pinyin: Běijīng, Shànghǎi, Tiānjīn (in code points 上 < 北 < 天)
        three = [x for x in titles if x.endswith("第一中学")]
        assert three == ["北京市第一中学", "上海市第一中学", "天津市第一中学"]
        assert not errors, errors
    finally:
        ctx.close()
    # without the script: every row, no filter or pager (they would do nothing)
    big = write_index(tmp_path, synthetic_reports(300), "ru")
    ctx, page, errors = open_page(browser, big, java_script_enabled=False)
    try:
        assert page.locator("#reports tbody tr").count() == 300
        assert page.locator("#reports tbody tr:visible").count() == 300
        assert page.locator("#index-tools").is_hidden() and page.locator("#index-pager").is_hidden()
    finally:
        ctx.close()


if __name__ == "__main__":          # timings of the evalnb on PYTHONPATH, by hand
    import tempfile

    from evalnb_testing import chromium

    with tempfile.TemporaryDirectory() as folder, chromium() as b:
        region_reports = synthetic_reports()
        index = write_index(Path(folder), region_reports, "ru")
        for run in range(3):
            print(f"run {run + 1}")
            for name, ms in timings(b, index, region_reports[TARGET]["title"]).items():
                print(f"  {name:<36} {ms:8.1f}")
