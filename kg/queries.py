"""Named SPARQL queries: ``ontology/queries/*.rq`` and safe parameter substitution.

Each ``.rq`` file is plain SPARQL 1.1 that any engine runs as it stands. It starts with a header::

    # name: posts-of-person
    # answers: Which posts has a person held ...?
    # params: person=张红军 (what the value is matched against)

A parameter ``person`` appears in the query as the variable ``$param_person``, used where a label is
matched (``?p rdfs:label|skos:altLabel $param_person``). Left unset it stays a variable, so the query
answers for every person; given a value it is replaced, token by token outside strings, IRIs and
comments, by a SPARQL string literal in ``@zh`` with every special character escaped: a parameter
value can never change the shape of the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import InputError, QueryError

def ontology_dir() -> Path:
    """The ontology folder shipped inside the package (``kg/ontology``, in the repository a symlink to
    the top-level ``ontology/``), so an installed wheel finds the shapes and named queries too."""
    return Path(str(resources.files("kg") / "ontology"))


QUERY_DIR = ontology_dir() / "queries"
PARAM_PREFIX = "param_"
LANGUAGE = "zh"

_HEADER = re.compile(r"^#\s*(name|answers|params)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Tokens that may hold a "$param_x" look-alike which must be left alone.
_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file: its name, the question it answers, its parameters with example values."""

    name: str
    answers: str
    params: dict[str, str]
    path: Path
    text: str


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Every named query in ``folder`` (default ``ontology/queries``), sorted by name."""
    folder = Path(folder) if folder is not None else QUERY_DIR
    if not folder.is_dir():
        raise InputError(f"{folder}: no named-query folder")
    return [_read(path) for path in sorted(folder.glob("*.rq"))]


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query called ``name``; the error lists the names that exist."""
    queries = {q.name: q for q in list_queries(folder)}
    if name not in queries:
        known = ", ".join(sorted(queries)) or "none"
        raise QueryError(f"no named query {name!r} (known: {known})")
    return queries[name]


def load_query(name: str, params: dict[str, str] | None = None, folder: Path | None = None) -> str:
    """The SPARQL text of a named query with ``params`` substituted as ``"…"@zh`` literals.

    Unknown parameter names and empty values are errors; parameters left out stay variables.
    """
    query = get_query(name, folder)
    params = dict(params or {})
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        known = ", ".join(sorted(query.params)) or "none"
        raise QueryError(f"query {name!r} has no parameter {unknown[0]!r} (parameters: {known})")
    for key, value in params.items():
        if not value.strip():
            raise QueryError(f"parameter {key!r} of query {name!r} is empty")
    return substitute(query.text, params)


def substitute_checked(text: str, params: dict[str, str]) -> str:
    """:func:`substitute` for a query given as text: every parameter must appear in it, non-empty."""
    for key, value in params.items():
        if not value.strip():
            raise QueryError(f"parameter {key!r} is empty")
        if not re.search(rf"[?$]{PARAM_PREFIX}{re.escape(key)}(?![A-Za-z0-9_\u00B7\u00C0-\uFFFF])", text):
            raise QueryError(f"the query has no variable ${PARAM_PREFIX}{key} for --param {key}")
    return substitute(text, params)


def substitute(text: str, params: dict[str, str]) -> str:
    """Replace ``$param_<key>`` / ``?param_<key>`` variables by escaped ``@zh`` string literals."""
    literals = {f"{PARAM_PREFIX}{key}": sparql_literal(value.strip()) for key, value in params.items()}

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if match.lastgroup == "var" and token[1:] in literals:
            return literals[token[1:]]
        return token

    return _TOKENS.sub(replace, text)


def sparql_literal(value: str, language: str = LANGUAGE) -> str:
    """A SPARQL string literal (``STRING_LITERAL_QUOTE`` with ECHAR escapes) tagged ``@zh``."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("\b", "\\b")
        .replace("\f", "\\f")
    )
    # Other control characters are legal inside quotes but unreadable: write them as \\u escapes.
    escaped = "".join(f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in escaped)
    return f'"{escaped}"@{language}'


def parse_params(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``("person=张红军", ...)`` to a dict; a pair without ``=`` is an error."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE")
        params[key.strip()] = value
    return params


def _read(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            header.setdefault(match.group(1), match.group(2))
    name = header.get("name") or path.stem
    if name != path.stem or not _NAME.match(name):
        raise InputError(f"{path}: '# name:' must be the file name in lowercase with hyphens")
    if "answers" not in header:
        raise InputError(f"{path}: missing '# answers:' header")
    params = dict(_PARAM.findall(header.get("params", "")))
    for key in params:
        if f"{PARAM_PREFIX}{key}" not in text:
            raise InputError(f"{path}: parameter {key!r} is not used as ${PARAM_PREFIX}{key}")
    return NamedQuery(name=name, answers=header["answers"], params=params, path=path, text=text)
