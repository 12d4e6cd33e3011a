"""Refuse URLs that point at private, loopback, link-local or otherwise special addresses.

Feed and article URLs come from strangers; without this check a feed could make the
pipeline fetch cloud metadata (169.254.169.254) or services on the host itself.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class RefusedURL(Exception):
    """The URL is not allowed (scheme or resolved address)."""


ALLOWED_SCHEMES = {"http", "https"}


# Shared address space (carrier-grade NAT, RFC 6598): not "private" to the ipaddress
# module, but internal on many clouds (100.100.100.200 is a metadata service).
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_ip(ip: str) -> bool:
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.is_site_local:
            return False
        # An IPv4 address carried inside IPv6 (mapped, 6to4, NAT64) is judged as IPv4.
        if addr.ipv4_mapped or addr.sixtofour:
            addr = addr.ipv4_mapped or addr.sixtofour
        elif addr in _NAT64:
            addr = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return not (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
        or addr in _SHARED_ADDRESS_SPACE
    )


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve host {host!r}: {exc}") from exc
    return sorted({info[4][0] for info in infos})


def check_url(url: str, allow_private_hosts: bool) -> None:
    """Raise RefusedURL unless the URL is http(s) and every address it resolves to is public."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise RefusedURL(f"scheme {parts.scheme!r} is not allowed (only http and https)")
    host = parts.hostname
    if not host:
        raise RefusedURL("URL has no host")
    if allow_private_hosts:
        return
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    for ip in resolve(host, port):
        if not is_public_ip(ip):
            raise RefusedURL(
                f"{host} resolves to non-public address {ip} "
                "(set NEWSWATCH_ALLOW_PRIVATE_HOSTS=1 or --allow-private-hosts to allow)"
            )
