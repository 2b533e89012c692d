"""Callback URLs: on the agency's allow-list, https, never an internal address in production."""

import ipaddress

import pytest

from gateway.delivery.callbacks import (
    CallbackRefused,
    IPAddress,
    check_callback_target,
    parse_callback_hosts,
)

ALLOWED = parse_callback_hosts(
    "kirs=hooks.kirs.gov.rs|127.0.0.1|localhost,nes=*.nsz.gov.rs,csw=10.1.2.3|169.254.169.254"
)


def resolver(*addresses: str) -> object:
    def resolve(_host: str, _port: int) -> list[IPAddress]:
        return [ipaddress.ip_address(address) for address in addresses]

    return resolve


def check(url: str, agency: str = "kirs", *, production: bool = False, **options: object) -> str:
    target = check_callback_target(
        url,
        agency=agency,
        allowed_hosts=ALLOWED,
        production=production,
        **options,  # type: ignore[arg-type]
    )
    return target.url


def test_the_allow_list_is_parsed_per_agency() -> None:
    assert ALLOWED["kirs"] == {"hooks.kirs.gov.rs", "127.0.0.1", "localhost"}
    assert ALLOWED["nes"] == {"*.nsz.gov.rs"}
    with pytest.raises(ValueError, match="agency=host"):
        parse_callback_hosts("kirs")


@pytest.mark.parametrize(
    ("url", "agency"),
    [
        ("https://hooks.kirs.gov.rs/referrals", "kirs"),
        ("https://HOOKS.kirs.gov.rs./referrals?x=1", "kirs"),
        ("https://api.nsz.gov.rs/hooks", "nes"),
        ("http://127.0.0.1:9000/hooks", "kirs"),
        ("http://localhost:9000/hooks", "kirs"),
    ],
)
def test_allowed_urls(url: str, agency: str) -> None:
    assert check(url, agency) == url


@pytest.mark.parametrize(
    ("url", "agency", "reason"),
    [
        ("https://evil.example.com/hooks", "kirs", "allow-list"),
        ("https://hooks.kirs.gov.rs/hooks", "nes", "allow-list"),
        ("https://nsz.gov.rs/hooks", "nes", "allow-list"),
        ("https://hooks.kirs.gov.rs/hooks", "iom", "allow-list"),
        ("http://hooks.kirs.gov.rs/hooks", "kirs", "https"),
        ("ftp://hooks.kirs.gov.rs/hooks", "kirs", "https"),
        ("https://user:pw@hooks.kirs.gov.rs/hooks", "kirs", "credentials"),
        ("https://hooks.kirs.gov.rs/hooks#x", "kirs", "fragment"),
        ("https://169.254.169.254/latest/meta-data", "csw", "never"),
        ("https:///no-host", "kirs", "host"),
        ("http://00[", "kirs", "cannot be read"),
        ("https://hooks.kirs.gov.rs:99999/hooks", "kirs", "cannot be read"),
    ],
)
def test_refused_urls(url: str, agency: str, reason: str) -> None:
    with pytest.raises(CallbackRefused, match=reason):
        check(url, agency)


def test_in_production_names_must_resolve_to_public_addresses() -> None:
    url = "https://hooks.kirs.gov.rs/referrals"
    assert check(url, production=True, resolver=resolver("93.87.0.10")) == url
    for internal in ("10.0.0.5", "127.0.0.1", "192.168.1.1", "::1", "::ffff:10.0.0.5"):
        with pytest.raises(CallbackRefused, match="internal"):
            check(url, production=True, resolver=resolver("93.87.0.10", internal))
    with pytest.raises(CallbackRefused, match="never"):
        check(url, production=True, resolver=resolver("169.254.169.254"))


def test_in_production_loopback_and_private_literals_are_refused() -> None:
    with pytest.raises(CallbackRefused, match="https"):
        check("http://127.0.0.1:9000/hooks", production=True)
    with pytest.raises(CallbackRefused, match="internal"):
        check("https://10.1.2.3/hooks", "csw", production=True)


