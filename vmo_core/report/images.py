"""Chart images for the board pack, drawn by the app's own figure builders (`vmo_core.present.charts`).

All the images a file needs are exported in one call (kaleido starts one browser for the
batch: about 3 s, against 2.5 s for each image on its own). Every builder sets its Plotly
template explicitly, so images exported while Streamlit is imported are not darkened by
Streamlit's default template; `_explicit` makes sure of it for any figure.
"""

from __future__ import annotations

import math
from pathlib import Path

from vmo_core.model.portfolio import date_of
from vmo_core.present import charts
from vmo_core.report.content import TIMELINE_ROWS
from vmo_core.report.model import Results

WIDTH = 1200  # pixels at scale 1
SCALE = 2
TIMELINE_CHUNK = 14  # bars on one slide or page: more and their labels get too small to read
TIMELINE_SIZE = (1250, 480)  # a slide's body, in pixels: the labels come out at about 11 pt


def timeline_names(r: Results) -> list[str]:
    """The timeline's images, 'timeline-1', 'timeline-2' ..., each of up to TIMELINE_CHUNK projects."""
    return [f"timeline-{k}" for k in range(1, len(_parts(r)) + 1)] or ["timeline-1"]


def _parts(r: Results) -> list[list[str]]:
    """The timeline's projects in parts of at most TIMELINE_CHUNK, as even as can be (30: 10, 10, 10)."""
    ids = [p.id for p in r.plan.projects if p.scheduled][:TIMELINE_ROWS]
    count = math.ceil(len(ids) / TIMELINE_CHUNK)
    size = math.ceil(len(ids) / count) if count else 0
    return [ids[k : k + size] for k in range(0, len(ids), size)] if size else []


def _timeline(r: Results, part: int):
    c = r.comparison
    parts = _parts(r)
    chunk = set(parts[part - 1]) if parts else set()
    fig = charts.gantt(r.plan, baseline=r.baseline if c else None, added=c.added if c else (), only=chunk)
    width, height = TIMELINE_SIZE
    fig.update_layout(width=width, height=height, margin=dict(t=30, b=10, l=10, r=10))
    fig.update_yaxes(tickfont=dict(size=15))
    as_of, horizon = r.plan.settings.as_of, r.plan.settings.horizon_weeks
    fig.update_xaxes(range=[date_of(-2, as_of).isoformat(), date_of(horizon + 3, as_of).isoformat()])  # alike on every part
    return fig


def figure(name: str, r: Results, currency: str):
    """The Plotly figure of one of the pack's chart images, or None when it has nothing to show."""
    c = r.comparison
    if name.startswith("timeline-"):
        return _timeline(r, int(name.split("-")[1]))
    if name == "economics":
        return charts.value_curves(r.baseline, r.plan if c else None)
    if name == "constraint":
        return charts.shadow_prices(r.constraints, currency) if r.constraints.pools else None
    if name == "changes":
        return charts.delay_waterfall(c) if c else None
    if name == "interventions":
        items = r.interventions.interventions
        return charts.intervention_bars(items, currency) if items else None
    if name == "benefits":
        return charts.benefit_gaps(r.benefits, currency) if r.benefits.projects else None
    if name == "stop":
        return charts.stop_bars(r.stops, currency, most=10) if r.stops.projects else None
    raise KeyError(name)


def render(pack, names: list[str], folder: Path, *, scale: float = SCALE) -> tuple[dict[str, Path], list[str]]:
    """PNG files of the named images in `folder`, and what went wrong (no image is then made).

    Kaleido is called directly rather than through plotly.io so that MathJax is switched
    off: by default Kaleido's page fetches it from a CDN, and nothing here is downloaded.
    """
    figures = {n: figure(n, pack.results, pack.currency) for n in names}
    figures = {n: _explicit(f) for n, f in figures.items() if f is not None}
    if not figures:
        return {}, []
    paths = {n: folder / f"{n}.png" for n in figures}
    specs = [
        {
            "fig": fig.to_dict(),
            "path": str(paths[name]),
            "opts": {
                "format": "png",
                "width": int(fig.layout.width or WIDTH),
                "height": int(fig.layout.height or 450),
                "scale": scale,
            },
        }
        for name, fig in figures.items()
    ]
    try:
        import kaleido

        failures = kaleido.write_fig_from_object_sync(specs, kopts={"mathjax": False}) or ()
    except Exception as exc:  # kaleido needs Chromium: the file is still written, without the charts
        failures = (exc,)
    made = {n: p for n, p in paths.items() if p.exists()}
    if len(made) == len(paths):
        return made, []
    reason = "; ".join(f"{type(e).__name__}: {e}".strip().splitlines()[0][:160] for e in failures) or "no image came back"
    return made, [f"Some chart images could not be drawn ({reason}); `make chromium` installs the browser they need."]


def _explicit(fig):
    if fig.layout.template is None or not fig.layout.template.to_plotly_json():
        fig.update_layout(template=charts.TEMPLATE)
    return fig
