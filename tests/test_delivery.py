"""Alert delivery through real local servers: SMTP (aiosmtpd) and an HTTP webhook, with the
outbox guaranteeing each alert arrives once even when a channel is down for a while."""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newswatch.alert_rules import load_rules
from newswatch.alerts import alert_id_for
from newswatch.stages import notify
from warehouse import connect, migrate
from warehouse.store import DetectionStore

T0 = datetime(2026, 3, 5, 18, tzinfo=UTC)
SECRET = "s3cr3t-token-value-that-must-not-leak"


class Webhook:
    """A JSON webhook on 127.0.0.1 that fails with 500 while `down` is set."""

    def __init__(self):
        self.received: list[dict] = []
        self.down = False
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if hook.down:
                    self.send_response(500)
                    self.end_headers()
                    return
                hook.received.append(json.loads(body))
                self.send_response(200)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.close()


def _alert(n: int, created: datetime = T0) -> dict:
    summary = f"BOMBING again on M4 highway (test {n})"
    return {
        "alert_id": alert_id_for("test-rule", f"c{n}"),
        "kind": "recurrence",
        "rule": "test-rule",
        "cluster_id": f"c{n}",
        "recurrence_key": "BOMBING|road:m4|state:rus+state:tur",
        "severity": "high",
        "created_at": created,
        "summary": summary,
        "explanation": json.dumps({"rule": "test-rule", "new": {"sources": []}, "earlier": []}),
        "markdown": f"### {summary}\n\n- **Rule**: `test-rule`\n",
    }


def _setup(db, tmp_path, channels: str, alerts: list[dict]) -> str:
    migrate(db)
    rules = tmp_path / "alerts.yaml"
    rules.write_text(f"channels:\n{channels}\nrules:\n  - {{name: test-rule, kind: recurrence}}\n")
    names = [line.split(":")[0].strip() for line in channels.splitlines() if line.strip()]
    deliveries = [
        {"alert_id": a["alert_id"], "channel": ch, "status": "pending", "attempts": 0, "next_attempt_at": T0}
        for a in alerts
        for ch in names
    ]
    DetectionStore(db).insert_alerts(alerts, deliveries)
    return str(rules)


def _statuses(db):
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT channel, status, attempts, last_error FROM deliveries ORDER BY 1"
        ).fetchall()


def test_email_reaches_a_real_smtp_server(db, tmp_path, monkeypatch):
    from aiosmtpd.controller import Controller

    class Inbox:
        messages: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
            self.messages.append(envelope)
            return "250 OK"

    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks readiness by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv(
            "NW_TEST_EMAIL",
            f"mailto://127.0.0.1:{port}?from=newswatch@example.org"
            "&to=desk@example.org&mode=insecure&user=desk",
        )
        rules = _setup(db, tmp_path, "  email: {type: apprise, url_env: NW_TEST_EMAIL}", [_alert(1)])
        assert notify.run(db, load_rules(rules), T0) == {"sent": 1}
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message.rcpt_tos == ["desk@example.org"]
    body = message.content.decode("utf-8", "replace")
    assert "BOMBING again on M4 highway" in body
    assert _statuses(db)[0][1] == "sent"


def test_webhook_down_then_up_gets_each_alert_exactly_once(db, tmp_path, monkeypatch, webhook):
    monkeypatch.setenv("NW_TEST_HOOK", f"json://127.0.0.1:{webhook.port}/hook?token={SECRET}")
    rules = _setup(db, tmp_path, "  hook: {type: apprise, url_env: NW_TEST_HOOK}", [_alert(1)])
    webhook.down = True
    assert notify.run(db, load_rules(rules), T0) == {"failed": 1}
    ((channel, status, attempts, error),) = _statuses(db)
    assert (status, attempts) == ("failed", 1)
    assert SECRET not in (error or "")
    webhook.down = False
    assert notify.run(db, load_rules(rules), T0 + timedelta(seconds=20)) == {}  # still backing off
    assert notify.run(db, load_rules(rules), T0 + timedelta(minutes=2)) == {"sent": 1}
    assert notify.run(db, load_rules(rules), T0 + timedelta(minutes=10)) == {}  # never twice
    assert len(webhook.received) == 1
    assert "BOMBING again on M4 highway" in json.dumps(webhook.received[0])
    assert _statuses(db)[0][1:3] == ("sent", 2)


