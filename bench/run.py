"""`make bench`: build, validation and PDF speed of the site, measured side by side.

    python -m bench.run --runs 5 --sizes 200,1000,2000 --output bench/results.md

Generates synthetic sites (bench/sites.py) in a temporary folder and prints one Markdown table of
medians over `--runs` runs. Every comparison is a ratio of two figures measured in the same run,
so a busy machine slows both sides alike; the two builds compared are each made `--builds` times
(A B B A A B for three), the sizes taking turns, and each side counts its fastest build. Build
times are the processor time (user + system) of the build's own process; each area of hooks/ (links,
checks, shortcodes, glossary, handouts) is timed by the build object, a plugin by its events.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from bench.sites import SeededLink, copy_project, generate_site
from hooks.pages.model import read_docs
from hooks.project.model import load_project
from hooks.shortcodes.placements import Usage

PROJECT = Path(__file__).resolve().parent.parent
HTMLPROOFER = "htmlproofer"
LYCHEE = Path(sys.executable).with_name("lychee")
# The Markdown extensions the hooks add to the build: the plain build keeps them, so both render alike.
HOOK_EXTENSIONS = ["hooks.shortcodes.captions:TableCaptions", "hooks.glossary.focus:FocusableAbbreviations"]
# The areas of hooks/ whose processor time the build object keeps.
AREAS = ("shortcodes", "checks", "glossary", "links", "security", "handouts")
HEADER = "| # | Measure | Result | Compared with | Ratio | Target | Met |\n|---|---|---|---|---|---|---|"


@dataclass
class Build:
    """One build in its own process: seconds, peak memory, each plugin's share, its warnings."""

    wall: float
    cpu: float
    peak_mb: float
    plugins: dict[str, float]
    areas: dict[str, float]  # processor seconds of each area of hooks/
    warnings: list[str]


@dataclass
class Check:
    """One link checker's run over a built site: wall and processor seconds, seeded links reported."""

    seconds: float
    cpu: float
    found: int


@dataclass
class Samples:
    """Every figure of every run, by name; the table shows their medians."""

    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.values.setdefault(name, []).append(value)

    def median(self, name: str) -> float:
        return statistics.median(self.values[name])

    def spread(self, name: str) -> str:
        """The median and, over several runs, the range: 1.08 (1.04 to 1.15), shown with an en dash."""
        values = self.values[name]
        if len(values) == 1:
            return f"{values[0]:.2f}"
        return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


# Builds --------------------------------------------------------------------------------------


def bench_env(**extra: str) -> dict[str, str]:
    """The environment of a benchmark build: the project importable, no MkDocs 2.0 banner."""
    env = dict(os.environ)
    env.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(PROJECT)})
    env.update(extra)
    return env


def run_process(
    command: list[str], *, cwd: Path, env: dict[str, str], stdout: Any = subprocess.DEVNULL
) -> tuple[float, float, float, int]:
    """Run a command; its wall seconds, processor seconds, peak memory (MB) and exit code."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=stdout, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if process.returncode not in (0, 1, 2) or (process.returncode and "lychee" not in command[0]):
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode(errors='replace')[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode


def run_build(config: Path, site: Path, env: dict[str, str]) -> Build:
    """`mkdocs build` of a configuration into `site`, timed by bench/child.py."""
    result = site.with_name(site.name + ".json")
    command = [sys.executable, "-m", "bench.child", str(config), str(site), str(result)]
    _, cpu, peak, _ = run_process(command, cwd=config.parent, env=env)
    data = json.loads(result.read_text(encoding="utf-8"))
    return Build(data["wall"], cpu, peak, data["plugins"], data.get("areas", {}), data["warnings"])


# Sites ---------------------------------------------------------------------------------------


def write_plain_site(source: Path, destination: Path) -> Path:
    """The same site with every shortcode pre-expanded by the project's own functions and no hooks.

    Theme, Markdown extensions (those the hooks add included) and nav stay as they are; returns
    the new configuration file.
    """

    def built(folder: str, names: list[str]) -> set[str]:  # earlier builds of the source, at its top
        return {name for name in names if name.startswith("site")} if Path(folder) == source else set()

    shutil.copytree(source, destination, ignore=built)
    project = load_project(destination, today=datetime.date.today())
    docs = destination / "docs"
    for page in read_docs(project, docs, Usage()):
        text = page.content
        front_matter = text[: len(text) - len(page.body)] if text.endswith(page.body) else ""
        (docs / page.src_uri).write_text(front_matter + page.markdown, encoding="utf-8")
    data = project.data
    config = destination / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings.pop("hooks", None)
    settings.setdefault("extra", {})["clinic"] = data.clinic
    settings["markdown_extensions"] = [*settings.get("markdown_extensions", []), *HOOK_EXTENSIONS]
    config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config


def write_htmlproofer_config(root: Path) -> Path:
    """The site's configuration plus mkdocs-htmlproofer-plugin, external checks off."""
    settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    proofer = {HTMLPROOFER: {"validate_external_urls": False, "raise_error": False}}
    settings["plugins"] = [*settings.get("plugins", []), proofer]
    config = root / "mkdocs.htmlproofer.yml"
    config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config


