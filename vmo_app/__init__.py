"""The Value Management Office's app layer: the only Streamlit user besides app.py.

    state.py     the session's scenario: changes, undo, its name, saving, shared links
    cache.py     one cache for every heavy core call, shared by every session
    widgets.py   escaping, money and dates, metrics, charts, the sidebar, a page's guard
    controls.py  the What-if's controls, each applied as it moves: priority list, stop, capacity, crash
    presentation.py  presentation mode: the room's style and its bar of changes
    serving.py   the one command line the app is served with (make run, browser tests, benchmark)
    files.py     the Data page's uploads, edits and downloads
    boardpack.py the board pack as a download
    views/       one file per page: guard, inputs, one core call through the cache, render

`python -m vmo_app [streamlit options]` serves the app (what `make run` does).
"""
