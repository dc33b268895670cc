"""The embedded SPARQL store: the build's Turtle in an on-disk Oxigraph store, and query results.

rdflib builds and serialises the graph; queries run on pyoxigraph, which is one to two orders of
magnitude faster than rdflib's own SPARQL engine. A store is built in a temporary folder beside its
final place and renamed into place, so a failed build never leaves half a store behind, and it is
opened read-only for queries so several processes (``kg serve`` workers) can share it.

:func:`run_query` returns a :class:`Result` that keeps pyoxigraph's terms; the ``format_*``
helpers turn it into an aligned table, CSV, TSV or SPARQL JSON.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

import pyoxigraph as ox

if TYPE_CHECKING:
    import rdflib

from kg.vocab import DEFAULT_BASE
from kg.vocab import PREFIXES as VOCAB_PREFIXES
from kg.errors import InputError, OutputError, QueryError

STORE_DIR = "store"
TURTLE_NAME = "kg.ttl"
# Prefixes used to shorten IRIs in tables (never in CSV/TSV/JSON, which keep full IRIs).
PREFIXES: dict[str, str] = {"id": DEFAULT_BASE + "id/", **VOCAB_PREFIXES}
# Data IRIs stay whole in Turtle: their local parts have slashes, which would need escaping.
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]
Target = Union[str, Path, ox.Store]

_ERROR_POSITION = re.compile(r"error at (\d+):(\d+)")


@dataclass
class Result:
    """The answer to one query.

    ``kind`` is ``"select"`` (``variables`` and ``rows``), ``"ask"`` (``boolean``) or ``"graph"``
    (``triples``, for CONSTRUCT and DESCRIBE). Rows hold pyoxigraph terms, ``None`` where unbound.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1

    def values(self) -> list[tuple[str | None, ...]]:
        """Rows (or triples) as plain strings: IRIs and literal values, ``None`` where unbound."""
        if self.kind == "graph":
            return [(_plain(t.subject), t.predicate.value, _plain(t.object)) for t in self.triples]
        if self.kind == "ask":
            return [("true" if self.boolean else "false",)]
        return [tuple(None if term is None else _plain(term) for term in row) for row in self.rows]

    def header(self) -> list[str]:
        if self.kind == "graph":
            return ["subject", "predicate", "object"]
        if self.kind == "ask":
            return ["boolean"]
        return list(self.variables)


# --------------------------------------------------------------------------------------------
# building and opening stores


def write_store(ttl_path: Path, out_dir: Path) -> Path:
    """Load a Turtle file (or N-Triples, N-Quads, TriG, by extension) into ``out_dir/store/``.

    The store is built under a temporary name in ``out_dir`` and renamed into place; an earlier
    store is replaced only once the new one is complete. Returns the store folder.
    """
    ttl_path = Path(ttl_path)
    out_dir = Path(out_dir)
    if not ttl_path.is_file():
        raise InputError(f"{ttl_path}: no such RDF file")
    final = out_dir / STORE_DIR
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the store folder ({exc.strerror or exc})") from exc
    try:
        _load_into(tmp, ttl_path)
    except SyntaxError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"{ttl_path}: not valid {rdf_format(ttl_path).name} ({_one_line(exc)})") from exc
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"{final}: cannot write the store ({exc.strerror or exc})") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, final)
    return final


