"""The per-document cache of the extract stage, under the output folder (``OUT/.kg-cache/``).

One entry per document: its :class:`~kg.records.Extraction` (pickled, without the page text and
offset map: what resolution and the graph need from the text is in its :class:`~kg.records.PageFacts`),
stored under a key made of the document's content and name and the *pipeline version*: the model
(a hash of its files, or its package name and version), the pattern files (shipped and extra),
the region places of the alias files (the page's place is read with them), and the code (a hash
of kg's own source files, kg's version and spaCy's). Changing any of these changes every key, so
nothing stale is read. Resolution and export are global and always run on the whole corpus.

When a whole build's inputs (every page's key, alias files, base IRI, outputs asked for) are
those of the last build and its outputs are intact (``OUT/.kg-cache/build.json`` records their
hashes), nothing is rebuilt or rewritten.

The cache holds what the last build used: entries no build of this folder read or wrote in the
last run are removed at the end of it, so it does not grow with every edit.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError
from .ingest import read_bytes
from .records import Document, Extraction
from .resolve import RegionPlaces, region_places, regions_digest

CACHE_DIR = ".kg-cache"
_FORMAT = "2"  # bump when the entry layout changes (2: the page's facts in the entry, no sentence text)


def _hash_files(paths: Iterable[Path], root: Path | None = None) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        name = str(path.relative_to(root)) if root else str(path)
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def code_version() -> str:
    """kg's version, spaCy's, and a hash of every Python source file of the kg package."""
    import spacy

    from . import __version__

    root = Path(str(resources.files("kg")))
    files = [p for p in root.rglob("*.py") if "__pycache__" not in p.parts]
    return f"kg {__version__}; spacy {spacy.__version__}; code {_hash_files(files, root)[:16]}"


def model_version(model: str | None) -> str:
    from .nlp.pipeline import NO_MODEL, shipped_model

    if model == NO_MODEL:
        return "patterns only"
    target = Path(model) if model else shipped_model()
    if target is None:
        return "patterns only (no shipped model)"
    if target.exists():
        files = [p for p in target.rglob("*") if p.is_file()] if target.is_dir() else [target]
        return f"model files {_hash_files(files, target if target.is_dir() else None)[:16]}"
    try:  # an installed pipeline package (zh_core_web_trf...)
        from spacy.util import get_package_version

        return f"model package {model} {get_package_version(str(model))}"
    except Exception:  # pragma: no cover - spaCy reports the missing model when it loads it
        return f"model {model}"


def patterns_version(extra: Iterable[Path] = ()) -> str:
    """The shipped pattern data (every file of kg/patterns) and the user's extra pattern files."""
    folder = Path(str(resources.files("kg") / "patterns"))
    shipped = _hash_files([p for p in folder.iterdir() if p.is_file()], folder)
    user = _hash_files([Path(p).resolve() for p in extra])
    return f"patterns {shipped[:16]} {user[:16]}"


def pipeline_version(model: str | None, patterns: Iterable[Path] = (), regions: RegionPlaces | None = None) -> str:
    """What the extract stage's output depends on besides the document itself (``regions``: the
    region places a page's place is read with, by default the shipped ones)."""
    if regions is None:
        regions = region_places()
    return " | ".join((_FORMAT, code_version(), model_version(model), patterns_version(patterns),
                       f"regions {regions_digest(regions)}"))


def slim(extraction: Extraction) -> Extraction:
    """The extraction without its page's text: raw text, normalised text, offset map and the
    sentences' text (needed only inside the per-document stage; what resolution and the graph
    read from the text is in ``extraction.page``). Sentence and block spans, bylines, ids stay."""
    doc = extraction.document
    sentences = tuple(dataclasses.replace(s, text="") for s in doc.sentences)
    return dataclasses.replace(extraction, document=dataclasses.replace(doc, raw="", text="", offsets=(),
                                                                        sentences=sentences))


class ExtractionCache:
    """Extractions on disk, one file each, keyed by document content and pipeline version."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, doc: Document) -> str:
        digest = hashlib.sha256(self.version.encode())
        for part in (doc.doc_id, doc.path, doc.encoding, doc.raw):
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, doc: Document, *, attach: bool = True) -> Extraction | None:
        """The cached extraction of ``doc`` (with ``doc`` itself attached; ``attach=False``: the
        entry's own document, without its text), or None."""
        found = self.lookup(self.key(doc), doc.doc_id)
        if found is None or not attach:
            return found
        return dataclasses.replace(found, document=doc)

    def lookup(self, key: str, doc_id: str) -> Extraction | None:
        """The entry under ``key`` (an extraction without its page text), or None."""
        self.used.add(key)
        try:
            with self._path(key).open("rb") as handle:
                found = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
            self.misses += 1
            return None
        if not isinstance(found, Extraction) or found.document.doc_id != doc_id or found.page is None:
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, doc: Document, extraction: Extraction) -> None:
        self.store(self.key(doc), extraction)

    def store(self, key: str, extraction: Extraction) -> None:
        self.used.add(key)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(slim(extraction), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:  # a cache that cannot be written only costs time
            pass

    def prune(self) -> int:
        """Remove entries this build did not use; how many were removed."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*.pickle"):
            if path.stem not in self.used:
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    pass
        return removed


# -- the whole build: nothing changed, nothing to write ---------------------------------------------
MANIFEST = "build.json"


def corpus_fingerprint(cache: ExtractionCache, files: Iterable[Path], skipped: Iterable[object],
                       settings: Iterable[str]) -> str:
    """Everything a build's outputs depend on, read file by file (never all at once): the pipeline
    version, every input file's path and bytes (or why they cannot be read) in order, the inputs
    skipped before reading, and the build's settings (alias files' content, base IRI, outputs asked).
    (The path, not only the name: the skipped files a kept build reports are named by their path.)
    The bytes decide everything a page's cache key holds (its text, encoding and name)."""
    digest = hashlib.sha256(b"kg build\0" + cache.version.encode() + b"\0")
    for path in files:
        try:
            content = hashlib.sha256(read_bytes(path)).hexdigest()
        except InputError as exc:
            content = f"unreadable: {exc}"
        digest.update(f"{path}\0{content}\0".encode("utf-8", "surrogatepass"))
    for item in skipped:
        digest.update(b"\2" + str(item).encode("utf-8", "surrogatepass"))
    for setting in settings:
        digest.update(b"\1" + setting.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(out: Path, fingerprint: str) -> dict[str, Any] | None:
    """The last build's record if it was made from the same inputs and its outputs are intact
    (files unchanged, store folder present); else None."""
    try:
        data = json.loads((out / CACHE_DIR / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return None
    for name, digest in data.get("outputs", {}).items():
        path = out / name
        if digest == "folder":
            if not path.is_dir():
                return None
        elif not path.is_file() or _file_hash(path) != digest:
            return None
    return data


def forget_manifest(out: Path) -> None:
    """Before a build writes anything: the outputs are about to change."""
    try:
        (out / CACHE_DIR / MANIFEST).unlink()
    except OSError:
        pass


def write_manifest(out: Path, fingerprint: str, outputs: Iterable[Path], summary: dict[str, Any]) -> None:
    record: dict[str, Any] = {"fingerprint": fingerprint, "summary": summary, "outputs": {}}
    for path in outputs:
        record["outputs"][str(Path(path).relative_to(out))] = "folder" if Path(path).is_dir() else _file_hash(Path(path))
    try:
        (out / CACHE_DIR).mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out / CACHE_DIR, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, indent=1)
        os.replace(tmp, out / CACHE_DIR / MANIFEST)
    except OSError:
        pass
