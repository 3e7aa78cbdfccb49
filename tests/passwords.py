"""Passwords people paste into a store's URL as they are, and the check that none of one shows.

Each piece between the URL's own signs is distinctive, so that a piece of one in a message
(libpq echoing what it misread) is found too."""

from __future__ import annotations

import re

PASSWORDS = ["Zq9/Xw7k", "Zq9@Xw7k", "Zq9%Xw7k", "Zq9 Xw7k", "Zq9:Xw7k?Kp3#", "Zq9@/Xw7k%zz Kp3@", "Zq9%41Xw7k"]


def pieces(password: str) -> list[str]:
    """The password and every run of 3 or more characters of it between the URL's signs."""
    return [password, *[p for p in re.split(r"[/@%:?# ]", password) if len(p) >= 3]]


def shows_none_of(text: str, password: str) -> bool:
    return not any(piece in text for piece in pieces(password))
