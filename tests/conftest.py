"""Build sites for tests: the real one, or a small one from a dict of files with the project's
mkdocs.yml, hooks, overrides and data schemas. Each build runs in its own process, so hook module
state never leaks from one test build to the next."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

from hooks.core.translation import Translation, localize
from hooks.core.yamlfile import parse_yaml
from hooks.project.sitedata import CareCard, care_cards_of

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "test-artifacts"
LOG_LINE = re.compile(r"^(?P<level>DEBUG|INFO|WARNING|ERROR)\s+-\s+(?P<message>.*)$")
# A fixed build date and review date, so tests that depend on dates do not depend on the day they run.
FIXED_EPOCH = "1795478400"  # 2026-11-24 00:00 UTC
FIXED_REVIEW_DATE = "2026-11-24"

# A small, valid data set: each file uses everything it defines, so a one-page site builds clean.
MINIMAL_DATA: dict[str, str | None] = {
    "data/facts.yml": "course_sessions:\n  value: 3 to 6 sessions\n",
    "data/tables/demo.yml": (
        "caption: A demo table\n"
        "columns:\n  feature: Feature\n  exosomes: Exosomes\n"
        "rows:\n  sessions:\n    feature: Sessions\n    exosomes: <!-- md:fact course_sessions -->\n"
        "  pain:\n    feature: Pain\n    exosomes: Mild\n"
    ),
    # The real wording of each card; items last, so a test can add one to the emergency card.
    "data/care-cards.yml": (
        'non-urgent:\n  prefix: "Non-urgent advice:"\n  heading: "Contact the clinic in opening hours if:"\n'
        "  action: Call <!-- md:clinic name --> on <!-- md:clinic phone -->.\n"
        "  items:\n    - your scalp itches for a week\n"
        'urgent:\n  prefix: "Urgent advice:"\n  heading: "Contact the clinic straight away if:"\n'
        "  action: Call <!-- md:clinic name --> on <!-- md:clinic phone -->, or <!-- md:clinic out-of-hours-name -->"
        " on <!-- md:clinic out-of-hours-number --> when we are closed.\n"
        "  items:\n    - you have a high fever\n"
        'emergency:\n  prefix: "Immediate action required:"\n'
        '  heading: "Call <!-- md:clinic emergency-number --> or go to <!-- md:clinic emergency-place --> now if:"\n'
        "  action: Call <!-- md:clinic emergency-number --> or go to <!-- md:clinic emergency-place -->.\n"
        "  items:\n    - you have trouble breathing\n"
    ),
    "data/references.yml": "demo2023:\n  citation: Demo A. A study. 2023.\n  url: https://doi.org/10.1000/demo\n",
    "data/glossary.yml": "PRP: Platelet-rich plasma. A treatment made from your own blood.\nNHS: The National Health Service.\n",
    # The real regulators, citing the one reference of the small data set.
    "data/regulators.yml": (PROJECT / "data" / "regulators.yml")
    .read_text(encoding="utf-8")
    .replace("reference: mhra", "reference: demo2023")
    .replace("reference: yellowcard", "reference: demo2023"),
    # No printed handouts: the real ones name pages a one-page site does not have.
    "data/handouts.yml": "handouts: []\n",
    # No protocol values or competencies: only the staff pages place them.
    "data/protocol.yml": None,
    "data/competencies.yml": None,
    # One language: the small data set is in English only (the real data's translations are
    # tested with the real data).
    "data/languages.yml": None,
    # The real checks, without the care-card and evidence pages a one-page site does not have.
    "data/quality.yml": (
        "review:\n  max_years: 3\n"
        "key_points:\n  title: Key points\n  min_bullets: 3\n  max_bullets: 5\n  min_words: 100\n"
        "care_cards:\n  pages: []\n"
        "readability:\n  min_words: 100\n  long_sentence_words: 25\n"
        "  flesch_kincaid:\n    note: 6\n    fail: 8\n  smog:\n    note: 7\n    fail: 9\n"
    ),
}


def in_language(value: object, code: str = "en") -> object:
    """A data value as one language's edition reads it: each {en: …, ar: …} mapping of a data file
    replaced by its text in `code`, figures placed (the tests compare against what readers see)."""
    return localize(value, Translation(language=code, languages=tuple(dict.fromkeys(("en", code)))))


# The clinic's details (data/clinic.yml) as the English site shows them.
ENGLISH_CLINIC: dict = in_language(yaml.safe_load((PROJECT / "data" / "clinic.yml").read_text(encoding="utf-8")))  # type: ignore[assignment]
# The site's words around the pages (data/interface.yml) in English, for the unit tests that build
# SiteData by hand.
ENGLISH_WORDS: dict[str, str] = in_language(  # type: ignore[assignment]
    yaml.safe_load((PROJECT / "data" / "interface.yml").read_text(encoding="utf-8"))
)
# The clinic details of the unit tests that build SiteData by hand.
SAMPLE_CLINIC = {
    "name": "Dalily Medical",
    "phone": "+44 20 7946 0000",
    "email": "hair@example.org",
    "address": "1 Road",
    "hours": "9 to 5",
    "emergency": {"number": "999", "place": "A&E"},
    "out_of_hours": {"name": "NHS 111", "number": "111"},
}


def sample_care_cards(text: str | None = None) -> dict[str, CareCard]:
    """The cards of the small data set (or of `text`, a data/care-cards.yml), as a build loads them."""
    document = parse_yaml(text or str(MINIMAL_DATA["data/care-cards.yml"]), "data/care-cards.yml")
    return care_cards_of(replace(document, value=in_language(document.value)))


MINIMAL_PAGE = """---
audience: patient
description: A page of the tests.
# No review in front matter: a clinician's review is a sign-off (make sign-off), and the tests
# sign only with a test name.
---
# Demo

