"""Engines other than the store's DuckDB: Spark over the lake (docs/scale.md)."""
