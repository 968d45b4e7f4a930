"""Serve a built site on 127.0.0.1 from a thread, as the clinic's web server will: under the path of
its site_url (such as /exosomes/), since the 404 page links to its assets by absolute paths, and
with text compressed, as any web host does (Lighthouse times the transfer)."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the build under `prefix`; nothing outside it."""

    prefix = "/"

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


def public_address(site: Path) -> str:
    """The site_url of a build, from the canonical link of its home page."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{site / 'index.html'}: no canonical link; set site_url in mkdocs.yml")
    return match[1]


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a build on a free port while the block runs; yields the address of its home page."""
    prefix = urlsplit(public_address(site)).path
    handler = type("Handler", (SiteHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
