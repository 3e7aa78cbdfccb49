"""One function per command: read the arguments, make one core call, print JSON or text.

A decision's modules load in its own command (only `optimise`'s are here for all): as a
program, `optimise --time-limit` counts from the process's start.
"""

from __future__ import annotations

import math
import sys
import time

from vmo_core.cli.loop import COMMANDS as LOOP_COMMANDS
from vmo_core.cli.loop import report_history
from vmo_core.cli.text import comparison_table, schedule_table, text_table
from vmo_core.cli.text import emit as _emit
from vmo_core.decisions.best import best_order
from vmo_core.decisions.sequencing import MAX_EVALUATIONS, optimise
from vmo_core.engine import evaluation as engine
from vmo_core.engine.scenario import Scenario, read_scenario
from vmo_core.errors import VmoError
from vmo_core.io import export
from vmo_core.io.loading import load
from vmo_core.present.format import day, money, plural, week_date
from vmo_core.present.sentences import (
    describe_benefits,
    describe_comparison,
    describe_constraint,
    describe_intake,
    describe_intervention,
    describe_optimise,
    describe_stop,
)
from vmo_core.store import stores


def _load(args):
    """SOURCE, through --mapping when it is a one-sheet register; --as-of for MS Project without a status date."""
    notes: list[str] = []
    pf = load(args.source, mapping=args.mapping, as_of=getattr(args, "as_of", None), notes=notes)
    for line in notes:  # what a register set aside, and what its missing cells mean: never on stdout
        print(f"note: {line}", file=sys.stderr)
    return pf


def _scenario(args) -> Scenario | None:
    return read_scenario(args.scenario) if args.scenario else None


def _answer(args, decide, **options):
    """The portfolio, and one core answer on it under the command's scenario (if any)."""
    pf = _load(args)
    return pf, decide(pf, scenario=_scenario(args), **options)


def cmd_schedule(args) -> int:
    from vmo_core.decisions.as_written import plan_as_written
    from vmo_core.present.as_written import describe_plan_as_written

    pf = _load(args)
    scenario = _scenario(args)
    result = engine.schedule(pf, scenario)
    text = schedule_table(result)
    if not args.json and (scenario is None or not scenario.changes):  # the plan's own gap, as the Portfolio page says it
        text = "\n\n".join(filter(None, [text, describe_plan_as_written(plan_as_written(pf, baseline=result), pf.currency)]))
    return _emit(args, result.to_dict(), text)


def cmd_compare(args) -> int:
    pf = _load(args)
    scenario = _scenario(args)
    comparison = engine.compare(pf, scenario)
    text = comparison_table(comparison) + "\n\n" + describe_comparison(comparison, pf, list(scenario.changes))
    return _emit(args, comparison.to_dict(), text)


def cmd_import(args) -> int:
    pf = _load(args)
    made = stores.import_portfolio(pf, args.db, source=stores.label(args.source), note=args.note, by=args.by)
    summary = {"db": stores.label(args.db), "snapshot": made.id, "projects": len(pf.projects), "pools": len(pf.pools)}
    text = (
        f"Imported {plural(len(pf.projects), 'project')} and {plural(len(pf.pools), 'pool')} into {stores.label(args.db)} "
        f"as snapshot {made.id} (as of {day(pf.as_of)}); it is now the plan."
    )
    return _emit(args, summary, text)


def cmd_export(args) -> int:
    if bool(args.source) == bool(args.db):
        raise VmoError("export needs exactly one portfolio: a SOURCE or --db PATH")
    pf = load(args.source or stores.require_existing(args.db), mapping=getattr(args, "mapping", None), as_of=args.as_of)
    export.export(pf, args.to)
    wrote = f"Wrote {plural(len(pf.projects), 'project')} to {args.to}."
    return _emit(args, {"to": str(args.to), "projects": len(pf.projects)}, wrote)


EXIT_SHARE = 0.05  # of optimise's time limit, kept for the answer's output and the process's exit
OWN_SEARCH = {"time_limit": 10.0, "evaluations": 20_000, "seed": 0}  # the defaults once any one of them is given


