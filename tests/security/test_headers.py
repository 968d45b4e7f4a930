"""The security headers: what a built page has inline, where an editor fixes it, the policy and the
header files; then a few small builds."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_PAGE, make_site, mkdocs_env, run_mkdocs

from hooks.security.headers import (
    Inline,
    blocked,
    content_security_policy,
    find_inline,
    inline_problems,
    inline_script_hashes,
    netlify_headers_file,
    nginx_include,
    nginx_string,
    parsed_scan,
    quick_scan,
    script_hash,
    security_headers,
    theme_script_hashes,
)


def problem_lines(found: list[Inline], **place: str | None) -> list[str]:
    return [str(problem) for problem in inline_problems(found, **place)]


EMPTY_SCRIPT = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def page(content: str = "<p>Text</p>", theme: str = "<script>theme()</script>") -> str:
    """A built page as Material lays it out: theme scripts around, the page's content in the article."""
    return (
        f"<html><head>{theme}</head><body><div class='md-content'>"
        f'<article class="md-content__inner md-typeset">{content}</article></div>'
        '<script id="__config" type="application/json">{"base": "."}</script>'
        '<script src="assets/bundle.js"></script></body></html>'
    )


# ----------------------------------------------------------------------------------------------
# What a page has inline
# ----------------------------------------------------------------------------------------------


def test_script_hash_is_the_csp_source_of_the_exact_text():
    assert script_hash("") == EMPTY_SCRIPT
    assert script_hash("a();") != script_hash("a(); ")


def test_theme_scripts_are_hashed_and_files_and_data_blocks_are_not():
    assert inline_script_hashes(page()) == {script_hash("theme()")}


def test_the_hash_is_of_the_raw_text_as_the_browser_reads_it():
    html = page(theme="<script>if (a &amp;&amp; b) c('é')\r\n</script>")
    assert inline_script_hashes(html) == {script_hash("if (a &amp;&amp; b) c('é')\n")}


def test_a_script_in_the_content_is_the_page_s_even_when_the_theme_has_the_same():
    found = find_inline(page("<script>theme()</script>"))
    assert [(item.script_hash, item.in_content) for item in found] == [
        (script_hash("theme()"), False),
        (script_hash("theme()"), True),
    ]
    assert blocked(found, {script_hash("theme()")}) == [found[1]]


def test_styles_handlers_and_javascript_urls_are_found_however_written():
    html = page(
        '<style>p{color:red}</style><p style="color:red">x</p><button ONCLICK="go()">Go</button>'
        '<a href="&#106;avascript:alert(1)">a</a><a href=" java\tscript:alert(1)">b</a>'
        '<a href="https://example.org/javascript:">c</a><img alt="" src="x.png" onerror="bad()">'
    )
    assert [(item.kind, item.tag, item.attribute) for item in find_inline(html) if item.kind != "script"] == [
        ("style element", "style", ""),
        ("style attribute", "p", ""),
        ("event handler", "button", "onclick"),
        ("event handler", "img", "onerror"),
        ("javascript URL", "a", "href"),
        ("javascript URL", "a", "href"),
    ]


def test_text_about_handlers_is_not_a_handler():
    html = page("<p>Set onclick=go() in the code</p><code>&lt;a onclick=x&gt;</code>")
    assert [item.kind for item in find_inline(html)] == ["script"]


TRICKY_PAGES = [
    page("<script>planted()</script>"),
    page("<p>x</p></article><script>escaped()</script><article>"),
    page('<p style="color:red">x</p>'),
    page("<style>p{}</style>"),
    page('<a href="JavaScript:go()">a</a>'),
    page('<a href="java\nscript:go()">a</a>'),
    page('<a href="&#106;avascript:go()">a</a>'),
    page('<a href="java&Tab;script:go()">a</a>'),
    page('<a href="javascript&colon;go()">a</a>'),
    page('<img alt="" src="x.png"\nonerror="bad()">'),
    page("<p>x</p>", theme="<SCRIPT>theme()</SCRIPT>"),
    page("<p>x</p>", theme="<script>theme()\r\n</script>"),
    page("<p>x</p>", theme='<script data-src="x">theme()</script><script type="module">m()</script>'),
    page("<p>İ</p>"),
]


