"""Character features for the statistical Chinese NER (`kg_char_features`).

The pipeline segments Chinese text into single characters (spaCy's default `char` segmenter), so
spaCy's usual lexical features (NORM, PREFIX, SUFFIX, SHAPE) all collapse to the character itself.
This non-trainable component runs first and writes three more informative columns, which the
`MultiHashEmbed` layer of `tok2vec` then embeds (see `kg/nlp/ner.cfg` and /work/shared/NER-NOTES.md):

- NORM  = this token and the next one (a bigram; `</s>` after the last token),
- LEMMA = the previous token and this one (`<s>` before the first token),
- TAG   = the position of the token's first character in its jieba word plus that word's part of
  speech from jieba's own dictionary (`B-ns`, `M-nt`, `E-n`, `S-v`; `un` for a word the jieba HMM
  found but the dictionary lacks, `m` numbers, `eng` Latin letters, `x` anything else).

Two constraints shape the code:

- Bounded memory. Bigrams are open-ended, and every string written to a token lives in the shared
  `StringStore` forever (outside `nlp.memory_zone()`). So bigrams are *feature-hashed* into
  `n_buckets` buckets and the token gets the bucket's name (`N1234` / `L1234`), never the bigram:
  at most `2 * n_buckets` strings are ever added, whatever the process reads. Writing bare hashes
  without strings was rejected because `Doc.to_bytes`, `DocBin` and `nlp.pipe(n_process>1)` look up
  `token.norm_` / `token.lemma_` and would raise `KeyError`.
- Speed. jieba's POS tagger (`jieba.posseg`) runs at about 40k chars/s, slower than the network it
  feeds. Plain `jieba.cut` plus a word -> POS lookup in jieba's dictionary runs at about 350k chars/s
  (HMM on) and gives the same dictionary tags. The HMM stays on because the words it discovers are
  mostly unknown names, exactly what NER needs; it costs about 20% of the segmentation time.

The component uses a private segmenter, so words other code adds to jieba's global dictionary
(gazetteers) cannot change the features the model was trained on. The segmenter is jieba-rs (the
`rjieba` binding: the same dictionary, same DAG and HMM), wrapped by :class:`Segmenter` so that its
words are jieba's own, character for character: jieba's split of text into blocks, its handling
of spaces and symbols, and its HMM's split of Latin and digits (`san-hot` is `san`, `-`, `hot`).
It segments about 6x faster than jieba (1.29 s against 0.22 s on 0.44M characters of the benchmark
sets; 0 differences there, on the seed and dev pages, and on 100,000 random strings of Han,
Latin, digits, symbols, spaces, CJK extension A and emoji, HMM on and off: `tests/test_segmenter.py`
keeps a sample of these checks).
"""

from __future__ import annotations

import functools
import re
import threading
import zlib
from pathlib import Path
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import jieba
import numpy
import rjieba
import spacy
from spacy.attrs import IDX, LEMMA, NORM, ORTH, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

if TYPE_CHECKING:
    from thinc.types import Ints2d

MODEL_DIR = Path(__file__).with_name("model")
BOS = "<s>"
EOS = "</s>"
DEFAULT_BUCKETS = 1 << 18
_CACHE_LIMIT = 200_000  # bigram -> hashes memo; cleared when full, so it is bounded too

_RE_HAN = re.compile(r"[\u4E00-\u9FD5]")
_RE_NUM = re.compile(r"^[0-9０-９.．%％]+$")
_RE_ENG = re.compile(r"^[A-Za-zＡ-Ｚａ-ｚ]+$")
_RE_DICT_LINE = re.compile(r"^(\S+) \d+ (\S+)\r?$", re.M)

_jieba_lock = threading.Lock()

# jieba's own block split (jieba.re_han_default, re_skip_default) and its HMM's Latin/digit split
# (jieba.finalseg.re_skip), which jieba-rs does differently
_RE_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_RE_SPACE = re.compile("(\r\n|\\s)")
_RE_ALNUM_RUN = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_RE_NOT_ALNUM = re.compile(r"[^a-zA-Z0-9]")


