"""The site's security headers, from its built pages: a Content-Security-Policy that runs no inline
script but the theme's own (allowed by their sha256 hashes) and applies no inline style, and the
other headers a web server adds to every response.

The theme's inline scripts (Material's `base.html` and `overrides/`) are those outside the page's
content (`article.md-content__inner`) that every page of the build has, byte for byte. Anything
else the policy would block is a build error on the line of the Markdown page that wrote it: an
inline script, a `<style>` element, a `style` attribute, an `on...` event handler attribute, a
`javascript:` URL.

The headers are written into the built site twice: `_headers` for Netlify and Cloudflare Pages, and
`_headers.nginx.conf` for an nginx `include`. No MkDocs import: the hook file reads each page as it
is built (read_inline), judges them all and writes the headers at the end of the build; `make
check` judges a built folder.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from hooks.core.problems import Problem, Source

# Material puts the page's own content in this element; everything around it is the theme's.
CONTENT = "article.md-content__inner"
# The file names of the headers in the built site: Netlify and Cloudflare Pages read `_headers` at
# its root; the nginx include starts the same way, so one server rule hides both.
NETLIFY_FILE = "_headers"
NGINX_FILE = "_headers.nginx.conf"
# `type` values that make a <script> run; any other (application/json, Material's __config) is data.
SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/ecmascript"})
# Attributes whose value a browser follows as a URL, where `javascript:` would run code.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background")
# Those the link check reads, and refuses a javascript: URL in.
LINK_CHECKED = frozenset({"href", "src"})
URL_ELEMENTS = ", ".join("[" + name.replace(":", "\\:") + "]" for name in URL_ATTRIBUTES)
# Where an event handler attribute may be in raw HTML: only then are all elements walked.
MAYBE_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.I)
HANDLER = re.compile(r"on[a-z]+")
# The quick scan of raw HTML (lower-cased): what a page needs to hold any of those, however written.
# A browser drops tabs and newlines anywhere in a URL, and letters can be character references.
# The scan reads the page's UTF-8 bytes with ASCII letters lower-cased, as HTML reads tag and
# attribute names and URL schemes (lower-casing the whole text as Unicode took longer than the rest).
RAW_JAVASCRIPT = re.compile(
    b"[\t\n\r]*".join(bytes([c]) for c in b"javascript") + b"[\t\n\r]*[:&]"
)  # ':' written, or as a reference
RAW_HANDLER = re.compile(rb"on[a-z]+\s*=")
BEFORE_ATTRIBUTE = frozenset(b" \t\n\r\f\"'/")
RAW_STYLE_ATTRIBUTE = re.compile(rb"style\s*=")
# (A reference to a quote mark, as escaping writes them, spells no letter: it is not counted.)
RAW_REFERENCES = (b"&#", b"&tab;", b"&newline;")
QUOTE_REFERENCES = (b"&#39;", b"&#34;")
RAW_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)
# Every <script, </script and <style of the raw text, found in one pass (three took twice as long).
RAW_TAGS = re.compile(rb"<(?:/?script|style)")
RAW_SRC = re.compile(r"(?:^|\s)src\s*=", re.I)
RAW_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# A browser ignores tabs and newlines anywhere in a URL, and spaces and controls around it.
URL_IGNORED = re.compile(r"[\t\n\r]")
JAVASCRIPT_URL = re.compile(r"^[\x00-\x20]*javascript:", re.I)

THE_POLICY_RUNS_NO_INLINE_SCRIPT = "the Content-Security-Policy lets no inline script run"
THE_POLICY_APPLIES_NO_INLINE_STYLE = "the Content-Security-Policy applies no inline style"


# ----------------------------------------------------------------------------------------------
# What a page has inline
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inline:
    """One thing in a built page that the policy blocks, unless it is one of the theme's scripts.

    `kind` is 'script', 'style element', 'style attribute', 'event handler' or 'javascript URL';
    `tag` the element's name, `attribute` the attribute's; `script_hash` the CSP source of a script.
    """

    kind: str
    tag: str
    attribute: str = ""
    script_hash: str = ""
    in_content: bool = True


def script_hash(text: str) -> str:
    """The CSP source that allows an inline script with exactly this text: 'sha256-…'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def runs(script: LexborNode) -> bool:
    """Whether a <script> element is inline code a browser runs (not a file, not a data block)."""
    attributes = script.attributes
    return "src" not in attributes and (attributes.get("type") or "").strip().lower() in SCRIPT_TYPES


