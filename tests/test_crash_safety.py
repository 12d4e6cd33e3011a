"""Crash safety with real processes, checked against an independent count.

A local server offers feeds whose items grow from trial to trial (a few hundred articles in
all) and broken feeds that start failing at set trials (each must raise one feed_health
alert). Alerts go to a webhook channel (Apprise `json://`) on a receiving server the test
starts. `newswatch run` runs as a real subprocess and is SIGKILLed at seeded points:

- time: at a seeded offset into the cycle (start-up, fetching, storing, tagging, detection);
- wal: when the warehouse write-ahead log appears after the trial's pages were fetched
  (during the article write);
- staging: the test takes the warehouse (a user's query) while the cycle fetches pages, so
  the cycle stages its batch beside it; killed when the staged batch appears;
- delivery: when the webhook receives a POST, before it answers (during alert delivery).

After each kill the cycle lock is free, the warehouse opens and holds no article twice (the
summary table's "recovered" column). Then cycles run to completion and the test checks:
every article the server offered is stored exactly once; every feed_health alert that
should exist exists once; every alert reached the webhook, and exactly one POST of it was
recorded as sent: none after that, and any earlier POST came from a run killed before it
could record the answer (the at-least-once price of a crash between "sent" and "recorded").

Then a full disk (the warehouse's own small tmpfs, or RLIMIT_FSIZE in the child) and a
read-only warehouse (a read-only bind mount): each gives a clear error and loses nothing.

Bounded time: one Prefect server serves every cycle (PREFECT_API_URL); every subprocess has
a timeout, and a cycle that hangs is dumped (faulthandler, SIGABRT) and fails the test with
its stack. `scripts/dev crash` runs this file; NEWSWATCH_CRASH_SEED / NEWSWATCH_CRASH_TRIALS
choose the trials (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb
import httpx
import pytest
from filelock import FileLock, Timeout

from tests.fixtures.receiver import Receiver
from tests.fixtures.server import FixtureServer

pytestmark = [pytest.mark.slow, pytest.mark.crash]

SEED = int(os.environ.get("NEWSWATCH_CRASH_SEED", "1414"))
TRIALS = int(os.environ.get("NEWSWATCH_CRASH_TRIALS", "20"))
GOOD_FEEDS = 6
ITEMS_PER_TRIAL = 2  # per good feed: 6 x 2 x (trials + 2) ~ 260 articles
BROKEN = ["Broken Alpha", "Broken Bravo", "Broken Charlie"]  # each goes down at a delivery trial
CYCLE_TIMEOUT = float(os.environ.get("NEWSWATCH_CRASH_CYCLE_TIMEOUT", "120"))  # one whole cycle
TRIGGER_LIMIT = 60.0  # a trial whose kill point never comes is killed here (and says so)
REPO = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "newswatch")
PREFECT = str(Path(sys.executable).parent / "prefect")
TASK_LINE = re.compile(r"Task run '([a-z][a-z-]*)-[0-9a-f]{3}'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _child_python_env() -> dict[str, str]:
    """Where PYTHONDONTWRITEBYTECODE is set (this machine), every child recompiled ~2000
    modules (~11 s of CPU per cycle, ~30 s for the Prefect server): give children a
    bytecode cache of their own instead. Elsewhere the venv's __pycache__ serves."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return {}
    prefix = os.environ.get("PYTHONPYCACHEPREFIX") or str(
        Path(tempfile.gettempdir()) / "newswatch-crash-pycache"
    )
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": prefix}


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **_child_python_env(), **extra}
    return {k: v for k, v in env.items() if v != ""}


@pytest.fixture(scope="module")
def crash_prefect(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect")
    port = _free_port()
    env = _env(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui", "--no-services"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 150
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:  # noqa: S310
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Prefect server did not start:\n" + (home / "server.log").read_text()[-3000:])
            time.sleep(0.3)
        yield home, url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)
        log.close()


def _small_seeds(root: Path) -> Path:
    """The real event rules and the real states gazetteer, without the thousands of places,
    people and organisations: the tagger builds in ~2 s instead of ~7 s per cycle. What this
    test proves is storage and delivery; the articles it serves name no place anyway."""
    seeds = root / "seeds"
    (seeds / "gazetteer").mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "event_rules.yaml", seeds / "event_rules.yaml")
    shutil.copy(REPO / "seeds" / "gazetteer" / "states.yaml", seeds / "gazetteer" / "states.yaml")
    return seeds


