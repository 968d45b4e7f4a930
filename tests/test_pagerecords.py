"""Records of built pages kept from one build to the next: a page is read again only if its HTML changed."""

from __future__ import annotations

import os
from pathlib import Path

from hooks.linkcheck import Link, PageScan, SiteReader
from hooks.pagerecords import RecordFile, digest, stamp

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