You need <!-- md:fact course_sessions -->.

<!-- md:table demo -->
"""


@dataclass
class BuildResult:
    """What a build printed and wrote."""

    returncode: int
    output: str
    root: Path
    site: Path

    @property
    def messages(self) -> list[str]:
        """Warnings and errors without the level prefix, in the order printed."""
        found = []
        for line in self.output.splitlines():
            match = LOG_LINE.match(line)
            if match and match["level"] in {"WARNING", "ERROR"}:
                found.append(match["message"].strip())
            elif line.startswith(("Error: ", "Aborted")):
                found.append(line.strip())
        return found

    def html(self, url: str = "") -> str:
        """The built HTML of a page by its URL ('' for the home page, 'procedure/' for a page)."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def mkdocs_env(**extra: str) -> dict[str, str]:
    """The environment of a test build: no MkDocs 2.0 banner, fixed dates unless given."""
    env = dict(os.environ)
    env.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": FIXED_EPOCH, "REVIEW_DATE": FIXED_REVIEW_DATE})
    env.update(extra)
    return env


def run_mkdocs(
    root: Path, *args: str, config: str = "mkdocs.yml", site_dir: str = "site", env: Mapping[str, str] | None = None
) -> BuildResult:
    """`mkdocs build --strict` in its own process: never -q (exits 0 on warnings), never -v."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(root / config),
        "-d",
        str(root / site_dir),
        *args,
    ]
    completed = subprocess.run(
        command,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream, in the order printed
        text=True,
        env=dict(env or mkdocs_env()),
        timeout=600,
    )
    return BuildResult(completed.returncode, completed.stdout, root, root / site_dir)


def copy_project(destination: Path, *, with_docs: bool) -> None:
    """The project's own build inputs, copied so a test can change them freely."""
    # CONTENT_DECISIONS.md: the staff reference places it on a page.
    for name in ["mkdocs.yml", "hooks", "overrides", "data", "CONTENT_DECISIONS.md"] + (["docs"] if with_docs else []):
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    for extra in PROJECT.glob("mkdocs.*.yml"):
        shutil.copy2(extra, destination / extra.name)


