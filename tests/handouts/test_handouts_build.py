"""The printed handouts of whole builds: the real site's PDFs read back with pypdf and zxing-cpp,
and small sites for the settings, the cache, the preview and the error messages.

The first page of every real handout is kept as a PNG in test-artifacts/handouts/ for review.
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
import yaml
import zxingcpp
from conftest import ARTIFACTS, ENGLISH_CLINIC, MINIMAL_PAGE, PROJECT, BuildResult, mkdocs_env, run_mkdocs, write_files
from PIL import Image
from selectolax.lexbor import LexborHTMLParser

pytestmark = pytest.mark.slow

SETTINGS = yaml.safe_load((PROJECT / "data" / "handouts.yml").read_text(encoding="utf-8"))
SITE_URL = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
CLINIC = ENGLISH_CLINIC
A4 = (595, 842)
LETTER = (612, 792)
# The web page's text, element by element, as the handout must print it.
TEXT_ELEMENTS = "p, li, th, td, caption, h1, h2, h3"
NOT_CONTENT = ".page-review, .handout-link, .staff-banner, .page-feedback"
HOME_HANDOUT = "handouts:\n  - page: index.md\n    file: home.pdf\n"


@dataclass
class PrintedHandout:
    """A handout of the real site, read back."""

    page: str
    file: str
    url: str
    pdf: Path
    reader: pypdf.PdfReader
    text: str


def page_url(page: str) -> str:
    """The site address of a page of docs/ (directory URLs)."""
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def squeeze(text: str) -> str:
    """Text compared without white space, soft hyphens or list bullets (PDF text breaks lines anywhere)."""
    return re.sub(r"[\s\u00ad•◦]+", "", text)


def pdf_text(reader: pypdf.PdfReader) -> str:
    """All pages' text, without the running footer that falls inside a paragraph split over two pages."""
    pages = []
    for page in reader.pages:
        lines = [line for line in page.extract_text().splitlines() if not re.search(r"Page \d+ of \d+$", line)]
        pages.append("\n".join(lines))
    return "\n".join(pages)


@pytest.fixture(scope="session")
def handouts(real_site: BuildResult) -> list[PrintedHandout]:
    """Each handout of the real build, in the order of data/handouts.yml; first pages kept as PNG."""
    artifacts = ARTIFACTS / "handouts"
    artifacts.mkdir(parents=True, exist_ok=True)
    found = []
    for entry in SETTINGS["handouts"]:
        pdf = real_site.site / "handouts" / entry["file"]
        reader = pypdf.PdfReader(pdf)
        stem = artifacts / Path(entry["file"]).stem
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True
        )
        found.append(
            PrintedHandout(entry["page"], entry["file"], page_url(entry["page"]), pdf, reader, pdf_text(reader))
        )
    return found


def handout_ids(handout: PrintedHandout) -> str:
    return handout.file


# The real site ---------------------------------------------------------------------------------


def test_the_real_build_makes_every_handout_without_a_warning(real_site, handouts):
    assert [h.page for h in handouts][:5] == [
        "before-your-treatment.md",
        "procedure.md",
        "aftercare.md",
        "side-effects.md",
        "comparison.md",
    ]
    assert [m for m in real_site.messages if "handout" in m.lower()] == []
    made = [line for line in real_site.output.splitlines() if "Handout handouts/" in line]
    assert len(made) == 2 * len(handouts)  # the English handouts, then the Arabic ones (test_arabic_handouts.py)
    for handout in handouts:
        assert handout.pdf.read_bytes().startswith(b"%PDF-1.7")


def test_handouts_are_a4_with_one_or_two_pages(handouts):
    for handout in handouts:
        assert 1 <= len(handout.reader.pages) <= 2, handout.file
        for page in handout.reader.pages:
            box = page.mediabox
            assert (round(float(box.width)), round(float(box.height))) == A4, handout.file


def test_handouts_are_tagged_pdf_ua_with_title_and_language(real_site, handouts):
    for handout in handouts:
        root = handout.reader.trailer["/Root"]
        h1 = LexborHTMLParser(real_site.html(handout.url)).css_first("article h1")
        assert handout.reader.metadata.title == " ".join(h1.text().split())
        assert handout.reader.metadata.author == CLINIC["name"]
        assert root["/Lang"] == "en"
        assert root["/MarkInfo"]["/Marked"].value is True
        assert "/StructTreeRoot" in root
        assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_handout_fonts_are_embedded_liberation_sans(handouts):
    for handout in handouts:
        fonts = set()
        for page in handout.reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor, font["/BaseFont"]
                fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
        assert fonts <= {"Liberation-Sans", "Liberation-Sans-Bold", "DejaVu-Sans", "DejaVu-Sans-Bold"}, fonts
        assert "Liberation-Sans" in fonts


