"""Files -> Documents: decoding, PDF column-layout repair, bylines, normalisation, sentences.

The seed pages are text extracted from PDF newspaper pages: lines are cut at the column width,
blank lines separate paragraphs but also fall inside sentences at a column break, and bylines and
headings run into the next article. This module rebuilds blocks (body paragraphs, headings,
bylines), normalises spaces inside numbers and full-width forms, and keeps for every normalised
character the offset of the character it came from, so that every fact can point back into the
original page.
"""

from __future__ import annotations

import codecs
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .records import Block, Byline, Document, Sentence, compact_offsets

SUFFIXES = (".txt",)
TERMINAL = set("。！？；：”」』）!?;…")
SENTENCE_END = set("。！？；!?;")
CLOSERS = set("”’」』）)")
PUNCT = set("。，、；：！？“”‘’（）《》【】,.;:!?()")
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = re.compile(r"[\u3400-\u9fff]")
# A byline at the end of a line: role words followed by one or more two-to-three-character names.
BYLINE_ROLES = ("本报记者", "记者", "通讯员", "高新时报", "摄影", "实习生")
# byline words that name a newspaper: its people sign as reporters of that paper
NEWSPAPERS = ("高新时报",)
_BYLINE = re.compile(
    r"(?P<all>(?:(?:" + "|".join(BYLINE_ROLES) + r")\s+[\u4e00-\u9fff]{2,3}"
    r"(?:\s+[\u4e00-\u9fff]{2,3})*\s*)+(?:文/图|摄)?)\s*$"
)


def iter_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the sorted list of text files to read."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                raise InputError(f"{path}: folder holds no {'/'.join(SUFFIXES)} files")
            found.extend(files)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode a page: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one where the text
    reads as Chinese), GB18030/GBK."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name, offset=3), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if len(data) % 2 == 0:
        # UTF-16 without BOM: accept only a decoding that reads as Chinese text, since GB18030 or
        # binary bytes decode as UTF-16 too, into rare characters.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_textual(text) and _common_ratio(text) >= 0.05:
                return text, encoding
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (NUL bytes), not text")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: cannot decode as UTF-8, UTF-16 or GB18030 (byte {exc.start})") from None
    # short GB text has too few characters for a frequency test: there, readable is enough
    if not _looks_textual(text) or (len(text.strip()) >= 40 and _common_ratio(text) < 0.02):
        raise InputError(f"{name}: not readable text in UTF-8, UTF-16 or GB18030")
    return text, "gb18030"


# The most frequent characters of Chinese news text: a decoding that yields none of them is wrong.
_COMMON = set("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质东")


def _common_ratio(text: str) -> float:
    sample = [ch for ch in text[:4000] if not ch.isspace()]
    return sum(ch in _COMMON for ch in sample) / len(sample) if sample else 0.0


