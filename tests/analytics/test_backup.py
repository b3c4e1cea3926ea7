"""Backup: `forecast-desk export DIR` then `import DIR` into an empty store gives back every metric."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from analytics.backup import BackupError, export_store, import_store
from analytics.demo import build_demo
from analytics.errors import UsageError
from analytics.metrics import MetricQuery, all_metric_ids, get_metric
from analytics.store import Store
from tests.conftest import run_cli

TODAY = date(2026, 11, 27)
LAST_MONDAY = date(2026, 11, 23)


def _every_metric(store: Store) -> dict[str, pd.DataFrame]:
    out = {}
    for mid in all_metric_ids():
        spec = get_metric(mid)
        query = MetricQuery(by="region", grain="quarter")
        if spec.shape == "waterfall":
            query = MetricQuery(s0=LAST_MONDAY - timedelta(weeks=4), s1=LAST_MONDAY)
        out[mid] = spec.compute(store, query)
    return out


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "demo.duckdb"
    with Store(path) as store:
        build_demo(store, seed=3, today=TODAY)
        with store.transaction() as cur:
            cur.execute(
                "INSERT INTO action_plans VALUES ('N01', DATE '2026-11-01', 'Call the CIO', now()::TIMESTAMP)"
            )
    return path


def test_round_trip_keeps_every_metric_and_the_load_log(demo_file: Path, tmp_path: Path) -> None:
    export_dir = tmp_path / "export"
    result = run_cli("export", str(export_dir), db=demo_file)
    assert result.returncode == 0, result.stderr
    restored = tmp_path / "restored.duckdb"
    result = run_cli("import", str(export_dir), db=restored)
    assert result.returncode == 0, result.stderr

    with Store(demo_file, read_only=True) as before_store:
        before = _every_metric(before_store)
        counts_before = before_store.table_counts()
    with Store(restored) as after_store:
        after = _every_metric(after_store)
        assert after_store.table_counts() == counts_before
        # a new load after the restore gets an id after the restored ones
        next_id = after_store.cursor().execute("SELECT nextval('load_id_seq')").fetchone()
        max_id = after_store.cursor().execute("SELECT max(load_id) FROM loads").fetchone()
        assert next_id is not None and max_id is not None and next_id[0] > max_id[0]
    assert set(before) == set(all_metric_ids())
    for mid in before:
        assert len(before[mid]) > 0, mid
        # Means of doubles may be summed in another order by parallel threads: 1e-12 relative.
        pd.testing.assert_frame_equal(before[mid], after[mid], rtol=1e-12, atol=0, obj=mid)


def test_import_refuses_a_store_with_data(demo_file: Path, tmp_path: Path) -> None:
    export_dir = tmp_path / "export"
    with Store(demo_file, read_only=True) as store:
        export_store(store, export_dir)
    target = tmp_path / "copy.duckdb"
    with Store(target) as store:
        import_store(store, export_dir)
        with pytest.raises(UsageError, match="empty store"):
            import_store(store, export_dir)


def test_a_damaged_export_is_refused_whole(demo_file: Path, tmp_path: Path) -> None:
    export_dir = tmp_path / "export"
    with Store(demo_file, read_only=True) as store:
        export_store(store, export_dir)
    snapshots = export_dir / "snapshots.parquet"
    snapshots.write_bytes(snapshots.read_bytes()[:-100])
    target = tmp_path / "t.duckdb"
    result = run_cli("import", str(export_dir), db=target)
    assert result.returncode == 1
    assert "snapshots.parquet" in result.stderr and "checksum" in result.stderr
    assert "Traceback" not in result.stderr
    with Store(target) as store:
        assert not any(store.table_counts().values())


def test_a_folder_without_manifest_is_refused(tmp_path: Path) -> None:
    with Store(":memory:") as store, pytest.raises(BackupError, match="manifest"):
        import_store(store, tmp_path)
