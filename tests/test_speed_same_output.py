"""Speed-ups that must not change what kg finds (issue 12): each is checked against the slow form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ingest import read_documents
from kg.nlp.components import default_pattern_files, first_char_guard, load_patterns
from kg.nlp.titles import title_lexicon

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize(("source", "guard"), [
    ("(?P<n>[张王]李)", "(?=[\\U00005f20\\U0000738b])"),
    ("(?:欧阳|(?<![市县])长孙)[一-龥]", "(?=[\\U00006b27\\U0000957f])"),  # a lookbehind is zero-width
    ("x{2}|[0-9]", "(?=[\\U00000078\\U00000030-\\U00000039])"),
    ("a?b", ""),  # an optional first item: no guard
    ("[^x]y", ""),  # a negated class
    ("(?i)ab", ""),  # case-insensitive
    ("\\d+", ""),  # a category
])
def test_first_char_guard(source: str, guard: str) -> None:
    assert first_char_guard(source) == guard


def test_names_after_titles_match_as_without_the_guard() -> None:
    """The shipped after-title regexes start with the guard, and find exactly what the unguarded
    regex finds on every sentence of the seeds."""
    lookbehind = title_lexicon().after_title_lookbehind()
    guarded = [p for p in load_patterns(default_pattern_files()) if p.regex is not None and lookbehind in p.regex.pattern]
    assert {p.id for p in guarded} >= {"person-after-title", "person-compound-after-title"}
    texts = [s.text for d in read_documents([SEEDS]) for s in d.sentences]
    assert len(texts) > 100
    found = 0
    for pattern in guarded:
        assert pattern.regex is not None
        guard = pattern.regex.pattern[: pattern.regex.pattern.index(lookbehind)]
        assert guard.startswith("(?=[")
        plain = re.compile(pattern.regex.pattern[len(guard):])
        for text in texts:
            expected = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert [(m.span(), m.groups()) for m in pattern.regex.finditer(text)] == expected
            found += len(expected)
    assert found >= 15  # the seeds do name people after their titles (15 at this writing)
