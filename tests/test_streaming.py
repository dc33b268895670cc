"""Streamed builds (issue 12): pages are read as the per-document stage takes them, what resolution
and the graph need from a page's text is read in that stage (PageFacts), and no page text travels
back from a worker, is cached or is kept; the graph is the one the text gives."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg import cache as kg_cache
from kg import pipeline_exec
from kg.build import run_pipeline
from kg.cli import main
from kg.errors import KgError
from kg.ingest import discover, read_documents, stream_documents
from kg.records import Extraction
from kg.resolve import Resolution, Resolver, region_places, regions_digest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TRADITIONAL = "鄭州高新區黨工委書記張紅軍主持召開會議，推動高質(zhì)量發展，王新偉參加。\n"
REGIONAL = "科学谷召开建设推进会议，科学谷管委会主任王五出席会议并讲话。\n"  # a place only a region line knows
REGIONS = ('{"label": "ADMIN", "alias": "科学谷", "canonical": "郑州科学谷", "within": "郑州市"}\n'
           '{"label": "ADMIN", "alias": "金水科教园区", "canonical": "金水科教园区", "within": "郑州市"}\n')


def _no_text(ex: Extraction) -> None:
    doc = ex.document
    assert (doc.raw, doc.text, tuple(doc.offsets)) == ("", "", ())
    assert doc.sentences and all(s.text == "" for s in doc.sentences)  # spans kept, text not


def _resolution_view(res: Resolution) -> tuple[object, ...]:
    return (res.entities, res.refs, res.merges, res.districts, res.event_names, res.unresolved, res.post_bodies,
            {d: (pp.name, pp.evidence, tuple(p.name for p in pp.named)) for d, pp in res.places.items()})


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, a Traditional page (its mentions are written otherwise) and a page whose place
    only an alias file's region line names."""
    folder = tmp_path_factory.mktemp("pages")
    for page in SEEDS.glob("*.txt"):
        shutil.copy(page, folder / page.name)
    (folder / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    (folder / "kxg.txt").write_text(REGIONAL, encoding="utf-8")
    return folder


def test_a_record_from_a_worker_holds_no_page_text(pages: Path) -> None:
    """--jobs 2: the extractions come back from forked worker processes without the page's text,
    offset map or sentence text; only the facts that resolution and the graph read travel."""
    docs = read_documents([pages])
    files, skipped = discover([pages])
    out, report = pipeline_exec.run_documents(stream_documents(files, skipped), model="none", patterns=(), jobs=2,
                                              keep_documents=False, total_chars=sum(len(d.raw) for d in docs),
                                              files=len(files))
    assert report.processed == len(docs) == 7 and [ex.document.doc_id for ex in out] == [d.doc_id for d in docs]
    checked = 0
    for ex, doc in zip(out, docs):
        _no_text(ex)
        assert ex.page is not None and ex.page.regions == regions_digest(region_places())
        assert ex.page.title == doc.title() and ex.page.title
        evidence = {r.evidence.text for r in ex.relations} | {e.evidence.text for e in ex.events}
        shipped = pickle.dumps(ex)
        bare = [s.text for s in doc.sentences
                if len(s.text) >= 12 and s.text not in ex.page.title and not any(s.text in e for e in evidence)]
        assert not any(s.encode("utf-8") in shipped for s in bare)  # the sentences without facts stay here
        checked += len(bare)
    assert checked > 100
    by_id = {ex.document.doc_id: ex for ex in out}
    assert by_id["trad"].page is not None and ("PERSON", "张红军", "張紅軍") in by_id["trad"].page.written
    assert any(ex.page is not None and ex.page.place for ex in out)  # places were read in the worker


def test_the_facts_resolve_as_the_text_does(pages: Path, tmp_path: Path) -> None:
    """Resolution from the per-document stage's facts equals resolution from the full text, with the
    shipped region places and with an alias file's (facts read with other places are read again)."""
    built = run_pipeline([pages], model="none")  # keep_documents: the text is there to compare with
    assert all(ex.page is not None and ex.document.text for ex in built.extractions)
    bare = [dataclasses.replace(ex, page=None) for ex in built.extractions]
    assert built.resolution is not None
    assert _resolution_view(Resolver().resolve(bare)) == _resolution_view(built.resolution)
    assert "郑州高新区党工委" in {e.name for e in built.resolution.entities.values()}
    aliases = tmp_path / "regions.jsonl"
    aliases.write_text(REGIONS, encoding="utf-8")
    with_regions = run_pipeline([pages], model="none", aliases=[aliases])
    assert with_regions.resolution is not None
    assert {ex.page.regions for ex in with_regions.extractions if ex.page} == {regions_digest(region_places([aliases]))}
    assert _resolution_view(Resolver(alias_files=[aliases]).resolve(bare)) == _resolution_view(with_regions.resolution)
    assert _resolution_view(Resolver(alias_files=[aliases]).resolve(built.extractions)) == _resolution_view(
        with_regions.resolution)  # facts read with the shipped places only: read again from the text
    assert (built.resolution.districts["kxg"], with_regions.resolution.districts["kxg"]) == ("", "郑州科学谷")
    assert built.resolution.districts["003_9ffdbe58c7621f51"] == "郑东新区"  # a shipped region line's place


def test_resolving_a_page_without_text_or_matching_facts_names_the_page(tmp_path: Path) -> None:
    aliases = tmp_path / "regions.jsonl"
    aliases.write_text(REGIONS, encoding="utf-8")
    docs = read_documents([SEEDS])
    slimmed = pipeline_exec.extract_batch(docs[:1], "none", ())
    with pytest.raises(KgError, match=f"^{docs[0].path}: the page's text was dropped before its place was read$"):
        Resolver(alias_files=[aliases]).resolve(slimmed)
    assert Resolver().resolve(slimmed).districts  # the facts it was read with: fine without the text


def test_pages_are_read_as_the_stage_takes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first batch is extracted before the last page is read: the corpus is never all read first."""
    from kg import ingest

    read: list[str] = []
    seen_at_batch: list[int] = []
    real_read, real_batch = ingest.read_document, pipeline_exec.extract_batch

    def counting_read(path: Path) -> object:
        read.append(path.name)
        return real_read(path)

    def counting_batch(*args: object, **kwargs: object) -> object:
        seen_at_batch.append(len(read))
        return real_batch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "read_document", counting_read)
    monkeypatch.setattr(pipeline_exec, "extract_batch", counting_batch)
    result = run_pipeline([SEEDS], model="none", keep_documents=False)
    assert result.documents == 5 and len(read) == 5
    assert len(seen_at_batch) >= 2 and seen_at_batch[0] < 5 and seen_at_batch == sorted(seen_at_batch)
    for ex in result.extractions:
        _no_text(ex)


def test_cache_entries_hold_no_page_text_and_a_warm_build_is_the_cold_one(tmp_path: Path) -> None:
    cold = tmp_path / "cold"
    warm = tmp_path / "warm"
    for out in (cold, warm):
        result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out), "--no-store", "--quiet"])
        assert result.exit_code == 0, result.output
    entries = sorted((warm / kg_cache.CACHE_DIR).glob("*/*.pickle"))
    assert len(entries) == 5
    for entry in entries:
        ex = pickle.loads(entry.read_bytes())
        assert isinstance(ex, Extraction) and ex.page is not None
        _no_text(ex)
    (warm / "kg.html").unlink()  # every page from the cache, resolution and export rerun
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(warm), "--no-store", "--quiet"])
    assert result.exit_code == 0 and "0 pages extracted, 5 read from" in result.output
    for name in ("kg.ttl", "kg.html"):
        assert (warm / name).read_bytes() == (cold / name).read_bytes(), name


def test_region_alias_lines_are_in_the_cache_key_other_alias_lines_are_not(tmp_path: Path) -> None:
    """A page's place is read in the per-document stage with the alias files' region places: a
    changed region line re-extracts the pages; another alias line only reruns resolution."""
    page = sorted(SEEDS.glob("*.txt"))[0]
    aliases = tmp_path / "aliases.jsonl"
    out = tmp_path / "out"

    def extracted(lines: str) -> str:
        aliases.write_text(lines, encoding="utf-8")
        result = CliRunner().invoke(main, ["build", str(page), "--out", str(out), "--model", "none", "--no-store",
                                           "--aliases", str(aliases)])
        assert result.exit_code == 0, result.output
        return next(line for line in result.output.splitlines() if " pages extracted, " in line).split()[0]

    other = '{"label": "COMPANY", "alias": "某公司", "canonical": "某某有限公司"}\n'
    assert extracted(REGIONS) == "1"
    assert extracted(REGIONS + other) == "0"  # resolution only
    assert extracted(REGIONS.replace("科学谷", "科学城")) == "1"
    assert kg_cache.pipeline_version("none", (), region_places([aliases])) != kg_cache.pipeline_version("none")


def test_the_seeds_exports_are_unchanged_by_kg_build(tmp_path: Path) -> None:
    """`kg build seeds/ --out X --no-cache`, as a user runs it: the committed exports, byte for byte."""
    out = tmp_path / "x"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(out), "--no-cache",
                           "--jobs", "1", "--quiet"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in ("kg.ttl", "kg.html"):
        assert (out / name).read_bytes() == (ROOT / "exports" / name).read_bytes(), name
    assert not (out / kg_cache.CACHE_DIR).exists()


def test_an_unchanged_build_still_names_the_files_it_skipped(tmp_path: Path) -> None:
    """The fingerprint is read file by file (no page held); a kept build reports the last build's
    skipped files, and a skipped file that becomes readable makes the build run again."""
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    (pages / "empty.txt").write_text("\n \n", encoding="utf-8")
    out = tmp_path / "out"

    def build() -> tuple[str, str]:
        result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--model", "none", "--no-store"])
        assert result.exit_code == 0, result.output
        return result.stdout, result.stderr

    warning = f"Warning: {pages / 'empty.txt'}: file is empty (skipped)"
    first, errors = build()
    assert warning in errors and "5 pages extracted, 0 read" in first
    again, errors = build()
    assert "unchanged since the last build" in again and warning in errors
    assert "skipped 1 file: " in again
    (pages / "empty.txt").write_text((SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
                                     .replace("张红军", "张宏军"), encoding="utf-8")
    third, errors = build()
    assert "unchanged since" not in third and "1 pages extracted, 5 read" in third and errors == ""


def _build_with_a_worker_failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: Any, *extra: str) -> Any:
    """``kg build --jobs 2`` of six pages, ``fail()`` called in the worker that extracts page p3."""
    import kg.extract

    real = kg.extract.extract

    def broken(doc: object, nlp: object) -> object:
        if getattr(doc, "doc_id", "") == "p3":
            fail()
        return real(doc, nlp)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.extract, "extract", broken)
    pages = tmp_path / "in"
    pages.mkdir()
    for n in range(6):
        (pages / f"p{n}.txt").write_text(f"本报讯 县委书记张立新到企业调研{n}。\n", encoding="utf-8")
    return CliRunner().invoke(main, ["build", str(pages), "--out", str(tmp_path / "out"), "--jobs", "2",
                                     "--model", "none", "--no-store", *extra])


def test_a_page_failing_in_a_worker_process_is_named_and_the_build_stops(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 2: the error of a forked worker comes back in one line naming the page; nothing is written."""

    def boom() -> None:
        raise ValueError("boom")

    result = _build_with_a_worker_failing(tmp_path, monkeypatch, boom)
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == "Error: p3.txt: extraction failed (ValueError: boom)"
    assert not (tmp_path / "out" / "kg.ttl").exists()
    assert not list((tmp_path / "out" / kg_cache.CACHE_DIR).glob("*/*.pickle"))[3:]  # at most the pages before it


def test_a_worker_process_that_dies_fails_the_build_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 2: a worker killed mid-batch (here it exits at once) stops the build with one line; it
    does not wait for the lost batch for ever, and nothing is written."""
    import os

    result = _build_with_a_worker_failing(tmp_path, monkeypatch, lambda: os._exit(9), "--no-cache")
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: a worker process of --jobs 2 died before it returned its pages")
    assert not (tmp_path / "out" / "kg.ttl").exists()
