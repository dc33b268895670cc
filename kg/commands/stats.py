"""``kg stats``: counts and centrality of the built graph's projection."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg import graphview
from kg.errors import KgError


@click.command("stats")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports/kg.ttl"),
              show_default=True, help="The Turtle file (or an output folder holding kg.ttl).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many entries in each ranking.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(graph: Path, top: int, as_json: bool) -> None:
    """Print node and edge counts, the most central people and bodies, and co-attendance.

    Counts are by node type and by relation of the graph as the HTML page draws
    it; centrality is degree and PageRank; two people co-occur when they take
    part in the same meeting or visit.

    Example:

        kg stats --graph exports/kg.ttl --top 5
    """
    try:
        result = graphview.stats(graphview.to_networkx(graphview.load_graph(graph)), top=top)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(graphview.format_stats(result))


command = stats
