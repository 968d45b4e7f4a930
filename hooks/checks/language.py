"""Plain-language lint of patient pages: claims a clinic must not make, the reader addressed as
"you", and medical terms explained where a page first uses them.

The phrases are data (`data/language-rules.yml`), the terms come from `data/glossary.yml`.
No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from hooks.core.problems import Problem
from hooks.pages.text import JoinedTexts, Segment
from hooks.project.rules import FOLDS_ONTO_ASCII, Explanations, LanguageRule, LanguageRules, Term, page_words


def check_phrases(sentences: Sequence[Segment], rules: LanguageRules, *, path: str) -> list[Problem]:
    """Every phrase of a rule in every sentence a reader sees, unless negated where allowed.

    Each rule's pattern runs once over the page, its sentences joined by a character no phrase
    spans; the problems come in sentence order, then rule order, as if run sentence by sentence.
    """
    joined = JoinedTexts.of([sentence.text for sentence in sentences])
    page = joined.text
    words = None if FOLDS_ONTO_ASCII.search(page) else page_words(page, rules.first_word_patterns)
    found = []
    for number, rule in enumerate(rules.rules):
        for match in phrase_matches(rule, page, words):
            index = joined.index_at(match.start())
            sentence, start = sentences[index], match.start() - joined.starts[index]
            if rule.negation_allowed and rules.negation.search(sentence.text, 0, start):
                continue
            problem = Problem(path, sentence.line_at(start), f'"{match[0]}": {rule.problem}; {rule.advice}')
            found.append((index, number, start, problem))
    return [problem for *_, problem in sorted(found, key=lambda item: item[:3])]


def phrase_matches(rule: LanguageRule, page: str, words: dict[str, list[int]] | None) -> Iterator[re.Match[str]]:
    """The matches of a rule's pattern in `page`, as its finditer gives them; tried only where a
    word that starts one of its phrases starts, when the words of the page are known."""
    if rule.first_words is None or words is None:
        yield from rule.pattern.finditer(page)
        return
    starts = sorted(start for word in rule.first_words for start in words.get(word, ()))
    end = 0
    for start in starts:
        if start >= end and (match := rule.pattern.match(page, start)):
            end = match.end()
            yield match


def is_explained(
    sentence: str,
    start: int,
    end: int,
    term: Term,
    following: Sequence[str],
    same_block: int,
    ways: Explanations,
) -> bool:
    """Whether the use of a term at sentence[start:end] comes with its plain meaning.

    `following` are the sentences after this one, the first `same_block` of them in the same
    paragraph or list item. See `check_glossary_terms` for the rule.
    """
    before, after = sentence[:start], sentence[end:]
    if before.rfind("(") > before.rfind(")") and ")" in after:
        return True
    if ways.after.match(after.lstrip("*")) or ways.before.search(before):
        return True
    if following and ways.previous.match(following[0]):
        return True
    for later in following[: max(same_block, 1)]:
        match = term.pattern.match(later)
        if match and ways.term_is.match(later[match.end() :]):
            return True
    return False


def check_glossary_terms(
    segments: Sequence[Segment], terms: Sequence[Term], *, path: str, explanations: Explanations
) -> list[Problem]:
    """The first use of each glossary term in a page's running text comes with its plain meaning.

    The rule: where a page first uses a term (or its plural) in its running text, one of these holds:
    - the term is in brackets after the plain words: "hair roots (follicles)";
    - brackets, a colon, a dash or "is", "are", "means" follow it: "PRP (platelet-rich plasma)",
      "Stem cells are cells that…"; or a comma and "a", "an", "which", "also called", "or"
      ("minoxidil, a medicine that…"); one word may come between ("keratin treatments, which…");
    - "called" or "known as" comes right before it: "a numbing medicine called lidocaine";
    - the next sentence starts "This is", "These are", "It means"… (one word may come between:
      "This cycle is…"), or the next sentence, or a later one of the same paragraph or list item,
      starts with the term and "is", "are" or "means": "…peptides or niacinamide. Peptides are….
      Niacinamide is…".
    The words of each way are the language's (`explanations`, from data/language-rules.yml).
    Running text is paragraphs, list items and admonitions: headings, table cells and care cards are
    too short to explain a term, so the text around them does. A use inside a longer term ("plasma"
    in "platelet-rich plasma") is a use of the longer term only.
    """
    blocks = [segment.split_sentences for segment in segments if segment.kind == "text"]
    flat = [(sentence, position, len(block)) for block in blocks for position, sentence in enumerate(block)]
    seen: set[str] = set()
    problems = []
    # A term's pattern is tried only in a sentence that holds its first word: most hold none.
    for index, candidates in sorted(terms_by_sentence([sentence.text for sentence, _, _ in flat], terms).items()):
        sentence, position, block_size = flat[index]
        uses = [
            (match.start(), match.end(), term) for term in candidates for match in term.pattern.finditer(sentence.text)
        ]
        if len(uses) > 1:  # most sentences use one term, or none
            uses.sort(key=lambda use: (use[0], -(use[1] - use[0])))
        covered_until = -1
        for start, end, term in uses:
            if start < covered_until:
                continue
            covered_until = end
            if term.family in seen:
                continue
            seen.add(term.family)
            same_block = block_size - position - 1
            following = [later.text for later, _, _ in flat[index + 1 : index + 1 + max(same_block, 1)]]
            if not is_explained(sentence.text, start, end, term, following, same_block, explanations):
                problems.append(
                    Problem(
                        path,
                        sentence.line_at(start),
                        f'"{sentence.text[start:end]}" is not explained where this page first uses it; '
                        f'explain it in the same sentence, e.g. "{term.example()}"',
                    )
                )
    return problems


def terms_by_sentence(sentences: Sequence[str], terms: Sequence[Term]) -> dict[int, list[Term]]:
    """The terms whose first word each sentence holds (lower case), by the sentence's index, in the
    order of `terms`; sentences with none are left out.

    Each first word is looked for in the page's sentences joined, not in every sentence.
    """
    joined = JoinedTexts.of([sentence.lower() for sentence in sentences])
    found: dict[int, list[Term]] = {}
    for term in terms:
        start = 0
        while (at := joined.text.find(term.first_word, start)) >= 0:
            index = joined.index_at(at)
            found.setdefault(index, []).append(term)
            start = joined.after(index)
    return found
