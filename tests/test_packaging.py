"""A wheel (what a plain ``pip install .`` installs) carries the ontology, shapes and named queries.

The test copies the source tree to a temporary folder, builds a wheel there with the current
setuptools (``pip wheel --no-deps --no-build-isolation``), installs it with ``--no-deps`` into a
fresh virtual environment whose only other path is this environment's site-packages (for the
dependencies), and runs the installed ``kg`` from a folder with no ``ontology/`` in sight.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "mini.ttl"

pytestmark = pytest.mark.slow


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=600, check=False, **kw)  # type: ignore[call-overload]


def _ignore(folder: str, names: list[str]) -> set[str]:
    skip = {".venv", ".git", "exports", "build", "dist", "__pycache__", ".mypy_cache", "training", ".cache"}
    return {n for n in names if n in skip or n.endswith(".egg-info")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a venv holding only the wheel of kg (dependencies borrowed)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=_ignore)
    dist = work / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                  "-w", str(dist), str(src)])
    assert built.returncode == 0, built.stderr[-2000:]
    wheels = sorted(dist.glob("kg-*.whl"))
    assert len(wheels) == 1, wheels
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    for member in ("kg/ontology/kg.ttl", "kg/ontology/shapes.ttl", "kg/ontology/queries/posts-of-person.rq"):
        assert member in names, f"{member} missing from the wheel"
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    inst = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                 "--no-index", str(wheels[0])])
    assert inst.returncode == 0, inst.stderr[-2000:]
    # the dependencies come from this environment; a plain path entry (its .pth files, among them
    # the editable install of kg, are not processed)
    (site / "zz-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return venv / "bin"


def _kg(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["OMP_NUM_THREADS"] = "1"
    return _run([str(bin_dir / "kg"), *args], cwd=cwd, env=env)


def test_wheel_kg_is_the_installed_copy(installed: Path, tmp_path: Path) -> None:
    done = _run([str(installed / "python"), "-c", "import kg; print(kg.__file__)"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(installed.parent) in done.stdout, done.stdout
    assert str(ROOT) not in done.stdout


def test_wheel_query_list(installed: Path, tmp_path: Path) -> None:
    done = _kg(installed, "query", "--list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("posts-of-person", "career-of-person", "who-met-whom", "appointments-between"):
        assert f"{name}:" in done.stdout


def test_wheel_build_then_validate(installed: Path, tmp_path: Path) -> None:
    """The installed kg builds a page (patterns shipped) and validates it against its own shapes."""
    shutil.copy(ROOT / "seeds" / "000_e16874effdbdac3a.txt", tmp_path / "page.txt")
    built = _kg(installed, "build", "page.txt", "--out", "out", "--model", "none", "--no-store", cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    done = _kg(installed, "validate", "--graph", "out/kg.ttl", cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert "conforms to" in done.stdout
    assert str(installed.parent) in done.stdout  # the shapes file inside the installed package


def test_wheel_validate_reports_violations(installed: Path, tmp_path: Path) -> None:
    done = _kg(installed, "validate", "--graph", str(FIXTURE), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "violation(s) of" in done.stdout and "needs exactly one skos:prefLabel" in done.stdout


def test_wheel_named_query_runs(installed: Path, tmp_path: Path) -> None:
    done = _kg(installed, "query", "--name", "posts-of-person", "--graph", str(FIXTURE), "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("person")
