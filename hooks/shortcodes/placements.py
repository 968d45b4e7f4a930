"""What each `<!-- md:NAME -->` places on a page: tables, facts, clinic details, care cards, citations.

Handlers are built per page from the loaded data and the theme's marker templates
(`overrides/markers/*.html`). Pure: no MkDocs import; tested directly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup, escape

from hooks.core.markdown import Spans
from hooks.core.problems import Problem, suggest
from hooks.core.templates import fill
from hooks.pages.text import plain_inline
from hooks.project.rules import ABBREVIATION
from hooks.project.sitedata import Located, SiteData, Table
from hooks.shortcodes.grammar import (
    Handler,
    Marker,
    MarkerError,
    Placement,
    expand_markers,
    join_placements,
    place_markers,
)

# A Markdown link target written relative to docs/: `](page.md#anchor)`.
RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/|#)(?P<target>[^)\s]+)")
CLINIC_FIELDS = (
    "name",
    "phone",
    "email",
    "address",
    "hours",
    "emergency-number",
    "emergency-place",
    "out-of-hours-name",
    "out-of-hours-number",
    "price",
)
# A table of this many columns or more is wide: on a phone each row shows as a card (clinic.css).
CARD_COLUMNS = 3


@dataclass
class Usage:
    """What the pages of one build placed: the tables and facts (to warn about unused data), and
    each data cell as rendered, so the pages that place the same table do not render it again."""

    tables: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)
    protocol: set[str] = field(default_factory=set)
    cells: dict[tuple[str, str, int, int], tuple[Markup, list[Problem]]] = field(default_factory=dict)


@dataclass
class PageContext:
    """What the handlers of one page share: its display path, depth in docs/, citations, problems."""

    path: str
    depth: int = 0
    cited: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def relink(markdown: str, depth: int) -> str:
    """Make links written relative to docs/ work from a page `depth` folders down."""
    if depth == 0:
        return markdown
    return RELATIVE_LINK.sub(lambda m: "](" + "../" * depth + m["target"], markdown)


def dial(number: str) -> str:
    """A `tel:` URI from a number as people write it."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def split_list(value: str | None) -> list[str] | None:
    """`rows="a, b"` as ['a', 'b']; None when the option is absent."""
    if value is None:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


