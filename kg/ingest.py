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
import errno
import os
import re
import stat
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .records import Block, Byline, Document, Sentence, compact_offsets
from .script import gloss_spans, simplify_page

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


# A page larger than this is not a newspaper page (seeds: 3-12 KB): layout repair keeps about 250
# bytes per character, so 8 MB (2.7M characters) bounds one page at about 700 MB.
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that is not built, and why (named on stderr and in the build summary)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class DocumentList(list[Document]):
    """The documents read, with the inputs that were skipped (``.skipped``), in input order."""

    def __init__(self, documents: Iterable[Document] = (), skipped: Iterable[Skipped] = ()) -> None:
        super().__init__(documents)
        self.skipped: list[Skipped] = list(skipped)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """The text files to read, in order, and the inputs that cannot be (with their reason).

    Named paths must exist (a typo is an error, not a skip). Inside a folder: ``.txt`` files are
    read; a folder that cannot be listed, a FIFO, device or socket, a broken link, a symlink loop
    and a link that leads out of the folder are reported, never followed and never silently
    dropped. Nothing is opened here, so a FIFO cannot block.
    """
    found: list[Path] = []
    skipped: list[Skipped] = []
    for item in paths:
        path = Path(item)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            if path.is_symlink():
                skipped.append(Skipped(str(path), "broken symbolic link"))
                continue
            raise InputError(f"{path}: no such file or folder") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                skipped.append(Skipped(str(path), "symbolic link loop"))
                continue
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
        if stat.S_ISDIR(mode):
            before = len(found), len(skipped)
            _walk(path, path.resolve(), found, skipped, set())
            if (len(found), len(skipped)) == before:
                raise InputError(f"{path}: folder holds no {'/'.join(SUFFIXES)} files")
        elif stat.S_ISREG(mode):
            found.append(path)
        else:
            skipped.append(Skipped(str(path), f"{_kind(mode)}, not a text file"))
    seen: set[Path] = set()
    unique = []
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique, skipped


def _candidate(name: str) -> bool:
    return Path(name).suffix.lower() in SUFFIXES


def _walk(folder: Path, root: Path, found: list[Path], skipped: list[Skipped], visited: set[Path]) -> None:
    real = folder.resolve()
    if real in visited:
        skipped.append(Skipped(str(folder), "a link to a folder already read (a loop)"))
        return
    visited.add(real)
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        skipped.append(Skipped(str(folder), f"cannot read the folder ({exc.strerror or exc})"))
        return
    for entry in entries:
        path = folder / entry.name
        linked = entry.is_symlink()
        if linked:
            try:
                target = path.resolve(strict=True)
            except RuntimeError:
                skipped.append(Skipped(str(path), "symbolic link loop"))
                continue
            except OSError as exc:
                if _candidate(entry.name) or not Path(entry.name).suffix:
                    reason = "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
                    skipped.append(Skipped(str(path), reason))
                continue
            if not target.is_relative_to(root):
                if _candidate(entry.name) or target.is_dir():
                    skipped.append(Skipped(str(path), f"link leads out of the input folder {root} (to {target})"))
                continue
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            if _candidate(entry.name):
                skipped.append(Skipped(str(path), f"cannot read ({exc.strerror or exc})"))
            continue
        if stat.S_ISDIR(mode):
            _walk(path, root, found, skipped, visited)
        elif not _candidate(entry.name):
            continue
        elif stat.S_ISREG(mode):
            found.append(path)
        else:
            skipped.append(Skipped(str(path), f"{_kind(mode)}, not a text file"))


