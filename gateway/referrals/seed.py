"""Loading the shipped catalogue (``data/services.csv``, ``data/routing_rules.csv``).

The baseline migration calls ``load_shipped_catalogue`` after creating the tables, so every
database starts with the catalogue; a later catalogue version adds a migration that calls it again.
It adds only what the database lacks (a service by its code, a rule by its need domain,
municipality and service), so an admin's changes and retirements stand (a deleted rule comes
back only if a later catalogue version ships it again). It uses table definitions of its
own, as a migration must, not the application's models.
"""

import csv
import io
import uuid
from importlib import resources
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from gateway.models import new_id, utcnow

SERVICES = sa.table(
    "referral_service",
    *(sa.column(name) for name in ("code", "agency", "label_en", "label_sr_latn")),
    *(sa.column(name) for name in ("label_sr_cyrl", "default_due_days", "active", "version")),
    sa.column("need_domains", sa.JSON),
    sa.column("categories", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
RULES = sa.table(
    "referral_routing_rule",
    sa.column("id", sa.Uuid),
    *(sa.column(name) for name in ("need_domain", "municipality", "service_code", "office")),
    *(sa.column(name) for name in ("rank", "active", "version")),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def shipped_rows(name: str) -> list[dict[str, str]]:
    """The rows of ``data/<name>.csv`` (comment lines left out)."""
    text = resources.files("gateway.referrals").joinpath("data", f"{name}.csv").read_text("utf-8")
    lines = (line for line in io.StringIO(text) if not line.startswith("#"))
    return [{key: value.strip() for key, value in row.items()} for row in csv.DictReader(lines)]


def load_shipped_catalogue(connection: Connection) -> tuple[int, int]:
    """Add the shipped services and rules the database lacks; how many of each."""
    return _load_services(connection), _load_rules(connection)


def _load_services(connection: Connection) -> int:
    known = set(connection.execute(sa.select(SERVICES.c.code)).scalars())
    rows = [_service(row) for row in shipped_rows("services") if row["code"] not in known]
    if rows:
        connection.execute(sa.insert(SERVICES), rows)
    return len(rows)


def _load_rules(connection: Connection) -> int:
    columns = (RULES.c.need_domain, RULES.c.municipality, RULES.c.service_code)
    known = {tuple(row) for row in connection.execute(sa.select(*columns))}
    rows = [_rule(row) for row in shipped_rows("routing_rules")]
    new = [row for row in rows if _rule_key(row) not in known]
    if new:
        connection.execute(sa.insert(RULES), new)
    return len(new)


def _service(row: dict[str, str]) -> dict[str, Any]:
    now = utcnow()
    return {
        **{name: row[name] for name in ("code", "agency", "label_en", "label_sr_latn")},
        "label_sr_cyrl": row["label_sr_cyrl"],
        "need_domains": _list(row["need_domains"]),
        "categories": _list(row["categories"]),
        "default_due_days": int(row["default_due_days"]),
        **{"active": True, "version": 1, "created_at": now, "updated_at": now},
    }


def _rule(row: dict[str, str]) -> dict[str, Any]:
    now = utcnow()
    identifier: uuid.UUID = new_id()
    return {
        "id": identifier,
        "need_domain": row["need_domain"],
        "municipality": row["municipality"] or None,
        "service_code": row["service"],
        "office": row["office"] or None,
        "rank": int(row["rank"]),
        **{"active": True, "version": 1, "created_at": now, "updated_at": now},
    }


def _rule_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["need_domain"], row["municipality"], row["service_code"])


def _list(text: str) -> list[str]:
    return sorted({item.strip() for item in text.split("|") if item.strip()})