class Placements:
    """The handlers of one page, closing over the build's data, templates and usage record."""

    def __init__(self, data: SiteData, templates: jinja2.Environment, usage: Usage, page: PageContext) -> None:
        self.data = data
        self.templates = templates
        self.usage = usage
        self.page = page

    def handlers(self) -> dict[str, Handler]:
        """NAME -> handler: the one registry later features extend."""
        return {
            "table": self.table,
            "fact": self.fact,
            "clinic": self.clinic,
            "care-card": self.care_card,
            "cite": self.cite,
            "regulation": self.regulation,
            "glossary": self.glossary,
            "protocol": self.protocol,
            "competencies": self.competencies,
            "checklist": self.checklist,
        }

    # Facts -------------------------------------------------------------------------------------

    def fact_value(self, key: str) -> str:
        """The escaped value of a fact, recorded as used."""
        if key not in self.data.facts:
            raise MarkerError(f"unknown fact '{key}'{suggest(key, self.data.facts)}")
        self.usage.facts.add(key)
        return str(escape(self.data.facts[key].value))

    def fact(self, marker: Marker) -> str:
        marker.check_options([])
        return self.fact_value(marker.only_word("key"))

    # Tables ------------------------------------------------------------------------------------

    def table(self, marker: Marker) -> str:
        marker.check_options(["rows", "columns"])
        table_id = marker.only_word("id")
        table = self.data.tables.get(table_id)
        if table is None:
            raise MarkerError(f"unknown table '{table_id}'{suggest(table_id, self.data.tables)}")
        rows = pick("row", split_list(marker.options.get("rows")), table.rows, table_id)
        columns = pick("column", split_list(marker.options.get("columns")), table.columns, table_id)
        self.usage.tables.add(table_id)
        return self.render_table(table, rows, columns, marker.line)

    def render_table(self, table: Table, rows: list[str], columns: list[str], line: int) -> str:
        """The table as md_in_html markup: caption, column headers, first column as row headers; a
        wide one also labels each cell with its column heading, for a phone to show it as cards."""
        caption = self.cell(Located(table.caption, table.path, 1))
        labels = [plain_inline(table.columns[column]) for column in columns[1:]]
        cells = [[self.cell(table.rows[row][column]) for column in columns] for row in rows]
        html = self.templates.get_template("table.html").render(
            caption_id=f"table-{table.id}-{line}",
            caption=caption,
            headings=[escape(table.columns[column]) for column in columns],
            cards=len(columns) >= CARD_COLUMNS,
            # Each row: its heading (the first column), then each other cell with its column's label.
            rows=[(heading, list(zip(rest, labels, strict=True))) for heading, *rest in cells],
        )
        # Blank lines before and after: Markdown reads the block as HTML only on its own.
        return "\n\n" + html.strip() + "\n\n"

    def cell(self, text: Located) -> Markup:
        """A data cell: HTML escaped, facts placed, links made relative to this page."""
        key = (text.value, text.path, text.line, self.page.depth)
        rendered = self.usage.cells.get(key)
        if rendered is None:
            expanded, problems = expand_markers(
                text.value,
                {"fact": self.fact},
                path=text.path,
                first_line=text.line,
                literal=lambda part: str(escape(part)),
            )
            rendered = self.usage.cells[key] = (Markup(relink(expanded, self.page.depth)), problems)
        self.page.problems.extend(rendered[1])
        return rendered[0]

    # Clinic details and care cards -------------------------------------------------------------

    def clinic_field(self, name: str, *, link: bool = True) -> str:
        """A clinic detail as inline Markdown: numbers and the email address as links, unless `link`
        is false (a heading holds no link)."""
        clinic = self.data.clinic
        route = clinic.get("out_of_hours") or {}
        if name.startswith("out-of-hours") and not route:
            raise MarkerError("data/clinic.yml has no out_of_hours; add it with its name and number")
        texts = {
            "name": clinic["name"],
            "phone": clinic["phone"],
            "email": clinic["email"],
            "address": clinic["address"],
            "hours": clinic["hours"],
            "emergency-number": clinic["emergency"]["number"],
            "emergency-place": clinic["emergency"]["place"],
            "out-of-hours-name": route.get("name", ""),
            "out-of-hours-number": route.get("number", ""),
            "price": clinic.get("price") or self.data.interface["ask_for_price"],
        }
        targets = {
            "phone": dial(clinic["phone"]),
            "email": f"mailto:{clinic['email']}",
            "emergency-number": dial(clinic["emergency"]["number"]),
            "out-of-hours-number": dial(route.get("number", "")),
        }
        text = str(escape(texts[name]))
        if name in targets and self.data.direction == "rtl":
            # A number or an address reads left to right inside right-to-left text, in one piece:
            # isolated by Unicode's own marks (LRI ... PDI), which the browser and the PDF renderer
            # both honour (WeasyPrint does not isolate a <span dir> inside a link).
            text = f"\u2066{text}\u2069"
        return f"[{text}]({targets[name]})" if link and name in targets else text

    def clinic(self, marker: Marker, *, link: bool = True) -> str:
        marker.check_options([])
        name = marker.only_word("field")
        if name not in CLINIC_FIELDS:
            raise MarkerError(f"unknown clinic detail '{name}'{suggest(name, CLINIC_FIELDS)}")
        return self.clinic_field(name, link=link)

    def care_card(self, marker: Marker) -> str:
        """A "When to get help" card of data/care-cards.yml, in the NHS pattern."""
        marker.check_options([])
        kind = marker.only_word("kind")
        card = self.data.care_cards.get(kind)
        if card is None:
            raise MarkerError(f"unknown care card '{kind}'{suggest(kind, self.data.care_cards)}")
        html = self.templates.get_template("care-card.html").render(
            kind=kind,
            prefix=self.data_text(card.prefix, links=False),
            heading=self.data_text(card.heading, links=False),
            items=[self.cell(item) for item in card.items],
            action=self.data_text(card.action),
        )
        return "\n\n" + html.strip() + "\n\n"

    def data_text(self, text: Located, *, links: bool = True) -> Markup:
        """A text of a data file placed as it is (a care card's heading, a sentence on regulation):
        escaped, with facts and clinic details placed (as plain text when `links` is false)."""
        expanded, problems = expand_markers(
            text.value,
            {"fact": self.fact, "clinic": lambda marker: self.clinic(marker, link=links)},
            path=text.path,
            first_line=text.line,
            literal=lambda part: str(escape(part)),
        )
        self.page.problems.extend(problems)
        return Markup(relink(expanded, self.page.depth))

    def words(self, key: str, **values: str) -> str:
        """A text of data/interface.yml in the build's language (escaped), its {fields} filled with
        `values` (escaped by the caller)."""
        return fill(self.data.interface[key], values)

    # The regulator and reporting scheme of the clinic's country -------------------------------

    def regulation(self, marker: Marker) -> str:
        """A name (country, regulator, scheme) or a sentence of data/regulators.yml for the clinic's
        country, a sentence followed by the citation of the reference it names."""
        marker.check_options([])
        word = marker.only_word("word")
        regulation = self.data.regulation
        if regulation is None:
            raise MarkerError("no regulator is known for the clinic; set 'country' in data/clinic.yml")
        text = regulation.texts.get(word)
        if text is None:
            raise MarkerError(f"unknown regulation text '{word}'{suggest(word, regulation.texts)}")
        placed = str(self.data_text(text.text))
        return placed + self.citation(text.cites) if text.cites else placed

    # Staff: protocol values, competencies, checklists ----------------------------------------

    def protocol(self, marker: Marker) -> str:
        """The clinic's value, or a marked "To be set by the clinic" while it is a placeholder."""
        marker.check_options([])
        key = marker.only_word("key")
        protocol = self.data.staff.protocol
        if key not in protocol:
            raise MarkerError(f"unknown protocol value '{key}'{suggest(key, protocol)}")
        self.usage.protocol.add(key)
        item = protocol[key]
        if item.value is not None:
            return str(escape(item.value))
        return str(self.templates.get_template("protocol-placeholder.html").render(item=item)).strip()

    def competencies(self, marker: Marker) -> str:
        """The onboarding competency record as a table, with blank cells to sign."""
        marker.check_options([])
        if marker.words:
            raise MarkerError("'md:competencies' takes no words; write <!-- md:competencies -->")
        staff = self.data.staff
        if not staff.competencies:
            raise MarkerError(f"{staff.competencies_path} is missing or empty; create it or remove the marker")
        html = self.templates.get_template("competencies.html").render(
            caption_id=f"competencies-{marker.line}", competencies=staff.competencies
        )
        return "\n\n" + html.strip() + "\n\n"

    def checklist(self, marker: Marker) -> str:
        """Makes the page's task lists tickable in the browser (docs/assets/checklists.js)."""
        marker.check_options([])
        if marker.words:
            raise MarkerError("'md:checklist' takes no words; write <!-- md:checklist -->")
        return "\n\n" + self.templates.get_template("checklist.html").render().strip() + "\n\n"

    # Citations ---------------------------------------------------------------------------------

    def cite(self, marker: Marker) -> str:
        marker.check_options([])
        reference = marker.only_word("id")
        if reference not in self.data.references:
            raise MarkerError(f"unknown reference '{reference}'{suggest(reference, self.data.references)}")
        return self.citation(reference)

    def citation(self, reference: str) -> str:
        """The numbered citation of a reference, listed under the page's Sources."""
        if reference not in self.page.cited:
            self.page.cited.append(reference)
        number = self.page.cited.index(reference) + 1
        title = self.words("source_number", number=str(number))
        return f'<sup class="citation">[<a href="#ref-{reference}" title="{title}">{number}</a>]</sup>'

    def reference_list(self) -> str:
        """The 'Sources' section for the references this page cited, or nothing."""
        if not self.page.cited:
            return ""
        references = [{"id": ref, **self.data.references[ref]} for ref in self.page.cited]
        html = self.templates.get_template("references.html").render(references=references)
        return f"\n\n## {self.words('sources')} {{#sources}}\n\n" + html.strip() + "\n"

    # Glossary ----------------------------------------------------------------------------------

    def abbreviations(self) -> str:
        """`*[PRP]: meaning` lines for the abbr extension: every page explains every abbreviation."""
        lines = [
            f"*[{term}]: {' '.join(meaning.split())}"
            for term, meaning in self.data.glossary.items()
            if ABBREVIATION.match(term)
        ]
        return "\n\n" + "\n".join(lines) + "\n" if lines else ""

    def glossary(self, marker: Marker) -> str:
        """Every term of the glossary with its meaning, under its first letter."""
        marker.check_options([])
        if marker.words:
            raise MarkerError("'md:glossary' takes no words; write <!-- md:glossary -->")
        sections = glossary_sections(self.data.glossary, self.data.glossary_sources)
        html = self.templates.get_template("glossary.html").render(sections=sections)
        return "\n\n" + html.strip() + "\n\n"


