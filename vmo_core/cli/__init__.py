"""`python -m vmo_core COMMAND SOURCE [options]`: the command line of INTERFACES.md.

Exit codes: 0 done; 2 bad input or bad arguments (message on stderr, nothing written);
1 anything else, reported as an internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from vmo_core.cli.commands import COMMANDS
from vmo_core.cli.terminal import SafeStream
from vmo_core.errors import ValidationError, VmoError
from vmo_core.store.stores import label, store_target
from vmo_core.store.urls import looks_like_url, scrubbed

BAD_INPUT, INTERNAL = 2, 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit code is 2 already; keep its message short
        self.print_usage(sys.stderr)
        raise SystemExit(f"{self.prog}: {message}") from None


def file_target(text: str) -> Path:
    """A file or folder to write (--to, --out, template's OUT); a database URL is refused, its password hidden."""
    if looks_like_url(text):
        raise argparse.ArgumentTypeError(
            f"{label(text)} is a database URL; expected a file or folder to write (import --db writes into a store)"
        )
    return Path(text)


AS_OF_HELP = "YYYY-MM-DD: the date week 0 starts, for an MS Project file without a status date (or a register)"


def as_of_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2027-01-04") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m vmo_core", description="The Value Management Office's engine.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str, *, source: bool | str = True, scenario: str | None = None):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if source:
            nargs = "?" if source == "optional" else None
            sub.add_argument(
                "source", nargs=nargs, help="a CSV folder, an .xlsx or a .duckdb portfolio, a register, an MS Project .xml"
            )
            sub.add_argument("--mapping", type=Path, help="a register's mapping JSON: its columns and units (README)")
            sub.add_argument("--as-of", type=as_of_date, help=AS_OF_HELP)
        if scenario:
            sub.add_argument("--scenario", type=Path, required=scenario == "required", help="a scenario JSON file")
        sub.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
        return sub

    command("schedule", "The plan: when each project starts and finishes, and what it is worth.", scenario="optional")
    command("compare", "What a scenario changes against the baseline, and what the delays cost.", scenario="required")
    opt = command("optimise", "The priority list that gives the most total value.", scenario="optional")
    opt.add_argument("--constraint", help="rank by value per week of this pool (default: try every pool)")
    own = "; with none of --time-limit, --evaluations, --seed: the best order the app shows, ended by its budget alone"
    opt.add_argument("--time-limit", type=float, help=f"seconds at most, reading the portfolio included (default 10{own})")
    opt.add_argument(
        "--evaluations",
        type=int,
        help="schedules to try at most (default 20000; with --time-limit alone, the clock alone ends the search)",
    )
    opt.add_argument("--seed", type=int, help="seed of the search (default 0)")
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
    about = "The board pack: a deck, workbook or PDF for the steering meeting, in money."
    pack = command("report", about, source="optional", scenario="optional")
    pack.add_argument(
        "--db",
        type=store_target,
        help="a store instead of SOURCE (a .duckdb file or a PostgreSQL URL): its newest snapshot, and its history of reviews",
    )
    pack.add_argument("--out", type=file_target, required=True, help="the file to write: .pptx, .xlsx or .pdf, by its ending")
    fc = command("forecast", "Ranges from past delivery: Monte Carlo runs calibrated on actuals.", scenario="optional")
    fc.add_argument("--runs", type=int, default=1000, help="Monte Carlo runs (default 1000)")
    fc.add_argument("--seed", type=int, default=0, help="seed of the draws: the same seed gives the same figures (default 0)")
    imp = command("import", "Add a portfolio to a store (DuckDB file or PostgreSQL) as its newest snapshot, all or nothing.")
    imp.add_argument("--db", type=store_target, required=True, help="the store to write: a .duckdb file or a PostgreSQL URL")
    imp.add_argument("--note", default="", help="why this snapshot came in (e.g. the review it is for)")
    imp.add_argument("--by", default="", help="who brought it in")
    _loop_commands(command)
    exp = commands.add_parser("export", help="Write a portfolio out as a CSV folder or an .xlsx that imports back unchanged.")
    exp.add_argument("source", nargs="?", help="a portfolio to export instead of --db")
    exp.add_argument("--db", type=store_target, help="the store to read: a .duckdb file or a PostgreSQL URL")
    exp.add_argument("--mapping", type=Path, help="a register's mapping JSON, when SOURCE is a register")
    exp.add_argument("--as-of", type=as_of_date, help=AS_OF_HELP)
    exp.add_argument("--to", type=file_target, required=True, help="a folder (CSV files) or a file ending .xlsx")
    exp.add_argument("--json", action="store_true", help="print what was written as JSON")
    blank = command("template", "An empty portfolio workbook to fill: instructions, example rows, drop-downs.", source=False)
    blank.add_argument("out", type=file_target, help="the .xlsx file to write")
    return parser


def _loop_commands(command) -> None:
    """The store's history: snapshots, changes since a review, adopting a scenario, the decisions."""
    snaps = command("snapshots", "Every snapshot in a store, oldest first; the newest is the plan.", source=False)
    snaps.add_argument("--db", type=store_target, required=True, help="the store: a .duckdb file or a PostgreSQL URL")
    changed = command("changes", "Where value was delayed between two snapshots, in money.", source=False)
    changed.add_argument("sources", nargs="*", metavar="SOURCE", help="BEFORE and AFTER (PATH.duckdb@ID names a snapshot)")
    changed.add_argument("--as-of", type=as_of_date, help=AS_OF_HELP)
    changed.add_argument(
        "--db", type=store_target, help="a store: from --since (default: the one before the newest) to the newest"
    )
    changed.add_argument("--since", help="the snapshot id to compare the newest with")
    adopted = command("adopt", "Make a scenario the plan: a new snapshot and a decision.", source=False, scenario="required")
    adopted.add_argument("--db", type=store_target, required=True, help="the store: a .duckdb file or a PostgreSQL URL")
    adopted.add_argument("--by", default="", help="who made the decision")
    adopted.add_argument("--note", default="", help="why")
    register = command("decisions", "Each decision, newest first: what it promised and whether it holds.", source=False)
    register.add_argument("--db", type=store_target, required=True, help="the store: a .duckdb file or a PostgreSQL URL")
    history = command("sample-history", "Build a new store holding the sample's history of reviews.", source=False)
    history.add_argument(
        "--db", type=store_target, required=True, help="the new store: a .duckdb file, or a PostgreSQL URL of an empty database"
    )
    history.add_argument("--history", type=Path, default=None, help="a folder with history.json (default: data/history)")


def process_started() -> float:
    """The process's start on the `time.perf_counter` clock (Linux, from /proc; elsewhere: now), so
    that `python -m vmo_core optimise --time-limit T` ends within T of the shell starting it."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.perf_counter() - max(0.0, uptime - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.perf_counter()


def main(argv: list[str] | None = None, *, started: float | None = None) -> int:
    """Run one command; `started` (perf_counter seconds) is when the time limits count from
    (default: when the command starts). What it prints is text, never a terminal's instructions (terminal.py)."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return _main(argv, started=started)
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: list[str] | None, *, started: float | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        args.started = time.perf_counter() if started is None else started
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return BAD_INPUT
        return exc.code or 0
    sys.unraisablehook = _unraisable  # what a library leaves to the garbage collector is no traceback for the user
    try:
        return COMMANDS[args.command](args)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return BAD_INPUT
    except VmoError as exc:  # bad input, a bad scenario, a database in use: the user's to fix
        print(f"error: {exc}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        return INTERNAL
    except BrokenPipeError:  # the reader went away (`... | head`): nothing left to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the one place an unexpected error becomes a message, not a traceback
        why = _without_passwords(f"{type(exc).__name__}: {exc}", args)
        print(f"internal error ({why}); please report it with the command you ran", file=sys.stderr)
        return INTERNAL


def _unraisable(unraisable) -> None:
    """An exception raised while an object is collected (a workbook writer's stream after a failed
    write): the command's own message has said what went wrong, so nothing more is printed."""


def _without_passwords(text: str, args: argparse.Namespace) -> str:
    """`text` without the password of any store URL among the arguments (a driver may echo one)."""
    named = [getattr(args, "db", None), getattr(args, "source", None), *(getattr(args, "sources", None) or [])]
    for where in named:
        text = scrubbed(text, str(where)) if where is not None else text
    return text
