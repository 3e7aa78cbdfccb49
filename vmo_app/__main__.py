"""`python -m vmo_app [streamlit options]`: `streamlit run app.py`, with a head start (make run).

Served as `vmo_app.serving` says, with the options given after its own; on this machine only
(`--server.address localhost`) unless `--server.address` or STREAMLIT_SERVER_ADDRESS names
another address, and it says where it listens as it starts.

A thread loads what a first page needs (the core, Plotly, the compiled schedule kernel)
while the server starts, so the first visitor does not wait for it.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from vmo_app.cache import ROOT, sample_path
from vmo_app.serving import SERVED, bound_to, where


def _warm_up() -> None:
    try:
        import vmo_core
        import vmo_core.decisions.constraints  # noqa: F401
        import vmo_core.decisions.intake  # noqa: F401
        import vmo_core.present.charts  # noqa: F401

        vmo_core.schedule(vmo_core.load(sample_path()))
    except Exception:  # noqa: BLE001 - only a head start: the page itself reports any problem
        pass


def _guard_uploads() -> None:
    """Wrap Streamlit's upload manager as soon as the server has made it, before any visitor's
    script runs (app.py does it too, for `streamlit run app.py`)."""
    from streamlit.runtime import Runtime

    from vmo_app import uploading

    for _ in range(1200):  # the server starts within seconds; give up after two minutes
        if Runtime.exists():
            uploading.guard()
            return
        time.sleep(0.1)


def main() -> int:
    from streamlit.web import cli

    from vmo_app import clearing

    clearing.guard()  # before any session connects: a "clear cache" message clears nothing for one who may not
    threading.Thread(target=_warm_up, name="vmo-warm-up", daemon=True).start()
    threading.Thread(target=_guard_uploads, name="vmo-upload-guard", daemon=True).start()
    given = sys.argv[1:]
    print(bound_to(given, os.environ), file=sys.stderr, flush=True)
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *SERVED, *where(given, os.environ), *given]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
