"""SOAP 1.1 as KIRS speaks it on the Government Service Bus: envelopes, WS-Security, faults.

Every message is ``POST``ed to one endpoint with a ``SOAPAction`` header naming the operation
and a ``soap:Envelope`` whose header carries a WS-Security ``UsernameToken`` (password as
text: the Service Bus runs over TLS). Errors come back as SOAP Faults: ``soap:Client`` when
the request is wrong (with KIRS's own code in ``detail/Greska/Sifra``), ``soap:Server`` when
KIRS failed, ``wsse:FailedAuthentication`` (HTTP 401) when the credentials are refused.

Bytes are read in one place only, ``parse_xml``: messages over the size limit are refused
before parsing, and defusedxml parses with ``forbid_dtd=True``, so no entity is ever expanded
("billion laughs") and no external entity is ever fetched. Building uses ElementTree.
"""

import base64
import datetime as dt
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from adapters.kirs.native import NAMESPACE, FaultCode
from adapters.kirs.xmlcodec import add_text, element, tag

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
_OASIS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss"
WSSE_NS = f"{_OASIS}-wssecurity-secext-1.0.xsd"
WSU_NS = f"{_OASIS}-wssecurity-utility-1.0.xsd"
PASSWORD_TEXT = f"{_OASIS}-username-token-profile-1.0#PasswordText"
BASE64_BINARY = f"{_OASIS}-soap-message-security-1.0#Base64Binary"
CONTENT_TYPE = "text/xml; charset=utf-8"
MAX_MESSAGE_BYTES = 1_048_576
"""KIRS refuses, and the adapter does not read, any message larger than this (1 MiB)."""

for _prefix, _uri in (("soap", SOAP_NS), ("wsse", WSSE_NS), ("wsu", WSU_NS), ("kir", NAMESPACE)):
    ET.register_namespace(_prefix, _uri)

CLIENT = "Client"
SERVER = "Server"
FAILED_AUTHENTICATION = FaultCode.FAILED_AUTHENTICATION


class UnreadableMessage(ValueError):
    """Bytes that are not a SOAP message KIRS accepts; ``code`` is the KIRS fault code."""

    def __init__(self, message: str, code: str = FaultCode.INVALID_REQUEST) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Credentials:
    """A WS-Security username and password."""

    username: str
    password: str


@dataclass(frozen=True)
class Message:
    """An opened envelope: its header (if any) and the one element of its body."""

    header: Element | None
    payload: Element


@dataclass(frozen=True)
class Fault:
    """A SOAP Fault: ``code`` is the local part of ``faultcode`` (Client, Server, ...)."""

    code: str
    message: str
    detail_code: str | None = None


def soap_action(operation: str) -> str:
    """The ``SOAPAction`` header value of an operation (quoted, as SOAP 1.1 writes it)."""
    return f'"{NAMESPACE}/{operation}"'


def parse_xml(body: bytes, *, limit: int = MAX_MESSAGE_BYTES) -> Element:
    """The root element of ``body``: no DTD, no entities, nothing over ``limit`` bytes."""
    if len(body) > limit:
        raise UnreadableMessage(f"larger than {limit} bytes", FaultCode.MESSAGE_TOO_LARGE)
    try:
        root: Element = fromstring(body, forbid_dtd=True)
    except DefusedXmlException:
        raise UnreadableMessage(
            "DTDs and entities are not allowed", FaultCode.FORBIDDEN_XML
        ) from None
    except ET.ParseError:
        raise UnreadableMessage("not well-formed XML") from None
    return root


def read_message(body: bytes, *, limit: int = MAX_MESSAGE_BYTES) -> Message:
    """Parse and open a SOAP envelope; raises ``UnreadableMessage``."""
    return open_envelope(parse_xml(body, limit=limit))


def open_envelope(root: Element) -> Message:
    """The header and the single body element of a SOAP 1.1 envelope."""
    if root.tag != f"{{{SOAP_NS}}}Envelope":
        raise UnreadableMessage("not a SOAP 1.1 envelope")
    body = root.find(f"{{{SOAP_NS}}}Body")
    children = [] if body is None else list(body)
    if len(children) != 1:
        raise UnreadableMessage("the SOAP body must hold exactly one element")
    return Message(header=root.find(f"{{{SOAP_NS}}}Header"), payload=children[0])


def envelope(payload: Element, *, credentials: Credentials | None = None) -> bytes:
    """A SOAP 1.1 envelope around ``payload``, with a WS-Security header when given credentials."""
    root = Element(f"{{{SOAP_NS}}}Envelope")
    if credentials is not None:
        _add_security(SubElement(root, f"{{{SOAP_NS}}}Header"), credentials)
    SubElement(root, f"{{{SOAP_NS}}}Body").append(payload)
    message: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return message


def _add_security(header: Element, credentials: Credentials) -> None:
    security = SubElement(header, f"{{{WSSE_NS}}}Security")
    security.set(f"{{{SOAP_NS}}}mustUnderstand", "1")
    token = SubElement(security, f"{{{WSSE_NS}}}UsernameToken")
    SubElement(token, f"{{{WSSE_NS}}}Username").text = credentials.username
    password = SubElement(token, f"{{{WSSE_NS}}}Password", Type=PASSWORD_TEXT)
    password.text = credentials.password
    nonce = SubElement(token, f"{{{WSSE_NS}}}Nonce", EncodingType=BASE64_BINARY)
    nonce.text = base64.b64encode(secrets.token_bytes(16)).decode()
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    SubElement(token, f"{{{WSU_NS}}}Created").text = created


def credentials_of(message: Message) -> Credentials | None:
    """The UsernameToken of the message's WS-Security header, if it has one."""
    if message.header is None:
        return None
    path = f"{{{WSSE_NS}}}Security/{{{WSSE_NS}}}UsernameToken"
    token = message.header.find(path)
    if token is None:
        return None
    username = token.findtext(f"{{{WSSE_NS}}}Username")
    password = token.find(f"{{{WSSE_NS}}}Password")
    if username is None or password is None or password.get("Type", PASSWORD_TEXT) != PASSWORD_TEXT:
        return None
    return Credentials(username=username.strip(), password=password.text or "")


def fault_envelope(fault: Fault) -> bytes:
    """A SOAP envelope holding ``fault``, with KIRS's code and message in its detail."""
    node = Element(f"{{{SOAP_NS}}}Fault")
    if fault.code == FAILED_AUTHENTICATION:
        # The code is a QName in element text: its prefix must be declared by hand.
        node.set("xmlns:wsse", WSSE_NS)
        SubElement(node, "faultcode").text = f"wsse:{fault.code}"
    else:
        SubElement(node, "faultcode").text = f"soap:{fault.code}"
    SubElement(node, "faultstring").text = fault.message
    if fault.detail_code is not None:
        error = element("Greska", SubElement(node, "detail"))
        add_text(error, "Sifra", fault.detail_code)
        add_text(error, "Opis", fault.message)
    return envelope(node)


def read_fault(payload: Element) -> Fault | None:
    """The fault a body element holds, or None when it is not a SOAP Fault."""
    if payload.tag != f"{{{SOAP_NS}}}Fault":
        return None
    code = (payload.findtext("faultcode") or "").strip()
    detail = payload.find(f"detail/{tag('Greska')}")
    detail_code = None if detail is None else (detail.findtext(tag("Sifra")) or "").strip()
    return Fault(
        code=code.rpartition(":")[2],
        message=(payload.findtext("faultstring") or "").strip(),
        detail_code=detail_code or None,
    )
