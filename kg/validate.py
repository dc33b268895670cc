"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pySHACL, core SHACL only).

The shapes live in one place, ``ontology/shapes.ttl`` at the repository root, next to the OWL
ontology ``ontology/kg.ttl`` and the named queries; the package reaches that folder as
``kg/ontology`` (a symlink in the repository, real files in a wheel), see :func:`kg.queries.ontology_dir`.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph
from rdflib.namespace import SH
from rdflib.util import guess_format

from kg.errors import InputError
from kg.queries import ontology_dir

SHAPES_PATH = ontology_dir() / "shapes.ttl"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__


def _load(path: Path, what: str) -> Graph:
    """Parse an RDF file (format from its suffix, Turtle by default) or raise InputError naming it."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such {what} file")
    fmt = guess_format(str(path)) or "turtle"
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except Exception as exc:  # rdflib raises parser-specific exception types
        raise InputError(f"{path}: not valid {fmt} ({_one_line(exc)})") from exc
    return graph


def validate_graph(path: Path, shapes: Path | None = None) -> tuple[bool, str]:
    """Validate the RDF file ``path`` against ``shapes`` (default ``ontology/shapes.ttl``).

    Returns ``(conforms, text)``: ``text`` is a one-line summary, followed on failure by pySHACL's
    report (one block per violation, each naming its focus node, path and constraint).
    Raises :class:`kg.errors.InputError` when the graph or the shapes file is missing or unparseable.
    """
    import pyshacl  # slow to import; only `kg validate` needs it

    shapes_path = Path(shapes) if shapes is not None else SHAPES_PATH
    shapes_graph = _load(shapes_path, "SHACL shapes")
    data = _load(Path(path), "graph")
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_warnings=False,
    )
    if conforms:
        return True, f"{path}: conforms to {shapes_path} ({len(data)} triples)"
    count = len(set(results.subjects(RDF.type, SH.ValidationResult)))
    return False, f"{path}: {count} violation(s) of {shapes_path}\n{text}"
