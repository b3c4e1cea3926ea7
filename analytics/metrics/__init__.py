"""Every metric of METRICS.md, one module per family; importing this package registers them all."""

from __future__ import annotations

from analytics.metrics.base import GRAINS, REGISTRY, SCOPES, MetricQuery, MetricSpec

__all__ = ["GRAINS", "REGISTRY", "SCOPES", "MetricQuery", "MetricSpec", "get_metric"]


def _load_families() -> None:
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name != "base" and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def get_metric(metric_id: str) -> MetricSpec:
    """Look a metric up by id, case-insensitively ('m1h' finds M1h)."""
    _load_families()
    for key, spec in REGISTRY.items():
        if key.lower() == metric_id.lower():
            return spec
    from analytics.errors import UsageError

    raise UsageError(f"Unknown metric '{metric_id}'. Known: {', '.join(all_metric_ids())}")


def all_metric_ids() -> list[str]:
    _load_families()

    def order(key: str) -> tuple[int, str]:
        digits = "".join(ch for ch in key[1:] if ch.isdigit())
        return (int(digits or 0), key)

    return sorted(REGISTRY, key=order)
