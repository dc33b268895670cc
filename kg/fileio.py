"""Atomic file writes, and the export set that a build swaps in at once.

Every output goes to a temporary file beside its target and is renamed, so no reader ever sees a
half-written file; and a build writes its whole set (kg.ttl, kg.html, store, report, formats) into
a new generation folder that becomes current in one rename, so a failed or killed build never
leaves a mix of two builds (see :func:`publish`).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import KgError, OutputError


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` on a temporary path in the target's folder, then rename it over ``path``.

    Whatever ``write`` returns is ignored.
    """
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot write there ({exc.strerror or exc})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


# --------------------------------------------------------------------------------------------
# one export set, swapped at once
#
#   OUT/.kg/<generation>/        one complete build: kg.ttl, kg.html, store/, report.md, formats
#   OUT/current -> .kg/<gen>     the set readers use; replaced by one rename of a new symlink
#   OUT/kg.ttl, OUT/kg.html      regular files (git tracks them): hard links to current's files,
#                                put in place (by rename) right after the swap
#   OUT/store, OUT/report.md ... symlinks through current (current/store, ...), so they follow it
#   OUT/.kg-build.lock           flock()ed by the build that is writing OUT
#
# A build writes a new generation under ``OUT/.kg/<gen>.partial``, renames it to ``<gen>`` when
# every file is complete, and only then swaps ``current``; a failure or a kill at any point before
# the swap leaves the previous set as it was, and whatever it half-wrote is removed by the next
# build. The set before the current one is kept, and so is any set a running ``kg serve`` reads
# (it holds a shared lock on ``OUT/.kg/<gen>.readers``).

GENERATIONS = ".kg"
CURRENT = "current"
LOCK_NAME = ".kg-build.lock"
MIRRORED = ("kg.ttl", "kg.html")  # regular files at the top level
READERS_SUFFIX = ".readers"  # OUT/.kg/<gen>.readers: shared-locked by servers reading <gen>
_STALE_PREFIXES = (".kg.", ".report.md.", ".store-", ".store.", ".current.")


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold ``OUT/.kg-build.lock`` for one build; a second build into ``out`` fails at once, in one line.

    ``flock`` is released by the kernel when the holder dies, so a killed build never leaves a
    stale lock behind.
    """
    path = out / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the build lock ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise OutputError(f"{out}: another kg build is writing there{who}; "
                              "wait for it to finish or build into another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)


def current_generation(out: Path) -> Path | None:
    """The generation folder ``OUT/current`` points to (resolved once), or None (no set, or an old layout)."""
    link = out / CURRENT
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def clean_stale(out: Path) -> None:
    """Remove what killed or failed builds left (partial generations, temporary files and links),
    and generations older than the current one and the one before it. Call under the lock."""
    current = current_generation(out)
    generations = out / GENERATIONS
    if generations.is_dir():
        complete = sorted((p for p in generations.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
                          key=lambda p: p.stat().st_mtime)
        keep = {current} if current is not None else set()
        others = [p for p in complete if p != current]
        keep.update(others[-1:])  # the set before the current one
        for path in generations.iterdir():
            if path.name.endswith(READERS_SUFFIX):
                continue
            if path not in keep and not _in_use(path):
                _remove(path)
        for path in generations.iterdir():  # reader locks of sets that are gone
            if path.name.endswith(READERS_SUFFIX) and not path.with_name(path.name[: -len(READERS_SUFFIX)]).exists():
                _remove(path)
    for path in out.iterdir():
        if path.name.startswith(_STALE_PREFIXES) and path.name != LOCK_NAME and path.name != GENERATIONS:
            _remove(path)


def hold_generation(folder: Path) -> int | None:
    """Take a shared lock saying that ``folder`` (a store or file inside a generation) is being
    read, so that no build removes its generation meanwhile; returns the descriptor to close, or
    None when ``folder`` is not inside a generation (a Turtle file, an older layout)."""
    real = Path(os.path.realpath(folder))
    generation = real if real.parent.name == GENERATIONS else real.parent
    if generation.parent.name != GENERATIONS:
        return None
    try:
        fd = os.open(generation.parent / f"{generation.name}{READERS_SUFFIX}", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None  # a read-only output folder: nobody can build into it either
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def _in_use(generation: Path) -> bool:
    readers = generation.with_name(generation.name + READERS_SUFFIX)
    try:
        fd = os.open(readers, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


def new_generation(out: Path) -> Path:
    """A fresh, empty ``OUT/.kg/<gen>.partial`` folder to build into."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    try:
        (out / GENERATIONS).mkdir(exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f"{stamp}-", suffix=".partial", dir=out / GENERATIONS))
        os.chmod(path, 0o755)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create a build folder there ({exc.strerror or exc})") from None
    return path


def publish(out: Path, partial: Path) -> list[str]:
    """Make the complete set in ``partial`` the current one, in one step; returns its top-level names.

    Before the swap of ``current`` nothing a reader sees has changed; after it, readers see the
    whole new set. The top-level regular files and links are then brought in line with it.
    """
    final = partial.with_name(partial.name[: -len(".partial")])
    names = sorted(p.name for p in partial.iterdir())
    try:
        os.rename(partial, final)
        tmp_link = out / f".{CURRENT}.{final.name}.tmp"
        os.symlink(f"{GENERATIONS}/{final.name}", tmp_link)
        link = out / CURRENT
        if link.is_dir() and not link.is_symlink():  # a copy of an output folder (cp -r made current a folder)
            os.rename(link, out / f".{CURRENT}.copied-{os.getpid()}.tmp")  # cleaned as stale
        os.replace(tmp_link, link)  # the one step
    except OSError as exc:
        raise OutputError(f"{out / CURRENT}: cannot switch to the new exports ({exc.strerror or exc})") from None
    mirror(out)
    return names


def mirror(out: Path) -> None:
    """Top-level kg.ttl and kg.html as regular files identical to the current set's (hard links, or
    copies where links are not possible); other names as symlinks through ``current``."""
    current = current_generation(out)
    if current is None:
        return
    names = {p.name for p in current.iterdir()}
    for name in MIRRORED:
        target = out / name
        source = current / name
        if name not in names:
            continue
        try:
            if target.is_file() and not target.is_symlink() and os.path.samefile(target, source):
                continue
        except OSError:
            pass
        tmp = out / f".{name}.{os.getpid()}.mirror.tmp"
        try:
            tmp.unlink(missing_ok=True)
            try:
                os.link(source, tmp)
            except OSError:
                shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    for name in names - set(MIRRORED):
        _link_through_current(out, name)
    for path in out.iterdir():  # links to files the current set no longer has
        if path.is_symlink() and path.name != CURRENT and os.readlink(path).startswith(f"{CURRENT}/") \
                and path.name not in names:
            path.unlink()


def _link_through_current(out: Path, name: str) -> None:
    target = out / name
    wanted = f"{CURRENT}/{name}"
    if target.is_symlink() and os.readlink(target) == wanted:
        return
    tmp = out / f".{name}.{os.getpid()}.link.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(wanted, tmp)
    old: Path | None = None
    if target.is_dir() and not target.is_symlink():  # a store/ of the older layout
        old = out / f".{name}-old.{os.getpid()}"
        os.rename(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def json_line(line: str, where: str, error: type[KgError]) -> Any:
    """One line of a JSONL data file (patterns, lexicon, gold), parsed; a line that is not JSON is
    ``error("FILE:LINE: not JSON (why)")``."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise error(f"{where}: not JSON ({exc.msg})") from None
