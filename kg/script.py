"""Traditional -> Simplified Chinese for matching and the model, keeping every offset.

A page written in Traditional characters (``鄭州高新區黨工委``, ``張紅軍``) is read by the same rules,
gazetteer and model as a Simplified one: ingest converts the page with OpenCC (``t2s``) *character for
character*, so the converted text has exactly the length of the original and every offset into it is
an offset into the page as written. The original characters stay in :attr:`Document.raw`;
:meth:`Document.original` gives a mention as written (it becomes ``rdfs:label``, and the Simplified form,
the canonical key, an ``skos:altLabel``).

Pages converted from the mainland often carry pinyin glosses in parentheses after a character
(``高質(zhì)量``): :func:`is_gloss` tells ingest to leave them out of the normalised text, so that
``高质量`` reads as one word, not as a name.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# a pinyin syllable or two with a tone mark or a tone digit: (zhì), (zhi4), (xìng fú)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
GLOSS = re.compile(rf"[(（](?=[a-z{_TONED} ]*[{_TONED}1-4])[a-z{_TONED}1-4 ]{{1,14}}[)）]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@functools.cache
def _converter() -> Any:
    import opencc  # imported on first use: a Simplified-only build never pays for it

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    out: str = _converter().convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters, with the same length (a conversion that would change the
    length of a phrase falls back to character-by-character conversion)."""
    if not _CJK.search(text):
        return text
    out: str = _converter().convert(text)
    if len(out) == len(text):
        return out
    return "".join(_char(ch) if _CJK.match(ch) else ch for ch in text)


def traditional_share(text: str) -> float:
    """The share of CJK characters that t2s changes: 0 on a Simplified page, about 0.2-0.4 on a
    Traditional one."""
    cjk = _CJK.findall(text)
    if not cjk:
        return 0.0
    converted = to_simplified("".join(cjk))
    return sum(1 for a, b in zip(cjk, converted) if a != b) / len(cjk)


def is_traditional(text: str) -> bool:
    """A page is Traditional when at least 3 characters and 3% of its CJK characters change under
    t2s. A Simplified page with a stray Traditional character stays as it is (t2s would also move a
    few Simplified characters, ``乾`` -> ``干``, that are right as written)."""
    cjk = _CJK.findall(text)
    if not cjk:
        return False
    converted = to_simplified("".join(cjk))
    changed = sum(1 for a, b in zip(cjk, converted) if a != b)
    return changed >= 3 and changed / len(cjk) >= 0.03


# look-alike characters pages type for a common one: ``巿`` (U+5DFF, fú) for ``市`` in ``莆田巿委``,
# a misprint no OpenCC table folds; read as the character meant, one for one (offsets hold)
_LOOKALIKE = str.maketrans({"巿": "市"})


def simplify_page(raw: str) -> tuple[str, str]:
    """(text to read, script): the page converted to Simplified if it is Traditional, same length,
    with look-alike misprints read as the character meant."""
    if is_traditional(raw):
        return to_simplified(raw).translate(_LOOKALIKE), "traditional"
    return raw.translate(_LOOKALIKE), "simplified"


def gloss_spans(text: str) -> list[tuple[int, int]]:
    """Spans of pinyin glosses written right after a CJK character: ``质(zhì)量`` -> the ``(zhì)``."""
    return [(m.start(), m.end()) for m in GLOSS.finditer(text) if m.start() and _CJK.match(text[m.start() - 1])]


__all__ = ["gloss_spans", "is_traditional", "simplify_page", "to_simplified", "traditional_share"]
