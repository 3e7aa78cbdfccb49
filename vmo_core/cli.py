"""`python -m vmo_core COMMAND SOURCE [options]`: the command line of INTERFACES.md.

Exit codes: 0 done; 2 bad input or bad arguments (message on stderr, nothing written);
1 anything else, reported as an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from vmo_core import engine, export, store
from vmo_core.constraints import constraints
from vmo_core.decisions import benefits, intake, stop_ranking
from vmo_core.errors import ScenarioError, StoreError, ValidationError, VmoError
from vmo_core.interventions import interventions
from vmo_core.loading import load
from vmo_core.narrative import (
    describe_benefits,
    describe_comparison,
    describe_constraint,
    describe_intake,
    describe_intervention,
    describe_optimise,
    describe_stop,
    money,
    week_date,
)
from vmo_core.optimise import optimise
from vmo_core.results import Comparison, ScheduleResult
from vmo_core.scenario import Scenario, read_scenario

BAD_INPUT, INTERNAL = 2, 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit code is 2 already; keep its message short
        self.print_usage(sys.stderr)
        raise SystemExit(f"{self.prog}: {message}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m vmo_core", description="The Value Management Office's engine.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str, *, source: bool = True, scenario: str | None = None):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if source:
            sub.add_argument("source", help="a CSV folder, an .xlsx or a .duckdb portfolio")
        if scenario:
            sub.add_argument("--scenario", type=Path, required=scenario == "required", help="a scenario JSON file")
        sub.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
        return sub

    command("schedule", "The plan: when each project starts and finishes, and what it is worth.", scenario="optional")
    command("compare", "What a scenario changes against the baseline, and what the delays cost.", scenario="required")
    opt = command("optimise", "The priority list that gives the most total value.", scenario="optional")
    opt.add_argument("--constraint", help="rank by value per week of this pool (default: try every pool)")
    opt.add_argument("--time-limit", type=float, default=10.0, help="seconds at most (default 10)")
    opt.add_argument("--evaluations", type=int, default=20_000, help="schedules to try at most (default 20000)")
    opt.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    opt.add_argument("--calibrated", action="store_true", help="on P50 estimates from past delivery, and say what moves")
    command("constraints", "Each pool's shadow price: what one more FTE is worth, and what it costs.", scenario="optional")
    intake_cmd = command(
        "intake", "What accepting a proposal delays and costs, and where it is best placed.", scenario="optional"
    )
    intake_cmd.add_argument("--proposal", required=True, help="the id of a proposed project")
    intake_cmd.add_argument("--position", type=int, help="its place in the list, 1 = first (default: where CD3 puts it)")
    intake_cmd.add_argument(
        "--calibrated", action="store_true", help="on P50 estimates from past delivery (actuals), and say what changes"
    )
    command("stop-ranking", "For every scheduled project, the net value of stopping it today.", scenario="optional")
    command("benefits", "Promised against forecast finish and value for every business case, with RAG.", scenario="optional")
    command("interventions", "The ranked short list for the steering meeting.", scenario="optional")
    pack = command("report", "The board pack: a deck, workbook or PDF for the steering meeting, in money.", scenario="optional")
    pack.add_argument("--out", type=Path, required=True, help="the file to write: .pptx, .xlsx or .pdf, by its ending")
    fc = command("forecast", "Ranges from past delivery: Monte Carlo runs calibrated on actuals.", scenario="optional")
    fc.add_argument("--runs", type=int, default=1000, help="Monte Carlo runs (default 1000)")
    fc.add_argument("--seed", type=int, default=0, help="seed of the draws: the same seed gives the same figures (default 0)")
    imp = command("import", "Load a portfolio into a DuckDB file, all or nothing.")
    imp.add_argument("--db", type=Path, required=True, help="the .duckdb file to write")
    exp = commands.add_parser("export", help="Write a portfolio out as a CSV folder or an .xlsx that imports back unchanged.")
    exp.add_argument("source", nargs="?", help="a portfolio to export instead of --db")
    exp.add_argument("--db", type=Path, help="the .duckdb file to read")
    exp.add_argument("--to", type=Path, required=True, help="a folder (CSV files) or a file ending .xlsx")
    exp.add_argument("--json", action="store_true", help="print what was written as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return BAD_INPUT
        return exc.code or 0
    try:
        return COMMANDS[args.command](args)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return BAD_INPUT
    except (ScenarioError, VmoError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INTERNAL if isinstance(exc, StoreError) and "in use" in str(exc) else BAD_INPUT
    except KeyboardInterrupt:
        return INTERNAL
    except BrokenPipeError:  # the reader went away (`... | head`): nothing left to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the one place an unexpected error becomes a message, not a traceback
        print(f"internal error ({type(exc).__name__}: {exc}); please report it with the command you ran", file=sys.stderr)
        return INTERNAL


def _emit(args, document: dict, text: str) -> int:
    if args.json:
        json.dump(document, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(text)
    return 0


def _scenario(args) -> Scenario | None:
    return read_scenario(args.scenario) if args.scenario else None


def cmd_schedule(args) -> int:
    pf = load(args.source)
    result = engine.schedule(pf, _scenario(args))
    return _emit(args, result.to_dict(), schedule_table(result))


def cmd_compare(args) -> int:
    pf = load(args.source)
    scenario = _scenario(args)
    comparison = engine.compare(pf, scenario)
    text = comparison_table(comparison) + "\n\n" + describe_comparison(comparison, pf, list(scenario.changes))
    return _emit(args, comparison.to_dict(), text)


def cmd_import(args) -> int:
    pf = load(args.source)
    store.import_portfolio(pf, args.db, source=str(args.source))
    summary = {"db": str(args.db), "projects": len(pf.projects), "pools": len(pf.pools)}
    return _emit(args, summary, f"Imported {len(pf.projects)} projects and {len(pf.pools)} pools into {args.db}.")


def cmd_export(args) -> int:
    if bool(args.source) == bool(args.db):
        raise VmoError("export needs exactly one portfolio: a SOURCE or --db PATH")
    pf = load(args.source or args.db)
    export.export(pf, args.to)
    return _emit(args, {"to": str(args.to), "projects": len(pf.projects)}, f"Wrote {len(pf.projects)} projects to {args.to}.")


def cmd_optimise(args) -> int:
    pf, scenario = load(args.source), _scenario(args)
    search = dict(
        constraint=args.constraint, scenario=scenario, evaluations=args.evaluations, time_limit=args.time_limit, seed=args.seed
    )
    result = optimise(pf, **search, progress=None if args.json else _progress_bar(), calibrated=args.calibrated)
    cur = pf.currency
    rows = [[str(i), p, pf.project_index[p].label[:40] if p in pf.project_index else p] for i, p in enumerate(result.order, 1)]
    totals = [
        ["Today's order", money(result.baseline_total_value, cur)],
        ["CD3 order", money(result.cd3_total_value, cur)],
        ["Optimised order", money(result.total_value, cur)],
    ]
    text = (
        _table(["#", "Project", "Name"], rows, right={0})
        + "\n\n"
        + _table(["Order", "Value"], totals, right={1})
        + "\n\n"
        + describe_optimise(result, cur)
    )
    document = result.to_dict()
    if args.calibrated:  # the raw estimates' best order beside it: what moves
        from vmo_core.calibrated import order_shift

        raw = optimise(pf, **search)
        shift = order_shift(pf, raw=raw, calibrated=result, scenario=scenario)
        document["calibrated"] = shift.to_dict()
        text += "\n" + shift.describe(cur)
    return _emit(args, document, text)


def _progress_bar():
    if not sys.stderr.isatty():
        return None

    def show(fraction: float, best: float) -> None:
        filled = int(30 * fraction)
        sys.stderr.write(f"\rsearching [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%}")
        sys.stderr.write("\n" if fraction >= 1.0 else "")
        sys.stderr.flush()

    return show


def cmd_constraints(args) -> int:
    pf = load(args.source)
    report = constraints(pf, scenario=_scenario(args))
    cur = pf.currency
    rows = [
        [
            p.id,
            p.name[:28],
            f"{p.capacity_fte:g}",
            f"{p.peak_load:g}",
            money(p.shadow_price, cur),
            money(p.fte_cost, cur),
            money(p.unlimited_value_gain, cur),
        ]
        for p in report.pools
    ]
    text = _table(["Pool", "Name", "FTE", "Peak", "One more FTE", "Its cost", "Unlimited"], rows, right={2, 3, 4, 5, 6})
    return _emit(args, report.to_dict(), text + "\n\n" + describe_constraint(report, cur))


def cmd_intake(args) -> int:
    pf, scenario = load(args.source), _scenario(args)
    result = intake(pf, args.proposal, position=args.position, scenario=scenario, calibrated=args.calibrated)
    cur = pf.currency
    rows = [
        [str(p.position), money(p.own_value, cur), money(p.delay_cost, cur), money(p.net_value_change, cur, signed=True)]
        for p in result.places
    ]
    text = _table(["Place", "Its value", "Delay cost", "Net change"], rows, right={0, 1, 2, 3})
    document, text = result.to_dict(), text + "\n\n" + describe_intake(result, pf)
    if args.calibrated:  # the raw estimates' answer beside it: how the recommendation changes
        from vmo_core.calibrated import intake_shift

        raw = intake(pf, args.proposal, position=args.position, scenario=scenario)
        shift = intake_shift(pf, raw=raw, calibrated=result)
        document["calibrated"] = shift.to_dict()
        text += "\n" + shift.describe(cur)
    return _emit(args, document, text)


def cmd_stop_ranking(args) -> int:
    pf = load(args.source)
    ranking = stop_ranking(pf, scenario=_scenario(args))
    cur = pf.currency
    rows = [
        [
            o.id,
            o.name[:34],
            money(o.net_value_change, cur, signed=True),
            money(o.value_lost, cur),
            money(o.spend_saved, cur),
            money(o.others_gain, cur),
        ]
        for o in ranking.projects
    ]
    text = _table(["Project", "Name", "Net if stopped", "Value lost", "Spend saved", "Others gain"], rows, right={2, 3, 4, 5})
    if ranking.projects:
        text += "\n\n" + describe_stop(ranking.projects[0], cur)
    return _emit(args, ranking.to_dict(), text)


def cmd_benefits(args) -> int:
    pf = load(args.source)
    report = benefits(pf, scenario=_scenario(args))
    s, cur = pf.settings, pf.currency
    rows = [
        [
            b.rag.upper(),
            b.id,
            b.name[:30],
            week_date(b.promised_finish_week, s),
            week_date(b.forecast_finish_week, s),
            money(b.promised_value, cur),
            money(b.value_shortfall, cur),
        ]
        for b in report.projects
    ]
    text = _table(["RAG", "Project", "Name", "Promised", "Forecast", "Promised value", "Shortfall"], rows, right={5, 6})
    return _emit(args, report.to_dict(), text + "\n\n" + describe_benefits(report, cur))


def cmd_interventions(args) -> int:
    pf = load(args.source)
    found = interventions(pf, scenario=_scenario(args))
    cur = pf.currency
    rows = [
        [item.label[:52], money(item.net_value_change, cur, signed=True), money(item.cost, cur), str(len(item.moves))]
        for item in found.interventions
    ]
    lines = [f"{i}. {describe_intervention(item, cur)}" for i, item in enumerate(found.interventions, 1)]
    text = (
        _table(["Intervention", "Net value", "Cost", "Moves"], rows, right={1, 2, 3}) + "\n\n" + "\n".join(lines)
        if lines
        else "No single intervention adds value: the plan is as good as these moves make it."
    )
    return _emit(args, found.to_dict(), text)


def cmd_forecast(args) -> int:
    from vmo_core.forecast import forecast
    from vmo_core.forecast_narrative import describe_calibration, describe_change_range, describe_forecast

    pf = load(args.source)
    result = forecast(pf, runs=args.runs, seed=args.seed, scenario=_scenario(args))
    s, cur = pf.settings, pf.currency
    rows = [
        [p.id, p.name[:34], week_date(p.plan_finish_week, s), week_date(p.finish_p50, s), week_date(p.finish_p85, s)]
        for p in result.projects
    ]
    text = _table(["Project", "Name", "Plan delivers", "P50 delivers", "P85 delivers"], rows, right=set())
    ranges = [["Value over the horizon", result.total_value, result.forecast.plan_total_value]]
    if result.change is not None:
        ranges += [
            ["Cost of the delays", result.change.delay_cost, result.change.plan_delay_cost],
            ["Net value change", result.change.net_value_change, result.change.plan_net_value_change],
        ]
    figures = [[name, *(money(getattr(r, k), cur) for k in ("p10", "p50", "p90")), money(plan, cur)] for name, r, plan in ranges]
    text += "\n\n" + _table(["Figure", "P10", "P50", "P90", "Plan"], figures, right={1, 2, 3, 4})
    text += "\n\n" + describe_forecast(result, s) + "\n" + describe_calibration(result.calibration)
    if result.change is not None:
        text += "\n" + describe_change_range(result, cur)
    return _emit(args, result.to_dict(), text)


def cmd_report(args) -> int:
    import time

    from vmo_core.report import FORMATS, build_pack, write_report

    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        ending = suffix or "a file without an ending"
        raise VmoError(f"{args.out}: cannot write a board pack as {ending}; expected .pptx, .xlsx or .pdf")
    pf = load(args.source)
    started = time.perf_counter()
    pack = build_pack(pf, _scenario(args))
    warnings = write_report(pack, args.out)
    seconds = time.perf_counter() - started
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    document = {"out": str(args.out), "format": suffix[1:], "scenario": pack.scenario_name}
    document |= {"seconds": seconds, "warnings": warnings}
    text = f"Wrote the board pack for {pack.scenario_name!r} ({FORMATS[suffix]}) to {args.out} in {seconds:.1f} s."
    return _emit(args, document, text)


COMMANDS = {
    "schedule": cmd_schedule,
    "compare": cmd_compare,
    "optimise": cmd_optimise,
    "constraints": cmd_constraints,
    "intake": cmd_intake,
    "stop-ranking": cmd_stop_ranking,
    "benefits": cmd_benefits,
    "interventions": cmd_interventions,
    "forecast": cmd_forecast,
    "import": cmd_import,
    "export": cmd_export,
    "report": cmd_report,
}


# ---------------------------------------------------------------- tables for people


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
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
    text = _table(["Project", "Name", "Starts", "Delivered", "Value", "Cost"], rows, right={4, 5})
    text += (
        f"\n\nValue over the {s.horizon_weeks}-week horizon: {money(result.total_value, cur)}; "
        f"cost {money(result.total_cost, cur)}; net {money(result.net_value, cur)}."
    )
    for p in result.unschedulable:
        text += f"\n{p.id} cannot be scheduled: it {p.reason}."
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
    text = _table(["Project", "Name", "Was delivered", "Now delivered", "Weeks", "Value change"], rows, right={4, 5})
    if not rows:
        text = "No project's delivery moves."
    base, scen = comparison.baseline, comparison.scenario
    text += (
        f"\n\nValue: {money(base.total_value, cur)} -> {money(scen.total_value, cur)}; "
        f"cost: {money(base.total_cost, cur)} -> {money(scen.total_cost, cur)}; "
        f"delay cost {money(comparison.delay_cost, cur)}; "
        f"net value change {money(comparison.net_value_change, cur, signed=True)}."
    )
    return text
