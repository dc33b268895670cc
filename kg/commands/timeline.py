"""``kg timeline NAME``: one official's posts, meetings and visits in time order, with evidence."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg import timeline as tl
from kg.errors import KgError


@click.command("timeline")
@click.argument("name")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=Path("exports"), show_default=True,
              help="A .ttl file, a store folder, or an output folder (its store/, else its kg.ttl).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the timeline as a small HTML page.")
def timeline(name: str, graph: Path, as_json: bool, html: Path | None) -> None:
    """Print the posts a person held (body, role, date, evidence sentence) in time order, the
    meetings they chaired or attended, the visits they led and the enterprises visited, with
    the spans, overlaps and gaps of the dated posts.

    Dates are xsd:date where the year is known; otherwise the month-day (--08-26) or the
    article is shown and marked as such.

    Example:

        kg timeline 张红军 --graph exports/kg.ttl --html zhang.html
    """
    try:
        result = tl.timeline(graph, name)
        if html is not None:
            tl.write_html(result, html)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(tl.format_text(result))
    if html is not None:
        click.echo(f"wrote {html}", err=as_json)


command = timeline
