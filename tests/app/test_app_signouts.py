"""The record of sign-outs (vmo_app/signouts.py): one sign-in's fingerprint, kept in a file that
replicas and a restart share, for as long as its cookie can live, holding no name or address."""

from __future__ import annotations

import json

from vmo_app import signouts
from vmo_app.signouts import KEEP_FOR, Registry, fingerprint, revoke, revoked

SIGNED_IN = {"is_logged_in": True, "email": "edie@example.com", "sub": "edie", "iat": 1_796_000_000, "nonce": "a"}


def test_one_sign_in_has_one_fingerprint_whatever_tokens_ride_beside_it():
    assert fingerprint(SIGNED_IN) == fingerprint({**SIGNED_IN, "tokens": {"id": "eyJ..."}})
    assert fingerprint(SIGNED_IN) != fingerprint({**SIGNED_IN, "iat": 1_796_000_001})  # the next sign-in
    assert fingerprint({**SIGNED_IN, "is_logged_in": False}) is None


def test_a_provider_that_tells_no_sign_in_from_the_next_gets_no_record_rather_than_a_lock_out(tmp_path):
    same_every_time = {"is_logged_in": True, "email": "edie@example.com", "sub": "edie"}
    assert revoke(same_every_time, tmp_path / "out.json") is False
    assert not revoked(same_every_time, tmp_path / "out.json")


def test_a_sign_out_is_seen_by_a_replica_and_after_a_restart_and_names_nobody(tmp_path):
    path = tmp_path / "out.json"
    assert revoke(SIGNED_IN, path)
    assert Registry(path).revoked(fingerprint(SIGNED_IN))  # another process reading the same file
    assert "edie" not in path.read_text(encoding="utf-8")
    other = {**SIGNED_IN, "nonce": "b"}
    Registry(path).revoke(fingerprint(other))  # a replica signs another one out
    assert revoked(other, path) and revoked(SIGNED_IN, path)  # this process sees both


def test_a_sign_out_is_kept_as_long_as_the_cookie_lives_then_dropped(tmp_path):
    path = tmp_path / "out.json"
    registry = Registry(path)
    registry.revoke("old", now=1_000.0)
    assert registry.revoked("old", now=1_000.0 + KEEP_FOR - 1)
    assert not registry.revoked("old", now=1_000.0 + KEEP_FOR + 1)
    registry.revoke("new", now=1_000.0 + KEEP_FOR + 1)
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {"new"}  # the file does not grow for ever


def test_a_file_that_cannot_be_written_keeps_the_sign_out_in_this_process(tmp_path, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    path = blocked / "out.json"  # its folder is a file: nothing can be written there
    assert revoke(SIGNED_IN, path)
    assert revoked(SIGNED_IN, path)
    assert "kept by this process only" in caplog.text and "edie" not in caplog.text


def test_a_damaged_file_loses_nothing_this_process_knows(tmp_path):
    path = tmp_path / "out.json"
    revoke(SIGNED_IN, path)
    path.write_text("not json", encoding="utf-8")
    assert revoked(SIGNED_IN, path)
    signouts._registries.clear()
    assert not revoked(SIGNED_IN, path)  # a fresh process with a damaged file knows of none: the log says so
