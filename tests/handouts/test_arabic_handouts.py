"""The Arabic handouts of the real build (site/ar/handouts/): right to left in an embedded Arabic
font, tagged as Arabic, each on one or two sheets, with text that reads back as Arabic letters and
a QR code that opens the Arabic page. First pages are kept as PNG for review."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
import yaml
import zxingcpp
from conftest import ARTIFACTS, PROJECT, BuildResult
from PIL import Image

pytestmark = pytest.mark.slow

SETTINGS = yaml.safe_load((PROJECT / "data" / "handouts.yml").read_text(encoding="utf-8"))
SITE_URL = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
ARABIC_LETTERS = re.compile("[\u0621-\u064a]")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def first_heading(page: str) -> str:
    """The Arabic page's title, as its Markdown writes it (without its id)."""
    text = (PROJECT / "docs" / "ar" / page).read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    return re.sub(r"\s*\{[^}]*\}\s*$", "", heading[2:]).strip()


def url_of(page: str) -> str:
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem + "/"


@pytest.fixture(scope="module")
def arabic_handouts(real_site: BuildResult) -> list[tuple[dict, Path, pypdf.PdfReader]]:
    assert real_site.returncode == 0, real_site.output
    artifacts = ARTIFACTS / "handouts-ar"
    artifacts.mkdir(parents=True, exist_ok=True)
    found = []
    for entry in SETTINGS["handouts"]:
        pdf = real_site.site / "ar" / "handouts" / entry["file"]
        png = artifacts / Path(entry["file"]).with_suffix("").name
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, png], check=True)
        found.append((entry, pdf, pypdf.PdfReader(pdf)))
    return found


def test_every_arabic_handout_fits_its_sheets_and_is_tagged_arabic(arabic_handouts):
    for entry, pdf, reader in arabic_handouts:
        assert 1 <= len(reader.pages) <= entry.get("max_pages", 2), pdf.name
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "ar", pdf.name
        assert "/StructTreeRoot" in root, pdf.name  # tagged


def test_the_arabic_font_is_embedded(arabic_handouts):
    for _, pdf, _ in arabic_handouts:
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
        arabic = [line for line in fonts.splitlines() if "Noto-Sans-Arabic" in line]
        assert arabic and all(" yes yes yes " in line for line in arabic), fonts


def test_the_text_reads_back_as_arabic_letters_with_the_title_and_review_status(arabic_handouts):
    for entry, pdf, reader in arabic_handouts:
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert len(ARABIC_LETTERS.findall(text)) > 500, pdf.name
        assert not PRESENTATION_FORMS.search(text), pdf.name  # letters, not glyph forms
        for word in first_heading(entry["page"]).split():  # Latin words of a title (PRP) may move in bidi text
            assert word in text, (pdf.name, word)
        assert "لم يراجعها طبيب بعد" in text, pdf.name
        pages = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):  # "صفحة 1 من 2", read in any order
            footer = page.extract_text()
            assert "صفحة" in footer and str(number) in footer and str(pages) in footer, pdf.name


def test_the_qr_code_opens_the_arabic_page(arabic_handouts):
    for entry, pdf, _ in arabic_handouts:
        image = Image.open(ARTIFACTS / "handouts-ar" / (Path(entry["file"]).stem + ".png"))
        codes = [code.text for code in zxingcpp.read_barcodes(image)]
        assert codes == [SITE_URL + "ar/" + url_of(entry["page"])], pdf.name
