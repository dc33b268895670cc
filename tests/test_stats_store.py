"""``kg stats`` and ``kg view`` read the build's store (not the Turtle) when there is a fresh one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import graphview
from kg.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out), "--model", "none", "--quiet"])
    assert result.exit_code == 0, result.output
    assert (out / "store" / "CURRENT").is_file()
    return out


def _stats(graph: Path) -> dict[str, object]:
    result = CliRunner().invoke(main, ["stats", "--graph", str(graph), "--json", "--top", "3"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def test_stats_from_the_store_equal_stats_from_the_turtle(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from_turtle = graphview.stats(graphview.to_networkx(graphview.load_graph(built / "kg.ttl")), top=3)

    def no_turtle(path: Path) -> None:
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(graphview, "load_graph", no_turtle)
    for target in (built / "kg.ttl", built, built / "store"):
        assert _stats(target) == json.loads(json.dumps(from_turtle, ensure_ascii=False)), target
    assert from_turtle["nodes"] > 100


def test_a_turtle_newer_than_the_store_is_parsed(built: Path, tmp_path: Path) -> None:
    ttl = tmp_path / "kg.ttl"
    ttl.write_bytes((built / "kg.ttl").read_bytes())
    os.symlink(built / "store", tmp_path / "store")
    future = (built / "store").stat().st_mtime + 100
    os.utime(ttl, (future, future))
    calls: list[Path] = []
    real = graphview.load_graph

    def counting(path: Path) -> object:
        calls.append(Path(path))
        return real(path)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(graphview, "load_graph", counting)
        assert _stats(ttl)["nodes"] == _stats(built)["nodes"]
    assert calls == [ttl]


def test_view_reads_the_store(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graphview, "load_graph", lambda path: pytest.fail(f"parsed {path}"))
    out = tmp_path / "zhang.html"
    result = CliRunner().invoke(main, ["view", "--focus", "张红军", "--depth", "1", "--graph", str(built), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out} (")
    assert "张红军" in out.read_text(encoding="utf-8")


def test_view_reads_its_timelines_from_the_store_and_writes_the_same_page(built: Path, tmp_path: Path) -> None:
    # from the store: the timelines are read from it, not from an in-memory copy of the graph
    from kg.commands import view as view_command

    real = view_command.timelines_of
    stores: list[object] = []

    def recording(graph: object, people: object = None, *, store: object = None) -> object:
        stores.append(store)
        return real(graph, people, store=store)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(view_command, "timelines_of", recording)
        from_store = tmp_path / "store.html"
        result = CliRunner().invoke(main, ["view", "--graph", str(built), "--out", str(from_store)])
        assert result.exit_code == 0, result.output
        # parsed from a Turtle with no store beside it: an in-memory copy, and the same page
        alone = tmp_path / "alone"
        alone.mkdir()
        (alone / "kg.ttl").write_bytes((built / "kg.ttl").read_bytes())
        from_turtle = tmp_path / "turtle.html"
        result = CliRunner().invoke(main, ["view", "--graph", str(alone / "kg.ttl"), "--out", str(from_turtle)])
        assert result.exit_code == 0, result.output
    assert stores[0] is not None and stores[1] is None
    assert from_store.read_bytes() == from_turtle.read_bytes()
