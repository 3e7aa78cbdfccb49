"""Sign-outs that hold: a sign-in signed out of never lets anyone in again, not even from a copy
of its cookie.

Streamlit's sign-in (`st.login`) keeps who signed in in a signed cookie, `_streamlit_user`, for
30 days, and `st.logout` only asks the browser to delete it: a copy of the cookie taken before
(from the browser's storage, a proxy's log, a shared machine) signed in again until it expired.
So signing out also records, on the server, the sign-in it ends: a fingerprint of what that
cookie holds (the provider's claims about this one sign-in: its issue time `iat` and `nonce`
among them), kept as long as any such cookie can live (`KEEP_FOR`). Every run and every upload
asks `revoked(info)`: a session whose sign-in was signed out counts as signed out. Signing in
again makes a new cookie, with a new fingerprint.

The record is a small JSON file, fingerprint -> until when (VMO_SIGNED_OUT; by default
`signed-out.json` beside the roles file), read again whenever it changes, so that a restart and
the replicas sharing the folder see every sign-out. It holds no name, address or token: only
SHA-256 fingerprints. A file that cannot be written keeps the sign-out in this process, and the
log says so. No Streamlit here: `vmo_app.auth` hands over the session's user information.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SIGNED_OUT = "VMO_SIGNED_OUT"
FILE_NAME = "signed-out.json"
KEEP_FOR = 31 * 24 * 3600  # seconds: Streamlit's identity cookie lives 30 days; one more for clocks
ONE_SIGN_IN = ("iat", "nonce", "sid", "jti", "auth_time")  # claims that tell one sign-in from another
log = logging.getLogger("vmo_app")


def fingerprint(info: Mapping[str, Any]) -> str | None:
    """What identifies one sign-in: SHA-256 of the claims its cookie holds (not the tokens Streamlit
    may add beside them). None when signed out, or when the provider sends nothing that tells one
    sign-in from the next (then a sign-out could only lock the person out: nothing is recorded)."""
    if info.get("is_logged_in") is not True or not any(info.get(claim) for claim in ONE_SIGN_IN):
        return None
    claims = {key: value for key, value in info.items() if key != "tokens"}
    return hashlib.sha256(json.dumps(claims, sort_keys=True, default=str).encode("utf-8")).hexdigest()


class Registry:
    """The sign-ins signed out of, in one file: fingerprint -> until when (seconds since the epoch)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._entries: dict[str, float] = {}
        self._stamp: tuple[int, int] | None = None  # (mtime_ns, size) of the file last read

    def revoked(self, token: str, *, now: float | None = None) -> bool:
        with self._lock:
            self._refresh()
            return self._entries.get(token, 0.0) > (time.time() if now is None else now)

    def revoke(self, token: str, *, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._lock:
            self._refresh()
            self._entries = {t: until for t, until in self._entries.items() if until > now}
            self._entries[token] = now + KEEP_FOR
            try:
                self._write()
            except OSError as exc:
                log.error("A sign-out is kept by this process only: %s cannot be written (%s)", self.path, exc.strerror)

    def _refresh(self) -> None:
        try:
            stat = self.path.stat()
        except OSError:
            return  # nothing recorded on disk (yet), or no such folder: what this process holds stands
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
            read = {str(t): float(until) for t, until in found.items()}
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            log.error("The record of sign-outs at %s cannot be read (%s); the sign-outs this process knows stand", self.path, exc)
            return
        self._entries = {**read, **{t: u for t, u in self._entries.items() if u > read.get(t, 0.0)}}
        self._stamp = stamp

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".signed-out-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self._entries, out, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        stat = self.path.stat()
        self._stamp = (stat.st_mtime_ns, stat.st_size)


_registries: dict[Path, Registry] = {}
_registries_lock = threading.Lock()


def registry(path: Path) -> Registry:
    """One registry per file for the whole process."""
    with _registries_lock:
        return _registries.setdefault(path.resolve(), Registry(path.resolve()))


def revoke(info: Mapping[str, Any], path: Path) -> bool:
    """Record that the sign-in `info` describes is signed out; False when there is nothing to record."""
    token = fingerprint(info)
    if token is None:
        if info.get("is_logged_in") is True:
            log.warning("A sign-out could not be recorded: the provider sends no claim that tells one sign-in from another")
        return False
    registry(path).revoke(token)
    return True


def revoked(info: Mapping[str, Any], path: Path) -> bool:
    """Whether the sign-in `info` describes was signed out of (a copy of its cookie included)."""
    token = fingerprint(info)
    return token is not None and registry(path).revoked(token)
