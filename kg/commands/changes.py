"""``kg changes``: appointments, promotions and moves across articles, each with both evidence sentences."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg import changes as ch
from kg.errors import KgError


@click.command("changes")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="A .ttl file, a store folder, or an output folder (its store/, else its kg.ttl).")
@click.option("--person", "person", default=None, metavar="NAME", help="Only this person's changes (label).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
def changes(graph: Path, person: str | None, as_json: bool) -> None:
    """List appointments, elections, transfers, removals (任命/当选/调任/免去 notices),
    promotions, role changes and moves (a person whose post differs between two
    observations in different articles), each with the date and evidence sentence
    of both observations. Where one observation has no year the two are listed as
    "differs" (order unknown).

    The changes are kg:PostChange resources of the built graph (named query
    appointments-between reads the same).

    Example:

        kg changes --graph exports/ --person 张红军
    """
    try:
        found = ch.list_changes(graph, person)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=1))
    else:
        click.echo(ch.format_text(found))


command = changes
