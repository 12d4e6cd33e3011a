"""A local HTTP server for the sample world: the feeds and article pages of every outlet, as
they look at the end of a settable simulated day. Stdlib only (threaded http.server) and bound
to 127.0.0.1 on an ephemeral port; fetching it needs `NEWSWATCH_ALLOW_PRIVATE_HOSTS=1` (or
`--allow-private-hosts`), as the netguard refuses loopback addresses by default.

    from newswatch.demo.server import DemoServer

    with DemoServer() as server:               # loads the bundled world, starts serving
        feeds_file = server.write_feeds_yaml(tmp / "feeds.yaml")   # the project's feed-list format
        for day in server.world.days:
            server.set_day(day)                # feeds now show items published up to the end of `day`
            ...                                # run one monitor cycle with the clock at day_end(day)

Routes: `/feeds/<feed id>.xml` (RSS 2.0, latest 20 items) and each article's `url_path`
(HTML; 404 until the simulated day reaches its publication). Feed responses carry ETag and
Last-Modified and answer conditional requests with 304. The silent feed keeps answering with
its old items after its `silent_from` day (silent, not broken). `server.requests` counts GETs
per path, for tests.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import Counter
from datetime import date
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from newswatch.demo.world import World, article_html, feed_xml, last_modified, load_world


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet: the demo prints its own progress
        pass

    def do_HEAD(self) -> None:  # noqa: N802 (http.server API)
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        demo = self.server.demo
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        demo._count(path)
        day = demo.day
        world = demo.world
        modified = None
        if path.startswith("/feeds/") and path.endswith(".xml") and path[7:-4] in world.feeds:
            feed_id = path[7:-4]
            body = feed_xml(world, feed_id, day, demo.base_url)
            ctype = "application/rss+xml; charset=utf-8"
            modified = last_modified(world, feed_id, day)
        else:
            article = world.article_at(path)
            if article is None or article.published.date() > day:
                self._send(404, b"not found\n", "text/plain; charset=utf-8", head)
                return
            body = article_html(world, article).encode("utf-8")
            ctype = "text/html; charset=utf-8"
            modified = article.published
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        headers = {"ETag": etag}
        if modified is not None:
            headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        if self._not_modified(etag, modified):
            self._send(304, b"", None, head=True, headers=headers)
            return
        self._send(200, body, ctype, head, headers)

    def _not_modified(self, etag: str, modified) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims and modified is not None:
            try:
                return modified.replace(microsecond=0) <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, body: bytes, ctype: str | None, head: bool, headers=None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if not head and body:
            self.wfile.write(body)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    demo: DemoServer

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up (a fetcher closing its keep-alive connection) is normal:
        no traceback in the demo's output; anything else is printed as usual."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class DemoServer:
    """Serve `world` (default: the bundled one) on 127.0.0.1:<ephemeral port>."""

    def __init__(self, world: World | None = None, day: date | None = None, host: str = "127.0.0.1"):
        self.world = world or load_world()
        self._day = day or self.world.start
        self._lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self._httpd = _HTTPServer((host, 0), _Handler)
        self._httpd.demo = self
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> DemoServer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, name="demo-world", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- state ---------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def day(self) -> date:
        with self._lock:
            return self._day

    def set_day(self, day: date) -> None:
        """Show the world as at the end of `day` (must be one of the world's days)."""
        if not (self.world.start <= day <= self.world.end):
            raise ValueError(f"{day} is outside the world's days {self.world.start}..{self.world.end}")
        with self._lock:
            self._day = day

    def _count(self, path: str) -> None:
        with self._lock:
            self.requests[path] += 1

    def feed_url(self, feed_id: str) -> str:
        return self.base_url + self.world.feeds[feed_id].path

    # -- feed list -----------------------------------------------------------------------------

    def write_feeds_yaml(self, path: str | Path) -> Path:
        """Write a feed list (the format of seeds/feeds.yaml, read by newswatch.seeds.load_feeds)
        naming every feed of the world at this server's address."""
        return write_feeds_yaml(self.world, self.base_url, path)


def write_feeds_yaml(world: World, base_url: str, path: str | Path) -> Path:
    """Write `{feeds: [{url, name, language, tags}]}` for every feed of `world` at `base_url`."""
    path = Path(path)
    base = base_url.rstrip("/")
    entries = [
        {"url": base + f.path, "name": f.name, "language": f.language, "tags": list(f.tags)}
        for f in world.feeds.values()
    ]
    header = "# Feeds of the newswatch sample world, served by newswatch.demo.server on this machine.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump({"feeds": entries}, sort_keys=False, width=120), encoding="utf-8")
    return path
