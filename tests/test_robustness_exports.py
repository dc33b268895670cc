"""Robustness catalogue, exports: one set, swapped at once. A build that fails or is killed at any
point of its write phase leaves the previous complete set (kg.ttl, kg.html and the store from one
build, all loadable); what it half-wrote is cleaned by the next build; two builds into one folder
do not interleave."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg import fileio
from robust_helpers import SECOND_PAGE, ExportSet, build, count, error_line

pytestmark = pytest.mark.robustness


@pytest.fixture()
def new_pages(tmp_path: Path) -> Path:
    pages = tmp_path / "new_pages"
    pages.mkdir()
    (pages / "b.txt").write_text(SECOND_PAGE, encoding="utf-8")
    return pages


def test_layout_top_level_files_are_regular_and_current_is_one_link(previous: ExportSet) -> None:
    out = previous.out
    for name in ("kg.ttl", "kg.html"):
        assert (out / name).is_file() and not (out / name).is_symlink()  # git tracks them
        assert os.path.samefile(out / name, out / "current" / name)
    assert (out / "current").is_symlink() and os.readlink(out / "current").startswith(".kg/")
    assert os.readlink(out / "store") == "current/store"
    previous.assert_intact()


def test_disk_full_while_writing_the_page_keeps_the_previous_set(previous: ExportSet, new_pages: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def full_disk(src: object, dst: object) -> None:
        if Path(str(dst)).name == "kg.html":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "replace", full_disk)
    result = build(new_pages, "--out", previous.out)
    assert result.exit_code == 1
    line = error_line(result)
    assert line.startswith("Error: ") and line.endswith("kg.html: cannot write (No space left on device)")
    previous.assert_intact()


def test_store_that_cannot_be_written_keeps_the_previous_set(previous: ExportSet, new_pages: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The store is written after kg.ttl and kg.html: its failure must not leave a new kg.ttl with the old store."""
    from kg import store

    def broken(folder: Path) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(store, "_load_into", lambda folder, ttl: broken(folder))
    result = build(new_pages, "--out", previous.out)
    assert result.exit_code == 1
    assert error_line(result).endswith("store: cannot write the store (Permission denied)")
    previous.assert_intact()


KILLER = textwrap.dedent("""
    import os, signal, sys
    import kg.fileio as fileio
    where = sys.argv[1]
    real = getattr(fileio, where)
    def kill(*args, **kwargs):  # publish: all written, nothing swapped; mirror: swapped, top level not
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(fileio, where, kill)
    import kg.build
    setattr(kg.build, where, kill)
    from kg.cli import main
    sys.argv = ["kg", "build", *sys.argv[2:]]
    main()
""")


