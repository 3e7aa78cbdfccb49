"""`python -m vmo_core COMMAND SOURCE [options]`: the command line of INTERFACES.md.

Exit codes: 0 done; 2 bad input or bad arguments (message on stderr, nothing written);
1 anything else, reported as an internal error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vmo_core import engine, export, store
from vmo_core.errors import ScenarioError, StoreError, ValidationError, VmoError
from vmo_core.loading import load
from vmo_core.narrative import describe_comparison, money, week_date
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


COMMANDS = {"schedule": cmd_schedule, "compare": cmd_compare, "import": cmd_import, "export": cmd_export}


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
