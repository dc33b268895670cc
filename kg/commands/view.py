"""``kg view``: write an interactive page for one part of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg import graphview
from kg.errors import KgError
from kg.export.html import timelines_of, write_network_html
from kg.store import fresh_store_for, open_store, read_graph


@click.command("view")
@click.option("--focus", "focus", default=None, metavar="NAME",
              help="Name (label or alias) of the entity to centre on; without it, the whole graph.")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="How many links away from the focus to show.")
@click.option("--types", "types", default=None, metavar="TYPE,...",
              help=f"Only these node types: {','.join(graphview.NODE_TYPES)}.")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports/kg.ttl"),
              show_default=True, help="The build's kg.ttl, output folder or store folder; the store is read when it is as new as kg.ttl.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=1500, show_default=True,
              help="Keep at most this many nodes (the most connected).")
def view(focus: str | None, depth: int, types: str | None, graph: Path, out: Path, max_nodes: int) -> None:
    """Write a self-contained HTML page showing the neighbourhood of one entity.

    The page works offline: hover a node or edge for its evidence sentences,
    search by name, tick node types on and off in the legend.

    Example:

        kg view --focus 张红军 --depth 2 --types person,government,meeting --out zhang.html
    """
    try:
        rdf = read_graph(graph)
        # the timelines are read from the build's store when there is a fresh one, not from an
        # in-memory copy of the whole graph
        folder = fresh_store_for(graph) if graph.exists() else None
        store = open_store(folder) if folder is not None else None
        g = graphview.to_networkx(rdf)
        if focus:
            g = graphview.neighbourhood(g, focus, depth, types)
            title = f"{focus}（{depth} 步以内）"
        else:
            g = graphview.filter_types(g, types)
            title = "kg"
        write_network_html(g, out, max_nodes=max_nodes, title=title, timelines=timelines_of(rdf, store=store))
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {out} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")


command = view
