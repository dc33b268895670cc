"""``kg build`` on bad inputs and bad output folders: non-zero exit, exactly one ``Error:`` line that
names the file and the reason, no traceback, and no ``kg.ttl`` written (an existing one untouched);
a bad page among good ones is skipped with a warning naming it (``--strict``: an error)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
GOOD_PAGE = "本报讯 8月1日，高新区党工委委员、管委会副主任赵毅出席会议并讲话。\n记者 孙庆辉\n"


def run_build(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["build", *map(str, args), "--model", "none", "--no-store"])


def error_lines(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("Error:")]


def assert_one_error(result: Result, *fragments: str) -> str:
    """Non-zero exit; stderr is exactly one line, ``Error: <file>: <reason>``; no traceback."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert len(error_lines(result)) == 1, result.output
    stderr = result.stderr.strip().splitlines()
    assert len(stderr) == 1, result.stderr
    line = stderr[0]
    assert line.startswith("Error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def assert_no_outputs(out: Path) -> None:
    assert not (out / "kg.ttl").exists()
    if out.is_dir():
        # no temporary kg.ttl left behind either
        assert not [p.name for p in out.iterdir() if p.name.startswith(".kg.ttl")]


# --- bad inputs -----------------------------------------------------------------------------------


def _missing(tmp: Path) -> Path:
    return tmp / "no_such_page.txt"


def _empty_folder(tmp: Path) -> Path:
    folder = tmp / "empty_folder"
    folder.mkdir()
    (folder / "notes.md").write_text("not a page", encoding="utf-8")  # no .txt inside
    return folder


def _bytes_file(name: str, data: bytes) -> Callable[[Path], Path]:
    """A maker of one bad input: a file ``name`` holding ``data``."""

    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return make


_empty_file = _bytes_file("empty.txt", b"")
_blank_file = _bytes_file("blank.txt", b"  \n\r\n\t\n")
_png = _bytes_file("image.txt", PNG)
_png_named_png = _bytes_file("photo.png", PNG)
_nul = _bytes_file("nul.txt", "高新区召开会议。".encode() + b"\x00\x00\x00" + "记者".encode())
_undecodable = _bytes_file("undecodable.txt", "郑州高新区召开会议。".encode() + b"\x80\xff\x80\xff\xfe\x80")
_bom_only = _bytes_file("bom_only.txt", b"\xef\xbb\xbf")
_truncated_utf16 = _bytes_file("truncated_utf16.txt", b"\xff\xfe" + "高新区".encode("utf-16-le") + b"\x41")
# valid GB18030 four-byte sequences followed by control characters: decodes, but is not text
_gb_junk = _bytes_file("junk.txt", bytes([0x81, 0x30, 0x81, 0x30]) * 3 + b"\x01\x02\x03\x04")


INPUT_CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "missing path": (_missing, ("no such file",)),
    "empty folder": (_empty_folder, (".txt",)),
    "empty file": (_empty_file, ("empty",)),
    "blank file": (_blank_file, ("empty",)),
    "png bytes": (_png, ("binary",)),
    "png file": (_png_named_png, ("binary",)),
    "nul bytes": (_nul, ("binary",)),
    "undecodable": (_undecodable, ("decode",)),
    "bom only": (_bom_only, ("no text",)),
    "truncated utf-16": (_truncated_utf16, ("invalid utf-16",)),
    "not readable text": (_gb_junk, ("not readable text",)),
}


@pytest.mark.parametrize("case", sorted(INPUT_CASES))
def test_bad_input(tmp_path: Path, case: str) -> None:
    make, reasons = INPUT_CASES[case]
    bad = make(tmp_path)
    out = tmp_path / "out"
    result = run_build(bad, "--out", out)
    line = assert_one_error(result, str(bad), *reasons)
    assert line.startswith(f"Error: {bad}: ")
    assert result.stdout == ""  # no summary, no "wrote …"
    assert_no_outputs(out)


def test_missing_path_message_exact(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = run_build(missing, "--out", tmp_path / "out")
    assert assert_one_error(result) == f"Error: {missing}: no such file or folder"


def test_empty_folder_message_exact(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    result = run_build(folder, "--out", tmp_path / "out")
    assert assert_one_error(result) == f"Error: {folder}: folder holds no .txt files"


def test_empty_file_message_exact(tmp_path: Path) -> None:
    path = _empty_file(tmp_path)
    result = run_build(path, "--out", tmp_path / "out")
    assert assert_one_error(result) == f"Error: {path}: file is empty"


def test_invalid_utf8_after_bom_names_file_offset(tmp_path: Path) -> None:
    """The byte offset is the file's, BOM included."""
    path = tmp_path / "bad_bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"\xff\xfe\x80")
    result = run_build(path, "--out", tmp_path / "out")
    assert assert_one_error(result) == f"Error: {path}: invalid utf-8 at byte 3"


def test_missing_second_path_fails_whole_build(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_PAGE, encoding="utf-8")
    missing = tmp_path / "gone.txt"
    out = tmp_path / "out"
    result = run_build(good, missing, "--out", out)
    assert_one_error(result, str(missing), "no such file")
    assert_no_outputs(out)


# --- bad output folders ---------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_output_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run_build(SEEDS / "003_9ffdbe58c7621f51.txt", "--out", locked)
        assert_one_error(result, str(locked), "writable")
        assert not (locked / "kg.ttl").exists()
        sub = locked / "sub"
        result = run_build(SEEDS / "003_9ffdbe58c7621f51.txt", "--out", sub)
        assert_one_error(result, str(sub))
        assert not sub.exists()
    finally:
        locked.chmod(0o700)


def test_output_folder_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("I am a file", encoding="utf-8")
    out = blocker / "sub"
    good = tmp_path / "good.txt"
    good.write_text(GOOD_PAGE, encoding="utf-8")
    result = run_build(good, "--out", out)
    line = assert_one_error(result, str(out), "cannot create output folder")
    assert "directory" in line.lower()
    assert blocker.read_text(encoding="utf-8") == "I am a file"
    assert not out.exists()


def test_output_path_is_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "kg_out"
    target.write_bytes(b"precious")
    good = tmp_path / "good.txt"
    good.write_text(GOOD_PAGE, encoding="utf-8")
    result = run_build(good, "--out", target)
    assert_one_error(result, str(target), "cannot create output folder")
    assert target.read_bytes() == b"precious"


def test_kg_ttl_is_a_folder(tmp_path: Path) -> None:
    """An OSError while renaming the new kg.ttl into place is one Error line, not a traceback."""
    out = tmp_path / "out"
    (out / "kg.ttl").mkdir(parents=True)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_PAGE, encoding="utf-8")
    result = run_build(good, "--out", out)
    assert_one_error(result, str(out / "kg.ttl"))
    assert (out / "kg.ttl").is_dir()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".kg.ttl")]


