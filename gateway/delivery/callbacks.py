"""Where webhooks may go: an allow-list of hosts per agency, and no internal addresses.

A callback URL is accepted when its host is on the sending agency's list in
``GATEWAY_CALLBACK_HOSTS`` (exactly, or under a ``*.`` entry), it is ``https``, and it carries
no credentials or fragment. The port is 443 unless the entry names another
(``hooks.nsz.gov.rs:8443``, ``[2001:db8::1]:8443``): an allowed host may run other services on
other ports, and a callback must not become a way to reach them. Outside production, ``http``
and any port are allowed for loopback hosts (tests and the demo). Link-local, multicast,
reserved and unspecified addresses are never accepted (169.254.169.254 is a cloud metadata
service); in production the host is resolved and every address it resolves to must be a public
one, so a name that points inside the network is refused. The check runs when a subscription is
made and again before every delivery (redirects are never followed), so a host removed from the
list, or renamed to an internal address, stops receiving. In production the delivery then
connects to the address that was checked (``CallbackTarget``), not to whatever the name resolves
to a moment later, so a name that answers once with a public address and then with an internal
one (DNS rebinding) reaches nothing inside.
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
    """``"kirs=a.rs|127.0.0.1,nes=*.nsz.rs:8443"`` as ``{"kirs": {...}, "nes": {...}}``."""
    allowed: dict[str, frozenset[str]] = {}
    for pair in filter(None, (item.strip() for item in text.split(","))):
        agency, separator, hosts = pair.partition("=")
        if not separator or not agency.strip():
            raise ValueError(f"'{pair}' is not agency=host|host")
        entries = {host.strip().lower() for host in hosts.split("|") if host.strip()}
        for entry in entries:
            _host_and_port(entry)  # refuse a bad entry at start-up, not at the first callback
        allowed[agency.strip()] = allowed.get(agency.strip(), frozenset()) | frozenset(entries)
    return allowed


def _host_and_port(entry: str) -> tuple[str, int | None]:
    """An allow-list entry's host pattern and the port it names (None: only 443)."""
    refused = ValueError(f"'{entry}' is not host, host:port or [IPv6]:port (port 1-65535)")
    if entry.startswith("["):
        host, bracket, rest = entry[1:].partition("]")
        named = rest.removeprefix(":") if rest.startswith(":") else None
        if not bracket or (rest and named is None):
            raise refused
    elif entry.count(":") == 1:
        host, _, named = entry.partition(":")
    else:  # a name, or a bare IPv6 address (which cannot name a port)
        host, named = entry, None
    if named is None:
        return host.rstrip("."), None
    if not (named.isdigit() and 0 < int(named) < 65536):
        raise refused
    return host.rstrip("."), int(named)


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
        named_port = parts.port
    except ValueError:
        raise CallbackRefused("the URL cannot be read") from None
    if not host or parts.username is not None or parts.password is not None or parts.fragment:
        raise CallbackRefused("the URL needs a host, and no credentials or fragment")
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and not production and _loopback(host)):
        raise CallbackRefused("the URL must be https (http only to loopback, outside production)")
    port = _port(named_port, scheme)
    ports = _allowed_ports(host, allowed_hosts.get(agency, frozenset()))
    if not ports:
        raise CallbackRefused(f"the host {host} is not on the callback allow-list of {agency}")
    if port not in ports and (production or not _loopback(host)):
        raise CallbackRefused(
            f"the port {port} of {host} is not allowed: 443, or a port the allow-list names"
        )
    checked = _check_addresses(host, port, production=production, resolver=resolver)
    return CallbackTarget(url, host, checked[0] if checked and production else None)


def _port(port: int | None, scheme: str) -> int:
    return port if port is not None else (443 if scheme == "https" else 80)


def _allowed_ports(host: str, entries: frozenset[str]) -> set[int]:
    """The ports the entries matching ``host`` allow; empty when ``host`` is not on the list."""
    matching = (_host_and_port(entry) for entry in entries)
    return {port or 443 for pattern, port in matching if _matches(host, pattern)}


def _matches(host: str, pattern: str) -> bool:
    return host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))


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
