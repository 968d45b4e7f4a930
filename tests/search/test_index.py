"""The search index of an edition whose readers type words without their vowel marks."""

from __future__ import annotations

import json
from pathlib import Path

from hooks.search.index import drop_marks_from_index, index_without_marks, without_marks

# A Material search index as it writes one: compact JSON, every character past ASCII escaped.
INDEX = {
    "config": {"lang": ["ar", "en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter", "trimmer"]},
    "docs": [
        {"location": "side-effects/", "title": "الآثار الجانبية", "text": "<p>يستمر التورّم من 1 إلى 2 يوم.</p>"},
        {"location": "faq/#_1", "title": "هل يُصنع من دمي؟", "text": "<p>لا. PRP يُصنع من دمك.</p>", "tags": ["مميّعات"]},
    ],
}


def test_vowel_marks_are_dropped_and_letters_kept():
    assert without_marks("التورّم") == "التورم"  # shadda
    assert without_marks("أيضًا جدًا يُصنع") == "أيضا جدا يصنع"  # tanween, damma
    assert without_marks("Side effects: swelling, café") == "Side effects: swelling, café"  # é is one letter


def test_the_index_keeps_its_addresses_and_settings_and_loses_only_marks():
    written = json.dumps(INDEX, separators=(",", ":"))
    folded = index_without_marks(written)
    assert folded.isascii()  # escaped as Material writes it
    assert json.loads(folded) == {
        "config": INDEX["config"],
        "docs": [
            {"location": "side-effects/", "title": "الآثار الجانبية", "text": "<p>يستمر التورم من 1 إلى 2 يوم.</p>"},
            {
                "location": "faq/#_1",
                "title": "هل يصنع من دمي؟",
                "text": "<p>لا. PRP يصنع من دمك.</p>",
                "tags": ["مميعات"],
            },
        ],
    }
    assert index_without_marks(folded) == folded


def test_a_built_index_is_rewritten_and_a_build_without_search_is_left_alone(tmp_path: Path):
    drop_marks_from_index(tmp_path)  # no search/ folder: nothing to do
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(INDEX), encoding="utf-8")
    drop_marks_from_index(tmp_path)
    index = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "التورم" in index["docs"][0]["text"]
