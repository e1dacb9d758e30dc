"""Pages of values: LimitOffsetPagination with bounds every database accepts."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1  # far beyond any store; larger numbers overflow SQLite's and PostgreSQL's integers


class ValuePages(LimitOffsetPagination):  # type: ignore[misc]
    """Values a page at a time; an out-of-range limit or offset is brought within bounds, never a 500."""

    max_limit = MAX_LIMIT
    limit_query_description = f"Số giá trị mỗi trang (mặc định 100, tối đa {MAX_LIMIT})."
    offset_query_description = "Số giá trị bỏ qua trước trang này (mặc định 0)."

    def get_offset(self, request: Request) -> int:
        offset: int = super().get_offset(request)
        return min(offset, MAX_OFFSET)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: {"minimum": 1, "maximum": MAX_LIMIT},
                  self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
