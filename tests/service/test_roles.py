"""Roles from the roles file, and the check every write makes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vmo_core.errors import VmoError
from vmo_core.service.roles import (
    ADMIN,
    EDITOR,
    LOCAL_USER,
    ROLES,
    VIEWER,
    AccessDenied,
    Roles,
    RolesError,
    User,
    parse_roles,
    read_roles,
    require,
)

FILE = """
admin  = ["Ann@Example.com"]
editor = ["@pmo.example.com", "bob@example.com"]
viewer = ["@example.com", "*"]
"""


@pytest.fixture(scope="module")
def roles():
    return parse_roles(FILE, source="roles.toml")


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("ann@example.com", ADMIN),  # an address listed by itself, in any case
        ("ANN@EXAMPLE.COM", ADMIN),
        ("bob@example.com", EDITOR),
        ("cat@pmo.example.com", EDITOR),  # its domain
        ("dan@example.com", VIEWER),
        ("eve@elsewhere.org", VIEWER),  # everyone signed in
        ("ann@example.com.evil.org", VIEWER),  # not the domain: only `*` lets it in
        ("", None),
        ("not an address", None),
    ],
)
def test_the_address_decides_then_its_domain_then_everyone(roles, email, role):
    assert roles.role_of(email) == role


def test_without_a_star_an_address_in_no_list_has_no_role():
    roles = parse_roles('viewer = ["@example.com"]', source="roles.toml")
    assert roles.role_of("eve@elsewhere.org") is None
    assert roles.role_of("eve@sub.example.com") is None  # a domain is matched whole, not its subdomains


def test_a_missing_file_gives_no_one_a_role(tmp_path):
    assert read_roles(tmp_path / "absent.toml") == Roles()
    assert Roles().role_of("ann@example.com") is None


def test_an_admin_sees_every_entry_admins_first(roles):
    assert roles.listing() == [
        ("ann@example.com", ADMIN),
        ("@pmo.example.com", EDITOR),
        ("bob@example.com", EDITOR),
        ("@example.com", VIEWER),
        ("everyone signed in", VIEWER),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("owner = ['ann@example.com']", r"roles\.toml: unknown key 'owner'; expected only viewer, editor, admin"),
        ("editor = 'ann@example.com'", r"roles\.toml: editor: expected a list of entries"),
        ("editor = ['ann@example.com', 'bob']", r"roles\.toml: editor\[2\]: 'bob' is not an entry; expected an e-mail"),
        ("viewer = [3]", r"roles\.toml: viewer\[1\]: 3 is not an entry"),
        ("viewer = ['@']", r"viewer\[1\]: '@' is not an entry"),
        ("admin = ['a@x.org']\nviewer = ['A@X.org']", r"admin\[1\]: 'a@x\.org' is also listed at viewer\[1\]; give it one role"),
        ("admin = [", r"roles\.toml: not a TOML file"),
    ],
)
def test_a_bad_roles_file_is_refused_naming_the_entry(text, message):
    with pytest.raises(RolesError, match=message):
        parse_roles(text, source="roles.toml")


def test_a_file_that_is_not_utf8_is_refused_naming_it(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_bytes(b"admin = ['\xff@x.org']")
    with pytest.raises(RolesError, match="roles.toml: cannot be read"):
        read_roles(path)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (None, set()),
        (VIEWER, set()),
        (EDITOR, {"upload", "save", "delete", "adopt", "clear caches"}),
        (ADMIN, {"upload", "save", "delete", "adopt", "clear caches", "manage roles"}),
    ],
)
def test_each_role_may_do_what_it_should_and_no_more(role, allowed):
    user = User("Someone", "someone@example.com", role)
    actions = {"upload", "save", "delete", "adopt", "clear caches", "manage roles"}
    assert {a for a in actions if user.may(a)} == allowed
    for action in actions - allowed:
        with pytest.raises(AccessDenied):
            require(user, action)
    for action in allowed:
        require(user, action)


def test_a_refusal_says_what_was_refused_who_and_which_role_it_needs():
    viewer = User("Vic Viewer", "vic@example.com", VIEWER)
    with pytest.raises(AccessDenied) as refused:
        require(viewer, "save")
    assert str(refused.value) == (
        "Saving a scenario needs the editor role, and Vic Viewer <vic@example.com> has the viewer role; "
        "nothing was changed. Ask an administrator of the VMO for the editor role."
    )
    assert isinstance(refused.value, VmoError)  # a message for the user, never a traceback
    with pytest.raises(AccessDenied, match="dan@example.com has no role in the VMO"):
        require(User("", "dan@example.com"), "upload")


def test_the_laptop_user_is_one_editor():
    assert LOCAL_USER.role == EDITOR and LOCAL_USER.label() == "local user"
    assert not LOCAL_USER.may("manage roles")


@pytest.mark.parametrize(
    ("user", "label"),
    [
        (User("Ann Smith", "ann@example.com"), "Ann Smith <ann@example.com>"),
        (User("", "ann@example.com"), "ann@example.com"),
        (User("ann@example.com", "ann@example.com"), "ann@example.com"),
        (User("Ann Smith"), "Ann Smith"),
    ],
)
def test_who_made_it_is_the_name_and_the_address(user, label):
    assert user.label() == label


@given(st.sampled_from(ROLES), st.emails())
def test_an_address_listed_alone_has_exactly_its_role(role, email):
    roles = parse_roles(f"{role} = [{email.lower()!r}]", source="roles.toml")
    assert roles.role_of(email) == role


def test_deny_takes_the_role_from_one_person_whatever_covers_them():
    roles = parse_roles(
        'admin = ["ann@example.com"]\neditor = ["@pmo.example.com"]\nviewer = ["@example.com", "*"]\n'
        'deny = ["Leo@PMO.example.com", "ann@example.com", "@gone.example.org"]',
        source="roles.toml",
    )
    assert roles.role_of("leo@pmo.example.com") is None  # a leaver under a domain entry, alone
    assert roles.role_of("cat@pmo.example.com") == EDITOR  # the rest of the domain keeps its role
    assert roles.role_of("ann@example.com") is None  # listed by address too: deny still wins
    assert roles.role_of("zed@gone.example.org") is None  # a whole domain, though `*` covers it
    assert roles.role_of("eve@elsewhere.org") == VIEWER
    assert roles.listing()[-3:] == [
        ("@gone.example.org", "no role (deny)"),
        ("ann@example.com", "no role (deny)"),
        ("leo@pmo.example.com", "no role (deny)"),
    ]


def test_a_deny_entry_is_checked_like_any_other():
    with pytest.raises(RolesError, match=r"roles\.toml: deny\[2\]: 'leo' is not an entry"):
        parse_roles('deny = ["ann@example.com", "leo"]', source="roles.toml")
    with pytest.raises(RolesError, match=r"roles\.toml: deny: expected a list of entries"):
        parse_roles('deny = "leo@example.com"', source="roles.toml")
