"""``kg stats``: counts and centrality of the built graph's projection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kg import graphview
from kg.errors import KgError
from kg.store import read_graph


@click.command("stats")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports/kg.ttl"),
              show_default=True, help="The build's kg.ttl, output folder or store folder; the store is read when it is as new as kg.ttl.")
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
        result = graphview.stats(graphview.to_networkx(read_graph(graph)), top=top)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(format_stats(result))


def format_stats(result: dict[str, Any]) -> str:
    """:func:`kg.graphview.stats` as plain text."""
    comp = result["components"]
    lines = [
        f"nodes {result['nodes']}, edges {result['edges']}, components {comp['count']}"
        f" (largest {', '.join(map(str, comp['largest'])) or '-'}; isolated nodes {comp['isolated']})",
        "",
        "nodes by type:",
    ]
    lines += [f"  {graphview.TYPE_NAMES_ZH[t]} ({t}): {n}" for t, n in result["types"].items()]
    lines += ["", "edges by relation:"]
    lines += [f"  {r['label']} ({r['relation']}): {r['count']}" for r in result["relations"]]
    for key, name in (("people", "people"), ("bodies", "bodies and enterprises")):
        for order, title in (("by_pagerank", "PageRank"), ("by_degree", "degree")):
            lines += ["", f"most central {name} by {title}:"]
            lines += [
                f"  {i:>2}. {e['label']}  pagerank {e['pagerank']:.4f}  degree {e['degree']}"
                for i, e in enumerate(result[key][order], 1)
            ]
    lines += ["", "people who share the most events:"]
    lines += [
        f"  {' + '.join(c['people'])}: {c['events']} ({'、'.join(c['event_labels'])})"
        for c in result["cooccurrence"]
    ] or ["  (none)"]
    return "\n".join(lines)


command = stats
