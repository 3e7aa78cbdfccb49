"""Board pack: the steering meeting's deck, workbook or PDF, from the portfolio and a chosen scenario."""

import json
import re

import streamlit as st

import vmo_ui as ui
from vmo_core.errors import VmoError
from vmo_core.report import FORMATS, MIME, build_pack, report_bytes

BUILT = "boardpack.built"  # the last file built in this session: its key, bytes, name and warnings
SESSION, PLAN, SAVED = "session", "plan", "saved:"
CONTENTS = {
    ".pptx": "A title slide; portfolio economics; the constraint; the scenario's changes; the recommended "
    "interventions; intake decisions; benefits RAG; the timeline. Native charts the PMO can edit, speaker notes.",
    ".xlsx": "The same figures as tables a finance team can audit, exact to the penny, with the assumptions on their "
    "own sheet and native Excel charts.",
    ".pdf": "The deck's content as a printable document, with the app's charts and the full tables.",
}

pf = ui.guard()
st.title("Board pack")
ui.note("The steering meeting's pack, written in money from the same figures as these pages, in the formats boards use.")

# ---------------------------------------------------------------- inputs
saved = {record["name"]: record for record in ui.store().scenarios()}
options = ([SESSION] if ui.current_changes() else []) + [PLAN] + [SAVED + name for name in saved]


def label(option: str) -> str:
    if option == SESSION:
        return f"This session's scenario: {ui.scenario_name() or 'unsaved'}"
    if option == PLAN:
        return "The plan as it stands"
    return f"Saved: {option[len(SAVED) :]}"


which, kind = st.columns([3, 2])
chosen = which.selectbox("Scenario", options, format_func=label, key="boardpack.scenario")
suffix = kind.radio("Format", list(FORMATS), format_func=lambda s: f"{FORMATS[s]} ({s})", horizontal=True, key="boardpack.format")
ui.note(CONTENTS[suffix])

if chosen == SESSION:
    scenario = {"name": ui.scenario_name() or "This session's scenario", "changes": list(ui.current_changes())}
elif chosen.startswith(SAVED) and chosen[len(SAVED) :] in saved:
    record = saved[chosen[len(SAVED) :]]
    scenario = {"name": record["name"], "changes": list(record["changes"])}
else:
    scenario = None
key = json.dumps([ui.version(), scenario, suffix], sort_keys=True)

# ---------------------------------------------------------------- build, then download
if st.button("Build", type="primary", key="boardpack.build", width="stretch"):
    bar = st.progress(0.0, text="Starting")
    try:
        with st.spinner("Building the board pack…"):
            pack = build_pack(pf, scenario, progress=lambda done, doing: bar.progress(done * 0.6, text=doing))
            bar.progress(0.6, text=f"Writing the {FORMATS[suffix]}, charts included")
            data, warnings = report_bytes(pack, suffix)
            bar.progress(1.0, text="Done")
    except VmoError as exc:
        st.session_state.pop(BUILT, None)
        st.error(f"The board pack could not be built: {exc}")
    else:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", pack.scenario_name).strip("-").lower() or "plan"
        st.session_state[BUILT] = {"key": key, "data": data, "name": f"board-pack-{slug}{suffix}", "warnings": warnings}

built = st.session_state.get(BUILT)
if built and built["key"] == key:
    for warning in built["warnings"]:
        st.warning(ui.escaped(warning))
    st.download_button(
        f"Download {built['name']}",
        data=built["data"],
        file_name=built["name"],
        mime=MIME[suffix],
        key="boardpack.download",
        type="primary",
        width="stretch",
    )
elif built:
    ui.note("The choice changed since the last build: build again to download it.")
