"""Roles: viewer, editor, admin; who has which, from one configuration file; what each may do.

The file is TOML with up to three keys, each a list of entries: an e-mail address, a domain
written `@example.com` (every address there), or `*` (anyone signed in):

    admin  = ["ann@example.com"]
    editor = ["@pmo.example.com", "bob@example.com"]
    viewer = ["@example.com"]

An address listed by itself decides; else its domain; else `*`; else no role at all (signed
in, but shown nothing). An entry under two roles is refused as ambiguous. A fourth key, `deny`,
takes the role away from whoever it lists, whatever else covers them (a leaver under a domain
entry, say): `deny = ["leo@example.com"]`. The app reads the file afresh on every run.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from vmo_core.errors import VmoError

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
ROLES = (VIEWER, EDITOR, ADMIN)  # each may do all that the ones before it may
EVERYONE = "*"
DENY = "deny"  # the key whose entries have no role, whatever else lists them

# What each write is called in a refusal, and the least role that may do it.
ACTIONS = {
    "upload": ("replacing the portfolio", EDITOR),
    "save": ("saving a scenario", EDITOR),
    "delete": ("deleting a saved scenario", EDITOR),
    "adopt": ("adopting a scenario as the plan", EDITOR),
    "clear caches": ("clearing every cached answer of the app", EDITOR),
    "manage roles": ("seeing who has which role", ADMIN),
}


class RolesError(VmoError):
    """A roles file that cannot be read; the message names the file and the entry."""


class AccessDenied(VmoError):
    """A write refused: the acting user's role does not allow it."""


@dataclass(frozen=True)
class User:
    """Who is acting: a name to show, the address roles are looked up by, and the role found
    (None: signed in, but in no role)."""

    name: str
    email: str = ""
    role: str | None = None

    def label(self) -> str:
        """Who made something, as the store records it (`by`)."""
        if self.name and self.email and self.name.lower() != self.email.lower():
            return f"{self.name} <{self.email}>"
        return self.name or self.email

    def may(self, action: str) -> bool:
        return self.role in ROLES and ROLES.index(self.role) >= ROLES.index(ACTIONS[action][1])


LOCAL_USER = User("local user", "", EDITOR)  # sign-in off: the laptop's one user


def require(user: User, action: str) -> None:
    """Refuse `action` (a key of ACTIONS) unless the user's role allows it."""
    if user.may(action):
        return
    what, needed = ACTIONS[action]
    has = f"has the {user.role} role" if user.role else "has no role in the VMO"
    raise AccessDenied(
        f"{what.capitalize()} needs the {needed} role, and {user.label() or 'this user'} {has}; "
        f"nothing was changed. Ask an administrator of the VMO for the {needed} role."
    )


@dataclass(frozen=True)
class Roles:
    """Who has which role: exact addresses, domains, and everyone signed in."""

    emails: dict[str, str] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    everyone: str | None = None
    denied: frozenset[str] = frozenset()  # entries of `deny`: addresses, @domains, or *

    def role_of(self, email: str) -> str | None:
        address = email.strip().lower()
        if "@" not in address:
            return None
        domain = address.rpartition("@")[2]
        if {address, f"@{domain}", EVERYONE} & self.denied:
            return None
        return self.emails.get(address) or self.domains.get(domain) or self.everyone

    def listing(self) -> list[tuple[str, str]]:
        """(who, role) for every entry, admins first: what an admin is shown."""
        rows = [(e, r) for e, r in self.emails.items()] + [(f"@{d}", r) for d, r in self.domains.items()]
        rows += [("everyone signed in", self.everyone)] if self.everyone else []
        denied = [(entry, "no role (deny)") for entry in sorted(self.denied)]
        return sorted(rows, key=lambda row: (-ROLES.index(row[1]), row[0])) + denied


def parse_roles(text: str, *, source: str) -> Roles:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesError(f"{source}: not a TOML file ({exc})") from None
    unknown = sorted(set(document) - {*ROLES, DENY})
    if unknown:
        raise RolesError(
            f"{source}: unknown key {unknown[0]!r}; expected only {', '.join(ROLES)} and {DENY} (each a list of entries)"
        )
    found: dict[str, tuple[str, str]] = {}  # entry -> (role, where)
    for role in ROLES:
        for where, entry in _entries(document.get(role, []), role, source):
            if entry in found and found[entry][0] != role:
                raise RolesError(f"{source}: {where}: {entry!r} is also listed at {found[entry][1]}; give it one role")
            found[entry] = (role, where)
    denied = frozenset(entry for _, entry in _entries(document.get(DENY, []), DENY, source))
    return _roles_from({entry: role for entry, (role, _) in found.items()}, denied)


def _entries(values: object, role: str, source: str) -> list[tuple[str, str]]:
    if not isinstance(values, list):
        raise RolesError(f'{source}: {role}: expected a list of entries, such as ["ann@example.com", "@example.com"]')
    out = []
    for index, value in enumerate(values, start=1):
        where = f"{role}[{index}]"
        entry = value.strip().lower() if isinstance(value, str) else ""
        if not _well_formed(entry):
            raise RolesError(
                f"{source}: {where}: {value!r} is not an entry; expected an e-mail address (name@example.com), "
                "a domain (@example.com) or * (anyone signed in)"
            )
        out.append((where, entry))
    return out


def _well_formed(entry: str) -> bool:
    if entry == EVERYONE:
        return True
    local, at, domain = entry.rpartition("@")
    return bool(at) and "@" not in local and "." in domain and " " not in entry and not domain.startswith(".")


def _roles_from(entries: dict[str, str], denied: frozenset[str] = frozenset()) -> Roles:
    emails = {e: r for e, r in entries.items() if "@" in e and not e.startswith("@")}
    domains = {e[1:]: r for e, r in entries.items() if e.startswith("@")}
    return Roles(emails, domains, entries.get(EVERYONE), denied)


def read_roles(path: str | Path) -> Roles:
    """The roles a file gives; a missing file gives none (so no one signed in has a role)."""
    file = Path(path)
    if not file.exists():
        return Roles()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RolesError(f"{file}: cannot be read ({exc})") from None
    return parse_roles(text, source=str(file))
