"""The fixture helpers insert rows as a load would (load_id 1)."""

from __future__ import annotations

from datetime import date

from tests.analytics.fixtures import (
    ALL_TRUE,
    add_bookings,
    add_calls,
    add_forecasts,
    add_reps,
    add_snapshots,
    add_targets,
    at,
    make_store,
)


def test_helpers_insert_rows_with_load_id_1() -> None:
    store = make_store()
    add_reps(store, [("r1", "North"), ("r2", "South", "2026-01-01", None)])
    add_bookings(
        store,
        [("o1", "x1", "r1", "2026-01-05", 100), ("o2", None, "r2", "2026-01-06", 5, "cancelled")],
    )
    add_calls(store, [("r1", "2026-01-05", at("2026-01-05 08:00"), 90, 10)])
    add_targets(store, [("rep", "r1", "2026-01", 1000, 1200)])
    add_snapshots(store, [("2026-01-05", "x1", "r1", 90, 100, "2026-01-09", "commit", ALL_TRUE)])
    add_forecasts(store, [("r1", "2026-01", at("2026-01-05 08:00"))])
    cur = store.cursor()
    loads = cur.execute(
        "SELECT DISTINCT load_id FROM (SELECT load_id FROM reps UNION ALL SELECT load_id FROM "
        "bookings UNION ALL SELECT load_id FROM calls UNION ALL SELECT load_id FROM targets "
        "UNION ALL SELECT load_id FROM snapshots UNION ALL SELECT load_id FROM forecasts)"
    ).fetchall()
    assert loads == [(1,)]
    assert cur.execute("SELECT rep, region, active_from FROM rep_dim ORDER BY rep").fetchall() == [
        ("r1", "North", None),
        ("r2", "South", date(2026, 1, 1)),
    ]
    # The cancelled order is not an actual booking.
    assert cur.execute("SELECT count(*) FROM actual_bookings").fetchone() == (1,)
    assert cur.execute("SELECT stretch_target FROM targets").fetchone() == (1200,)
