"""Optimistic concurrency: ETags carry a record's version, writes must name it in If-Match."""

from gateway.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    """The entity tag of a record version."""
    return f'"{version}"'


def require_current(if_match: str | None, *, current_version: int) -> None:
    """Refuse a write that does not name the record's current version."""
    if if_match is None:
        raise PreconditionRequired(
            "Send the ETag of the record you read in an If-Match header to change it."
        )
    tags = [tag.strip().removeprefix("W/") for tag in if_match.split(",")]
    if "*" in tags or etag(current_version) in tags:
        return
    raise PreconditionFailed(
        f"The record is now at version {current_version}; read it again and retry the change.",
        headers={"ETag": etag(current_version)},
    )
