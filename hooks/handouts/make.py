"""Making the handouts of one build: each in the first layout that fits on two sheets, the care
cards a page lacks added, the cache of PDFs kept to what the build used. No MkDocs import here."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape

from hooks.core.problems import Problem, Source, line_at
from hooks.handouts.pdf import HandoutError, HandoutPage, RenderedPdf, handout_html, placeholder_pdf, render_handout
from hooks.project.handouts import Handout, HandoutSettings
from hooks.project.sitedata import HANDOUT_CARE_CARD_KINDS

# Layouts tried in turn until a handout fits on its most sheets (max_pages): one column with whole tables,
# then tables split between rows, then two columns, then two columns with less space between
# blocks (overrides/handouts/handout-style.html).
LAYOUTS = ("single", "split-tables", "columns", "compact")
# The data file of the clinic details every handout prints on top and in its running footer.
CLINIC = "data/clinic.yml"


@functools.cache
def placeholder() -> bytes:
    """The PDF a preview links to instead of a handout it did not make."""
    return placeholder_pdf(
        "Printable handout",
        [
            "This preview does not make the printed handouts, so it stays fast.",
            "Run `make build` (or `HANDOUTS=1 mkdocs serve`) to make them.",
        ],
    )


@dataclass
class Handouts:
    """The handouts of one build: their settings, then each page's print content as it is rendered."""

    settings: HandoutSettings
    templates: jinja2.Environment
    pages: dict[str, HandoutPage] = field(default_factory=dict)
    cards: dict[tuple[str, ...], str] = field(default_factory=dict)  # the HTML of the missing cards
    # The handouts (by page) too long only because of the clinic details: they fit with short ones.
    crowded_by_clinic: set[str] = field(default_factory=set)

    def make(
        self,
        handout: Handout,
        *,
        clinic: Mapping[str, Any],
        notice: str | None,
        cache: Path,
        base_url: str,
        care_cards_html: Callable[[tuple[str, ...]], str],
        kept: set[Path],
    ) -> tuple[RenderedPdf, str]:
        """The PDF of one handout in the first layout that fits on its most sheets (else the last).

        Every layout tried is added to `kept`: pruning those that did not fit would render them
        again on every rebuild. Raises HandoutError naming the data file line of the handout.
        """
        page = self.pages.get(handout.page)
        if page is None:
            raise HandoutError(
                f"{self.settings.path}:{handout.line}: page '{handout.page}' was not built, so its handout cannot be made; check the page is not excluded"
            )
        # A staff form gets no patient care cards: the page places what it needs.
        kinds = () if handout.staff else HANDOUT_CARE_CARD_KINDS
        missing = tuple(kind for kind in kinds if kind not in page.article.care_cards)
        if missing not in self.cards:
            self.cards[missing] = care_cards_html(missing) if missing else ""
        cards = self.cards[missing]
        rendered, layout = self.first_fit(handout, page, cards, clinic, notice, cache, base_url, kept)
        if rendered.pages > handout.max_pages:
            # Would the page fit with one-letter clinic details, wherever it prints them? Then a
            # change of data/clinic.yml, not of the page, pushed it over (more renders, only for a
            # handout already too long).
            details = [str(value) for value in clinic_texts(clinic) if len(str(value)) > 1]
            short_page = replace(
                page,
                article=replace(
                    page.article,
                    html=without(page.article.html, details),
                    heading=without(page.article.heading, details),
                ),
            )
            short_cards = without(cards, details)
            short, _ = self.first_fit(
                handout, short_page, short_cards, shortened(clinic), notice, cache, base_url, kept
            )
            if short.pages <= handout.max_pages:
                self.crowded_by_clinic.add(handout.page)
        return rendered, layout

    def first_fit(
        self,
        handout: Handout,
        page: HandoutPage,
        cards: str,
        clinic: Mapping[str, Any],
        notice: str | None,
        cache: Path,
        base_url: str,
        kept: set[Path],
    ) -> tuple[RenderedPdf, str]:
        """The PDF in the first layout that fits on its most sheets (else the last), each kept."""
        for layout in LAYOUTS:
            html = handout_html(
                self.templates,
                page,
                clinic=clinic,
                missing_cards=cards,
                paper=self.settings.css_page_size,
                layout=layout,
                notice=notice,
            )
            try:
                rendered = render_handout(html, name=handout.file, cache_dir=cache, base_url=base_url)
            except HandoutError as error:
                raise HandoutError(
                    f"{self.settings.path}:{handout.line}: handout '{handout.file}' failed: {error}"
                ) from None
            kept.update({rendered.path, rendered.path.with_suffix(".json")})
            if rendered.pages <= handout.max_pages:
                break
        return rendered, layout

    def too_long(
        self, handout: Handout, rendered: RenderedPdf, *, page_path: str, data_sources: Sequence[Source]
    ) -> Problem | None:
        """The problem of a handout longer than its most sheets, where an editor can fix it: on the
        clinic details when only they push it over, else on the first line of its page."""
        problem = too_long(handout, rendered, page_path=page_path, settings_path=self.settings.path)
        clinic = next((source for source in data_sources if source.path == CLINIC), None)
        if problem is None or handout.page not in self.crowded_by_clinic or clinic is None:
            return problem
        line, key = longest_detail(clinic)
        return Problem(
            CLINIC,
            line,
            f"the clinic details push the printed handout {handout.src_uri} of {page_path} to {sheets(rendered.pages)}, "
            f"more than {handout.max_pages} (with shorter details it fits); shorten the details (the longest is '{key}'), "
            f"shorten the page, or remove the handout from {self.settings.path} (line {handout.line})",
        )


