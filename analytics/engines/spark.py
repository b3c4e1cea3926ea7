"""Apache Spark as a second engine over the lake (docs/scale.md); pyspark is the extra `spark`.

`spark_session(master)` starts (or reuses) a session; `register_lake(spark, DIR)` makes every
table of a lake a temporary view under its store name (the schema's views rep_dim,
targets_current and actual_bookings too, translated); `SparkStore` stands where a Store stands
for the metrics: `store.cursor().execute(sql, params)` translates the statement
(analytics/engines/spark_sql.py), runs it on Spark with its values bound as named parameters,
and hands the rows back through DuckDB's Arrow reader, so a metric's pandas code sees the same
column types from both engines. `refresh(spark, DIR)` recomputes the derived tables on Spark and
writes them back to the lake.

pyspark is imported inside the functions only: the core never imports it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics.calendar import now as clock_now
from analytics.engines.spark_sql import ROW_KEY, schema_views, to_spark, used_params
from analytics.errors import ForecastDeskError, UsageError
from analytics.settings import Settings, load_settings

DEFAULT_MASTER = "local[2]"
MASTER_ENV = "FORECAST_DESK_SPARK_MASTER"
# Spark's types for the DuckDB types of the store (analytics/lake.py's manifest).
SPARK_TYPES = {
    "VARCHAR": "STRING",
    "INTEGER": "INT",
    "BIGINT": "BIGINT",
    "DOUBLE": "DOUBLE",
    "BOOLEAN": "BOOLEAN",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP_NTZ",
    "HUGEINT": "DECIMAL(38,0)",
}


class SparkUnavailable(ForecastDeskError):
    """pyspark or a Java runtime is missing."""


def master_from(option: str | None) -> str:
    """--spark-master, else FORECAST_DESK_SPARK_MASTER, else local[2]."""
    return option or os.environ.get(MASTER_ENV) or DEFAULT_MASTER


def spark_session(master: str | None = None) -> Any:
    """A SparkSession for `master` (sc://host:15002 for Spark Connect), with the settings parity needs.

    ANSI mode off (a division by zero is NULL, as in DuckDB), times in UTC without zone
    (TIMESTAMP is TIMESTAMP_NTZ, as DuckDB's TIMESTAMP), few shuffle partitions (local work).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable(
            "The Spark engine needs pyspark: pip install -e '.[spark]' (and a Java 17 runtime)."
        ) from exc
    url = master_from(master)
    builder = SparkSession.builder.appName("forecast-desk")
    if url.startswith("sc://"):
        builder = builder.remote(url)
    else:
        if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
            raise SparkUnavailable("The Spark engine needs a Java 17 runtime (java not found).")
        builder = builder.master(url).config("spark.ui.enabled", "false")
        builder = builder.config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "2g"))
    conf = {
        "spark.sql.ansi.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.timestampType": "TIMESTAMP_NTZ",
        "spark.sql.shuffle.partitions": os.environ.get("FORECAST_DESK_SPARK_PARTITIONS", "4"),
        "spark.sql.adaptive.enabled": "true",
        "spark.ui.showConsoleProgress": "false",
        # list a lake's partition folders on the driver: a job per table costs more locally
        "spark.sql.sources.parallelPartitionDiscovery.threshold": "100000",
    }
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if not url.startswith("sc://"):
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_type(duck: str) -> str:
    if duck.startswith("DECIMAL"):
        return duck
    return SPARK_TYPES.get(duck, duck)


def register_lake(
    spark: Any, directory: Path, tables: Sequence[str] | None = None
) -> dict[str, Any]:
    """Every table of the lake (or `tables`) as a temp view in the store's column order and types."""
    from analytics.lake import read_manifest

    manifest = read_manifest(directory)
    for table, spec in manifest["tables"].items():
        if tables is not None and table not in tables:
            continue
        register_table(spark, directory, table, spec)
    if tables is None:  # the schema's views read reps, targets and bookings
        for name, select in schema_views().items():
            spark.sql(to_spark(select)).createOrReplaceTempView(name)
    return manifest


def register_table(spark: Any, directory: Path, table: str, spec: Mapping[str, Any]) -> None:

    path = str((directory / table).resolve())
    # The file schema as the writer stored it: Spark then reads no footer to infer it. DuckDB
    # writes DECIMAL and TIMESTAMP as the store has them; the view casts to the store's types.
    reader = spark.read.option("basePath", path)
    part = spec.get("partition_by")
    if part:
        reader = reader.option("recursiveFileLookup", "false")
    frame = reader.parquet(path)
    cols = [_cast(n, t) for n, t in spec["columns"]]
    frame.select(*cols).createOrReplaceTempView(table)


