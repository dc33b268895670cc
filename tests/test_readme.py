"""The figures shown in README.md and docs/*.md cannot go stale: every ``$ kg ...`` in a fenced
block is run (on a copy of a fresh build of the seeds, from a folder laid out like the
repository) and the lines shown under it must be what the command prints now.

A block may cut a table's trailing columns (each shown line is then a prefix of the real one)
and may skip lines with a line ``...``; shown lines must come in the real output's order.
Timings (``in 3.5s``) are not compared. When a figure changes, the failure prints the command's
real output to paste into the document.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```")
_TIMING = re.compile(r"\bin \d+(?:\.\d+)?s\b")


@dataclass(frozen=True)
class Shown:
    document: str
    line: int
    command: str
    output: tuple[str, ...]


def shown_commands(text: str, document: str) -> list[Shown]:
    """Every ``$ kg ...`` line inside a fenced block, with the lines shown up to the next ``$``."""
    out: list[Shown] = []
    inside = False
    current: tuple[int, str] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            out.append(Shown(document, current[0], current[1], tuple(lines)))

    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            if inside:
                close()
                current, lines = None, []
            inside = not inside
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            close()
            current, lines = None, []
            if line.startswith("$ kg "):
                current = (number, line[2:].strip())
            continue
        if current is not None:
            lines.append(line)
    return out


CASES = [c for doc in DOCUMENTS if doc.is_file() for c in shown_commands(doc.read_text(encoding="utf-8"), doc.name)]


def _mask(line: str) -> str:
    return _TIMING.sub("in Ns", line.rstrip())


def matches(shown: tuple[str, ...], actual: list[str]) -> str | None:
    """None when every shown line is (a prefix of) an actual line, in order; else the first miss."""
    real = [_mask(line) for line in actual]
    at = 0
    for line in shown:
        want = _mask(line)
        if not want or want in ("...", "…"):
            continue
        while at < len(real) and not real[at].startswith(want):
            at += 1
        if at == len(real):
            return line
        at += 1
    return None


def test_the_shown_commands_were_found() -> None:
    commands = {c.command for c in CASES}
    assert "kg build seeds/ --out exports/ --no-cache" in commands
    assert any(c.startswith("kg query --name posts-of-person") for c in commands)
    assert matches(("a  b", "...", "c"), ["a  b  extra", "x", "c"]) is None
    assert matches(("c", "a"), ["a", "c"]) == "a"
    assert matches(("done in 3.5s",), ["done in 12.0s"]) is None


@pytest.fixture(scope="module")
def workdir(seeds_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like the repository root: seeds/ and tests/ (links) and exports/ (a copy of a fresh build)."""
    work = tmp_path_factory.mktemp("readme")
    (work / "seeds").symlink_to(ROOT / "seeds")
    (work / "tests").symlink_to(ROOT / "tests")
    shutil.copytree(seeds_out, work / "exports")
    return work


@pytest.mark.parametrize("case", CASES, ids=[f"{c.document}:{c.line}" for c in CASES])
def test_shown_output_is_current(case: Shown, workdir: Path) -> None:
    args = shlex.split(case.command)[1:]
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    actual = result.output.replace(str(workdir) + os.sep, "").splitlines()
    assert result.exit_code == 0, f"{case.document}:{case.line}: `{case.command}` failed:\n{result.output}"
    missing = matches(case.output, actual)
    assert missing is None, (
        f"{case.document}:{case.line}: `{case.command}` no longer prints\n    {missing}\n"
        "its output now is:\n" + "\n".join(actual)
    )
