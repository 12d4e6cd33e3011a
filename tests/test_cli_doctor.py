"""`newswatch doctor`: each check's OK line and its failing line (with what to do), and no
secret ever printed; `newswatch backtest` names the rule kinds it cannot simulate."""

from __future__ import annotations

import json
import shutil
import socket

import pytest

from newswatch.cli import main
from newswatch.settings import DEFAULT_FEEDS, DEFAULT_RULES
from warehouse import migrate

SECRET = "hunter2-Pa55word"
SECRET_URL = f"json://desk:{SECRET}@hooks.example.org/alerts?token={SECRET}"

RULES = """\
defaults:
  channels: [hook]
channels:
  hook: {type: apprise, url_env: DOCTOR_TEST_HOOK_URL}
  unset: {type: apprise, url_env: DOCTOR_TEST_UNSET_URL}
  bad: {type: apprise, url_env: DOCTOR_TEST_BAD_URL}
  file: {type: jsonl, path: data/alerts.jsonl}
  screen: {type: terminal}
  prefect: {type: artifact}
rules:
  - name: violence-recurs
    kind: recurrence
    types: [AIRSTRIKE]
    severity: high
  - name: feed-failing-or-silent
    kind: feed_health
    failures: 5
    severity: low
"""


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A migrated warehouse, the shipped feed list, a rules file whose channel URL (with a
    password) is in a variable; Prefect 'ephemeral' and DNS answered without the network."""
    db = str(tmp_path / "w.duckdb")
    migrate(db)
    rules = tmp_path / "alerts.yaml"
    rules.write_text(RULES)
    feeds = tmp_path / "feeds.yaml"
    shutil.copy(DEFAULT_FEEDS, feeds)
    monkeypatch.setenv("DOCTOR_TEST_HOOK_URL", SECRET_URL)
    monkeypatch.delenv("DOCTOR_TEST_UNSET_URL", raising=False)
    monkeypatch.setenv("DOCTOR_TEST_BAD_URL", SECRET)  # not a URL, and secret all the same
    monkeypatch.setenv("NEWSWATCH_PREFECT_SERVER", "ephemeral")
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [("resolved",)])
    return {"db": db, "rules": str(rules), "feeds": str(feeds), "tmp": tmp_path}


def _doctor(capsys, s, *extra: str) -> tuple[int, dict[str, str], str]:
    args = ["doctor", "--db", s["db"], "--rules", s["rules"], "--feeds", s["feeds"], *extra]
    rc = main(args)
    text = capsys.readouterr()
    assert main([*args, "--json"]) == rc
    js = capsys.readouterr()
    lines = {}
    for line in text.out.splitlines():
        status, rest = line[:4].strip(), line[5:]
        lines[rest[:20].strip()] = f"{status} {rest[20:].strip()}"
    everything = text.out + text.err + js.out + js.err
    assert SECRET not in everything and "hooks.example.org" not in everything
    return rc, lines, js.out


def test_every_check_ok_and_no_secret_printed(setup, capsys):
    rc, lines, js = _doctor(capsys, setup)
    assert rc == 1  # the unparseable channel URL is a failure
    assert lines["warehouse"] == f"ok {setup['db']}: present, writable, migrated"
    assert lines["alert rules"].startswith(f"ok {setup['rules']}: 2 rules")
    assert lines["feed list"].startswith(f"ok {setup['feeds']}: ")
    assert lines["channel hook"] == "ok DOCTOR_TEST_HOOK_URL is set (json:// URL)"
    assert lines["channel file"] == "ok writes to data/alerts.jsonl"
    # channels that need no URL (the shipped rules have two) said "None is not set"
    assert lines["channel screen"] == "ok prints alerts to the terminal of the run"
    assert lines["channel prefect"].startswith("ok writes alerts as a Prefect artifact")
    assert lines["channel unset"] == (
        "warn DOCTOR_TEST_UNSET_URL is not set — export it or alerts stay in the outbox"
    )
    assert lines["channel bad"] == "fail DOCTOR_TEST_BAD_URL does not parse as a URL — check its value"
    assert lines["prefect"].startswith("ok each run starts Prefect's temporary server")
    assert lines["network"].startswith("ok feed hosts resolve (e.g. ")
    assert {f["check"]: f["status"] for f in json.loads(js)}["channel hook"] == "ok"


def test_every_check_failing_says_what_to_do(setup, capsys, monkeypatch):
    # warehouse: missing (and doctor creates nothing), then migrations pending
    missing = setup["tmp"] / "none.duckdb"
    rc, lines, _ = _doctor(capsys, {**setup, "db": str(missing)})
    assert rc == 1 and not missing.exists()
    assert lines["warehouse"] == f"fail no warehouse at {missing} — run 'newswatch migrate --db {missing}'"
    old = str(setup["tmp"] / "old.duckdb")
    migrate(old, target=1)
    _, lines, _ = _doctor(capsys, {**setup, "db": old})
    assert lines["warehouse"].startswith("fail migrations pending (002_views")
    assert lines["warehouse"].endswith(f"— run 'newswatch migrate --db {old}'")
    # seeds: a broken rules file and feed list (file:line, what to do)
    bad_rules = setup["tmp"] / "bad_rules.yaml"
    bad_rules.write_text("rules:\n  - name: x\n    kind: nonsense\n")
    bad_feeds = setup["tmp"] / "bad_feeds.yaml"
    bad_feeds.write_text("feeds:\n  - name: no url\n")
    _, lines, _ = _doctor(capsys, {**setup, "rules": str(bad_rules), "feeds": str(bad_feeds)})
    assert lines["alert rules"].startswith(f"fail {bad_rules}:2") and lines["alert rules"].endswith(
        "— fix the file"
    )
    assert lines["feed list"].startswith(f"fail {bad_feeds}") and lines["feed list"].endswith(
        "— fix the file"
    )
    assert lines["network"] == "warn feed list unreadable; see above"
    # prefect: an API that does not answer
    monkeypatch.delenv("NEWSWATCH_PREFECT_SERVER")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{port}/api")
    # network: no feed host resolves
    monkeypatch.setattr(socket, "getaddrinfo", _no_dns)
    _, lines, _ = _doctor(capsys, setup)
    assert lines["prefect"] == (
        f"fail PREFECT_API_URL http://127.0.0.1:{port}/api does not answer — start that server or unset it"
    )
    assert lines["network"].startswith("warn none of ") and lines["network"].endswith(
        "resolves — check DNS or the network"
    )


def _no_dns(*args, **kwargs):
    raise socket.gaierror("no DNS in this test")


def test_backtest_names_the_kinds_it_cannot_simulate(setup, capsys):
    assert main(["backtest", "--db", setup["db"], "--rules", setup["rules"]]) == 0
    captured = capsys.readouterr()
    assert "0 alerts would have fired" in captured.out
    assert captured.err.startswith("not backtested: feed-failing-or-silent (feed_health) — ")
    assert "violence-recurs" not in captured.err
    assert main(["backtest", "--db", setup["db"], "--rules", setup["rules"], "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "not backtested" in captured.err
    # the shipped rules: the note names their feed_health rule; nothing when there is none
    assert main(["backtest", "--db", setup["db"], "--rules", DEFAULT_RULES]) == 0
    assert "feed-failing-or-silent (feed_health)" in capsys.readouterr().err
    only = setup["tmp"] / "only_recurrence.yaml"
    only.write_text(RULES.split("  - name: feed-failing-or-silent")[0])
    assert main(["backtest", "--db", setup["db"], "--rules", str(only)]) == 0
    assert capsys.readouterr().err == ""
