"""Print HTML and PDFs of the handouts, without building a site: articles, cache, atomic writes."""

import io
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pypdf
import pytest
import weasyprint
from conftest import ENGLISH_WORDS

from hooks.core.templates import escaping_templates
from hooks.governance.records import Shown, SignOff
from hooks.governance.status import CHANGED, UNSIGNED, ReviewStatus
from hooks.governance.status import SIGNED as SIGNED_STATE
from hooks.handouts.pdf import (
    HandoutError,
    HandoutPage,
    atomic_file,
    cache_key,
    display_url,
    handout_html,
    placeholder_pdf,
    prepare_article,
    prune_cache,
    publish,
    qr_code,
    render_handout,
    with_qr_codes,
)

PROJECT = Path(__file__).resolve().parents[2]
URL = "https://clinic.example/exosomes/aftercare/"
CLINIC = {
    "name": "Demo Clinic",
    "phone": "+44 20 7946 0000",
    "address": "1 Test Road, London",
    "hours": "Monday to Friday, 9am to 5pm",
    "emergency": {"number": "999", "place": "A&E"},
}
ARTICLE = """<h1 id="aftercare">Aftercare <abbr title="x">PRP</abbr></h1>
<p>See <a href="../results/#top-up">results</a>, <a href="#when">below</a>,
<a href="https://www.fda.gov/notice">the notice</a> and <a href="https://doi.org/1">https://doi.org/1</a>.</p>
<details><summary>More</summary><p>Hidden</p></details>
<ul><li>low iron</li><li>low vitamin D</li><li>hormone problems</li><li>thin hair</li></ul>
<ul><li>a</li><li>b</li><li>c</li></ul>
<div class="care-card care-card--urgent"><p>Urgent</p></div>
<div class="care-card care-card--emergency"><p>Emergency</p></div>"""


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_article_links_become_absolute_and_outside_targets_print():
    article = prepare_article(ARTICLE, URL)
    assert '<a href="https://clinic.example/exosomes/results/#top-up">results</a>' in article.html
    assert '<a href="#when">below</a>' in article.html
    assert '<a href="https://www.fda.gov/notice" class="print-target">the notice</a>' in article.html
    # A link that shows its own address is not printed twice.
    assert '<a href="https://doi.org/1">https://doi.org/1</a>' in article.html


def test_article_title_heading_cards_details_and_short_lists():
    article = prepare_article(ARTICLE, URL)
    assert article.title == "Aftercare PRP"
    assert article.heading == 'Aftercare <abbr title="x">PRP</abbr>'
    assert "<h1" not in article.html
    assert article.care_cards == frozenset({"urgent", "emergency"})
    assert '<details open="">' in article.html
    assert '<ul class="print-columns"><li>low iron</li>' in article.html
    assert "<ul><li>a</li>" in article.html  # three items: one column
    assert article.html.endswith(
        '<div class="care-cards"><div class="care-card care-card--urgent"><p>Urgent</p></div>'
        '<div class="care-card care-card--emergency"><p>Emergency</p></div></div>'
    )


def test_article_without_cards_says_so():
    assert prepare_article("<h1>T</h1><p>x</p>", URL).care_cards == frozenset()


def test_display_url_drops_the_scheme():
    assert display_url(URL) == "clinic.example/exosomes/aftercare/"


# A sign-off of the unit tests: a test name, never a clinician's.
SIGNED = ReviewStatus(
    SIGNED_STATE,
    SignOff(
        "docs/aftercare.md", "Test Reviewer", "test role", date(2026, 11, 24), date(2027, 11, 24), Shown("# A", {})
    ),
    words=ENGLISH_WORDS,
)


def small_handout(paper: str = "A4", text: str = "Keep your scalp clean.", review: ReviewStatus | None = SIGNED) -> str:
    page = HandoutPage(
        article=prepare_article(f"<h1>Aftercare</h1><p>{text}</p>", URL),
        url=URL,
        lang="en",
        description="What to do after a session.",
        review=review,
        words=ENGLISH_WORDS,
    )
    return handout_html(
        escaping_templates(PROJECT / "overrides" / "handouts"),
        page,
        clinic=CLINIC,
        missing_cards='<div class="care-card care-card--urgent"><p>Call us if you have a fever</p></div>',
        paper=paper,
        notice="For education only.",
    )


