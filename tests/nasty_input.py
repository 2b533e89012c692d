"""A sweep of every operation of the spec with nasty values: the server may refuse, never fail.

Each parameter and each top-level body field of an operation gets a value drawn from
NASTY_VALUES or from hypothesis text with control characters and lone surrogates; the request
is sent through the app with each caller's token. The answer must be below 500, and a 4xx
must be a problem. Used by tests/test_nasty_input.py (briefly) and bench/fuzz.py (at length).
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PROBLEM = "application/problem+json"
NASTY_VALUES: tuple[Any, ...] = (
    "\x00",
    "Rama\x00danović",
    "\x01\x02\x1f\x7f",
    "\ud800",
    "a\udfffb",
    "9" * 400,
    "x" * 5_000,
    10**40,
    -(10**40),
    1e308,
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "0000-00-00",
    "9999-12-31",
    "",
    None,
    True,
    [],
    {},
)
_CONTROL_AND_SURROGATES = st.characters(
    codec=None, min_codepoint=0, max_codepoint=0xDFFF, categories=["Cc", "Cs", "Lu", "Nd"]
)
NASTY = st.one_of(
    st.sampled_from(NASTY_VALUES), st.text(_CONTROL_AND_SURROGATES, min_size=1, max_size=40)
)


@dataclass(frozen=True)
class Operation:
    """One operation of the spec: its method, path template, parameters and body fields."""

    method: str
    path: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    header_params: tuple[str, ...]
    body_fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass
class Finding:
    """A server error (or a 4xx without a problem body) and the request that caused it."""

    operation: str
    status: int
    request: dict[str, Any]
    body: str = field(repr=False)


def operations(document: dict[str, Any]) -> Iterator[Operation]:
    """Every operation of an OpenAPI document, with the names of its inputs."""
    schemas = document.get("components", {}).get("schemas", {})
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            params = [_resolved(document, p) for p in spec.get("parameters", [])]
            named = {
                where: tuple(p["name"] for p in params if p["in"] == where)
                for where in ("path", "query", "header")
            }
            yield Operation(
                method,
                path,
                named["path"],
                named["query"],
                named["header"],
                _body_fields(spec, schemas),
            )


def _resolved(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in item:
        return item
    _, *names = item["$ref"].split("/")
    for name in names:
        document = document[name]
    return document


def _body_fields(spec: dict[str, Any], schemas: dict[str, Any]) -> tuple[str, ...]:
    content: dict[str, Any] = spec.get("requestBody", {}).get("content", {})
    media: dict[str, Any] = next(iter(content.values()), {})
    schema: dict[str, Any] = media.get("schema", {})
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return tuple(schema.get("properties", {}))


def _request(operation: Operation, values: dict[str, Any]) -> dict[str, Any]:
    path = operation.path
    for name in operation.path_params:
        path = path.replace("{" + name + "}", _url_part(values[f"path.{name}"]) or "%00")
    query = "&".join(f"{n}={_url_part(values[f'query.{n}'])}" for n in operation.query_params)
    headers = {name: _header(values[f"header.{name}"]) for name in operation.header_params}
    body = {name: values[f"body.{name}"] for name in operation.body_fields}
    return {
        "method": operation.method.upper(),
        "url": f"{path}?{query}" if query else path,
        "headers": headers,
        "body": body if operation.body_fields else None,
    }


def _as_bytes(value: Any) -> bytes:
    text = value if isinstance(value, str) else json.dumps(value)
    return text.encode("utf-8", "surrogatepass")


def _url_part(value: Any) -> str:
    """Percent-encoded UTF-8, a lone surrogate as the three bytes a careless client sends."""
    # Cut at 1500 bytes: a whole URL beyond 64 KiB is refused by the client, never sent.
    part = _as_bytes(value)[:1500]
    return "".join(chr(b) if chr(b).isalnum() else f"%{b:02X}" for b in part)


def _header(value: Any) -> bytes:
    # Raw bytes: the in-process transport hands them to the app as a careless client would.
    return _as_bytes(value)


def send(client: TestClient, headers: dict[str, str], request: dict[str, Any]) -> Any:
    """Send one request; the body as JSON with escapes, as lone surrogates must travel."""
    body = request["body"]
    content = None if body is None else json.dumps(body).encode()
    sent: dict[str, Any] = {**request["headers"], **headers, "content-type": "application/json"}
    return client.request(request["method"], request["url"], content=content, headers=sent)


def verdict(operation: Operation, request: dict[str, Any], response: Any) -> Finding | None:
    """A finding if the answer is a 5xx, or a 4xx that is not a problem."""
    status = response.status_code
    problem = response.headers.get("content-type", "").startswith(PROBLEM)
    if status >= 500 or (status >= 400 and not problem and not operation.path.startswith("/oauth")):
        return Finding(operation.label, status, request, response.text[:500])
    return None


def sweep(
    client: TestClient,
    callers: list[dict[str, str]],
    operation: Operation,
    *,
    examples: int,
    found: Callable[[Finding], None],
    derandomize: bool = True,
) -> int:
    """Send ``examples`` nasty requests per caller to one operation; report findings."""
    keys = (
        [f"path.{n}" for n in operation.path_params]
        + [f"query.{n}" for n in operation.query_params]
        + [f"header.{n}" for n in operation.header_params]
        + [f"body.{n}" for n in operation.body_fields]
    )
    sent = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=derandomize,
    )
    @given(st.fixed_dictionaries(dict.fromkeys(keys, NASTY)))
    def one(values: dict[str, Any]) -> None:
        nonlocal sent
        request = _request(operation, values)
        for headers in callers:
            sent += 1
            finding = verdict(operation, request, send(client, headers, request))
            if finding is not None:
                found(finding)

    one()
    return sent
