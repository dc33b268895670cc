"""Shared by the robustness catalogue: a previous export set in --out, and the check that it is
still complete and loadable after a build that failed."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner, Result

from kg.cli import main

GOOD_PAGE = "本报讯 8月1日，高新区党工委委员、管委会副主任赵毅出席会议并讲话。\n记者 孙庆辉\n"
SECOND_PAGE = "本报讯 8月2日，郑州高新区管委会主任张红军到河南核净洁净技术有限公司调研。\n"


def build(*args: str | Path, store: bool = True) -> Result:
    extra = [] if store else ["--no-store"]
    return CliRunner().invoke(main, ["build", *map(str, args), "--model", "none", *extra])


def kg_command() -> list[str]:
    script = Path(sys.executable).with_name("kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


def error_line(result: Result) -> str:
    """The one stderr line of a failed command (no traceback)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def count(target: Path) -> int:
    """Triples kg query sees in a graph (a folder, store or file), through the real command."""
    result = CliRunner().invoke(main, ["query", "--graph", str(target), "--format", "csv",
                                       "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    assert result.exit_code == 0, result.output
    return int(result.output.splitlines()[1])


@dataclass
class ExportSet:
    """What a good build left in --out, to compare with after a failure."""

    out: Path
    ttl: bytes
    html: bytes
    triples: int

    def assert_intact(self) -> None:
        """kg.ttl and kg.html are the previous build's bytes, the store answers with its triples,
        and nothing half-written is visible."""
        assert (self.out / "kg.ttl").read_bytes() == self.ttl
        assert (self.out / "kg.html").read_bytes() == self.html
        assert self.html.rstrip().endswith(b"</html>")
        parsed = ox.Store()
        parsed.bulk_load(path=str(self.out / "kg.ttl"), format=ox.RdfFormat.TURTLE)
        assert len(parsed) == self.triples
        assert count(self.out) == self.triples  # the store of the current set
        assert count(self.out / "store") == self.triples
        assert count(self.out / "kg.ttl") == self.triples
        current = (self.out / "current").resolve()
        assert (current / "kg.ttl").read_bytes() == self.ttl
        assert not [p.name for p in (self.out / ".kg").iterdir() if p.name.endswith(".partial")]


def previous_set(template: Path, out: Path) -> ExportSet:
    subprocess.run(["cp", "-a", str(template), str(out)], check=True)  # keeps the hard links
    ttl = (out / "kg.ttl").read_bytes()
    parsed = ox.Store()
    parsed.bulk_load(path=str(out / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    return ExportSet(out, ttl, (out / "kg.html").read_bytes(), len(parsed))


def make_template(root: Path) -> Path:
    pages = root / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(GOOD_PAGE, encoding="utf-8")
    out = root / "template"
    result = build(pages, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def run_kg(*args: str | Path, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*kg_command(), *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=cwd)
