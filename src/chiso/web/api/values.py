"""Values: read those of the caller's units; create or update one where the caller may enter data.

Every write goes through writes.write, which checks the role, the period's lock and the version.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, parsers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from chiso.store import models, services
from chiso.web.accounts import permissions
from chiso.web.api import writes
from chiso.web.api.errors import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHENTICATED,
    UNSUPPORTED,
    VietnameseErrors,
)
from chiso.web.api.inputs import OWN_ORIGIN_QUERY, ValueCreate, ValueQuery, ValueUpdate
from chiso.web.api.pages import ValuePages

WRITE_ERRORS = {**BAD_REQUEST, **UNAUTHENTICATED, **FORBIDDEN, **CONFLICT, **UNSUPPORTED}
# Writes are JSON: a form would send every field as text, so a version could not be told from its digits.
JSON_ONLY = [parsers.JSONParser]


class ValueSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    framework = serializers.CharField(source="framework.code", read_only=True)
    unit = serializers.CharField(source="org_unit.code", read_only=True)

    class Meta:
        model = models.Value
        fields = ["id", "framework", "indicator", "unit", "period", "origin", "value", "note", "source", "version",
                  "recorded_by", "recorded_at"]
        read_only_fields = fields


def validated(serializer: serializers.Serializer) -> dict[str, Any]:
    serializer.is_valid(raise_exception=True)
    data: dict[str, Any] = serializer.validated_data
    return data


def in_scope(user: AbstractBaseUser | AnonymousUser) -> QuerySet[models.Value]:
    return permissions.scoped(models.Value.objects.all(), user).select_related("framework", "org_unit")


def _filters(wanted: dict[str, Any]) -> dict[str, object]:
    """The query's filters on the value table's own columns: a framework or unit is looked up by its code once,
    so the database reads its index by id rather than joining (an unknown code matches nothing)."""
    origin = wanted.get("origin")
    found: dict[str, object] = {"indicator": wanted.get("indicator"), "period": wanted.get("period"),
                                "origin": "" if origin == OWN_ORIGIN_QUERY else origin}
    if "framework" in wanted:
        pk = models.Framework.objects.filter(code=wanted["framework"]).values_list("id", flat=True).first()
        found["framework_id"] = -1 if pk is None else pk
    if "unit" in wanted:
        found["org_unit_id"] = permissions.unit_ids(services.hierarchy()).get(wanted["unit"], -1)
    return {key: value for key, value in found.items() if value is not None}


class ValueList(VietnameseErrors, generics.ListAPIView):  # type: ignore[misc]
    serializer_class = ValueSerializer
    pagination_class = ValuePages
    parser_classes = JSON_ONLY

    def get_queryset(self) -> QuerySet[models.Value]:
        # Ordered by the paginator, which reads pages by keyset on its own order.
        return in_scope(self.request.user).filter(**_filters(validated(ValueQuery(data=self.request.query_params))))

    @extend_schema(summary="Các giá trị của các đơn vị trong phạm vi của bạn, từng trang",
                   description="Theo thứ tự: bộ chỉ tiêu, đơn vị, kỳ (cũ trước), chỉ tiêu. Mỗi trang có địa chỉ "
                               "trang sau («next») và trang trước («previous»); null ở hai đầu.",
                   parameters=[ValueQuery], responses={200: ValueSerializer(many=True), **BAD_REQUEST,
                                                       **UNAUTHENTICATED})
    def get(self, request: Request) -> Response:
        return self.list(request)

    @extend_schema(summary="Ghi một giá trị (tạo mới hoặc cập nhật theo bộ chỉ tiêu × chỉ tiêu × đơn vị × kỳ × nguồn)",
                   request=ValueCreate,
                   responses={201: OpenApiResponse(ValueSerializer, description="Đã tạo."),
                              200: OpenApiResponse(ValueSerializer, description="Đã cập nhật (hoặc không đổi)."),
                              **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        data = validated(ValueCreate(data=request.data))
        change = writes.Change(data["framework"], data["indicator"], data["unit"], data["period"], data["value"],
                               data.get("note"), data.get("source"), data.get("version"), data.get("origin", ""))
        saved, created = writes.write(change, request.user)
        return Response(ValueSerializer(saved).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ValueDetail(VietnameseErrors, generics.RetrieveAPIView):  # type: ignore[misc]
    serializer_class = ValueSerializer
    parser_classes = JSON_ONLY

    def get_queryset(self) -> QuerySet[models.Value]:
        # A value outside the caller's scope is not found rather than forbidden: its id tells nothing.
        return in_scope(self.request.user)

    @extend_schema(summary="Một giá trị", responses={200: ValueSerializer, **UNAUTHENTICATED, **NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve(request, pk=pk)

    @extend_schema(summary="Sửa một giá trị", request=ValueUpdate,
                   responses={200: ValueSerializer, **WRITE_ERRORS, **NOT_FOUND})
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=False)

    @extend_schema(summary="Sửa một phần giá trị (ví dụ chỉ ghi chú)", request=ValueUpdate,
                   responses={200: ValueSerializer, **WRITE_ERRORS, **NOT_FOUND})
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        record: models.Value = self.get_object()
        data = validated(ValueUpdate(record, data=request.data, partial=partial))
        change = writes.Change(record.framework.code, record.indicator, record.org_unit.code, record.period,
                               data.get("value", record.value), data.get("note"), data.get("source"),
                               data.get("version"), record.origin)
        saved, _created = writes.write(change, request.user)
        return Response(ValueSerializer(saved).data)
