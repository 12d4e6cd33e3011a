"""Send the HTML report as an e-mail through an Apprise channel (the daily digest).

The channel is one of seeds/alerts.yaml's `apprise` channels; its URL (a `mailto://` or
`mailtos://` URL with the SMTP password) is read from the environment variable it names
(`url_env`) or its Prefect Secret block, only when sending, and never appears in a message
this module raises or logs: errors go through `newswatch.delivery.redact`.
"""

from __future__ import annotations

import logging

from newswatch.alert_rules import Channel
from newswatch.delivery import DeliveryError, redact

EMAIL_SCHEMES = ("mailto://", "mailtos://")


def send_html_report(channel: Channel, title: str, page: str) -> None:
    """Send `page` (a whole HTML document) as the body of one HTML e-mail; raises
    DeliveryError (with no secret in its message) when it cannot."""
    import apprise

    if channel.type != "apprise":
        raise DeliveryError(f"channel {channel.name} is of type {channel.type}, not apprise")
    url = channel.apprise_url()
    if not url:
        raise DeliveryError(f"{channel.secret_source} is not set")
    if not url.lower().startswith(EMAIL_SCHEMES):
        raise DeliveryError(f"{channel.secret_source} does not hold a mailto:// or mailtos:// URL")
    app = apprise.Apprise()
    if not app.add(url):
        raise DeliveryError(f"{channel.secret_source} does not hold a URL Apprise understands")
    # Apprise logs failures itself (with the URL's secrets masked); keep its chatter out of
    # the digest's log and report one redacted line instead.
    quiet = logging.getLogger("apprise")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        ok = app.notify(title=title, body=page, body_format=apprise.NotifyFormat.HTML)
    except Exception as exc:  # pragma: no cover - Apprise catches its plugins' errors
        raise DeliveryError(redact(f"channel {channel.name}: {type(exc).__name__}: {exc}")) from None
    finally:
        quiet.setLevel(level)
    if not ok:
        raise DeliveryError(f"channel {channel.name}: the mail server refused or could not be reached")
