"""``kg export``: the built graph in a form another database imports."""

from __future__ import annotations

from pathlib import Path

import click

from kg import graphview
from kg.errors import KgError


@click.command("export")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports/kg.ttl"),
              show_default=True, help="The Turtle file (or an output folder holding kg.ttl).")
@click.option("--neo4j", "neo4j", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for nodes.csv and relationships.csv (neo4j-admin import; Kùzu COPY FROM).")
def export(graph: Path, neo4j: Path) -> None:
    """Write the graph as a property graph: nodes.csv and relationships.csv with
    neo4j-admin's headers (iri:ID, :LABEL, :START_ID, :END_ID, :TYPE; arrays
    ;-separated), the nodes and relations that the page and kg stats show, each
    with its dates and evidence sentences.

    Example:

        kg export --graph exports/kg.ttl --neo4j exports/neo4j/

        neo4j-admin database import full --nodes=exports/neo4j/nodes.csv --relationships=exports/neo4j/relationships.csv neo4j
    """
    from kg.export.neo4j import write_neo4j

    try:
        paths = write_neo4j(graphview.load_graph(graph), neo4j)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    for path in paths:
        rows = path.read_text(encoding="utf-8").count("\n") - 1
        click.echo(f"wrote {path} ({rows} rows)")


command = export
