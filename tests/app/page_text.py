"""Reading every string a page shows, as the hostile-input tests do: markdown, charts, tables and
widgets, and the check that nothing there is markup made of user text (`assert_only_text`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pandas as pd
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from tests.app.support import failures, shown
from vmo_app.presentation import AFTER, STYLE
from vmo_app.scenario_bar import COPY_LINK

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _strings(value, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


MARKDOWN_FIELDS = {"label", "body", "help", "delta", "text", "placeholder", "captions"}
FIXED_HTML = {" ".join(h.split()) for h in (COPY_LINK, STYLE, AFTER)}  # the app's own HTML, no user text (see the rule below)
PLAIN_KINDS = {"text", "code", "plotly_chart", "dataframe", "arrow_data_frame", "exception"}


def page_texts(app: AppTest) -> Iterator[tuple[str, str, str]]:
    """(element kind, field, string) for every element and block on the screen, sidebar included."""
    for node in app._tree:
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        kind = getattr(node, "type", type(node).__name__)
        for field, value in _strings(MessageToDict(proto, preserving_proto_field_name=True)):
            yield kind, field, value


def markdown_texts(app: AppTest) -> list[str]:
    """Every string Streamlit renders as markdown."""
    return [
        value
        for kind, field, value in page_texts(app)
        if kind not in PLAIN_KINDS
        and (field in MARKDOWN_FIELDS or (kind == "radio" and field == "options"))
        and " ".join(value.split()) not in FIXED_HTML
    ]


_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
_UNESCAPED = {  # on what is left once every escaped character is taken out
    "a link, image, HTML, code or math": re.compile(r"[\[\]<>`$&|]"),
    "emphasis": re.compile(r"[*_~]"),
    "a heading, list or quote": re.compile(r"(?m)^\s*(#|[-+*]\s|\d+[.)]\s|>)"),
}
_RESOLVED = {  # on the text Streamlit's markdown holds once the escapes are resolved
    "a bare URL": re.compile(r"(?i)\b(https?|ftp)://|\bwww\.|\b(mailto|xmpp):(?!\u2060)"),
    "an e-mail address": re.compile(r"[\w.+-]@[\w-]"),
    "an emoji or icon code": re.compile(r":[\w+-]+:"),
}


def live_markdown(md: str) -> list[str]:
    """What in `md` Streamlit would render as markup rather than as the text it is."""
    left = _ESCAPED.sub("", md)
    if left.startswith("**") and left.endswith("**"):  # widgets.strong's own bold
        left = left[2:-2]
    found = [name for name, pattern in _UNESCAPED.items() if pattern.search(left)]
    resolved = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", md)
    found += [name for name, pattern in _RESOLVED.items() if pattern.search(resolved)]
    if ":material/" in md or ":streamlit:" in md:
        found.append("a Streamlit icon")
    if BIDI.search(md):
        found.append("a direction control")
    return found


def figures(app: AppTest) -> list[dict]:
    return [json.loads(node.proto.spec) for node in app._tree if getattr(node, "type", "") == "plotly_chart"]


TEMPLATE_KEYS = {"hovertemplate", "texttemplate", "tickformat"}  # the figures' own formats, never user text
OWN_TAGS = re.compile(r"<br>|<extra>|</extra>")


def live_html(figure: dict) -> list[str]:
    """Strings of a Plotly figure that Plotly would draw as HTML (tags, foreign entities) or reorder."""
    found = []
    for key, value in _strings(figure):
        text = OWN_TAGS.sub("", value) if key in TEMPLATE_KEYS else value
        if "<" in text or ">" in text or re.search(r"&(?!amp;|lt;|gt;)", text) or BIDI.search(text):
            found.append(f"{key}: {value!r}")
    return found


def frames(app: AppTest, *, edited: bool = True) -> list[pd.DataFrame]:
    """The tables on the page; with `edited` False, only those shown (not the data editor's, which
    holds the cells as stored, to be edited and saved back unchanged)."""
    return [
        node.value for node in app._tree if getattr(node, "type", "") == "dataframe" and (edited or not node.proto.editing_mode)
    ]


def seen_text(app: AppTest) -> str:
    """Everything a reader can read on the page, as plain text."""
    parts = [shown(md) for md in markdown_texts(app)]
    parts += [v for kind, field, v in page_texts(app) if kind in ("text", "selectbox", "multiselect") and field != "id"]
    for figure in figures(app):
        parts += [v.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for _, v in _strings(figure)]
    for frame in frames(app):
        parts += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    return "\n".join(parts)


def assert_only_text(app: AppTest) -> None:
    """Nothing on the page is markup made of user text; no exception, no boundary message."""
    assert not app.exception, app.exception
    assert not failures(app), failures(app)
    live = {md: found for md in markdown_texts(app) if (found := live_markdown(md))}
    assert not live, live
    html = [found for figure in figures(app) for found in live_html(figure)]
    assert not html, html
    for kind, field, value in page_texts(app):
        if kind in ("selectbox", "multiselect", "text") and field in ("options", "body", "default"):
            assert not BIDI.search(value), (kind, value)
        if kind == "dataframe" and field == "columns":
            assert '"link"' not in value.lower(), "no LinkColumn: a name is no address"
    for frame in frames(app, edited=False):
        cells = [str(c) for c in frame.columns] + [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
        assert not [c for c in cells if BIDI.search(c)], "a direction control in a table"


VISIBLE_FIELDS = {"label", "body", "text", "delta", "placeholder", "options", "captions", "value"}
DRAWN_TEXT = {"bar", "waterfall", "funnel", "heatmap"}  # traces whose `text` is drawn on the chart, not only hovered


def figure_text(figure: dict) -> list[str]:
    """What a figure draws: its titles, annotations, tick labels, legend names, and the text drawn on
    bars (or beside markers in a text mode); not what a hover shows."""
    seen = []
    for trace in figure.get("data", []):
        kind = trace.get("type", "scatter")
        if trace.get("showlegend", True) and isinstance(trace.get("name"), str):
            seen.append(trace["name"])
        if kind in DRAWN_TEXT or "text" in trace.get("mode", ""):
            text = trace.get("text")
            seen += [text] if isinstance(text, str) else [t for t in text or [] if isinstance(t, str)]
        for axis in ("x", "y"):  # category labels become tick labels
            seen += [v for v in trace.get(axis) or [] if isinstance(v, str) and not re.match(r"\d{4}-\d\d-\d\d", v)]
    layout = figure.get("layout", {})
    seen += [t for key, t in _strings(layout.get("title", {})) if key == "text"]
    seen += [a["text"] for a in layout.get("annotations", []) if isinstance(a.get("text"), str)]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            seen += [t for t in axis.get("ticktext", []) if isinstance(t, str)]
            seen += [t for k, t in _strings(axis.get("title", {})) if k == "text"]
    return [v.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for v in seen]


def visible_text(app: AppTest, *, edited: bool = True) -> list[str]:
    """What a reader sees without hovering: markdown, metrics, widget labels and options, tables'
    headings and cells, and in figures their titles, bar text, legend names and tick labels (not the
    help behind a (?) or a hover, where the precise term belongs). `edited` False: without the cells of
    data editors (`frames`)."""
    seen = [
        shown(value)
        for kind, field, value in page_texts(app)
        if kind not in PLAIN_KINDS and field in VISIBLE_FIELDS and " ".join(value.split()) not in FIXED_HTML
    ]
    for figure in figures(app):
        seen += figure_text(figure)
    for frame in frames(app, edited=edited):
        seen += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    return seen
