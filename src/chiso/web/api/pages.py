"""Pages of values by keyset: each page starts after the last row of the one before, never at an offset.

Rows are ordered by the store's index (framework, org unit, period end) and then period, indicator and
origin, which together are unique. A cursor is the key of the row a page continues from; every page is a
range read of the index from there, so the thousandth page costs what the first does. There is no
total count either: counting a national store would cost more than the page itself.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from chiso.store import models

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
ORDER = ("framework_id", "org_unit_id", "period_end", "period", "indicator", "origin")
BAD_CURSOR = ("Con trỏ trang «{cursor}» không hợp lệ: hãy dùng nguyên địa chỉ «next» hoặc «previous» "
              "của trang trước.")
Key = tuple[int, int, date, str, str, str]


def page_limit(request: Request) -> int:
    """The page size asked for: the view's query serializer has checked it is a whole number of 1…MAX_LIMIT."""
    return int(request.query_params.get("limit", DEFAULT_LIMIT))


def encoded(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def decoded(cursor: str) -> Any:
    """The data of a cursor made by ``encoded``; a 400 naming the cursor when it is not one."""
    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        raise refused(cursor) from None


def refused(cursor: str) -> ValidationError:
    shown = cursor if len(cursor) <= 40 else f"{cursor[:40]}…"  # a cursor is long; its start is enough to tell
    return ValidationError({"cursor": [BAD_CURSOR.format(cursor=shown)]})


@dataclass(frozen=True)
class Position:
    """Where a page starts: after ``key`` going forward, or before it going back."""

    key: Key
    backwards: bool = False

    @staticmethod
    def read(cursor: str) -> Position:
        data = decoded(cursor)
        try:
            # A cursor made before values had an origin continues from that key's own value ("").
            framework, unit, end, period, indicator, *origin, backwards = data
            if len(origin) > 1:
                raise ValueError(data)
            key = (_row_id(framework), _row_id(unit), date.fromisoformat(end), _code(period), _code(indicator),
                   _code(origin[0]) if origin else "")
        except (TypeError, ValueError):
            raise refused(cursor) from None
        return Position(key, backwards is True)

    def cursor(self) -> str:
        framework, unit, end, period, indicator, origin = self.key
        return encoded([framework, unit, end.isoformat(), period, indicator, origin, self.backwards])


def _row_id(data: object) -> int:
    # Only what a database id can be: a larger number would overflow the database's integers.
    if not isinstance(data, int) or not 0 <= data < 2**63:
        raise ValueError(data)
    return data


def _code(data: object) -> str:
    if not isinstance(data, str) or len(data) > 40 or "\x00" in data:
        raise ValueError(data)
    return data


def key_of(row: models.Value) -> Key:
    return (row.framework_id, row.org_unit_id, row.period_end, row.period, row.indicator, row.origin)


def ranges(query: QuerySet[models.Value], position: Position | None,
           frameworks: list[int]) -> Iterator[QuerySet[models.Value]]:
    """The rows past ``position`` (all rows without one) as index ranges read in order: the rest of its unit,
    the units after it in its framework, then each framework after it.

    Each range is a seek in the (framework, unit, period end) index with the framework fixed, so the
    database reads the index from there, even through a scope's list of unit ids; one condition over the
    whole key, or none on the framework, would make it read and sort every row before the page."""
    backwards = position is not None and position.backwards
    order = [f"-{field}" for field in ORDER] if backwards else list(ORDER)
    later = frameworks
    if position is not None:
        framework, unit, end, period, indicator, origin = position.key
        past = "lt" if backwards else "gt"
        rest = (Q(**{f"period_end__{past}": end}) | Q(period_end=end, **{f"period__{past}": period})
                | Q(period_end=end, period=period, **{f"indicator__{past}": indicator})
                | Q(period_end=end, period=period, indicator=indicator, **{f"origin__{past}": origin}))
        yield query.filter(rest, framework_id=framework, org_unit_id=unit).order_by(*order)
        yield query.filter(framework_id=framework, **{f"org_unit_id__{past}": unit}).order_by(*order)
        later = [f for f in frameworks if (f < framework if backwards else f > framework)]
    for framework in sorted(later, reverse=backwards):
        yield query.filter(framework_id=framework).order_by(*order)


def rows_from(query: QuerySet[models.Value], position: Position | None, wanted: int) -> list[models.Value]:
    """Up to ``wanted`` rows after ``position`` (from the first row without one), in page order."""
    frameworks = list(models.Framework.objects.values_list("id", flat=True))
    found: list[models.Value] = []
    for part in ranges(query, position, frameworks):
        found += part[:wanted - len(found)]
        if len(found) >= wanted:
            break
    return found[::-1] if position is not None and position.backwards else found


class ValuePages(BasePagination):  # type: ignore[misc]
    """Values a page at a time, with the addresses of the next and the previous page (null at either end)."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset: QuerySet[models.Value], request: Request,
                          view: object = None) -> list[models.Value]:
        self.request, limit = request, page_limit(request)
        asked = request.query_params.get(self.cursor_query_param)
        self.position = Position.read(asked) if asked else None
        rows = rows_from(queryset, self.position, limit + 1)
        self.more = len(rows) > limit
        if self.more:
            rows = rows[1:] if self.position is not None and self.position.backwards else rows[:limit]
        self.rows = rows
        return rows

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self._link(forward=True), "previous": self._link(forward=False), "results": data})

    def _link(self, *, forward: bool) -> str | None:
        """The next page exists when more rows follow (or we came back); the previous, when rows come before."""
        going_back = self.position is not None and self.position.backwards
        if not self.rows or (forward and not self.more and not going_back):
            return None
        if not forward and (self.position is None or (going_back and not self.more)):
            return None
        edge = self.rows[-1] if forward else self.rows[0]
        url = remove_query_param(self.request.build_absolute_uri(), "offset")
        return str(replace_query_param(url, self.cursor_query_param, Position(key_of(edge), not forward).cursor()))

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {"type": "object", "required": ["next", "previous", "results"],
                "properties": {"next": {**link, "description": "Trang sau (null: đã hết)."},
                               "previous": {**link, "description": "Trang trước (null: trang đầu)."},
                               "results": schema}}

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return []  # cursor and limit are the view's query parameters, checked and described with the others
