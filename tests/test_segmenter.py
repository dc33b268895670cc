"""The NER's features segment with jieba-rs through `Segmenter`: its words must be jieba's own,
or the model would see features it was not trained on."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import jieba
import pytest

from kg.nlp.features import Segmenter, jieba_tokenizer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _page_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "gold" / "dev" / "pages").glob("*.txt"))[:20]:
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


@pytest.mark.parametrize("hmm", [True, False])
def test_same_words_as_jieba_on_real_pages(reference: jieba.Tokenizer, hmm: bool) -> None:
    lines = _page_lines()
    assert len(lines) > 200
    segmenter = Segmenter()
    differ = [line for line in lines if segmenter.lcut(line, HMM=hmm) != reference.lcut(line, HMM=hmm)]
    assert differ == []


@pytest.mark.parametrize("hmm", [True, False])
def test_same_words_as_jieba_on_mixed_scripts_and_symbols(reference: jieba.Tokenizer, hmm: bool) -> None:
    """Latin with hyphens and dots, digits with %, spaces, CRLF, CJK extension A, emoji: where
    jieba-rs alone splits differently (san-hot, %㐀)."""
    pool = [*"郑州高新区管委会主任张红军调研河南有限公司的了是在", *"ab1 2.%-_#&+\n\t\r　，。、（）",
            "〇", "㐀", "豫", "A", "Ｂ", "１", "\r\n", "é", "😀"]
    rng = random.Random(7)
    samples = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    samples += ["在星展银行的san-hothk账户", "93-110平两居", "LGD.sGty战队", "增长2.5%以上", "f-22“猛禽”"]
    segmenter = Segmenter()
    differ = [s for s in samples if segmenter.lcut(s, HMM=hmm) != reference.lcut(s, HMM=hmm)]
    assert differ == []


def test_known_split_and_offsets(reference: jieba.Tokenizer) -> None:
    segmenter = jieba_tokenizer()
    assert segmenter.lcut("管委会主任张红军深入河南核净洁净技术有限公司调研", HMM=False)[:2] == ["管委会", "主任"]
    assert segmenter.lcut("san-hot在这", HMM=True)[:3] == ["san", "-", "hot"]
    text = "郑州高新区 管委会主任"
    tokens = list(segmenter.tokenize(text))
    assert tokens == list(reference.tokenize(text))
    assert all(text[s:e] == w for w, s, e in tokens) and tokens[-1][2] == len(text)
