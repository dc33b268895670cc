"""Typed records passed between the stages.

Every record is a frozen dataclass so that a stage's output can be cached, compared and shipped to
another process unchanged. Offsets called ``start``/``end`` are into the *normalised* text of a
:class:`Document`; offsets called ``raw_start``/``raw_end`` are into the page as it was read.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

# The entity labels the whole pipeline speaks (model output is refined into these).
LABELS: tuple[str, ...] = (
    "PERSON",
    "GOV",
    "COMPANY",
    "ORG",
    "ADMIN",
    "SITE",
    "TITLE",
    "MEETING",
    "PROGRAM",
    "PROJECT",
    "DATE",
)
# Labels that become resources of their own in the graph.
ENTITY_LABELS: frozenset[str] = frozenset(
    {"PERSON", "GOV", "COMPANY", "ORG", "ADMIN", "SITE", "PROGRAM", "PROJECT"}
)


def compact_offsets(values: Sequence[int]) -> array[int]:
    """An offset map as an array of unsigned 32-bit integers (64-bit past 4G characters)."""
    return array("I" if not values or max(values) < 2**32 else "Q", values)


@dataclass(frozen=True, slots=True)
class Block:
    """A layout block of a page: a paragraph, a heading or a byline."""

    kind: str  # "body" | "heading" | "byline"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    kind: str  # the kind of the block it lies in


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline such as ``记者 孙庆辉`` or ``高新时报 方宝岭``: a role and the names after it."""

    role: str
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    path: str
    encoding: str
    raw: str
    text: str
    # offsets[i] is the raw offset of normalised character i; offsets[len(text)] == len(raw);
    # an array of machine integers (compact_offsets), 4 bytes a character instead of ~36 in a tuple
    offsets: Sequence[int]
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    bylines: tuple[Byline, ...]
    year: int | None = None  # publication year where the page makes it certain
    year_rule: str | None = None
    script: str = "simplified"  # "traditional": text is the t2s conversion of raw, char for char

    def original(self, start: int, end: int) -> str:
        """A normalised span as the page writes it: the original characters of a Traditional page
        (``張紅軍`` for the text ``张红军``); the text itself on a Simplified page."""
        text = self.text[start:end]
        if self.script != "traditional":
            return text
        return "".join(
            self.raw[self.offsets[i]] if "\u3400" <= ch <= "\u9fff" else ch for i, ch in zip(range(start, end), text)
        )

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span back to the original page text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def title(self) -> str:
        """The article's label as the page writes it: its heading, else its first 40 characters."""
        heading = next((self.original(s.start, s.end) for s in self.sentences if s.kind == "heading"), None)
        return heading or self.original(self.sentences[0].start, self.sentences[0].end)[:40]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the sentence, its offsets in the original page, and who read it."""

    doc_id: str
    sentence: int
    text: str
    raw_start: int
    raw_end: int
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Mention:
    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str
    source: str  # "model", "pattern:<id>", "regex:<id>", "byline"
    confidence: float = 1.0
    pattern_id: str | None = None


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a thing as it is written in one document, before resolution."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    key: str  # document-scoped stable key, e.g. "000/e2"
    kind: str  # "meeting" | "visit"
    label: str
    date: str | None  # "YYYY-MM-DD" or "--MM-DD"
    location: Ref | None
    organizer: Ref | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Relation:
    """A fact between things: kind plus named arguments.

    kinds and their arguments:
      membership: member (PERSON), organization (GOV/COMPANY/ORG or None), role (title text), date
      participation: event (event key), agent (Ref), role ("chair" | "speaker" | ...)
      located_in: item (Ref), place (Ref)
      program: program (Ref), agent (Ref or event key), relation ("applies" | ...)
      author: person (Ref), role ("记者" | "通讯员" | ...)
    """

    kind: str
    args: tuple[tuple[str, Ref | str | None], ...]
    evidence: Evidence

    def arg(self, name: str) -> Ref | str | None:
        for key, value in self.args:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What resolution and the graph need from a page's text, read in the per-document stage so
    that the text and its offset map can be dropped there (see :func:`kg.resolve.page_facts`).

    Places are named by their chain of names, the most specific first (``("祥符区", "开封市",
    "河南省")``): a place of the gazetteer the facts were read with, whose region lines' digest is
    ``regions``; the resolver maps them back onto its own gazetteer's places."""

    regions: str  # digest of the alias files' region places the page's place was read with
    place: tuple[str, ...] | None  # the page's place (kg.places.PagePlace.place), None when it names none
    evidence: tuple[str, ...]  # PagePlace.evidence
    named: tuple[tuple[str, ...], ...]  # PagePlace.named: the counties and zones the page names
    zones: tuple[str, ...]  # an ADMIN mention and the zone word written right after it (济源 + 示范区)
    written: tuple[tuple[str, str, str], ...]  # (label, text, as written) of mentions written otherwise
    title: str  # the article's label as written (Document.title)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extract() read from one document."""

    document: Document
    mentions: tuple[Mention, ...]
    events: tuple[EventRecord, ...]
    relations: tuple[Relation, ...]
    district: str  # canonical name of the district the page is about
    page: PageFacts | None = None  # set by the per-document stage (kg.pipeline_exec.extract_batch)


@dataclass(frozen=True, slots=True)
class Entity:
    key: str  # canonical key: "<LABEL>:<canonical name>"
    label: str
    name: str
    aliases: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    mentions: int = 0
    label_text: str | None = None  # rdfs:label where it differs from name (a Traditional page's 張紅軍)