class Segmenter:
    """jieba's ``cut`` / ``lcut`` (``HMM`` on or off), computed by jieba-rs with a private dictionary."""

    def __init__(self) -> None:
        self._rs = rjieba.Jieba()

    def cut(self, text: str, HMM: bool = True) -> Iterator[str]:  # noqa: N803 (jieba's spelling)
        rs_cut = self._rs.cut
        for block in _RE_BLOCK.split(text):
            if not block:
                continue
            if _RE_BLOCK.fullmatch(block):
                for word in rs_cut(block, HMM):
                    if (HMM and len(word) > 1 and _RE_NOT_ALNUM.search(word) and not _RE_HAN.search(word)
                            and not _RE_ALNUM_RUN.fullmatch(word)):
                        yield from (part for part in _RE_ALNUM_RUN.split(word) if part)
                    else:
                        yield word
            else:
                for part in _RE_SPACE.split(block):
                    if _RE_SPACE.fullmatch(part):
                        yield part
                    else:
                        yield from part

    def lcut(self, text: str, HMM: bool = True) -> list[str]:  # noqa: N803
        return list(self.cut(text, HMM))

    def tokenize(self, text: str, HMM: bool = True) -> Iterator[tuple[str, int, int]]:  # noqa: N803
        """jieba's ``tokenize`` (default mode): (word, start, end) of every word."""
        start = 0
        for word in self.cut(text, HMM):
            yield word, start, start + len(word)
            start += len(word)


@functools.cache
def jieba_tokenizer() -> Segmenter:
    """The private segmenter, built once per process (its dictionary loads on first use)."""
    with _jieba_lock:
        segmenter = Segmenter()
        segmenter.lcut("的")  # load the dictionary now: model load, not the first document
    return segmenter


@functools.cache
def jieba_pos_table() -> dict[str, str]:
    """word -> POS from jieba's bundled `dict.txt` (`word freq tag` a line), read once per process."""
    text = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8")
    return dict(_RE_DICT_LINE.findall(text))  # one regex pass: ~0.3 s for 349k words


@functools.lru_cache(maxsize=65536)
def tagged_words(text: str) -> tuple[tuple[str, str], ...]:
    """The dictionary words of ``text`` (jieba, no HMM) with jieba's dictionary tag of each ("" for a
    word the dictionary does not hold): the one place rules look up what a span is made of."""
    table = jieba_pos_table()
    return tuple((word, table.get(word, "")) for word in jieba_tokenizer().lcut(text, HMM=False))


def word_pos(word: str, table: dict[str, str]) -> str:
    """The POS of a jieba word: the dictionary's tag, else a coarse class like jieba.posseg's own."""
    tag = table.get(word)
    if tag is not None:
        return tag
    if _RE_NUM.match(word):
        return "m"
    if _RE_ENG.match(word):
        return "eng"
    if _RE_HAN.search(word):
        return "un"
    return "x"


def word_tags(text: str, *, hmm: bool = True) -> list[str]:
    """One `B-pos`/`M-pos`/`E-pos`/`S-pos` string per character of `text` (for tests and debugging)."""
    table = jieba_pos_table()
    tags: list[str] = []
    for word in jieba_tokenizer().cut(text, HMM=hmm):
        pos = word_pos(word, table)
        if len(word) == 1:
            tags.append(f"S-{pos}")
        else:
            tags.extend([f"B-{pos}"] + [f"M-{pos}"] * (len(word) - 2) + [f"E-{pos}"])
    return tags


def bucket_of(bigram: str, n_buckets: int = DEFAULT_BUCKETS) -> int:
    """Deterministic bucket of a bigram (crc32: stable across processes, unlike `hash()`)."""
    return zlib.crc32(bigram.encode("utf-8")) % n_buckets


def norm_string(bigram: str, n_buckets: int = DEFAULT_BUCKETS) -> str:
    """The NORM string written for a token whose bigram with the next token is `bigram`."""
    return f"N{bucket_of(bigram, n_buckets)}"


def lemma_string(bigram: str, n_buckets: int = DEFAULT_BUCKETS) -> str:
    """The LEMMA string written for a token whose bigram with the previous token is `bigram`."""
    return f"L{bucket_of(bigram, n_buckets)}"


def token_columns(doc: Doc) -> tuple[list[str], list[int], str]:
    """(token texts, their character offsets, the doc's text), read from the ORTH/SPACY/IDX columns.

    `Doc.text` and `token.text` create a Token object per token, which for one-character tokens
    costs more than these lookups; the text is rebuilt exactly as `Doc.text` joins it.
    """
    columns = doc.to_array([ORTH, SPACY, IDX]).tolist()
    strings = doc.vocab.strings
    words = [strings[orth] for orth, _, _ in columns]
    text = "".join([word + " " if space else word for word, (_, space, _) in zip(words, columns)])
    return words, [start for _, _, start in columns], text


