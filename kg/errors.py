"""One exception family for kg.

Library code raises these; only the command line decides how they look (one line, non-zero exit).
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg reports to a user."""

    exit_code = 1


class InputError(KgError):
    """A document, gold file or data file cannot be used: the message names the file and the reason."""

    exit_code = 2


class ModelError(KgError):
    """A spaCy pipeline or pattern file cannot be loaded or is not usable."""

    exit_code = 3


class OutputError(KgError):
    """An output folder or file cannot be written."""

    exit_code = 4


class QueryError(KgError):
    """A SPARQL query is malformed or cannot be run on the given graph."""

    exit_code = 5


class ExtractionError(KgError):
    """The pipeline failed on one page (a bug, or a page it cannot handle): the message names the page."""
