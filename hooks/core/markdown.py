"""What a Markdown page shows as code, where nothing is read as a marker, a term or a link.

No MkDocs import here.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# A run of backticks, the code, the same run: its first backtick written alone, so a search skips
# to the next backtick instead of trying every position (the same matches as `+, far quicker).
INLINE_CODE = re.compile(r"(``*)(?!`).+?(?<!`)\1(?!`)")
# An admonition's first line: `!!! note "Title"`, `??? tip`, `???+ warning inline "Title"`.
ADMONITION = re.compile(
    r'^(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?:[ \t]+[\w -]*?)?(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$'
)

Spans = list[tuple[int, int]]


def code_spans(text: str) -> Spans:
    """Character ranges of fenced code blocks and inline code, where markers are shown, not run."""
    spans: Spans = []
    offset = 0
    fence: str | None = None
    start = 0
    # A fence is three backticks or tildes: a text with neither, most, is not read line by line.
    lines = text.splitlines(keepends=True) if "```" in text or "~~~" in text else []
    for line in lines:
        match = FENCE.match(line)
        if match and fence is None:
            fence, start = match[1], offset
        elif match and fence is not None and match[1].startswith(fence[0] * len(fence)):
            spans.append((start, offset + len(line)))
            fence = None
        offset += len(line)
    if fence is not None:
        spans.append((start, len(text)))
    spans.extend((m.start(), m.end()) for m in INLINE_CODE.finditer(text))
    return spans


def inside(offset: int, spans: Spans) -> bool:
    """Whether the character at `offset` is in one of the spans."""
    return any(start <= offset < end for start, end in spans)


def blank_out(text: str, spans: Spans) -> str:
    """Replace the characters of the spans by spaces, keeping newlines: every offset and line of
    `text` stays where it was."""
    pieces = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        pieces.append(text[last:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
