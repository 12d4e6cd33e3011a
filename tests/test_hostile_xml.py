"""XML bombs and external entities in feeds: refused without a memory blow-up, never
fetched or read, and a good feed beside them is still stored.

Each parse runs in a fresh subprocess that reports its own peak resident memory
(ru_maxrss) and time, so the figures are those of the parse and not of the test runner.
A good feed parsed the same way gives the baseline the bombs are compared with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.server import FixtureServer

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
# Peak memory a bomb may add over parsing a good feed of the same shape, and the time cap.
# Unguarded, billion laughs expands to ~3 GB and the quadratic bomb to ~400 MB of text.
EXTRA_MEMORY_MB = 60
PARSE_SECONDS = 15.0

_PARSE = r"""
import json, resource, sys, time
started = time.monotonic()


def peak_mb():
    # VmHWM belongs to this program's address space, which exec starts afresh; ru_maxrss
    # survives exec and would report the (large) pytest process this child was forked from.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


from newswatch.feeds import parse_feed
data = open(sys.argv[1], "rb").read()
t0 = time.monotonic()
out = parse_feed(data, content_type=sys.argv[2] or None)
texts = [i.title + i.summary + i.content for i in out.items]
print(json.dumps({
    "items": len(out.items),
    "links": [i.link for i in out.items],
    "max_text": max((len(t) for t in texts), default=0),
    "leaked": any("root:" in t for t in texts),
    "bozo": out.bozo, "error": out.error,
    "parse_s": time.monotonic() - t0,
    "peak_mb": peak_mb(),
}))
"""

ITEM_TEMPLATE = (
    "<item><title>Story {i} &{e};</title><link>{base}/story/{i}</link>"
    "<description>About &{e}; and more</description></item>"
)


def _rss(doctype: str, items: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n'
        f'<rss version="2.0"><channel><title>Hostile</title><link>http://example.org/</link>'
        f"{items}</channel></rss>"
    )


def _laughs(levels: int = 10, extra: str = "") -> str:
    ents = [extra, '<!ENTITY lol0 "lol">']
    ents += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return "<!DOCTYPE rss [" + "\n".join(e for e in ents if e) + "]>"


def bombs(port: int, base: str = "http://example.org", items: int = 2000) -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, content type); item links point at `base`. Unguarded, the quadratic
    bombs expand to 100 KB x 2 x `items` characters."""
    xml = "application/rss+xml"
    item = ITEM_TEMPLATE.replace("{base}", base)
    laughs_item = item.format(i=1, e="lol9")
    big = '<!DOCTYPE rss [<!ENTITY big "' + "A" * 100_000 + '">]>'
    many = "".join(item.format(i=i, e="big") for i in range(items))
    return {
        "billion-laughs": (_rss(_laughs(), laughs_item).encode(), xml),
        "billion-laughs-utf16": (
            _rss(_laughs(), laughs_item).replace('"utf-8"', '"utf-16"').encode("utf-16"),
            xml,
        ),
        "billion-laughs-markup-in-entity": (
            _rss(_laughs(extra='<!ENTITY x "<b>">'), laughs_item).encode(),
            xml,
        ),
        "billion-laughs-bracket-in-entity": (
            _rss(_laughs(extra='<!ENTITY x "]>">'), laughs_item).encode(),
            xml,
        ),
        "quadratic-blowup": (_rss(big, many).encode(), xml),
        "dtd-regex-backtracking": (
            ('<?xml version="1.0"?><!ENTITY a SYSTEM "x">' + "<!DOCTYPE [" * 300_000).encode(),
            xml,
        ),
        "quadratic-blowup-atom": (
            (
                '<?xml version="1.0"?>'
                + big.replace("rss", "feed")
                + '<feed xmlns="http://www.w3.org/2005/Atom">'
                "<title>t</title>"
                + "".join(
                    f"<entry><title>&big;</title><id>urn:{i}</id><link href='{base}/a/{i}'/>"
                    f"<summary>&big;</summary></entry>"
                    for i in range(items)
                )
                + "</feed>"
            ).encode(),
            "application/atom+xml",
        ),
        "external-file": (
            _rss(
                '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', item.format(i=1, e="xxe")
            ).encode(),
            xml,
        ),
        "external-http": (
            _rss(
                f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "http://127.0.0.1:{port}/xxe">]>',
                item.format(i=1, e="xxe"),
            ).encode(),
            xml,
        ),
        "external-parameter-entity": (
            _rss(
                f'<!DOCTYPE rss [<!ENTITY % dtd SYSTEM "http://127.0.0.1:{port}/evil.dtd"> %dtd;]>',
                item.format(i=1, e="amp"),
            ).encode(),
            xml,
        ),
        "external-dtd": (
            _rss(
                f'<!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/evil.dtd">', item.format(i=1, e="amp")
            ).encode(),
            xml,
        ),
        "json-feed-deep-nesting": (
            b'{"version": "https://jsonfeed.org/version/1.1", "items": '
            + b"[" * 200_000
            + b"]" * 200_000
            + b"}",
            "application/feed+json",
        ),
    }


def _good_feed() -> bytes:
    item = ITEM_TEMPLATE.replace("{base}", "http://example.org")
    return _rss("", "".join(item.format(i=i, e="amp") for i in range(2000))).encode()


