"""kg: Chinese government news into a knowledge graph with provenance.

Stages: ingest -> nlp -> extract -> resolve -> rdf -> export. Each stage is a function over the
typed records of :mod:`kg.records`; :func:`kg.build.build` wires them.
"""

__version__ = "0.1.0"