def find_inline(html: str, encoded: bytes | None = None) -> list[Inline]:
    """Every inline script, style, event handler and `javascript:` URL of a page, by kind, each kind
    in the order of the page (`encoded`: its UTF-8, if the caller has it)."""
    quick = quick_scan(html, encoded)
    return quick if quick is not None else parsed_scan(html)


def quick_scan(html: str, encoded: bytes | None = None) -> list[Inline] | None:
    """What `parsed_scan` finds, from the raw text of a page that has nothing but plain scripts
    outside its content; None for any other page (then it is parsed). A page of the site is one of
    those, and this is five times as quick as parsing it. `encoded` is the page's UTF-8 (with
    surrogates passed), if the caller has it."""
    lowered = (html.encode("utf-8", "surrogatepass") if encoded is None else encoded).lower()
    tags = RAW_TAGS.findall(lowered)
    if "\r" in html or b"<style" in tags:
        return None
    if has_letter_references(lowered):
        return None
    if RAW_JAVASCRIPT.search(lowered) or RAW_STYLE_ATTRIBUTE.search(lowered):
        return None
    if any(lowered[match.start() - 1] in BEFORE_ATTRIBUTE for match in RAW_HANDLER.finditer(lowered)):
        return None
    scripts = list(RAW_SCRIPT.finditer(html))
    if not len(scripts) == tags.count(b"<script") == tags.count(b"</script"):
        return None
    content_start, content_end = html.find('<article class="md-content__inner'), html.rfind("</article>")
    if content_start >= 0 and any(content_start < script.start() < content_end for script in scripts):
        return None
    return [
        Inline("script", "script", script_hash=script_hash(script[2]), in_content=False)
        for script in scripts
        if not RAW_SRC.search(script[1]) and raw_type(script[1]) in SCRIPT_TYPES
    ]


def has_letter_references(lowered: bytes) -> bool:
    """Whether the text, with its references to quote marks taken out, holds one of RAW_REFERENCES.

    Read at each `&` that is not a quote mark's, with the quote marks after it skipped (taking them
    out can join the text around them), instead of copying the page without them."""
    longest = max(len(reference) for reference in RAW_REFERENCES)
    start = lowered.find(b"&")
    while start >= 0:
        if not lowered.startswith(QUOTE_REFERENCES, start):
            following, index = bytearray(b"&"), start + 1
            while len(following) < longest and index < len(lowered):
                if lowered.startswith(QUOTE_REFERENCES, index):
                    index += len(QUOTE_REFERENCES[0])
                else:
                    following.append(lowered[index])
                    index += 1
            if following.startswith(RAW_REFERENCES):
                return True
        start = lowered.find(b"&", start + 1)
    return False


def raw_type(attributes: str) -> str:
    """The `type` of a <script> from the raw text of its attributes, lower-cased; '' without one."""
    match = RAW_TYPE.search(attributes)
    return next((value for value in match.groups() if value is not None), "").strip().lower() if match else ""


def parsed_scan(html: str) -> list[Inline]:
    """Every inline script, style, event handler and `javascript:` URL of a page, from its parse."""
    tree = LexborHTMLParser(html)
    in_content = {script.mem_id for article in tree.css(CONTENT) for script in article.css("script")}
    found = [
        Inline(
            "script", "script", script_hash=script_hash(script.text(deep=True)), in_content=script.mem_id in in_content
        )
        for script in tree.css("script")
        if runs(script)
    ]
    found += [Inline("style element", "style") for _ in tree.css("style")]
    found += [Inline("style attribute", node.tag or "") for node in tree.css("[style]")]
    if MAYBE_HANDLER.search(html):
        found += [
            Inline("event handler", node.tag or "", attribute)
            for node in tree.root.traverse()
            for attribute in node.attributes
            if HANDLER.fullmatch(attribute)
        ]
    found += [
        Inline("javascript URL", node.tag or "", attribute)
        for node in tree.css(URL_ELEMENTS)
        for attribute, value in node.attributes.items()
        if attribute in URL_ATTRIBUTES and value and JAVASCRIPT_URL.match(URL_IGNORED.sub("", value))
    ]
    return found