def cmd_optimise(args) -> int:
    pf, scenario = _load(args), _scenario(args)
    searches = 2 if args.calibrated else 1  # --calibrated searches twice: each has half the time left
    result = _search(args, pf, scenario, calibrated=args.calibrated, share=1 / searches, progress=not args.json)
    cur = pf.currency
    rows = [[str(i), p, pf.project_index[p].label[:40] if p in pf.project_index else p] for i, p in enumerate(result.order, 1)]
    totals = [
        ["Today's order", money(result.baseline_total_value, cur)],
        ["CD3 order", money(result.cd3_total_value, cur)],
        ["Optimised order", money(result.total_value, cur)],
    ]
    text = (
        text_table(["#", "Project", "Name"], rows, right={0})
        + "\n\n"
        + text_table(["Order", "Value"], totals, right={1})
        + "\n\n"
        + describe_optimise(result, cur)
    )
    document = result.to_dict()
    if args.calibrated:  # the raw estimates' best order beside it: what moves
        from vmo_core.decisions.calibrated import order_shift
        from vmo_core.present.forecast_sentences import describe_order_shift

        raw = _search(args, pf, scenario, calibrated=False)
        shift = order_shift(pf, raw=raw, calibrated=result, scenario=scenario)
        document["calibrated"] = shift.to_dict()
        text += "\n" + describe_order_shift(shift, cur, pf)
    return _emit(args, document, text)


def _search(args, pf, scenario, *, calibrated: bool, share: float = 1.0, progress: bool = False):
    """The best order (best.py) when none of --time-limit, --evaluations and --seed is given: the
    app's and the board pack's answer. Otherwise a search of the user's own, the rest at OWN_SEARCH,
    except that a time limit given alone is the search's only bound: it searches for that long."""
    shown = _progress_bar() if progress else None
    chosen = {name: getattr(args, name) for name in OWN_SEARCH if getattr(args, name) is not None}
    if not chosen:
        return best_order(pf, scenario=scenario, constraint=args.constraint, progress=shown, calibrated=calibrated)
    own = {**OWN_SEARCH, **chosen}
    if "time_limit" in chosen and "evaluations" not in chosen:
        own["evaluations"] = MAX_EVALUATIONS
    time_limit = _time_left(own["time_limit"], args.started, share=share)  # counted from `main`: reading is inside it
    return optimise(
        pf,
        constraint=args.constraint,
        scenario=scenario,
        evaluations=own["evaluations"],
        seed=own["seed"],
        time_limit=time_limit,
        progress=shown,
        calibrated=calibrated,
    )


def _time_left(limit: float, started: float, *, share: float = 1.0) -> float:
    """`share` of what is left of the time limit, less what writing the answer and ending the process
    take (EXIT_SHARE of it; at least a millisecond); a bad limit as it is, for optimise to refuse."""
    if not (limit > 0 and math.isfinite(limit)):
        return limit
    return max(1e-3, share * (limit * (1 - EXIT_SHARE) - (time.perf_counter() - started)))


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
    from vmo_core.decisions.constraints import constraints

    pf, report = _answer(args, constraints)
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
    text = text_table(["Pool", "Name", "FTE", "Peak", "One more FTE", "Its cost", "Unlimited"], rows, right={2, 3, 4, 5, 6})
    return _emit(args, report.to_dict(), text + "\n\n" + describe_constraint(report, cur))


def cmd_intake(args) -> int:
    from vmo_core.decisions.intake import intake

    pf, scenario = _load(args), _scenario(args)
    result = intake(pf, args.proposal, position=args.position, scenario=scenario, calibrated=args.calibrated)
    cur = pf.currency
    rows = [
        [str(p.position), money(p.own_value, cur), money(p.delay_cost, cur), money(p.net_value_change, cur, signed=True)]
        for p in result.places
    ]
    text = text_table(["Place", "Its value", "Delay cost", "Net change"], rows, right={0, 1, 2, 3})
    document, text = result.to_dict(), text + "\n\n" + describe_intake(result, pf)
    if args.calibrated:  # the raw estimates' answer beside it: how the recommendation changes
        from vmo_core.decisions.calibrated import intake_shift
        from vmo_core.present.forecast_sentences import describe_intake_shift

        raw = intake(pf, args.proposal, position=args.position, scenario=scenario)
        shift = intake_shift(pf, raw=raw, calibrated=result)
        document["calibrated"] = shift.to_dict()
        text += "\n" + describe_intake_shift(shift, cur)
    return _emit(args, document, text)


def cmd_stop_ranking(args) -> int:
    from vmo_core.decisions.stopping import stop_ranking

    pf, ranking = _answer(args, stop_ranking)
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
    text = text_table(["Project", "Name", "Net if stopped", "Value lost", "Spend saved", "Others gain"], rows, right={2, 3, 4, 5})
    if ranking.projects:
        text += "\n\n" + describe_stop(ranking.missed_least, cur)
    else:
        text += "\n\nNo project is scheduled, so there is nothing to stop."
    return _emit(args, ranking.to_dict(), text)


