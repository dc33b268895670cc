"""Robustness catalogue, properties: Hypothesis over ingest (decoding, layout repair,
normalisation, sentences) and extraction. For every generated page: every normalised character
maps back to the page character it came from (equal up to the documented changes: full-width
ASCII to half width, half-width punctuation to full width between CJK, any space to " "); no
non-space character is lost, none is invented, order is kept; every sentence and every mention
maps back to its raw text. A bounded fuzz over raw bytes: decoding and extraction either build or
raise InputError, never crash. Runs are derandomized (the same examples every run)."""

from __future__ import annotations

import functools
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import extract
from kg.ingest import decode, parse_text
from kg.records import Document

pytestmark = pytest.mark.robustness

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

CJK = "郑州高新区管委会主任张红军召开会议研究部署工作孙庆辉河南核净洁净技术有限公司党工委副书记"
ALPHABET = (CJK + "。，、；：！？“”（）《》" + ",.;:!?()" + "0123456789" + "０１２３ＡＢａｂ" + "abcXYZ"
            + "  \u3000\t\u00a0" + "记者 ")
LINE = st.text(alphabet=ALPHABET, min_size=0, max_size=40)
PAGE = st.lists(st.one_of(LINE, st.just(""), st.sampled_from(["记者 孙庆辉", "  本报讯 8月1日，", "高新时报 方宝岭 摄"])),
                min_size=1, max_size=25).map("\n".join)


def fold(ch: str) -> str:
    """A character up to the documented normalisation: width folded, every space one space."""
    if ch.isspace() or ch in "\u3000\u00a0\ufeff":
        return " "
    return unicodedata.normalize("NFKC", ch) if 0xFF01 <= ord(ch) <= 0xFF5E else ch


def check_mapping(doc: Document) -> None:
    raw, text = doc.raw, doc.text
    assert len(doc.offsets) == len(text) + 1 and doc.offsets[-1] == len(raw)
    separators = {block.end for block in doc.blocks[:-1]}  # the "\n" put between blocks
    kept = []
    for i, ch in enumerate(text):
        if i in separators:
            assert ch == "\n"
            continue
        source = raw[doc.offsets[i]]
        assert fold(ch) == fold(source), (i, ch, source)
        kept.append(doc.offsets[i])
    assert kept == sorted(kept) and len(set(kept)) == len(kept)  # order kept, nothing doubled
    # no non-space character lost
    nonspace = [i for i, ch in enumerate(raw) if fold(ch) != " "]
    assert [i for i in kept if fold(raw[i]) != " "] == nonspace
    for sentence in doc.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    for byline in doc.bylines:
        start, end = doc.raw_span(byline.start, byline.end)
        assert raw[start:end] == byline.name


def same_but_spaces(a: str, b: str) -> bool:
    return [fold(c) for c in a if fold(c) != " "] == [fold(c) for c in b if fold(c) != " "]


@functools.cache
def patterns_only():  # type: ignore[no-untyped-def]
    from kg.nlp.pipeline import load_pipeline

    return load_pipeline("none")


def parse(raw: str) -> Document | None:
    try:
        return parse_text(raw, doc_id="page", path="page.txt")
    except InputError:
        assert all(fold(ch) == " " for ch in raw)  # only a page without text is refused
        return None


@SETTINGS
@given(PAGE)
@example("高新区党工委委员、管委会副主任王德敏、赵毅、杜怀锋\n\n出席会议。记者 孙庆辉")
@example("各单位要推动高质\n量发展，努力打造创\n新高地。\n")
@example("7月 30日上午， 全区 54.6万人口\u3000\u3000（扩大）")
def test_layout_repair_keeps_every_character_and_offset(raw: str) -> None:
    doc = parse(raw)
    if doc is not None:
        check_mapping(doc)


@SETTINGS
@given(PAGE)
@example("郑州高新区管委会主任张红军到河南核净洁净技术有限公司调研。\n记者 孙庆辉")
def test_every_mention_maps_back_to_its_raw_text(raw: str) -> None:
    doc = parse(raw)
    if doc is None:
        return
    extraction = extract(doc, patterns_only())
    for mention in extraction.mentions:
        assert doc.text[mention.start:mention.end] == mention.text
        start, end = doc.raw_span(mention.start, mention.end)
        assert same_but_spaces(doc.raw[start:end], mention.text), (mention, doc.raw[start:end])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.binary(max_size=300))
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf\r\n\r")
@example(b"\x00" * 10)
@example("郑州".encode("utf-16-le") + b"\x00")
def test_fuzz_bytes_decode_or_input_error(data: bytes) -> None:
    try:
        text, encoding = decode(data, "fuzz.txt")
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt: ") and "\n" not in str(exc)
        return
    assert encoding in {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"}
    doc = parse(text)
    if doc is not None:
        check_mapping(doc)
        extract(doc, patterns_only())


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=200))
def test_fuzz_any_unicode_text_builds_a_document(raw: str) -> None:
    """Any characters at all (controls, surrogates-free unicode, line separators): a Document
    whose offsets hold, or InputError for a page without text; extraction does not crash."""
    try:
        doc = parse_text(raw, doc_id="page", path="page.txt")
    except InputError:
        return
    assert len(doc.offsets) == len(doc.text) + 1
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
    extract(doc, patterns_only())
