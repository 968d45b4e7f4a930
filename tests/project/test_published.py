"""What reaches the published site from the project folder: pages and known assets, and never a
file behind a symbolic link that leaves its folder."""

from __future__ import annotations

import os

from hooks.project.published import is_known_file

KNOWN = "Markdown pages, images (png, jpg, jpeg, svg, webp, gif), PDFs and docs/assets/*.css|js"


def test_pages_images_pdfs_and_the_sites_own_styles_and_scripts_are_known():
    known = [
        "index.md",
        "staff/x.md",
        "images/scalp.webp",
        "a/b.JPG",
        "consent.pdf",
        "assets/clinic.css",
        "assets/x.js",
    ]
    assert [path for path in known if not is_known_file(path)] == []
    unknown = ["notes.txt", "prices.csv", "tool.py", "x.js", "images/x.css", ".env"]
    assert [path for path in unknown if is_known_file(path)] == []


def test_a_file_that_is_not_a_page_or_a_known_asset_fails_the_build_and_is_not_published(build_temp_site):
    result = build_temp_site(
        {
            "docs/notes.txt": "Call Dr X on 07700 900000.\n",
            "docs/prices.csv": "session,fee\n",
            "docs/tool.py": "print(1)\n",
            "docs/scalp.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
        }
    )
    assert result.returncode == 1
    assert result.messages == [
        f"docs/notes.txt:1: not a page or a known asset; remove it or move it out of docs/ (the site publishes {KNOWN})",
        f"docs/prices.csv:1: not a page or a known asset; remove it or move it out of docs/ (the site publishes {KNOWN})",
        f"docs/tool.py:1: not a page or a known asset; remove it or move it out of docs/ (the site publishes {KNOWN})",
        "Aborted with 3 warnings in strict mode!",
    ]
    assert [path.name for path in result.site.glob("*.*") if path.suffix in {".txt", ".csv", ".py"}] == []
    assert (result.site / "scalp.svg").is_file()


def test_a_symbolic_link_out_of_its_folder_stops_the_build_before_anything_is_published(tmp_path, build_temp_site):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    (tmp_path / "docs").mkdir(parents=True)
    os.symlink(secret, tmp_path / "docs" / "passwd.md")
    os.symlink("../CONTENT_DECISIONS.md", tmp_path / "docs" / "decisions.md")
    (tmp_path / "docs" / "images").mkdir()
    os.symlink("../assets/clinic.css", tmp_path / "docs" / "images" / "same.css")  # inside docs/: allowed
    result = build_temp_site({})
    assert result.returncode == 1
    lines = result.output.splitlines()
    start = lines.index(
        "ERROR   -  docs/decisions.md:1: a symbolic link to ../CONTENT_DECISIONS.md, outside docs/; it would be published or read as it is: copy the file into docs/ or remove the link"
    )
    assert lines[start + 1 :] == [
        f"docs/passwd.md:1: a symbolic link to {secret}, outside docs/; it would be published or read as it is: copy the file into docs/ or remove the link",
        "",
        "Aborted with a BuildError!",
    ]
    assert "same.css" not in result.output
    assert not result.site.exists()
