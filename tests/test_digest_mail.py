"""The daily digest writes the HTML report and e-mails it through an Apprise mailto:// URL read
from the environment variable an alert channel names (url_env). A real SMTP server (aiosmtpd)
on 127.0.0.1 receives it; the SMTP password never appears in any output."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from tests.fixtures import report_warehouse as rw

PASSWORD = "Pw-8c1f4e7a2b9d"  # noqa: S105 - a test secret that must never be printed
USER = "desk"
URL_ENV = "NEWSWATCH_TEST_DIGEST_MAIL_URL"
NOW = datetime(2026, 3, 8, tzinfo=UTC)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages: list[bytes] = []
        self.logins: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(envelope.original_content or envelope.content)
        return "250 OK"


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    inbox = _Inbox()

    def authenticator(server, session, envelope, mechanism, auth_data):
        login = (auth_data.login.decode(), auth_data.password.decode())
        inbox.logins.append(login)
        # handled=False: a refusal is answered "535 ... credentials invalid", as a real server
        # does (handled=True sends nothing, so the client sat out its 15 s timeout)
        return AuthResult(success=login == (USER, PASSWORD), handled=False)

    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=authenticator,
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def _rules(tmp_path):
    path = tmp_path / "alerts.yaml"
    path.write_text(
        "channels:\n"
        f"  email: {{type: apprise, url_env: {URL_ENV}, mode: daily}}\n"
        "rules:\n"
        "  - {name: any-violence, kind: recurrence, family: violence, channels: [email]}\n",
        encoding="utf-8",
    )
    return str(path)


def _run_digest(db, rules, report_path):
    from flows.digest import digest

    return digest(db=db, hours=7 * 24, now=NOW, report_path=report_path, rules=rules)


def _everything_printed(capfd, caplog) -> str:
    out, err = capfd.readouterr()
    return out + err + caplog.text


@pytest.mark.slow
def test_digest_writes_the_report_and_mails_it_as_html(
    prefect_harness, db, tmp_path, smtp, monkeypatch, capfd, caplog
):
    controller, inbox = smtp
    rw.hand_made(db)
    monkeypatch.setenv(
        URL_ENV,
        f"mailto://{USER}:{PASSWORD}@127.0.0.1:{controller.port}"
        "?mode=insecure&from=newswatch@example.org&to=analyst@example.org",
    )
    caplog.set_level(logging.DEBUG)
    markdown = _run_digest(db, _rules(tmp_path), str(tmp_path / "out" / "digest-{date}.html"))
    assert "# newswatch digest" in markdown

    report = tmp_path / "out" / "digest-2026-03-08.html"
    assert report.is_file() and "Talks held after 1 postponement" in report.read_text(encoding="utf-8")

    assert len(inbox.messages) == 1 and inbox.logins == [(USER, PASSWORD)]
    mail = message_from_bytes(inbox.messages[0], policy=policy.default)
    assert "newswatch digest 2026-03-08" in mail["Subject"]
    assert "analyst@example.org" in mail["To"]
    html_part = mail.get_body(preferencelist=("html",))
    assert html_part is not None and html_part.get_content_type() == "text/html"
    body = html_part.get_content()
    # the alert rows of the report, with the feed's hostile title escaped, not live
    assert "Talks held after 1 postponement" in body and "BOMBING again on the M4" in body
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body

    printed = _everything_printed(capfd, caplog)
    assert PASSWORD not in printed


@pytest.mark.slow
def test_a_refused_login_is_reported_without_the_password(
    prefect_harness, db, tmp_path, smtp, monkeypatch, capfd, caplog
):
    controller, inbox = smtp
    rw.hand_made(db)
    wrong = PASSWORD + "-wrong"
    monkeypatch.setenv(
        URL_ENV,
        f"mailto://{USER}:{wrong}@127.0.0.1:{controller.port}"
        "?mode=insecure&from=newswatch@example.org&to=analyst@example.org",
    )
    caplog.set_level(logging.DEBUG)
    _run_digest(db, _rules(tmp_path), str(tmp_path / "digest.html"))
    assert (tmp_path / "digest.html").is_file()  # the report is written whether or not mail works
    # refused, the client tries its next mechanism (AUTH PLAIN, then LOGIN): the same pair
    assert inbox.messages == [] and inbox.logins and set(inbox.logins) == {(USER, wrong)}
    printed = _everything_printed(capfd, caplog)
    assert "digest e-mail not sent" in printed
    assert wrong not in printed and PASSWORD not in printed


def test_without_the_variable_the_report_is_written_and_no_mail_sent(
    prefect_harness, db, tmp_path, smtp, monkeypatch
):
    _controller, inbox = smtp
    rw.hand_made(db)
    monkeypatch.delenv(URL_ENV, raising=False)
    _run_digest(db, _rules(tmp_path), str(tmp_path / "digest.html"))
    assert (tmp_path / "digest.html").is_file() and inbox.messages == []