def inline_script_hashes(html: str) -> set[str]:
    """The hashes of a page's inline scripts outside its content: the theme's, if it is a theme page."""
    return {item.script_hash for item in find_inline(html) if item.kind == "script" and not item.in_content}


def is_theme_page(html: str) -> bool:
    """Whether Material rendered the page (it has Material's content element)."""
    return '<article class="md-content__inner' in html


def theme_script_hashes(pages: Iterable[set[str]]) -> set[str]:
    """The scripts every page rendered by the theme has outside its content (given each page's set)."""
    sets = list(pages)
    return set.intersection(*sets) if sets else set()


def blocked(found: Iterable[Inline], theme_hashes: set[str]) -> list[Inline]:
    """What the policy would block on a page: all but the theme's scripts outside the content."""
    return [item for item in found if item.in_content or item.script_hash not in theme_hashes]


# ----------------------------------------------------------------------------------------------
# Where an editor fixes it
# ----------------------------------------------------------------------------------------------


def written_as(item: Inline) -> re.Pattern[str]:
    """How the Markdown source writes what was found, to find its line."""
    if item.kind == "script":
        return re.compile(r"<script\b", re.I)
    if item.kind == "style element":
        return re.compile(r"<style\b", re.I)
    if item.kind == "style attribute":
        return re.compile(r"\bstyle\s*=", re.I)
    if item.kind == "event handler":
        return re.compile(rf"\b{item.attribute}\s*=", re.I)
    return re.compile(r"javascript\s*:", re.I)


def source_lines(markdown: str, found: list[Inline]) -> list[int | None]:
    """The line of the Markdown source that wrote each item (the n-th of a kind on the n-th line
    that writes one), or None when the source does not write it (a template did)."""
    lines: list[int | None] = []
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for item in found:
        key = (item.kind, item.attribute)
        hits = [markdown.count("\n", 0, match.start()) + 1 for match in written_as(item).finditer(markdown)]
        lines.append(hits[min(seen[key], len(hits) - 1)] if hits else None)
        seen[key] += 1
    return lines


def describe(item: Inline, *, in_markdown: bool) -> str:
    """What is wrong and how to fix it, for one blocked item."""
    if item.kind == "script" and (item.in_content or in_markdown):
        return (
            "inline script in the page; move it to a file of docs/assets/ and load it with extra_javascript"
            f" in mkdocs.yml: {THE_POLICY_RUNS_NO_INLINE_SCRIPT}"
        )
    if item.kind == "script":
        return (
            "inline script outside the page's content that the other pages do not have; the theme's"
            " inline scripts must be the same on every page (is extra.scope set in mkdocs.yml?), or move"
            f" it to a file of docs/assets/: {THE_POLICY_RUNS_NO_INLINE_SCRIPT}"
        )
    if item.kind == "style element":
        return f"<style> element in the page; move its rules to docs/assets/clinic.css: {THE_POLICY_APPLIES_NO_INLINE_STYLE}"
    if item.kind == "style attribute":
        return (
            f"style attribute on <{item.tag}>; give the element a class ({{: .name }}) and style the class in"
            f" docs/assets/clinic.css: {THE_POLICY_APPLIES_NO_INLINE_STYLE}"
        )
    if item.kind == "event handler":
        return (
            f"event handler attribute '{item.attribute}' on <{item.tag}>; attach the code with addEventListener"
            f" in a file of docs/assets/: {THE_POLICY_RUNS_NO_INLINE_SCRIPT}"
        )
    return (
        f"'javascript:' URL in the {item.attribute} of <{item.tag}>; link to a page, or attach the code with"
        f" addEventListener in a file of docs/assets/: {THE_POLICY_RUNS_NO_INLINE_SCRIPT}"
    )


def inline_problems(found: list[Inline], *, path: str, markdown: str | None) -> list[Problem]:
    """One compiler-style message per blocked item of a page: 'docs/faq.md:12: inline script …'.

    `path` names the page's Markdown source (or the built file of a theme-only page); `markdown` is
    that source's text, None for a theme-only page.
    """
    lines = source_lines(markdown, found) if markdown is not None else [None] * len(found)
    return [
        Problem(path, line or 1, describe(item, in_markdown=line is not None))
        for item, line in zip(found, lines, strict=True)
    ]


