"""``kg serve``: a read-only SPARQL endpoint over the built graph."""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from types import FrameType

import click

from kg.errors import KgError
from kg.serve import make_server


@click.command("serve")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="A .ttl file, a store folder, or an output folder (its store/, else its kg.ttl).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--timeout", "timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped and answered 503.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Query worker processes (queries answered in parallel).")
@click.option("--verbose", "-v", is_flag=True, help="Log every request to stderr.")
def serve(graph: Path, host: str, port: int, timeout: float, workers: int, verbose: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /query.

    GET /query?query=... or POST (form or application/sparql-query); results
    as SPARQL JSON, XML, CSV or TSV (Turtle or N-Triples for CONSTRUCT), by
    the Accept header. Updates and SERVICE (federated queries, which would
    fetch from the network) are refused (403), decided from the parsed query;
    malformed queries get 400, queries over --timeout are stopped (503). A
    query page is served at /. Serving an output folder follows its rebuilds:
    new queries go to the new set once it is open.

    Example:

        kg serve --graph exports --port 7878

        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/query
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    try:
        server = make_server(graph, host=host, port=port, timeout=timeout, workers=workers)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    signal.signal(signal.SIGTERM, _stop)  # a plain kill also removes the temporary store
    click.echo(f"SPARQL endpoint {server.url}/query (query page {server.url}/), graph {graph}; Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


command = serve
