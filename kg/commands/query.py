"""``kg query``: run SPARQL or a named query on the built graph and print the answer."""

from __future__ import annotations

from pathlib import Path

import click

from kg import queries, store
from kg.errors import InputError, KgError

FORMATS = ["table", "csv", "tsv", "json", "turtle", "nt"]


@click.command("query")
@click.argument("query_text", metavar="[QUERY]", required=False)
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="A .ttl file, a store folder, or an output folder (its store/, else its kg.ttl).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table, SPARQL CSV/TSV/JSON results, or turtle/nt for CONSTRUCT and DESCRIBE.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Print at most N rows.")
@click.option("--name", "name", default=None, help="Run the named query NAME (see --list).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Replace $param_KEY by the literal \"VALUE\"@zh; repeatable.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and their parameters.")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE fetch from the network (refused by default: queries run offline).")
def query(query_text: str | None, graph: Path, fmt: str, limit: int | None, name: str | None,
          params: tuple[str, ...], list_only: bool, allow_service: bool) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the knowledge graph.

    QUERY is SPARQL text or a .rq file; or use --name for one of the named
    queries in ontology/queries (--list shows them and their parameters).
    --param KEY=VALUE replaces the variable $param_KEY by "VALUE"@zh.
    A query with SERVICE is refused unless --allow-service (kg runs offline).

    Example:

        kg query --name posts-of-person --param person=张红军

        kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --graph exports/kg.ttl --format csv
    """
    try:
        if list_only:
            for named in queries.list_queries():
                shown = " ".join(f"--param {k}={v}" for k, v in named.params.items())
                click.echo(f"{named.name}: {named.answers}")
                click.echo(f"    kg query --name {named.name} {shown}".rstrip())
            return
        sparql = _sparql(query_text, name, params)
        result = store.run_query(graph, sparql, limit, allow_service=allow_service)
        click.echo(store.format_result(result, fmt).rstrip("\n"))
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc


def _sparql(query_text: str | None, name: str | None, params: tuple[str, ...]) -> str:
    if name and query_text:
        raise click.UsageError("give either QUERY or --name, not both")
    if name:
        return queries.load_query(name, queries.parse_params(params))
    if not query_text:
        raise click.UsageError("give a QUERY, --name NAME or --list")
    text = query_text
    if query_text.endswith(".rq") or (len(query_text) < 4096 and "\n" not in query_text and Path(query_text).is_file()):
        from kg.ingest import read_bytes

        path = Path(query_text)
        try:
            text = read_bytes(path, limit=1_000_000).decode("utf-8")  # never blocks on a FIFO
        except InputError as exc:
            raise click.ClickException(f"cannot read the query: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise click.ClickException(f"{path}: cannot read the query (not UTF-8 at byte {exc.start})") from exc
    return queries.substitute_checked(text, queries.parse_params(params)) if params else text


command = query
