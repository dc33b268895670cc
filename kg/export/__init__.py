"""Exports beyond Turtle: the HTML view and other RDF and graph formats."""
