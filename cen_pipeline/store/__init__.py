"""The store: ingest into DuckDB with versions and the quarantine, replies to interchanges, the Parquet lake."""
