"""One `mkdocs build` for the benchmark, in its own process, timing every plugin and hook it runs.

    python -m bench.child mkdocs.yml SITE_DIR RESULT.json

Builds as `mkdocs build` does (on_startup with command 'build', strict off: the synthetic sites
carry seeded broken links), and writes to RESULT.json the processor seconds each plugin or hook
spent in its events, those of each area of hooks/ (links, checks, shortcodes, glossary, handouts),
the warnings of the build, and its wall-clock seconds. The parent reads the
process's own resource usage (processor time, peak memory) when it exits.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config


class WarningRecorder(logging.Handler):
    """Keeps the warnings and errors of the build, as `mkdocs build` would print them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def time_events(plugins: Any, seconds: dict[str, float]) -> None:
    """Wrap every event method of every plugin and hook so its processor time adds to `seconds`."""
    for event, methods in plugins.events.items():
        timed_methods = []
        for method in methods:
            origin = plugins._event_origins.get(method, "<unknown>")
            timed = timed_method(method, origin, seconds)
            plugins._event_origins[timed] = origin
            timed_methods.append(timed)
        plugins.events[event] = timed_methods


def timed_method(method: Callable[..., Any], origin: str, seconds: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(method)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            seconds[origin] = seconds.get(origin, 0.0) + time.process_time() - started

    return timed


def main(argv: list[str]) -> None:
    config_file, site_dir, result = argv
    recorder = WarningRecorder()
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.addHandler(recorder)
    logger.propagate = False
    started = time.perf_counter()
    config = load_config(config_file=config_file, site_dir=str(Path(site_dir).resolve()), strict=False)
    seconds: dict[str, float] = {}
    time_events(config.plugins, seconds)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    wall = time.perf_counter() - started
    # The hook file's build object keeps the processor time of each area of hooks/ it called.
    site_build = config.plugins.get("site-build")
    areas = dict(getattr(site_build, "seconds", {}))
    Path(result).write_text(
        json.dumps({"wall": wall, "plugins": seconds, "areas": areas, "warnings": recorder.messages}),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
