"""Integrations with outside services, one registry per kind (Open Forms' plugin registries).

A plugin is one folder in the app that uses it (``payments/gateways/national/``): the protocol
code, a ``plugin.py`` that registers a ``Plugin`` here (its name, the settings keys it reads, its
health check and, if it has one, the local peer that stands in for the outside service), and its
tests (``tests/<app>/<folder>/``). The app imports its ``plugin.py`` modules in ``ready()``.

- ``motcua check-integrations`` runs every health check (exit status 1 when one fails);
- ``motcua sim`` lists the local peers, ``motcua sim <name> [options]`` runs one.

Callers look a plugin up by kind and name (``plugins.get(Kind.PAYMENT_GATEWAY, "gateway_a")``);
an unknown name is an ``UnknownPlugin`` error that lists the known ones. A plugin's ``client`` is
what the app calls, typed by the app (``payments.gateways.Gateway`` for the payment gateways). This module imports no
app: the apps register into it.
"""

from __future__ import annotations

import enum
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.functional import Promise


class Kind(enum.StrEnum):
    IDENTITY_PROVIDER = "identity_provider"  # e-ID login (VNeID OIDC)
    LOOKUP = "lookup"  # national registers (population, business, land)
    EXCHANGE = "exchange"  # the national portal, LGSP / NDXP
    SIGNER = "signer"  # digital signatures of results and receipts
    PAYMENT_GATEWAY = "payment_gateway"
    POSTAL_OPERATOR = "postal_operator"  # VNPost: papers and results by post


@dataclass(frozen=True)
class Health:
    """The result of a health check: ``ok`` and one line saying what was found."""

    ok: bool
    detail: str


@dataclass(frozen=True)
class Peer:
    """A local stand-in for an outside service, run by ``motcua sim <name>`` (development, demo, tests).

    ``command`` is the management command that runs it; ``motcua sim <name> ARGS`` passes ARGS on.
    """

    name: str
    help: str
    command: str
    # How ``motcua up`` runs it beside the demo (``demo=True``): ``motcua sim <name> --host H --port 0
    # *demo_args``, where each argument may name ``{public}`` (MotCua's public URL) or ``{local}`` (how
    # processes on this machine reach MotCua, for callbacks). The peer prints its base URL
    # (``http://host:port``) in its first line of output; ``demo_env`` then gives the settings
    # ``motcua up`` sets for the web server and the worker: environment variable → value, where ``{url}``
    # is that base URL (``("MOTCUA_POST_URL", "{url}/api")``).
    demo: bool = False
    demo_args: tuple[str, ...] = ()
    demo_env: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Plugin:
    kind: Kind
    name: str  # the value stored and configured (e.g. Payment.channel); unique within its kind
    title: str | Promise  # what administrators read (translatable)
    settings: tuple[str, ...]  # the settings keys it reads (README's configuration table)
    check: Callable[[], Health] = field(compare=False)
    peer: Peer | None = None
    # What the app calls (e.g. a payment gateway's client); its kind's module types it
    # (``payments.gateways.Gateway``), as this module knows no app.
    client: object | None = field(default=None, compare=False)

    def health(self) -> Health:
        """Run the health check; an exception in it is a failed check, not a crash."""
        try:
            return self.check()
        except Exception as exc:  # noqa: BLE001 - reported as the plugin's health
            return Health(False, f"{type(exc).__name__}: {exc}")


class UnknownPlugin(LookupError):
    def __init__(self, kind: Kind, name: str, known: list[str]) -> None:
        self.kind, self.name, self.known = kind, name, known
        super().__init__(f"no {kind.value} plugin named {name!r} (known: {', '.join(known) or 'none'})")


class UnknownPeer(LookupError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name, self.known = name, known
        super().__init__(f"no local peer named {name!r} (known: {', '.join(known) or 'none'})")


class Registry:
    """The plugins of one kind, by name, in the order they registered."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self._plugins: dict[str, Plugin] = {}

    def register(self, plugin: Plugin) -> Plugin:
        if plugin.kind != self.kind:
            raise ValueError(f"plugin {plugin.name!r} is a {plugin.kind.value}, not a {self.kind.value}")
        if plugin.name in self._plugins:
            raise ValueError(f"a {self.kind.value} plugin named {plugin.name!r} is already registered")
        self._plugins[plugin.name] = plugin
        return plugin

    def unregister(self, name: str) -> None:
        self.get(name)
        del self._plugins[name]

    def get(self, name: str) -> Plugin:
        try:
            return self._plugins[name]
        except KeyError:
            raise UnknownPlugin(self.kind, name, list(self._plugins)) from None

    def names(self) -> list[str]:
        return list(self._plugins)

    def __iter__(self) -> Iterator[Plugin]:
        return iter(list(self._plugins.values()))

    def __contains__(self, name: object) -> bool:
        return name in self._plugins


REGISTRIES: dict[Kind, Registry] = {kind: Registry(kind) for kind in Kind}


def register(plugin: Plugin) -> Plugin:
    """Add ``plugin`` to the registry of its kind (a second plugin of one kind and name is an error)."""
    return REGISTRIES[plugin.kind].register(plugin)


def registry(kind: Kind | str) -> Registry:
    try:
        return REGISTRIES[Kind(kind)]
    except ValueError:
        raise LookupError(f"no plugin kind {kind!r} (known: {', '.join(k.value for k in Kind)})") from None


def get(kind: Kind | str, name: str) -> Plugin:
    return registry(kind).get(name)


def all_plugins() -> list[Plugin]:
    """Every registered plugin, by kind (in ``Kind`` order), then in registration order."""
    return [plugin for kind in Kind for plugin in REGISTRIES[kind]]


def check_all() -> list[tuple[Plugin, Health]]:
    """Run every plugin's health check."""
    return [(plugin, plugin.health()) for plugin in all_plugins()]


def peers() -> dict[str, Peer]:
    """The local peers of the registered plugins, by name (plugins may share one)."""
    found: dict[str, Peer] = {}
    for plugin in all_plugins():
        if plugin.peer is not None:
            found.setdefault(plugin.peer.name, plugin.peer)
    return dict(sorted(found.items()))


def peer(name: str) -> Peer:
    known = peers()
    try:
        return known[name]
    except KeyError:
        raise UnknownPeer(name, list(known)) from None


def served_by(peer_name: str) -> list[Plugin]:
    """The plugins a local peer stands in for."""
    return [p for p in all_plugins() if p.peer is not None and p.peer.name == peer_name]


# --- Checks every plugin may use ----------------------------------------------------------------


def configured(values: dict[str, str]) -> Health | None:
    """A failed health when a required setting is empty (named by its key), else None."""
    missing = [key for key, value in values.items() if not str(value).strip()]
    return Health(False, f"not configured: {', '.join(missing)}") if missing else None


def reachable(url: str, *, timeout: float) -> Health:
    """Whether a TCP connection to the host and port of ``url`` opens within ``timeout`` seconds.

    Protocol-agnostic on purpose: the services' own endpoints need signed requests, so the check
    asks only whether the service answers at the network level.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return Health(False, f"not an http(s) URL: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            pass
    except OSError as exc:
        return Health(False, f"{parts.hostname}:{port} unreachable ({exc.__class__.__name__}: {exc})")
    return Health(True, f"{parts.hostname}:{port} reachable")
