"""Lighthouse on the main pages of a built site served on 127.0.0.1, as a phone on a slow network
sees them (Lighthouse's default mobile settings): prints the four scores of each page and the audits
that cost points, from the run of median performance of five. Fails when accessibility, best
practices or SEO is under 100; performance, which varies from run to run, only warns under 98.
Run by `make audit`:

    python tests/lighthouse_audit.py SITE_DIR
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from siteserver import serve

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "procedure/", "side-effects/", "results/", "comparison/", "aftercare/", "faq/"]
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def lighthouse(url: str) -> dict:
    """The JSON report of one Lighthouse run."""
    completed = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(TARGETS)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{completed.stderr}")
    return json.loads(completed.stdout)


def lost_points(report: dict, category: str) -> list[str]:
    """The audits of a category that did not score full marks."""
    audits = report["audits"]
    return [
        f"{audits[ref['id']]['title']} ({audits[ref['id']].get('displayValue') or round(audits[ref['id']]['score'] * 100)})"
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


def median_run(reports: list[dict]) -> dict:
    """The run of median performance score, as Lighthouse's guide on variability advises: one run
    of a page varies by a few points with the machine's load."""
    ranked = sorted(reports, key=lambda report: report["categories"]["performance"]["score"])
    return ranked[len(ranked) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the folder of a built site")
    parser.add_argument("pages", nargs="*", default=PAGES, help="pages to audit, as paths under site_url")
    parser.add_argument("--runs", type=int, default=5, help="runs per page; the one of median performance counts")
    args = parser.parse_args(argv)
    failed = False
    with serve(args.site) as home:
        print(f"{'page':<22}" + "".join(f"{category:>16}" for category in TARGETS))
        for page in args.pages:
            report = median_run([lighthouse(home + page) for _ in range(args.runs)])
            scores = {category: round(report["categories"][category]["score"] * 100) for category in TARGETS}
            print(f"{page or 'home':<22}" + "".join(f"{score:>16}" for score in scores.values()))
            for category, score in scores.items():
                if score < TARGETS[category]:
                    failed = failed or category != "performance"
                    print(f"    {category} under {TARGETS[category]}: " + "; ".join(lost_points(report, category)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
