"""Which queries may run: SERVICE and updates are refused from the parsed query, not from its text.

Oxigraph follows ``SERVICE <iri>`` to the network (an HTTP POST to any address, loopback included),
and ``kg query`` and ``kg serve`` promise to run offline. Scanning the text for the keyword is not
enough: a comment ended by a carriage return, an escape, a nested group all hide it from a scanner
that reads the text differently from the engine. So the query is *parsed*, with rdflib's SPARQL 1.1
grammar, and refused when its parse tree holds a ``ServiceGraphPattern`` (whatever its IRI, a
variable included, ``SILENT`` or not, at any depth) or when it is an update.

Two parsers read one text, so the text is first made unambiguous for both, and the text that
runs is the text that was checked:

- line ends: the SPARQL grammar ends a comment at CR or LF; rdflib's comment rule ends it at LF
  only. :func:`normalise` turns CRLF and a lone CR into LF before the check *and* before the run
  (a CR inside a long string literal becomes a LF; nothing else changes).
- codepoint escapes: rdflib expands ``\\uXXXX`` in the whole text before parsing (so ``\\u0022``
  inside a string would close it and a ``#`` after it would start a comment, for rdflib only);
  Oxigraph expands them inside IRIs and strings only. The check parses a copy where each escape is
  one plain letter, which is what the escape is for Oxigraph's structure: a character inside an IRI
  or a string (outside them Oxigraph refuses the escape).

(rdflib also fails to parse some valid queries that hold SERVICE, e.g. after a ``#`` inside a
string: its ``service_string`` capture re-scans the text. Such a query is refused, never run.)

A query rdflib cannot parse is not run: it is either malformed (Oxigraph's own message says where,
from a copy with every ``service`` spelling broken, run on an empty store, so it cannot reach the
network) or uses syntax beyond SPARQL 1.1 that the check cannot read (refused with that reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_NEWLINES = re.compile(r"\r\n?")
# an escaped backslash (kept, so that "\\u0041" stays a backslash and letters) or a codepoint escape
_ESCAPES = re.compile(r"\\\\|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
_SERVICE_LETTERS = re.compile(r"service", re.IGNORECASE)
_ERROR_POSITION = re.compile(r"error at (\d+):(\d+)")
SERVICE_REFUSED = "federated queries (SERVICE) are refused: kg queries run offline"
UPDATE_REFUSED = "SPARQL Update is refused: kg queries are read-only"


@dataclass(frozen=True)
class Verdict:
    """``ok`` queries run as ``text``; otherwise ``status`` is 400 (malformed) or 403 (refused)."""

    ok: bool
    text: str
    status: int = 200
    reason: str = ""


def normalise(sparql: str) -> str:
    """The text that is checked and run: CRLF and lone CR read as LF."""
    return _NEWLINES.sub("\n", sparql)


def _escapes_as_letters(text: str) -> str:
    return _ESCAPES.sub(lambda m: m.group(0) if m.group(0) == "\\\\" else "A", text)


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib parse tree (CompValue is a dict with a ``.name``), without recursion."""
    from pyparsing import ParseResults

    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(list(item))


def has_service(tree: Any) -> bool:
    """True when a parse tree holds a SERVICE group anywhere (OPTIONAL, UNION, MINUS, subquery...)."""
    return any(getattr(item, "name", None) == "ServiceGraphPattern" for item in _walk(tree))


def parse_tree(sparql: str) -> Any | None:
    """rdflib's parse tree of a query (text already normalised), ``None`` when it does not parse."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query

    try:
        return Query.parse_string(_escapes_as_letters(sparql), parse_all=True)
    except ParseBaseException:
        return None
    except RecursionError:  # deeply nested groups: not checkable, so not run
        return None


def is_update(sparql: str) -> bool:
    """True when the text parses as SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import UpdateUnit

    text = _escapes_as_letters(normalise(sparql))
    if not text.strip():
        return False
    try:
        UpdateUnit.parse_string(text, parse_all=True)
    except (ParseBaseException, RecursionError):
        return False
    return True


def uses_service(sparql: str) -> bool:
    """True when the query holds SERVICE, or cannot be parsed well enough to know that it does not."""
    tree = parse_tree(normalise(sparql))
    return tree is None or has_service(tree)


def _oxigraph_syntax_error(text: str) -> tuple[SyntaxError, bool] | None:
    """Oxigraph's parse error for ``text``, found without any chance of a network call, and
    whether it falls on a SERVICE keyword.

    Every spelling of ``service`` (keyword, string, IRI, name, comment) is broken first (its last
    letter becomes ``_``, still valid inside IRIs, strings and names), and the copy is given to an
    empty in-memory store: with no SERVICE and no data it cannot fetch anything. An error right at
    a broken keyword means Oxigraph reads a SERVICE there.
    """
    import pyoxigraph as ox

    neutered = _SERVICE_LETTERS.sub(lambda m: m.group(0)[:-1] + "_", text)
    try:
        ox.Store().query(neutered)  # parsed in full before anything is evaluated
    except SyntaxError as exc:
        return exc, _at_service(exc, text)
    except Exception:  # noqa: BLE001 - an evaluation error on the empty store: it parsed
        return None
    return None


def _at_service(exc: SyntaxError, text: str) -> bool:
    match = _ERROR_POSITION.search(str(exc))
    if not match:
        return False
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return False
    offset = sum(len(part) + 1 for part in lines[: line - 1]) + column - 1
    for word in _SERVICE_LETTERS.finditer(text):
        # the keyword itself or the token after it (Oxigraph may stop at the IRI that follows)
        after = re.match(r"\s*\S*", text[word.end() :])
        if word.start() <= offset <= word.end() + (after.end() if after else 0):
            return True
    return False


def check_query(sparql: str, *, allow_service: bool = False) -> Verdict:
    """Decide whether a query may run, and the exact text to run."""
    text = normalise(sparql)
    tree = parse_tree(text)
    if tree is not None:
        if not allow_service and has_service(tree):
            return Verdict(False, text, 403, SERVICE_REFUSED)
        return Verdict(True, text)
    if is_update(text):
        return Verdict(False, text, 403, UPDATE_REFUSED)
    found = _oxigraph_syntax_error(text)
    if found is not None:
        error, at_service = found
        if at_service and not allow_service:
            return Verdict(False, text, 403, SERVICE_REFUSED)
        if not at_service:
            from kg.store import describe_syntax_error

            return Verdict(False, text, 400, describe_syntax_error(error, text))
    if allow_service:
        return Verdict(True, text)
    return Verdict(False, text, 400, "this query uses syntax beyond SPARQL 1.1 that kg cannot check for SERVICE, "
                   "so it is not run")