def _strict(data: bytes, encoding: str, name: str, *, offset: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: invalid {encoding} at byte {exc.start + offset}") from None


def _looks_textual(text: str) -> bool:
    """Binary data decoded as GB18030 rarely yields mostly CJK, letters, digits and punctuation."""
    sample = text[:4000]
    good = sum(1 for ch in sample if ch.isprintable() or ch in "\r\n\t")
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return control == 0 and good >= 0.95 * len(sample)


# --- layout repair -------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    text: str
    start: int  # raw offset of text[0]


@dataclass(slots=True)
class _Piece:
    kind: str
    lines: list[_Line]


def _lines(raw: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for chunk in raw.splitlines(keepends=True):
        body = chunk.rstrip("\r\n")
        out.append(_Line(body, pos))
        pos += len(chunk)
    return out


def _split_byline(line: _Line) -> tuple[_Line | None, _Line | None]:
    """Split a trailing byline off a line: ``复工复产。 记者 孙庆辉`` -> text, byline."""
    match = _BYLINE.search(line.text)
    if not match:
        return line, None
    head = line.text[: match.start("all")]
    if head.strip() and head.rstrip()[-1:] not in TERMINAL and not head.endswith((" ", "\u3000")):
        # "…，记者从郑州高新区…" is prose, not a byline: a byline follows a sentence end or a space.
        return line, None
    byline = _Line(line.text[match.start("all") :], line.start + match.start("all"))
    return (_Line(head, line.start) if head.strip() else None), byline


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    paras: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text.strip():
            if current and line.text[:1] in (" ", "\u3000"):
                # an indented line opens a paragraph even without a blank line before it
                paras.append(current)
                current = []
            current.append(line)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _has_punct(text: str) -> bool:
    return any(ch in "。，、；：！？,;:!?" for ch in text)


def _display(text: str) -> float:
    """Column width of a line: ASCII letters and digits are set at half the width of a CJK character."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text.strip())


def _width(lines: list[_Line]) -> float:
    return statistics.median(_display(line.text) for line in lines) if lines else 0.0


def _pieces(para: list[_Line], stacked_heading: bool = False) -> list[_Piece]:
    """Classify a paragraph's lines into heading, byline and body pieces.

    ``stacked_heading``: the caller saw that the next paragraph is not body text, so a short
    paragraph without sentence punctuation is a stacked heading (see :func:`_heading_lines`)."""
    pieces: list[_Piece] = []
    split: list[tuple[str, _Line]] = []
    for line in para:
        head, byline = _split_byline(line)
        if head is not None:
            split.append(("text", head))
        if byline is not None:
            split.append(("byline", byline))
    text_lines = [line for kind, line in split if kind == "text"]
    spaced_title = (
        len(text_lines) == 1
        and re.search(r"[\u4e00-\u9fff”]\s+[\u4e00-\u9fff“]", text_lines[0].text.strip()) is not None
        and not any(ch in "。！？；!?;" for ch in text_lines[0].text)
    )  # body text never has spaces between Chinese words; a one-line title often does
    if not any(_has_punct(line.text) for line in text_lines) or spaced_title or (stacked_heading and _heading_lines(text_lines)):
        # A paragraph without any punctuation is a (possibly multi-line) heading.
        for kind, line in split:
            pieces.append(_Piece("heading" if kind == "text" else "byline", [line]))
        return pieces
    width = max(_display(line.text) for line in text_lines)
    body: list[_Line] = []
    seen_body = False
    for index, (kind, line) in enumerate(split):
        if kind == "byline":
            if body:
                pieces.append(_Piece("body", body))
                body = []
            pieces.append(_Piece("byline", [line]))
            continue
        stripped = line.text.strip()
        # a paragraph's first line fills the column less a two-character indent (at least 0.7 of
        # it); a title over body lines with no blank between is shorter. A body line after a
        # heading may end its sentence short.
        short = _display(stripped) < (0.7 if not seen_body else 0.6) * width
        after_byline = index > 0 and split[index - 1][0] == "byline" or (not body and seen_body)
        is_heading = not _has_punct(stripped) and (
            after_byline  # a byline ends an article: what follows it without punctuation is a heading
            or (
                short
                and (not seen_body or (body and body[-1].text.rstrip()[-1:] in TERMINAL))
                and len(text_lines) >= 2
                and index + 1 < len(split)
            )
        )
        if is_heading:
            if body:
                pieces.append(_Piece("body", body))
                body = []
            pieces.append(_Piece("heading", [line]))
            continue
        seen_body = True
        body.append(line)
    if body:
        pieces.append(_Piece("body", body))
    return pieces


def _heading_lines(lines: list[_Line]) -> bool:
    """A short paragraph (at most three lines) with no sentence punctuation and no line ending in
    punctuation is a stacked heading, even when it holds a comma or 、
    (``吹响高质量发展、灾后恢复集结号`` / ``郑州高新区“三高”发展暨灾后恢复工作全面推进``)."""
    if not lines or len(lines) > 3:
        return False
    text = "".join(line.text for line in lines)
    if any(ch in "。！？；：!?;:" for ch in text):
        return False
    return all(line.text.rstrip()[-1:] not in "，、,（(“" for line in lines) and len(lines) >= 2


def _is_cut(piece: _Piece) -> bool:
    """A body piece that ends mid-sentence continues after the gap, whatever the width of its
    last line: body paragraphs end with a sentence end, and a column break may fall after a short
    line (``推进紫荆网`` / ``安产业园、亿达产业园`` / blank / ``等建设，…``)."""
    if piece.kind != "body":
        return False
    last = piece.lines[-1].text.rstrip()
    return bool(last) and last[-1] not in TERMINAL


def _fits_column(line: _Line, following: _Piece) -> bool:
    """Is ``line`` as wide as the column of the body piece that follows (a cut, not a heading)?"""
    width = _width(following.lines)
    return 0.85 * width <= _display(line.text) + 2.0 and _display(line.text) <= 1.1 * width


def _cut_heading(piece: _Piece, previous: _Piece | None, following: _Piece | None) -> bool:
    """A one-line 'heading' as wide as the next paragraph's column is body text cut by a gap
    (``四是积极推进基础设施`` / blank / ``恢复重建。…``); real headings are set wider or narrower,
    or have a space between their parts."""
    if piece.kind != "heading" or following is None or following.kind != "body":
        return False
    line = piece.lines[0].text.strip()
    if re.search(r"\S\s+\S", line):
        return False
    # the continuation of a cut sentence ends its first clause soon ("恢复重建。"); the first clause of
    # a paragraph that follows a heading is a sentence's opening, usually longer
    opening = "".join(ln.text.strip() for ln in following.lines)
    first_clause = re.split(r"[。，、；：！？,;:!?]", opening, maxsplit=1)[0]
    if len(first_clause) > 8:
        return False
    if len(line) >= 4 and opening.startswith(line[:4]):
        return False  # the paragraph restates its heading's opening words (未来3年要… / 未来3年，…)
    # a paragraph's first line is indented by two characters
    indent = 2.0 if previous is None or previous.kind != "body" or previous.lines[-1].text.rstrip()[-1:] in TERMINAL else 0.0
    width = _width(following.lines)
    return 0.85 * width <= _display(line) + indent <= 1.1 * width


def _blocks(raw: str) -> list[_Piece]:
    staged: list[_Piece] = []
    paras = _paragraphs(_lines(raw))
    first = [_pieces(para) for para in paras]
    for index, para in enumerate(paras):
        following = first[index + 1][0] if index + 1 < len(paras) else None
        # a short unpunctuated paragraph before a body paragraph may be body cut by the layout
        # ("在中远氨纶公司，张红军参观企业研" / blank / "发中心…"); before a heading it is a heading
        stacked = following is None or following.kind != "body" or not _fits_column(para[-1], following)
        staged.extend(_pieces(para, stacked) if stacked else first[index])
    pieces: list[_Piece] = []
    pending_cut = False
    for index, piece in enumerate(staged):
        following = staged[index + 1] if index + 1 < len(staged) else None
        previous = pieces[-1] if pieces else None
        if _cut_heading(piece, previous, following):
            piece = _Piece("body", piece.lines)
            pending_cut_here = True
        else:
            pending_cut_here = False
        if pending_cut and piece.kind == "body" and pieces and pieces[-1].kind == "body":
            pieces[-1].lines.extend(piece.lines)
        else:
            pieces.append(piece)
        pending_cut = pending_cut_here or _is_cut(pieces[-1])
    return pieces


# --- normalisation -----------------------------------------------------------------------------


def _normalise_chars(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Full-width ASCII to half width, half-width punctuation between CJK to full width, and
    spaces removed next to digits (``7月 30日`` -> ``7月30日``) or collapsed elsewhere."""
    mapped: list[tuple[str, int]] = []
    for ch, pos in chars:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            ch = chr(code - 0xFEE0)
        elif ch in "\u3000\t\u00a0\u2002\u2003\u2009\u202f":
            ch = " "
        mapped.append((ch, pos))
    out: list[tuple[str, int]] = []
    for index, (ch, pos) in enumerate(mapped):
        if ch in HALF_TO_FULL:
            prev = mapped[index - 1][0] if index else ""
            nxt = mapped[index + 1][0] if index + 1 < len(mapped) else ""
            if (_CJK.match(prev) or prev in "”）") or _CJK.match(nxt):
                if not (ch in ",." and prev.isdigit() and nxt.isdigit()):
                    ch = HALF_TO_FULL[ch]
        if ch == " ":
            prev = out[-1][0] if out else ""
            nxt = _next_nonspace(mapped, index)
            if not prev or prev == " " or not nxt:
                continue
            if prev.isdigit() or nxt.isdigit() or prev in PUNCT or nxt in PUNCT:
                continue
        out.append((ch, pos))
    return out


def _next_nonspace(chars: list[tuple[str, int]], index: int) -> str:
    for ch, _ in chars[index + 1 :]:
        if ch != " ":
            return ch
    return ""


def _block_chars(piece: _Piece) -> list[tuple[str, int]]:
    chars: list[tuple[str, int]] = []
    for line in piece.lines:
        chars.extend((ch, line.start + i) for i, ch in enumerate(line.text))
    return _normalise_chars(chars)


def _sentences(text: str, start: int, end: int, kind: str, first_index: int) -> Iterator[Sentence]:
    index = first_index
    if kind != "body":
        yield Sentence(index, start, end, text[start:end], kind)
        return
    pos = start
    i = start
    while i < end:
        ch = text[i]
        if ch in SENTENCE_END:
            j = i + 1
            while j < end and text[j] in CLOSERS:
                j += 1
            if text[pos:j].strip():
                yield Sentence(index, pos, j, text[pos:j], kind)
                index += 1
            pos = j
            i = j
            continue
        i += 1
    if pos < end and text[pos:end].strip():
        yield Sentence(index, pos, end, text[pos:end], kind)


def _bylines(text: str, block: Block) -> Iterator[Byline]:
    """``记者 孙庆辉 高新时报 方宝岭`` -> (记者, 孙庆辉), (记者, 方宝岭): role words switch the role;
    a newspaper's name (高新时报) signs its reporters."""
    role: str | None = None
    for token in re.finditer(r"\S+", text[block.start : block.end]):
        word = token.group()
        if word in BYLINE_ROLES:
            role = "记者" if word in NEWSPAPERS else word
        elif role and re.fullmatch(r"[\u4e00-\u9fff]{2,3}", word):
            start = block.start + token.start()
            yield Byline(role, word, start, start + len(word))


_YEAR_HALF = re.compile(r"(20\d\d)年上半年")
_AWARD = re.compile(r"(20\d\d)年度?[^。]{0,40}?表彰|表彰[^。]{0,4}(20\d\d)年度?")
# a date as written: optional year, month, day (extract reads it too)
DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


def infer_year(text: str) -> tuple[int | None, str | None]:
    """The page's year, only where the page makes it certain.

    - a dated meeting on the first half-year after it ("8月1日…2022年上半年…推进会") gives that year;
    - an award for a year ("对2020年度…进行表彰") is given in the year after it.
    Otherwise None: dates stay month-days.
    """
    for sentence in re.split(r"[。！？]", text):
        half = _YEAR_HALF.search(sentence)
        date = DATE.search(sentence)
        if half and date and int(date.group(2)) >= 7:
            return int(half.group(1)), "half-year-review"
    award = _AWARD.search(text)
    if award:
        year = int(award.group(1) or award.group(2))
        return year + 1, "annual-award"
    return None, None


def parse_text(raw: str, *, doc_id: str, path: str = "", encoding: str = "utf-8") -> Document:
    """Build a Document from page text already decoded."""
    if raw.startswith("\ufeff"):
        raw = " " + raw[1:]
    chars: list[tuple[str, int]] = []
    blocks: list[Block] = []
    for piece in _blocks(raw):
        block_chars = _block_chars(piece)
        while block_chars and block_chars[-1][0] == " ":
            block_chars.pop()
        if not block_chars:
            continue
        if chars:
            chars.append(("\n", chars[-1][1] + 1))
        start = len(chars)
        chars.extend(block_chars)
        blocks.append(Block(piece.kind, start, len(chars)))
    if not chars:
        raise InputError(f"{path or doc_id}: no text in file")
    text = "".join(ch for ch, _ in chars)
    offsets = compact_offsets([pos for _, pos in chars] + [len(raw)])
    sentences: list[Sentence] = []
    bylines: list[Byline] = []
    for block in blocks:
        sentences.extend(_sentences(text, block.start, block.end, block.kind, len(sentences)))
        if block.kind == "byline":
            bylines.extend(_bylines(text, block))
    year, rule = infer_year(text)
    return Document(
        doc_id=doc_id,
        path=path,
        encoding=encoding,
        raw=raw,
        text=text,
        offsets=offsets,
        blocks=tuple(blocks),
        sentences=tuple(sentences),
        bylines=tuple(bylines),
        year=year,
        year_rule=rule,
    )


def read_document(path: Path) -> Document:
    """Read one page file into a Document; InputError names the file and the reason."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    raw, encoding = decode(data, str(path))
    if not raw.strip(" \ufeff\r\n\t\u3000"):
        raise InputError(f"{path}: no text in file")
    return parse_text(raw, doc_id=path.stem, path=path.name, encoding=encoding)


def read_documents(paths: Iterable[str | Path]) -> list[Document]:
    documents = [read_document(path) for path in iter_paths(paths)]
    first: dict[str, str] = {}
    for doc, path in zip(documents, iter_paths(paths)):
        if doc.doc_id in first:
            raise InputError(f"{path}: same page name as {first[doc.doc_id]}; document ids must be unique")
        first[doc.doc_id] = str(path)
    return documents
