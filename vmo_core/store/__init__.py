"""The only database user: portfolio snapshots, decisions and saved scenarios.

Every import, saved edit and adoption adds a snapshot; none is overwritten, and the newest
is the plan. One module per database engine (`duckdb_store`, the embedded default, and
`postgres_store`, a team's shared store), each behind the same interface
(`records.PortfolioStore`, its methods written once in `sql_store`) and the same tables,
format version and migrations (`layout`): every write lands whole or not at all, and every
statement is parameterised. `stores.open_store(target)` chooses the engine by the target.
Sits beside io: depends on `io` (the schema and the portfolio as tables), `model` and
`errors`, and on nothing downstream.
"""
