"""A PostgreSQL URL read as people write it, and its password kept out of every message.

People paste a URL with the password as it is: `postgresql://vmo:pa/ss@w rd@db:5432/vmo`.
libpq reads such a URL differently (its user part ends at the first `@` or `/`, it refuses a
space or a lone `%`, it does not know `POSTGRESQL://`) and then echoes the parts it read in
its error messages, so the password leaked through them. Here the URL is read once, by one
rule: the scheme in any case, the user up to the first `:` after `//`, the password from that
`:` to the LAST `@` before the host. Then

- `masked(url)` is the URL as a message shows it: the password (and a `password=` parameter)
  as `***`;
- `connection(url)` is what psycopg is given: the URL without its password, the scheme in
  lower case, and the password apart (percent-encoding decoded), so libpq never holds the
  password in a string it might echo;
- `scrubbed(text, url)` takes the password, in every form it could be written, out of a
  driver's message.

So an `@` in the database's name or in a parameter is written `%40`, as the URL standard asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

URL_SCHEMES = ("postgresql://", "postgres://")
HIDDEN = "***"
# A URL's scheme in any case; its slashes as typed (a shell or a Path may have folded `//` to `/`)
_SCHEME = re.compile(r"^postgres(?:ql)?:/*", re.IGNORECASE)
_PASSWORD_PARAMETER = re.compile(r"(?i)([?&]password=)([^&]*)")


def is_url(target: object) -> bool:
    """Whether a store is a PostgreSQL URL (`postgresql://user@host:port/dbname`) rather than a file."""
    return isinstance(target, str) and target.lower().startswith(URL_SCHEMES)


def looks_like_url(text: str) -> bool:
    """Whether text starts as a PostgreSQL URL does, in any case, whatever its slashes: never a file to write."""
    return _SCHEME.match(text) is not None


@dataclass(frozen=True)
class UrlParts:
    """A URL in its parts, each as written: `scheme://user:password@rest@snapshot`."""

    scheme: str  # with its colon and slashes: "postgresql://"
    user: str
    password: str | None  # None: the URL holds no password (a `password=` parameter aside)
    rest: str  # the host, port, database and parameters
    snapshot: str | None  # what follows a trailing `@` after the database's name (`load`'s `URL@ID`)

    def written(self, *, password: str | None, snapshot: bool = True) -> str:
        """The URL again, with `password` in place of its own (None: no password at all)."""
        user = self.user if password is None else f"{self.user}:{password}"
        userinfo = f"{user}@" if user or password is not None else ""
        tail = f"@{self.snapshot}" if snapshot and self.snapshot is not None else ""
        return f"{self.scheme}{userinfo}{self.rest}{tail}"


def url_parts(url: str, *, snapshot: str = r"\d+") -> UrlParts:
    """The parts of a PostgreSQL URL. A trailing `@ID` (ID matching `snapshot`) names a snapshot
    only where a database's name comes before it (a `/` after the host): otherwise the last `@`
    ends the user and password, whatever they hold."""
    found = _SCHEME.match(url)
    if found is None:
        raise ValueError(f"not a PostgreSQL URL; expected {URL_SCHEMES[0]}user@host:port/dbname")
    scheme, body, taken = found.group(), url[found.end() :], None
    tail = re.search(rf"@({snapshot})$", body)
    if tail is not None and _names_a_database(body[: tail.start()]):
        body, taken = body[: tail.start()], tail.group(1)
    userinfo, at, rest = body.rpartition("@")
    if not at:
        return UrlParts(scheme, "", None, body, taken)
    user, colon, password = userinfo.partition(":")
    return UrlParts(scheme, user, password if colon else None, rest, taken)


def _names_a_database(body: str) -> bool:
    """Whether `body` (a URL after its `//`) ends with a database's name: a `/` after the host,
    the host's port (if any) a number, so that a password holding a `/` is not taken for one."""
    userinfo, at, host_on = body.rpartition("@")
    if at:
        return "/" in host_on
    host, slash, _ = body.partition("/")
    port = host.rpartition(":")[2] if ":" in host and not host.endswith("]") else ""
    return bool(slash) and all(part.isdigit() for part in port.split(",") if part)


def masked(url: str) -> str:
    """A PostgreSQL URL as messages show it: the password and any `password=` parameter as ***.
    Any other text is returned as it is; one that starts like a URL (`postgresql:/...`, a URL
    that became a path) is masked as a URL would be."""
    if _SCHEME.match(url) is None:
        return url
    parts = url_parts(url)
    shown = url if parts.password is None else parts.written(password=HIDDEN)
    return _PASSWORD_PARAMETER.sub(rf"\g<1>{HIDDEN}", shown)


def secrets(url: str) -> list[str]:
    """Every form the URL's password could take in a message: as written, decoded, encoded; longest first."""
    if _SCHEME.match(url) is None:
        return []
    written = [url_parts(url).password or ""] + [m.group(2) for m in _PASSWORD_PARAMETER.finditer(url)]
    forms = {form for text in written if text for form in (text, unquote(text), quote(unquote(text), safe=""))}
    return sorted(forms, key=len, reverse=True)


def scrubbed(text: str, url: str) -> str:
    """`text` (a driver's message) without the URL's password in any of its forms, and any copy
    of the URL itself masked."""
    if _SCHEME.match(url) is None:
        return text
    text = text.replace(url, masked(url))
    for secret in secrets(url):
        text = text.replace(secret, HIDDEN)
    return text


def connection(url: str) -> tuple[str, dict[str, str]]:
    """What psycopg is given for a URL: (the URL without its password, its scheme in lower case;
    {"password": the password, percent-encoding decoded} or {} when the URL holds none)."""
    parts = url_parts(url, snapshot=r"(?!)")  # a store's URL names no snapshot: every @ is the URL's
    user = quote(unquote(parts.user), safe="")  # an @ or : in it is the user's, not the URL's
    plain = UrlParts("postgresql://", user, None, parts.rest, None).written(password=None)
    return plain, ({} if parts.password is None else {"password": unquote(parts.password)})