@pytest.mark.parametrize("html", TRICKY_PAGES)
def test_the_quick_scan_leaves_what_it_cannot_judge_to_the_parse(html):
    quick = quick_scan(html)
    assert quick is None or quick == parsed_scan(html)


def test_the_quick_scan_reads_a_plain_page_as_the_parse_does():
    html = page(theme='<script>a()</script><script type="text/javascript">b()</script><script src="x.js"></script>')
    assert quick_scan(html) is not None
    assert quick_scan(html) == parsed_scan(html)
    assert len(parsed_scan(html)) == 2


def test_the_theme_scripts_are_those_every_page_has():
    pages = [{"a", "b", "scope ."}, {"a", "b", "scope .."}, {"a", "b"}]
    assert theme_script_hashes(pages) == {"a", "b"}
    assert theme_script_hashes([]) == set()


# ----------------------------------------------------------------------------------------------
# Where an editor fixes it
# ----------------------------------------------------------------------------------------------


def test_each_script_is_placed_on_the_line_that_wrote_it():
    markdown = "# FAQ\n\nText.\n\n<script>one()</script>\n\nMore.\n<SCRIPT>two()</SCRIPT>\n"
    found = blocked(
        find_inline(page("<script>one()</script><p>More.</p><script>two()</script>")), {script_hash("theme()")}
    )
    assert problem_lines(found, path="docs/faq.md", markdown=markdown) == [
        "docs/faq.md:5: inline script in the page; move it to a file of docs/assets/ and load it with extra_javascript in mkdocs.yml: the Content-Security-Policy lets no inline script run",
        "docs/faq.md:8: inline script in the page; move it to a file of docs/assets/ and load it with extra_javascript in mkdocs.yml: the Content-Security-Policy lets no inline script run",
    ]


def test_styles_handlers_and_urls_are_placed_on_their_lines():
    markdown = (
        'Text\n\n<span style="color: red">x</span>\n\n<button onclick="go()">Go</button>\n\n[a](javascript:go())\n'
    )
    found = [
        Inline("style attribute", "span"),
        Inline("event handler", "button", "onclick"),
        Inline("javascript URL", "a", "href"),
    ]
    assert problem_lines(found, path="docs/faq.md", markdown=markdown) == [
        "docs/faq.md:3: style attribute on <span>; give the element a class ({: .name }) and style the class in docs/assets/clinic.css: the Content-Security-Policy applies no inline style",
        "docs/faq.md:5: event handler attribute 'onclick' on <button>; attach the code with addEventListener in a file of docs/assets/: the Content-Security-Policy lets no inline script run",
        "docs/faq.md:7: 'javascript:' URL in the href of <a>; link to a page, or attach the code with addEventListener in a file of docs/assets/: the Content-Security-Policy lets no inline script run",
    ]


def test_what_the_markdown_does_not_write_is_on_line_1_and_a_theme_script_names_extra_scope():
    found = [Inline("style element", "style"), Inline("script", "script", script_hash="'x'", in_content=False)]
    assert problem_lines(found, path="site/404.html", markdown=None) == [
        "site/404.html:1: <style> element in the page; move its rules to docs/assets/clinic.css: the Content-Security-Policy applies no inline style",
        "site/404.html:1: inline script outside the page's content that the other pages do not have; the theme's inline scripts must be the same on every page (is extra.scope set in mkdocs.yml?), or move it to a file of docs/assets/: the Content-Security-Policy lets no inline script run",
    ]


# ----------------------------------------------------------------------------------------------
# The headers
# ----------------------------------------------------------------------------------------------


def test_the_policy_allows_the_theme_scripts_by_hash_and_nothing_inline_else():
    policy = content_security_policy({"'sha256-b'", "'sha256-a'"})
    assert policy == (
        "default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; style-src 'self'; img-src 'self' data:;"
        " font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none';"
        " base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    assert "unsafe" not in policy


def test_every_response_gets_the_policy_and_the_hardening_headers():
    headers = security_headers("default-src 'self'")
    assert headers["Content-Security-Policy"] == "default-src 'self'"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]


