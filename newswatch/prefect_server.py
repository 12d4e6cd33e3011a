"""The Prefect API a single `newswatch run` talks to: reuse one, never wait on a slow start.

Order: the server named by PREFECT_API_URL (environment or the active Prefect profile);
else one local background server shared by every later run on this machine, kept under
$PREFECT_HOME/newswatch-server/ (server.json with pid and url, server.log). It is started
on first use as a detached `prefect server start` under a small supervisor that stops it
after `prefect_idle_s` seconds without a run (NEWSWATCH_PREFECT_IDLE_S, default 3600) or on
`newswatch server stop`. Start-up has a generous deadline (`prefect_start_s`,
NEWSWATCH_PREFECT_START_S, default 180 s) and one retry; if both fail, the run falls back to
Prefect's temporary server with the same generous deadline, so a slow start never costs a
cycle. `prefect_server = "ephemeral"` (NEWSWATCH_PREFECT_SERVER=ephemeral) keeps Prefect's
temporary server (the old behaviour), with the same deadline. The three are settings
(newswatch/settings.py); PREFECT_HOME and PREFECT_API_URL are Prefect's own variables.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from newswatch.locking import process_alive
from newswatch.settings import current_settings


def state_dir() -> Path:
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    return home / "newswatch-server"


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout) as resp:  # noqa: S310
            return resp.status == 200
    except Exception:
        return False


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment or the active profile, if any."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


def _read_state() -> dict | None:
    try:
        return json.loads((state_dir() / "server.json").read_text())
    except (OSError, ValueError):
        return None


def status() -> dict | None:
    """{pid, url, healthy} of the background server, or None when none runs."""
    state = _read_state()
    if not state or not process_alive(int(state["pid"])):
        return None
    return {**state, "healthy": healthy(state["url"])}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    import fcntl

    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _touch() -> None:
    (state_dir() / "last_used").touch()


def _start_once(deadline_s: float) -> dict | None:
    folder = state_dir()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    _touch()
    log = open(folder / "server.log", "ab")  # noqa: SIM115 (handed to the child)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("PREFECT_UI_ENABLED", "false")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newswatch.prefect_server", "supervise", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # detached: survives this run
        close_fds=True,
    )
    log.close()
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            return None
        if healthy(url):
            state = {"pid": proc.pid, "url": url, "port": port, "started_at": time.time()}
            (folder / "server.json").write_text(json.dumps(state))
            return state
        time.sleep(0.5)
    _stop_pid(proc.pid)
    return None


def _patient_ephemeral_start(start_s: float) -> None:
    """Prefect's temporary server gets the same generous start-up deadline (its default,
    20 s, failed whole cycles on a busy machine). Prefect reads it when first imported."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(int(start_s)))


def ensure_api() -> str | None:
    """The API URL this process should use (also set in PREFECT_API_URL), or None for
    Prefect's temporary server."""
    settings = current_settings()
    if settings.prefect_server == "ephemeral":
        _patient_ephemeral_start(settings.prefect_start_s)
        return None
    url = configured_api_url()
    if url:
        return url
    with _locked():
        state = status()
        if state and state["healthy"]:
            _touch()
            url = state["url"]
        else:
            if state:  # alive but not answering: replace it
                _stop_pid(int(state["pid"]))
            start_s = settings.prefect_start_s
            started = _start_once(start_s) or _start_once(start_s)  # one retry
            if started is None:
                _patient_ephemeral_start(start_s)
                return None
            url = started["url"]
    os.environ["PREFECT_API_URL"] = url
    return url


@contextlib.contextmanager
def without_heartbeat(api_url: str | None = None) -> Iterator[None]:
    """Flow runs started in this process for one cycle (`newswatch run`, a demo day, a test)
    go without Prefect's flow-run heartbeat: it only tells a server that a deployment's run
    is alive, each run's end waited up to 2 s for its thread, and a killed cycle's run is
    closed by the next cycle instead (flows/abandoned.py). With `api_url`, they also report
    there. Deployments served by `newswatch serve` keep Prefect's default."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    updates: dict = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    if api_url:
        updates[PREFECT_API_URL] = api_url
    with temporary_settings(updates=updates):
        yield


@contextlib.contextmanager
def api() -> Iterator[str | None]:
    """ensure_api() for the duration of a block, also when prefect is already imported."""
    url = ensure_api()
    if url is None or "prefect" not in sys.modules:
        yield url
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield url


def _stop_pid(pid: int, wait_s: float = 20.0) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    end = time.monotonic() + wait_s
    while time.monotonic() < end and process_alive(pid):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def stop() -> dict | None:
    """Stop the background server; returns what was stopped (None if none ran)."""
    with _locked():
        state = _read_state()
        if not state:
            return None
        if process_alive(int(state["pid"])):
            _stop_pid(int(state["pid"]))
        else:
            state = None
        with contextlib.suppress(FileNotFoundError):
            (state_dir() / "server.json").unlink()
        return state


def supervise(port: int) -> int:
    """Run `prefect server start` and stop it when idle or asked (SIGTERM)."""
    idle_s = current_settings().prefect_idle_s
    prefect = Path(sys.executable).with_name("prefect")
    cmd = [str(prefect)] if prefect.exists() else [sys.executable, "-m", "prefect"]
    child = subprocess.Popen([*cmd, "server", "start", "--host", "127.0.0.1", "--port", str(port)])
    stopping = False

    def on_term(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    last_used = state_dir() / "last_used"
    while child.poll() is None and not stopping:
        time.sleep(1.0)
        with contextlib.suppress(OSError):
            if time.time() - last_used.stat().st_mtime > idle_s:
                break
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
    state = _read_state()
    if state and state.get("pid") == os.getpid():
        with contextlib.suppress(FileNotFoundError):
            (state_dir() / "server.json").unlink()
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "supervise":
        sys.exit(supervise(int(sys.argv[2])))
    sys.exit("usage: python -m newswatch.prefect_server supervise PORT")
