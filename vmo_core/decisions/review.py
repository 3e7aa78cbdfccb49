"""Going back to an earlier plan, and the steps of a review's waterfall.

Going back is adopting an earlier snapshot again, recorded as a decision.
Nothing is lost by going back: the earlier snapshot is written again as the newest, and the
decision record says what that predicts against the plan it replaces, as `slips.predict`
does for a scenario (ECONOMICS.md, "Time passing"): its net value change, and the delivery
date of each project whose delivery moves (on both lists, delivered in another week, or
delivered in one and not the other) and of each it brings back onto the list.

The net value change counts the people too: the plan being left may hold capacity a
scenario added, and going back gives those people up (or takes back the ones it removed),
at each team's cost per FTE-week over the horizon, as a scenario's capacity is costed.

A review's waterfall (`review_steps`) walks `Changes.bridge` from the earlier total value to
the later one, with the revaluing step told apart: re-estimates, and the horizon moving on.
"""

from __future__ import annotations

import math

from vmo_core.decisions.slip_results import Changes, Decision, Prediction
from vmo_core.engine.evaluation import schedule
from vmo_core.engine.results import ProjectOutcome, ScheduleResult
from vmo_core.engine.valuation import capacity_cost
from vmo_core.model.plan import capacity_lines
from vmo_core.model.portfolio import Portfolio, date_of


def going_back(current: Portfolio, earlier: Portfolio, *, name: str) -> dict:
    """The predicted part of the decision that makes `earlier` the plan again instead of `current`
    (`Decision.to_dict()`, with an empty scenario named `name`)."""
    now, then = schedule(current), schedule(earlier)
    in_now = now.by_id
    moved = [o for o in then.projects if o.id in in_now and o.finish_week != in_now[o.id].finish_week]
    back = [o for o in then.projects if o.id not in in_now]
    return Decision(
        name=name,
        scenario={"name": name, "changes": []},
        predicted_net_value_change=then.net_value - now.net_value - people_cost(current, earlier),
        predicted=tuple(_prediction(o, then) for o in moved),
        added=tuple(_prediction(o, then) for o in back),
    ).to_dict()


BRINGS_BACK = "brings_back"  # in a going-back decision's predicted record: the snapshot it made the plan again


def reversals(decisions) -> dict[int, object]:
    """Each decision a later going back undid -> that later decision.

    Going back to snapshot X (`BRINGS_BACK`) from the plan P it replaced undoes every earlier
    decision whose plan lies after X and up to P: it is no longer the plan, so it is not held
    to its promise. `decisions` are the store's records (id, snapshot, based_on, predicted)."""
    undone: dict[int, object] = {}
    for later in sorted(decisions, key=lambda d: d.id):
        back = (later.predicted or {}).get(BRINGS_BACK)
        if not isinstance(back, int) or isinstance(back, bool):
            continue
        for earlier in decisions:
            if earlier.id < later.id and back < earlier.snapshot <= later.based_on and earlier.id not in undone:
                undone[earlier.id] = later
    return undone


def people_cost(current: Portfolio, earlier: Portfolio) -> float:
    """What the earlier plan's capacity costs against the current one's, over the current horizon
    (negative: going back gives people up); teams that only one of the two holds are not counted."""
    held = {pool.id for pool in earlier.pools}
    rates = {pool.id: pool.cost_per_fte_week for pool in current.pools if pool.id in held}
    return capacity_cost(capacity_lines(current), capacity_lines(earlier), rates, current.settings.horizon_weeks)


def _prediction(outcome: ProjectOutcome, result: ScheduleResult) -> Prediction:
    finish = None if outcome.finish_week is None else date_of(outcome.finish_week, result.settings.as_of)
    return Prediction(outcome.id, finish)


def review_steps(found: Changes) -> tuple[tuple[str, float], ...]:
    """`Changes.bridge` with its revaluing step split by project: the projects re-estimated (their
    value per week changed) and the rest, which the calendar revalues (the horizon moving on); and
    its leaving step split by why: delivered (done: its value is being realised, no longer value to
    come, not a loss) and the rest (stopped, sent back to proposals or gone: value given up).

    before - delayed + reestimated + horizon + entered - delivered - left = after, the same sum as
    the bridge (ECONOMICS.md, "Time passing": Left is every project on the earlier list that the
    later one has done, stopped, proposed or gone; the figures are the bridge's, told apart).
    """
    again = {r.id for r in found.reestimated}
    steps = dict(found.bridge)
    reestimated = math.fsum(s.revalued for s in found.projects if s.id in again)
    horizon = math.fsum(s.revalued for s in found.projects if s.id not in again)
    delivered = -math.fsum(x.before_value for x in found.delivered)
    dropped = -math.fsum(x.before_value for x in found.dropped)
    return (
        ("before", steps["before"]),
        ("delayed", steps["delayed"]),
        ("reestimated", reestimated),
        ("horizon", horizon),
        ("entered", steps["entered"]),
        ("delivered", delivered),
        ("left", dropped),
        ("after", steps["after"]),
    )