# Link checkers -------------------------------------------------------------------------------


def found_by_validator(warnings: list[str], seeded: list[SeededLink]) -> int:
    """Seeded links the cross-link validator reported, on their page and line."""
    return sum(any(w.startswith(f"{link.page}:{link.line}: ") for w in warnings) for link in seeded)


def found_by_htmlproofer(warnings: list[str], seeded: list[SeededLink]) -> int:
    """Seeded links mkdocs-htmlproofer-plugin reported: 'invalid url - HREF [STATUS] [PAGE]'."""
    reported = set()
    for warning in warnings:
        match = re.search(r"invalid url - (\S+) \[[^]]*\] \[([^]]+)\]", warning)
        if match:
            reported.add((match[2], match[1]))
    return sum((link.page.removeprefix("docs/"), link.href) in reported for link in seeded)


def normal_target(url: str) -> tuple[str, str]:
    """A resolved link target as (path without a trailing slash or index.html, fragment)."""
    parts = urlsplit(url)
    return parts.path.removesuffix("/index.html").rstrip("/"), parts.fragment


def run_lychee(site: Path, seeded: list[SeededLink], env: dict[str, str]) -> Check:
    """`lychee --offline --include-fragments` over a built site; its wall seconds and seeded finds."""
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        command = [
            str(LYCHEE),
            "--offline",
            "--include-fragments",
            "--no-progress",
            "--format",
            "json",
            "--output",
            output.name,
            str(site),
        ]
        wall, cpu, _, _ = run_process(command, cwd=site, env=env)
        report = json.loads(Path(output.name).read_text(encoding="utf-8") or "{}")
    reported = set()
    for source, errors in (report.get("error_map") or {}).items():
        for error in errors:
            reported.add((Path(source).resolve().as_posix(), normal_target(error["url"])))
    found = 0
    for link in seeded:
        built = (site / link.built).resolve()
        target = normal_target(urljoin(built.as_uri(), link.href))
        found += (built.as_posix(), target) in reported
    return Check(wall, cpu, found)


# Handouts and preview ------------------------------------------------------------------------


