"""The Parquet snapshot lake (analytics/lake.py): export, reading a lake in place, import."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from analytics.demo import build_demo
from analytics.errors import UsageError
from analytics.lake import LakeError, export_lake, import_lake, read_manifest
from analytics.metrics import MetricQuery, get_metric
from analytics.store import Store
from tests.analytics.fixtures import add_reps, add_snapshots, d
from tests.conftest import run_cli


def _tiny(path: Path) -> Store:
    store = Store(path)
    add_reps(store, [("r1", "East"), ("r2", "West")])
    add_snapshots(
        store,
        [
            (d("2026-11-09"), "o1", "r1", 50, 100.00, d("2026-12-15"), "commit"),
            (d("2026-11-16"), "o1", "r1", 60, 120.00, d("2026-12-15"), "commit"),
            (d("2026-11-16"), "o2", "r2", 25, 30.50, d("2027-01-20"), "pipeline"),
            (d("2026-11-23"), "o1", "r1", 70, 150.00, d("2026-12-20"), "commit"),
            (d("2026-11-23"), "o2", "r2", 25, 40.25, d("2027-01-20"), "upside"),
        ],
    )
    from analytics import derived

    with store.transaction() as cur:
        derived.refresh(cur)
    return store


def test_export_partitions_snapshots_and_keys_every_row(tmp_path: Path) -> None:
    store = _tiny(tmp_path / "s.duckdb")
    export_lake(store, tmp_path / "lake")
    manifest = read_manifest(tmp_path / "lake")
    snaps = manifest["tables"]["snapshots"]
    assert snaps["partition_by"] == "snapshot_date" and snaps["rows"] == 5
    parts = sorted(p.name for p in (tmp_path / "lake" / "snapshots").iterdir())
    assert parts == [f"snapshot_date=2026-11-{day}" for day in ("09", "16", "23")]
    assert manifest["tables"]["deal_history"]["partition_by"] == "snapshot_date"
    keys = pq.read_table(tmp_path / "lake" / "snapshots").column("row_key").to_pylist()
    assert sorted(keys) == [0, 1, 2, 3, 4]  # one distinct key per row
    assert manifest["tables"]["deal_history"]["rows"] == 5


def test_a_lake_opens_as_a_store_and_prunes_partitions(tmp_path: Path) -> None:
    store = _tiny(tmp_path / "s.duckdb")
    export_lake(store, tmp_path / "lake")
    lake = Store(tmp_path / "lake")
    cur = lake.cursor()
    # 2026-11-23: 150.00 + 40.25 = 190.25 over two rows
    got = cur.execute(
        "SELECT count(*), sum(amount) FROM snapshots WHERE snapshot_date = $d",
        {"d": d("2026-11-23")},
    ).fetchone()
    assert got is not None and got[0] == 2 and float(got[1]) == 190.25
    plan = cur.execute(
        "EXPLAIN ANALYZE SELECT count(*) FROM snapshots WHERE snapshot_date = DATE '2026-11-23'"
    ).fetchall()[0][1]
    assert "Scanning Files: 1/3" in plan
    # the same columns, in the same order, as the store's table (row_key stays in the lake)
    assert [c[0] for c in cur.execute("DESCRIBE snapshots").fetchall()] == [
        c[0] for c in store.cursor().execute("DESCRIBE snapshots").fetchall()
    ]


def test_metrics_read_a_lake_unchanged(tmp_path: Path) -> None:
    store = Store(tmp_path / "demo.duckdb")
    build_demo(store, n_reps=2, years=1)
    export_lake(store, tmp_path / "lake")
    lake = Store(tmp_path / "lake")
    for mid in ("M1", "M9", "M14", "M18"):
        q = MetricQuery(by="region")
        assert get_metric(mid).compute(lake, q).equals(get_metric(mid).compute(store, q)), mid


def test_import_fills_an_empty_store_and_refuses_a_full_one(tmp_path: Path) -> None:
    store = _tiny(tmp_path / "s.duckdb")
    export_lake(store, tmp_path / "lake")
    fresh = Store(tmp_path / "new.duckdb")
    import_lake(fresh, tmp_path / "lake")
    assert fresh.table_counts() == store.table_counts()
    with pytest.raises(UsageError):
        import_lake(fresh, tmp_path / "lake")


def test_a_lake_of_another_schema_is_refused(tmp_path: Path) -> None:
    store = _tiny(tmp_path / "s.duckdb")
    export_lake(store, tmp_path / "lake")
    path = tmp_path / "lake" / "lake.json"
    manifest = json.loads(path.read_text())
    manifest["schema_version"] = 99
    path.write_text(json.dumps(manifest))
    with pytest.raises(LakeError, match="schema 99"):
        read_manifest(tmp_path / "lake")


def test_spark_engine_needs_a_lake(tmp_path: Path) -> None:
    _tiny(tmp_path / "s.duckdb").close()
    result = run_cli("metric", "M9", "--engine", "spark", db=tmp_path / "s.duckdb")
    assert result.returncode != 0
    assert "lake export" in result.stderr and "Traceback" not in result.stderr
