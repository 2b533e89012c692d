"""NES's error replies: ``{"greska": code, "poruka": message}`` in Serbian, as its API sends."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response


class NesError(Exception):
    """A refusal the simulated system answers with its own error body."""

    def __init__(self, status: int, code: str, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def response(self) -> JSONResponse:
        """The reply NES sends for this refusal."""
        return error_response(self.status, self.code, self.message, self.details)


def error_response(
    status: int, code: str, message: str, details: list[str] | None = None
) -> JSONResponse:
    """An NES error body; ``detalji`` lists the problems of an invalid request."""
    body: dict[str, object] = {"greska": code, "poruka": message}
    if details:
        body["detalji"] = details
    return JSONResponse(body, status_code=status)


def unauthorised() -> JSONResponse:
    """What NES answers a request without a valid API key."""
    return error_response(
        401,
        "NEVAZECI_API_KLJUC",
        "Pristup odbijen: nedostaje ili je neispravan API ključ (zaglavlje X-Api-Kljuc).",
    )


async def http_error(_request: Request, error: Exception) -> Response:
    """Unknown paths and methods, answered in NES's error format."""
    status = error.status_code if isinstance(error, HTTPException) else 500
    if status == 404:
        return error_response(404, "NEPOSTOJECI_RESURS", "Traženi resurs ne postoji.")
    if status == 405:
        return error_response(405, "NEDOZVOLJENA_METODA", "Metoda nije dozvoljena za ovaj resurs.")
    return error_response(status, "GRESKA", "Zahtev nije moguće obraditi.")
