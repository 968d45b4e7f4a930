"""Records of built pages kept from one build to the next: a page is read again only if its HTML changed,
and checked again only if it or a page it links to changed."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.linkcheck import Link, NavEntry, PageInfo, PageScan, SiteIndex, SiteReader, check_site, index_built_site
from hooks.pagerecords import RecordFile, ResultFile, digest, stamp

STAMP = "stamp of the reading code"


def page(content: str, theme: str) -> str:
    return f'<html><body><nav>{theme}</nav><article class="md-content__inner">{content}</article></body></html>'


def read_all(pages: dict[str, str], records: RecordFile | None = None) -> dict[str, PageScan]:
    """Read the pages in order, as one build does, and save the records."""
    reader = SiteReader(records)
    scans = {dest: reader.read(html, dest) for dest, html in pages.items()}
    if records is not None:
        records.save()
    return scans


def built_pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))
    }


def test_a_rebuild_reads_again_only_the_page_whose_html_changed(real_site, tmp_path):
    pages = built_pages(real_site.site)
    assert len(pages) >= 10
    file = tmp_path / "records.marshal"
    first = RecordFile(file, STAMP)
    read_all(pages, first)
    assert first.reused == 0

    # The second build changes one link of one page.
    changed = "aftercare/index.html"
    theme, content = pages[changed].split('<article class="md-content__inner', 1)
    assert 'href="../side-effects/"' in content
    pages[changed] = (
        theme + '<article class="md-content__inner' + content.replace('"../side-effects/"', '"../side-efects/"')
    )
    again = RecordFile(file, STAMP)
    scans = read_all(pages, again)

    assert again.reused == len(pages) - 1
    assert scans == read_all(pages)  # exactly what reading every page afresh gives
    assert "../side-efects/" in [link.url for link in scans[changed].links if link.in_content]


def test_after_an_edit_of_a_text_the_records_keep_their_numbers_and_read_back_the_same(real_site, tmp_path):
    pages = built_pages(real_site.site)
    file = tmp_path / "records.marshal"
    read_all(pages, RecordFile(file, STAMP))
    theme_links = RecordFile(file, STAMP).stored_theme[0]

    changed = "aftercare/index.html"
    pages[changed] = pages[changed].replace("</article>", "<p>One more sentence.</p></article>", 1)
    edited = RecordFile(file, STAMP)
    read_all(pages, edited)
    assert edited.reused == len(pages) - 1

    after = RecordFile(file, STAMP)
    assert after.stored_theme[0] == theme_links  # written again, not renumbered
    assert read_all(pages, after) == read_all(pages)
    assert after.reused == len(pages)


def test_a_theme_link_is_still_given_when_the_page_that_gave_it_first_has_changed(tmp_path):
    file = tmp_path / "records.marshal"
    home = '<a href="aftercare/">Aftercare</a>'
    first = {
        "a/index.html": page("<p>A</p>", home.replace('"aftercare/"', '"../aftercare/"')),
        "b/index.html": page("<p>B</p>", home.replace('"aftercare/"', '"../aftercare/"')),
    }
    read_all(first, RecordFile(file, STAMP))
    # Page a no longer has the link; page b, unchanged, is read from the file.
    second = {"a/index.html": page("<p>A</p>", ""), "b/index.html": first["b/index.html"]}
    records = RecordFile(file, STAMP)
    scans = read_all(second, records)
    assert records.reused == 1
    assert scans["a/index.html"].links == ()
    assert scans["b/index.html"].links == (Link("../aftercare/", "Aftercare", "", False),)


def test_the_same_theme_link_with_another_text_is_given_again():
    pages = {
        "a/index.html": page("", '<a href="../aftercare/">Aftercare</a>'),
        "b/index.html": page("", '<a href="../aftercare/">Aftercare</a>'),
        "c/index.html": page("", '<a href="../aftercare/">Click here</a>'),
    }
    scans = read_all(pages)
    assert [scan.links for scan in scans.values()] == [
        (Link("../aftercare/", "Aftercare", "", False),),
        (),
        (Link("../aftercare/", "Click here", "", False),),
    ]


def test_records_of_other_code_or_a_damaged_file_are_not_used(tmp_path):
    file = tmp_path / "records.marshal"
    pages = {"index.html": page('<a href="x/">X</a>', '<a href="y/">Y</a>')}
    read_all(pages, RecordFile(file, STAMP))

    other_code = RecordFile(file, "another stamp")
    assert read_all(pages, other_code) == read_all(pages)
    assert other_code.reused == 0

    for damage in [b"", b"not a record file", file.read_bytes()[:-40]]:
        file.write_bytes(damage)
        damaged = RecordFile(file, STAMP)
        assert read_all(pages, damaged) == read_all(pages)
        assert damaged.reused == 0


def test_the_file_holds_only_the_last_build_and_is_not_rewritten_when_nothing_changed(tmp_path):
    file = tmp_path / "records.marshal"
    pages = {
        f"p{n}/index.html": page(f'<a href="../p{n + 1}/">Page {n + 1}</a>', '<a href="..">Home</a>') for n in range(3)
    }
    read_all(pages, RecordFile(file, STAMP))
    written = file.stat().st_mtime_ns
    os.utime(file, ns=(written - 10**9, written - 10**9))

    unchanged = RecordFile(file, STAMP)
    read_all(pages, unchanged)
    assert unchanged.reused == 3
    assert file.stat().st_mtime_ns == written - 10**9  # not written again

    del pages["p2/index.html"]
    read_all(pages, RecordFile(file, STAMP))
    fewer = RecordFile(file, STAMP)
    assert sorted(fewer.stored) == ["p0/index.html", "p1/index.html"]
    # Only the theme links of the pages kept: `..` from p0/ and from p1/.
    assert fewer.theme.links == [Link("..", "Home", "", False)] * 2
    assert read_all(pages, fewer) == read_all(pages)
    assert fewer.reused == 2


def test_the_stamp_changes_with_the_reading_code(tmp_path):
    code = tmp_path / "linkcheck.py"
    code.write_text("def read(): ...\n", encoding="utf-8")
    before = stamp([code])
    code.write_text("def read(): return 1\n", encoding="utf-8")
    assert stamp([code]) != before


def test_pages_that_differ_in_any_way_have_different_hashes():
    texts = ["<p>é</p>", "<p>e\u0301</p>", "<p>\U0001f600</p>", "<p>\ud83d\ude00</p>", "<p>\ud83d</p>", "<p></p>"]
    assert len({digest(text) for text in texts}) == len(texts)
    assert digest("<p>é</p>") == digest("<p>" + "é" + "</p>")


# What the check of each page found, kept from one build to the next ------------------------------


class Build:
    """One check of a small site whose pages are `pages` (built HTML) and `markdown` (their sources),
    with the records and results of the last build in `folder`."""

    def __init__(self, folder: Path, pages: dict[str, str], markdown: dict[str, str], generated: set[str]) -> None:
        self.records = RecordFile(folder / "records.marshal", STAMP)
        self.results = ResultFile(folder / "results.marshal", STAMP, self.records.hashes)
        self.site = small_site(pages, markdown, generated, SiteReader(self.records))
        self.messages = [str(finding) for finding in check_site(self.site, self.results)]
        self.records.save()
        self.results.save()
        fresh = small_site(pages, markdown, generated, SiteReader())
        assert self.messages == [str(finding) for finding in check_site(fresh)]  # as a check of every page


def small_site(pages: dict[str, str], markdown: dict[str, str], generated: set[str], reader: SiteReader) -> SiteIndex:
    site = SiteIndex(nav=[NavEntry(None, src, 1) for src in markdown])
    for dest, html in pages.items():
        src = "index.md" if dest == "index.html" else dest.split("/")[0] + ".md"
        site.files[dest] = src
        site.pages[dest] = PageInfo(src, dest, f"docs/{src}", title=src[:-3].title())
        site.scans[dest] = reader.read(html, dest)
    site.exists = lambda dest: dest in generated
    site.markdown_of = lambda page: markdown[page.src_uri]
    return site


def heading(anchor: str) -> str:
    return f'<h2 id="{anchor}">Section</h2>'


SMALL_PAGES = {
    "index.html": page('<a href="aftercare/#washing">Washing your hair</a>' + heading("start"), ""),
    "aftercare/index.html": page(heading("washing") + '<a href="../faq/">Questions</a>', ""),
    "faq/index.html": page('<a href="..">Home</a><a href="../handouts/faq.pdf">Printed FAQ</a>', ""),
}
SMALL_MARKDOWN = {
    "index.md": "# Home\n\n[Washing your hair](aftercare.md#washing)\n",
    "aftercare.md": "# Aftercare\n\n## Washing\n\n[Questions](faq.md)\n",
    "faq.md": "# FAQ\n\n[Home](index.md)\n\n[Printed FAQ](handouts/faq.pdf)\n",
}


def test_a_second_check_with_nothing_changed_checks_no_page_again(tmp_path):
    Build(tmp_path, SMALL_PAGES, SMALL_MARKDOWN, {"handouts/faq.pdf"})
    again = Build(tmp_path, SMALL_PAGES, SMALL_MARKDOWN, {"handouts/faq.pdf"})
    assert again.messages == [] and again.results.reused == 3


def test_a_changed_anchor_is_checked_again_on_the_pages_that_link_to_it(tmp_path):
    Build(tmp_path, SMALL_PAGES, SMALL_MARKDOWN, {"handouts/faq.pdf"})
    pages = {**SMALL_PAGES, "aftercare/index.html": SMALL_PAGES["aftercare/index.html"].replace("washing", "wash")}
    again = Build(tmp_path, pages, SMALL_MARKDOWN, {"handouts/faq.pdf"})
    assert again.messages == [
        "docs/index.md:3: link 'aftercare.md#washing': no such anchor in aftercare.md; did you mean 'wash'?"
    ]
    assert again.results.reused == 1  # the FAQ: aftercare changed, and the home page links to it


def test_a_problem_moves_with_its_line_when_only_the_markdown_changed(tmp_path):
    pages = {**SMALL_PAGES, "index.html": SMALL_PAGES["index.html"].replace("#washing", "#washin")}
    markdown = {**SMALL_MARKDOWN, "index.md": SMALL_MARKDOWN["index.md"].replace("#washing", "#washin")}
    first = Build(tmp_path, pages, markdown, {"handouts/faq.pdf"})
    assert [message.split(": ")[0] for message in first.messages] == ["docs/index.md:3"]
    markdown["index.md"] = "\n\n" + markdown["index.md"]  # two blank lines: the same HTML
    again = Build(tmp_path, pages, markdown, {"handouts/faq.pdf"})
    assert [message.split(": ")[0] for message in again.messages] == ["docs/index.md:5"]
    assert again.results.reused == 2


def test_a_generated_file_that_is_gone_is_noticed_on_every_page(tmp_path):
    Build(tmp_path, SMALL_PAGES, SMALL_MARKDOWN, {"handouts/faq.pdf"})
    again = Build(tmp_path, SMALL_PAGES, SMALL_MARKDOWN, set())
    assert again.messages == [
        "docs/faq.md:5: link '../handouts/faq.pdf': no such page or file in the site; fix the path or remove the link"
    ]
    assert again.results.reused == 0


def test_a_new_page_checks_every_page_again(tmp_path):
    Build(tmp_path, SMALL_PAGES, SMALL_MARKDOWN, {"handouts/faq.pdf"})
    pages = {**SMALL_PAGES, "glossary/index.html": page('<a href="..">Home</a>', "")}
    markdown = {**SMALL_MARKDOWN, "glossary.md": "# Glossary\n\n[Home](index.md)\n"}
    again = Build(tmp_path, pages, markdown, {"handouts/faq.pdf"})
    assert again.results.reused == 0
    assert again.messages == ["docs/glossary.md:1: no other page links to this page; link to it from a related page"]


def test_results_of_other_code_or_a_damaged_file_are_not_used(tmp_path):
    Build(tmp_path, SMALL_PAGES, SMALL_MARKDOWN, {"handouts/faq.pdf"})
    results = tmp_path / "results.marshal"
    for damage in [b"", b"not a results file", results.read_bytes()[:-40]]:
        saved = results.read_bytes()
        results.write_bytes(damage)
        again = Build(tmp_path, SMALL_PAGES, SMALL_MARKDOWN, {"handouts/faq.pdf"})
        assert again.results.reused == 0
        results.write_bytes(saved)
    other = ResultFile(results, "another stamp", {})
    other.start(small_site(SMALL_PAGES, SMALL_MARKDOWN, set(), SiteReader()))
    assert other.stored == {}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_check_that_reuses_results_reports_what_checking_every_page_reports(real_site, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("results")
    site_dir = folder / "site"
    shutil.copytree(real_site.site, site_dir)
    docs = real_site.root / "docs"

    def check(records: RecordFile | None = None, results: ResultFile | None = None) -> list[str]:
        site = index_built_site(site_dir, docs, records=records)
        return [str(finding) for finding in check_site(site, results)]

    def check_with_results() -> tuple[list[str], int]:
        records = RecordFile(folder / "records.marshal", STAMP)
        results = ResultFile(folder / "results.marshal", STAMP, records.hashes)
        messages = check(records, results)
        records.save()
        results.save()
        return messages, results.reused

    assert check_with_results() == ([], 0)
    # One page changes: an anchor of it is renamed, or one of its links is misspelt.
    pages = sorted(built_pages(site_dir))
    dest = data.draw(st.sampled_from([page for page in pages if page.endswith("/index.html")]), label="page")
    html = (site_dir / dest).read_text(encoding="utf-8")
    content = html[html.index('<article class="md-content__inner') :]
    anchors = sorted(set(re.findall(r'<h[2-6] id="([^"]+)"', content)))
    links = sorted(set(re.findall(r'<a href="((?:\.\./)*[\w-]+/(?:#[\w-]+)?)"', content)))
    edit = data.draw(st.sampled_from([f'id="{anchor}"' for anchor in anchors] + [f'href="{link}"' for link in links]))
    (site_dir / dest).write_text(html.replace(edit, edit[:-1] + '-zz"'), encoding="utf-8")

    messages, reused = check_with_results()
    assert messages == check()
    assert messages, edit  # the edit broke a link, or left a link to the old anchor broken
    assert 0 < reused < len(pages)