def unused_data(data: SiteData, usage: Usage) -> list[Problem]:
    """The tables and facts no page of the build placed: stale data an editor should place or remove."""
    problems = [
        Problem(
            data.tables[table].path,
            1,
            f"table '{table}' is not used by any page; place it with <!-- md:table {table} --> or delete the file",
        )
        for table in sorted(set(data.tables) - usage.tables)
    ]
    for fact in sorted(set(data.facts) - usage.facts):
        located = data.facts[fact]
        problems.append(
            Problem(
                located.path,
                located.line,
                f"fact '{fact}' is not used by any page; place it with <!-- md:fact {fact} --> or remove it",
            )
        )
    for key, item in sorted(data.staff.protocol.items()):
        if key not in usage.protocol:
            problems.append(
                Problem(
                    item.path,
                    item.line,
                    f"protocol value '{key}' is not used by any page; place it with <!-- md:protocol {key} --> or remove it",
                )
            )
    return problems


def pick(kind: str, wanted: list[str] | None, available: dict[str, object], table_id: str) -> list[str]:
    """The rows or columns a marker asked for, in its order; all of them when it asked for none."""
    if wanted is None:
        return list(available)
    for name in wanted:
        if name not in available:
            raise MarkerError(f"table '{table_id}' has no {kind} '{name}'{suggest(name, available)}")
    if not wanted:
        raise MarkerError(f"'{kind}s' of table '{table_id}' is empty; list {kind} ids separated by commas")
    return wanted


