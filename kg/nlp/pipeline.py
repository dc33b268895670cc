"""Assemble the spaCy pipeline: a statistical NER (shipped model or the user's) plus kg's patterns.

Loading is explicit and cached per (model, patterns) so that importing kg never loads a model.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language

from ..errors import ModelError
from . import components  # noqa: F401  (registers the kg_ruler factory)
from .backend import cpu_blas
from .components import KgRuler, default_pattern_files, load_patterns, load_refine_rules

MODEL_DIR = Path(__file__).parent / "model"
NO_MODEL = "none"


def shipped_model() -> Path | None:
    """The trained pipeline shipped inside the package, if this install has one."""
    return MODEL_DIR if (MODEL_DIR / "config.cfg").exists() else None


def describe(model: str | None) -> str:
    if model == NO_MODEL:
        return "patterns only"
    if model:
        return model
    found = shipped_model()
    return f"kg shipped model ({found.name})" if found else "patterns only (no shipped model)"


def _load_base(model: str | None) -> Language:
    if model == NO_MODEL:
        return spacy.blank("zh")
    target = model or (str(shipped_model()) if shipped_model() else None)
    if target is None:
        return spacy.blank("zh")
    try:
        from . import features  # noqa: F401  (registers kg_char_features for the shipped model)
    except ImportError:  # pragma: no cover - features ships with the package
        pass
    try:
        with cpu_blas():
            nlp = spacy.load(target)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{target}: cannot load spaCy pipeline ({str(exc).splitlines()[0]})") from None
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"{target}: pipeline has no 'ner' component")
    return nlp


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str | None = None, patterns: tuple[Path, ...] | Path | None = None) -> Language:
    """The NER pipeline used by ``kg build``.

    ``model``: None for the shipped model, ``"none"`` for patterns only, or any spaCy pipeline name
    or path (``zh_core_web_trf``...). ``patterns``: extra JSONL pattern files, added to the shipped ones.
    """
    extra: tuple[Path, ...]
    if patterns is None:
        extra = ()
    elif isinstance(patterns, Path):
        extra = (patterns,)
    else:
        extra = tuple(patterns)
    nlp = _load_base(model)
    ruler = cast(KgRuler, nlp.add_pipe("kg_ruler", last=True))
    ruler.initialize(load_patterns([*default_pattern_files(), *extra]), load_refine_rules())
    return nlp
