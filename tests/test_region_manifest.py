"""``manifest.csv``: the batch's reports and key figures for a spreadsheet."""

from __future__ import annotations

import csv
import io

from evalnb.batch.manifest import CSV_COLUMNS, manifest_csv


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")                      # UTF-8 with a BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_row_per_report_with_its_figures():
    reports = [
        {"key": "RU001", "title": 'МАОУ гимназия № 1, "центр"', "status": "ok", "lang": "ru",
         "file": "RU001", "outputs": {"html": "RU001.html", "pdf": "RU001.pdf"}, "duration": 1.25,
         "attempts": 2, "finished": "2026-11-30T10:00:00+00:00", "error": None,
         "figures": {"quality": 0.625, "flags": 0, "risk": ["Физика", "Математика"], "note": None}},
        {"key": "CN002", "title": "第2中学", "status": "failed", "lang": "zh", "file": "CN002",
         "outputs": {}, "duration": 0.5, "attempts": 1, "finished": None,
         "error": {"message": "unknown school", "ename": "InputError"}, "figures": {}},
        {"key": "EN003", "title": None, "status": "pending", "figures": None},
    ]
    rows = _rows(manifest_csv(reports, ["quality", "flags", "risk", "note", "absent"]))
    assert rows[0] == [*CSV_COLUMNS, "quality", "flags", "risk", "note", "absent"]
    assert rows[1] == ["RU001", 'МАОУ гимназия № 1, "центр"', "ok", "ru", "RU001",
                       "html: RU001.html; pdf: RU001.pdf", "1.25", "2", "2026-11-30T10:00:00+00:00", "",
                       "0.625", "0", "Физика; Математика", "", ""]
    assert rows[2][:3] == ["CN002", "第2中学", "failed"] and rows[2][9] == "unknown school"
    assert rows[2][10:] == ["", "", "", "", ""]
    assert rows[3] == ["EN003", "", "pending", *[""] * 7, *[""] * 5]
    assert len(rows) == 4


def test_no_reports_is_a_header():
    assert _rows(manifest_csv([], [])) == [list(CSV_COLUMNS)]


def test_booleans_and_missing_numbers():
    rows = _rows(manifest_csv([{"key": "A", "status": "ok", "figures": {"x": True, "y": float("nan")}}],
                              ["x", "y"]))
    assert rows[1][-2:] == ["true", ""]