@dataclass(frozen=True)
class PlacedPage:
    """A page's Markdown with its markers placed and its sources and abbreviations appended; what
    each marker placed, where; and the problems found."""

    markdown: str
    placements: list[Placement]
    problems: list[Problem]


def place_page(
    markdown: str,
    data: SiteData,
    templates: jinja2.Environment,
    usage: Usage,
    page: PageContext,
    *,
    first_line: int = 1,
    extra_handlers: Mapping[str, Handler] | None = None,
    code: Spans | None = None,
) -> PlacedPage:
    """Place every marker of a page, then append its sources and abbreviations."""
    placer = Placements(data, templates, usage, page)
    handlers = placer.handlers() | dict(extra_handlers or {})
    placements, problems = place_markers(markdown, handlers, path=page.path, first_line=first_line, code=code)
    text = join_placements(markdown, placements) + placer.reference_list() + placer.abbreviations()
    return PlacedPage(text, placements, sorted(problems + page.problems, key=lambda p: (p.path, p.line)))


# The glossary page (md:glossary) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One glossary term as the glossary page shows it."""

    term: str
    meaning: str
    anchor: str


def term_anchor(term: str) -> str:
    """The id of a term on the glossary page: 'dermal papilla' -> 'term-dermal-papilla'."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


# Letters a glossary files under another: the forms of alif with hamza or madda under alif.
SAME_LETTER = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا"})


def glossary_sections(
    glossary: Mapping[str, str], sources: Mapping[str, str] | None = None
) -> list[tuple[str, list[Entry]]]:
    """The terms in alphabetical order (ignoring case), grouped under their first letter; each
    term's id from its source-language term (`sources`), the same in every edition."""
    sources = sources or {}
    sections: dict[str, list[Entry]] = {}
    for term in sorted(glossary, key=lambda t: (t.casefold().translate(SAME_LETTER), t)):
        entry = Entry(term, " ".join(glossary[term].split()), term_anchor(sources.get(term, term)))
        sections.setdefault(term[0].upper().translate(SAME_LETTER), []).append(entry)
    return list(sections.items())


__all__ = ["PageContext", "PlacedPage", "Placements", "Usage", "place_page"]
