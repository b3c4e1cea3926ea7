"""English and Chinese for every label, title, band name and message; number formatting per language.

The texts live in one catalog per language, `dashboard/locales/en.json` and `zh.json`, grouped
by page (`{"common": {...}, "weekly": {...}, ...}`); docs/design.md ("Texts and languages") says
how to add one. `t(key, lang, **values)` looks a text up and fills `{name}` placeholders. Keys
are unique across pages, and both catalogs hold the same keys and placeholders (tests fail
otherwise) so a Chinese user never meets an English fallback. Chinese terms follow DOMAIN.md
(承诺, 通路, 大区, 客户经理 …).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from babel import Locale
from babel.dates import get_day_names
from babel.numbers import format_decimal, format_percent

if TYPE_CHECKING:
    from analytics.settings import Settings

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
LANG_NAMES: dict[str, str] = {"en": "English", "zh": "中文"}
LOCALES = Path(__file__).with_name("locales")


def load_catalog(lang: str) -> dict[str, dict[str, str]]:
    """The catalog of one language as written: page -> key -> text."""
    with (LOCALES / f"{lang}.json").open(encoding="utf-8") as f:
        catalog: dict[str, dict[str, str]] = json.load(f)
    return catalog


def flatten(catalog: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """One key -> text table from a catalog's pages; a key defined on two pages is an error."""
    table: dict[str, str] = {}
    for page, texts in catalog.items():
        clash = set(table) & set(texts)
        if clash:
            raise ValueError(f"locales/{lang}.json: page {page!r} redefines {sorted(clash)}")
        table.update(texts)
    return table


TEXTS: dict[str, dict[str, str]] = {lang: flatten(load_catalog(lang), lang) for lang in LANGS}
EN = TEXTS["en"]


def normalize_lang(value: str | None) -> Lang:
    """A language code from the URL or a widget; anything unknown is English."""
    if value and value.strip().lower().startswith("zh"):
        return "zh"
    return "en"


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `values`.

    A missing key shows the key itself (visible in review, never a crash).
    """
    table = TEXTS.get(lang, EN)
    text = table.get(key) or EN.get(key) or key
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or value != value
    except (TypeError, ValueError):
        return False


def fmt_unavailable(lang: str) -> str:
    return t("unavailable", lang)


BABEL_LOCALES: dict[str, str] = {"en": "en_US", "zh": "zh_Hans_CN"}
COMPACT_FROM = 1e4  # tiles shorten amounts from 10,000 on (45.6K, 1.2万)


def _locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang, "en_US"))


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def fmt_pct(value: float | None, lang: str = "en", digits: int = 1) -> str:
    """A fraction as a percentage: 0.123 -> '12.3%'. Unavailable values say so."""
    if _missing(value):
        return fmt_unavailable(lang)
    assert value is not None
    return format_percent(value, _pattern(digits) + "%", locale=_locale(lang))


def fmt_number(value: float | None, lang: str = "en", digits: int = 0) -> str:
    """A plain number with thousands separators: 1234.5 -> '1,235'."""
    if _missing(value):
        return fmt_unavailable(lang)
    assert value is not None
    return format_decimal(value, _pattern(digits), locale=_locale(lang))


def compact_number(amount: float, lang: str = "en") -> str:
    """A non-negative amount shortened with the CLDR units of the language: 1.23M, 45.6K in
    English, 123.5万, 3,097万, 2.50亿 in Chinese. Below COMPACT_FROM the whole number.

    The unit and its divisor come from CLDR (Babel's short compact decimal formats); the digits
    are ours, for tiles of one width: one decimal for the first unit (K, 万), none from a
    thousand of it on (1,000万), two for the larger units (M, B, 亿).
    """
    locale = _locale(lang)
    if amount < COMPACT_FROM:
        return format_decimal(amount, "#,##0", locale=locale)
    formats = locale.compact_decimal_formats["short"]["other"]
    units: list[str] = []
    magnitude, suffix = 1, ""
    for key in sorted(formats, key=int):
        pattern = formats[key].pattern
        unit = pattern.replace("0", "")
        if unit and unit not in units:
            units.append(unit)
        if int(key) <= amount and unit:
            magnitude, suffix = int(key) // 10 ** (pattern.count("0") - 1), unit
    scaled = amount / magnitude
    first_unit = bool(units) and suffix == units[0]
    digits = (0 if scaled >= 1000 else 1) if first_unit else 2
    return format_decimal(scaled, _pattern(digits), locale=locale) + suffix


def fmt_money(
    value: float | None,
    lang: str = "en",
    currency: str = "¥",
    *,
    compact: bool = False,
    markdown: bool = False,
) -> str:
    """An amount with the currency label: '¥1,234,567'; negative as '-¥1,234'.

    `compact` shortens large amounts for tiles (compact_number). `markdown` escapes a `$` in the
    label for text shown by st.markdown / st.caption, where `$...$` would start LaTeX.
    """
    if _missing(value):
        return fmt_unavailable(lang)
    assert value is not None
    sign = "-" if value < 0 else ""
    amount = abs(float(value))
    number = (
        compact_number(amount, lang)
        if compact
        else format_decimal(amount, "#,##0", locale=_locale(lang))
    )
    label = currency.replace("$", "\\$") if markdown else currency
    return f"{sign}{label}{number}"


# Placeholders every text may use, filled from the settings (the Data page edits them), so that a
# tooltip never shows a default after the settings changed: `{m1_low}`, `{m1_high}`, `{m2_healthy}`,
# `{m2_high}`, `{m3_healthy}`, `{m4_max}`, `{m8_healthy}`, `{m9_healthy}`, `{m10_floor}`,
# `{m10_good}`, `{m14_expected}`, `{m16_attainment}`, `{m16_discipline}` (percentages),
# `{m11_stage}`, `{eligible_stage}` (stage numbers), `{deadline_day}`, `{deadline_time}` (the
# weekly call deadline), `{linear_share}` (how a week's share of the quarter is computed),
# `{snapshot_day}` (the weekday of weekly snapshots) and `{open_stage}` (backfill's open stage).
PCT_SETTINGS: dict[str, str] = {
    "m1_low": "m1_accurate_low",
    "m1_high": "m1_accurate_high",
    "m2_healthy": "m2_healthy",
    "m2_high": "m2_band_high",
    "m3_healthy": "m3_healthy",
    "m4_max": "m4_max",
    "m8_healthy": "m8_healthy",
    "m9_healthy": "m9_healthy",
    "m10_floor": "m10_floor",
    "m10_good": "m10_good",
    "m14_expected": "m14_expected",
    "m16_attainment": "m16_attainment",
    "m16_discipline": "m16_discipline",
}


def setting_values(settings: Settings, lang: str = "en") -> dict[str, str]:
    """The values of the settings placeholders, formatted in `lang`."""
    th = settings.thresholds
    values = {name: fmt_pct(getattr(th, field), lang, 0) for name, field in PCT_SETTINGS.items()}
    day_names = get_day_names("wide", locale=_locale(lang))  # 0 = Monday, as in the settings
    values.update(
        m11_stage=fmt_number(th.m11_quality_stage, lang),
        eligible_stage=fmt_number(settings.eligible_stage, lang),
        deadline_day=str(day_names[settings.call_deadline_weekday]),
        deadline_time=f"{settings.call_deadline_hour:02d}:00",
        linear_share=t(f"linear_share_{settings.linear_share}", lang),
        snapshot_day=str(day_names[settings.snapshot_weekday]),
        open_stage=fmt_number(settings.backfill_open_stage, lang),
    )
    return values