def _cast(name: str, duck_type: str) -> Any:
    from pyspark.sql import functions as F

    return F.col(f"`{name}`").cast(spark_type(duck_type)).alias(name)


def _arg(value: Any) -> Any:
    """A bound value as spark.sql(args=…) takes it: a list becomes array(…) of literals."""
    from pyspark.sql import functions as F

    if isinstance(value, list | tuple):
        return F.array(*[F.lit(v) for v in value])
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def run(spark: Any, text: str, params: Mapping[str, Any] | None = None) -> Any:
    """The Spark DataFrame of a statement of sql/ with its bound parameters."""
    used = used_params(text, dict(params or {}))
    query = to_spark(text, used)
    return spark.sql(query, args={k: _arg(v) for k, v in used.items()})


class SparkResult:
    """A finished query, read like a DuckDB result: df(), fetchall(), fetchone(), description."""

    def __init__(self, frame: Any) -> None:
        table = frame.toArrow()
        # a connection of its own: results of queries run side by side never share one
        self._con = duckdb.connect()
        self._rel = self._con.from_arrow(table)
        self.description = [(name, None) for name in table.column_names]
        self._rows: list[tuple[Any, ...]] | None = None

    def df(self) -> pd.DataFrame:
        return self._rel.df()

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self._rows is None:
            self._rows = self._rel.fetchall()
        return self._rows

    def fetchone(self) -> tuple[Any, ...] | None:
        rows = self.fetchall()
        return rows[0] if rows else None


class SparkCursor:
    def __init__(self, spark: Any) -> None:
        self._spark = spark

    def execute(self, text: str, params: Mapping[str, Any] | None = None) -> SparkResult:
        return SparkResult(run(self._spark, text, params))

    def close(self) -> None:
        pass


class SparkStore:
    """What the metrics need of a Store (settings, cursor()), answered by Spark over a lake."""

    def __init__(self, spark: Any, lake: Path, settings: Settings | None = None) -> None:
        from analytics.lake import SETTINGS

        self.spark = spark
        self.lake = lake
        self.path = str(lake)
        self.settings = settings or load_settings(lake / SETTINGS)
        self.manifest = register_lake(spark, lake)

    def cursor(self) -> SparkCursor:
        return SparkCursor(self.spark)

    def df(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        from analytics.sql import load_sql

        return SparkResult(run(self.spark, load_sql(name), params)).df()

    def close(self) -> None:
        pass


def refresh(spark: Any, directory: Path) -> str:
    """Recompute every derived object of the lake on Spark, in dependency order, and write it back.

    Each definition (sql/derived/<name>.sql) runs over the lake's data tables and the objects
    recomputed before it; the result replaces the object's folder (partitioned as the lake
    partitions it) and its manifest entry (rows, written_by = spark).
    """
    from analytics.derived import OBJECTS
    from analytics.lake import PARTITIONED, read_manifest, write_manifest
    from analytics.sql import load_sql

    manifest = register_lake(spark, directory)
    tables = manifest["tables"]
    written = 0
    for name in OBJECTS:
        spec = tables.get(name)
        if spec is None:
            raise UsageError(f"{directory}: the lake has no derived table {name}; export it again.")
        frame = run(spark, load_sql(f"derived/{name}"), {})
        frame = frame.select(*[_cast(c, t) for c, t in spec["columns"]])
        staging = directory / f".{name}.spark"
        if staging.exists():
            shutil.rmtree(staging)
        writer = frame.write.mode("overwrite")
        part = PARTITIONED.get(name)
        if part:
            writer = writer.partitionBy(part)
        writer.parquet(str(staging.resolve()))
        target = directory / name
        old = directory / f".{name}.old"
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old)
        register_table(spark, directory, name, spec)
        rows = spark.table(name).count()
        spec["rows"] = int(rows)
        spec["written_by"] = "spark"
        written += int(rows)
    manifest = read_manifest(directory) | {"tables": tables}
    manifest["refreshed_at"] = clock_now().isoformat(timespec="seconds")
    write_manifest(directory, manifest)
    return f"recomputed {len(OBJECTS)} derived tables ({written} rows) on Spark into {directory}"


__all__ = [
    "DEFAULT_MASTER",
    "MASTER_ENV",
    "ROW_KEY",
    "SparkStore",
    "SparkUnavailable",
    "master_from",
    "refresh",
    "register_lake",
    "run",
    "spark_session",
]
