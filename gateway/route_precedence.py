"""Concrete paths before templated ones, as OpenAPI matches them: ``suggest`` is never an id.

Starlette takes the first route whose path and method both match, so without help
``GET /v1/referrals/suggest`` reaches ``GET /v1/referrals/{referral_id}`` and a method the
concrete path lacks is answered as if it were the templated resource's. Here each path
template is ranked by how literal it is; the most literal template that matches a request
path is the resource the request names, and only its methods are allowed there.
"""

import re
from collections.abc import Iterable, Iterator

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _matches(template: str, path: str) -> bool:
    pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
    return re.fullmatch(pattern, path) is not None


def _literalness(template: str) -> tuple[bool, ...]:
    """Literal segments first: compares templates that match one path, left to right."""
    return tuple(not _is_parameter(segment) for segment in template.split("/"))


def matched_template(templates: Iterable[str], path: str) -> str | None:
    """The template that names the resource at ``path``: the most literal one that matches."""
    matching = [template for template in templates if _matches(template, path)]
    return max(matching, key=_literalness, default=None)


async def _method_not_allowed() -> None:
    raise StarletteHTTPException(status_code=405)


def _endpoints(routes: Iterable[BaseRoute]) -> Iterator[tuple[str, set[str]]]:
    """Each endpoint's path and methods, through included routers (FastAPI keeps them nested)."""
    for route in routes:
        nested = getattr(route, "effective_candidates", None)
        if nested is not None:
            yield from _endpoints(nested())
            continue
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if isinstance(path, str) and isinstance(methods, set):
            yield path, methods


def put_literal_paths_first(app: FastAPI) -> None:
    """Answer 405 at a literal path for the methods it lacks, before a template can claim it."""
    methods: dict[str, set[str]] = {}
    for path, route_methods in _endpoints(app.router.routes):
        methods.setdefault(path, set()).update(route_methods)
    for path in methods:
        if any(
            matched_template([other, path], path) == path != other
            for other in methods
            if _matches(other, path)
        ):
            guard = APIRoute(
                path,
                _method_not_allowed,
                methods=sorted(_METHODS - methods[path]),
                include_in_schema=False,
            )
            app.router.routes.insert(0, guard)