def test_in_production_the_target_is_the_address_that_was_checked() -> None:
    url = "https://hooks.kirs.gov.rs/referrals"
    answers = iter([["93.87.0.10"], ["10.0.0.5"]])  # public first, then rebound inside

    def rebinding(_host: str, _port: int) -> list[IPAddress]:
        return [ipaddress.ip_address(address) for address in next(answers)]

    target = check_callback_target(
        url, agency="kirs", allowed_hosts=ALLOWED, production=True, resolver=rebinding
    )
    assert (target.url, target.host) == (url, "hooks.kirs.gov.rs")
    assert target.address == ipaddress.ip_address("93.87.0.10")
    with pytest.raises(CallbackRefused, match="internal"):
        check_callback_target(
            url, agency="kirs", allowed_hosts=ALLOWED, production=True, resolver=rebinding
        )


def test_outside_production_the_client_resolves_names_itself() -> None:
    target = check_callback_target(
        "http://localhost:9000/hooks", agency="kirs", allowed_hosts=ALLOWED, production=False
    )
    assert target.address is None


def test_a_name_that_resolves_to_nothing_is_refused() -> None:
    with pytest.raises(CallbackRefused, match="no address"):
        check("https://hooks.kirs.gov.rs/referrals", production=True, resolver=resolver())


PORTED = parse_callback_hosts(
    "kirs=hooks.kirs.gov.rs,nes=hooks.nsz.gov.rs:8443|*.zaposljavanje.gov.rs:9443,"
    "iom=[2001:4860:4860::8888]:8443|2001:4860:4860::8844"
)


def check_ported(url: str, agency: str, *, production: bool = False) -> str:
    resolve = resolver("93.87.0.10")
    return check_callback_target(
        url, agency=agency, allowed_hosts=PORTED, production=production, resolver=resolve
    ).url


@pytest.mark.parametrize(
    ("url", "agency"),
    [
        ("https://hooks.kirs.gov.rs/r", "kirs"),
        ("https://hooks.kirs.gov.rs:443/r", "kirs"),
        ("https://hooks.nsz.gov.rs:8443/r", "nes"),
        ("https://api.zaposljavanje.gov.rs:9443/r", "nes"),
        ("https://[2001:4860:4860::8888]:8443/r", "iom"),
        ("https://[2001:4860:4860::8844]/r", "iom"),
    ],
)
def test_callbacks_use_port_443_or_the_port_the_allow_list_names(url: str, agency: str) -> None:
    assert check_ported(url, agency) == url
    assert check_ported(url, agency, production=True) == url


@pytest.mark.parametrize(
    ("url", "agency"),
    [
        ("https://hooks.kirs.gov.rs:8443/r", "kirs"),
        ("https://hooks.kirs.gov.rs:22/r", "kirs"),
        ("https://hooks.nsz.gov.rs/r", "nes"),
        ("https://hooks.nsz.gov.rs:9443/r", "nes"),
        ("https://api.zaposljavanje.gov.rs/r", "nes"),
        ("https://[2001:4860:4860::8888]/r", "iom"),
        ("https://[2001:4860:4860::8844]:8443/r", "iom"),
    ],
)
def test_any_other_port_is_refused(url: str, agency: str) -> None:
    for production in (False, True):
        with pytest.raises(CallbackRefused, match="port"):
            check_ported(url, agency, production=production)


def test_loopback_outside_production_keeps_any_port() -> None:
    assert check("https://localhost:9443/hooks") == "https://localhost:9443/hooks"
    assert check("http://127.0.0.1:9000/hooks") == "http://127.0.0.1:9000/hooks"


@pytest.mark.parametrize("entry", ["a.rs:0", "a.rs:65536", "a.rs:https", "a.rs:", "[::1"])
def test_an_allow_list_entry_with_a_bad_port_is_refused(entry: str) -> None:
    with pytest.raises(ValueError, match="host:port"):
        parse_callback_hosts(f"kirs={entry}")
