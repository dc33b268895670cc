"""Shared fixtures: the seeds' graph built fresh with the shipped model (once per test session).

Tests of the named queries, ``kg timeline`` / ``kg changes`` and the README figures use it instead
of the committed ``exports/kg.ttl``, which may lag behind the code on a branch.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from robust_helpers import ExportSet

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding kg.ttl and store/ of ``kg build seeds/`` (run from the repository root)."""
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path_factory.mktemp("seeds-build")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["build", "seeds", "--out", str(out)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The robustness catalogue's complete export set of one page, built once per session."""
    from robust_helpers import make_template

    return make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture()
def previous(template: Path, tmp_path: Path) -> "ExportSet":
    """A copy of :func:`template` in this test's ``out``: the previous exports a failed build must keep."""
    from robust_helpers import previous_set

    return previous_set(template, tmp_path / "out")
