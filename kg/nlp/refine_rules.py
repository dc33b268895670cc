"""The refine rules (``patterns/refine.json``): suffixes, surnames, name parts. Read without spaCy,
so that ingest can use the surnames too."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from ..errors import ModelError


def load_refine_rules() -> dict[str, Any]:
    path = resources.files("kg") / "patterns" / "refine.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot load refine rules ({exc})") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path}: must hold a JSON object")
    return data


@functools.cache
def surnames() -> frozenset[str]:
    """The one-character surnames of the refine rules."""
    return frozenset(load_refine_rules().get("surnames", ""))
