"""Figure builders: core results in, Plotly figures out. The pages and the board pack share them."""

from vmo_core.present.charts.base import FONT, TEMPLATE
from vmo_core.present.charts.decisions import (
    benefit_bars,
    benefit_gaps,
    intake_places,
    intervention_bars,
    load_heatmap,
    shadow_prices,
    stop_bars,
)
from vmo_core.present.charts.plan import delay_waterfall, gantt, order_curves, order_values, scenario_curves, value_curves

__all__ = [
    "FONT",
    "TEMPLATE",
    "benefit_bars",
    "benefit_gaps",
    "delay_waterfall",
    "gantt",
    "intake_places",
    "intervention_bars",
    "load_heatmap",
    "order_curves",
    "order_values",
    "scenario_curves",
    "shadow_prices",
    "stop_bars",
    "value_curves",
]
