"""The distinct values of an indexed column, found by one index seek each instead of a pass over every row.

A national store holds 1,7 M values of a few dozen indicators and periods: asking for the next value above
the last one found, a few dozen times, reads a few dozen index entries; ``SELECT DISTINCT`` reads them all.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

from django.db import connections
from django.db.models import QuerySet

K = TypeVar("K", bound=Hashable)


def distinct(rows: QuerySet[Any], field: str) -> set[str]:
    """The values ``field`` takes in ``rows``; worth it where an index leads with ``rows``' filters and ``field``."""
    return distinct_each({None: rows}, field)[None]


def distinct_each(rows: Mapping[K, QuerySet[Any]], field: str) -> dict[K, set[str]]:
    """The values ``field`` takes in each query of ``rows``, their seeks made side by side.

    Each round trip asks every query still open for its next value in one statement of scalar subqueries,
    so finding n values in each of k queries costs n round trips, not n·k.
    """
    found: dict[K, set[str]] = {key: set() for key in rows}
    last: dict[K, str | None] = dict.fromkeys(rows)
    pending = list(rows)
    while pending:
        nexts = _next_values([_after(rows[key], field, last[key]) for key in pending])
        for key, value in zip(pending, nexts, strict=True):
            if value is not None:
                found[key].add(value)
            last[key] = value
        pending = [key for key, value in zip(pending, nexts, strict=True) if value is not None]
    return found


def _after(rows: QuerySet[Any], field: str, value: str | None) -> QuerySet[Any]:
    following = rows if value is None else rows.filter(**{f"{field}__gt": value})
    return following.order_by(field).values_list(field, flat=True)[:1]


def _next_values(queries: list[QuerySet[Any]]) -> list[str | None]:
    """The first row of each query, from one statement: SELECT (q1), (q2), …"""
    compiled = [query.query.sql_with_params() for query in queries]
    sql = "SELECT " + ", ".join(f"({text})" for text, _ in compiled)
    params = [param for _, query_params in compiled for param in query_params]
    with connections[queries[0].db].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return list(row) if row is not None else [None] * len(queries)
