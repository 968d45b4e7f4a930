"""The rules of the plain-language checks, read once per build: claims a clinic must not make
(`data/language-rules.yml`) and the glossary terms a page must explain where it first uses them.

No MkDocs import here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from hooks.core.problems import Problem, ProblemError
from hooks.core.translation import SOURCE_ONLY, Translation
from hooks.project.quality import load_checked_file

RULES_FILE = "language-rules.yml"
# An abbreviation of the glossary, shown as a tooltip on every page: "PRP", and plurals such as "MSCs".
ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9]+s?$")


@dataclass(frozen=True)
class LanguageRule:
    """Phrases of one kind a patient page must not use, what is wrong and what to write instead."""

    id: str
    pattern: re.Pattern[str]
    negation_allowed: bool
    problem: str
    advice: str
    # The first word of each phrase, lower case (None: some phrase's first word is not plain ASCII):
    # a page with none of them cannot hold a phrase, and the pattern need not run.
    first_words: frozenset[str] | None = None


@dataclass(frozen=True)
class Explanations:
    """How a page of the build's language explains a glossary term (data/language-rules.yml)."""

    after: re.Pattern[str]  # right after the term: "(…", " is", ", a…"
    before: re.Pattern[str]  # right before it: "called "
    previous: re.Pattern[str]  # the next sentence: "This is…"
    term_is: re.Pattern[str]  # after the term, in a later sentence: " is"
    prefix: str = ""  # what may join the start of the term's word (Arabic: the article)
    plural: str = "(?:e?s)?"  # the plural ending of a term that has none


@dataclass(frozen=True)
class LanguageRules:
    """The rules, the negation words, and the glossary terms pages need not explain."""

    rules: tuple[LanguageRule, ...]
    negation: re.Pattern[str]
    everyday_terms: tuple[str, ...]
    explanations: Explanations

    @functools.cached_property
    def first_word_patterns(self) -> dict[str, re.Pattern[str]]:
        """Each first word of a rule's phrases (see LanguageRule.first_words), with the pattern
        that finds it as a whole word of a text lowered as page_words lowers it."""
        words = {word for rule in self.rules for word in rule.first_words or ()}
        return {word: whole_word(word) for word in sorted(words)}


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, any-case alternatives; a space matches a hyphen, a straight apostrophe a curly one."""
    alternatives = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = [re.escape(word).replace("'", "['’]") for word in re.split(r"[\s-]+", phrase.strip())]
        alternatives.append(r"[\s-]+".join(words))
    return re.compile(r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?![\w'’])", re.I)


# A word as the phrase check tells words apart: letters, digits, underscores and apostrophes.
TOKEN = re.compile(r"[\w'’]+")
# Letters that a case-insensitive pattern matches to an ASCII letter, which lower() does not make:
# long s, Kelvin sign, dotted and dotless i. A text with one is searched in full.
FOLDS_ONTO_ASCII = re.compile("[\u017f\u212a\u0130\u0131]")


def first_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """The first word of each phrase as TOKEN reads it, lower case, straight apostrophes; None when
    a phrase does not start with a word, or the word is not plain ASCII (its case could fold in
    ways a lower-case comparison misses)."""
    words = set()
    for phrase in phrases:
        token = TOKEN.match(phrase.strip())
        if token is None or not token[0].isascii():
            return None
        words.add(token[0].lower())
    return frozenset(words)


def page_words(text: str, wanted: Mapping[str, re.Pattern[str]] | None = None) -> dict[str, list[int]]:
    """Each word of a text as first_words reads it, with where it starts; with `wanted` (words and
    their whole_word patterns), only those words, found by their patterns: most words of a page
    start no phrase."""
    lowered = text.lower().replace("’", "'")
    starts: dict[str, list[int]] = {}
    if wanted is not None:
        for word in sorted(wanted.keys() & tokens(lowered)):
            starts[word] = [match.start() for match in wanted[word].finditer(lowered)]
        return starts
    for match in TOKEN.finditer(lowered):
        starts.setdefault(match[0], []).append(match.start())
    return starts


# The ASCII characters TOKEN does not take, each made a space.
TOKEN_SEPARATORS = dict.fromkeys((code for code in range(128) if not TOKEN.match(chr(code))), " ")


def tokens(text: str) -> set[str]:
    """The distinct words of a text as TOKEN reads them. An ASCII text is split where its other
    characters are made spaces: a third quicker than the pattern, which makes a string of each word."""
    if text.isascii():
        return set(text.translate(TOKEN_SEPARATORS).split())
    return set(TOKEN.findall(text))


def whole_word(word: str) -> re.Pattern[str]:
    """`word` where TOKEN reads it as a word of its own (the text lowered, apostrophes straight).

    The word comes first and the check of what precedes it after, so the search looks for its
    letters alone and is quick."""
    return re.compile(re.escape(word) + rf"(?<![\w'’]{re.escape(word)})(?![\w'’])")


def negation_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Any of the negation words; "n't" also matches at the end of "don't", "isn't"."""
    parts = [r"n['’]t\b" if word == "n't" else r"\b" + re.escape(word) + r"\b" for word in words]
    return re.compile("|".join(parts) or r"(?!)", re.I)