class CharFeatures:
    """Writes the NORM / LEMMA / TAG feature columns; has no weights and nothing to save."""

    def __init__(self, vocab: Vocab, name: str = "kg_char_features", *, hmm: bool = True,
                 n_buckets: int = DEFAULT_BUCKETS) -> None:
        self.vocab = vocab
        self.name = name
        self.hmm = hmm
        self.n_buckets = n_buckets
        self._bigrams: dict[str, tuple[int, int]] = {}
        self._tags: dict[str, int] = {}
        # jieba's dictionary is part of loading the model (about 1 s, once per process), not of
        # reading the first document: load-time and throughput figures stay apart.
        jieba_tokenizer()
        jieba_pos_table()

    def _bigram_hashes(self, bigram: str) -> tuple[int, int]:
        """(NORM hash, LEMMA hash) of a bigram; the strings are stored non-transient (bounded set)."""
        found = self._bigrams.get(bigram)
        if found is None:
            if len(self._bigrams) >= _CACHE_LIMIT:
                self._bigrams.clear()
            bucket = bucket_of(bigram, self.n_buckets)
            add = self.vocab.strings.add
            found = (add(f"N{bucket}", allow_transient=False),  # type: ignore[call-arg]
                     add(f"L{bucket}", allow_transient=False))  # type: ignore[call-arg]
            self._bigrams[bigram] = found
        return found

    def _tag_hash(self, tag: str) -> int:
        found = self._tags.get(tag)
        if found is None:
            found = self.vocab.strings.add(tag, allow_transient=False)  # type: ignore[call-arg]
            self._tags[tag] = found
        return found

    def _char_tag_hashes(self, text: str) -> list[int]:
        """TAG hash per character of `text`, from one pass of jieba over the whole text."""
        table = jieba_pos_table()
        out = [0] * len(text)
        start = 0
        tag_hash = self._tag_hash
        for word in jieba_tokenizer().cut(text, HMM=self.hmm):
            size = len(word)
            pos = word_pos(word, table)
            if size == 1:
                out[start] = tag_hash("S-" + pos)
            else:
                out[start] = tag_hash("B-" + pos)
                if size > 2:
                    out[start + 1:start + size - 1] = [tag_hash("M-" + pos)] * (size - 2)
                out[start + size - 1] = tag_hash("E-" + pos)
            start += size
        return out

    def __call__(self, doc: Doc) -> Doc:
        """Fill NORM, LEMMA and TAG of every token in place."""
        n_tokens = len(doc)
        if n_tokens == 0:
            return doc
        words, starts, text = token_columns(doc)
        char_tags = self._char_tag_hashes(text)
        hashes = self._bigram_hashes
        padded = [BOS, *words, EOS]
        # each bigram once: pairs[i] joins padded[i] and padded[i + 1], so token i (padded[i + 1])
        # takes NORM from pairs[i + 1] (itself and the next) and LEMMA from pairs[i] (the previous
        # and itself). One list per column, one numpy conversion: per-cell numpy writes cost more.
        pairs = [hashes(padded[i] + padded[i + 1]) for i in range(n_tokens + 1)]
        norms = [norm for norm, _ in pairs[1:]]
        lemmas = [lemma for _, lemma in pairs[:-1]]
        tags = [char_tags[start] for start in starts]
        values = numpy.array([norms, lemmas, tags], dtype="uint64").T.copy()
        doc.from_array([NORM, LEMMA, TAG], cast("Ints2d", values))
        return doc


@Language.factory(
    "kg_char_features",
    default_config={"hmm": True, "n_buckets": DEFAULT_BUCKETS},
)
def make_char_features(nlp: Language, name: str, hmm: bool, n_buckets: int) -> CharFeatures:
    """Factory used by `kg/nlp/ner.cfg`; importing this module is enough to make it loadable."""
    return CharFeatures(nlp.vocab, name, hmm=hmm, n_buckets=n_buckets)


def load_model(path: Path | str | None = None) -> Language:
    """Load the shipped NER pipeline (or another one at `path`); ModelError if it cannot be used.

    Lives here because this module must be imported before spaCy can build `kg_char_features`.
    Nothing is downloaded: the pipeline is a folder in the package.
    """
    from kg.errors import ModelError
    from kg.nlp.backend import cpu_blas

    where = Path(path) if path is not None else MODEL_DIR
    if not (where / "config.cfg").is_file():
        raise ModelError(f"{where}: not a spaCy pipeline folder (no config.cfg)")
    try:
        with cpu_blas():
            return spacy.load(where)
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"{where}: cannot load the NER pipeline: {error}") from error
