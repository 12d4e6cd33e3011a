"""How long a `newswatch run` takes when nothing is new, before and after, in one run:

    ephemeral  Prefect's temporary server for each run (NEWSWATCH_PREFECT_SERVER=ephemeral),
               today's code
    before     the reused background server (newswatch.prefect_server), the code of
               --before (default: the commit before the no-new-cycle work)
    now        the reused background server, the code of this working tree

    .venv/bin/python benchmarks/cycle_startup.py [--runs 3] [--modes ephemeral,before,now]
                                                 [--before REF] [--no-pyc-cache]

Everything runs in a temporary PREFECT_HOME and warehouse per mode; the one feed is served
from 127.0.0.1 (one item, fetched and tagged on each mode's first run; later runs find the
feed not due, so there is nothing new). `before` runs the code of REF extracted with
`git archive` (the repository is not touched) through the same venv. The later runs of
`before` and `now` alternate, so a change in the machine's load hits both alike.
Each run's wall time and CPU time (user+sys of the `newswatch run` process, not the server's)
are printed; wall time is what the issue's 5 s goal is about, CPU time is steadier on a
shared machine.

Bytecode: by default the runs write and reuse .pyc files (in a temporary
PYTHONPYCACHEPREFIX), as an installed newswatch does from its second run on.
--no-pyc-cache keeps the environment as it is: where PYTHONDONTWRITEBYTECODE=1 is set (this
development box), every run compiles every module it imports again (~2-3 s more per run).
"""

from __future__ import annotations

import argparse
import http.server
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "f349b9f~1"  # main before the no-new-cycle work (lazy tagger, skipped empty tasks)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title><link>http://x/</link>
<item><title>Airstrike on Idlib kills five</title><link>{base}/a.html</link>
<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate><description>Russian jets struck Idlib.</description></item>
</channel></rss>"""
LABELS = {
    "ephemeral": "temporary Prefect server per run (today's code)",
    "before": "reused background server, code of {ref}",
    "now": "reused background server, this working tree",
}


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


def checkout(ref: str, dest: Path) -> Path:
    """The tree of `ref` under dest (git archive: no worktree, the repository is untouched)."""
    data = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int | None) -> float:
    """CPU seconds (user+sys) so far of a process and its descendants (Linux /proc)."""
    total, todo = 0.0, [pid] if pid else []
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def timed(cmd: list[str], env: dict[str, str], cwd: Path, server: int | None) -> tuple[float, ...]:
    """Wall, CPU seconds of one run (its own process and children) and the background
    server's CPU seconds meanwhile; a failed run counts as infinite (and says why)."""
    before, server_before = resource.getrusage(resource.RUSAGE_CHILDREN), tree_cpu(server)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    server_cpu = tree_cpu(server) - server_before
    if proc.returncode != 0:
        print(f"  run FAILED after {took:.1f}s: {proc.stderr.strip().splitlines()[-1:]}", flush=True)
        return float("inf"), cpu, server_cpu
    return took, cpu, server_cpu


class Mode:
    def __init__(self, name: str, code: Path, tmp: Path, base_env: dict[str, str]) -> None:
        self.name, self.db = name, tmp / f"{name}.duckdb"
        self.env = dict(
            base_env,
            PREFECT_HOME=str(tmp / f"prefect-{name}"),
            NEWSWATCH_PREFECT_SERVER="ephemeral" if name == "ephemeral" else "background",
            PYTHONPATH=str(code),  # ahead of the venv's editable install of this tree
        )
        self.cmd = [sys.executable, "-m", "newswatch.cli", "run", "--feeds", "feeds.yaml"]
        self.cmd += ["--db", str(self.db), "--allow-private-hosts"]
        self.tmp = tmp
        self.runs: list[tuple[float, ...]] = []
        subprocess.run(
            [*self.cmd[:3], "migrate", "--db", str(self.db)],
            env=self.env, cwd=tmp, check=True, capture_output=True,
        )  # fmt: skip

    def server_pid(self) -> int | None:
        state = Path(self.env["PREFECT_HOME"]) / "newswatch-server" / "server.json"
        try:
            return int(json.loads(state.read_text())["pid"])
        except (OSError, ValueError, KeyError):
            return None

    def run(self) -> None:
        self.runs.append(timed(self.cmd, self.env, self.tmp, self.server_pid()))

    def stop_server(self) -> None:
        if self.name != "ephemeral":
            subprocess.run([*self.cmd[:3], "server", "stop"], env=self.env, cwd=self.tmp, capture_output=True)


def fmt(run: tuple[float, ...]) -> str:
    wall = "FAILED" if run[0] == float("inf") else f"{run[0]:.1f}s"
    return f"{wall} ({run[1]:.1f}s CPU)"


def median(runs: list[tuple[float, ...]], i: int) -> float:
    return statistics.median(r[i] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="runs with nothing new, per mode")
    ap.add_argument("--modes", default="ephemeral,before,now")
    ap.add_argument("--before", default=BEFORE, help="git ref of the 'before' code")
    ap.add_argument("--no-pyc-cache", action="store_true", help="keep the environment's bytecode setting")
    args = ap.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    srv, base = serve()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING")
    with tempfile.TemporaryDirectory(prefix="nw-bench-") as tmp:
        tmp = Path(tmp)
        if not args.no_pyc_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        (tmp / "feeds.yaml").write_text(f"feeds:\n  - {{url: '{base}/feed.xml', name: Bench}}\n")
        code = {"ephemeral": ROOT, "now": ROOT}
        if "before" in modes:
            code["before"] = checkout(args.before, tmp / "before-code")
        runners = {m: Mode(m, code[m], tmp, env) for m in modes}
        try:
            if "ephemeral" in runners:
                for _ in range(args.runs + 1):
                    runners["ephemeral"].run()
            reused = [runners[m] for m in ("before", "now") if m in runners]
            for _ in range(args.runs + 1):  # alternate: the same load for both
                for mode in reused:
                    mode.run()
        finally:
            for mode in runners.values():
                mode.stop_server()
    srv.shutdown()
    bytecode = "no .pyc cache (environment as is)" if args.no_pyc_cache else "with .pyc cache"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"`newswatch run` with nothing new; {os.cpu_count()} cores, load average {load}; {bytecode}")
    print("  command: python -m newswatch.cli run --feeds feeds.yaml --db MODE.duckdb --allow-private-hosts")
    print("  CPU: user+sys of the run's process and its children; server: the background server's")
    for name, mode in runners.items():
        later = mode.runs[1:]
        print(f"  {name:<9} {LABELS[name].format(ref=args.before)}")
        print(f"            first run (fetches and tags the item, starts the server): {fmt(mode.runs[0])}")
        print("            later runs, nothing new: " + ", ".join(fmt(r) for r in later))
        print(
            f"            median: {median(later, 0):.1f}s wall, {median(later, 1):.1f}s CPU"
            + ("" if name == "ephemeral" else f" + {median(later, 2):.1f}s server CPU")
        )
    print("nothing new, median wall (CPU): " + " | ".join(
        f"{name} {median(m.runs[1:], 0):.1f}s ({median(m.runs[1:], 1):.1f}s)" for name, m in runners.items()
    ))  # fmt: skip


if __name__ == "__main__":
    main()
