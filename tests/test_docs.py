"""The README is tested (sqlite-utils' habit): a test fails when a command exists that the
README does not mention, when the README names a command that does not exist, or when the
two commands of the Quick start, the Makefile's targets or CI drift apart from it.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from vmo_core.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def registered_commands() -> list[str]:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(commands.choices)


def section(title: str) -> str:
    """The README's text under `## title`, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def invoked_in(text: str) -> set[str]:
    """Commands written as `python -m vmo_core NAME`."""
    return set(re.findall(r"python -m vmo_core\s+([a-z][a-z-]*)", text))


def table_rows(text: str) -> set[str]:
    """Commands named in the first cell of a table row: | `NAME` | ... |"""
    return set(re.findall(r"^\|\s*`([a-z][a-z-]*)`\s*\|", text, re.MULTILINE))


def phony_targets() -> list[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)
    assert match, "the Makefile declares its targets in a .PHONY line"
    return match.group(1).split()


COMMANDS = registered_commands()


def test_the_parser_registers_the_commands():
    assert {"schedule", "compare", "import", "export"} <= set(COMMANDS)
    assert len(COMMANDS) == len(set(COMMANDS))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    pattern = rf"python -m vmo_core\s+{re.escape(name)}(?=\s|$)|^\|\s*`{re.escape(name)}`\s*\|"
    assert re.search(pattern, README, re.MULTILINE), f"README.md does not mention `python -m vmo_core {name}`"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_line_and_a_row_in_the_command_line_section(name):
    text = section("The command line")
    assert name in invoked_in(text), f"no `python -m vmo_core {name} ...` line in the code block"
    assert name in table_rows(text), f"no | `{name}` | row in the command table"


def test_the_readme_names_no_command_that_does_not_exist():
    named = invoked_in(README) | table_rows(section("The command line"))
    assert named - set(COMMANDS) == set()


def test_each_command_row_says_what_it_answers_in_a_sentence():
    for line in section("The command line").splitlines():
        match = re.match(r"^\|\s*`([a-z][a-z-]*)`\s*\|(.*)\|\s*$", line)
        if match:
            answer = match.group(2).strip()
            assert answer[:1].isupper() and answer.endswith("."), line
            assert 3 <= len(answer.split()) <= 30, f"keep it short: {line}"


def test_quick_start_is_make_run_and_make_test():
    text = section("Quick start")
    assert "make run" in text
    assert "make test" in text


@pytest.mark.parametrize("target", phony_targets())
def test_every_make_target_is_in_the_readme(target):
    assert re.search(rf"\bmake {re.escape(target)}\b", README), f"README.md does not mention `make {target}`"


def test_ci_runs_make_test():
    script = ROOT / ".ci" / "run"
    lines = [line.strip() for line in script.read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert "make test" in commands


def example_lines() -> list[str]:
    blocks = re.findall(r"^```\n(.*?)^```", section("The command line"), re.MULTILINE | re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.startswith("python -m vmo_core ")]


@pytest.mark.parametrize("line", example_lines())
def test_every_example_line_parses(line):
    """Each line of the code block, with its optional [parts] taken in, is a valid command."""
    words = line.split("#")[0].replace("[", " ").replace("]", " ").split()[3:]
    args = build_parser().parse_args(words)
    assert args.command == words[0]
