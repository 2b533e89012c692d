"""The operations of the KIRS readmission service and its push notice, as SOAP body payloads.

=================  ====================================  =======================================
operation          request (in ``kir:``)                 response
=================  ====================================  =======================================
PreuzmiPrijem      ``BrojPrijema``                       ``PreuzmiPrijemOdgovor/PrijemOsobe``
PretraziPoJMBG     ``JMBG``                              ``PretraziPoJMBGOdgovor/PrijemOsobe*``
PrimiUput          ``IdentifikatorZahteva``, ``Uput``    ``PrimiUputOdgovor/PotvrdaUputa``
StatusUputa        ``BrojUputa``                         ``StatusUputaOdgovor/IstorijaUputa``
StornirajUput      ``IdentifikatorZahteva``, ``Storno``  ``StornirajUputOdgovor/PotvrdaStorna``
=================  ====================================  =======================================

KIRS pushes ``ObavestenjeOPrijemu`` (a new reception) to subscribers in a SOAP envelope. The
client and the simulator both build and read these payloads here, so they cannot drift apart.
"""

from collections.abc import Callable
from typing import TypeVar
from xml.etree.ElementTree import Element

from adapters.kirs import soap, xmlcodec
from adapters.kirs.native import (
    IstorijaUputa,
    KirsFormatError,
    ObavestenjeOPrijemu,
    PotvrdaStorna,
    PotvrdaUputa,
    PrijemOsobe,
    Problems,
    StornoUputa,
    Uput,
)
from adapters.kirs.xmlcodec import Reader, add_text, element

GET_RECEPTION = "PreuzmiPrijem"
SEARCH_BY_JMBG = "PretraziPoJMBG"
RECEIVE_REFERRAL = "PrimiUput"
REFERRAL_STATUS = "StatusUputa"
CANCEL_REFERRAL = "StornirajUput"
OPERATIONS = (GET_RECEPTION, SEARCH_BY_JMBG, RECEIVE_REFERRAL, REFERRAL_STATUS, CANCEL_REFERRAL)
NOTICE = "ObavestenjeOPrijemu"
NOTICE_CONTENT_TYPES = frozenset({"text/xml", "application/xml"})
T = TypeVar("T")


def response_name(operation: str) -> str:
    """The element a response to ``operation`` carries."""
    return f"{operation}Odgovor"


def request(operation: str, **texts: str) -> Element:
    """A request payload whose children hold text: ``request("PreuzmiPrijem", BrojPrijema=n)``."""
    node = element(operation)
    for name, text in texts.items():
        add_text(node, name, text)
    return node


def referral_request(idempotency_key: str, uput: Uput) -> Element:
    """``PrimiUput``: the referral and the sender's key that makes delivering it twice harmless."""
    node = request(RECEIVE_REFERRAL, IdentifikatorZahteva=idempotency_key)
    xmlcodec.write_referral(uput, node)
    return node


def cancellation_request(idempotency_key: str, storno: StornoUputa) -> Element:
    """``StornirajUput``: the withdrawal and the sender's key, as ``PrimiUput`` carries it."""
    node = request(CANCEL_REFERRAL, IdentifikatorZahteva=idempotency_key)
    xmlcodec.write_cancellation(storno, node)
    return node


def response(operation: str, *children: Element) -> Element:
    """A response payload holding ``children``."""
    node = element(response_name(operation))
    node.extend(children)
    return node


def read_referral_request(payload: Element) -> tuple[str, Uput]:
    """The key and the referral of a ``PrimiUput``; raises ``KirsFormatError``."""
    return _read_keyed_request(payload, RECEIVE_REFERRAL, "Uput", xmlcodec.read_referral)


def read_cancellation_request(payload: Element) -> tuple[str, StornoUputa]:
    """The key and the withdrawal of a ``StornirajUput``; raises ``KirsFormatError``."""
    return _read_keyed_request(payload, CANCEL_REFERRAL, "Storno", xmlcodec.read_cancellation)


