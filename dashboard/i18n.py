"""English and Chinese for every label, title, band name and message; number formatting per language.

`t(key, lang, **values)` looks a text up and fills `{name}` placeholders. The two dictionaries
must hold the same keys (a test fails otherwise) so a Chinese user never meets an English
fallback. Chinese terms follow DOMAIN.md (承诺, 通路, 大区, 客户经理 …).
"""

from __future__ import annotations

import math
from typing import Literal

from dashboard.i18n_text import EN, ZH
from dashboard.texts import merge_into

merge_into(EN, ZH)  # page texts from dashboard/texts/<page>.py

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
LANG_NAMES: dict[str, str] = {"en": "English", "zh": "中文"}
TEXTS: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}


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


def fmt_pct(value: float | None, lang: str = "en", digits: int = 1) -> str:
    """A fraction as a percentage: 0.123 -> '12.3%'. Unavailable values say so."""
    if _missing(value):
        return fmt_unavailable(lang)
    assert value is not None
    return f"{value * 100:,.{digits}f}%"


def fmt_number(value: float | None, lang: str = "en", digits: int = 0) -> str:
    """A plain number with thousands separators: 1234.5 -> '1,235'."""
    if _missing(value):
        return fmt_unavailable(lang)
    assert value is not None
    return f"{value:,.{digits}f}"


def fmt_money(
    value: float | None, lang: str = "en", currency: str = "¥", *, compact: bool = False
) -> str:
    """An amount with the currency label: '¥1,234,567'; negative as '-¥1,234'.

    `compact` shortens large amounts for tiles: English 1.23M / 45.6K, Chinese 123.5万 / 1.23亿.
    """
    if _missing(value):
        return fmt_unavailable(lang)
    assert value is not None
    sign = "-" if value < 0 else ""
    amount = abs(float(value))
    if compact:
        if lang == "zh":
            if amount >= 1e8:
                return f"{sign}{currency}{amount / 1e8:,.2f}亿"
            if amount >= 1e7:  # 1,000万 and more: whole 万 keep the tile short
                return f"{sign}{currency}{amount / 1e4:,.0f}万"
            if amount >= 1e4:
                return f"{sign}{currency}{amount / 1e4:,.1f}万"
        else:
            if amount >= 1e9:
                return f"{sign}{currency}{amount / 1e9:,.2f}B"
            if amount >= 1e6:
                return f"{sign}{currency}{amount / 1e6:,.2f}M"
            if amount >= 1e4:
                return f"{sign}{currency}{amount / 1e3:,.1f}K"
    return f"{sign}{currency}{amount:,.0f}"
