"""The plan beside its likely figure on the headline value pages, where actuals exist.

The likely figure is the P50 of the forecast from past delivery, at a fixed run count and
seed (the Forecast page's defaults, so both pages show one figure), asked of `cache.forecast`
once per portfolio version and scenario. With no actuals the forecast is the plan: nothing
is shown beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from vmo_app import cache
from vmo_app import widgets as ui
from vmo_core.forecast.montecarlo import Forecast
from vmo_core.present.forecast_sentences import describe_plan_against_likely

RUNS, SEED = 1000, 0


def forecast(changes: Sequence[dict] = ()) -> Forecast | None:
    """The fixed forecast of the scenario's plan, or None when the portfolio has no actuals to draw on."""
    if not cache.portfolio().actuals:
        return None
    return ui.computed(cache.forecast, list(changes), waiting="Weighing the plan against past delivery", runs=RUNS, seed=SEED)


def likely_metric(where, found: Forecast | None) -> None:
    """The likely value over the horizon (the P50), with its P10-P90 range in the help; nothing without actuals."""
    if found is None:
        return
    spread = found.total_value
    ui.money_metric(
        where,
        "Likely value (past delivery)",
        spread.p50,
        lead="The P50 of the forecast: exactly ",
        then=f"; 8 runs in 10 fall between {ui.cash(spread.p10)} and {ui.cash(spread.p90)} (the Forecast page).",
    )


def stretch_note(found: Forecast | None) -> None:
    """One sentence, in a box of its own, when the plan is above even the forecast's P90."""
    said = describe_plan_against_likely(found, cache.portfolio().currency) if found is not None else ""
    if said:
        ui.info(said)  # a fact to weigh, not an alarm: the calm box
