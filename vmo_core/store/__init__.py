"""The only database user: portfolio snapshots and saved scenarios in DuckDB.

One module per database engine (`duckdb_store` today), each behind the same interface: an
import lands whole or not at all, and every statement is parameterised. Sits beside io:
depends on `io` (the schema and the portfolio as tables), `model` and `errors`, and on
nothing downstream.
"""