def test_every_paragraph_of_the_web_page_is_in_its_handout(real_site, handouts):
    for handout in handouts:
        article = LexborHTMLParser(real_site.html(handout.url)).css_first("article.md-content__inner")
        for extra in article.css(NOT_CONTENT):
            extra.decompose()
        printed = squeeze(handout.text)
        elements = [e for e in article.css(TEXT_ELEMENTS) if not e.css_first("ul, ol")]
        assert len(elements) > 20, handout.file
        for element in elements:
            assert squeeze(element.text()) in printed, f"{handout.file}: {element.text()!r}"


def test_handouts_carry_clinic_review_status_url_warning_signs_and_page_numbers(handouts):
    for handout in handouts:
        text = " ".join(handout.text.split())
        url = SITE_URL + handout.url
        assert CLINIC["name"] in text
        assert f"Phone: {CLINIC['phone']}" in text
        assert CLINIC["address"] in text
        # No page is signed off yet: each handout says so, and claims no review.
        assert (
            "Not yet reviewed by a clinician. The clinic's doctors have not yet checked this page, "
            "so ask your doctor before you act on it."
        ) in text, handout.file
        assert "Page last reviewed" not in text, handout.file
        assert squeeze(url.removeprefix("https://")) in squeeze(handout.text)
        # The warning signs, once each, on every handout.
        assert text.count("Contact the clinic straight away if:") == 1, handout.file
        assert text.count("Immediate action required:") == 1, handout.file
        assert "you find it hard to breathe" in text
        pages = len(handout.reader.pages)
        footers = [page.extract_text() for page in handout.reader.pages]
        for number, footer in enumerate(footers, start=1):
            assert f"Page {number} of {pages}" in footer


def test_the_non_urgent_card_prints_only_where_its_page_places_it(handouts):
    """Every handout prints help at any hour (urgent, emergency); the card that waits for opening
    hours prints on the handouts of the pages that place it, in the NHS order."""
    for handout in handouts:
        text = " ".join(handout.text.split())
        on_page = handout.page in {"aftercare.md", "side-effects.md"}
        assert text.count("Contact the clinic in opening hours if:") == (1 if on_page else 0), handout.file
        if on_page:
            assert (
                text.index("Non-urgent advice:")
                < text.index("Urgent advice:")
                < text.index("Immediate action required:")
            ), handout.file


def test_qr_code_on_the_first_page_opens_the_web_page(handouts):
    for handout in handouts:
        image = Image.open(ARTIFACTS / "handouts" / (Path(handout.file).stem + ".png"))
        codes = zxingcpp.read_barcodes(image)
        assert [code.text for code in codes] == [SITE_URL + handout.url], handout.file


def test_each_handout_page_links_to_its_pdf_and_the_list_page_lists_them_in_order(real_site, handouts):
    for handout in handouts:
        page = LexborHTMLParser(real_site.html(handout.url))
        link = page.css_first(".handout-link a[type='application/pdf']")
        assert link.text().strip() == "Printable handout (PDF)"
        assert (real_site.site / handout.url / link.attrs["href"]).resolve() == handout.pdf.resolve()
    listed = LexborHTMLParser(real_site.html("handouts/")).css("article a[href$='.pdf']")
    assert [link.attrs["href"] for link in listed] == [h.file for h in handouts]
    assert listed[0].text() == "Before your treatment: printable handout"


# Small sites -------------------------------------------------------------------------------------


def home_pdf(result: BuildResult) -> pypdf.PdfReader:
    return pypdf.PdfReader(result.site / "handouts" / "home.pdf")


def test_letter_paper_by_one_setting(build_temp_site):
    result = build_temp_site({"data/handouts.yml": "paper: letter\n" + HOME_HANDOUT})
    assert result.returncode == 0, result.output
    box = home_pdf(result).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == LETTER


