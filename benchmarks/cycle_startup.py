"""How long a `newswatch run` takes when nothing is new: Prefect's temporary server (the old
way) against the reused background server (newswatch.prefect_server).

    .venv/bin/python benchmarks/cycle_startup.py [--runs 3]

Everything runs in a temporary PREFECT_HOME and warehouse; the one feed is served from
127.0.0.1 (one item, fetched on the first run; later runs find the feed not due, so there
is nothing new). Prints each run's wall time and the command it ran.
"""

from __future__ import annotations

import argparse
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("newswatch"))
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title><link>http://x/</link>
<item><title>Airstrike on Idlib kills five</title><link>{base}/a.html</link>
<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate><description>Russian jets struck Idlib.</description></item>
</channel></rss>"""


def serve() -> tuple[http.server.ThreadingHTTPServer, str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            base = f"http://127.0.0.1:{self.server.server_port}"
            body = (
                RSS.format(base=base) if self.path.endswith(".xml") else "<html><p>Idlib.</p></html>"
            ).encode()
            self.send_response(200)
            self.send_header(
                "Content-Type", "application/rss+xml" if self.path.endswith(".xml") else "text/html"
            )
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_port}"


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    """Wall time of one run; a failed run counts as infinite (and says why)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"  run FAILED after {took:.1f}s: {proc.stderr.strip().splitlines()[-1:]}", flush=True)
        return float("inf")
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    srv, base = serve()
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="nw-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "feeds.yaml").write_text(f"feeds:\n  - {{url: '{base}/feed.xml', name: Bench}}\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
        env.update(
            PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING"
        )
        for mode in ("ephemeral", "background"):
            home = tmp / f"prefect-{mode}"
            db = tmp / f"{mode}.duckdb"
            menv = dict(env, PREFECT_HOME=str(home), NEWSWATCH_PREFECT_SERVER=mode)
            subprocess.run(
                [CLI, "migrate", "--db", str(db)], env=menv, cwd=tmp, check=True, capture_output=True
            )
            cmd = [CLI, "run", "--feeds", "feeds.yaml", "--db", str(db), "--allow-private-hosts"]
            results[mode] = [timed(cmd, menv, tmp) for _ in range(args.runs + 1)]
            if mode == "background":
                subprocess.run([CLI, "server", "stop"], env=menv, cwd=tmp, capture_output=True)
            print(f"{mode:<10} NEWSWATCH_PREFECT_SERVER={mode} {' '.join(cmd[1:])}", flush=True)
            print(f"           first run (fetches the item): {results[mode][0]:.1f}s")
            print("           later runs, nothing new: " + ", ".join(f"{t:.1f}s" for t in results[mode][1:]))
    srv.shutdown()
    eph, bg = results["ephemeral"][1:], results["background"][1:]
    print(
        f"nothing new, median: temporary server {sorted(eph)[len(eph) // 2]:.1f}s, "
        f"reused background server {sorted(bg)[len(bg) // 2]:.1f}s ({os.cpu_count()} cores, shared)"
    )


if __name__ == "__main__":
    main()
