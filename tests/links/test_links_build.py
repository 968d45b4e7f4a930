"""Whole builds: every broken link, anchor and page fails `mkdocs build --strict` once, with its line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_DATA, MINIMAL_PAGE, make_site, mkdocs_env, run_mkdocs

from bench.sites import KINDS, generate_site

FRONT_MATTER = MINIMAL_PAGE.split("# Demo")[0]
# The messages of the validator, and MkDocs' own for the same kinds of problem.
CROSSLINK_MESSAGE = re.compile(
    r": (link '|nav entry '|id '|page is not in the nav|orphan page|no other page links)|^Doc file |^A reference to |^The following pages"
)

HOME = (
    MINIMAL_PAGE
    + """
## Where to go next

- [Aftercare](aftercare.md) and [the same, written as a folder](aftercare/).
- [Aftercare](aftercar.md)
- [Washing your hair](aftercare.md#wash-your-hiar)
- [When to wash](aftercare.md#Wash-your-hair)
- [Contact us](#contact-uss)
- <a href="../prices/">Our prices</a>
- ![A scalp one day after a session](images/scalp.png)
- [Click here](aftercare.md) for aftercare.
- <https://www.nhs.uk/conditions/hair-loss/>
- [](aftercare.md)
- [![Aftercare](assets/clinic.css)](aftercare.md "an image link: its alt text is its text")
- <a href="aftercare/" aria-label="Aftercare"></a>
- [NHS advice on hair loss](http://www.nhs.uk/conditions/hair-loss/)
- [Email the clinic](mailto:hair@clinic)
- [Call the clinic](tel:call-us)
- [British Association of Dermatologists](htps://www.bad.org.uk/)
- [Aftercare at our address](/exosomes/aftercare/)
- [Extra information](extra.md)
- <a href="sitemap.xml">Site map</a> and <a href="search/search_index.json">search index</a>

## Contact us

<p id="dose">Your dose.</p>
<p id="dose">Your other dose.</p>
"""
)
AFTERCARE = FRONT_MATTER + "# Aftercare\n\n## Wash your hair\n\nWash it gently. Go back [home](index.md).\n"
EXTRA = FRONT_MATTER + "# Extra information\n\nBack to [aftercare](aftercare.md#wash-your-hair).\n"
ORPHAN = FRONT_MATTER + "# Orphan\n\nNobody links here.\n"
UNLINKED = FRONT_MATTER + "# Unlinked\n\nIn the nav, but no page links here.\n"
TABLE = (
    MINIMAL_DATA["data/tables/demo.yml"]
    + "  aftercare:\n    feature: Aftercare\n    exosomes: See [the aftercare page](aftercare.md#after-care)\n"
)
# A broken link written literally in a template of the theme.
COPYRIGHT = '<div class="md-copyright">\n  <a href="terms.html">Terms of use</a>\n</div>\n'
NAV = [
    {"Home": "index.md"},
    {"Aftercare": "aftercare.md"},
    {"Unlinked": "unlinked.md"},
    {"Prices": "prices.md"},
]
SEEDED = {
    "docs/index.md": HOME,
    "docs/aftercare.md": AFTERCARE,
    "docs/extra.md": EXTRA,
    "docs/orphan.md": ORPHAN,
    "docs/unlinked.md": UNLINKED,
    "data/tables/demo.yml": TABLE,
    "overrides/partials/copyright.html": COPYRIGHT,
}


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """The 1-based line of the nth occurrence of `needle` in `text`."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    return text.count("\n", 0, offset) + 1


def crosslink_messages(messages: list[str]) -> list[str]:
    return [message for message in messages if CROSSLINK_MESSAGE.search(message)]


def expected_messages(root: Path) -> list[str]:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    home = "docs/index.md:{}: ".format
    at = lambda needle, nth=0: home(line_of(HOME, needle, nth))  # noqa: E731
    return [
        f"data/tables/demo.yml:{line_of(TABLE, 'after-care')}: link 'aftercare.md#after-care': no such anchor in aftercare.md; did you mean 'aftercare'?",
        "docs/extra.md:1: page is not in the nav; add it to 'nav' in mkdocs.yml",
        at("](aftercar.md)") + "link 'aftercar.md': no such page or file in the site; did you mean 'aftercare.md'?",
        at("#wash-your-hiar")
        + "link 'aftercare.md#wash-your-hiar': no such anchor in aftercare.md; did you mean 'wash-your-hair'?",
        at("#Wash-your-hair")
        + "link 'aftercare.md#Wash-your-hair': no such anchor in aftercare.md, anchors are case-sensitive; did you mean 'wash-your-hair'?",
        at("#contact-uss") + "link '#contact-uss': no such anchor on this page; did you mean 'contact-us'?",
        at("../prices/") + "link '../prices/': no such page or file in the site; fix the path or remove the link",
        at("images/scalp.png")
        + "link 'images/scalp.png': no such page or file in the site; fix the path or remove the link",
        at("[Click here]")
        + "link 'aftercare.md': link text 'Click here' does not say where the link goes; use text such as 'Aftercare'",
        at("<https://www.nhs.uk")
        + "link 'https://www.nhs.uk/conditions/hair-loss/': link text is a bare URL; say where the link goes instead",
        at("[](aftercare.md)")
        + "link 'aftercare.md': empty link text; add link text, an image with alt text or an aria-label",
        at("http://www.nhs.uk")
        + "link 'http://www.nhs.uk/conditions/hair-loss/': insecure http link; did you mean 'https://www.nhs.uk/conditions/hair-loss/'?",
        at("mailto:hair@clinic")
        + "link 'mailto:hair@clinic': malformed email link; write mailto: and an address, e.g. 'mailto:name@example.org'",
        at("tel:call-us")
        + "link 'tel:call-us': malformed phone link; write tel: and the number without spaces, e.g. 'tel:+442079460000'",
        at("htps://") + "link 'htps://www.bad.org.uk/': unknown link type 'htps:'; did you mean 'https:'?",
        at("/exosomes/aftercare/")
        + "link '/exosomes/aftercare/': absolute link, it breaks when the site moves; did you mean 'aftercare.md'?",
        at('id="dose"', 1) + "id 'dose' is used 2 times on this page; make each id unique",
        "docs/orphan.md:1: orphan page: not in the nav and no other page links to it; add it to 'nav' in mkdocs.yml and link to it from a related page",
        "docs/unlinked.md:1: no other page links to this page; link to it from a related page",
        f"mkdocs.yml:{line_of(config, 'prices.md')}: nav entry 'prices.md': no such page in docs/; fix the path or remove the entry",
        "overrides/partials/copyright.html:2: link 'terms.html': no such page or file in the site; fix the path or remove the link",
    ]


@pytest.fixture(scope="module")
def seeded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seeded")
    return make_site(root, SEEDED, config={"nav": NAV})


def run_build(root: Path, *args: str) -> tuple[int, list[str], str]:
    result = run_mkdocs(root, *args, site_dir=f"site{''.join(args)}")
    return result.returncode, result.messages, result.output


def test_each_seeded_problem_is_reported_once_with_its_line(seeded_site):
    returncode, messages, output = run_build(seeded_site)
    assert returncode == 1
    found = crosslink_messages(messages)
    # MkDocs' warning for a Markdown link the validator finds fine is shown as MkDocs wrote it.
    unrecognized = "Doc file 'index.md' contains an unrecognized relative link 'aftercare/', it was left as is. Did you mean 'aftercare.md'?"
    assert found == [*expected_messages(seeded_site), unrecognized]
    assert "Traceback" not in output


def test_verbose_output_does_not_switch_the_checks_off(seeded_site):
    returncode, messages, _ = run_build(seeded_site, "-v")
    assert returncode == 1
    # With -v MkDocs skips its own anchor checks; the validator does not.
    assert crosslink_messages(messages)[: len(expected_messages(seeded_site))] == expected_messages(seeded_site)


def test_real_site_links_all_work(real_site):
    assert len(list(real_site.site.rglob("index.html"))) >= 10
    assert crosslink_messages(real_site.messages) == []


# Two builds in one process, as `mkdocs serve` rebuilds: the second knows nothing of the first.
TWO_BUILDS = """
import json, logging, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

root = Path(sys.argv[1])
messages = []
handler = logging.Handler(logging.WARNING)
handler.emit = lambda record: messages.append(record.getMessage())
logging.getLogger("mkdocs").addHandler(handler)
validation = [logging.getLogger(name) for name in ("mkdocs.structure.pages", "mkdocs.structure.nav")]
for run in ("broken", "fixed"):
    if run == "fixed":
        page = root / "docs" / "index.md"
        page.write_text(page.read_text().replace("(aftercar.md)", "(aftercare.md)"))
    messages.clear()
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=False))
    print(json.dumps({"run": run, "messages": messages, "filters": sum(len(l.filters) for l in validation)}))
"""


def test_a_second_build_in_the_same_process_reports_only_its_own_problems(tmp_path):
    page = MINIMAL_PAGE + "\nSee [aftercare](aftercar.md) and [when to call](#when-to-cal).\n"
    root = make_site(tmp_path, {"docs/index.md": page, "docs/aftercare.md": AFTERCARE})
    completed = subprocess.run(
        [sys.executable, "-c", TWO_BUILDS, str(root)], capture_output=True, text=True, env=mkdocs_env(), timeout=300
    )
    assert completed.returncode == 0, completed.stderr
    runs = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    line = line_of(page, "aftercar.md")
    anchor = f"docs/index.md:{line}: link '#when-to-cal': no such anchor on this page; link to a heading of this page"
    assert [crosslink_messages(run["messages"]) for run in runs] == [
        [
            "docs/aftercare.md:1: no other page links to this page; link to it from a related page",
            anchor,
            f"docs/index.md:{line}: link 'aftercar.md': no such page or file in the site; did you mean 'aftercare.md'?",
        ],
        [anchor],
    ]
    assert [run["filters"] for run in runs] == [0, 0]


def test_every_broken_link_seeded_into_a_generated_site_is_found_on_its_line(tmp_path):
    seeded = generate_site(tmp_path, pages=26, links_per_page=8, broken=6, per_part=13)
    result = run_mkdocs(tmp_path)
    found = crosslink_messages(result.messages)
    assert sorted({link.kind for link in seeded}) == sorted(KINDS)
    assert len(found) == len(seeded), found
    for link in seeded:
        assert [m for m in found if m.startswith(f"{link.page}:{link.line}: link '{link.written}': ")], link


def test_a_rebuild_sees_every_change(tmp_path):
    home = MINIMAL_PAGE + "\nRead about [aftercare](aftercare.md).\n"
    root = make_site(tmp_path, {"docs/index.md": home, "docs/aftercare.md": AFTERCARE, "docs/extra.md": EXTRA})
    messages = crosslink_messages(run_mkdocs(root).messages)
    assert crosslink_messages(run_mkdocs(root).messages) == messages
    broken = AFTERCARE.replace("[home](index.md)", "[home](index.md#dem)")
    (root / "docs" / "aftercare.md").write_text(broken, encoding="utf-8")
    line = line_of(broken, "#dem")
    assert crosslink_messages(run_mkdocs(root).messages) == sorted(
        [*messages, f"docs/aftercare.md:{line}: link 'index.md#dem': no such anchor in index.md; did you mean 'demo'?"]
    )
    (root / "docs" / "aftercare.md").write_text(AFTERCARE, encoding="utf-8")
    assert crosslink_messages(run_mkdocs(root).messages) == messages
    assert not (root / ".cache" / "crosslinks").exists()


# What a built page must never do: run a script from a link, carry inline data, or make the
# patient's browser ask another host for anything.
REQUESTS_PAGE = (
    MINIMAL_PAGE
    + """
## Where to go next

- [Run a check](javascript:alert(1))
- <a href="vbscript:msgbox(1)">Visual Basic check</a>
- [Inline leaflet](data:text/html,hello)
- [Advice on hair loss from the health service](https://www.nhs.uk/conditions/hair-loss/)

![Tracking pixel](https://tracker.example/p.gif)

<iframe src="https://video.example/embed/1" title="A video"></iframe>

<script src="https://cdn.example/x.js"></script>

<p style="background: url('https://images.example/bg.png')">A styled paragraph.</p>

<form action="https://forms.example/send"><button>Send</button></form>

<pre class="mermaid">graph TD; A-->B</pre>
"""
)
REQUESTS_TABLE = MINIMAL_DATA["data/tables/demo.yml"] + (
    "  trick:\n    feature: Trick\n    exosomes: '[Check now](javascript:alert(2))'\n"
)
REQUESTS_TEMPLATE = '{% extends "base.html" %}\n{% block extrahead %}\n  <link rel="stylesheet" href="https://fonts.example/font.css">\n{% endblock %}\n'


def test_scripts_inline_data_and_requests_to_other_hosts_are_errors_on_their_lines(build_temp_site):
    result = build_temp_site(
        {
            "docs/index.md": REQUESTS_PAGE,
            "data/tables/demo.yml": REQUESTS_TABLE,
            "overrides/main.html": REQUESTS_TEMPLATE,
        }
    )
    assert result.returncode == 1
    allowed = "; link to a page of the site, or an https:, mailto: or tel: address"
    elsewhere = "so every patient's browser would contact that host; serve the file from this site (under docs/) or remove it; a plain link to the address is fine"
    found = [message for message in result.messages if "link '" in message or "Mermaid" in message]
    assert found == [
        f"data/tables/demo.yml:14: link 'javascript:alert(2)': 'javascript:' links are not allowed{allowed}",
        f"docs/index.md:15: link 'javascript:alert(1)': 'javascript:' links are not allowed{allowed}",
        f"docs/index.md:16: link 'vbscript:msgbox(1)': 'vbscript:' links are not allowed{allowed}",
        f"docs/index.md:17: link 'data:text/html,hello': 'data:' links are not allowed{allowed}",
        f"docs/index.md:20: link 'https://tracker.example/p.gif': the page loads it from another host (tracker.example), {elsewhere}",
        f"docs/index.md:22: link 'https://video.example/embed/1': the page loads it from another host (video.example), {elsewhere}",
        f"docs/index.md:24: link 'https://cdn.example/x.js': the page loads it from another host (cdn.example), {elsewhere}",
        f"docs/index.md:26: link 'https://images.example/bg.png': the page loads it from another host (images.example), {elsewhere}",
        f"docs/index.md:28: link 'https://forms.example/send': the page loads it from another host (forms.example), {elsewhere}",
        "docs/index.md:30: Mermaid diagram: the theme would load its script from unpkg.com, another host; remove the diagram or render it to an image (under docs/)",
        f"overrides/main.html:3: link 'https://fonts.example/font.css': the page loads it from another host (fonts.example), {elsewhere}",
    ]
    # A plain link to another site is navigation, not a request: no message names it.
    assert not [message for message in result.messages if "nhs.uk" in message]
