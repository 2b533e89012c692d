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
    url = "https://hooks.kirs.gov.rs:8443/referrals"
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
