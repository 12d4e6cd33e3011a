"""Secrets: an Apprise channel URL holding a password and tokens (set in an environment
variable named by `url_env` in the alert rules) never shows up in anything newswatch writes
or prints, even when the channel fails: stdout and stderr of the commands, the warehouse
file's bytes, alert files under data/, Prefect's own database (logs, artifacts) and any
report. The channel does receive the message (so the secret was really used).

Also: redaction masks secret values, never the names of settings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newswatch.delivery import redact, secret_parts
from tests.fixtures.receiver import Receiver

PASSWORD = "pw-S3cr3tXq"  # short on purpose: a length-based redactor would miss it
PATH_TOKEN = "tok9Zq7"
QUERY_TOKEN = "qt5Vw2Lk8"
LONG_TOKEN = "T0KENabcdefghijklmnopqrstuv0123456789"
SECRETS = [PASSWORD, PATH_TOKEN, QUERY_TOKEN, LONG_TOKEN]


def test_redaction_keeps_setting_names_and_masks_values():
    hint = (
        "127.0.0.1 resolves to non-public address 127.0.0.1 "
        "(set NEWSWATCH_ALLOW_PRIVATE_HOSTS=1 or --allow-private-hosts to allow)"
    )
    assert redact(hint) == hint
    assert redact("environment variable NEWSWATCH_SLACK_URL is not set") == (
        "environment variable NEWSWATCH_SLACK_URL is not set"
    )
    masked = redact(f"POST json://user:{PASSWORD}@hooks.example.org/{LONG_TOKEN}/x failed")
    assert PASSWORD not in masked and LONG_TOKEN not in masked
    assert masked == "POST json://***@hooks.example.org/***/x failed"
    assert LONG_TOKEN.upper() not in redact(LONG_TOKEN.upper()), "an upper-case token is still masked"


def _grep(paths: list[Path], texts: dict[str, str]) -> list[str]:
    """Where any secret occurs: file paths (bytes, also UTF-16) and named texts."""
    found = []
    needles = [s.encode() for s in SECRETS] + [s.encode("utf-16-le") for s in SECRETS]
    for root in paths:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                found += [f"{path}: {n!r}" for n in needles if n in data]
    for name, text in texts.items():
        found += [f"{name}: {s}" for s in SECRETS if s in text]
    return found


@pytest.mark.slow
def test_a_failing_channel_never_leaks_its_url(
    tmp_path, server, prefect_api, prefect_server_home, monkeypatch, capfd, caplog
):
    with Receiver(status=500) as hook:
        secret_url = (
            f"json://user:{PASSWORD}@127.0.0.1:{hook.port}/hook/{PATH_TOKEN}/{LONG_TOKEN}?token={QUERY_TOKEN}"
        )
        server.route("/broken.xml", "oops", status=500)
        server.route(
            "/good.xml",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>G</title>'
            f"<item><title>One</title><link>{server.url}/1</link><description>x</description></item>"
            "</channel></rss>",
            content_type="application/rss+xml",
        )
        (tmp_path / "feeds.yaml").write_text(
            f"feeds:\n  - {{url: '{server.url}/broken.xml', name: Broken}}\n"
            f"  - {{url: '{server.url}/good.xml', name: Good}}\n"
        )
        (tmp_path / "alerts.yaml").write_text(
            "channels:\n"
            "  hook: {type: apprise, url_env: NEWSWATCH_TEST_HOOK_URL}\n"
            "  unset: {type: apprise, url_env: NEWSWATCH_TEST_UNSET_URL}\n"
            "  jsonl: {type: jsonl, path: data/alerts.jsonl}\n"
            "  markdown: {type: markdown, path: data/alerts.md}\n"
            "  artifact: {type: artifact}\n"
            "  terminal: {type: terminal}\n"
            "rules:\n"
            "  - {name: feed-down, kind: feed_health, failures: 1,"
            " channels: [hook, unset, jsonl, markdown, artifact, terminal]}\n"
        )
        prefect_home = tmp_path / "prefect"
        env = {
            **os.environ,
            "PREFECT_HOME": str(prefect_home),
            # the session's server: its database (logs, artifacts of these runs) is grepped too
            "PREFECT_API_URL": prefect_api,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_LEVEL": "DEBUG",  # the most a user could turn on
            "NEWSWATCH_DEBUG": "1",
            "NEWSWATCH_TEST_HOOK_URL": secret_url,
            "NEWSWATCH_DB": str(tmp_path / "w.duckdb"),
        }
        env.pop("NEWSWATCH_TEST_UNSET_URL", None)
        cli = str(Path(sys.executable).parent / "newswatch")
        outputs: dict[str, str] = {}

        def run(*args: str, ok: bool = True) -> None:
            proc = subprocess.run(
                [cli, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=240
            )
            outputs[f"{' '.join(args)} stdout"] = proc.stdout
            outputs[f"{' '.join(args)} stderr"] = proc.stderr
            if ok:
                assert proc.returncode == 0, proc.stderr[-3000:]

        def run_here(*args: str, ok: bool = True) -> None:
            """A command that only reads: in this process (a subprocess costs a second of
            imports), its stdout, stderr and log records all kept for the grep."""
            from newswatch.cli import main

            capfd.readouterr()
            caplog.clear()
            code = main(list(args))
            out, err = capfd.readouterr()
            outputs[f"{' '.join(args)} stdout"] = out
            outputs[f"{' '.join(args)} stderr"] = err + caplog.text
            if ok:
                assert code == 0, err[-3000:]

        run("migrate")
        for _ in range(2):  # the second cycle retries the failed delivery
            run(
                "run",
                "--feeds",
                "feeds.yaml",
                "--rules",
                "alerts.yaml",
                "--all-feeds",
                "--allow-private-hosts",
            )
        for name in ("PREFECT_LOGGING_LEVEL", "NEWSWATCH_DEBUG", "NEWSWATCH_TEST_HOOK_URL", "NEWSWATCH_DB"):
            monkeypatch.setenv(name, env[name])
        monkeypatch.chdir(tmp_path)
        caplog.set_level("DEBUG")
        run_here("alerts", "list")
        run_here("alerts", "show", "--help", ok=False)
        run_here("sql", "SELECT * FROM deliveries", "--format", "csv")
        run_here("sql", "SELECT * FROM alerts")
        run_here("feeds", "check", "--feeds", "feeds.yaml", ok=False)
        run_here("backtest", "--rules", "alerts.yaml", ok=False)
        run_here("export", "--out", "exports", ok=False)

        posts = hook.posts
    assert posts, "the channel was really tried (so its secret URL was really used)"
    assert any(PATH_TOKEN in path for path, _h, _b in posts)
    deliveries = outputs["sql SELECT * FROM deliveries --format csv stdout"]
    assert "NEWSWATCH_TEST_UNSET_URL is not set" in deliveries, "a setting's name is not masked"
    assert "hook" in deliveries and "refused" in deliveries, "the failing channel's error is recorded"
    leaks = _grep([tmp_path, prefect_server_home], outputs)
    assert leaks == [], "the channel URL leaked:\n" + "\n".join(leaks)
    assert (tmp_path / "w.duckdb").stat().st_size > 0 and (prefect_server_home / "prefect.db").is_file()


def test_the_pieces_of_a_channel_url_are_masked_however_short():
    url = f"json://user:{PASSWORD}@hooks.example.org/hook/{PATH_TOKEN}?token={QUERY_TOKEN}&v=2"
    parts = secret_parts(url)
    assert {PASSWORD, PATH_TOKEN, QUERY_TOKEN, url} <= set(parts) and "hook" not in parts
    message = f"channel hook: ConnectionError: POST hooks.example.org/hook/{PATH_TOKEN} as {PASSWORD} failed"
    masked = redact(message, parts)
    assert PATH_TOKEN not in masked and PASSWORD not in masked
    assert masked.startswith("channel hook: ConnectionError: POST hooks.example.org/hook/***")
    assert secret_parts("not a url [::") == ["not a url [::"]


def test_an_apprise_plugin_error_quoting_the_url_is_masked(monkeypatch):
    import apprise

    from newswatch.alert_rules import Channel
    from newswatch.delivery import DeliveryError, send

    url = f"json://user:{PASSWORD}@127.0.0.1:9/hook/{PATH_TOKEN}"

    def broken_notify(self, *args, **kwargs):  # a plugin that puts its URL in the error
        raise RuntimeError(f"cannot post to {url} (user:{PASSWORD}, path /hook/{PATH_TOKEN})")

    monkeypatch.setattr(apprise.Apprise, "notify", broken_notify)
    monkeypatch.setenv("NEWSWATCH_TEST_PLUGIN_URL", url)
    channel = Channel(name="hook", type="apprise", url_env="NEWSWATCH_TEST_PLUGIN_URL")
    with pytest.raises(DeliveryError) as caught:
        send(channel, [{"markdown": "m", "severity": "high", "summary": "s"}])
    text = str(caught.value)
    assert "RuntimeError" in text and "channel hook" in text
    assert not [s for s in SECRETS if s in text], text