def cmd_benefits(args) -> int:
    from vmo_core.decisions.benefits import benefits

    pf, report = _answer(args, benefits)
    s, cur = pf.settings, pf.currency
    rows = [
        [
            b.rag.upper(),
            b.id,
            b.name[:30],
            day(b.promised_finish) if b.promised_finish else week_date(b.promised_finish_week, s),
            week_date(b.forecast_finish_week, s),
            money(b.promised_value, cur),
            money(b.value_shortfall, cur),
        ]
        for b in report.projects
    ]
    text = text_table(["RAG", "Project", "Name", "Promised", "Forecast", "Promised value", "Shortfall"], rows, right={5, 6})
    return _emit(args, report.to_dict(), text + "\n\n" + describe_benefits(report, cur))


def cmd_interventions(args) -> int:
    from vmo_core.decisions.interventions import interventions

    pf, found = _answer(args, interventions)
    cur = pf.currency
    rows = [
        [item.label[:52], money(item.net_value_change, cur, signed=True), money(item.cost, cur), str(len(item.moves))]
        for item in found.interventions
    ]
    lines = [f"{i}. {describe_intervention(item, cur)}" for i, item in enumerate(found.interventions, 1)]
    text = (
        text_table(["Intervention", "Net value", "Cost", "Moves"], rows, right={1, 2, 3}) + "\n\n" + "\n".join(lines)
        if lines
        else "No single intervention adds value: the plan is as good as these moves make it."
    )
    return _emit(args, found.to_dict(), text)


def cmd_forecast(args) -> int:
    from vmo_core.forecast.montecarlo import forecast
    from vmo_core.present.forecast_sentences import describe_calibration, describe_change_range, describe_forecast

    pf, result = _answer(args, forecast, runs=args.runs, seed=args.seed)
    s, cur = pf.settings, pf.currency
    rows = [
        [p.id, p.name[:34], week_date(p.plan_finish_week, s), week_date(p.finish_p50, s), week_date(p.finish_p85, s)]
        for p in result.projects
    ]
    text = text_table(["Project", "Name", "Plan delivers", "P50 delivers", "P85 delivers"], rows, right=set())
    ranges = [["Value over the horizon", result.total_value, result.forecast.plan_total_value]]
    if result.change is not None:
        ranges += [
            ["Cost of the delays", result.change.delay_cost, result.change.plan_delay_cost],
            ["Net value change", result.change.net_value_change, result.change.plan_net_value_change],
        ]
    figures = [[name, *(money(getattr(r, k), cur) for k in ("p10", "p50", "p90")), money(plan, cur)] for name, r, plan in ranges]
    text += "\n\n" + text_table(["Figure", "P10", "P50", "P90", "Plan"], figures, right={1, 2, 3, 4})
    text += "\n\n" + describe_forecast(result, s) + "\n" + describe_calibration(result.calibration)
    if result.change is not None:
        text += "\n" + describe_change_range(result, cur)
    return _emit(args, result.to_dict(), text)


def cmd_report(args) -> int:
    import time

    from vmo_core.report import FORMATS, build_pack, report_format, write_report

    suffix = report_format(args.out)  # before the work: a wrong ending fails at once
    if args.source is not None and args.db is not None:
        raise VmoError("report takes one portfolio: SOURCE or --db PATH, not both")
    if args.source is None and args.db is None:
        raise VmoError("report needs a portfolio: SOURCE (a folder, an .xlsx or a .duckdb) or --db PATH (a store)")
    args.source = args.source or str(stores.require_existing(args.db))
    pf = _load(args)
    started = time.perf_counter()
    pack = build_pack(pf, _scenario(args), history=report_history(args.source))
    warnings = write_report(pack, args.out)
    seconds = time.perf_counter() - started
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    document = {"out": str(args.out), "format": suffix[1:], "scenario": pack.scenario_name}
    document |= {"seconds": seconds, "warnings": warnings}
    text = f"Wrote the board pack for {pack.scenario_name!r} ({FORMATS[suffix]}) to {args.out} in {seconds:.1f} s."
    return _emit(args, document, text)


def cmd_template(args) -> int:
    from vmo_core.io.template import write_template

    written = write_template(args.out)
    return _emit(args, {"out": str(written)}, f"Wrote the portfolio template to {written}: fill it, then import it.")


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
    "template": cmd_template,
    **LOOP_COMMANDS,
}
