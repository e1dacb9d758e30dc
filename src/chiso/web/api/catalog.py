"""Read endpoints of the catalogue: frameworks, their indicators and targets, and the caller's org units.

Frameworks are the same for everyone signed in; org units are only those of the caller's scope.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.catalog.model import Framework
from chiso.store import models, services
from chiso.web.accounts import permissions
from chiso.web.api.errors import NOT_FOUND, UNAUTHENTICATED, VietnameseErrors
from chiso.web.api.shapes import (
    FrameworkDetailSerializer,
    FrameworkSerializer,
    IndicatorSerializer,
    OrgUnitSerializer,
    serialized,
)

# The pattern is the framework file's (catalog/schema/framework.schema.json): no stored code can differ.
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã bộ chỉ tiêu: cqs, cds2025.",
                        pattern="^[a-z][a-z0-9_-]*$")


def framework_or_404(code: str) -> Framework:
    found = services.frameworks().get(code)
    if found is None:
        raise NotFound(f"Không có bộ chỉ tiêu «{code}».")
    return found


class FrameworkList(VietnameseErrors, APIView):  # type: ignore[misc]
    @extend_schema(summary="Các bộ chỉ tiêu", responses={200: FrameworkSerializer(many=True), **UNAUTHENTICATED})
    def get(self, request: Request) -> Response:
        found = sorted(services.frameworks().values(), key=lambda f: f.code)
        return Response(serialized(FrameworkSerializer, found))


class FrameworkDetail(VietnameseErrors, APIView):  # type: ignore[misc]
    @extend_schema(summary="Một bộ chỉ tiêu: thông tin và các phần", parameters=[CODE],
                   responses={200: FrameworkDetailSerializer, **UNAUTHENTICATED, **NOT_FOUND})
    def get(self, request: Request, code: str) -> Response:
        return Response(FrameworkDetailSerializer(framework_or_404(code)).data)


class IndicatorList(VietnameseErrors, APIView):  # type: ignore[misc]
    @extend_schema(summary="Các chỉ tiêu của một bộ, theo thứ tự trong danh mục, kèm mục tiêu",
                   parameters=[CODE], responses={200: IndicatorSerializer(many=True), **UNAUTHENTICATED,
                                                 **NOT_FOUND})
    def get(self, request: Request, code: str) -> Response:
        return Response(serialized(IndicatorSerializer, list(framework_or_404(code).indicators)))


@extend_schema(summary="Các đơn vị trong phạm vi của bạn", responses={200: OrgUnitSerializer(many=True),
                                                                        **UNAUTHENTICATED})
class OrgUnitList(VietnameseErrors, generics.ListAPIView):  # type: ignore[misc]
    serializer_class = OrgUnitSerializer
    pagination_class = None  # a province has a few hundred units; the whole country, a few thousand

    def get_queryset(self) -> QuerySet[models.OrgUnit]:
        units = permissions.scoped(models.OrgUnit.objects.all(), self.request.user, unit_id="id")
        return units.select_related("parent").order_by("code")
