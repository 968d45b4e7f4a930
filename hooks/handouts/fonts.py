"""Characters a printed handout cannot show: no installed font has them, so WeasyPrint prints an
empty box (an emoji on a machine without an emoji font). Found with fontconfig's own list of
fonts, the one Pango falls back through; no MkDocs import here.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from collections.abc import Sequence

from hooks.core.problems import Problem, Source, line_at

# The families of overrides/handouts/handout-style.html: their characters need no further question.
HANDOUT_FAMILIES = ("Liberation Sans", "Noto Sans Arabic", "DejaVu Sans")


def fontconfig(*args: str) -> str | None:
    """What fontconfig answers; None without fontconfig (then nothing can be told)."""
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None


@functools.cache
def family_characters(family: str) -> frozenset[int]:
    """The code points of the font fontconfig picks for `family` (empty when it cannot be read)."""
    from fontTools.ttLib import TTFont  # here: only a build that makes handouts reads fonts

    path = fontconfig("fc-match", "--format=%{file}", family)
    if not path:
        return frozenset()
    try:
        with TTFont(path, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception:  # a font file fontTools cannot read tells us nothing
        return frozenset()


@functools.cache
def some_font_has(codepoint: int) -> bool:
    """Whether any installed font has a glyph for the code point (True when it cannot be told)."""
    found = fontconfig("fc-list", f":charset={codepoint:x}", "family")
    return found is None or bool(found.strip())


def unprintable_characters(text: str) -> list[str]:
    """The characters of `text` no installed font can print, each once, in the order first found."""
    known = frozenset().union(*(family_characters(family) for family in HANDOUT_FAMILIES))
    found = []
    for char in dict.fromkeys(text):
        if ord(char) < 128 or ord(char) in known or unicodedata.category(char)[0] in "CMZ":
            continue  # marks, joiners and variation selectors print as part of their neighbour
        if not some_font_has(ord(char)):
            found.append(char)
    return found


def unprintable_problems(text: str, sources: Sequence[Source], handout: str) -> list[Problem]:
    """A problem for each character of a handout's text no font prints, where it is written."""
    problems = []
    for char in unprintable_characters(text):
        source = next((source for source in sources if char in source.text), sources[0])
        offset = source.text.find(char)
        problems.append(
            Problem(
                source.path,
                line_at(source.text, offset) if offset >= 0 else 1,
                f"character '{char}' (U+{ord(char):04X}) is in no installed font, so the printed handout "
                f"{handout} would show an empty box; write it in words or remove it",
            )
        )
    return problems
