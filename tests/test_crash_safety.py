"""Crash safety with real processes, checked against an independent count.

A local server offers feeds whose items grow from trial to trial (a few hundred articles in
all) and broken feeds that start failing at set trials (each must raise one feed_health
alert). Alerts go to a webhook channel (Apprise `json://`) on a receiving server the test
starts. `newswatch run` runs as a real subprocess and is SIGKILLed at seeded points:

- at random time offsets into the cycle (start-up, fetching, storing, tagging, detection);
- when the warehouse write-ahead log appears (during the warehouse write);
- while the warehouse is held by another process, so the cycle stages its batch beside it,
  when the staged batch appears (during staging);
- when the webhook receives a POST, before it answers (during alert delivery).

Then cycles run to completion and the test checks: every article the server offered is
stored exactly once; every feed_health alert that should exist exists once; every alert
reached the webhook at least once, and at most once among the deliveries whose sender saw
the answer (a sender killed after the receiver took the message but before the answer
could not know it was delivered: that resend is the at-least-once price, counted apart).

Then a full disk (RLIMIT_FSIZE in the child) and a read-only warehouse (the cycle run as an
unprivileged user): each gives a clear error and loses nothing already stored.

One Prefect server serves every cycle (PREFECT_API_URL), so a cycle costs seconds, not the
start-up of a temporary server each time.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.receiver import Receiver
from tests.fixtures.server import FixtureServer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.crash,
    # Not yet proven green on CI's machine (see docs/operations.md): opt in until it is.
    pytest.mark.skipif(
        os.environ.get("NEWSWATCH_CRASH_TESTS") != "1", reason="set NEWSWATCH_CRASH_TESTS=1 to run"
    ),
]

SEED = int(os.environ.get("NEWSWATCH_CRASH_SEED", "1414"))
TRIALS = int(os.environ.get("NEWSWATCH_CRASH_TRIALS", "22"))
GOOD_FEEDS = 6
ITEMS_PER_TRIAL = 2  # per good feed: 6 x 2 x (trials + 3) ~ 300 articles
BROKEN = ["Broken Alpha", "Broken Bravo", "Broken Charlie", "Broken Delta", "Broken Echo"]
CLI = str(Path(sys.executable).parent / "newswatch")
PREFECT = str(Path(sys.executable).parent / "prefect")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect")
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail((home / "server.log").read_text()[-3000:])
            time.sleep(0.5)
    try:
        yield home, url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


class World:
    """What the server offers (the independent count) and the cycles run against it."""

    def __init__(self, root: Path, feeds: FixtureServer, hook: Receiver, prefect: tuple[Path, str]):
        self.root, self.feeds, self.hook = root, feeds, hook
        (root / "wh").mkdir()
        self.db = root / "wh" / "w.duckdb"
        self.offered: set[str] = set()
        self.items: dict[int, list[str]] = {f: [] for f in range(GOOD_FEEDS)}
        self.broken_now: set[str] = set()
        self.ever_broken: set[str] = set()
        self.unacked: list[str] = []  # POST bodies whose sender was killed before the answer
        self.kill_on_post: subprocess.Popen | None = None
        home, url = prefect
        self.env = {
            **os.environ,
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "NEWSWATCH_ALLOW_PRIVATE_HOSTS": "1",
            "NEWSWATCH_WRITE_WAIT": "1",
            "NEWSWATCH_FETCH_TIMEOUT": "5",
            "NEWSWATCH_HOOK_URL": f"json://127.0.0.1:{hook.port}/hook",
        }
        lines = ["feeds:"]
        lines += [f"  - {{url: '{feeds.url}/feed/{f}.xml', name: Good {f}}}" for f in range(GOOD_FEEDS)]
        lines += [f"  - {{url: '{feeds.url}/broken/{n}.xml', name: {n}}}" for n in range(len(BROKEN))]
        (root / "feeds.yaml").write_text("\n".join(lines) + "\n")
        (root / "alerts.yaml").write_text(
            "channels:\n  hook: {type: apprise, url_env: NEWSWATCH_HOOK_URL, max_per_hour: 0}\n"
            "rules:\n  - {name: feed-down, kind: feed_health, failures: 1, channels: [hook]}\n"
        )
        for n in range(len(BROKEN)):
            self._route_broken(n, broken=False)
        hook.httpd.on_post = self._on_post

    def _on_post(self, body: bytes) -> None:
        proc = self.kill_on_post
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            self.unacked.append(body.decode("utf-8", "replace"))
            self.kill_on_post = None

    def _route_broken(self, n: int, broken: bool) -> None:
        name = BROKEN[n]
        if broken:
            self.feeds.route(f"/broken/{n}.xml", "down", status=500)
            self.broken_now.add(name)
            self.ever_broken.add(name)
        else:
            self.feeds.route(
                f"/broken/{n}.xml", self._rss(f"{name} feed", []), content_type="application/rss+xml"
            )

    def _rss(self, title: str, links: list[str]) -> str:
        items = "".join(
            f"<item><title>Story {link.rsplit('/', 1)[-1]}</title><link>{link}</link>"
            f"<description>Report number {link.rsplit('/', 1)[-1]} from the desk.</description></item>"
            for link in links
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'
        )

    def grow(self, trial: int) -> None:
        """New items on every good feed; broken feeds go down at set trials."""
        for f in range(GOOD_FEEDS):
            for k in range(ITEMS_PER_TRIAL):
                path = f"/a/t{trial}-f{f}-{k}"
                link = f"{self.feeds.url}{path}"
                self.feeds.route(
                    path,
                    f"<html><body><article><h1>Story {trial}-{f}-{k}</h1>"
                    + f"<p>Article {trial}-{f}-{k}: a report from the desk about the day's events. </p>" * 6
                    + "</article></body></html>",
                )
                self.items[f].append(link)
                self.offered.add(link)
            self.feeds.route(
                f"/feed/{f}.xml",
                self._rss(f"Good {f}", self.items[f][-12:]),
                content_type="application/rss+xml",
            )
        for n in range(len(BROKEN)):
            if trial == 4 * n + 1:
                self._route_broken(n, broken=True)

    def start(self, *extra: str, preexec=None) -> subprocess.Popen:
        out = open(self.root / "cycle.log", "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            [
                CLI,
                "run",
                "--feeds",
                "feeds.yaml",
                "--rules",
                "alerts.yaml",
                "--db",
                str(self.db),
                "--all-feeds",
                *extra,
            ],
            env=self.env,
            cwd=self.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec,
        )
        proc.log = out  # type: ignore[attr-defined]
        return proc

    def run(self, *extra: str, preexec=None, timeout: float = 180) -> tuple[int, str]:
        mark = (self.root / "cycle.log").stat().st_size if (self.root / "cycle.log").exists() else 0
        proc = self.start(*extra, preexec=preexec)
        proc.wait(timeout=timeout)
        proc.log.close()  # type: ignore[attr-defined]
        with open(self.root / "cycle.log", "rb") as fh:
            fh.seek(mark)
            return proc.returncode, fh.read().decode("utf-8", "replace")

    def query(self, sql: str):
        import duckdb

        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql).fetchall()


def _kill_when(proc: subprocess.Popen, condition, limit: float) -> str:
    """SIGKILL `proc` as soon as `condition()` holds (polled), or at `limit` seconds."""
    started = time.monotonic()
    while proc.poll() is None:
        if condition() or time.monotonic() - started > limit:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return f"killed at {time.monotonic() - started:.2f}s"
        time.sleep(0.005)
    return f"finished by itself (rc {proc.returncode})"


def test_sigkill_trials_then_recovery_lose_nothing_and_deliver_once(tmp_path, prefect_api):
    rng = random.Random(SEED)
    started = time.monotonic()
    outcomes: list[str] = []
    with FixtureServer() as feeds, Receiver() as hook:
        world = World(tmp_path, feeds, hook, prefect_api)
        subprocess.run([CLI, "migrate", "--db", str(world.db)], env=world.env, check=True, timeout=120)
        world.grow(0)
        rc, out = world.run()
        assert rc == 0, out[-3000:]
        # a broken feed goes down at trials 1, 5, 9, ...: those trials kill during its delivery
        downs = {4 * n + 1 for n in range(len(BROKEN))}
        others = ["wal"] * 5 + ["staging"] * 4
        others += ["time"] * max(0, TRIALS - len(downs) - len(others))
        rng.shuffle(others)
        kinds = [("delivery" if t in downs else others.pop()) for t in range(1, TRIALS + 1)]
        wal = Path(f"{world.db}.wal")
        staging = Path(f"{world.db}.staging")
        for trial, kind in enumerate(kinds, start=1):
            world.grow(trial)
            holder = None
            if kind == "staging":
                import duckdb

                holder = duckdb.connect(str(world.db))  # the warehouse is busy: the cycle stages
                before = set(staging.glob("*")) if staging.exists() else set()
                proc = world.start()
                what = _kill_when(
                    proc,
                    lambda before=before: staging.exists() and bool(set(staging.glob("*")) - before),
                    limit=rng.uniform(6, 14),
                )
                holder.close()
            elif kind == "wal":
                proc = world.start()
                what = _kill_when(proc, wal.exists, limit=20)
            elif kind == "delivery":
                world.broken_now.clear()
                proc = world.start()
                world.kill_on_post = proc
                what = _kill_when(proc, lambda: False, limit=25)
                world.kill_on_post = None
            else:
                proc = world.start()
                what = _kill_when(proc, lambda: False, limit=rng.uniform(1.5, 9.0))
            proc.log.close()  # type: ignore[attr-defined]
            outcomes.append(f"trial {trial:2d} {kind:8s} {what}")
            # between crashes the warehouse always opens and never holds a duplicate
            dupes = world.query("SELECT count(*) - count(DISTINCT url) FROM articles")[0][0]
            assert dupes == 0, outcomes
        world.grow(TRIALS + 1)
        for _ in range(2):  # recovery: run to completion
            rc, out = world.run()
            assert rc == 0, out[-3000:]

        stored = world.query("SELECT url, count(*) FROM articles GROUP BY url")
        alerts = world.query("SELECT alert_id, summary FROM alerts WHERE kind = 'feed_health'")
        sent = world.query("SELECT alert_id, channel, status FROM deliveries")
        posts = [body.decode("utf-8", "replace") for _path, _headers, body in hook.posts]
    elapsed = time.monotonic() - started
    report = "\n".join(outcomes) + f"\n{len(outcomes)} trials in {elapsed:.0f} s"
    print(report)

    counts = dict(stored)
    assert set(counts) == world.offered, f"lost: {sorted(world.offered - set(counts))[:5]}\n{report}"
    assert all(n == 1 for n in counts.values()), "an article stored twice"
    assert len(world.offered) >= 250

    ids = {a[0] for a in alerts}
    assert len(alerts) == len(ids) == len(world.ever_broken) == len(BROKEN), f"alerts: {alerts}\n{report}"
    assert sorted((s[0], s[1], s[2]) for s in sent) == sorted((i, "hook", "sent") for i in ids), sent

    # Each alert's message names its feed's failure; identical summaries are counted together.
    marker = "failed 1 times in a row"
    arrived = sum(p.count(marker) for p in posts)
    unacked = sum(p.count(marker) for p in world.unacked)
    print(f"{len(posts)} POSTs carrying {arrived} alert messages; {unacked} unacknowledged")
    assert arrived >= len(alerts), f"an alert never reached the webhook\n{report}"
    assert arrived - unacked <= len(alerts), f"an acknowledged alert was delivered twice\n{report}"


def _fsize_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a signal, as a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _can_mount(folder: Path) -> bool:
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(folder)], capture_output=True)
    return ok.returncode == 0


def test_full_disk_and_read_only_warehouse_give_clear_errors_and_lose_nothing(tmp_path, prefect_api):
    with FixtureServer() as feeds, Receiver() as hook:
        world = World(tmp_path, feeds, hook, prefect_api)
        folder = world.db.parent
        tmpfs = _can_mount(folder)  # a small disk of its own for the warehouse
        try:
            subprocess.run([CLI, "migrate", "--db", str(world.db)], env=world.env, check=True, timeout=120)
            world.grow(0)
            rc, out = world.run()
            assert rc == 0, out[-3000:]
            before = world.query("SELECT count(*) FROM articles")[0][0]
            assert before == GOOD_FEEDS * ITEMS_PER_TRIAL

            # full disk: the warehouse's tmpfs filled to the last 64 KB (else a file-size limit)
            world.grow(1)
            filler = folder / "filler"
            if tmpfs:
                st = os.statvfs(folder)
                with open(filler, "wb") as fh:
                    fh.truncate(0)
                    fh.write(b"\0" * max(0, st.f_bavail * st.f_frsize - 64 * 1024))
                rc, out = world.run()
            else:
                rc, out = world.run(preexec=_fsize_limit(128 * 1024))
            print("full disk:", rc, out[-1500:])
            assert rc != 0, "a cycle that could not write must not report success"
            assert any(w in out.lower() for w in ("no space", "file too large", "disk")), out[-2000:]
            after = world.query("SELECT count(*) FROM articles")[0][0]
            assert after >= before, "stored articles lost"
            filler.unlink(missing_ok=True)

            # read-only warehouse: its folder bind-mounted read-only
            ro = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
            if ro.returncode == 0:
                try:
                    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
                    world.grow(2)
                    rc, out = world.run()
                finally:
                    subprocess.run(["umount", str(folder)], check=True)
                print("read-only:", rc, out[-1500:])
                assert rc != 0
                assert "read-only" in out.lower() or "read only" in out.lower(), out[-2000:]
                assert world.query("SELECT count(*) FROM articles")[0][0] >= before

            # with room and rights back, the next cycle stores everything offered
            rc, out = world.run()
            assert rc == 0, out[-3000:]
            stored = {u for (u,) in world.query("SELECT url FROM articles")}
            assert stored == world.offered
        finally:
            if tmpfs:
                subprocess.run(["umount", str(folder)], check=False)
