"""Where webhooks may go: an allow-list of hosts per agency, and no internal addresses.

A callback URL is accepted when its host is on the sending agency's list in
``GATEWAY_CALLBACK_HOSTS`` (exactly, or under a ``*.`` entry), it is ``https``, and it
carries no credentials or fragment. Outside production, ``http`` is allowed for loopback
hosts (tests and the demo). Link-local, multicast, reserved and unspecified addresses are
never accepted (169.254.169.254 is a cloud metadata service); in production the host is
resolved and every address it resolves to must be a public one, so a name that points inside
the network is refused. The check runs when a subscription is made and again before every
delivery (redirects are never followed), so a host removed from the list, or renamed to an
internal address, stops receiving. In production the delivery then connects to the address
that was checked (``CallbackTarget``), not to whatever the name resolves to a moment later,
so a name that answers once with a public address and then with an internal one (DNS
rebinding) reaches nothing inside.
"""

import ipaddress
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[IPAddress]]
LOOPBACK_NAMES = frozenset({"localhost"})
MAX_URL_LENGTH = 500


class CallbackRefused(ValueError):
    """The callback URL may not be used; the message says why."""


@dataclass(frozen=True)
class CallbackTarget:
    """A checked callback URL and, in production, the checked address to connect to."""

    url: str
    host: str
    address: IPAddress | None = None
    """None: outside production the HTTP client resolves the name itself."""


def parse_callback_hosts(text: str) -> dict[str, frozenset[str]]:
    """``"kirs=a.rs|127.0.0.1,nes=*.nsz.rs"`` as ``{"kirs": {...}, "nes": {...}}``."""
    allowed: dict[str, frozenset[str]] = {}
    for pair in filter(None, (item.strip() for item in text.split(","))):
        agency, separator, hosts = pair.partition("=")
        if not separator or not agency.strip():
            raise ValueError(f"'{pair}' is not agency=host|host")
        names = {host.strip().lower().rstrip(".") for host in hosts.split("|") if host.strip()}
        allowed[agency.strip()] = allowed.get(agency.strip(), frozenset()) | frozenset(names)
    return allowed


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to."""
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:  # UnicodeError: a label empty or over 63 chars
        raise CallbackRefused(f"the host {host} cannot be resolved") from error
    return [ipaddress.ip_address(str(entry[4][0]).split("%")[0]) for entry in found]


def check_callback_target(
    url: str,
    *,
    agency: str,
    allowed_hosts: Mapping[str, frozenset[str]],
    production: bool,
    resolver: Resolver = resolve,
) -> CallbackTarget:
    """Where ``agency``'s notification to ``url`` may go; ``CallbackRefused`` if nowhere."""
    if len(url) > MAX_URL_LENGTH:
        raise CallbackRefused(f"the URL is longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
        port = parts.port
    except ValueError:
        raise CallbackRefused("the URL cannot be read") from None
    if not host or parts.username is not None or parts.password is not None or parts.fragment:
        raise CallbackRefused("the URL needs a host, and no credentials or fragment")
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and not production and _loopback(host)):
        raise CallbackRefused("the URL must be https (http only to loopback, outside production)")
    if not _on_list(host, allowed_hosts.get(agency, frozenset())):
        raise CallbackRefused(f"the host {host} is not on the callback allow-list of {agency}")
    checked = _check_addresses(host, _port(port, scheme), production=production, resolver=resolver)
    return CallbackTarget(url, host, checked[0] if checked and production else None)


def _port(port: int | None, scheme: str) -> int:
    return port if port is not None else (443 if scheme == "https" else 80)


def _on_list(host: str, patterns: frozenset[str]) -> bool:
    return any(
        host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))
        for pattern in patterns
    )


def _loopback(host: str) -> bool:
    literal = _literal(host)
    return host in LOOPBACK_NAMES or (literal is not None and literal.is_loopback)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _check_addresses(
    host: str, port: int, *, production: bool, resolver: Resolver
) -> list[IPAddress]:
    """The addresses checked, every one allowed; none outside production for a name."""
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    elif production:
        addresses = resolver(host, port)
    else:
        return []  # outside production names are not resolved: the allow-list decides
    if not addresses:
        raise CallbackRefused(f"the host {host} resolves to no address")
    for address in addresses:
        _check_address(address, production=production)
    return addresses


def _check_address(address: IPAddress, *, production: bool) -> None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    internal = CallbackRefused(f"the address {address} is internal: refused in production")
    if address.is_loopback:
        if production:
            raise internal
        return
    never = address.is_link_local or address.is_multicast or address.is_unspecified
    if never or address.is_reserved:
        raise CallbackRefused(f"the address {address} may never receive callbacks")
    if production and not address.is_global:
        raise internal