def killed_build(where: str, pages: Path, out: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-c", KILLER, where, str(pages), "--out", str(out), "--model", "none"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    return proc


def test_kill_before_the_swap_keeps_the_previous_set_and_the_next_build_cleans_up(
        previous: ExportSet, new_pages: Path) -> None:
    out = previous.out
    killed_build("publish", new_pages, out)  # every new file written, not yet current
    partial = [p.name for p in (out / ".kg").iterdir() if p.name.endswith(".partial")]
    assert len(partial) == 1
    (out / ".kg.ttl.abc123.tmp").write_text("half", encoding="utf-8")  # the older layout's leftovers
    (out / ".store-xyz").mkdir()
    assert (out / "kg.ttl").read_bytes() == previous.ttl
    assert count(out) == previous.triples
    # the next build removes the leftovers and swaps in its own set
    result = build(new_pages, "--out", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [".kg", ".kg-build.lock", ".kg-cache", "current", "kg.html", "kg.ttl", "store"]
    assert len(list((out / ".kg").iterdir())) == 2  # the current set and the one before it
    assert (out / "kg.ttl").read_bytes() != previous.ttl
    assert count(out) == count(out / "kg.ttl") > 0


def test_kill_between_the_swap_and_the_top_level_files_reads_one_set(previous: ExportSet, new_pages: Path) -> None:
    """Killed after ``current`` moved but before kg.ttl/kg.html followed: every reader that takes
    the folder reads the new set whole (store and Turtle from one build), never a mix."""
    out = previous.out
    killed_build("mirror", new_pages, out)
    current = (out / "current").resolve()
    assert (out / "kg.ttl").read_bytes() == previous.ttl  # not yet mirrored
    new_ttl = current / "kg.ttl"
    from robust_helpers import count as triples

    assert triples(out) == triples(new_ttl) == triples(current / "store") != previous.triples
    from kg.graphview import load_graph

    assert len(load_graph(out)) == triples(new_ttl)  # kg stats / kg view read the same set
    result = build(new_pages, "--out", out)  # the next build repairs the top level
    assert result.exit_code == 0
    assert os.path.samefile(out / "kg.ttl", out / "current" / "kg.ttl")


def test_second_build_into_one_folder_says_so_in_one_line(previous: ExportSet, new_pages: Path) -> None:
    out = previous.out
    with fileio.build_lock(out):
        result = build(new_pages, "--out", out)
    assert result.exit_code == 1
    assert error_line(result) == (f"Error: {out}: another kg build is writing there (pid {os.getpid()}); "
                                  "wait for it to finish or build into another --out")
    previous.assert_intact()
    assert build(new_pages, "--out", out).exit_code == 0  # the lock went with its holder


def test_lock_is_released_when_its_holder_is_killed(previous: ExportSet, new_pages: Path) -> None:
    out = previous.out
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time\nfrom pathlib import Path\nfrom kg.fileio import build_lock\n"
                               "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(60)\n",
                               str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        blocked = build(new_pages, "--out", out)
        assert blocked.exit_code == 1 and f"(pid {holder.pid})" in error_line(blocked)
    finally:
        holder.kill()
        holder.wait(10)
        if holder.stdout is not None:
            holder.stdout.close()
    assert build(new_pages, "--out", out).exit_code == 0


def test_git_checkout_of_kg_ttl_wins_over_an_older_current(previous: ExportSet, tmp_path: Path) -> None:
    """A kg.ttl put at the top after the build (git checkout, cp) is what readers read."""
    out = previous.out
    replacement = tmp_path / "other.ttl"
    replacement.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    os.replace(replacement, out / "kg.ttl")
    later = os.lstat(out / "current").st_mtime + 5
    os.utime(out / "kg.ttl", (later, later))
    assert count(out) == 1


def test_upgrade_from_the_older_layout(tmp_path: Path, new_pages: Path) -> None:
    """An output folder written by the previous kg (kg.ttl, kg.html, a real store/ folder, a stray
    temporary file) becomes the new layout in one build, with nothing left over."""
    from kg.store import write_store

    out = tmp_path / "legacy"
    out.mkdir()
    (out / "kg.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    (out / "kg.html").write_text("<html></html>\n", encoding="utf-8")
    write_store(out / "kg.ttl", out)
    (out / ".kg.ttl.x1y2.tmp").write_text("half", encoding="utf-8")
    assert count(out) == 1
    result = build(new_pages, "--out", out, "--report")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [".kg", ".kg-build.lock", ".kg-cache", "current", "kg.html", "kg.ttl",
                                                     "report.md", "store"]
    assert (out / "store").is_symlink() and os.readlink(out / "report.md") == "current/report.md"
    assert count(out / "store") == count(out) == count(out / "kg.ttl") > 1


def test_a_copied_output_folder_builds_again(previous: ExportSet, new_pages: Path, tmp_path: Path) -> None:
    """cp -r (or shutil.copytree) follows the links: the copy's current/ and store/ are folders.
    A build into the copy takes them over instead of failing to switch."""
    import shutil

    copy = tmp_path / "copied"
    shutil.copytree(previous.out, copy, symlinks=False)
    assert (copy / "current").is_dir() and not (copy / "current").is_symlink()
    result = build(new_pages, "--out", copy)
    assert result.exit_code == 0, result.output
    assert (copy / "current").is_symlink() and (copy / "store").is_symlink()
    assert count(copy) == count(copy / "kg.ttl") > 1
    assert not [p.name for p in copy.iterdir() if p.name.startswith(".current")]
