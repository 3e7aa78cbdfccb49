"""Board pack: the steering meeting's deck, workbook or PDF, from the portfolio and a chosen scenario."""

import json

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_app.boardpack import FORMATS, MIME, build

BUILT = "boardpack.built"  # the last file built in this session: its key, bytes, name and warnings
SESSION, PLAN, SAVED = "session", "plan", "saved:"
CONTENTS = {
    ".pptx": "A board paper: the portfolio's name and date; a summary of the decisions requested, each with its money, "
    "and the red flags; what changed since the last review and the decisions taken; then the evidence (economics, the "
    "constraint, the scenario's changes, interventions, intake, benefits, the timeline) and the big tables in an "
    "appendix. Native charts the PMO can edit, speaker notes on every slide.",
    ".xlsx": "The same figures as tables a finance team can audit, exact to the penny, a sheet per table (what changed "
    "since the last review and the decisions taken among them), the assumptions on their own sheet, native Excel charts.",
    ".pdf": "The deck's story as a printable paper, in the same order: the summary first, then the evidence with the "
    "app's charts, the full tables in the appendix.",
}

pf = ui.guard()
ui.title("Board pack")
ui.plan_note(pf)
ui.note("The steering meeting's pack, written in money from the same figures as these pages, in the formats boards use.")

# ---------------------------------------------------------------- inputs
saved = {record["name"]: record for record in cache.store().scenarios()}
options = ([SESSION] if state.current_changes() else []) + [PLAN] + [SAVED + name for name in saved]


def label(option: str) -> str:
    if option == SESSION:
        return f"This session's scenario: {state.scenario_name() or 'unsaved'}"
    if option == PLAN:
        return "The plan as it stands"
    return f"Saved: {option[len(SAVED) :]}"


which, kind = st.columns([3, 2])
chosen = ui.select(which, "Scenario", options, format_func=label, key="boardpack.scenario")
suffix = ui.choose(
    kind, "Format", list(FORMATS), format_func=lambda s: f"{FORMATS[s]} ({s})", horizontal=True, key="boardpack.format"
)
ui.note(CONTENTS[suffix])

if chosen == SESSION:
    scenario = {"name": state.scenario_name() or "This session's scenario", "changes": list(state.current_changes())}
elif chosen.startswith(SAVED) and chosen[len(SAVED) :] in saved:
    record = saved[chosen[len(SAVED) :]]
    scenario = {"name": record["name"], "changes": list(record["changes"])}
else:
    scenario = None
key = json.dumps([cache.version(), scenario, suffix], sort_keys=True)

# ---------------------------------------------------------------- build, then download
if st.button("Build", type="primary", key="boardpack.build", width="stretch"):
    bar = st.progress(0.0, text="Starting")
    with st.spinner("Building the board pack…"):
        made = build(scenario, suffix, progress=lambda done, doing: bar.progress(done, text=ui.escaped(doing)))
    if made.problem:
        st.session_state.pop(BUILT, None)
        ui.error(f"The board pack could not be built: {made.problem}")
    else:
        st.session_state[BUILT] = {"key": key, "data": made.data, "name": made.name, "warnings": made.warnings}

built = st.session_state.get(BUILT)
if built and built["key"] == key:
    for warning in built["warnings"]:
        ui.warning(warning)
    st.download_button(
        ui.escaped(f"Download {built['name']}"),
        data=built["data"],
        file_name=built["name"],
        mime=MIME[suffix],
        key="boardpack.download",
        type="primary",
        width="stretch",
    )
elif built:
    ui.note("The choice changed since the last build: build again to download it.")