def test_handout_html_holds_clinic_title_dates_url_cards_and_language():
    html = small_handout()
    for expected in [
        '<html lang="en" dir="ltr">',
        "<title>Aftercare</title>",
        '<meta name="author" content="Demo Clinic">',
        "<h1>Aftercare</h1>",
        "Page last reviewed: 24 November 2026 · Next review due: 24 November 2027 · Reviewed by: Test Reviewer, test role",
        '<meta name="dcterms.modified" content="2026-11-24">',
        'Phone: <span dir="ltr">+44 20 7946 0000</span>',
        "1 Test Road, London",
        '<a href="https://clinic.example/exosomes/aftercare/" dir="ltr">clinic.example/exosomes/aftercare/</a>',
        f'<img class="masthead__qr" src="qr:{version("segno")}:{URL}"',
        '<h2 id="warning-signs">When to get help</h2>',
        "Call us if you have a fever",
        "@page { size: A4; }",
        '<body class="layout-single">',
    ]:
        assert expected in html
    assert "md-typeset" not in html and "stylesheets/main" not in html  # never Material's CSS
    assert '<img class="masthead__qr" src="data:image/svg+xml' in with_qr_codes(html)


def test_an_unsigned_handout_says_so_on_top_and_claims_no_review():
    html = small_handout(review=ReviewStatus(UNSIGNED, words=ENGLISH_WORDS))
    assert (
        '<p class="about"><strong class="review-status">Not yet reviewed by a clinician.</strong> '
        "The clinic&#39;s doctors have not yet checked this page, so ask your doctor before you act on it.<br>"
    ) in html
    assert html.index("review-status") < html.index("Keep your scalp clean.")
    assert "Page last reviewed" not in html and "dcterms.modified" not in html


def test_a_changed_handout_says_so_with_the_date_of_its_review():
    html = small_handout(review=ReviewStatus(CHANGED, SIGNED.signoff, ("the text",), words=ENGLISH_WORDS))
    assert (
        '<strong class="review-status">Changed since its last clinical review.</strong> A clinician last checked this page on '
        "24 November 2026, but it has changed since, so ask your doctor before you act on it."
    ) in html
    assert "Page last reviewed" not in html


def test_render_caches_by_html_and_counts_pages(tmp_path):
    qr_code.cache_clear()
    html = small_handout()
    first = render_handout(html, name="aftercare.pdf", cache_dir=tmp_path, base_url=tmp_path.as_uri() + "/")
    assert (first.reused, first.pages) == (False, 1)
    assert qr_code.cache_info().misses == 1  # drawn for the PDF, not for the HTML
    assert first.path == tmp_path / f"aftercare-{cache_key(html)}.pdf"
    qr_code.cache_clear()
    again = render_handout(small_handout(), name="aftercare.pdf", cache_dir=tmp_path, base_url=tmp_path.as_uri() + "/")
    assert (again.reused, again.pages, again.path) == (True, 1, first.path)
    assert qr_code.cache_info().misses == 0  # a rebuild that reuses the PDF draws no QR code
    changed = render_handout(
        small_handout(text="Keep it dry."), name="aftercare.pdf", cache_dir=tmp_path, base_url=tmp_path.as_uri()
    )
    assert changed.reused is False and changed.path != first.path
    assert prune_cache(tmp_path, ["aftercare"], {changed.path, changed.path.with_suffix(".json")}) == sorted(
        [first.path, first.path.with_suffix(".json")]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([changed.path.name, changed.path.stem + ".json"])


def test_letter_paper_gives_letter_pages(tmp_path):
    rendered = render_handout(small_handout("letter"), name="a.pdf", cache_dir=tmp_path, base_url=tmp_path.as_uri())
    box = pypdf.PdfReader(rendered.path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_a_failed_pdf_leaves_no_file_behind(tmp_path, monkeypatch):
    def fail_halfway(self, target=None, **options):
        if target is not None:
            Path(target).write_bytes(b"%PDF-1.7 truncated")
        raise OSError("disk full")

    monkeypatch.setattr(weasyprint.Document, "write_pdf", fail_halfway)
    with pytest.raises(HandoutError, match="OSError: disk full"):
        render_handout(small_handout(), name="aftercare.pdf", cache_dir=tmp_path, base_url=tmp_path.as_uri())
    assert list(tmp_path.iterdir()) == []


def test_publish_replaces_a_file_in_one_step_and_keeps_it_readable(tmp_path):
    target = tmp_path / "handouts" / "a.pdf"
    publish(b"%PDF-old", target)
    publish(b"%PDF-new", target)
    assert target.read_bytes() == b"%PDF-new"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_atomic_file_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as partial:
        partial.write_bytes(b"half")
        raise RuntimeError("stopped")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_placeholder_is_a_valid_one_page_pdf_that_says_what_to_do():
    data = placeholder_pdf("Printable handout", ["Run make build to make it."])
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Printable handout"
    assert "Run make build to make it." in pdf_text(data)