def _swap(new: Path, final: Path) -> None:
    """Put the complete store ``new`` at ``final``; the store it replaces is restored on failure."""
    old: Path | None = None
    try:
        os.chmod(new, 0o755)  # mkdtemp made it private; the store is as readable as kg.ttl
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=".store-old-", dir=final.parent)) / STORE_DIR
            os.rename(final, old)
        os.rename(new, final)
    except OSError as exc:
        if old is not None and old.exists() and not final.exists():
            os.rename(old, final)
        shutil.rmtree(new, ignore_errors=True)
        raise OutputError(f"{final}: cannot replace the store ({exc.strerror or exc})") from exc
    finally:
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file from its extension; Turtle when it is not one pyoxigraph knows."""
    return ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) or ox.RdfFormat.TURTLE


def union_default(store: ox.Store) -> bool:
    """Query the union of all graphs when the data came in named graphs (``kg.nq``, ``kg.trig``)."""
    return next(iter(store.named_graphs()), None) is not None


LOAD_BATCH = 50_000  # triples a bulk insert: Oxigraph's bulk loader holds a whole batch in memory


def _load_into(folder: Path, ttl_path: Path) -> None:
    """Parse the file as a stream and bulk-insert it ``LOAD_BATCH`` triples at a time.

    ``Store.bulk_load`` takes up to a million triples in one batch, ~900 bytes a triple: 280 MB
    at 3M characters (330k triples), the build's largest single allocation; batches of 50k hold
    ~65 MB, for some 0.5 s more at that size.
    """
    store = ox.Store(str(folder))
    try:
        # blank nodes get fresh ids, as bulk_load gives them
        parsed = iter(ox.parse(path=str(ttl_path), format=rdf_format(ttl_path), rename_blank_nodes=True))
        while batch := list(itertools.islice(parsed, LOAD_BATCH)):
            store.bulk_extend(batch)
        store.flush()
        store.optimize()
    finally:
        del store  # closes RocksDB before the folder is renamed


def resolve_graph(path: Path) -> Path:
    """The file or store folder that ``path`` stands for.

    A Turtle file is itself; a store folder (it holds RocksDB's ``CURRENT``) is itself; an output
    folder gives its ``store/`` if present and not older than its ``kg.ttl``, else its ``kg.ttl``.
    """
    path = Path(path)
    if path.is_file():
        return path
    if not path.is_dir():
        raise InputError(f"{path}: no such graph (give a .ttl file, a store folder or an output folder)")
    if _is_store(path):
        return path
    current = current_set(path)
    if current is not None:
        path = current
    store, ttl = path / STORE_DIR, path / TURTLE_NAME
    if _is_store(store) and (not ttl.is_file() or _mtime(store) >= ttl.stat().st_mtime):
        return store
    if ttl.is_file():
        return ttl
    raise InputError(f"{path}: holds neither {STORE_DIR}/ nor {TURTLE_NAME} (run `kg build` first)")


def current_set(out: Path) -> Path | None:
    """The generation folder an output folder's ``current`` link names (resolved once, so one
    reader never mixes two builds), or None for a folder without one (a fresh clone, an old build).

    A top-level ``kg.ttl`` that is not the current set's file and is newer than the link was put
    there after the build (a ``git checkout``, a copy): then the folder is read the old way, from
    its top-level files.
    """
    from kg.fileio import CURRENT, current_generation

    generation = current_generation(out)
    if generation is None:
        return None
    top, inside = out / TURTLE_NAME, generation / TURTLE_NAME
    try:
        if top.is_file() and not top.is_symlink() and inside.is_file() and not os.path.samefile(top, inside) \
                and top.stat().st_mtime > os.lstat(out / CURRENT).st_mtime:
            return None
    except OSError:
        return None
    return generation


def export_file(out: Path, name: str = TURTLE_NAME) -> Path:
    """``name`` (kg.ttl, kg.html, ...) of an output folder's current set."""
    current = current_set(out)
    return (current if current is not None else out) / name


def open_graph(path: Path) -> ox.Store:
    """A queryable store for a ``.ttl`` file, a store folder or an output folder (see :func:`resolve_graph`).

    Store folders are opened read-only; Turtle (or N-Triples, N-Quads, TriG) files are parsed into
    memory.
    """
    resolved = resolve_graph(path)
    if resolved.is_dir():
        return open_store(resolved)
    fmt = rdf_format(resolved)
    store = ox.Store()
    try:
        store.bulk_load(path=str(resolved), format=fmt)
    except SyntaxError as exc:
        raise InputError(f"{resolved}: not valid {fmt.name} ({_one_line(exc)})") from exc
    except OSError as exc:
        raise InputError(f"{resolved}: cannot read ({exc.strerror or exc})") from exc
    return store


def open_store(folder: Path) -> ox.Store:
    """A store folder opened read-only; a damaged or unreadable one is an InputError in one line."""
    try:
        return ox.Store.read_only(str(folder))
    except RuntimeError as exc:  # RocksDB "Corruption: ..."
        raise InputError(f"{folder}: the store is damaged ({_one_line(exc)}); rebuild it with kg build") from exc
    except OSError as exc:
        raise InputError(f"{folder}: cannot open the store ({_one_line(exc)})") from exc


def _is_store(path: Path) -> bool:
    return path.is_dir() and (path / "CURRENT").is_file()


def _mtime(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.iterdir()), default=folder.stat().st_mtime)


# --------------------------------------------------------------------------------------------
# running queries


