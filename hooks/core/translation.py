"""Texts of the data files in every language of the site, and the one each edition shows.

A value the schema marks `"x-translated": SUBSCHEMA` is written once per language when the site
has more than one (`data/languages.yml`):

    caption:
      en: What may change and when
      ar: ما الذي قد يتغير ومتى

A translation never repeats a figure of the source text by hand: `{1}` stands for the source
text's first number, `{2}` for its second, so a figure changed in the source changes in every
language. The edition's own digits are used when it is placed. No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# A figure of a source text: "3", "2.5", "1,800" (markers such as <!-- md:fact x2 --> left out).
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MARKER = re.compile(r"<!--.*?-->", re.S)
# Any digit a translation might write by hand: ASCII, Arabic-Indic, Eastern Arabic-Indic.
HAND_WRITTEN_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
PLACEHOLDER = re.compile(r"\{(\d+)\}")
WESTERN_DIGITS = "0123456789"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Translation:
    """Which language a build shows, among every language of the site (the source first)."""

    language: str = "en"
    languages: tuple[str, ...] = ("en",)
    digits: str = WESTERN_DIGITS  # the edition's digits for 0 to 9
    names: tuple[tuple[str, str], ...] = ()  # (code, name in English) for messages

    @property
    def source(self) -> str:
        return self.languages[0]

    @property
    def is_source(self) -> bool:
        return self.language == self.source

    def name(self, code: str) -> str:
        return dict(self.names).get(code, code)

    def is_language_map(self, value: Any) -> bool:
        """A mapping of language codes to one value each, the source's among them: the texts of one
        translated value (texts in a language the site does not have are left aside)."""
        return (
            isinstance(value, dict)
            and self.source in value
            and all(isinstance(key, str) and LANGUAGE_CODE.match(key) for key in value)
        )

    def figures(self, text: str) -> str:
        """Figures written in this edition's digits."""
        if self.digits == WESTERN_DIGITS:
            return text
        return text.translate(str.maketrans(WESTERN_DIGITS, self.digits))


SOURCE_ONLY = Translation()


def source_numbers(text: str) -> list[str]:
    """The figures of a source text, in order, markers left out."""
    return NUMBER.findall(MARKER.sub(" ", text))


def translation_problems(value: Any, translation: Translation) -> Iterator[tuple[tuple[str, ...], str]]:
    """What is wrong with one translated value: (keys below it, message 'what; what to do')."""
    languages = translation.languages
    if not translation.is_language_map(value):
        if len(languages) > 1:
            missing = ", ".join(f"{translation.name(code)} ({code})" for code in languages[1:])
            yield (
                (),
                (
                    f"has no text in {missing}; write it as '{languages[0]}:' with this text "
                    f"and {' and '.join(repr(code + ':') for code in languages[1:])} with its translation, each on its own line"
                ),
            )
        return
    for code in languages:
        if code not in value:
            yield (), f"has no {translation.name(code)} text; add '{code}:' with it"
    source = value.get(translation.source)
    numbers = source_numbers(source) if isinstance(source, str) else []
    for code, text in value.items():
        if code == translation.source or code not in languages or not isinstance(text, str):
            continue
        for keys, message in figure_problems(text, numbers, translation.name(code)):
            yield (code, *keys), message


def figure_problems(text: str, numbers: list[str], language: str) -> Iterator[tuple[tuple[str, ...], str]]:
    """A translation's figures: each one placed from the source text with {N}, none by hand."""
    bare = MARKER.sub(" ", text)
    digit = HAND_WRITTEN_DIGIT.search(PLACEHOLDER.sub(" ", bare))
    if digit:
        hint = (
            f"write {{1}} for the source text's first number ({numbers[0]})"
            if numbers
            else "the source text has no figure: write the number out in words or remove it"
        )
        yield (
            (),
            f"the {language} text writes the figure '{digit.group()}' by hand; {hint}, so the figure lives in one place",
        )
    used = {int(index) for index in PLACEHOLDER.findall(bare)}
    for index in sorted(used):
        if not 1 <= index <= len(numbers):
            if numbers:
                fix = f"use {{1}} to {{{len(numbers)}}}" if len(numbers) > 1 else "use {1}"
                have = f"{len(numbers)} number{'s' if len(numbers) > 1 else ''}"
            else:
                fix, have = "remove it", "no number"
            yield (), f"the {language} text places {{{index}}}, but the source text has {have}; {fix}"
    for index, number in enumerate(numbers, start=1):
        if index not in used:
            yield (), f"the {language} text leaves out the source text's figure {number}; place it with {{{index}}}"


def localize(value: Any, translation: Translation, translated: Collection[int] | None = None) -> Any:
    """The value as the edition shows it: each translated value (the mappings whose ids are in
    `translated`, as the schema check found them; any language mapping when None) replaced by its
    text in the edition's language, the source text's figures placed in it."""
    if translation.is_language_map(value) and (translated is None or id(value) in translated):
        chosen = value.get(translation.language, value.get(translation.source))
        source = value.get(translation.source)
        if isinstance(chosen, str) and not translation.is_source and isinstance(source, str):
            numbers = [translation.figures(number) for number in source_numbers(source)]
            chosen = PLACEHOLDER.sub(lambda m: numbers[int(m.group(1)) - 1], chosen)
        return localize(chosen, translation, translated)
    if isinstance(value, dict):
        return {key: localize(inner, translation, translated) for key, inner in value.items()}
    if isinstance(value, list):
        return [localize(inner, translation, translated) for inner in value]
    return value


def translated_keyword(translation: Translation, translated: set[int]) -> Any:
    """The schema keyword `x-translated`: its value is the schema of each language's text. The id
    of each translated value it meets is added to `translated`, for `localize`."""

    def check(validator: Any, subschema: Mapping[str, Any], instance: Any, schema: Mapping[str, Any]) -> Iterator[Any]:
        import jsonschema

        for keys, message in translation_problems(instance, translation):
            error = jsonschema.ValidationError(message, validator="x-translated", path=list(keys))
            yield error
        if translation.is_language_map(instance):
            translated.add(id(instance))
            for code, text in instance.items():
                if code in translation.languages:
                    yield from validator.descend(text, subschema, path=code)
        else:
            yield from validator.descend(instance, subschema)

    return check
