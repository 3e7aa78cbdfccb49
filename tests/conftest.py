"""Fixtures every test folder may use: `postgres_server`, the one PostgreSQL server of a test
session (tests/postgres.py), started only when a test asks for it."""

pytest_plugins = ("tests.postgres",)