def load_language_rules(
    data_dir: Path, display_prefix: str = "data", translation: Translation = SOURCE_ONLY
) -> LanguageRules:
    """Read and check `data/language-rules.yml`; ProblemError lists every problem with its line."""
    document = load_checked_file(data_dir, RULES_FILE, display_prefix, translation)
    rules = tuple(
        LanguageRule(
            id=rule_id,
            pattern=phrase_pattern(rule["phrases"]),
            first_words=first_words(rule["phrases"]),
            negation_allowed=rule.get("negation") == "allowed",
            problem=rule["problem"],
            advice=rule["advice"],
        )
        for rule_id, rule in document.value["rules"].items()
    )
    everyday = tuple(document.value.get("everyday_terms", []))
    ways = document.value["explanations"]
    problems = []
    compiled = {}
    for name in ("after", "before", "previous", "term_is", "prefix", "plural"):
        try:
            compiled[name] = re.compile(ways[name], re.I)
        except re.error as error:
            line = document.line_of(["explanations", name])
            problems.append(
                Problem(
                    document.path, line, f"'explanations.{name}' is not a valid regular expression ({error}); fix it"
                )
            )
    if problems:
        raise ProblemError(problems)
    explanations = Explanations(
        after=compiled["after"],
        before=compiled["before"],
        previous=compiled["previous"],
        term_is=compiled["term_is"],
        prefix=ways["prefix"],
        plural=ways["plural"],
    )
    return LanguageRules(rules, negation_pattern(document.value["negations"]), everyday, explanations)


@dataclass(frozen=True)
class Term:
    """A glossary term as the pages use it: singular or plural, any case unless it has capitals."""

    term: str
    meaning: str
    pattern: re.Pattern[str]

    @functools.cached_property
    def first_word(self) -> str:
        """The first word, lower case: no use of the term without it in the sentence."""
        return self.term.split()[0].lower()

    @property
    def family(self) -> str:
        """'exosome' and 'exosomes' are one term for "first use on the page"."""
        return self.term.lower().removesuffix("s")

    def example(self) -> str:
        """The term with the first sentence of its meaning in brackets, as a suggestion."""
        first = self.meaning.strip().split(". ")[0].rstrip(".")
        if first[:1].isupper() and not first[1:2].isupper():
            first = first[0].lower() + first[1:]
        return f"{self.term} ({first})"


def glossary_terms(
    glossary: Mapping[str, str], everyday: Collection[str] = (), explanations: Explanations | None = None
) -> list[Term]:
    """The terms a page must explain: all but the abbreviations, which are tooltips on every page,
    and the everyday terms most adults know. A term's word may start with the language's prefix
    and end with its plural ending (`explanations`; English's when None)."""
    prefix = explanations.prefix if explanations is not None else ""
    ending = explanations.plural if explanations is not None else "(?:e?s)?"
    terms = []
    for term, meaning in glossary.items():
        if ABBREVIATION.match(term) or term in everyday:
            continue
        plural = "" if term.endswith("s") else ending
        flags = 0 if any(c.isupper() for c in term) else re.I
        first, *others = [prefix + re.escape(word) for word in term.split()]  # each word: "الخلايا الجذعية"
        # Not after a letter or hyphen: checked after the first word when it has no prefix (a fixed
        # width), so a search looks for its letters instead of trying every position.
        start = rf"{first}(?<![\w-]{first})" if not prefix else rf"(?<![\w-]){first}"
        body = r"[\s-]+".join([start, *others])
        terms.append(Term(term, meaning, re.compile(rf"{body}{plural}(?![\w-])", flags)))
    return terms
