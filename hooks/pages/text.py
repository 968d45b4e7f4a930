"""The text a reader reads on a page, as sentences with the source line each came from.

The quality checks (readability, plain language, glossary terms) read pages the way a patient does:
without front matter, markers, code, HTML tags or link addresses, with the text of the data tables
and care cards the shortcodes placed. Headings, list items, table cells and admonition titles
each count as a sentence of their own. No MkDocs import here.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from hooks.core.markdown import ADMONITION, Spans, blank_out, code_spans
from hooks.shortcodes.grammar import MARKER, Placement

COMMENT = re.compile(r"<!--.*?-->", re.S)
HTML_ELEMENT = re.compile(r"<(?P<tag>li|th|td|caption|h[1-6]|p|dt|dd)\b[^>]*>(?P<text>.*?)</(?P=tag)>", re.S)
HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)[ \t#]*$")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
SKIPPED_LINE = re.compile(r"^(?:\*\[[^\]]*\]:|\[[^\]^]+\]:\s|[=-]{3,}\s*$|\|?[ \t]*:?-{3,})")
# The first characters a skipped line or a list item can have (lines come stripped).
SKIPPED_STARTS = frozenset("*[=-|:")
LIST_STARTS = frozenset("-*+")
# A sentence ends with . ! ? or the Arabic question mark (the match's first character, closing
# quotes and space follow); a word is Latin or Arabic letters and digits. A pattern that starts
# with a class lets a search skip to the next such character, not try every position.
SENTENCE_END = re.compile(r"[.!?\u061f][\"”’')\]]*\s+")
WORD = re.compile(
    r"[A-Za-z0-9\u0621-\u065f\u0660-\u0669\u0670-\u06d3]+(?:['’-][A-Za-z0-9\u0621-\u065f\u0670-\u06d3]+)*"
)
# Inline Markdown that is not read: images, link addresses, code, citation numbers, attribute
# lists; each pattern with the strings one of which a text must hold for it to match.
INLINE_DROPS = [
    (re.compile(r'<sup class="citation">.*?</sup>', re.S), "", ("<sup",)),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), "", ("![",)),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), lambda match: match[1], ("](",)),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), lambda match: match[1], ("][",)),
    (re.compile(r"\[\^[^\]]+\]"), "", ("[^",)),
    (re.compile(r"<(?:https?|mailto|tel):[^>]*>"), "", ("<",)),
    (re.compile(r"`[^`]*`"), "", ("`",)),
    (re.compile(r"\{:?[ \t]*[.#][^}]*\}"), "", ("{",)),
    (re.compile(r"<[^>]+>"), "", ("<",)),
    (re.compile(r"https?://\S+"), "", ("://",)),
    # Emphasis: ***, **, *, ___, __, and _ not inside a word. Each alternative starts with its
    # character, written alone: so the search skips to a * or _, not trying every position.
    (re.compile(r"\*\*{0,2}|_(?:_{1,2}|(?<!\w_)(?=\S)|(?<=\S_)(?!\w))"), "", ("*", "_")),
]
# A character any of those patterns needs, "://" aside: a text without one is read as it is. A
# class alone, so the search skips from one such character to the next.
INLINE_MARKUP = re.compile(r"[<\[`{*_&]")


# Not frozen: a frozen dataclass takes six times as long to make, and a page has thousands of
# segments; nothing changes one once made but the counts it works out when first asked.
@dataclass(slots=True, unsafe_hash=True)
class Segment:
    """One block a reader takes in as a unit: a heading, paragraph, list item, cell or card line.

    `kind` is 'heading' (headings, admonition titles, glossary terms), 'text' (paragraphs, list
    items, admonition text), 'cell' (data tables), 'card' (care cards) or 'definition' (the
    meanings of a definition list). `lines` holds (character offset in `text`, source line) pairs, so the line
    of any part of a multi-line paragraph is known.
    """

    text: str
    kind: str
    lines: tuple[tuple[int, int], ...]
    # Worked out once, when a check first asks (see words and split_sentences).
    counted: int = field(default=-1, compare=False, repr=False)
    split: tuple[Segment, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def line(self) -> int:
        return self.lines[0][1]

    def line_at(self, offset: int) -> int:
        """The source line of the character at `offset`."""
        found = self.lines[0][1]
        for start, line in self.lines:
            if start > offset:
                break
            found = line
        return found

    @property
    def words(self) -> int:
        if self.counted < 0:
            self.counted = count_words(self.text)
        return self.counted

    @property
    def split_sentences(self) -> tuple[Segment, ...]:
        """The sentences of this segment, each a segment of its own (no full stop, one sentence),
        split once: every check of a page reads them."""
        if self.split is None:
            split = self.sentences_of_text()
            # One sentence, most segments: kept as () so the segment holds no cycle to itself, and
            # is freed as soon as its page lets go of it.
            self.split = () if len(split) == 1 and split[0] is self else split
        return self.split or (self,)

    def sentences_of_text(self) -> tuple[Segment, ...]:
        # Where each sentence ends and the next starts.
        cuts = [(match.start() + 1, match.end()) for match in SENTENCE_END.finditer(self.text)]
        if not cuts:
            return (self,)  # one sentence, most segments: its text is already stripped
        one_line = len(self.lines) == 1 and self.lines[0][0] == 0  # most segments: each sentence has it
        found = []
        start = 0
        for end, after in [*cuts, (len(self.text), 0)]:
            chunk = self.text[start:end]
            text = chunk.strip()
            if text and one_line:
                found.append(Segment(text, self.kind, self.lines))
            elif text:
                first = start + len(chunk) - len(chunk.lstrip())
                later = [(offset - first, line) for offset, line in self.lines if first < offset < first + len(text)]
                found.append(Segment(text, self.kind, ((0, self.line_at(first)), *later)))
            start = after
        return tuple(found)


def count_words(text: str) -> int:
    """Words as a reader counts them: "don't" and "platelet-rich" are one word each."""
    return len(WORD.findall(text))


def word_counts(segments: Sequence[Segment]) -> list[int]:
    """The words of each segment (see count_words), counted with no Python call per segment: a
    page has a hundred sentences."""
    return list(map(len, map(WORD.findall, [segment.text for segment in segments])))


def plain_inline(text: str) -> str:
    """Inline Markdown and HTML as the words a reader sees."""
    if INLINE_MARKUP.search(text) or "://" in text:
        for pattern, replacement, needs in INLINE_DROPS:
            for need in needs:
                if need in text:
                    text = pattern.sub(replacement, text)
                    break
        text = html.unescape(text)
    return " ".join(text.split())


def page_segments(
    body: str, *, first_line: int = 1, placements: Sequence[Placement] = (), code: Spans | None = None
) -> list[Segment]:
    """The blocks of a page body, in reading order, each with its source line.

    `body` is the page as written, without front matter; `first_line` the file line it starts on;
    `placements` what its markers placed (the page model's), `code` its code spans if known. The
    text a marker placed (a table, a care card) keeps the line of its marker.
    """
    text = blank_out(body, code_spans(body) if code is None else code)
    text = blank_out(text, [(m.start(), m.end()) for m in COMMENT.finditer(text) if not MARKER.match(m[0])])
    builder = SegmentBuilder()
    in_card = False
    pending = iter(placements)
    placement = next(pending, None)
    offset = 0
    for index, written in enumerate(text.split("\n")):
        line = first_line + index
        end = offset + len(written)
        placed = written
        if placement is not None and placement.start < end:
            pieces, last = [], offset
            while placement is not None and placement.start < end:
                pieces += [text[last : placement.start], placement.output]
                last = placement.end
                placement = next(pending, None)
            placed = "".join(pieces) + text[last:end]
        offset = end + 1
        if "<!--" in placed:
            placed = COMMENT.sub("", placed)
        for raw in placed.split("\n") if "\n" in placed else (placed,):
            stripped = raw.strip()
            if stripped.startswith("<"):
                in_card = in_card or 'class="care-card' in stripped
                builder.html(stripped, line, in_card)
                if in_card and stripped.startswith("</div"):
                    in_card = False
                continue
            builder.markdown(stripped, line)
    return builder.finish()


class SegmentBuilder:
    """Collects segments line by line; a paragraph runs until a blank line or a new block."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.parts: list[tuple[str, int]] = []
        self.kind = "text"

    def flush(self) -> None:
        if not self.parts:
            self.kind = "text"
            return
        pieces: list[tuple[int, int]] = []
        text = ""
        for part, line in self.parts:
            plain = plain_inline(part)
            if not plain:
                continue
            if text:
                text += " "
            pieces.append((len(text), line))
            text += plain
        if text:
            self.segments.append(Segment(text, self.kind, tuple(pieces)))
        self.parts = []
        self.kind = "text"

    def add(self, text: str, line: int, kind: str) -> None:
        """A block of its own: flush what came before, then keep it alone."""
        self.flush()
        plain = plain_inline(text)
        if plain:
            self.segments.append(Segment(plain, kind, ((0, line),)))

    def html(self, line_text: str, line: int, in_card: bool) -> None:
        self.flush()
        for element in HTML_ELEMENT.finditer(line_text):
            self.add(element["text"], line, html_kind(element["tag"], in_card))

    def markdown(self, line_text: str, line: int) -> None:
        # Each pattern is tried only on a line that starts as it must: most lines are plain text.
        if not line_text or (line_text[0] in SKIPPED_STARTS and SKIPPED_LINE.match(line_text)):
            self.flush()
            return
        while line_text.startswith(">"):
            line_text = line_text[1:].lstrip()
        first = line_text[:1]
        if first == "#" and (heading := HEADING.match(line_text)):
            self.add(heading["text"], line, "heading")
        elif first in ("!", "?") and (admonition := ADMONITION.match(line_text)):
            if admonition["title"]:
                self.add(admonition["title"], line, "heading")
            else:
                self.flush()
        elif first == "|":
            self.flush()
            for cell in line_text.strip("|").split("|"):
                self.add(cell, line, "cell")
        elif (first in LIST_STARTS or first.isdigit()) and (item := LIST_ITEM.match(line_text)):
            self.flush()
            self.parts.append((line_text[item.end() :], line))
        elif line_text.startswith(": "):
            self.flush()
            self.parts.append((line_text[2:], line))
            self.kind = "definition"
        else:
            self.parts.append((line_text, line))

    def finish(self) -> list[Segment]:
        self.flush()
        return self.segments


def html_kind(tag: str, in_card: bool) -> str:
    """The kind of segment an HTML element the shortcodes placed is (see Segment)."""
    if tag.startswith("h") or tag == "dt":
        return "heading"
    if tag == "dd":
        return "definition"
    if in_card:
        return "card"
    return "cell" if tag in {"caption", "th", "td"} else "text"


# Joins the texts of a page: not a space nor a word character, so no sentence end, phrase or word
# of the checks runs across it.
TEXT_BREAK = "\x00"


@dataclass(frozen=True)
class JoinedTexts:
    """A page's texts joined by TEXT_BREAK, so that one search runs over them all, with the offset
    where each text starts: the text a match is in is found by halving those."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, texts: Sequence[str]) -> JoinedTexts:
        starts = []
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + len(TEXT_BREAK)
        return cls(TEXT_BREAK.join(texts), tuple(starts))

    def index_at(self, offset: int) -> int:
        """The number of the text that holds this offset of the joined text."""
        return bisect.bisect_right(self.starts, offset) - 1

    def after(self, index: int) -> int:
        """Where the text after text `index` starts (past the end for the last)."""
        return self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text) + 1


def page_sentences(segments: list[Segment]) -> list[Segment]:
    """Every sentence of the page in reading order.

    Most segments are one sentence: one search of the page's texts, joined, finds the few that hold
    a sentence end, and only those are split; the others are marked as one sentence each.
    """
    joined = JoinedTexts.of([segment.text for segment in segments])
    sentences: list[Segment] = []
    taken = start = 0  # segments taken; where the search starts
    while match := SENTENCE_END.search(joined.text, start):
        index = joined.index_at(match.start())
        sentences += one_sentence_each(segments[taken:index])
        sentences += segments[index].split_sentences
        taken = index + 1
        start = joined.after(index)
    sentences += one_sentence_each(segments[taken:])
    return sentences


def one_sentence_each(segments: list[Segment]) -> list[Segment]:
    """Segments known to be one sentence each, marked so (see Segment.split_sentences)."""
    for segment in segments:
        segment.split = ()
    return segments


def scoring_text(segments: list[Segment]) -> str:
    """The page as one text for readability formulas: every block ends with a full stop."""
    blocks = []
    for segment in segments:
        text = segment.text.rstrip()
        if text.endswith(":"):
            text = text[:-1]
        blocks.append(text if text.endswith((".", "!", "?")) else text + ".")
    return "\n".join(blocks)