# ----------------------------------------------------------------------------------------------
# The headers
# ----------------------------------------------------------------------------------------------


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The site's policy: everything from the site itself, inline scripts only by hash, no inline style.

    `img-src data:`: Material's icons are SVG data URLs in its CSS. `worker-src 'self'`: the search
    runs in a worker loaded from the site. No 'unsafe-inline', no 'unsafe-eval'.
    """
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *sorted(set(script_hashes))],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(csp: str) -> dict[str, str]:
    """Every header of every response of the site, in the order they are written."""
    return {
        "Content-Security-Policy": csp,
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": (
            "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(),"
            " magnetometer=(), microphone=(), payment=(), usb=()"
        ),
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def netlify_headers_file(headers: Mapping[str, str], pattern: str = "/*") -> str:
    """`_headers` for Netlify and Cloudflare Pages: the headers on every file under `pattern`.

    Both read the file at the root of the published folder, so `/*` is every file of the site
    whatever the path of its site_url.
    """
    lines = [
        "# The site's security headers, written by the build (hooks/security/headers.py): do not edit.",
        pattern,
        *(f"  {name}: {value}" for name, value in headers.items()),
    ]
    return "\n".join(lines) + "\n"


def nginx_string(value: str) -> str:
    """A value as an nginx string: double-quoted; nginx would read `$` as a variable."""
    if "$" in value or "\n" in value:
        raise ValueError(f"{value!r}: nginx cannot take '$' or a newline in this value")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_include(headers: Mapping[str, str]) -> str:
    """`add_header` lines for nginx, each with `always` so error responses (the 404 page) get them.

    nginx drops every inherited `add_header` in a block that has one of its own: include this file
    in the `server` block, and again in any `location` that adds a header.
    """
    lines = [
        "# The site's security headers, written by the build (hooks/security/headers.py): do not edit.",
        "# Include it in the server block, and again in each location that has an add_header of its own.",
        *(f"add_header {name} {nginx_string(value)} always;" for name, value in headers.items()),
    ]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------
# The whole site
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageInline:
    """What one built page holds inline, and whether the theme rendered it."""

    items: list[Inline]
    theme: bool


def read_inline(html: str, encoded: bytes | None = None) -> PageInline:
    """What the policy needs to know of one built page (`encoded`: its UTF-8, if the caller has it,
    with surrogates passed)."""
    return PageInline(find_inline(html, encoded), is_theme_page(html))


def judge_inline(
    pages: Mapping[str, PageInline], source_of: Callable[[str], Source | None], built_path: Callable[[str], str]
) -> tuple[set[str], list[Problem]]:
    """The theme's script hashes, and one problem per inline script, style or handler the policy
    would block, on the line of the source that wrote it (`source_of` a built file: its Markdown
    page or template, None for neither; then the problem names `built_path` of it)."""
    theme_hashes = theme_script_hashes(
        {item.script_hash for item in page.items if item.kind == "script" and not item.in_content}
        for page in pages.values()
        if page.theme
    )
    problems = []
    for built, page in sorted(pages.items()):
        # A javascript: link or source is the link check's to report (hooks/links): once is enough.
        items = [
            item
            for item in blocked(page.items, theme_hashes)
            if not (item.kind == "javascript URL" and item.attribute in LINK_CHECKED)
        ]
        if not items:
            continue
        source = source_of(built)
        if source is None:
            problems += inline_problems(items, path=built_path(built), markdown=None)
        else:
            problems += inline_problems(items, path=source.path, markdown=source.text)
    return theme_hashes, problems


def write_security_headers(site_dir: Path, theme_hashes: set[str]) -> None:
    """Write `_headers` and `_headers.nginx.conf` into the built site."""
    headers = security_headers(content_security_policy(theme_hashes))
    (site_dir / NETLIFY_FILE).write_text(netlify_headers_file(headers), encoding="utf-8")
    (site_dir / NGINX_FILE).write_text(nginx_include(headers), encoding="utf-8")