class World:
    """What the server offers (the independent count) and the cycles run against it."""

    def __init__(self, root: Path, feeds: FixtureServer, hook: Receiver, prefect: tuple[Path, str]):
        self.root, self.feeds, self.hook = root, feeds, hook
        (root / "wh").mkdir()
        self.db = root / "wh" / "w.duckdb"
        self.log = root / "cycle.log"
        self.log.touch()
        self.offered: set[str] = set()
        self.items: dict[int, list[str]] = {f: [] for f in range(GOOD_FEEDS)}
        self.ever_broken: set[str] = set()
        self.run_no = 0  # the current run (trial or recovery cycle), to label the POSTs
        self.posts: list[tuple[int, str]] = []  # (run, body) of every POST the webhook took
        self.kill_on_post: subprocess.Popen | None = None
        self.killed_on_post = False
        home, url = prefect
        self.env = _env(
            PREFECT_HOME=str(home),
            PREFECT_API_URL=url,
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
            PYTHONFAULTHANDLER="1",  # a hung cycle sent SIGABRT prints every thread's stack
            PREFECT_LOGGING_LEVEL="INFO",  # the task lines say where a cycle was killed
            NEWSWATCH_SEEDS_DIR=str(_small_seeds(root)),
            NEWSWATCH_ALLOW_PRIVATE_HOSTS="1",
            NEWSWATCH_WRITE_WAIT="1",
            NEWSWATCH_FETCH_TIMEOUT="5",
            NEWSWATCH_HOOK_URL=f"json://127.0.0.1:{hook.port}/hook",
        )
        lines = ["feeds:"]
        lines += [f"  - {{url: '{feeds.url}/feed/{f}.xml', name: Good {f}}}" for f in range(GOOD_FEEDS)]
        lines += [f"  - {{url: '{feeds.url}/broken/{n}.xml', name: {name}}}" for n, name in enumerate(BROKEN)]
        (root / "feeds.yaml").write_text("\n".join(lines) + "\n")
        (root / "alerts.yaml").write_text(
            "channels:\n  hook: {type: apprise, url_env: NEWSWATCH_HOOK_URL, max_per_hour: 0}\n"
            "rules:\n  - {name: feed-down, kind: feed_health, failures: 1, channels: [hook]}\n"
        )
        for n in range(len(BROKEN)):
            self._route_broken(n, broken=False)
        hook.httpd.on_post = self._on_post

    def _on_post(self, body: bytes) -> None:
        self.posts.append((self.run_no, body.decode("utf-8", "replace")))
        proc = self.kill_on_post
        if proc is not None and proc.poll() is None:
            self.kill_on_post = None
            self.killed_on_post = True  # before the kill: the test's loop sees the death at once
            _kill(proc)

    def _route_broken(self, n: int, broken: bool) -> None:
        if broken:
            # Retry-After: 0 keeps the fetcher's retries of a 500 from costing seconds per cycle
            self.feeds.route(f"/broken/{n}.xml", "down", status=500, headers={"Retry-After": "0"})
            self.ever_broken.add(BROKEN[n])
        else:
            self.feeds.route(
                f"/broken/{n}.xml", self._rss(f"{BROKEN[n]} feed", []), content_type="application/rss+xml"
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
        """New items on every good feed (each feed keeps all its items, so an item a killed
        cycle missed is still offered later); broken feeds go down at set trials."""
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
                f"/feed/{f}.xml", self._rss(f"Good {f}", self.items[f]), content_type="application/rss+xml"
            )
        downs = sorted(_down_trials())
        if trial in downs:
            self._route_broken(downs.index(trial), broken=True)

    def start(self, preexec=None) -> subprocess.Popen:
        self.run_no += 1
        out = open(self.log, "ab")  # noqa: SIM115 (closed with the process)
        args = ["run", "--feeds", "feeds.yaml", "--rules", "alerts.yaml", "--db", str(self.db), "--all-feeds"]
        proc = subprocess.Popen(
            [CLI, *args],
            env=self.env,
            cwd=self.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec,
            start_new_session=True,
        )
        proc.log = out  # type: ignore[attr-defined]
        return proc

    def log_since(self, mark: int) -> str:
        with open(self.log, "rb") as fh:
            fh.seek(mark)
            return fh.read().decode("utf-8", "replace")

    def run(self, preexec=None, timeout: float = CYCLE_TIMEOUT) -> tuple[int, str]:
        """One cycle to completion; a cycle still running after `timeout` fails the test
        with the stack of every thread (faulthandler) instead of hanging it."""
        mark = self.log.stat().st_size
        proc = self.start(preexec=preexec)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGABRT)
            try:
                proc.wait(timeout=10)
            finally:
                _kill(proc)
                proc.log.close()  # type: ignore[attr-defined]
            pytest.fail(f"a cycle hung: still running after {timeout:.0f}s\n{self.log_since(mark)[-6000:]}")
        proc.log.close()  # type: ignore[attr-defined]
        return proc.returncode, self.log_since(mark)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql).fetchall()

    def sent_alerts(self) -> set[str]:
        return {a for (a,) in self.query("SELECT alert_id FROM deliveries WHERE status = 'sent'")}


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the cycle (and anything it started: its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _kill_when(proc: subprocess.Popen, condition: Callable[[], bool], limit: float) -> tuple[str, float]:
    """SIGKILL `proc` as soon as `condition()` holds (polled), or at `limit` seconds."""
    started = time.monotonic()
    while proc.poll() is None:
        if condition():
            _kill(proc)
            return "killed", time.monotonic() - started
        if time.monotonic() - started > limit:
            _kill(proc)
            return f"killed at the {limit:.0f}s limit", time.monotonic() - started
        time.sleep(0.005)
    return f"ended by itself (rc {proc.returncode})", time.monotonic() - started


def _last_step(log: str) -> str:
    """The last Prefect task the killed cycle logged: where in the cycle it died."""
    steps = TASK_LINE.findall(log)
    if steps:
        return steps[-1]
    return "flow started" if "Beginning flow run" in log else "start-up"


class PagesFetched:
    """True once the cycle asked the server for one of this trial's pages."""

    def __init__(self, world: World, trial: int):
        self.feeds, self.prefix, self.seen = world.feeds, f"/a/t{trial}-", 0

    def __call__(self) -> bool:
        new = self.feeds.requests[self.seen :]  # polled every few ms: look at new requests only
        self.seen += len(new)
        return any(path.startswith(self.prefix) for path, _headers in new)


class WalAfterPages:
    """The warehouse write after the pages were fetched: the WAL appears (or changes)."""

    def __init__(self, world: World, trial: int):
        self.wal = Path(f"{world.db}.wal")
        self.pages = PagesFetched(world, trial)
        self.before: tuple | None = None

    def _stat(self) -> tuple | None:
        try:
            st = self.wal.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def __call__(self) -> bool:
        if self.before is None:
            if self.pages():
                self.before = ("pages",) + (self._stat() or ())
            return False
        now = self._stat()
        return now is not None and ("pages", *now) != self.before


class StagedWhileHeld:
    """Take the warehouse (as a user's query would) once the cycle fetches its pages; true
    when the cycle, unable to write, is writing its batch beside the warehouse (`at`="tmp",
    when the polling catches it) or has staged it (a new `.arrow`)."""

    def __init__(self, world: World, trial: int, at: str):
        self.db, self.pages, self.at = world.db, PagesFetched(world, trial), at
        self.folder = Path(f"{world.db}.staging")
        self.before = set(self.folder.glob("*")) if self.folder.exists() else set()
        self.holder: duckdb.DuckDBPyConnection | None = None
        self.fetched = False
        self.hit = ""

    def __call__(self) -> bool:
        if self.holder is None:
            self.fetched = self.fetched or self.pages()
            if self.fetched:
                with contextlib.suppress(duckdb.IOException):  # the cycle holds it now: next poll
                    self.holder = duckdb.connect(str(self.db))
            return False
        new = {p.suffix for p in set(self.folder.glob("*")) - self.before} if self.folder.exists() else set()
        if self.at == "tmp" and ".tmp" in new:
            self.hit = "mid-write"
        elif ".arrow" in new:
            self.hit = "staged" if self.at == "arrow" else "staged (mid-write missed)"
        return bool(self.hit)

    def close(self) -> None:
        if self.holder is not None:
            self.holder.close()


def _recovered(world: World) -> str:
    """After a kill: the cycle lock is free, the warehouse opens (its WAL replayed) and holds
    no article twice and none that was not offered."""
    lock = FileLock(f"{world.db}.cycle.lock", thread_local=False, preserve_lock_file=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return "NO: cycle lock still held"
    lock.release()
    try:
        total, distinct = world.query("SELECT count(*), count(DISTINCT url) FROM articles")[0]
        stray = {u for (u,) in world.query("SELECT url FROM articles")} - world.offered
    except duckdb.Error as exc:
        return f"NO: the warehouse does not open: {exc}"
    if total != distinct:
        return f"NO: {total - distinct} duplicate articles"
    return f"NO: {len(stray)} articles never offered" if stray else "ok"


def _down_trials() -> set[int]:
    """Broken feed n goes down at trial 1 + n * (TRIALS // 3): that trial kills its delivery."""
    return {1 + n * max(1, TRIALS // len(BROKEN)) for n in range(len(BROKEN))}


def _plan(rng: random.Random) -> list[str]:
    """A delivery trial where a broken feed goes down; 5 wal, 4 staging, the rest time."""
    downs = _down_trials()
    others = ["wal"] * 5 + ["staging"] * 4
    others += ["time"] * max(0, TRIALS - len(downs) - len(others))
    rng.shuffle(others)
    return [("delivery" if t in downs else others.pop()) for t in range(1, TRIALS + 1)]


@pytest.mark.timeout(900)
def test_sigkill_trials_then_recovery_lose_nothing_and_deliver_once(tmp_path, crash_prefect):
    rng = random.Random(SEED)
    started = time.monotonic()
    table = [f"seed {SEED}, {TRIALS} trials", "trial  kind      killed after  last step logged       outcome"]
    sent_after: dict[int, set[str]] = {}  # run -> alerts recorded as sent once it ended
    reached: Counter = Counter()  # trials killed at their kill point (not at the limit)
    ended: set[int] = set()  # runs that ended by themselves (not killed)
    with FixtureServer() as feeds, Receiver() as hook:
        world = World(tmp_path, feeds, hook, crash_prefect)
        world.grow(0)  # trial 1 creates the warehouse
        cycle_s = 0.0  # a whole cycle: trial 1 (a delivery trial, killed at the cycle's end)
        for trial, kind in enumerate(_plan(rng), start=1):
            world.grow(trial)
            mark = world.log.stat().st_size
            trigger: Callable[[], bool] = lambda: False  # noqa: E731
            limit = TRIGGER_LIMIT
            if kind == "time":
                limit = rng.uniform(0.15, 0.75) * cycle_s or 5.0
            elif kind == "wal":
                trigger = WalAfterPages(world, trial)
            elif kind == "staging":
                trigger = StagedWhileHeld(world, trial, at=rng.choice(["tmp", "arrow"]))
            proc = world.start()
            if kind == "delivery":
                world.killed_on_post = False
                world.kill_on_post = proc
            how, after = _kill_when(proc, trigger, limit)
            cycle_s = cycle_s or after
            world.kill_on_post = None
            if isinstance(trigger, StagedWhileHeld):
                trigger.close()
                how += f" {trigger.hit}" if trigger.hit else ""
            proc.log.close()  # type: ignore[attr-defined]
            if kind == "delivery" and world.killed_on_post:
                how = "killed on POST"
            elif kind == "time" and how.startswith("killed at"):
                how = "killed"
            reached[kind] += how.startswith("killed") and "limit" not in how
            if how.startswith("ended by itself"):
                ended.add(world.run_no)
            recovered = _recovered(world)
            sent_after[world.run_no] = world.sent_alerts()
            step = _last_step(world.log_since(mark))
            table.append(f"{trial:5d}  {kind:8s}  {after:9.1f} s   {step:22s} {how}; recovered: {recovered}")
            print(table[-1], flush=True)  # progress as it goes (pytest -s)
            assert recovered == "ok", "\n".join(table)
        world.grow(TRIALS + 1)
        rc, out = world.run()  # recovery: one cycle to completion
        assert rc == 0, out[-3000:]
        sent_after[world.run_no] = world.sent_alerts()

        stored = world.query("SELECT url, count(*) FROM articles GROUP BY url")
        alerts = world.query("SELECT alert_id, summary FROM alerts WHERE kind = 'feed_health'")
        sent = world.query("SELECT alert_id, channel, status FROM deliveries")
        leftover = sorted(p.name for p in Path(f"{world.db}.staging").glob("*.*"))  # .arrow, .tmp
        posts = list(world.posts)
        ended.add(world.run_no)
        running, closed = _monitor_runs(world.env["PREFECT_API_URL"])
    table.append(f"kill points reached: {dict(reached)}")
    table.append(f"killed cycles' flow runs closed as Crashed: {closed}; still 'Running': {running}")
    own, cycles = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    table.append(
        f"CPU: the cycles {cycles.ru_utime + cycles.ru_stime:.0f} s, "
        f"this test process {own.ru_utime + own.ru_stime:.0f} s (the machine's load sets the wall time)"
    )
    table.append(f"{TRIALS} trials in {time.monotonic() - started:.0f} s (a whole cycle: {cycle_s:.1f} s)")
    report = "\n".join(table)
    print("\n" + report)

    counts = dict(stored)
    assert set(counts) == world.offered, f"lost: {sorted(world.offered - set(counts))[:5]}\n{report}"
    assert all(n == 1 for n in counts.values()), [u for u, n in counts.items() if n > 1]
    assert len(world.offered) >= 250
    assert not leftover, f"staged batches never loaded or never removed: {leftover}"
    for kind in ("wal", "staging", "delivery"):  # each kill point was reached at least once
        assert reached[kind], f"no {kind} trial reached its kill point\n{report}"

    # A killed cycle's flow run is closed by the next cycle (flows/abandoned.py); only a kill in
    # the few milliseconds between the flow run's start and its note in the lock can escape.
    assert closed >= 1 and running <= 1, report

    ids = {a[0] for a in alerts}
    assert len(alerts) == len(ids) == len(world.ever_broken) == len(BROKEN), f"alerts: {alerts}\n{report}"
    assert sorted(sent) == sorted((i, "hook", "sent") for i in ids), sent

    # Each alert: exactly one POST recorded as sent (the run after which the outbox says
    # 'sent' for the first time), none after it; earlier POSTs only from killed runs.
    resent = 0
    for alert_id, summary in alerts:
        name = re.match(r"Feed (.+?) failed", summary).group(1)
        runs = [run for run, body in posts if f"Feed {name} failed" in body]
        recorded = min(run for run, ids_sent in sent_after.items() if alert_id in ids_sent)
        assert runs.count(recorded) == 1, f"{name}: POSTs in runs {runs}, recorded after run {recorded}"
        assert all(r <= recorded for r in runs), f"{name}: sent again after it was recorded: {runs}"
        unrecorded = {r for r in runs if r < recorded}
        assert not unrecorded & ended, f"{name}: a run that was not killed sent it without recording it"
        resent += len(runs) - 1
    print(
        f"{len(posts)} POSTs carried {len(alerts) + resent} alert messages for {len(alerts)} alerts: "
        f"{resent} re-sent because a kill came between the POST and its record"
    )


def _monitor_runs(api_url: str) -> tuple[int, int]:
    """(monitor flow runs still RUNNING, those marked Crashed because their process died)."""
    found = httpx.post(
        f"{api_url}/flow_runs/filter",
        json={"flows": {"name": {"any_": ["monitor"]}}, "limit": 200},
        timeout=30,
    ).json()
    running = sum(r["state_type"] == "RUNNING" for r in found)
    closed = sum(
        r["state_type"] == "CRASHED" and "died" in ((r["state"] or {}).get("message") or "") for r in found
    )
    return running, closed


def _fsize_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a signal, as a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _can_mount(folder: Path) -> bool:
    ok = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(folder)], capture_output=True, timeout=30
    )
    return ok.returncode == 0


@pytest.mark.timeout(600)
def test_full_disk_and_read_only_warehouse_give_clear_errors_and_lose_nothing(tmp_path, crash_prefect):
    with FixtureServer() as feeds, Receiver() as hook:
        world = World(tmp_path, feeds, hook, crash_prefect)
        folder = world.db.parent
        tmpfs = _can_mount(folder)  # a small disk of its own for the warehouse
        try:
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
            ro = subprocess.run(
                ["mount", "--bind", str(folder), str(folder)], capture_output=True, timeout=30
            )
            if ro.returncode == 0:
                try:
                    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, timeout=30)
                    world.grow(2)
                    rc, out = world.run()
                finally:
                    subprocess.run(["umount", str(folder)], check=True, timeout=30)
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
                subprocess.run(["umount", str(folder)], check=False, timeout=30)