def clinic_texts(details: Any) -> list[str]:
    """Every text of the clinic details, longest first (so a long one is replaced before its parts)."""
    if isinstance(details, Mapping):
        return sorted((text for value in details.values() for text in clinic_texts(value)), key=len, reverse=True)
    return [details] if isinstance(details, str) else []


def without(html: str, texts: Sequence[str]) -> str:
    """`html` with each of `texts` (as written in HTML) one letter long."""
    for text in texts:
        html = html.replace(str(escape(text)), "X").replace(text, "X")
    return html


def shortened(details: Any) -> Any:
    """Clinic details of the same shape, every text one letter: what the page needs without them."""
    if isinstance(details, Mapping):
        return {key: shortened(value) for key, value in details.items()}
    return "X" if isinstance(details, str) else details


# A key that names a language of a translated value ("en:", "ar:").
LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}$")


def longest_detail(clinic: Source) -> tuple[int, str]:
    """The line and key of the longest detail written in data/clinic.yml: the likeliest to shorten
    ('emergency.place'; a text in one language of a translated detail is the detail's)."""
    found = []
    parents: list[tuple[int, str]] = []  # the keys above this line, with their indentation
    for m in re.finditer(r"(?m)^(?P<indent>[ \t]*)(?P<key>\w+):[ \t]*(?P<value>[^#\s].*)?$", clinic.text):
        indent = len(m["indent"])
        while parents and parents[-1][0] >= indent:
            parents.pop()
        if m["value"] is None:
            parents.append((indent, m["key"]))
            continue
        keys = [key for _, key in parents] + ([] if LANGUAGE_KEY.match(m["key"]) and parents else [m["key"]])
        found.append((len(m["value"]), m.start("value"), ".".join(keys)))
    if not found:
        return 1, "name"
    _, offset, key = max(found, key=lambda item: (item[0], -item[1]))
    return line_at(clinic.text, offset), key


def too_long(handout: Handout, rendered: RenderedPdf, *, page_path: str, settings_path: str) -> Problem | None:
    """The problem of a handout longer than its most sheets, on the first line of its page."""
    if rendered.pages <= handout.max_pages:
        return None
    return Problem(
        page_path,
        1,
        f"its printed handout {handout.src_uri} has {sheets(rendered.pages)}, more than {handout.max_pages}; "
        f"shorten the page or remove it from {settings_path} (line {handout.line})",
    )


def sheets(pages: int) -> str:
    """'1 page', '2 pages'."""
    return f"{pages} page" if pages == 1 else f"{pages} pages"


def page_folder(page: str, *, directory_urls: bool) -> str:
    """The folder of the site a page's HTML is in (a path in docs/), so relative image paths resolve."""
    stem = page.removesuffix(".md")
    if not directory_urls or stem == "index" or stem.endswith("/index"):
        return os.path.dirname(stem)
    return stem


def should_make_pdfs(preview: bool, requested: str | None) -> bool:
    """Whether this build makes the real PDFs: not in a preview, so it stays fast, unless
    HANDOUTS=1; HANDOUTS=0 skips them in any build."""
    if requested is not None and requested.strip() != "":
        return requested.strip().lower() not in {"0", "no", "false", "off"}
    return not preview
