"""The ``kg`` package type-checks: ``python -m mypy kg`` with the settings in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # about 10 s without mypy's cache, under a second with it
def test_mypy_reports_no_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("mypy")
    from mypy import api

    # from the repository root, as `python -m mypy kg` is run there (and its cache kept there)
    monkeypatch.chdir(ROOT)
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "kg"])
    assert status == 0, f"mypy exited with {status}:\n{stdout}{stderr}"
