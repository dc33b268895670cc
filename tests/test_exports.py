"""The committed exports are exactly what the code produces from seeds/ (deterministic build)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_committed_exports_match_a_fresh_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "--no-store"])
    assert result.exit_code == 0, result.output
    for name in ("kg.ttl", "kg.html"):
        fresh = (tmp_path / name).read_bytes()
        committed = (ROOT / "exports" / name).read_bytes()
        assert fresh == committed, f"exports/{name} is stale: run `kg build seeds/ --out exports/` and commit"
