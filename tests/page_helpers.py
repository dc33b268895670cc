"""Pages of one sentence each, built together by the library: the general-rule tests' fixture."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kg.build import BuildResult, run_pipeline


def build_sentence_pages(folder: Path, sentences: Mapping[str, str]) -> BuildResult:
    """Write each sentence as its own page ``<name>.txt`` in ``folder`` and build them all."""
    for name, sentence in sentences.items():
        (folder / f"{name}.txt").write_text(sentence + "\n", encoding="utf-8")
    return run_pipeline([folder])
