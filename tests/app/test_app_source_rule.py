"""User text reaches Streamlit only through the widgets helpers: the rule, held in the app's source.

Every call outside vmo_app/widgets.py and vmo_app/safe_text.py that renders its text as markdown
is refused; a labelled call's label, help and placeholder must be a literal or escaped(...); raw
HTML only where the app writes it itself (a literal or a module constant). What the rule keeps
out of the screen is checked page by page in test_app_hostile.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- the rule, held in the source


MARKDOWN_CALLS = {  # Streamlit calls that render their text as markdown: only vmo_app.widgets makes them
    "markdown", "caption", "write", "warning", "error", "info", "success", "toast", "subheader", "header",
    "title", "text", "metric", "selectbox", "multiselect", "radio", "pills", "segmented_control", "tabs",
    "expander", "popover", "dataframe", "table", "latex", "html", "exception", "help", "chat_message",
}  # fmt: skip
LABELLED = {  # calls whose label, help, text and placeholder render as markdown: literals or escaped(...)
    "button", "download_button", "form_submit_button", "link_button", "page_link", "toggle", "checkbox",
    "text_input", "text_area", "number_input", "slider", "select_slider", "date_input", "time_input",
    "file_uploader", "color_picker", "progress", "spinner", "camera_input", "audio_input", "feedback",
}  # fmt: skip
COLUMNS = {"Column", "TextColumn", "NumberColumn", "SelectboxColumn", "DateColumn", "CheckboxColumn", "ListColumn"}
HELPERS = ("widgets.py", "safe_text.py")  # the modules that make the calls, escaping
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "vmo_app").rglob("*.py"))]


def _is_safe(node: ast.expr, *, header: bool = False) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call):
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        return name == "escaped" or (header and name == "plain")
    return False


def _fixed_texts(tree: ast.Module) -> set[str]:
    """The module's constants that are one string literal (a fixed style sheet, say): no user text in them."""
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _fixed_html(node: ast.Call, fixed: set[str]) -> bool:
    """`st.html(STYLE)`: HTML the app writes itself, a literal or a module's literal constant, nothing else
    (its script run only when it is such a constant: `unsafe_allow_javascript=True`, literally)."""
    scripted = [k for k in node.keywords if k.arg == "unsafe_allow_javascript" and isinstance(k.value, ast.Constant)]
    if node.func.attr != "html" or len(node.keywords) != len(scripted) or len(node.args) != 1:
        return False
    (only,) = node.args
    literal = isinstance(only, ast.Constant) and isinstance(only.value, str)
    return literal or (isinstance(only, ast.Name) and only.id in fixed)


def test_only_html_the_app_writes_itself_passes_the_rule():
    tree = ast.parse(
        'STYLE = "<style>p {}</style>"\nNAME = user\nst.html(STYLE)\nst.html(NAME)\nst.html(f"<b>{NAME}</b>")\n'
        "st.html(STYLE, unsafe_allow_javascript=True)\nst.html(NAME, unsafe_allow_javascript=True)"
    )
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert [_fixed_html(c, _fixed_texts(tree)) for c in calls] == [True, False, False, True, False]


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_text_reaches_streamlit_only_through_the_widgets_helpers(path):
    problems = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    fixed = _fixed_texts(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        owner_name = getattr(owner, "id", getattr(owner, "attr", ""))
        where = f"{path.name}:{node.lineno} .{name}"
        if _fixed_html(node, fixed):
            continue
        if any(k.arg == "unsafe_allow_html" for k in node.keywords) or name in ("LinkColumn", "html"):
            problems.append(f"{where}: raw HTML or a link column")
        if path.name in HELPERS or owner_name in ("ui", "widgets", "cache", "state", "files", "session_state", "log"):
            continue
        if name in MARKDOWN_CALLS and owner_name not in ("column_config", "query_params"):
            problems.append(f"{where}: use the vmo_app.widgets helper")
        elif name in LABELLED or name in COLUMNS:
            positional = node.args[:1] if name not in ("progress", "page_link") else []  # their first is no text
            texts = [*positional, *(k.value for k in node.keywords if k.arg in ("label", "help", "text", "placeholder"))]
            problems += [f"{where}: text not a literal nor escaped" for t in texts if not _is_safe(t, header=name in COLUMNS)]
    assert problems == []