def test_bad_settings_fail_with_file_line_and_did_you_mean(build_temp_site):
    result = build_temp_site({"data/handouts.yml": "paper: A5\nhandouts:\n  - page: indx.md\n    file: home.pdf\n"})
    assert result.returncode == 1
    assert "data/handouts.yml:1: unknown paper size 'A5'; use one of: a4, letter" in result.messages
    assert "data/handouts.yml:3: handout page 'indx.md' is not a page in docs/; did you mean 'index.md'?" in (
        result.output.splitlines()
    )
    assert "Traceback" not in result.output


def test_an_unchanged_handout_is_reused_and_a_changed_fact_is_printed(build_temp_site):
    first = build_temp_site({"data/handouts.yml": HOME_HANDOUT})
    assert first.returncode == 0, first.output
    assert "INFO    -  Handout handouts/home.pdf: 1 page, layout 'single', made" in first.output.splitlines()
    cached = next((first.root / ".cache" / "handouts" / "mkdocs").glob("home-*.pdf"))
    made_at = cached.stat().st_mtime_ns
    assert "3 to 6 sessions" in home_pdf(first).pages[0].extract_text()

    again = run_mkdocs(first.root)
    assert "INFO    -  Handout handouts/home.pdf: 1 page, layout 'single', reused from the cache" in (
        again.output.splitlines()
    )
    assert cached.stat().st_mtime_ns == made_at
    assert (again.site / "handouts" / "home.pdf").read_bytes() == cached.read_bytes()

    write_files(first.root, {"data/facts.yml": "course_sessions:\n  value: 4 to 8 sessions\n"})
    changed = run_mkdocs(first.root)
    assert "INFO    -  Handout handouts/home.pdf: 1 page, layout 'single', made" in changed.output.splitlines()
    text = home_pdf(changed).pages[0].extract_text()
    assert "4 to 8 sessions" in text and "3 to 6 sessions" not in text
    assert not cached.exists()  # the old version left the cache


def test_a_damaged_cached_handout_is_made_again_not_published(build_temp_site):
    first = build_temp_site({"data/handouts.yml": HOME_HANDOUT})
    assert first.returncode == 0, first.output
    cached = next((first.root / ".cache" / "handouts" / "mkdocs").glob("home-*.pdf"))
    whole = cached.read_bytes()
    cached.write_bytes(whole[:500])  # truncated, as a full disk or a killed copy leaves it

    again = run_mkdocs(first.root)
    assert again.returncode == 0, again.output
    assert "INFO    -  Handout handouts/home.pdf: 1 page, layout 'single', made" in again.output.splitlines()
    published = (again.site / "handouts" / "home.pdf").read_bytes()
    assert len(published) > 500 and published.rstrip().endswith(b"%%EOF")
    assert "3 to 6 sessions" in home_pdf(again).pages[0].extract_text()


def test_a_handout_longer_than_two_pages_is_a_warning_at_the_page(build_temp_site):
    key_points = '!!! abstract "Key points"\n\n    - Wash gently.\n    - Rinse well.\n    - Dry softly.\n\n'
    parts = "".join(f"## Part {n}\n\n" + "Wash your hair gently. " * 60 + "\n\n" for n in range(12))
    long_page = MINIMAL_PAGE.replace("# Demo\n\n", "# Demo\n\n" + key_points + parts)
    result = build_temp_site({"docs/index.md": long_page, "data/handouts.yml": HOME_HANDOUT})
    assert result.returncode == 1
    pages = len(home_pdf(result).pages)
    assert pages > 2
    assert result.messages == [
        f"docs/index.md:1: its printed handout handouts/home.pdf has {pages} pages, more than 2; shorten the page or remove it from data/handouts.yml (line 2)",
        "Aborted with 1 warnings in strict mode!",
    ]


def test_every_layout_tried_stays_cached_so_a_rebuild_renders_none(build_temp_site):
    key_points = '!!! abstract "Key points"\n\n    - Wash gently.\n    - Rinse well.\n    - Dry softly.\n\n'
    parts = "".join(f"## Part {n}\n\n" + "Wash your hair gently. " * 60 + "\n\n" for n in range(12))
    long_page = MINIMAL_PAGE.replace("# Demo\n\n", "# Demo\n\n" + key_points + parts)
    first = build_temp_site({"docs/index.md": long_page, "data/handouts.yml": HOME_HANDOUT})
    cache = first.root / ".cache" / "handouts" / "mkdocs"
    made = {path: path.stat().st_mtime_ns for path in cache.glob("home-*.pdf")}
    # single, split-tables, columns and compact: none fits on two pages, with the clinic details or without
    assert len(made) == 8

    again = run_mkdocs(first.root)
    assert "layout 'compact', reused from the cache" in again.output
    assert {path: path.stat().st_mtime_ns for path in cache.glob("home-*.pdf")} == made


