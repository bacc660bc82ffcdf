import datetime as dt
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from evalnb import UnknownNameError
from evalnb.core import i18n


@pytest.mark.parametrize("lang,percent,number,date", [
    ("en", "95.1%", "1,234.5", "5 Mar 2025"),
    ("ru", "95,1\xa0%", "1\xa0234,5", "5 мар. 2025\u202fг."),
    ("zh", "95.1%", "1,234.5", "2025年3月5日"),
])
def test_locale_formatting(lang, percent, number, date):
    assert i18n.fmt_percent(0.9512, lang) == percent
    assert i18n.fmt_number(1234.5, lang) == number
    assert i18n.fmt_date("2025-03-05", lang) == date
    assert i18n.fmt_date(dt.date(2025, 3, 5), lang) == date


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_missing_values_show_a_dash(missing):
    assert i18n.fmt_percent(missing, "ru") == "—"
    assert i18n.fmt_number(missing, "zh") == "—"


def test_labels_and_fallback():
    assert i18n.t("School", "ru") == "Школа"
    assert i18n.t("School", "zh") == "学校"
    assert i18n.t("School", "en") == "School"
    assert i18n.t("A label nobody translated", "ru") == "A label nobody translated"
    assert i18n.translator("ru")("At most {n} characters (now {m})", n=5, m=7) == "Не более 5 символов (сейчас 7)"
    assert i18n.html_lang("zh") == "zh-CN"
    with pytest.raises(UnknownNameError, match="available: en, ru, zh"):
        i18n.t("School", "de")


def _catalogs():
    return sorted({p.stem for p in i18n.LOCALE_DIR.glob("*/*.po")})


@pytest.mark.parametrize("domain", _catalogs())
@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_every_catalog_translates_every_english_id(domain, lang):
    def ids(path: Path):
        with path.open("rb") as fh:
            return {m.id: m.string for m in read_po(fh) if m.id}

    english = ids(i18n.LOCALE_DIR / "en" / f"{domain}.po")
    path = i18n.LOCALE_DIR / lang / f"{domain}.po"
    assert path.exists(), f"{lang} has no {domain} catalog"
    other = ids(path)
    missing = sorted(k for k in english if not other.get(k))
    assert not missing, f"{lang}/{domain}.po lacks {len(missing)} translations, e.g. {missing[:5]}"
    extra = sorted(set(other) - set(english))
    assert not extra, f"{lang}/{domain}.po has ids the English catalog lacks: {extra[:5]}"
