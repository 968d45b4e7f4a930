"""Printed patient handouts: print-only HTML built from a page's rendered article, and its PDF.

WeasyPrint never sees Material's CSS (its screen styles make WeasyPrint drop text): the handout is
a document of its own, from the theme template `overrides/handouts/handout.html`, holding the
article's HTML unchanged apart from absolute links. PDFs are cached by a hash of that HTML, so a
page that did not change is not rendered again. No MkDocs import here.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from markupsafe import Markup, escape
from selectolax.lexbor import LexborHTMLParser, LexborNode

from hooks.governance.status import ReviewStatus
from hooks.project.sitedata import CARE_CARD_KINDS

# PDF/UA-1: tagged, titled, with a language; WeasyPrint embeds (subsets of) the fonts it uses.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}
# Lists of at least this many items, each this short, print in two columns to save paper.
SHORT_LIST_ITEMS = 4
SHORT_ITEM = 44


class HandoutError(Exception):
    """A handout could not be made; the message says which and why."""


@dataclass(frozen=True)
class Article:
    """A page's rendered article, ready to print: its H1 (text and HTML), the HTML after the H1,
    and the care cards it holds."""

    title: str
    heading: str
    html: str
    care_cards: frozenset[str]


@dataclass(frozen=True, slots=True)
class HandoutPage:
    """What one handout prints, as plain values taken from the build."""

    article: Article
    url: str
    lang: str
    description: str | None = None
    review: ReviewStatus | None = None  # printed as on the page: signed, not yet reviewed, or changed since
    staff: bool = False  # a staff page's form: printed "Staff only"
    direction: str = "ltr"  # rtl for a right-to-left language
    words: Mapping[str, str] = field(default_factory=dict)  # the site's words (data/interface.yml)


@dataclass(frozen=True)
class RenderedPdf:
    """A handout PDF in the cache: where it is, how many pages it has, whether it was reused."""

    path: Path
    pages: int
    reused: bool


# Print HTML --------------------------------------------------------------------------------------


def prepare_article(html: str, page_url: str) -> Article:
    """The article as a handout prints it.

    Links become absolute (a PDF has no site around it), collapsed `<details>` are opened, and
    the care cards already on the page are noted so the handout adds only the missing ones.
    """
    tree = LexborHTMLParser(f"<body>{html}</body>")
    for link in tree.css("a[href]"):
        href = link.attrs.get("href") or ""
        if href.startswith("#"):
            continue
        target = urljoin(page_url, href)
        link.attrs["href"] = target
        if is_outside(target, page_url) and " ".join(link.text().split()) not in target:
            # On paper a link is only its words: print where it goes.
            link.attrs["class"] = " ".join(filter(None, [link.attrs.get("class"), "print-target"]))
    for details in tree.css("details"):
        details.attrs["open"] = ""
    for anchor in tree.css("a.headerlink"):
        anchor.decompose()
    for short_list in tree.css("ul"):
        items = short_list.css("li")
        if len(items) >= SHORT_LIST_ITEMS and all(len(item.text().strip()) <= SHORT_ITEM for item in items):
            short_list.attrs["class"] = " ".join(filter(None, [short_list.attrs.get("class"), "print-columns"]))
    for group in sibling_groups(tree.css(".care-card")):
        if len(group) > 1:
            wrapper = LexborHTMLParser(f'<div class="care-cards">{"".join(card.html or "" for card in group)}</div>')
            group[0].insert_before(wrapper.css_first("div.care-cards"))
            for card in group:
                card.decompose()
    cards = frozenset(kind for kind in CARE_CARD_KINDS if tree.css_first(f".care-card--{kind}") is not None)
    title, heading = "", ""
    h1 = tree.css_first("h1")
    if h1 is not None:
        title, heading = " ".join(h1.text().split()), h1.inner_html or ""
        h1.decompose()
    body = tree.body
    rest = (body.inner_html or "") if body is not None else html
    return Article(title=title, heading=heading, html=rest.strip(), care_cards=cards)


def sibling_groups(nodes: list[LexborNode]) -> list[list[LexborNode]]:
    """The nodes in runs of next-door siblings (only white space between them)."""
    groups: list[list[LexborNode]] = []
    for node in nodes:
        previous = node.prev
        while previous is not None and previous.is_text_node and not previous.text().strip():
            previous = previous.prev
        if groups and previous is not None and previous.mem_id == groups[-1][-1].mem_id:
            groups[-1].append(node)
        else:
            groups.append([node])
    return groups


def is_outside(target: str, page_url: str) -> bool:
    """Whether a link leaves the site (another host), as opposed to another page of it."""
    parts = urlsplit(target)
    return parts.scheme in {"http", "https"} and parts.netloc != urlsplit(page_url).netloc


@functools.lru_cache(maxsize=64)  # the same for every layout tried: about 15 ms each
def qr_code(url: str) -> str:
    """The URL as a QR code, an SVG data URI; medium error correction survives a crease or a stain."""
    import segno  # here, like pydyf: a build that reuses every PDF needs neither

    return segno.make_qr(url, error="m").svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


# The handout HTML holds what its QR code encodes, and which segno draws it, rather than the
# drawing: the cache key still changes with either, and a rebuild that reuses the PDF draws nothing.
QR_SOURCE = re.compile(r'src="qr:[^:"]*:([^"]*)"')


def qr_source(url: str) -> str:
    """The image source a handout holds until its PDF is made (see with_qr_codes)."""
    return f"qr:{version('segno')}:{url}"


def with_qr_codes(html: str) -> str:
    """The handout HTML with each QR code drawn, as WeasyPrint renders it."""
    return QR_SOURCE.sub(lambda match: f'src="{escape(qr_code(unescape(match[1])))}"', html)


def display_url(url: str) -> str:
    """A URL as printed: without the scheme, which nobody types."""
    return url.split("://", 1)[-1]


def handout_html(
    templates: jinja2.Environment,
    page: HandoutPage,
    *,
    clinic: Mapping[str, Any],
    missing_cards: str,
    paper: str,
    layout: str = "single",
    notice: str | None = None,
) -> str:
    """The whole print-only document of one handout, from the theme's handout template.

    `missing_cards` is the HTML of the care cards the page does not hold itself (placed by the
    same shortcodes as on the site), `paper` a CSS page size, `notice` the site's disclaimer.
    """
    return templates.get_template("handout.html").render(
        page=page,
        title=page.article.title,
        heading=Markup(page.article.heading),
        article=Markup(page.article.html),
        missing_cards=Markup(missing_cards),
        clinic=clinic,
        review=page.review,
        url_text=display_url(page.url),
        qr=qr_source(page.url),
        paper=paper,
        layout=layout,
        notice=notice,
        page_number=Markup(page_number_content(page.words["page_number"])),
    )


def page_number_content(text: str) -> str:
    """The CSS `content` of the page number, from the site's words: "Page {page} of {pages}" ->
    "Page " counter(page) " of " counter(pages). The words are CSS strings, escaped."""
    parts = []
    for piece in re.split(r"(\{pages?\})", text):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append('"' + re.sub(r'[\\"\n<>]', lambda m: f"\\{ord(m.group()):x} ", piece) + '"')
    return " ".join(parts)


# PDFs --------------------------------------------------------------------------------------------


def cache_key(html: str) -> str:
    """A hash of everything that decides a PDF's bytes: the print HTML (CSS included), the PDF
    options and the WeasyPrint version."""
    settings = json.dumps({"weasyprint": version("weasyprint"), **PDF_OPTIONS}, default=repr, sort_keys=True)
    return hashlib.sha256((settings + "\n" + html).encode("utf-8")).hexdigest()[:20]


def render_handout(html: str, *, name: str, cache_dir: Path, base_url: str) -> RenderedPdf:
    """The PDF of a handout's print HTML, from the cache when the same HTML was rendered before.

    The cache holds each PDF as `<name>-<hash>.pdf` with its page count and SHA-256 beside it in
    `<name>-<hash>.json`; a cached PDF whose bytes no longer match (truncated, damaged) is made
    again. Raises HandoutError when WeasyPrint fails; nothing half-written is left.
    """
    key = cache_key(html)
    stem = Path(name).stem
    pdf = cache_dir / f"{stem}-{key}.pdf"
    info = pdf.with_suffix(".json")
    pages = cached_pages(pdf, info)
    if pages is not None:
        return RenderedPdf(pdf, pages, reused=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Imported here: loading WeasyPrint takes about a second, and a build whose PDFs are all in
    # the cache does not need it.
    import weasyprint

    # Files and inline data only: a handout never waits for the network.
    local_only = weasyprint.URLFetcher(allowed_protocols={"file", "data"})
    try:
        document = weasyprint.HTML(string=with_qr_codes(html), base_url=base_url, url_fetcher=local_only).render(
            **PDF_OPTIONS
        )
        data = document.write_pdf(**PDF_OPTIONS)
    except Exception as error:  # WeasyPrint raises many kinds; the build reports one message
        raise HandoutError(f"{type(error).__name__}: {error}") from error
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise HandoutError("WeasyPrint wrote no complete PDF")
    with atomic_file(pdf) as partial:
        partial.write_bytes(data)
    record = {"pages": len(document.pages), "sha256": hashlib.sha256(data).hexdigest()}
    with atomic_file(info) as partial:
        partial.write_text(json.dumps(record), encoding="utf-8")
    return RenderedPdf(pdf, len(document.pages), reused=False)


def cached_pages(pdf: Path, info: Path) -> int | None:
    """The page count of a cached PDF whose bytes are those recorded beside it; None otherwise."""
    try:
        record = json.loads(info.read_text(encoding="utf-8"))
        data = pdf.read_bytes()
        if hashlib.sha256(data).hexdigest() != record["sha256"]:
            return None
        return int(record["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def prune_cache(cache_dir: Path, stems: Iterable[str], kept: Collection[Path]) -> list[Path]:
    """Remove the cached versions of these handouts that this build did not use; return them."""
    removed = []
    for stem in stems:
        for old in cache_dir.glob(f"{stem}-*.*"):
            if old not in kept and old.stem.rsplit("-", 1)[0] == stem:
                old.unlink(missing_ok=True)
                removed.append(old)
    return sorted(removed)


def publish(source: Path | bytes, target: Path) -> None:
    """Put a PDF (a file, or bytes) at `target` in one step: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(target) as partial:
        partial.write_bytes(source if isinstance(source, bytes) else source.read_bytes())


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it only if the block succeeds."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        partial.chmod(0o644)  # mkstemp makes it private; a web server must be able to read it
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def placeholder_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A small valid one-page PDF saying why the real handout is not there (e.g. in a preview)."""
    import pydyf

    document = pydyf.PDF()
    document.info["Title"] = pydyf.String(title)
    font = pydyf.Dictionary(
        {"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica", "Encoding": "/WinAnsiEncoding"}
    )
    document.add_object(font)
    text = pydyf.Stream()
    text.begin_text()
    text.set_font_size("F1", 14)
    text.set_text_matrix(1, 0, 0, 1, 56, 780)
    for line in [title, "", *lines]:
        text.show_text_string(line)
        text.move_text_to(0, -22)
    text.end_text()
    document.add_object(text)
    page = pydyf.Dictionary(
        {
            "Type": "/Page",
            "Parent": document.pages.reference,
            "MediaBox": pydyf.Array([0, 0, 595, 842]),
            "Contents": text.reference,
            "Resources": pydyf.Dictionary({"Font": pydyf.Dictionary({"F1": font.reference})}),
        }
    )
    document.add_page(page)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()
