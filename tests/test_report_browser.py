"""The report in a real browser: headless Chromium (Debian's `chromium`) opens the file from
the replayed labelled timeline, the DOM it dumps has the charts drawn and the alert rows,
and the browser logs no console error, no CSP refusal and no network request.

Skipped where `chromium` is not installed, never in CI (`.ci/run` installs it). Set
NEWSWATCH_REPORT_SCREENSHOT=1 to save the screenshot to docs/images/report.png (the README's);
otherwise it goes to the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from newswatch.report import build_report
from tests.fixtures import report_warehouse as rw

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "images" / "report.png"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
CONSOLE_TROUBLE = ("Uncaught", "CONSOLE", "Refused to", "Content Security Policy", "ERR_", "net::")


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("chromium is not installed; CI must have it (.ci/run installs it with apt-get)")
    pytest.skip(
        "chromium is not installed (apt-get install -y chromium); the browser test is skipped locally"
    )


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(profile))  # keep Chromium's crash/config files out of ~
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def _console_trouble(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if any(word in line for word in CONSOLE_TROUBLE)]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    page = build_report(rw.replayed(), rw.REPLAY_SINCE, rw.REPLAY_UNTIL, rw.REPLAY_UNTIL)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.mark.slow
def test_chromium_draws_the_charts_and_alert_rows_without_console_errors(report_file, tmp_path):
    browser = _chromium()
    done = _run(browser, tmp_path / "profile", "--dump-dom", report_file.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console_trouble(done.stderr) == []
    doc = lxml.html.document_fromstring(done.stdout)
    for chart in ("clusters-by-theatre", "clusters-by-type"):
        assert len(doc.xpath(f"//svg[@id='{chart}']//g[@class='bar']")) >= 20
    assert len(doc.xpath("//svg[@id='recurrence-chains']//circle")) >= 10
    assert len(doc.xpath("//svg[@id='event-map']//circle[contains(@class, 'place')]")) >= 5
    rows = doc.xpath("//tr[@class='alert-row']")
    assert len(rows) >= 15 and all(r.xpath(".//a[starts-with(@href, 'https://')]") for r in rows)
    # the hostile title reached the browser as text: nothing of it became an element
    assert doc.xpath("//script") == []
    assert [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")] == []
    assert rw.HOSTILE_TITLE in doc.text_content()


@pytest.mark.slow
def test_chromium_screenshot(report_file, tmp_path):
    browser = _chromium()
    wanted = os.environ.get("NEWSWATCH_REPORT_SCREENSHOT", "").lower() in ("1", "true", "yes")
    out = SCREENSHOT if wanted else tmp_path / "report.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    done = _run(
        browser, tmp_path / "profile", "--window-size=1280,2600", f"--screenshot={out}", report_file.as_uri()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console_trouble(done.stderr) == []
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


def test_the_console_check_sees_script_errors_and_csp_refusals(tmp_path):
    """The check above is not vacuous: a page with a throwing script and a blocked image
    makes Chromium log lines that `_console_trouble` catches."""
    browser = _chromium()
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><head><meta http-equiv="Content-Security-Policy" content="img-src \'none\'"></head>'
        '<body><script>throw new Error("boom")</script><img src="https://example.invalid/x.png"></body></html>'
    )
    done = _run(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    trouble = "\n".join(_console_trouble(done.stderr))
    assert "Uncaught Error: boom" in trouble and "Content Security Policy" in trouble
