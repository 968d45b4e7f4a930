"""Characters a reader cannot see but that change what the text says: direction overrides that show
"84" as "48", and zero-width characters that split a word without a trace. No MkDocs import here."""

from __future__ import annotations

import re
import unicodedata

from hooks.core.problems import Problem

INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# The ones that change the order in which the text around them is shown.
DIRECTION = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def invisible_character_problems(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """Each invisible or direction-changing character of `text`, at its line; a byte order mark
    that starts the file is allowed."""
    problems = []
    line, counted = first_line, 0
    for match in INVISIBLE.finditer(text):
        if match.start() == 0 and match[0] == "\ufeff":
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        char = match[0]
        effect = (
            'can change how the text reads ("84" can show as "48")'
            if char in DIRECTION
            else "cannot be seen and splits the word it is in (search and the checks miss the word)"
        )
        name = unicodedata.name(char, "FORMAT CHARACTER")
        problems.append(Problem(path, line, f"invisible character U+{ord(char):04X} ({name}) {effect}; delete it"))
    return problems
