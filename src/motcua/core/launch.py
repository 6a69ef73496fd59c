"""Addresses of a running install, as ``motcua up`` works them out.

Every absolute link the system writes (e-mail and SMS notices, the receipt's QR code, payment
gateway return and callback URLs, the SMS delivery-receipt URL) starts with
``settings.MOTCUA_PUBLIC_URL``. ``motcua up --host H --port P`` derives it from the address it binds
unless ``MOTCUA_PUBLIC_URL`` is set, and hands it to the processes it starts through their
environment, before their settings load.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})  # noqa: S104 - names of the wildcard, not a bind
LOOPBACK = "127.0.0.1"


def is_wildcard(host: str) -> bool:
    """Whether binding ``host`` listens on every interface of the machine."""
    return host.strip() in WILDCARD_HOSTS


def outward_address() -> str:
    """Return the machine's IPv4 address on its default route, or 127.0.0.1 when it has none.

    Connecting a UDP socket sends nothing; it only asks the kernel which local address a packet to
    the (documentation-only, never routed) address 192.0.2.1 would leave from.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = str(probe.getsockname()[0])
    except OSError:
        return LOOPBACK
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return LOOPBACK
    return LOOPBACK if parsed.is_unspecified else address


def reachable_host(host: str) -> str:
    """Return an address a browser can open for a server bound to ``host``.

    A wildcard bind (0.0.0.0, ::) is not an address anybody can open: it becomes the machine's
    outward IPv4 address, so phones and other machines on the network can follow the links, or
    127.0.0.1 on a machine without a network.
    """
    return outward_address() if is_wildcard(host) else host.strip()


def url_host(host: str) -> str:
    """Return ``host`` as written in a URL (IPv6 literals in brackets)."""
    if host.startswith("["):
        return host
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def http_url(host: str, port: int) -> str:
    return f"http://{url_host(host)}:{port}"


def ipv4_bind_host(host: str) -> str:
    """Return where an IPv4-only server (the payment simulator) binds beside a server on ``host``."""
    if is_wildcard(host):
        return "0.0.0.0"  # noqa: S104 - beside a server that listens on every interface
    try:
        return LOOPBACK if ipaddress.ip_address(host.strip("[]")).version == 6 else host
    except ValueError:
        return host  # a name


def local_url(host: str, port: int) -> str:
    """Return the address processes on this machine use to reach a server bound to ``host``."""
    return http_url(LOOPBACK if is_wildcard(host) else host.strip(), port)


def public_url(host: str, port: int, environ: Mapping[str, str]) -> tuple[str, bool]:
    """Return (the public URL, whether MOTCUA_PUBLIC_URL gave it) for ``motcua up --host --port``."""
    given = environ.get("MOTCUA_PUBLIC_URL", "").strip()
    if given:
        return given.rstrip("/"), True
    return http_url(reachable_host(host), port), False


def hostname_of(url: str) -> str:
    """Return the host of ``url`` as ALLOWED_HOSTS names it (no port, no brackets)."""
    return urlsplit(url).hostname or ""


def allowed_hosts(current: list[str], *urls: str) -> list[str]:
    """Return ``current`` plus the hosts of ``urls``, so the web server answers at its own address."""
    hosts = list(current)
    for url in urls:
        name = hostname_of(url)
        if name and name not in hosts and "*" not in hosts:
            hosts.append(name)
    return hosts