def handout_count(root: Path) -> int:
    settings = yaml.safe_load((root / "data" / "handouts.yml").read_text(encoding="utf-8"))
    return len(settings.get("handouts") or [])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """`mkdocs serve` of a site on a free port of 127.0.0.1, its log read line by line."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        # Not strict: under `mkdocs serve` the validator reports the http:// address of the preview itself.
        address = f"127.0.0.1:{free_port()}"
        command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", address]
        self.process = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()
        self.wait_for("Serving on", timeout=600)

    def read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put((time.perf_counter(), line))

    def wait_for(self, text: str, timeout: float) -> float:
        """The time the log first shows `text`."""
        deadline = time.perf_counter() + timeout
        while True:
            try:
                at, line = self.lines.get(timeout=max(0.01, deadline - time.perf_counter()))
            except queue.Empty:
                raise RuntimeError(f"mkdocs serve did not log '{text}' within {timeout:.0f} s") from None
            if text in line:
                return at

    def rebuild_after_edit(self, data_file: Path, run: int) -> tuple[float, float]:
        """Seconds from editing a data file until the preview reloads the browsers, and from MkDocs
        noticing the change (it looks every 0.5 s) until then."""
        text = data_file.read_text(encoding="utf-8")
        text = re.sub(r"\n# benchmark edit \d+\n\Z", "\n", text)
        edited = time.perf_counter()
        data_file.write_text(text + f"# benchmark edit {run}\n", encoding="utf-8")
        noticed = self.wait_for("Detected file changes", timeout=120)
        reloaded = self.wait_for("Reloading browsers", timeout=120)
        return reloaded - edited, reloaded - noticed

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


# The run -------------------------------------------------------------------------------------


def build_order(run: int, builds: int) -> list[str]:
    """The order of the builds compared in one run: A B B A A B ..., `builds` of each side, with the
    plain build as A in every other run, so a machine that slows down within a run tilts neither side."""
    first, second = ("plain", "hooks") if run % 2 else ("hooks", "plain")
    return [(first, second, second, first)[index % 4] for index in range(2 * builds)]


def compared_builds(
    configs: dict[int, tuple[Path, Path]], run: int, builds: int, env: dict[str, str]
) -> dict[int, dict[str, list[Build]]]:
    """The builds compared in one run: of each size (with hooks, plain), `builds` of each side.

    The sizes take turns, a pair of builds at a time (A B 200, A B 1000, A B 2000, B A 200, ...),
    so the builds of every size are spread over the whole run alike: a slow spell of the machine
    falls on the sizes compared for growth as evenly as on the two sides of each size.
    """
    order = build_order(run, builds)
    made: dict[int, dict[str, list[Build]]] = {size: {"plain": [], "hooks": []} for size in configs}
    for start in range(0, len(order), 2):
        for size, (hooks_config, plain_config) in configs.items():
            for side in order[start : start + 2]:
                config = plain_config if side == "plain" else hooks_config
                made[size][side].append(run_build(config, config.parent / "site", env))
    return made


def measure(
    work: Path, sizes: list[int], runs: int, log: Callable[[str], None], builds: int = 3
) -> tuple[Samples, dict[int, int]]:
    """Every figure of the table, `runs` times, the builds compared `builds` times each a run;
    returns them and the seeded links per size."""
    samples = Samples()
    seeded: dict[int, list[SeededLink]] = {}
    configs: dict[int, tuple[Path, Path, Path]] = {}
    largest = max(sizes)
    # Handouts off: every build compared is a clean build, as CI and every deploy make it; nothing
    # but handout PDFs is kept between builds, so a second build does the same work.
    env = bench_env(HANDOUTS="0")
    for size in sizes:
        log(f"generating a site of {size} pages")
        root = work / f"hooks-{size}"
        seeded[size] = generate_site(root, size)
        plain = write_plain_site(root, work / f"plain-{size}")
        configs[size] = (root / "mkdocs.yml", plain, write_htmlproofer_config(root))
    real = work / "real"
    copy_project(real, PROJECT)
    preview_root = work / "preview"
    copy_project(preview_root, PROJECT)
    preview = Preview(preview_root, bench_env(HANDOUTS_CACHE=str(work / "preview-cache")))
    try:
        for run in range(1, runs + 1):
            log(f"run {run}/{runs}: the builds compared")
            made = compared_builds({size: configs[size][:2] for size in sizes}, run, builds, env)
            for size in sizes:
                log(f"run {run}/{runs}: {size} pages")
                hooks_config, _, proofer_config = configs[size]
                root = hooks_config.parent
                # Each side counts its fastest build, as timeit does: another process only ever adds time.
                plain = min(made[size]["plain"], key=lambda build: build.cpu)
                full = min(made[size]["hooks"], key=lambda build: build.cpu)
                samples.add(f"plain-{size}", plain.cpu)
                samples.add(f"full-{size}", full.cpu)
                samples.add(f"full-wall-{size}", full.wall)
                samples.add(f"ratio-{size}", full.cpu / plain.cpu)  # paired: the builds of one run
                samples.add(f"peak-{size}", full.peak_mb)
                for area, seconds in full.areas.items():
                    samples.add(f"area-{area}-{size}", seconds)
                lychee = run_lychee(root / "site", seeded[size], env)
                samples.add(f"lychee-{size}", lychee.seconds)
                samples.add(f"lychee-cpu-{size}", lychee.cpu)
                samples.add(f"lychee-found-{size}", lychee.found)
                for hooks in made[size]["hooks"]:  # the validator's time in every build, each against lychee's
                    validator = hooks.areas.get("links", 0.0)
                    samples.add(f"validator-{size}", validator)
                    samples.add(f"validator-share-{size}", validator / hooks.cpu)
                    samples.add(f"validator-found-{size}", found_by_validator(hooks.warnings, seeded[size]))
                    samples.add(f"speedup-{size}", lychee.seconds / max(validator, 1e-9))
                if size == largest and run == 1:  # slow (minutes), and only its findings are compared
                    proofer = run_build(proofer_config, root / "site-htmlproofer", env)
                    samples.add(f"htmlproofer-{size}", proofer.plugins.get(HTMLPROOFER, 0.0))
                    samples.add(f"htmlproofer-found-{size}", found_by_htmlproofer(proofer.warnings, seeded[size]))
            if len(sizes) >= 2:
                small, large = sorted(sizes)[-2:]
                samples.add("growth", samples.values[f"full-{large}"][-1] / samples.values[f"full-{small}"][-1])
                samples.add("growth-plain", samples.values[f"plain-{large}"][-1] / samples.values[f"plain-{small}"][-1])
            log(f"run {run}/{runs}: handouts and preview")
            fresh = bench_env(HANDOUTS="1", HANDOUTS_CACHE=str(work / f"handouts-{run}"))
            first = run_build(real / "mkdocs.yml", real / "site", fresh)
            again = run_build(real / "mkdocs.yml", real / "site", fresh)
            samples.add("handouts-first", first.areas.get("handouts", 0.0) / handout_count(real))
            samples.add("handouts-again", again.areas.get("handouts", 0.0) / handout_count(real))
            samples.add("validator-share-real", again.areas.get("links", 0.0) / again.cpu)
            end_to_end, rebuild = preview.rebuild_after_edit(preview_root / "data" / "facts.yml", run)
            samples.add("serve", end_to_end)
            samples.add("serve-rebuild", rebuild)
    finally:
        preview.stop()
    return samples, {size: len(links) for size, links in seeded.items()}


def met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def results_table(samples: Samples, sizes: list[int], seeded: dict[int, int]) -> str:
    """The Markdown table of medians: six numbered comparisons, one row per size where it applies."""
    m = samples.median
    rows = []
    for size in sizes:
        ratio = m(f"ratio-{size}")
        areas = ", ".join(
            f"{area} {m(f'area-{area}-{size}'):.2f} s" for area in AREAS if f"area-{area}-{size}" in samples.values
        )
        rows.append(
            f"| 1 | Clean build of {size} pages, all hooks, handouts off (hooks' areas: {areas}) | {m(f'full-{size}'):.2f} s | "
            f"{m(f'plain-{size}'):.2f} s, shortcodes pre-expanded, no hooks | {samples.spread(f'ratio-{size}')} | "
            f"≤ 1.25 (stretch 1.15) | {met(ratio <= 1.25)}{' (stretch met)' if ratio <= 1.15 else ''} |"
        )
    for size in sizes:
        ratio = m(f"ratio-{size}")
        rows.append(
            f"| 1 | Second build of {size} pages: the same work as a clean build, nothing but PDFs is kept | "
            f"{m(f'full-{size}'):.2f} s | {m(f'plain-{size}'):.2f} s | {samples.spread(f'ratio-{size}')} | ≤ 1.10 | {met(ratio <= 1.10)} |"
        )
    for size in sizes:
        validator, lychee = m(f"validator-{size}"), m(f"lychee-{size}")
        found, lychee_found = int(m(f"validator-found-{size}")), int(m(f"lychee-found-{size}"))
        lychee_cpu = m(f"lychee-cpu-{size}")
        compared = (
            f"lychee {lychee:.2f} s ({lychee_cpu:.2f} s of processor time, "
            f"{lychee_cpu / validator:.1f}× the validator's), found {lychee_found}/{seeded[size]}"
        )
        if f"htmlproofer-{size}" in samples.values:
            proofer, proofer_found = m(f"htmlproofer-{size}"), int(m(f"htmlproofer-found-{size}"))
            compared += f"; htmlproofer {proofer:.2f} s ({proofer / validator:.1f}× the validator), found {proofer_found}/{seeded[size]}"
        speedup = m(f"speedup-{size}")
        rows.append(
            f"| 2 | Cross-link validator in a clean build of {size} pages (every page read and checked) | "
            f"{validator:.2f} s, found {found}/{seeded[size]} | {compared} | "
            f"{samples.spread(f'speedup-{size}')}× faster than lychee | faster, none missed | {met(speedup > 1 and found == seeded[size])} |"
        )
    for name, where in [*((str(size), f"{size} pages") for size in sizes), ("real", "the real site")]:
        share = m(f"validator-share-{name}")
        rows.append(
            f"| 2 | Cross-link validator's share of the build, {where} | {share:.1%} | processor time of the build | | ≤ 5 % | {met(share <= 0.05)} |"
        )
    if len(sizes) >= 2:
        small, large = sorted(sizes)[-2:]
        growth = m("growth")
        limit = 1.05 * large / small
        rows.append(
            f"| 3 | Build of {large} pages, all hooks | {m(f'full-{large}'):.2f} s | {m(f'full-{small}'):.2f} s at {small} pages "
            f"(the plain build grows {samples.spread('growth-plain')}) | "
            f"{samples.spread('growth')} | ≤ {limit:.2f} (linear + 5 %) | {met(growth <= limit)} |"
        )
    else:
        rows.append("| 3 | Build growth | one size only | | | two sizes needed | n/a |")
    first, again = m("handouts-first"), m("handouts-again")
    share = again / first if first else 0.0
    rows.append(
        f"| 4 | Handout PDFs, rebuild with nothing changed | {again:.3f} s per handout | {first:.2f} s per handout on a first build | "
        f"{share:.1%} | ≤ 5 % | {met(share <= 0.05)} |"
    )
    serve, rebuild = m("serve"), m("serve-rebuild")
    rows.append(
        f"| 5 | `mkdocs serve` rebuild after editing data/facts.yml (real site), from the change being noticed to the reload | "
        f"{rebuild:.2f} s | {serve:.2f} s from the edit itself (MkDocs looks for changes every 0.5 s) | | < 1 s | {met(rebuild < 1)} |"
    )
    largest = max(sizes)
    peak = m(f"peak-{largest}")
    rows.append(
        f"| 6 | Peak memory of the build, {largest} pages | {peak:.0f} MB | 202 MB before the redesign (2,000 pages) | | ≤ 202 MB | {met(peak <= 202)} |"
    )
    return HEADER + "\n" + "\n".join(rows)


def machine() -> str:
    """nproc, processor model and Python version of this machine."""
    model = platform.processor() or "unknown processor"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(encoding="utf-8"), re.M)
        model = match[1].strip() if match else model
    return f"{os.cpu_count()} × {model}, Python {platform.python_version()}"


def report(table: str, sizes: list[int], runs: int, builds: int) -> str:
    """The results file: how it was measured, then the table."""
    return (
        f"# Benchmark results\n\n"
        f"`make bench RUNS={runs} BUILDS={builds} SIZES={','.join(map(str, sizes))}` on {time.strftime('%Y-%m-%d')}, "
        f"{machine()}. Medians of {runs} runs; build times are processor seconds of the build process, "
        f"a hook's or plugin's time its processor seconds in its own events; lychee's is wall-clock. "
        f"In each run both sides of the build comparison are built {builds} times (in the order "
        f"{' '.join('AB'[side == 'hooks'] for side in build_order(1, builds))}) and each counts its "
        f"fastest build, the sizes taking turns; the validator is timed in every build with hooks. "
        f"Builds compared are clean builds with handouts off (HANDOUTS=0); nothing else is kept between builds. "
        f"A ratio is the median of each run's own ratio, its range over the runs in brackets.\n\n"
        f"{table}\n"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--builds", type=int, default=3, help="builds of each side compared, in each run")
    parser.add_argument("--sizes", default="50,100", help="pages of each synthetic site, comma-separated")
    parser.add_argument("--output", type=Path, help="also write the results to this Markdown file")
    parser.add_argument("--work", type=Path, help="keep the generated sites in this folder")
    arguments = parser.parse_args(argv)
    sizes = sorted({int(size) for size in arguments.sizes.split(",") if size.strip()})

    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        work = arguments.work or Path(temporary)
        samples, seeded = measure(work, sizes, arguments.runs, log, arguments.builds)
    text = report(results_table(samples, sizes, seeded), sizes, arguments.runs, arguments.builds)
    print(text)
    if arguments.output:
        arguments.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
