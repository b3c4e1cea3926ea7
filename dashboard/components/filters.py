"""The global filter state (regions, reps, month range, language) and its query-string form.

The state lives in the URL (`?region=North&region=East&rep=N01&from=2026-01&to=2026-06&lang=zh`)
so that a copied link opens the same view. `FilterState` is frozen and hashable, so cached
analytics calls can be keyed by it. This module has no widgets; the sidebar is in
dashboard/components/sidebar.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from analytics.calendar import (
    fiscal_year_first_month,
    month_end,
    month_label,
    month_start,
    parse_month,
)
from analytics.metrics.base import Grain, MetricQuery, Scope
from dashboard.i18n import Lang, normalize_lang

QUERY_KEYS = ("region", "rep", "from", "to", "lang")


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return [str(value)]


def _last(values: list[str]) -> str | None:
    return values[-1] if values else None


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for v in values:
        v = v.strip()
        if v:
            seen.setdefault(v, None)
    return tuple(seen)


@dataclass(frozen=True)
class FilterState:
    """What the user chose in the sidebar. Empty regions/reps mean all; months are 'YYYY-MM'."""

    regions: tuple[str, ...] = ()
    reps: tuple[str, ...] = ()
    month_from: str | None = None
    month_to: str | None = None
    lang: Lang = "en"

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> FilterState:
        """Read a query-string mapping (values a string or a list of strings); bad values drop."""
        langs = _values(params, "lang")
        month_from = parse_month(_last(_values(params, "from")))
        month_to = parse_month(_last(_values(params, "to")))
        if month_from and month_to and month_from > month_to:
            month_from, month_to = month_to, month_from
        return cls(
            regions=_unique(_values(params, "region")),
            reps=_unique(_values(params, "rep")),
            month_from=month_from,
            month_to=month_to,
            lang=normalize_lang(_last(langs)),
        )

    def to_query(self) -> dict[str, str | list[str]]:
        """The query-string mapping; empty filters and English are left out to keep links short."""
        out: dict[str, str | list[str]] = {}
        if self.regions:
            out["region"] = list(self.regions)
        if self.reps:
            out["rep"] = list(self.reps)
        if self.month_from:
            out["from"] = self.month_from
        if self.month_to:
            out["to"] = self.month_to
        if self.lang != "en":
            out["lang"] = self.lang
        return out

    def to_query_string(self) -> str:
        return urlencode(self.to_query(), doseq=True)

    def with_default_months(self, today: date, fiscal_start_month: int) -> FilterState:
        """Fill a missing month range with the fiscal year to date (first month .. this month)."""
        month_from = self.month_from or fiscal_year_first_month(today, fiscal_start_month)
        month_to = self.month_to or month_label(today)
        if month_from > month_to:
            month_from, month_to = month_to, month_from
        return replace(self, month_from=month_from, month_to=month_to)

    @property
    def date_from(self) -> date | None:
        return month_start(self.month_from) if self.month_from else None

    @property
    def date_to(self) -> date | None:
        """The last day of the end month: a period is in range when its first day is <= this."""
        return month_end(self.month_to) if self.month_to else None

    def metric_query(
        self,
        *,
        by: Scope = "company",
        grain: Grain = "month",
        date_from: date | None = None,
        date_to: date | None = None,
        as_of: date | None = None,
        s0: date | None = None,
        s1: date | None = None,
    ) -> MetricQuery:
        """A MetricQuery with these filters; dates default to the month range."""
        return MetricQuery(
            by=by,
            grain=grain,
            date_from=date_from if date_from is not None else self.date_from,
            date_to=date_to if date_to is not None else self.date_to,
            as_of=as_of,
            regions=self.regions,
            reps=self.reps,
            s0=s0,
            s1=s1,
        )