def iter_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the sorted list of text files to read (see :func:`discover`)."""
    return discover(paths)[0]


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode a page: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one where the text
    reads as Chinese), GB18030/GBK."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name, offset=3), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", name), "utf-16"
    utf8_error: UnicodeDecodeError | None = None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            utf8_error = exc
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
    where = _utf8_position(utf8_error)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(f"{name}: cannot decode as UTF-8 ({where}), UTF-16 or GB18030") from None
    if not _looks_textual(text):
        raise InputError(f"{name}: not readable text in UTF-8, UTF-16 or GB18030")
    if len("".join(text.split())) < 40:
        # too few characters for a frequency test: only plain GB2312 text that reads as Chinese
        doubt = _short_gb_doubt(text)
        if doubt:
            raise InputError(f"{name}: not UTF-8 ({where}) and too short to tell its encoding ({doubt}); "
                             "save it as UTF-8")
    elif _common_ratio(text) < 0.02:
        raise InputError(f"{name}: not readable text in UTF-8, UTF-16 or GB18030")
    return text, "gb18030"


def _utf8_position(error: UnicodeDecodeError | None) -> str:
    """Where UTF-8 failed, as a byte offset into the file (0-based), with the byte."""
    if error is None:
        return "NUL bytes"
    return f"invalid byte 0x{error.object[error.start]:02x} at byte {error.start}"


def _short_gb_doubt(text: str) -> str:
    """Why a short non-UTF-8 text may not be GB18030 (empty when it reads as plain Chinese).

    Latin-1, Big5, Shift-JIS or EUC-KR bytes often decode as GB18030 into rare characters: a short
    page is accepted only when every character is in GB2312 and most of its hanzi are among the
    3,755 common ones (level 1). (EUC-KR Korean falls in the same byte range and is not told apart.)
    """
    hanzi = [ch for ch in text if _CJK.match(ch)]
    if not hanzi:
        return "no Chinese characters"
    try:
        text.encode("gb2312")
    except UnicodeEncodeError as exc:
        return f"{text[exc.start]!r} is not a common GB2312 character"
    level1 = sum(1 for ch in hanzi if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7)
    if level1 < 0.7 * len(hanzi):
        return "mostly rare characters"
    return ""


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


_META_LINE = re.compile(r"(?:发布时间|发布日期|发表时间|更新时间|日期|时间|信息来源|来源|作者|浏览次数|访问次数|阅读次数|点击数|点击次数|【字体|字号)\s*[：:]")


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
        if _is_meta_text(stripped):
            # 发布时间：…  访问次数：… or a lone rule (-): a web page's metadata line is no part of the
            # sentence after it
            if body:
                pieces.append(_Piece("body", body))
                body = []
            pieces.append(_Piece("body", [line]))
            continue
        # a paragraph's first line fills the column less a two-character indent (at least 0.7 of
        # it); a title over body lines with no blank between is shorter. A body line after a
        # heading may end its sentence short.
        short = _display(stripped) < (0.7 if not seen_body else 0.6) * width
        after_byline = index > 0 and split[index - 1][0] == "byline" or (not body and seen_body)
        following = split[index + 1][1].text.strip() if index + 1 < len(split) and split[index + 1][0] == "text" else ""
        is_heading = (not seen_body and not body and _COLON_HEADLINE.match(stripped) is not None
                      and _DATELINE_OPENING.match(following) is not None) or not _has_punct(stripped) and (
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


# "中国交建：中交集团主要领导会见庆阳市市长周继军" over "10月17日，…": a headline that names its source
# or subject before a colon, its only mark, is a heading when the line after it opens with a dateline
_COLON_HEADLINE = re.compile(r"[^。，、；：！？,;:!?]{2,20}[：:][^。，、；：！？,;:!?]{4,40}")
_DATELINE_OPENING = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}(?:[-—－~～至到]\d{1,2})?日|[^，。]{0,12}讯")


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
    if piece.kind != "body" or _is_meta(piece):
        return False
    last = piece.lines[-1].text.rstrip()
    return bool(last) and last[-1] not in TERMINAL


def _is_meta(piece: _Piece) -> bool:
    """A piece of one metadata line (发布时间：…) or a lone rule (-): it ends where it stands."""
    text = piece.lines[0].text.strip() if len(piece.lines) == 1 else ""
    return bool(text) and _is_meta_text(text)


def _is_meta_text(text: str) -> bool:
    """A web page's metadata line (发布时间：…, 访问次数：…) or a rule with no word in it (-)."""
    return _META_LINE.match(text) is not None or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text)


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


def _headline_over_dateline(pieces: list[_Piece], following: _Piece | None) -> bool:
    """A one-line paragraph with no sentence end over a paragraph that opens with a dateline is a
    headline, even with a 、 in it (``某局长一行赴甲、乙调研`` / blank / ``5月27日，…``): a sentence cut
    by the layout goes on with its own words, not with a date."""
    if len(pieces) != 1 or pieces[0].kind != "body" or len(pieces[0].lines) != 1 or following is None or following.kind != "body":
        return False
    line = pieces[0].lines[0].text.strip()
    return (len(line) <= 40 and not any(ch in TERMINAL for ch in line) and line[-1:] not in "，、,（(“：:"
            and _DATELINE_OPENING.match(following.lines[0].text.strip()) is not None)


def _blocks(raw: str) -> list[_Piece]:
    staged: list[_Piece] = []
    paras = _paragraphs(_lines(raw))
    first = [_pieces(para) for para in paras]
    for index, para in enumerate(paras):
        following = first[index + 1][0] if index + 1 < len(paras) else None
        # a short unpunctuated paragraph before a body paragraph may be body cut by the layout
        # ("在中远氨纶公司，张红军参观企业研" / blank / "发中心…"); before a heading it is a heading
        stacked = following is None or following.kind != "body" or not _fits_column(para[-1], following)
        own = _pieces(para, stacked) if stacked else first[index]
        if _headline_over_dateline(own, following):
            own = [_Piece("heading", own[0].lines)]
        staged.extend(own)
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
        if pending_cut and piece.kind == "body" and pieces and pieces[-1].kind == "body" and not _is_meta(piece):
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
    mapped = _padded_names_joined(mapped)
    following = _next_nonspaces(mapped)
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
            nxt = following[index]
            if not prev or prev == " " or not nxt:
                continue
            if prev.isdigit() or nxt.isdigit() or prev in PUNCT or nxt in PUNCT:
                continue
        out.append((ch, pos))
    return _numeral_dates(out)