def run_query(target: Target, sparql: str, limit: int | None = None, *, allow_service: bool = False,
              checked: bool = False) -> Result:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) on a graph path or an open store.

    ``limit`` caps the rows (or triples) read; evaluation is lazy, so a cap also stops the work.
    A query holding SERVICE (it would fetch from the network) or an update is refused, from its
    parse (see :mod:`kg.querycheck`), unless ``allow_service``. ``checked``: the caller has made
    that check already (kg's own templates, see :func:`kg.timeline.checked_query`): parsing a
    query with rdflib's grammar costs ~15 ms, more than running most of kg's own queries.
    """
    from kg.querycheck import check_query, normalise

    if limit is not None and limit < 0:
        raise QueryError("--limit must be 0 or more")
    if checked:
        sparql = normalise(sparql)
    else:
        verdict = check_query(sparql, allow_service=allow_service)
        if not verdict.ok:
            raise QueryError(verdict.reason)
        sparql = verdict.text
    store = target if isinstance(target, ox.Store) else open_graph(Path(target))
    # The answer is dropped here, in this thread, whatever happens: pyoxigraph's results may not be
    # freed on another thread, which a traceback kept alive in a reference cycle would do later.
    error: QueryError
    try:
        answer = store.query(sparql, use_default_graph_as_union=union_default(store))
        try:
            return _collect(answer, limit)
        finally:
            del answer
    except SyntaxError as exc:
        error = QueryError(describe_syntax_error(exc, sparql))
    except (OSError, RuntimeError) as exc:  # a store damaged after it was opened
        error = QueryError(f"query failed: {_one_line(exc)}")
    raise error


def _collect(answer: object, limit: int | None) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return Result(kind="ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[tuple[Term | None, ...]] = []
        truncated = False
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append(tuple(solution[i] for i in range(len(variables))))
        return Result(kind="select", variables=variables, rows=rows, truncated=truncated)
    triples: list[ox.Triple] = []
    truncated = False
    for triple in answer:  # type: ignore[attr-defined]
        if limit is not None and len(triples) >= limit:
            truncated = True
            break
        triples.append(triple)
    return Result(kind="graph", triples=triples, truncated=truncated)


def describe_syntax_error(exc: BaseException, sparql: str) -> str:
    """One line: what is wrong and where (``line L, column C``), with the offending line quoted."""
    message = _one_line(exc)
    match = _ERROR_POSITION.search(message)
    if not match:
        return f"malformed SPARQL: {message}"
    line_no, column = int(match.group(1)), int(match.group(2))
    detail = message[match.end() :].lstrip(": ").strip() or "syntax error"
    lines = sparql.splitlines()
    near = ""
    if 1 <= line_no <= len(lines):
        text = lines[line_no - 1]
        start = max(0, column - 40)  # the reported column is at or just after the fault
        snippet = ("..." if start else "") + text[start : column + 20].strip()
        if snippet:
            near = f" near {snippet!r}"
    return f"malformed SPARQL at line {line_no}, column {column}{near}: {detail}"


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = str(exc.args[0]) if exc.args else str(exc)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------------------------
# formatting


def short(term: Term | None, prefixes: dict[str, str] = PREFIXES) -> str:
    """A readable form for tables: ``schema:Person``, ``张红军@zh``, ``2021-07-30``, ``_:b0``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in prefixes.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return str(term)


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters (CJK) take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_table(result: Result, prefixes: dict[str, str] = PREFIXES) -> str:
    """An aligned plain-text table (IRIs shortened), with a row count line."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    header = result.header()
    if result.kind == "graph":
        body = [[short(t.subject, prefixes), short(t.predicate, prefixes), short(t.object, prefixes)] for t in result.triples]
    else:
        body = [[short(term, prefixes) for term in row] for row in result.rows]
    body = [[cell.replace("\n", " ") for cell in row] for row in body]
    widths = [display_width(h) for h in header]
    for row in body:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
    lines = [
        "  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines.extend("  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in body)
    noun = "triple" if result.kind == "graph" else "row"
    count = len(body)
    more = " (limit reached)" if result.truncated else ""
    lines.append(f"({count} {noun}{'' if count == 1 else 's'}{more})")
    return "\n".join(lines)


def format_csv(result: Result) -> str:
    """SPARQL 1.1 CSV results: plain values, full IRIs, empty where unbound."""
    if result.kind == "ask":  # no standard form: a bare boolean, as Oxigraph and Jena write it
        return ("true" if result.boolean else "false") + "\r\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.header())
    for row in result.values():
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def format_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV results: terms in Turtle/N-Triples syntax, header of ``?variables``."""
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{h}" for h in result.header())]
    if result.kind == "graph":
        lines.extend("\t".join(_nt(term) for term in (t.subject, t.predicate, t.object)) for t in result.triples)
    else:
        lines.extend("\t".join("" if term is None else _nt(term) for term in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def format_json(result: Result) -> str:
    """SPARQL 1.1 JSON results; CONSTRUCT/DESCRIBE triples as bindings of subject/predicate/object."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, ensure_ascii=False)
    if result.kind == "graph":
        rows: Iterable[Sequence[Term | None]] = [(t.subject, t.predicate, t.object) for t in result.triples]
    else:
        rows = result.rows
    header = result.header()
    bindings = [
        {name: _json_term(term) for name, term in zip(header, row) if term is not None} for row in rows
    ]
    return json.dumps({"head": {"vars": header}, "results": {"bindings": bindings}}, ensure_ascii=False)


def format_rdf(result: Result, fmt: str = "turtle") -> str:
    """CONSTRUCT/DESCRIBE triples as Turtle (``turtle``) or N-Triples (``nt``)."""
    if result.kind != "graph":
        raise QueryError(f"--format {fmt} needs a CONSTRUCT or DESCRIBE query")
    rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
    prefixes = TURTLE_PREFIXES if rdf_format is ox.RdfFormat.TURTLE else None
    data = ox.serialize(result.triples, format=rdf_format, prefixes=prefixes)
    return data.decode("utf-8") if isinstance(data, bytes) else ""


FORMATTERS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_result(result: Result, fmt: str) -> str:
    """Dispatch on a ``--format`` name: table, csv, tsv, json, turtle, nt."""
    if fmt in ("turtle", "nt"):
        return format_rdf(result, fmt)
    try:
        return FORMATTERS[fmt](result)
    except KeyError:
        raise QueryError(f"unknown format {fmt!r} (table, csv, tsv, json, turtle, nt)") from None


def _plain(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _nt(term: Term) -> str:
    return str(term)  # pyoxigraph prints terms in N-Triples syntax


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


# --------------------------------------------------------------------------------------------
# the store as an rdflib graph (for the NetworkX projection of ``kg stats`` and ``kg view``)


def fresh_store_for(path: Path) -> Path | None:
    """The store that holds the same graph as ``path``, if there is one: a store folder itself, an
    output folder's ``store/`` (see :func:`resolve_graph`), or the ``store/`` beside a ``kg.ttl``
    when it is not older than the file (the build loads the store from that file)."""
    path = Path(path)
    if path.is_dir():
        resolved = resolve_graph(path)
        return resolved if resolved.is_dir() else None
    if path.is_file() and path.name == TURTLE_NAME:
        store = path.parent / STORE_DIR
        if _is_store(store) and _mtime(store) >= path.stat().st_mtime:
            return store
    return None


def store_graph(folder: Path) -> "rdflib.Graph":
    """Every triple of the store at ``folder`` in an rdflib graph (terms converted once each): a
    few times faster than parsing the Turtle the store was loaded from."""
    import rdflib

    store = open_store(folder)
    graph = rdflib.Graph()
    for prefix, namespace in VOCAB_PREFIXES.items():
        graph.bind(prefix, namespace)
    terms: dict[object, rdflib.term.Node] = {}
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    lang_string = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

    def convert(term: object) -> rdflib.term.Node:
        found = terms.get(term)
        if found is not None:
            return found
        made: rdflib.term.Node
        if isinstance(term, ox.NamedNode):
            made = rdflib.URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            made = rdflib.BNode(term.value)
        elif isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if term.language:
                made = rdflib.Literal(term.value, lang=term.language)
            elif datatype in (xsd_string, lang_string):
                made = rdflib.Literal(term.value)
            else:
                made = rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
        else:  # pragma: no cover - RDF-star triples are not written by kg
            raise InputError(f"{folder}: unsupported term {term!r} in the store")
        terms[term] = made
        return made

    add = graph.store.add  # Graph.add only checks the terms' types, which convert() makes
    for quad in store.quads_for_pattern(None, None, None, None):
        add((convert(quad.subject), convert(quad.predicate), convert(quad.object)), graph, False)  # type: ignore[arg-type]
    return graph


def read_graph(path: Path) -> "rdflib.Graph":
    """The graph ``path`` stands for, as rdflib: from its store when there is a fresh one (see
    :func:`fresh_store_for`), else parsed from the RDF file."""
    store = fresh_store_for(Path(path)) if Path(path).exists() else None
    if store is not None:
        return store_graph(store)
    from kg.graphview import load_graph

    return load_graph(path)
