"""What a command prints: one strict JSON document, or readable tables with full figures."""

from __future__ import annotations

import sys

from vmo_core.cli.terminal import json_text
from vmo_core.engine.results import Comparison, ScheduleResult
from vmo_core.present.format import money, week_date


def emit(args, document: dict, text: str) -> int:
    """Print the command's answer: its JSON document with --json, else its text."""
    if args.json:
        # strict JSON: validation keeps every figure finite, so a NaN or an infinity here is a
        # bug, raised (and reported as an internal error) before anything is printed
        sys.stdout.write(json_text(document) + "\n")
    else:
        print(text)
    return 0


def text_table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def schedule_table(result: ScheduleResult) -> str:
    s, cur = result.settings, result.settings.currency
    rows = [
        [p.id, p.name[:34], week_date(p.start_week, s), week_date(p.finish_week, s), money(p.value, cur), money(p.cost, cur)]
        for p in result.projects
    ]
    text = text_table(["Project", "Name", "Starts", "Delivered", "Value", "Cost"], rows, right={4, 5})
    people = ""
    if result.capacity_cost:
        people = f" (projects {money(result.project_cost, cur)}, capacity {money(result.capacity_cost, cur, signed=True)})"
    text += (
        f"\n\nValue over the {s.horizon_weeks}-week horizon: {money(result.total_value, cur)}; "
        f"cost {money(result.total_cost, cur)}{people}; net {money(result.net_value, cur)}."
    )
    for p in result.unschedulable:
        text += f"\n{p.id} cannot be scheduled: it {p.reason}."
    if not result.projects:
        text += "\nNo project is active or approved, so nothing is scheduled: the plan is empty."
    return text


def comparison_table(comparison: Comparison) -> str:
    s = comparison.scenario.settings
    cur = s.currency
    moved = [d for d in comparison.projects if d.value_delta != 0 or d.finish_delta_weeks != 0]
    rows = [
        [
            d.id,
            d.name[:34],
            week_date(d.base_finish_week, s),
            week_date(d.scenario_finish_week, s),
            "n/a" if d.finish_delta_weeks is None else f"{d.finish_delta_weeks:+d}",
            money(d.value_delta, cur, signed=True),
        ]
        for d in sorted(moved, key=lambda d: d.value_delta)
    ]
    text = text_table(["Project", "Name", "Was delivered", "Now delivered", "Weeks", "Value change"], rows, right={4, 5})
    if not rows:
        text = "No project's delivery moves."
    base, scen = comparison.baseline, comparison.scenario
    parts = [
        ["Value lost to delays", money(comparison.value_lost_to_delays, cur)],
        ["Value gained sooner", money(comparison.value_gained_sooner, cur)],
        ["Value over the horizon", f"{money(base.total_value, cur)} -> {money(scen.total_value, cur)}"],
        ["Spend on projects", f"{money(base.project_cost, cur)} -> {money(scen.project_cost, cur)}"],
        ["Capacity cost (people added or taken away)", money(comparison.capacity_cost, cur, signed=True)],
        ["Total cost", f"{money(base.total_cost, cur)} -> {money(scen.total_cost, cur)}"],
        ["Net value change", money(comparison.net_value_change, cur, signed=True)],
    ]
    text += "\n\n" + text_table(["Figure", "Amount"], parts, right={1})
    return text
