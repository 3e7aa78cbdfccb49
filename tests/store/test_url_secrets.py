"""A PostgreSQL URL's password never shows, whatever it holds: the URL read by one rule (the
password runs from the first `:` after `//` to the last `@` before the host), masked in every
message, handed to the driver apart from the URL, and scrubbed from what the driver says."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.passwords import PASSWORDS, shows_none_of
from vmo_core.errors import StoreError
from vmo_core.store.postgres_store import PostgresStore
from vmo_core.store.records import split_source
from vmo_core.store.stores import label, open_store
from vmo_core.store.urls import connection, masked, scrubbed, url_parts

SCHEMES = ["postgresql://", "postgres://", "POSTGRESQL://", "Postgres://"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("rest", ["db.internal:5432/vmo", "db.internal/vmo?sslmode=require", "db.internal"])
def test_a_url_is_read_to_its_last_at_and_shown_without_its_password(scheme, password, rest):
    url = f"{scheme}vmo:{password}@{rest}"
    parts = url_parts(url)
    assert (parts.user, parts.password, parts.rest) == ("vmo", password, rest)
    assert masked(url) == f"{scheme}vmo:***@{rest}"
    assert label(url) == masked(url)
    plain, apart = connection(url)
    assert plain == f"postgresql://vmo@{rest}" and shows_none_of(plain, password)
    assert apart["password"] == password.replace("%41", "A")  # percent-encoding decoded, as libpq would


def test_a_snapshot_after_the_database_is_no_part_of_the_password():
    assert split_source("postgresql://vmo:Zq9/Xw7k@db/vmo@3") == ("postgresql://vmo:Zq9/Xw7k@db/vmo", 3)
    assert split_source("postgresql://vmo:Zq9/Xw7k@db") == ("postgresql://vmo:Zq9/Xw7k@db", None)  # "db" is the host
    assert split_source("postgresql://db:5432/vmo@3") == ("postgresql://db:5432/vmo", 3)
    assert masked("postgresql://vmo:Zq9/Xw7k@db/vmo@3") == "postgresql://vmo:***@db/vmo@3"
    with pytest.raises(StoreError, match="'x' is not a snapshot id") as refused:
        split_source("postgresql://vmo:Zq9/Xw7k@db/vmo@x")
    assert shows_none_of(str(refused.value), "Zq9/Xw7k")


def test_a_url_folded_into_a_path_is_masked_too():
    assert masked("postgresql:/vmo:Zq9/Xw7k@db/vmo") == "postgresql:/vmo:***@db/vmo"
    assert masked("POSTGRES:vmo:Zq9@db/vmo") == "POSTGRES:vmo:***@db/vmo"
    assert masked("data/sample") == "data/sample"


def test_a_drivers_message_is_scrubbed_of_the_password_in_every_form():
    url = "postgresql://vmo:Zq9 Xw7k@db/vmo"
    said = f'missing "=" after "{url}"; password "Zq9 Xw7k" or {quote("Zq9 Xw7k", safe="")} refused'
    assert scrubbed(said, url) == 'missing "=" after "postgresql://vmo:***@db/vmo"; password "***" or *** refused'


@settings(max_examples=300, deadline=None)
@given(
    password=st.text(alphabet="Zqxw9/@%: ?#&=", min_size=0, max_size=24),
    scheme=st.sampled_from(SCHEMES),
    rest=st.sampled_from(["h:5432/d", "h/d?sslmode=require", "h", "[::1]:5432/d"]),
    snapshot=st.sampled_from(["", "@7"]),
)
def test_whatever_a_password_holds_it_is_read_whole(password, scheme, rest, snapshot):
    url = f"{scheme}u:{password}@{rest}"
    assume("/" in rest or not snapshot)  # a snapshot is named after a database's name
    assert masked(url + snapshot) == f"{scheme}u:***@{rest}{snapshot}"
    assert connection(url) == (f"postgresql://u@{rest}", {"password": unquote(password)})


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_server_that_cannot_be_reached_is_named_without_the_password(password):
    url = f"postgresql://vmo:{password}@127.0.0.1:1/vmo"
    with pytest.raises(StoreError, match=r"^postgresql://vmo:\*\*\*@127\.0\.0\.1:1/vmo: cannot connect") as refused:
        open_store(url, read_only=True)
    assert shows_none_of(str(refused.value), password)


@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("scheme", ["POSTGRESQL://", "postgres://"])
def test_a_url_with_any_password_and_scheme_reaches_its_database(postgres_server, password, scheme):
    """The test server trusts every local connection, so the password is sent and ignored: the
    URL reaches the database only if it was read as written."""
    url = postgres_server.new_database().replace("postgresql://vmo@", f"{scheme}vmo:{password}@")
    with PostgresStore(url) as store:
        assert store.snapshots() == [] and store.path == masked(url) and shows_none_of(store.path, password)
