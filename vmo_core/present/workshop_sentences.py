"""The workshop's sentences: which scenario wins and by which moves, what each replay step did,
and what a saved scenario is worth now against when it was saved."""

from __future__ import annotations

import datetime as dt

from vmo_core.decisions.workshop import Step
from vmo_core.present.format import day, join_words, money_in, money_short, scale_of, shown_value
from vmo_core.present.sentences import describe_changes

SHOWN = 0.5  # a step smaller than this reads £0: not named among the moves


def describe_move(step: Step, portfolio) -> str:
    """'adding Atlas' or 'not stopping Borealis' (a change the runner-up makes and the winner does not)."""
    parts = [_lower(describe_changes([c], portfolio)) for c in step.added]
    parts += ["not " + _lower(describe_changes([c], portfolio)) for c in step.dropped]
    return join_words(parts) if parts else "the order of the changes both make"


def describe_winner(winner: str, runner_up: str, steps: tuple[Step, ...], portfolio, *, most: int = 3) -> str:
    """'Accept Atlas wins by £1.2M over Stop CRM: adding Atlas (+£0.9M) and not stopping CRM (+£0.3M).'"""
    currency = portfolio.currency
    gap = sum(step.effect for step in steps)
    if abs(gap) < SHOWN:
        return f"{winner} and {runner_up} come out the same: neither adds value over the other."
    moves = sorted((s for s in steps if abs(s.effect) >= SHOWN), key=lambda s: -abs(s.effect))
    named = [f"{describe_move(s, portfolio)} ({money_short(s.effect, currency, signed=True)})" for s in moves[:most]]
    rest = len(moves) - most
    more = [f"{rest} smaller move{'s' if rest > 1 else ''}"] if rest > 0 else []
    return f"{winner} wins by {money_short(gap, currency)} over {runner_up}: {join_words(named + more)}."


def describe_step(number: int, step: Step, portfolio, *, of: int | None = None, scale: float | None = None) -> str:
    """'Step 2 of 3, stopping Borealis: +£0.4M; the scenario so far is +£1.1M against the plan.'

    The step's figure is the difference of the totals as shown (£1.6M then £5.3M: +£3.7M), all in
    one `scale` (the replay's: `scale_of` its totals), so the steps read one after another add up to
    the total shown, whatever the rounding."""
    currency = portfolio.currency
    total = f" of {of}" if of else ""
    scale = scale or scale_of(step.net_before, step.net_after)
    effect = shown_value(step.net_after, scale) - shown_value(step.net_before, scale)
    return (
        f"Step {number}{total}, {describe_move(step, portfolio)}: {money_in(effect, currency, scale=scale, signed=True)}; "
        f"the scenario so far is {money_in(step.net_after, currency, scale=scale, signed=True)} against the plan."
    )


def describe_drift(*, saved_on: dt.date | None, saved_net: float, net_now: float | None, currency: str, same_plan: bool) -> str:
    """'Saved on the 9 Nov 2026 plan at +£1.2M; on today's plan it is +£0.9M (-£0.3M).'"""
    plan = f"the {day(saved_on)} plan" if saved_on else "an earlier plan"
    saved = f"Saved on {plan} at {money_short(saved_net, currency, signed=True)}"
    if net_now is None:
        return f"{saved}; it no longer fits today's plan."
    if same_plan:
        return f"{saved}; the plan has not changed since."
    moved = net_now - saved_net
    by = "no change" if abs(moved) < SHOWN else money_short(moved, currency, signed=True)
    return f"{saved}; on today's plan it is {money_short(net_now, currency, signed=True)} ({by})."


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]
