"""Callback URLs: on the agency's allow-list, https, never an internal address in production."""

import ipaddress

import pytest

from gateway.delivery.callbacks import (
    CallbackRefused,
    IPAddress,
    check_callback_url,
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
    return check_callback_url(
        url,
        agency=agency,
        allowed_hosts=ALLOWED,
        production=production,
        **options,  # type: ignore[arg-type]
    )


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
