"""What the audit layer adds to every operation of the published spec.

Every ``/v1`` operation accepts the ``Gateway-Case-Reference`` header (a bad one is a 400
problem), and every API call can be answered 503 when its audit entry cannot be written.
"""

from typing import Any

from gateway.audit.context import CASE_REFERENCE_HEADER, CASE_REFERENCE_PATTERN
from gateway.audit.middleware import is_api_call
from gateway.errors import problem_responses

CASE_REFERENCE_PARAMETER = {
    "name": CASE_REFERENCE_HEADER,
    "in": "header",
    "required": False,
    "description": "The case or file this request is made for (1 to 100 printable "
    "characters, UTF-8); recorded in the audit trail and shown to the returnee.",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": 100,
        "pattern": CASE_REFERENCE_PATTERN,
    },
}
_REFERENCE = {"$ref": "#/components/parameters/CaseReference"}


def document_audit(document: dict[str, Any]) -> None:
    """Add the case reference header and the audit layer's problem responses to ``document``."""
    parameters = document.setdefault("components", {}).setdefault("parameters", {})
    parameters["CaseReference"] = CASE_REFERENCE_PARAMETER
    problems = problem_responses(400, 503)
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if path.startswith("/v1/"):
                operation.setdefault("parameters", []).append(_REFERENCE)
                operation["responses"].setdefault("400", problems[400])
            if is_api_call(path):
                operation["responses"].setdefault("503", problems[503])