def test_the_netlify_file_puts_every_header_on_every_file():
    assert netlify_headers_file({"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}) == (
        "# The site's security headers, written by the build (hooks/security/headers.py): do not edit.\n"
        "/*\n"
        "  X-Frame-Options: DENY\n"
        "  Referrer-Policy: no-referrer\n"
    )


def test_the_nginx_include_adds_each_header_always():
    text = nginx_include({"Content-Security-Policy": "script-src 'self' 'sha256-a/b+c='", "X-A": 'say "hi"'})
    assert text.splitlines()[2:] == [
        "add_header Content-Security-Policy \"script-src 'self' 'sha256-a/b+c='\" always;",
        'add_header X-A "say \\"hi\\"" always;',
    ]


def test_nginx_values_cannot_hold_a_variable_or_a_newline():
    with pytest.raises(ValueError, match="cannot take"):
        nginx_string("a $host")
    with pytest.raises(ValueError, match="cannot take"):
        nginx_string("a\nb")


# ----------------------------------------------------------------------------------------------
# Small builds
# ----------------------------------------------------------------------------------------------

# A home page that links to the second page (an unlinked page is a build error of its own).
HOME = MINIMAL_PAGE + "\nSee [the second page](about/deeper.md).\n"
PLANTED = MINIMAL_PAGE.replace("You need", "<script>document.title = 'pwned'</script>\n\nYou need")


@pytest.mark.slow
def test_a_script_planted_in_a_page_fails_the_build_naming_the_page_and_line(build_temp_site):
    result = build_temp_site({"docs/index.md": HOME, "docs/about/deeper.md": PLANTED})
    assert result.returncode == 1
    line = PLANTED.splitlines().index("<script>document.title = 'pwned'</script>") + 1
    assert [message for message in result.messages if "inline" in message] == [
        f"docs/about/deeper.md:{line}: inline script in the page; move it to a file of docs/assets/ and load it with extra_javascript in mkdocs.yml: the Content-Security-Policy lets no inline script run"
    ]


@pytest.mark.slow
def test_a_good_build_writes_both_header_files_with_the_theme_script_hashes(build_temp_site):
    result = build_temp_site({"docs/index.md": HOME, "docs/about/deeper.md": MINIMAL_PAGE})
    assert result.returncode == 0, result.output
    hashes = inline_script_hashes(result.html())
    assert len(hashes) == 3  # Material's scope, palette and anchor scripts; the project's own is a file
    assert inline_script_hashes(result.html("about/deeper/")) == hashes
    policy = content_security_policy(hashes)
    assert f"  Content-Security-Policy: {policy}\n" in (result.site / "_headers").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{policy}" always;' in (result.site / "_headers.nginx.conf").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.staff.yml"])
def test_the_quick_scan_reads_every_page_of_both_real_builds_as_the_parse_does(tmp_path, config):
    build = run_mkdocs(make_site(tmp_path, {}, real_docs=True), config=config, env=mkdocs_env(HANDOUTS="0"))
    assert build.returncode == 0, build.output
    pages = [path.read_text(encoding="utf-8") for path in sorted(build.site.rglob("*.html"))]
    quick = [quick_scan(html) for html in pages]
    assert sum(result is not None for result in quick) > len(pages) / 2
    assert [result for result in quick] == [
        result and parsed_scan(html) for result, html in zip(quick, pages, strict=True)
    ]


@pytest.mark.slow
def test_without_a_fixed_scope_the_theme_scripts_differ_by_depth_and_the_build_says_so(build_temp_site):
    result = build_temp_site(
        {"docs/index.md": HOME, "docs/about/deeper.md": MINIMAL_PAGE},
        config={"extra": {"generator": False}},
    )
    assert result.returncode == 1
    assert any("(is extra.scope set in mkdocs.yml?)" in message for message in result.messages), result.output
