"""Views of the pipeline snapshots that the Pipeline and Team pages draw, beside the metrics.

Not metrics of METRICS.md themselves but the frames behind their charts: which snapshots exist
(the pickers of M12), the deals of a snapshot by ladder stage and forecast category (the stage
distribution, coloured by category), and the open pipeline of each snapshot per scope (a rep's
pipeline trend). SQL: sql/views/snapshot_dates.sql, stage_mix.sql, stage_mix_deals.sql,
open_by_snapshot.sql.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.metrics.base import MetricQuery
from analytics.metrics.common import run_sql, to_float
from analytics.store import Store


def snapshot_dates(store: Store) -> list[date]:
    """Every snapshot date in the store, oldest first (no filter: snapshots are company-wide)."""
    return [row[0] for row in store.rows("views/snapshot_dates")]


def stage_mix(
    store: Store,
    query: MetricQuery,
    window_from: date | None = None,
    window_to: date | None = None,
) -> pd.DataFrame:
    """Deals of the snapshot as of `query.as_of` (default the latest) by ladder stage and category.

    Leads (stage 0), open deals and won deals (category commit, upside, pipeline or won; lost and
    omitted deals are left out), optionally only those closing in [window_from, window_to].
    Columns: stage (0, 25, 50, 60, 70, 80, 90, 100), forecast_category, deals, amount,
    snapshot_date; a probability counts in the highest ladder stage at or below it. The open
    part (categories commit, upside, pipeline above stage 0) of a window is M12's end bar.
    """
    frame = run_sql(store, "views/stage_mix", query, {"win_from": window_from, "win_to": window_to})
    return to_float(frame).reset_index(drop=True)


def stage_mix_deals(
    store: Store,
    query: MetricQuery,
    window_from: date | None = None,
    window_to: date | None = None,
) -> pd.DataFrame:
    """The deals behind `stage_mix`, one row each, highest ladder stage and largest amount first.

    Columns: ladder_stage, forecast_category, opportunity_id, opportunity_name, account, rep,
    region, stage, amount, close_date, created_date, snapshot_date.
    """
    frame = run_sql(
        store, "views/stage_mix_deals", query, {"win_from": window_from, "win_to": window_to}
    )
    return to_float(frame).reset_index(drop=True)


def open_pipeline_by_snapshot(store: Store, query: MetricQuery) -> pd.DataFrame:
    """Open pipeline per snapshot dated in [query.date_from, query.date_to] and scope (query.by).

    Columns: snapshot_date, scope, open_amount, open_deals, commit_amount, weighted_amount
    (amount x stage / 100); open means 0 < stage < 100 and category commit, upside or pipeline.
    A scope seen in the range but without open deals in one snapshot shows 0 there.
    """
    return to_float(run_sql(store, "views/open_by_snapshot", query)).reset_index(drop=True)


__all__ = ["open_pipeline_by_snapshot", "snapshot_dates", "stage_mix", "stage_mix_deals"]