def test_duplicate_page_names_name_both_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "page.txt", tmp_path / "b" / "page.txt"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(GOOD_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(tmp_path / "a", tmp_path / "b", "--out", out)
    assert_one_error(result, str(first), str(second))
    assert_no_outputs(out)


def test_duplicate_page_names_fail(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "page.txt").write_text(GOOD_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(tmp_path / "a", tmp_path / "b", "--out", out)
    assert_one_error(result, "page", "unique")
    assert_no_outputs(out)


# --- a failed build leaves the previous good build alone -------------------------------------------


@pytest.fixture()
def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("003_9ffdbe58c7621f51.txt", "004_e4204fce11335d77.txt"):
        shutil.copy(SEEDS / name, folder / name)
    return folder


@pytest.mark.parametrize("case", ["empty file", "png bytes", "nul bytes", "undecodable"])
def test_one_bad_page_is_skipped_named_and_the_rest_builds(tmp_path: Path, good_folder: Path, case: str) -> None:
    """DESIGN: a file that cannot be read as text is named on stderr with its reason and listed in
    the summary, and the rest builds (exit 0)."""
    out = tmp_path / "out"
    first = run_build(good_folder, "--out", out)
    assert first.exit_code == 0, first.output
    before = (out / "kg.ttl").read_bytes()
    make, reasons = INPUT_CASES[case]
    made = make(tmp_path)
    bad = good_folder / "002_bad_page.txt"  # sorts between/before the good pages
    made.rename(bad)
    result = run_build(good_folder, "--out", out)
    assert result.exit_code == 0, result.output
    warning = result.stderr.strip()
    assert warning.startswith(f"Warning: {bad}: ") and warning.endswith(" (skipped)"), result.stderr
    assert all(reason in warning for reason in reasons)
    assert f"skipped 1 file: {bad}: " in result.stdout
    assert result.stdout.startswith("2 documents, ")
    assert (out / "kg.ttl").read_bytes() == before  # the same two pages, the same graph


@pytest.mark.parametrize("case", ["empty file", "png bytes", "nul bytes", "undecodable"])
def test_strict_makes_one_bad_page_fatal_and_keeps_previous_ttl(tmp_path: Path, good_folder: Path, case: str) -> None:
    out = tmp_path / "out"
    first = run_build(good_folder, "--out", out)
    assert first.exit_code == 0, first.output
    before = (out / "kg.ttl").read_bytes()
    listing = sorted(p.name for p in out.iterdir())
    make, reasons = INPUT_CASES[case]
    bad = good_folder / "002_bad_page.txt"
    make(tmp_path).rename(bad)
    result = run_build(good_folder, "--out", out, "--strict")
    assert result.exit_code == 1
    line = assert_one_error(result, *reasons)
    assert line.startswith(f"Error: {bad}: ") and line.endswith(" (--strict)")
    assert (out / "kg.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == listing


def test_bad_page_in_fresh_folder_with_strict_writes_nothing(tmp_path: Path, good_folder: Path) -> None:
    bad = good_folder / "zzz.txt"
    bad.write_bytes(PNG)
    out = tmp_path / "fresh"
    result = run_build(good_folder, "--out", out, "--strict")
    assert_one_error(result, str(bad), "binary")
    assert_no_outputs(out)


def test_folder_of_only_bad_pages_is_one_error(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.txt").write_bytes(PNG)
    (folder / "b.txt").write_bytes(b"")
    result = run_build(folder, "--out", tmp_path / "out")
    line = assert_one_error(result)
    assert line == (f"Error: no page could be read (2 files skipped: {folder / 'a.txt'}: binary file (NUL bytes), "
                    f"not text; {folder / 'b.txt'}: file is empty)")
    assert_no_outputs(tmp_path / "out")


# --- the real command line -------------------------------------------------------------------------


def kg_command() -> list[str]:
    script = Path(sys.executable).with_name("kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


def test_subprocess_one_line_error(tmp_path: Path) -> None:
    make, reasons = INPUT_CASES["png bytes"]
    bad = make(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.run(
        [*kg_command(), "build", str(bad), "--out", str(out), "--model", "none", "--no-store"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"Error: {bad}: ")
    for reason in reasons:
        assert reason in lines[0]
    assert_no_outputs(out)


def test_subprocess_module_entry_point(tmp_path: Path) -> None:
    """``python -m kg.cli`` behaves like the ``kg`` script."""
    bad = _undecodable(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(bad), "--out", str(tmp_path / "out"), "--model", "none"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith(f"Error: {bad}: cannot decode")
    assert not (tmp_path / "out" / "kg.ttl").exists()
