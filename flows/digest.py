"""The daily digest: a Markdown summary of the last day's alerts and events (read-only), the
HTML report of the same day written beside the warehouse, and that report sent as an HTML
e-mail through the alert rules' Apprise `email` channel when its URL variable is set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from newswatch.settings import current_settings
from tasks import digest as digest_tasks

# The daily report, beside the warehouse (relative paths are relative to its folder).
DEFAULT_REPORT_PATH = "reports/digest-{date}.html"


def _cell(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def digest_markdown(data: dict[str, Any], since: datetime, until: datetime, db: str) -> str:
    period = f"{since:%Y-%m-%d %H:%M} – {until:%Y-%m-%d %H:%M} UTC"
    lines = [f"# newswatch digest, {period}", ""]
    if data.get("missing"):
        return "\n".join(lines + [f"No warehouse at `{db}` yet: nothing to report.", ""])
    counts = data["counts"]
    lines += [
        f"- new articles: {counts.get('articles', 0)}",
        f"- feed fetches: {counts.get('fetches', 0)} ({counts.get('failed_fetches', 0)} failed)",
        f"- alerts: {len(data['alerts'])}",
        "",
        "## Alerts",
        "",
    ]
    if data["alerts"]:
        lines += [
            f"- [{a['severity']}] {a['summary']} (`{a['alert_id']}`, {a['rule']})" for a in data["alerts"]
        ]
    else:
        lines.append("No alerts.")
    lines += ["", "## Events", ""]
    if data["events"]:
        lines += ["| type | where | articles | sources | dates |", "|---|---|---:|---:|---|"]
        for e in data["events"]:
            dates = _cell(e["first_date"])
            if e["last_date"] != e["first_date"]:
                dates += f" – {_cell(e['last_date'])}"
            lines.append(
                f"| {_cell(e['type'])} | {_cell(e['place'])} | {e['articles']} | {e['sources']} | {dates} |"
            )
    else:
        lines.append("No events.")
    return "\n".join(lines) + "\n"


@flow(name="digest")
def digest(
    db: str | None = None,
    hours: int = 24,
    now: datetime | None = None,
    report_path: str | None = DEFAULT_REPORT_PATH,
    rules: str | None = None,
    email_channel: str | None = "email",
) -> str:
    """Publish a Markdown summary of the alerts and events of the last `hours` (read-only),
    write the HTML report of the same period to `report_path` (`{date}` is the period's end
    date; relative paths are relative to the warehouse's folder; None: no report) and, when
    the alert rules define the Apprise channel `email_channel` and its URL variable is set,
    send that report as an HTML e-mail."""
    until = datetime.now(UTC) if now is None else (now if now.tzinfo else now.replace(tzinfo=UTC))
    since = until - timedelta(hours=hours)
    settings = current_settings()
    db = db or settings.db
    data = digest_tasks.read_digest(db, since, until)
    markdown = digest_markdown(data, since, until, db)
    create_markdown_artifact(markdown=markdown, key="newswatch-digest", description=f"Digest, last {hours}h")
    get_run_logger().info("digest published: %d alerts", len(data["alerts"]))
    if report_path and not data.get("missing"):
        path = Path(report_path.format(date=f"{until:%Y-%m-%d}"))
        if not path.is_absolute():
            path = Path(db).resolve().parent / path
        page = digest_tasks.write_report(db, since, until, str(path))
        if email_channel:
            title = f"newswatch digest {until:%Y-%m-%d}: {len(data['alerts'])} alerts"
            digest_tasks.mail_report(rules or settings.rules, email_channel, title, page)
    return markdown
