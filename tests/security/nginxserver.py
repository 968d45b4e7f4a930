"""Serve a built site with Debian's nginx on a free port of 127.0.0.1, as `make preview` does, for
the tests of the security headers."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from browsers import require_program

from hooks.security.preview import nginx_command, write_config

NGINX = Path("/usr/sbin/nginx")


def require_nginx() -> None:
    require_program(NGINX, "nginx")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def serve_with_nginx(site: Path, base_path: str, temp_dir: Path) -> Iterator[str]:
    """nginx serving `site` while the block runs; yields the address of its home page."""
    require_nginx()
    temp_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = write_config(
        temp_dir, site=site, base_path=base_path, port=port, as_root=os.geteuid() == 0, log_requests=False
    )
    log = temp_dir / "nginx.log"
    with log.open("wb") as output:
        server = subprocess.Popen(nginx_command(config, temp_dir, str(NGINX)), stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while not answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start on port {port}:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}{base_path}"
    finally:
        server.terminate()
        server.wait(timeout=10)