def _read_keyed_request(
    payload: Element, operation: str, child: str, read: Callable[[Reader], T]
) -> tuple[str, T]:
    """A request's ``IdentifikatorZahteva`` and its one ``child`` element, read by ``read``."""
    problems = Problems()
    source = xmlcodec.reader(payload, operation, problems)
    key = source.fields((("key", "IdentifikatorZahteva"),), required=("key",))["key"]
    node = source.child(child, required=True)
    found = None if node is None else read(node)
    problems.raise_if_any()
    if found is None:  # already noted as missing; this only tells the type checker
        raise KirsFormatError(problems.found)
    return key, found


def _read_response(payload: Element, operation: str, read: Callable[[Reader, Problems], T]) -> T:
    problems = Problems()
    value = read(xmlcodec.reader(payload, response_name(operation), problems), problems)
    problems.raise_if_any()
    return value


def _only(source: Reader, name: str, problems: Problems) -> Reader:
    """The one ``name`` element of a response; none or several end the reading there."""
    found = source.node.findall(xmlcodec.tag(name))
    if len(found) != 1:
        problems.note(f"{source.path}/{name}", f"expected one, found {len(found)}")
        problems.raise_if_any()
    return Reader(found[0], f"{source.path}/{name}", problems)


def read_reception_response(payload: Element) -> PrijemOsobe:
    """The record in a ``PreuzmiPrijemOdgovor``; raises ``KirsFormatError``."""
    return _read_response(
        payload,
        GET_RECEPTION,
        lambda source, problems: xmlcodec.read_reception(_only(source, "PrijemOsobe", problems)),
    )


def read_search_response(payload: Element) -> list[PrijemOsobe]:
    """The records in a ``PretraziPoJMBGOdgovor`` (none, one or a few)."""

    def read(source: Reader, problems: Problems) -> list[PrijemOsobe]:
        nodes = source.node.findall(xmlcodec.tag("PrijemOsobe"))
        return [
            xmlcodec.read_reception(Reader(node, f"{source.path}/PrijemOsobe[{n}]", problems))
            for n, node in enumerate(nodes, 1)
        ]

    return _read_response(payload, SEARCH_BY_JMBG, read)


def read_receipt_response(payload: Element) -> PotvrdaUputa:
    """The receipt in a ``PrimiUputOdgovor``."""
    return _read_response(
        payload,
        RECEIVE_REFERRAL,
        lambda source, problems: xmlcodec.read_receipt(_only(source, "PotvrdaUputa", problems)),
    )


def read_status_response(payload: Element) -> IstorijaUputa:
    """The history in a ``StatusUputaOdgovor``."""
    return _read_response(
        payload,
        REFERRAL_STATUS,
        lambda source, problems: xmlcodec.read_history(_only(source, "IstorijaUputa", problems)),
    )


def read_cancellation_response(payload: Element) -> PotvrdaStorna:
    """The answer in a ``StornirajUputOdgovor``."""
    return _read_response(
        payload,
        CANCEL_REFERRAL,
        lambda source, problems: xmlcodec.read_cancellation_receipt(
            _only(source, "PotvrdaStorna", problems)
        ),
    )


def notice_message(notice: ObavestenjeOPrijemu) -> bytes:
    """The SOAP message KIRS pushes for a new reception."""
    return soap.envelope(xmlcodec.write_notice(notice))


def read_notice_message(body: bytes, content_type: str, problems: Problems) -> ObavestenjeOPrijemu:
    """A pushed notice, in an envelope or bare; what does not fit is noted in ``problems``.

    Raises ``UnreadableMessage`` for bytes that are no SOAP message at all.
    """
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type not in NOTICE_CONTENT_TYPES:
        raise soap.UnreadableMessage("the content type is not text/xml")
    root = soap.parse_xml(body)
    in_envelope = root.tag.startswith(f"{{{soap.SOAP_NS}}}")
    payload = soap.open_envelope(root).payload if in_envelope else root
    return xmlcodec.read_notice(xmlcodec.reader(payload, NOTICE, problems))