def write_files(root: Path, files: Mapping[str, str | None]) -> None:
    """Write each file of the dict; None deletes it."""
    for relative, text in files.items():
        path = root / relative
        if text is None:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_site(
    root: Path, files: Mapping[str, str | None], *, real_docs: bool = False, config: Mapping | None = None
) -> Path:
    """A project folder: the real inputs, then `files` on top; a small data set unless real_docs."""
    root.mkdir(parents=True, exist_ok=True)
    copy_project(root, with_docs=real_docs)
    if not real_docs:
        shutil.rmtree(root / "data" / "tables", ignore_errors=True)
        # The stylesheets mkdocs.yml names (extra_css).
        shutil.copytree(PROJECT / "docs" / "assets", root / "docs" / "assets", dirs_exist_ok=True)
        write_files(root, MINIMAL_DATA)
    write_files(root, files)
    settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    if not real_docs:
        pages = sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md"))
        pages.sort(key=lambda p: p != "index.md")
        settings["nav"] = pages
    settings.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture
def build_temp_site(tmp_path: Path) -> Callable[..., BuildResult]:
    """Build a temporary site from a dict of files; returns what the strict build printed and wrote.

    `build_temp_site({"docs/index.md": "..."})` uses the small data set; `real_docs=True` starts
    from the real pages and data. Extra keyword `config` overrides mkdocs.yml settings, `args`
    adds command-line arguments, `env` adds environment variables.
    """

    def build(
        files: Mapping[str, str | None] | None = None,
        *,
        real_docs: bool = False,
        config: Mapping | None = None,
        args: tuple[str, ...] = (),
        env: Mapping[str, str] | None = None,
    ) -> BuildResult:
        files = dict(files or {})
        if not real_docs:
            files.setdefault("docs/index.md", MINIMAL_PAGE)
        make_site(tmp_path, files, real_docs=real_docs, config=config)
        return run_mkdocs(tmp_path, *args, env=mkdocs_env(**(env or {})))

    return build


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], BuildResult]
) -> BuildResult:
    """A build every test of the run reads: made once into a new folder by `build`. With several
    workers (`make test` runs `pytest -n`), the first worker to ask makes it and the others wait for
    it and read the same folder, as the tests of one process do."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return build(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent / name  # the run's folder, above each worker's own
    record = root.with_name(name + ".json")
    with FileLock(root.with_name(name + ".lock")):
        if record.is_file():
            made = json.loads(record.read_text(encoding="utf-8"))
            return BuildResult(made["returncode"], made["output"], root, root / made["site"])
        result = build(root)
        made = {
            "returncode": result.returncode,
            "output": result.output,
            "site": result.site.relative_to(root).as_posix(),
        }
        record.write_text(json.dumps(made), encoding="utf-8")
    return result


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One strict build of the real site, shared by the tests that read it: the English site, then
    each translated edition into site/CODE/, as `make build` does. The output is both builds'."""

    def build(root: Path) -> BuildResult:
        make_site(root, {}, real_docs=True)
        return build_editions(root)

    return built_once(tmp_path_factory, "real-site", build)


def build_editions(root: Path, env: Mapping[str, str] | None = None) -> BuildResult:
    """The English site, then each edition of mkdocs.CODE.yml (but the staff one) into site/CODE/;
    the first that fails is the result."""
    result = run_mkdocs(root, env=env)
    for config in sorted(root.glob("mkdocs.*.yml")):
        code = config.name.split(".")[1]
        if result.returncode != 0 or code == "staff":
            continue
        edition = run_mkdocs(root, config=config.name, site_dir=f"site/{code}", env=env)
        result = BuildResult(edition.returncode, result.output + edition.output, root, result.site)
    return result


@pytest.fixture(scope="session")
def staff_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One strict build of the staff reference (mkdocs.staff.yml), shared by the tests that read it."""

    def build(root: Path) -> BuildResult:
        make_site(root, {}, real_docs=True)
        return run_mkdocs(root, config="mkdocs.staff.yml", site_dir="site-staff")

    return built_once(tmp_path_factory, "staff-site", build)
