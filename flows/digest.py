"""The daily digest: a Markdown summary of the last day's alerts and events (read-only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from newswatch.settings import current_settings
from tasks import digest as digest_tasks


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
def digest(db: str | None = None, hours: int = 24, now: datetime | None = None) -> str:
    """Publish a Markdown summary of the alerts and events of the last `hours` (read-only)."""
    until = datetime.now(UTC) if now is None else (now if now.tzinfo else now.replace(tzinfo=UTC))
    since = until - timedelta(hours=hours)
    db = db or current_settings().db
    data = digest_tasks.read_digest(db, since, until)
    markdown = digest_markdown(data, since, until, db)
    create_markdown_artifact(markdown=markdown, key="newswatch-digest", description=f"Digest, last {hours}h")
    get_run_logger().info("digest published: %d alerts", len(data["alerts"]))
    return markdown
