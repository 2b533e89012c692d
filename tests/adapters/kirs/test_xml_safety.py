"""Hostile XML: entity bombs, external entities and oversized messages are refused unparsed.

The adapter reads XML in two places (replies and pushed notices), the simulator in one
(requests); all three go through defusedxml with DTDs forbidden and a size limit first.
"""

import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import AdapterMalformedReply, InvalidNativePayload
from adapters.kirs import KirsAdapter, KirsSettings, soap
from tests.adapters.kirs.support import BASE_URL, admin

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<kir:ObavestenjeOPrijemu xmlns:kir="urn:kirs.gov.rs:readmisija:v1">
<kir:IdentifikatorObavestenja>&lol9;</kir:IdentifikatorObavestenja>
</kir:ObavestenjeOPrijemu></soap:Body></soap:Envelope>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE kir [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<kir:PreuzmiPrijem xmlns:kir="urn:kirs.gov.rs:readmisija:v1">
<kir:BrojPrijema>&x;</kir:BrojPrijema>
</kir:PreuzmiPrijem></soap:Body></soap:Envelope>"""

HOSTILE = pytest.mark.parametrize(
    "body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"]
)


@HOSTILE
def test_parse_event_refuses_entities(body: bytes) -> None:
    adapter = KirsAdapter(httpx.AsyncClient(), KirsSettings())
    with pytest.raises(InvalidNativePayload) as raised:
        adapter.parse_event(body, "text/xml; charset=utf-8")
    assert raised.value.problems == ["DTDs and entities are not allowed"]


def test_parse_event_refuses_an_oversized_notice() -> None:
    adapter = KirsAdapter(httpx.AsyncClient(), KirsSettings())
    body = b"<a>" + b" " * soap.MAX_MESSAGE_BYTES + b"</a>"
    with pytest.raises(InvalidNativePayload, match="unreadable") as raised:
        adapter.parse_event(body, "text/xml")
    assert raised.value.problems == [f"larger than {soap.MAX_MESSAGE_BYTES} bytes"]


@pytest.mark.anyio
@HOSTILE
async def test_a_reply_with_entities_is_malformed(body: bytes) -> None:
    def reply(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": soap.CONTENT_TYPE})

    async with httpx.AsyncClient(transport=httpx.MockTransport(reply)) as http:
        adapter = KirsAdapter(http, KirsSettings(base_url=BASE_URL))
        with pytest.raises(AdapterMalformedReply, match="DTDs and entities are not allowed"):
            await adapter.fetch_record("KIRS-2024-000123")


@pytest.mark.anyio
@HOSTILE
async def test_the_simulator_refuses_entities_with_a_client_fault(
    simulator: Starlette, body: bytes
) -> None:
    headers = {"content-type": soap.CONTENT_TYPE, "soapaction": soap.soap_action("PreuzmiPrijem")}
    async with admin(simulator) as http:
        response = await http.post("/soap", content=body, headers=headers)
    fault = soap.read_fault(soap.read_message(response.content).payload)
    assert response.status_code == 400
    assert fault == soap.Fault(
        code="Client",
        message="Захтев није исправан: DTDs and entities are not allowed.",
        detail_code="ZABRANJEN_XML",
    )


@pytest.mark.anyio
async def test_the_simulator_refuses_an_oversized_request_unread(simulator: Starlette) -> None:
    body = b"<a>" + b" " * soap.MAX_MESSAGE_BYTES + b"</a>"
    async with admin(simulator) as http:
        response = await http.post("/soap", content=body)
    fault = soap.read_fault(soap.read_message(response.content).payload)
    assert response.status_code == 413
    assert fault is not None
    assert fault.detail_code == "PORUKA_PREVELIKA"
