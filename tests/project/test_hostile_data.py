"""Hostile or broken data values: raw HTML, attribute lists, images and unsafe links are reported
at their line with what to write instead; the build never shows them."""

import pytest
from conftest import MINIMAL_DATA

from hooks.project.inline import inline_markdown_problems


def messages(value: str, *, markers: bool = False) -> list[str]:
    return [str(p) for p in inline_markdown_problems(value, "data/facts.yml", 5, markers=markers)]


def test_plain_text_and_safe_markdown_pass():
    assert messages("3 to 6 sessions, *about* 4 weeks apart; A&E {not an attribute}") == []
    assert messages("[Aftercare](aftercare.md#washing), [NHS](https://www.nhs.uk), [mail](mailto:a@b.org)") == []
    assert messages("[Call](tel:+442079460000) or <https://www.nhs.uk>") == []


def test_html_comment_in_a_fact_is_refused():
    assert messages("3 to 6 sessions <!-- check with Dr K -->") == [
        "data/facts.yml:5: HTML comment '<!-- check with Dr K -->' would be published with the page; delete it, "
        "or keep a note for editors as a YAML comment (# ...) on the line above"
    ]


def test_a_fact_marker_is_allowed_only_where_facts_may_be_placed():
    assert messages("lasts <!-- md:fact call_swelling -->", markers=True) == []
    assert messages("lasts <!-- md:fact call_swelling -->") == [
        "data/facts.yml:5: HTML comment '<!-- md:fact call_swelling -->' would be published with the page; "
        "delete it, or keep a note for editors as a YAML comment (# ...) on the line above"
    ]


def test_raw_html_is_refused():
    assert messages("<img src=x onerror=alert(1)> *mild*", markers=True) == [
        "data/facts.yml:5: raw HTML '<img src=x onerror=alert(1)>' is not allowed in a data value; "
        "write plain text, or Markdown such as *emphasis* or [a link](aftercare.md)"
    ]


def test_attribute_list_is_refused():
    assert messages("*Mild*{onmouseover=alert(1)}") == [
        "data/facts.yml:5: attribute list '{onmouseover=alert(1)}' is not allowed in a data value; delete it"
    ]
    assert messages("Mild{: .red }") == [
        "data/facts.yml:5: attribute list '{: .red }' is not allowed in a data value; delete it"
    ]


def test_image_is_refused():
    assert messages("![scalp](https://example.org/a.png)") == [
        "data/facts.yml:5: image '![scalp](https://example.org/a.png)' is not allowed in a data value; "
        "place the image on the page itself"
    ]


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "ftp://x.org",
        "/etc/passwd",
        "//evil.example/a.md",
        "#top",
        "notes.txt",
    ],
)
def test_unsafe_or_unknown_link_targets_are_refused(target):
    assert messages(f"[click]({target})") == [
        f"data/facts.yml:5: link to {target!r} is not allowed in a data value; "
        "link to a page of the site (aftercare.md), an https:// address, mailto: or tel:"
    ]


def test_http_link_asks_for_https():
    assert messages("[NHS](http://www.nhs.uk)") == [
        "data/facts.yml:5: link to 'http://www.nhs.uk' is not allowed in a data value; write its https:// address"
    ]


def test_every_kind_of_data_value_is_checked_when_the_project_loads(build_temp_site):
    comment = "<!-- check with Dr K -->"
    result = build_temp_site(
        {
            "data/facts.yml": f"course_sessions:\n  value: 3 to 6 sessions {comment}\n",
            "data/tables/demo.yml": MINIMAL_DATA["data/tables/demo.yml"].replace(
                "exosomes: Mild", "exosomes: '*Mild*{onmouseover=alert(1)}'"
            ),
            "data/care-cards.yml": MINIMAL_DATA["data/care-cards.yml"].replace(
                "you have a high fever", "you have a high fever ![x](a.png)"
            ),
            "data/references.yml": "demo2023:\n  citation: Demo A. <b>A study</b>. 2023.\n  url: https://doi.org/10.1000/demo\n",
            "data/glossary.yml": "PRP: '[Platelet-rich plasma](javascript:alert(1)).'\n",
            "data/clinic.yml": "name: Dalily Medical\nphone: +44 20 7946 0000\nemail: hair@dalily-medical.example\n"
            "address: '[12 Example Street](http://maps.example)'\ncountry: GB\nhours: 9am to 6pm\n"
            "emergency:\n  number: '999'\n  place: A&E\nout_of_hours:\n  name: NHS 111\n  number: '111'\n",
        }
    )
    assert result.returncode == 1
    assert result.messages[:6] == [
        "data/clinic.yml:4: link to 'http://maps.example' is not allowed in a data value; write its https:// address",
        "data/facts.yml:2: HTML comment '<!-- check with Dr K -->' would be published with the page; delete it, "
        "or keep a note for editors as a YAML comment (# ...) on the line above",
        "data/care-cards.yml:12: image '![x](a.png)' is not allowed in a data value; place the image on the page itself",
        "data/references.yml:2: raw HTML '<b>' is not allowed in a data value; write plain text, or Markdown such as "
        "*emphasis* or [a link](aftercare.md)",
        "data/references.yml:2: raw HTML '</b>' is not allowed in a data value; write plain text, or Markdown such as "
        "*emphasis* or [a link](aftercare.md)",
        "data/glossary.yml:1: link to 'javascript:alert(1)' is not allowed in a data value; "
        "link to a page of the site (aftercare.md), an https:// address, mailto: or tel:",
    ]
    assert result.messages[6] == (
        "data/tables/demo.yml:11: attribute list '{onmouseover=alert(1)}' is not allowed in a data value; delete it"
    )


def test_reference_url_cannot_break_out_of_its_link(build_temp_site):
    result = build_temp_site(
        {
            "data/references.yml": "demo2023:\n  citation: Demo A. A study. 2023.\n  url: https://doi.org/x){onmouseover=alert(1)}\n"
        }
    )
    assert result.returncode == 1
    assert result.messages == [
        "data/references.yml:3: 'demo2023.url': 'https://doi.org/x){onmouseover=alert(1)}' is not allowed; "
        "write the full address, starting with https://, without spaces, brackets, braces or quotes "
        "(write %20 for a space)",
        "Aborted with a BuildError!",
    ]