def _parse_in_subprocess(tmp_path: Path, name: str, data: bytes, content_type: str) -> dict:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(data)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _PARSE, str(path), content_type],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    report["wall_s"] = time.monotonic() - started
    return report


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict:
    return _parse_in_subprocess(tmp_path_factory.mktemp("xml"), "good", _good_feed(), "application/rss+xml")


@pytest.fixture(scope="module")
def listener():
    with FixtureServer() as srv:
        srv.route("/xxe", "root:x:0:0:leaked", content_type="text/plain")
        srv.route("/evil.dtd", '<!ENTITY amp2 "leaked">', content_type="application/xml-dtd")
        yield srv


@pytest.mark.parametrize("name", list(bombs(0)))
def test_bomb_is_refused_within_memory_and_time(name, tmp_path, baseline, listener):
    data, content_type = bombs(listener.httpd.server_address[1])[name]
    report = _parse_in_subprocess(tmp_path, name, data, content_type)
    print(
        f"{name}: {len(data)} bytes in, peak {report['peak_mb']:.0f} MB "
        f"(good feed {baseline['peak_mb']:.0f} MB), parse {report['parse_s']:.2f} s"
    )
    assert report["peak_mb"] < baseline["peak_mb"] + EXTRA_MEMORY_MB, report
    assert report["parse_s"] < PARSE_SECONDS, report
    # Nothing expanded: no item text is longer than the unexpanded markup would give.
    assert report["max_text"] < 1000, report
    assert not report["leaked"], "an external entity was read into the feed"
    assert listener.requests == [], "an external entity or DTD was fetched"
    if name == "external-dtd":  # no entity declared: the feed reads, the DTD is never fetched
        assert report["items"] == 1
    elif name.startswith(("billion", "quadratic", "external")):
        assert report["items"] >= 1, "the items around the refused entities are kept"
        assert report["bozo"], "the refusal is recorded as a bozo note"
    else:
        assert report["error"] and report["items"] == 0, report


def test_good_feed_baseline(baseline):
    assert baseline["items"] == 2000 and baseline["error"] is None
    assert baseline["peak_mb"] < 200


@pytest.mark.slow
def test_bombs_beside_a_good_feed_in_a_real_cycle(tmp_path, prefect_api):
    """`newswatch run` over a feed list with every bomb beside a good feed: the cycle ends,
    within a memory bound, the good feed's articles are stored and each bomb is recorded."""
    import duckdb

    with FixtureServer() as srv:
        port = srv.httpd.server_address[1]
        srv.route("/xxe", "root:x:0:0:leaked", content_type="text/plain")
        srv.route("/evil.dtd", '<!ENTITY amp2 "leaked">', content_type="application/xml-dtd")
        hostile = bombs(port, base=srv.url, items=300)  # item pages: quick 404s on this server
        names = list(hostile)
        for name, (data, content_type) in hostile.items():
            srv.route(f"/{name}", data, content_type=content_type)
        good_items = "".join(
            f"<item><title>Good story {i}</title><link>{srv.url}/good/{i}</link>"
            f"<description>Talks in Damascus, story {i}.</description></item>"
            for i in range(5)
        )
        srv.route("/good", _rss("", good_items), content_type="application/rss+xml")
        for i in range(5):
            srv.route(
                f"/good/{i}", f"<html><body><article><p>Good story {i} text.</p></article></body></html>"
            )
        feeds = [f"{srv.url}/{n}" for n in names] + [f"{srv.url}/good"]
        (tmp_path / "feeds.yaml").write_text("feeds:\n" + "".join(f"  - url: '{u}'\n" for u in feeds))
        env = {
            **os.environ,
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_API_URL": prefect_api,  # the session's server, not one of its own
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "NEWSWATCH_FETCH_TIMEOUT": "5",
        }
        cli = str(Path(sys.executable).parent / "newswatch")
        db = str(tmp_path / "w.duckdb")
        subprocess.run([cli, "migrate", "--db", db], env=env, cwd=tmp_path, check=True, timeout=120)
        started = time.monotonic()
        with open(tmp_path / "out.txt", "wb") as out:
            proc = subprocess.Popen(
                [cli, "run", "--feeds", "feeds.yaml", "--db", db, "--allow-private-hosts"],
                env=env,
                cwd=tmp_path,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        peak_mb = usage.ru_maxrss / 1024
        print(f"cycle with {len(names)} bombs and a good feed: {seconds:.1f} s, peak {peak_mb:.0f} MB")
        assert proc.returncode == 0, (tmp_path / "out.txt").read_text()[-3000:]
        assert srv.paths_requested().count("/xxe") == 0 and "/evil.dtd" not in srv.paths_requested()
    assert peak_mb < 1024, f"peak {peak_mb:.0f} MB"
    assert seconds < 120
    with duckdb.connect(db, read_only=True) as con:
        good = con.execute("SELECT count(*) FROM articles WHERE url LIKE '%/good/%'").fetchone()[0]
        leaked = con.execute(
            "SELECT count(*) FROM articles WHERE text LIKE '%root:x%' OR length(text) > 100000"
        ).fetchone()[0]
        fetched = con.execute("SELECT count(*) FROM fetches").fetchone()[0]
    assert good == 5, "the good feed beside the bombs is stored"
    assert leaked == 0
    assert fetched == len(feeds), "every feed, bomb or not, has its fetch recorded"
