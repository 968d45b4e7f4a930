"""The shortcode grammar: parsing, line numbers, unknown names, markers shown as code."""

from hooks.core.frontmatter import body_first_line
from hooks.core.problems import Problem, suggest
from hooks.shortcodes.grammar import Marker, MarkerError, expand_markers, parse_marker


def shout(marker: Marker) -> str:
    return marker.only_word("word").upper()


def test_marker_is_replaced_by_its_handler_output_inline():
    text, problems = expand_markers("Say <!-- md:shout hello --> twice.", {"shout": shout}, path="docs/a.md")
    assert text == "Say HELLO twice."
    assert problems == []


def test_words_and_quoted_options_are_parsed():
    marker = parse_marker("table", ' comparison rows="sessions, pain" columns="feature,exosomes"', 7)
    assert marker == Marker("table", ("comparison",), {"rows": "sessions, pain", "columns": "feature,exosomes"}, 7)


def test_unknown_shortcode_names_page_line_and_suggestion():
    text, problems = expand_markers("one\ntwo <!-- md:shuot hi -->\n", {"shout": shout}, path="docs/a.md", first_line=5)
    assert [str(p) for p in problems] == ["docs/a.md:6: unknown shortcode 'md:shuot'; did you mean 'shout'?"]
    assert "<!-- md:shuot hi -->" in text


def test_unknown_shortcode_without_close_match_lists_the_known_ones():
    _, problems = expand_markers("<!-- md:zzz -->", {"shout": shout, "fact": shout}, path="docs/a.md")
    assert str(problems[0]) == "docs/a.md:1: unknown shortcode 'md:zzz'; use one of: fact, shout"


def test_handler_error_is_reported_and_marker_left_in_place():
    _, problems = expand_markers("<!-- md:shout -->", {"shout": shout}, path="docs/a.md")
    assert problems == [Problem("docs/a.md", 1, "'md:shout' needs exactly one word; write <!-- md:shout WORD -->")]


def test_markers_in_fenced_and_inline_code_are_shown_not_run():
    source = "```\n<!-- md:shout a -->\n```\nUse `<!-- md:shout b -->` here. <!-- md:shout c -->"
    text, problems = expand_markers(source, {"shout": shout}, path="docs/a.md")
    assert text == "```\n<!-- md:shout a -->\n```\nUse `<!-- md:shout b -->` here. C"
    assert problems == []


def test_literal_text_between_markers_can_be_transformed():
    text, _ = expand_markers(
        "<b><!-- md:shout x --></b>", {"shout": shout}, path="p", literal=lambda s: s.replace("<", "&lt;")
    )
    assert text == "&lt;b>X&lt;/b>"


def test_unknown_option_is_an_error_with_suggestion():
    marker = parse_marker("table", ' comparison rwos="a"', 1)
    try:
        marker.check_options(["rows", "columns"])
    except MarkerError as error:
        assert str(error) == "'md:table' has no option 'rwos'; did you mean 'rows'?"
    else:
        raise AssertionError("unknown option accepted")


def test_body_first_line_counts_the_front_matter():
    content = "---\ntitle: A\naudience: patient\n---\n# Heading\n"
    assert body_first_line(content, "# Heading\n") == 5
    assert body_first_line("# Heading\n", "# Heading\n") == 1


def test_suggest_prefers_a_close_match():
    assert suggest("comparsion", ["comparison", "timeline"]) == "; did you mean 'comparison'?"
    assert suggest("x", []) == ""