def test_handouts_off_leaves_valid_placeholders(build_temp_site):
    result = build_temp_site({"data/handouts.yml": HOME_HANDOUT}, env={"HANDOUTS": "0"})
    assert result.returncode == 0, result.output
    assert (
        "INFO    -  Handouts: not made in this preview, 1 placeholder PDFs instead; set HANDOUTS=1 to make them"
        in result.output.splitlines()
    )
    reader = home_pdf(result)
    assert len(reader.pages) == 1
    assert "make build" in reader.pages[0].extract_text()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_mkdocs_serve_skips_the_pdfs_and_serves_placeholders(build_temp_site):
    # Not strict: the preview's own http://127.0.0.1 address is no concern of this test.
    built = build_temp_site({"data/handouts.yml": HOME_HANDOUT}, env={"HANDOUTS": "0"}, config={"strict": False})
    port = free_port()
    env = mkdocs_env()
    env.pop("HANDOUTS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=built.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        data = None
        for _ in range(240):  # the first build of the preview, then the server
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/exosomes/handouts/home.pdf", timeout=2) as reply:
                    data = reply.read()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        assert data is not None, "mkdocs serve did not serve the handout"
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert "make build" in reader.pages[0].extract_text()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Handouts: not made in this preview, 1 placeholder PDFs instead; set HANDOUTS=1 to make them" in output
    assert "Handout handouts/home.pdf" not in output


def test_a_very_long_word_wraps_and_a_character_no_font_has_is_an_error_at_its_line(build_temp_site):
    word = "hair" * 2500  # 10,000 characters without a break
    page = MINIMAL_PAGE.replace("# Demo\n\n", f"# Demo\n\nSmile 😀 after your 💉 session.\n\n{word}\n\n")
    result = build_temp_site({"docs/index.md": page, "data/handouts.yml": HOME_HANDOUT})
    pages = len(home_pdf(result).pages)  # 10,000 characters wrapped fill more than two sheets
    assert result.messages == [
        f"docs/index.md:1: its printed handout handouts/home.pdf has {pages} pages, more than 2; shorten the page or remove it from data/handouts.yml (line 2)",
        "docs/index.md:9: character '💉' (U+1F489) is in no installed font, so the printed handout handouts/home.pdf would show an empty box; write it in words or remove it",
        "Aborted with 2 warnings in strict mode!",
    ]
    text = "\n".join(page.extract_text() for page in home_pdf(result).pages).replace("\x00", "")
    assert squeeze(text).count("hair") >= 2490  # all printed (a page turn splits a few "hair"s)
    assert "😀" in text  # DejaVu Sans has it
    assert max(len(line) for line in text.splitlines()) < 150  # broken over many lines of the sheet


def test_a_handout_pushed_over_by_a_longer_clinic_name_blames_the_clinic_details_not_the_page(build_temp_site):
    key_points = '!!! abstract "Key points"\n\n    - Wash gently.\n    - Rinse well.\n    - Dry softly.\n\n'
    parts = "".join(f"## Part {n}\n\n" + "Wash your hair gently. " * 60 + "\n\n" for n in range(4))
    page = MINIMAL_PAGE.replace("# Demo\n\n", "# Demo\n\n" + key_points + parts)  # two pages as it is
    long_name = "Dalily Medical " + "Hair and Scalp Clinic of Greater London and the Home Counties " * 6
    clinic = (
        (PROJECT / "data" / "clinic.yml")
        .read_text(encoding="utf-8")
        .replace("  en: Dalily Medical", f"  en: {long_name}")
    )
    result = build_temp_site({"docs/index.md": page, "data/handouts.yml": HOME_HANDOUT, "data/clinic.yml": clinic})
    assert len(home_pdf(result).pages) == 3
    assert result.messages == [
        "data/clinic.yml:6: the clinic details push the printed handout handouts/home.pdf of docs/index.md to 3 pages, more than 2 (with shorter details it fits); shorten the details (the longest is 'name'), shorten the page, or remove the handout from data/handouts.yml (line 2)",
        "Aborted with 1 warnings in strict mode!",
    ]
