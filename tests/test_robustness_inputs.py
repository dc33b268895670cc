"""Robustness catalogue, inputs: every file is either built or named with its reason (on stderr
and in the summary); the build goes on and exits 0; ``--strict`` makes the skip fatal (exit 1,
one line) and leaves the previous exports complete. Nothing blocks (FIFOs, devices), nothing
leaves the input folder, nothing is silently dropped."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kg import ingest
from kg.errors import InputError
from robust_helpers import GOOD_PAGE, SECOND_PAGE, ExportSet, build, count, error_line

pytestmark = pytest.mark.robustness


def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(SECOND_PAGE, encoding="utf-8")
    return folder


def fifo(folder: Path) -> tuple[Path, str]:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path, "a FIFO (named pipe), not a text file"


def symlink_loop(folder: Path) -> tuple[Path, str]:
    os.symlink("loop.txt", folder / "loop.txt")
    return folder / "loop.txt", "symbolic link loop"


def folder_loop(folder: Path) -> tuple[Path, str]:
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")
    return folder / "sub" / "up", "a link to a folder already read (a loop)"


def link_out_of_folder(folder: Path) -> tuple[Path, str]:
    outside = folder.parent / "secret.txt"
    outside.write_text(GOOD_PAGE, encoding="utf-8")
    os.symlink(outside, folder / "escape.txt")
    return folder / "escape.txt", f"link leads out of the input folder {folder.resolve()} (to {outside.resolve()})"


def device_link(folder: Path) -> tuple[Path, str]:
    os.symlink("/dev/zero", folder / "zero.txt")
    return folder / "zero.txt", f"link leads out of the input folder {folder.resolve()} (to /dev/zero)"


def broken_link(folder: Path) -> tuple[Path, str]:
    os.symlink("gone.txt", folder / "dangling.txt")
    return folder / "dangling.txt", "broken symbolic link"


def short_latin1(folder: Path) -> tuple[Path, str]:
    path = folder / "latin.txt"
    path.write_bytes("Côte résumé".encode("latin-1"))
    return path, "cannot decode as UTF-8 (invalid byte 0xf4 at byte 1), UTF-16 or GB18030"


def short_shift_jis(folder: Path) -> tuple[Path, str]:
    path = folder / "sjis.txt"
    path.write_bytes("会議を開催".encode("shift_jis"))  # decodes as GB18030, into rare characters
    return path, ("not UTF-8 (invalid byte 0x89 at byte 0) and too short to tell its encoding "
                  "('夛' is not a common GB2312 character); save it as UTF-8")


def invalid_utf8_position(folder: Path) -> tuple[Path, str]:
    path = folder / "broken.txt"
    path.write_bytes("郑州高新区召开会议。".encode() + b"\x80\xff\x80\xff\xfe\x80")
    return path, "cannot decode as UTF-8 (invalid byte 0x80 at byte 30), UTF-16 or GB18030"


CASES: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "FIFO in a folder": fifo,
    "symlink loop": symlink_loop,
    "folder link loop": folder_loop,
    "link leaving the input folder": link_out_of_folder,
    "device behind a link": device_link,
    "broken link": broken_link,
    "short Latin-1 file": short_latin1,
    "short Shift-JIS file read as GB18030 garbage": short_shift_jis,
    "invalid UTF-8 byte position": invalid_utf8_position,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_named_and_the_rest_builds(tmp_path: Path, previous: ExportSet, case: str) -> None:
    folder = pages(tmp_path)
    bad, reason = CASES[case](folder)
    result = build(folder, "--out", previous.out)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Warning: {bad}: {reason} (skipped)\n"
    assert f"\nskipped 1 file: {bad}: {reason}\n" in result.stdout
    assert result.stdout.startswith("1 documents, ")
    new = count(previous.out)
    assert new == count(previous.out / "kg.ttl") > 0 and (previous.out / "kg.ttl").read_bytes() != previous.ttl


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_with_strict_fails_in_one_line_and_keeps_the_previous_set(tmp_path: Path, previous: ExportSet,
                                                                           case: str) -> None:
    folder = pages(tmp_path)
    bad, reason = CASES[case](folder)
    result = build(folder, "--out", previous.out, "--strict")
    assert result.exit_code == 1
    assert error_line(result) == f"Error: {bad}: {reason} (--strict)"
    previous.assert_intact()


def test_unreadable_subfolder_is_reported(tmp_path: Path, previous: ExportSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """(As root, chmod does not stop reading: the listing error is injected.)"""
    folder = pages(tmp_path)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(GOOD_PAGE, encoding="utf-8")
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    result = build(folder, "--out", previous.out)
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {locked}: cannot read the folder (Permission denied) (skipped)\n"
    assert f"\nskipped 1 file: {locked}: cannot read the folder (Permission denied)\n" in result.stdout
    built, triples = (previous.out / "kg.ttl").read_bytes(), count(previous.out)
    strict = build(folder, "--out", previous.out, "--strict")
    assert strict.exit_code == 1
    assert error_line(strict) == f"Error: {locked}: cannot read the folder (Permission denied) (--strict)"
    assert (previous.out / "kg.ttl").read_bytes() == built and count(previous.out) == triples > 0


def test_fifo_and_dev_zero_named_as_inputs_never_block(tmp_path: Path, previous: ExportSet) -> None:
    """A FIFO with no writer and /dev/zero, named on the command line: skipped at once, no hang, no MemoryError."""
    folder = pages(tmp_path)
    pipe = tmp_path / "named.pipe"
    os.mkfifo(pipe)
    result = build(pipe, "/dev/zero", folder / "good.txt", "--out", previous.out)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Warning: {pipe}: a FIFO (named pipe), not a text file (skipped)",
        "Warning: /dev/zero: a character device, not a text file (skipped)",
    ]
    built = (previous.out / "kg.ttl").read_bytes()
    triples = count(previous.out)
    alone = build("/dev/zero", "--out", previous.out)
    assert alone.exit_code == 1
    assert error_line(alone) == "Error: /dev/zero: a character device, not a text file"
    assert (previous.out / "kg.ttl").read_bytes() == built and count(previous.out) == triples > 0


def test_a_file_swapped_for_a_fifo_after_discovery_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "late.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match=r"late\.txt: a FIFO \(named pipe\), not a text file"):
        ingest.read_document(pipe)


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text(GOOD_PAGE * 20, encoding="utf-8")
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match=r"big\.txt: too large for a page \(2,"):
        ingest.read_bytes(big, limit=1000)


def test_links_inside_the_folder_are_read_once(tmp_path: Path) -> None:
    folder = pages(tmp_path)
    os.symlink("good.txt", folder / "alias.txt")
    shutil.copy(folder / "good.txt", folder / "copy.txt")
    files, skipped = ingest.discover([folder])
    assert [p.name for p in files] == ["alias.txt", "copy.txt"]  # alias and good are one file
    assert skipped == []


def test_paragraph_over_a_million_characters_builds(tmp_path: Path, previous: ExportSet) -> None:
    """Over spaCy's max_length (E088) in one paragraph with no sentence end: cut into sentences of
    at most MAX_SENTENCE characters, at clause marks, and every offset still maps into the page."""
    folder = tmp_path / "long"
    folder.mkdir()
    clause = "郑州高新区管委会召开会议，研究部署下一步工作"
    text = clause * (1_000_100 // len(clause) + 1)
    assert len(text) > 1_000_000
    (folder / "long.txt").write_text(text + "\n", encoding="utf-8")
    result = build(folder, "--out", previous.out)
    assert result.exit_code == 0, result.output[-2000:]
    assert result.stderr == ""
    assert count(previous.out) > 0
    doc = ingest.read_document(folder / "long.txt")
    assert max(s.end - s.start for s in doc.sentences) <= ingest.MAX_SENTENCE
    assert "".join(s.text for s in doc.sentences) == doc.text
    assert all(doc.text[s.start] == doc.raw[doc.offsets[s.start]] for s in doc.sentences)


def test_report_escapes_hostile_file_names(tmp_path: Path, previous: ExportSet) -> None:
    """report.md names pages by their file names: Markdown and HTML in them are shown, never run."""
    import re

    folder = tmp_path / "hostile"
    folder.mkdir()
    name = "a|b<img src=x onerror=alert(1)>*x*[l](http:⁄⁄e)`c`"
    (folder / f"{name}.txt").write_text((Path(__file__).parents[1] / "seeds" / "003_9ffdbe58c7621f51.txt")
                                        .read_text(encoding="utf-8"), encoding="utf-8")
    result = build(folder, "--out", previous.out, "--report")
    assert result.exit_code == 0, result.output
    report = (previous.out / "report.md").read_text(encoding="utf-8")
    rows = [line for line in report.splitlines() if line.startswith("| ") and not line.startswith("| page |")]
    assert len(rows) >= 3
    escaped = r"a\|b&lt;img src=x onerror=alert(1)&gt;\*x\*\[l\](http:⁄⁄e)\`c\`"
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row)[1:-1]
        assert len(cells) in (3, 5), row  # the name's | does not open a column (places: 3, merges: 5)
        assert cells[0].strip() == escaped
    assert "<" not in report and ">" not in report


def test_report_keeps_plain_names_as_written() -> None:
    from kg.build import run_pipeline

    seeds = Path(__file__).parents[1] / "seeds"
    result = run_pipeline([seeds], model="none")
    assert result.resolution is not None
    report = result.resolution.report()
    assert "| 000_e16874effdbdac3a | 郑州高新区 |" in report  # the page's place, unescaped
    assert "| 核净公司 | 河南核净洁净技术有限公司 | COMPANY |" in report


def test_a_page_the_pipeline_fails_on_is_named_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in extraction on one page ends in one line that names the page, not a traceback."""
    import kg.extract

    def broken(doc: object, nlp: object) -> None:
        raise ValueError("boom\nsecond line")

    monkeypatch.setattr(kg.extract, "extract", broken)
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "p.txt").write_text("本报讯 县委书记张立新到企业调研。", encoding="utf-8")
    result = build(pages, "--out", tmp_path / "out", "--jobs", "1", "--no-cache")
    assert result.exit_code == 1, result.output
    assert error_line(result) == "Error: p.txt: extraction failed (ValueError: boom)"  # the page as the build names it
    assert not (tmp_path / "out" / "kg.ttl").exists()
