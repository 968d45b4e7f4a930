"""The search index of an edition whose readers type words without the marks they are written with.

Material writes each edition's index (`search/search_index.json`) from its built pages, every word
as written, and matches what a reader types against the start of each word. Arabic text writes
some words with vowel marks (tashkeel): the pages say "التورّم" (the swelling), "مميّعات" (blood
thinners), which a patient types "التورم", "مميعات", and found nothing. An edition that sets
`search_ignores_marks` in data/languages.yml keeps no combining mark in its index; its pages keep
them all. No MkDocs import here.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

# Where Material writes the index, in the build's site folder.
INDEX = Path("search") / "search_index.json"
# The fields of an index entry that hold what a reader reads; "location" is an address.
TEXT_FIELDS = ("title", "text")


def without_marks(text: str) -> str:
    """The text without its combining marks (Unicode category Mn: vowel marks, shadda, tanween)."""
    marks = [ord(character) for character in set(text) if unicodedata.category(character) == "Mn"]
    return text.translate(dict.fromkeys(marks)) if marks else text


def index_without_marks(index_json: str) -> str:
    """A Material search index (its JSON) whose entries' titles, texts and tags have no marks."""
    index = json.loads(index_json)
    for entry in index.get("docs", []):
        for field in TEXT_FIELDS:
            if isinstance(entry.get(field), str):
                entry[field] = without_marks(entry[field])
        if isinstance(entry.get("tags"), list):
            entry["tags"] = [without_marks(tag) if isinstance(tag, str) else tag for tag in entry["tags"]]
    return json.dumps(index, separators=(",", ":"))  # as Material writes it


def drop_marks_from_index(site_dir: Path) -> None:
    """Rewrite the built site's search index without marks; a build without search has none."""
    path = site_dir / INDEX
    if path.is_file():
        path.write_text(index_without_marks(path.read_text(encoding="utf-8")), encoding="utf-8")
