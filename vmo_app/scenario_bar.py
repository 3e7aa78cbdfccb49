"""The sidebar's scenario: its name with a "modified" mark, Undo and Redo, saving it (asking
before another saved scenario is replaced) and opening a saved one."""

from __future__ import annotations

import streamlit as st

import vmo_core
from vmo_app import cache, state
from vmo_app.safe_text import error, note, select, success, text, warning
from vmo_core.present.format import plural
from vmo_core.present.sentences import describe_changes

# A fixed script, no user text in it: the button copies the text of the page's code block (the
# share link, which Streamlit shows as text), so no name ever passes through HTML or JavaScript.
COPY_LINK = """
<button type="button" data-vmo-copy style="font: inherit; padding: 0.35rem 0.9rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.3); background: white; cursor: pointer">Copy the link</button>
<script>
document.querySelectorAll("button[data-vmo-copy]").forEach((button) => {
  if (button.dataset.ready) return;
  button.dataset.ready = "1";
  button.addEventListener("click", async () => {
    const codes = document.querySelectorAll('[data-testid="stCode"] code');
    const link = codes.length ? codes[codes.length - 1].innerText.trim() : "";
    try {
      await navigator.clipboard.writeText(link);
      button.innerText = "Copied";
    } catch (e) {
      button.innerText = "Select the link and copy it";
    }
  });
});
</script>
"""
MODIFIED = " (modified)"  # after the name of a saved scenario edited since it was saved or opened


def show(pf: vmo_core.Portfolio) -> None:
    """Drawn inside `st.sidebar` by `widgets.sidebar`."""
    changes = state.current_changes()
    note("Scenario")
    text(heading())
    text(describe_changes(changes, pf) if changes else "No changes: the plan as it stands.")
    undo, redo = st.columns(2)
    undo.button("Undo", disabled=not state.can_undo(), key="vmo.bar_undo", width="stretch", on_click=state.undo)
    redo.button("Redo", disabled=not state.can_redo(), key="vmo.bar_redo", width="stretch", on_click=state.redo)
    st.text_input("Save as", value=state.scenario_name(), max_chars=80, key=state.SAVE_NAME)
    st.button("Save scenario", key="vmo.save", width="stretch", on_click=state.save_from_sidebar)
    overwrite()
    saved_message = state.take_saved_message()
    if saved_message:
        success(saved_message)
    if refused := state.take_save_refusal():  # a viewer's save, refused with why, on any page
        error(refused)
    opener()


def heading() -> str:
    name = state.scenario_name()
    if not name:
        return "Unsaved scenario"
    return name + (MODIFIED if state.modified() else "")


def overwrite() -> None:
    """Ask before a save replaces another saved scenario of that name."""
    name = state.waiting_overwrite()
    if not name:
        return
    warning(f"A saved scenario is already called {name!r}. Replace it with this one, for everyone who uses this app?")
    yes, no = st.columns(2)
    yes.button("Replace it", key="vmo.overwrite_yes", type="primary", width="stretch", on_click=state.save_now, args=(name,))
    no.button("Keep it", key="vmo.overwrite_no", width="stretch", on_click=state.keep_existing)


def copy_button() -> None:
    """A button that copies the share link shown just above it (`st.code`) to the clipboard."""
    st.html(COPY_LINK, unsafe_allow_javascript=True)


def opener() -> None:
    saved = [s["name"] for s in cache.store().scenarios()]
    if not saved:
        return
    chosen = select(st, "Saved scenarios", saved, index=None, placeholder="Open a saved scenario", key="vmo.open_choice")
    if st.button("Open", disabled=chosen is None, width="stretch", key="vmo.open"):
        state.open_saved(chosen, cache.store().scenario(chosen)["changes"])
        st.rerun()


OPEN_PICK = "present.open"  # the room's menu: a saved scenario chosen is opened at once


def menu() -> None:
    """The room's scenario menu (presentation mode's bar): what the session holds, a saved scenario
    opened as it is chosen, and the way back to the plan as it stands; drawn inside the bar's popover."""
    changes = state.current_changes()
    note(f"{heading()}: {plural(len(changes), 'change')}" if changes else "The plan as it stands")
    saved = [s["name"] for s in cache.store().scenarios()]
    select(
        st,
        "Open a saved scenario",
        saved,
        index=None,
        placeholder="Choose one" if saved else "No scenario is saved yet",
        key=OPEN_PICK,
        on_change=_open_chosen,
    )
    st.button("Back to the plan", key="present.reset", disabled=not state.current_changes(), on_click=state.reset)


def _open_chosen() -> None:
    name = st.session_state.get(OPEN_PICK)
    st.session_state[OPEN_PICK] = None
    saved = cache.store().scenario(name) if name else None
    if saved is None:
        return
    if (found := cache.try_comparison(saved["changes"]))[0] is None:  # in front of the room: said, the scenario kept
        state.refuse(f"{name} no longer fits the portfolio, so it was not opened: {found[1]}")
        return
    state.open_saved(name, saved["changes"])
