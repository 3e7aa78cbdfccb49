"""User text as data: every Streamlit call that renders markdown gets its text through `escaped`,
and text Streamlit shows as text through `plain` (see `vmo_app.widgets`, which offers these
helpers to the pages; tests/app/test_app_hostile.py holds the app to them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from vmo_core.present.charts.base import without_controls

# ---------------------------------------------------------------- user text as data

# Explicit direction controls (embeddings, overrides, isolates: U+202A-202E, U+2066-2069) are
# removed, not wrapped in an isolate: a name with U+202E would otherwise show the rest of its
# line backwards, and a name's own U+2069 could close any isolate put around it. Removing them
# works the same wherever a name is shown (markdown, canvas tables, Plotly's SVG in the page
# and in an exported chart); Arabic or Hebrew names still read right to left by their letters.
# Control characters go too. One definition for the app and the charts: `without_controls`.
_SPACE = re.compile(r"\s+")
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every character CommonMark lets a backslash escape
_JOINER = "\u2060"  # WORD JOINER: invisible, no break; splits what Streamlit's markdown would turn into a link
_AUTOLINKED = re.compile(r"(\\[:@])|(?<=www)(?=\\\.)", re.IGNORECASE)


def plain(text: Any) -> str:
    """`text` for a place Streamlit shows as text (options, st.text, table cells): no direction controls."""
    return without_controls(text)


def escaped(text: Any) -> str:
    """`text` for a place Streamlit renders as markdown, shown exactly as written and never as markup.

    Every ASCII punctuation character is backslash-escaped (links, images, emphasis, HTML, code,
    headings, lists, tables, $math$, :colour[...] and :material/...: directives). Streamlit then
    still turns URLs, www. addresses, e-mail addresses and :emoji: codes found in the escaped
    text into links or pictures, so a word joiner follows each : and @ and splits www. too.
    Runs of white space become one space, so no line starts a block.
    """
    flat = _SPACE.sub(" ", plain(text))
    return _AUTOLINKED.sub(lambda m: (m.group(1) or "") + _JOINER, _ASCII_PUNCTUATION.sub(r"\\\g<0>", flat))


def _signed(delta: Any) -> Any:
    """A metric's delta, escaped but for a leading sign, which Streamlit reads for the arrow's direction."""
    if delta is None or not isinstance(delta, str):
        return delta
    sign = delta[:1] if delta[:1] in "+-" else ""
    return sign + escaped(delta[len(sign) :])


def say(text: str) -> None:
    """A sentence for people; names in it stay text."""
    st.markdown(escaped(text))


def note(text: str) -> None:
    """A caption for people, escaped like `say`."""
    st.caption(escaped(text))


def strong(text: str) -> None:
    """A bold line for people, escaped like `say`."""
    st.markdown(f"**{escaped(text).strip()}**")


def text(words: str, where=st) -> None:
    """Text in Streamlit's fixed-width text element (never markdown)."""
    where.text(plain(words))


def title(words: str) -> None:
    st.title(escaped(words))


def subheader(words: str) -> None:
    st.subheader(escaped(words))


def error(words: str, where=st) -> None:
    where.error(escaped(words))


def warning(words: str, where=st) -> None:
    where.warning(escaped(words))


def info(words: str, where=st) -> None:
    where.info(escaped(words))


def success(words: str, where=st) -> None:
    where.success(escaped(words))


def metric(where, label: str, value: Any, *, delta: Any = None, help: str | None = None, **kwargs) -> None:
    """`where.metric` with its label, value, delta and help escaped (Streamlit renders all four as markdown)."""
    where.metric(
        escaped(label),
        escaped(value) if isinstance(value, str) else value,
        delta=_signed(delta),
        help=None if help is None else escaped(help),
        **kwargs,
    )


def select(where, label: str, options: Iterable, *, format_func: Callable[[Any], Any] = str, **kwargs):
    """`where.selectbox`: the label escaped, each option (which Streamlit shows as text) plain."""
    return where.selectbox(escaped(label), options, format_func=lambda o: plain(format_func(o)), **_helped(kwargs))


def select_many(where, label: str, options: Iterable, *, format_func: Callable[[Any], Any] = str, **kwargs):
    """`where.multiselect`, made safe as `select` is."""
    return where.multiselect(escaped(label), options, format_func=lambda o: plain(format_func(o)), **_helped(kwargs))


def choose(where, label: str, options: Iterable, *, format_func: Callable[[Any], Any] = str, **kwargs):
    """`where.radio`: its label and its options, which Streamlit renders as markdown, escaped."""
    return where.radio(escaped(label), options, format_func=lambda o: escaped(format_func(o)), **_helped(kwargs))


def expander(label: str, **kwargs):
    """`st.expander`: its label, which Streamlit renders as markdown, escaped."""
    return st.expander(escaped(label), **kwargs)


def tabs(labels: list[str], **kwargs):
    return st.tabs([escaped(label) for label in labels], **kwargs)


def _helped(kwargs: dict) -> dict:
    if kwargs.get("help") is not None:
        kwargs["help"] = escaped(kwargs["help"])
    if kwargs.get("placeholder") is not None:
        kwargs["placeholder"] = plain(kwargs["placeholder"])
    return kwargs


def table(data, **kwargs) -> None:
    """`st.dataframe` with every text cell and heading plain. Its cells are shown as text, never as
    links (no LinkColumn here: a name is no address)."""
    if isinstance(data, pd.DataFrame):
        shown = data.rename(columns=plain, index=lambda i: plain(i) if isinstance(i, str) else i)
        shown = shown.map(lambda v: plain(v) if isinstance(v, str) else v)
    else:
        shown = [{plain(k): plain(v) if isinstance(v, str) else v for k, v in row.items()} for row in data]
    st.dataframe(shown, **kwargs)


def editor(rows: list[dict], **kwargs):
    """`st.data_editor` of `rows`, every text cell plain, as `table`'s are."""
    return st.data_editor([{k: plain(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows], **kwargs)


def popover(where, label: str, **kwargs):
    return where.popover(escaped(label), **kwargs)
