"""Every command is documented: its --help works and ends with an example (as sqlite-utils does)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from kg.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        out.append(prefix + (name,))
        if isinstance(command, click.Group):
            out.extend(_commands(command, prefix + (name,)))
    return out


COMMANDS = _commands(main)


def test_the_documented_commands_are_all_there() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"build", "query", "serve", "view", "stats", "validate", "eval ner", "eval graph", "train ner"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_help_has_an_example(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"kg {' '.join(command)} --help has no example"