def test_a_missing_secret_is_a_clear_failure_and_other_channels_still_deliver(db, tmp_path, monkeypatch):
    monkeypatch.delenv("NW_TEST_UNSET", raising=False)
    rules = _setup(
        db,
        tmp_path,
        "  chat: {type: apprise, url_env: NW_TEST_UNSET}\n"
        f"  file: {{type: jsonl, path: '{tmp_path}/out.jsonl'}}",
        [_alert(1)],
    )
    assert notify.run(db, load_rules(rules), T0) == {"failed": 1, "sent": 1}
    statuses = {c: (s, e) for c, s, _a, e in _statuses(db)}
    assert statuses["chat"][0] == "failed" and "NW_TEST_UNSET is not set" in statuses["chat"][1]
    assert statuses["file"][0] == "sent"
    record = json.loads((tmp_path / "out.jsonl").read_text())
    assert record["alert_id"] == _alert(1)["alert_id"]


def test_hourly_digest_groups_alerts_and_rate_limit_holds_back_a_flood(db, tmp_path, monkeypatch, webhook):
    monkeypatch.setenv("NW_TEST_HOOK", f"json://127.0.0.1:{webhook.port}/hook")
    alerts = [_alert(n) for n in range(12)]
    rules = _setup(
        db,
        tmp_path,
        "  hook: {type: apprise, url_env: NW_TEST_HOOK, mode: hourly}\n"
        f"  file: {{type: jsonl, path: '{tmp_path}/out.jsonl', max_per_hour: 5}}",
        alerts,
    )
    assert notify.run(db, load_rules(rules), T0) == {"sent": 17, "waiting": 7}
    assert len(webhook.received) == 1  # one digest message for twelve alerts
    assert "12" in json.dumps(webhook.received[0])
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 5
    assert notify.run(db, load_rules(rules), T0 + timedelta(minutes=30)) == {"waiting": 7}
    assert notify.run(db, load_rules(rules), T0 + timedelta(minutes=61)) == {"sent": 5, "waiting": 2}
    assert notify.run(db, load_rules(rules), T0 + timedelta(minutes=125)) == {"sent": 2}
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 12
    assert len(webhook.received) == 1


@pytest.mark.usefixtures("prefect_harness")
def test_channel_url_from_a_prefect_secret_block(db, tmp_path, webhook):
    from prefect.blocks.system import Secret

    Secret(value=f"json://127.0.0.1:{webhook.port}/hook?token={SECRET}").save("nw-test-hook", overwrite=True)
    rules = _setup(
        db,
        tmp_path,
        "  hook: {type: apprise, url_secret: nw-test-hook}\n"
        "  missing: {type: apprise, url_secret: nw-no-such-block}",
        [_alert(1)],
    )
    assert notify.run(db, load_rules(rules), T0) == {"sent": 1, "failed": 1}
    assert len(webhook.received) == 1
    statuses = {c: (s, e) for c, s, _a, e in _statuses(db)}
    assert statuses["missing"][0] == "failed" and "nw-no-such-block" in statuses["missing"][1]
    assert all(SECRET not in (e or "") for _s, e in statuses.values())


def test_redaction_masks_short_credentials_in_query_parameters():
    from newswatch.delivery import redact

    masked = redact("POST json://hooks.example.org/x?token=hunter2-Pa55word&user=bob failed")
    assert "hunter2" not in masked and masked.endswith("?token=***&user=bob failed")
    assert "s3" not in redact("https://h/hook?api_key=s3;x=1").split("api_key=")[1].split(";")[0]
    hint = "set NEWSWATCH_ALLOW_PRIVATE_HOSTS=1 or --allow-private-hosts to allow"
    assert redact(hint) == hint