_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"(?:([〇○零一二三四五六七八九]{4})年)?([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")


def _cn_number(text: str) -> int | None:
    """一 .. 三十一 as a number (十 = 10, 十二 = 12, 二十七 = 27); None for any other form."""
    if "十" not in text:
        return _CN_DIGIT.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    value = (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)
    return value or None


def _numeral_dates(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``二〇二三年九月二十七日`` -> ``2023年9月27日``: a date in Chinese numerals (Hong Kong and
    Macau releases, notices) is read as the digits every date rule reads; each digit keeps the
    page position of the numerals it comes from, so the date's span maps back whole."""
    text = "".join(ch for ch, _ in chars)
    if "月" not in text or "日" not in text:
        return chars
    out: list[tuple[str, int]] = []
    done = 0
    for match in _CN_DATE.finditer(text):
        month, day = _cn_number(match.group(2)), _cn_number(match.group(3))
        if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        out.extend(chars[done : match.start()])
        for group in (1, 2, 3):
            source = match.group(group)
            if source is None:
                continue
            digits = "".join(str(_CN_DIGIT[c]) for c in source) if group == 1 else str(month if group == 2 else day)
            positions = [chars[i][1] for i in range(match.start(group), match.end(group))]
            out.extend((digit, positions[min(i, len(positions) - 1)]) for i, digit in enumerate(digits))
            out.append(chars[match.end(group)])  # 年, 月, 日
        done = match.end()
    return out + chars[done:] if out else chars


_AFTER_PADDED_NAME = re.compile(r"出席|参加|主持|陪同|讲话|致辞|等|一行|同志|在|到|为|的")


def _padded_names_joined(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``副县长王　伟、李　强``: a two-character name padded with a space to the width of three, as
    lists of officials set them, is one name. The space goes where a surname, the space and one
    more character stand before a list or clause mark, a space, the end of the line or a verb that
    follows names (出席, 陪同)."""
    from .nlp.refine_rules import surnames

    names = surnames()
    drop: set[int] = set()
    for index in range(1, len(chars) - 1):
        if chars[index][0] != " " or chars[index - 1][0] not in names or not _CJK.match(chars[index + 1][0]):
            continue
        before = chars[index - 2][0] if index >= 2 else ""
        after = "".join(ch for ch, _ in chars[index + 2 : index + 4])
        if before == " " or (after and after[0] not in " \n" and after[0] not in PUNCT and not _AFTER_PADDED_NAME.match(after)):
            continue  # 王 伟 inside a run of spaced characters, or 何 时候: no padded name
        drop.add(index)
    return [c for i, c in enumerate(chars) if i not in drop] if drop else chars


def _next_nonspaces(chars: list[tuple[str, int]]) -> list[str]:
    """For each position, the first character after it that is not a space ("" at the end): one
    backward pass, so a block with many spaces stays linear."""
    out = [""] * len(chars)
    nxt = ""
    for index in range(len(chars) - 1, -1, -1):
        out[index] = nxt
        if chars[index][0] != " ":
            nxt = chars[index][0]
    return out


def _block_chars(piece: _Piece) -> list[tuple[str, int]]:
    chars: list[tuple[str, int]] = []
    for line in piece.lines:
        chars.extend((ch, line.start + i) for i, ch in enumerate(line.text))
    return _normalise_chars(chars)


# A sentence longer than this is cut into pieces (at a clause mark where there is one): the NLP
# stage's memory grows with the length of what it is given, and spaCy refuses texts over
# ``nlp.max_length`` (1,000,000 characters, error E088). Real sentences are far shorter (seeds: 220).
MAX_SENTENCE = 2000
_CLAUSE_MARKS = set("，、；：,; \n")


def _pieces_of(start: int, end: int, text: str) -> Iterator[tuple[int, int]]:
    """``[start, end)`` in spans of at most MAX_SENTENCE characters, cut after a clause mark when
    one falls in the second half of the span."""
    while end - start > MAX_SENTENCE:
        cut = start + MAX_SENTENCE
        for i in range(cut - 1, start + MAX_SENTENCE // 2, -1):
            if text[i] in _CLAUSE_MARKS:
                cut = i + 1
                break
        yield start, cut
        start = cut
    yield start, end


def _sentences(text: str, start: int, end: int, kind: str, first_index: int) -> Iterator[Sentence]:
    index = first_index
    for begin, stop in _sentence_spans(text, start, end, kind):
        for piece_start, piece_end in _pieces_of(begin, stop, text):
            if text[piece_start:piece_end].strip():
                yield Sentence(index, piece_start, piece_end, text[piece_start:piece_end], kind)
                index += 1


def _sentence_spans(text: str, start: int, end: int, kind: str) -> Iterator[tuple[int, int]]:
    if kind != "body":
        yield start, end
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
                yield pos, j
            pos = j
            i = j
            continue
        i += 1
    if pos < end and text[pos:end].strip():
        yield pos, end


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
DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})(?:[-—－~～至到]\d{1,2})?日")  # 5月27—28日: a stay, dated by its first day


def infer_year(text: str) -> tuple[int | None, str | None]:
    """The page's year, only where the page makes it certain.

    - a dated meeting on the first half-year after it ("8月1日…2022年上半年…推进会") gives that year;
    - an award for a year ("对2020年度…进行表彰") is given in the year after it, or in that year at a
      meeting dated from October on (12月28日…表彰2023年度).
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
        first = DATE.search(text)
        if first is not None and int(first.group(2)) >= 10:
            return year, "annual-award"  # 12月28日…表彰2023年度: a year-end meeting awards the year it closes
        return year + 1, "annual-award"
    return None, None


def parse_text(raw: str, *, doc_id: str, path: str = "", encoding: str = "utf-8") -> Document:
    """Build a Document from page text already decoded."""
    if raw.startswith("\ufeff"):
        raw = " " + raw[1:]
    # Traditional pages are read in Simplified (same length: offsets hold); raw keeps the original
    readable, script = simplify_page(raw)
    glossed = {pos for start, end in gloss_spans(readable) for pos in range(start, end)}
    chars: list[tuple[str, int]] = []
    blocks: list[Block] = []
    for piece in _blocks(readable):
        block_chars = [c for c in _block_chars(piece) if c[1] not in glossed]
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
        script=script,
    )


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, opened without blocking (a FIFO or device put in its place is refused, not
    waited on) and read only up to ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: {_kind(info.st_mode)}, not a text file")
        if info.st_size > limit:
            raise InputError(f"{path}: too large for a page ({info.st_size:,} bytes; the limit is {limit:,})")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(f"{path}: too large for a page (over {limit:,} bytes)")
    return data


def read_document(path: Path) -> Document:
    """Read one page file into a Document; InputError names the file and the reason."""
    data = read_bytes(path)
    raw, encoding = decode(data, str(path))
    if not raw.strip(" \ufeff\r\n\t\u3000"):
        raise InputError(f"{path}: no text in file")
    return parse_text(raw, doc_id=path.stem, path=path.name, encoding=encoding)


def stream_documents(files: Iterable[Path], skipped: list[Skipped], *, strict: bool = False) -> Iterator[Document]:
    """The pages of ``files`` (from :func:`discover`), read one at a time as the iterator is
    consumed, so a corpus is never all in memory. A file that cannot be read as text is appended to
    ``skipped`` with its reason (``strict``: the first is an InputError); two pages of one name are
    an InputError, and so is a corpus of which no page could be read (raised when it is exhausted,
    before a consumer can take an empty corpus for a finished one)."""
    first: dict[str, str] = {}
    for path in files:
        try:
            doc = read_document(path)
        except InputError as exc:
            if strict:
                raise InputError(f"{exc} (--strict)") from None
            skipped.append(Skipped(str(path), str(exc).removeprefix(f"{path}: ")))
            continue
        if doc.doc_id in first:
            raise InputError(f"{path}: same page name as {first[doc.doc_id]}; document ids must be unique")
        first[doc.doc_id] = str(path)
        yield doc
    if not first:
        if len(skipped) == 1:
            raise InputError(str(skipped[0]))
        shown = "; ".join(str(s) for s in skipped[:3]) + ("; ..." if len(skipped) > 3 else "")
        raise InputError(f"no page could be read ({len(skipped)} files skipped: {shown})")


def read_documents(paths: Iterable[str | Path], *, strict: bool = False) -> DocumentList:
    """Every readable page of ``paths``, all in memory (see :func:`stream_documents` for a stream);
    a file that cannot be read as text is skipped and listed in ``.skipped`` with its reason
    (``strict``: the first such file is an InputError).

    No page at all is an InputError (the only file's own reason when there was one).
    """
    files, skipped = discover(paths)
    if strict and skipped:
        raise InputError(f"{skipped[0]} (--strict)")
    documents = list(stream_documents(files, skipped, strict=strict))
    return DocumentList(documents, skipped)
