"""GET /api/sdmx/<framework>/<indicator>.csv: one indicator's stored figures over the caller's units and periods,
as the SDMX-CSV 2.0 the exchange packages hold (chiso.exchange.sdmx), with each figure's unit, note and citation.

Read as the values are (the caller's scope); OBS_STATUS says A for a figure of an approved period, P else.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.views import APIView

from chiso.exchange import sdmx
from chiso.store import models, services
from chiso.web.api.catalog import CODE
from chiso.web.api.errors import NOT_FOUND, UNAUTHENTICATED, VietnameseErrors
from chiso.web.api.values import in_scope

MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
# The patterns are the framework file's (catalog/schema/framework.schema.json): no stored code can differ.
FRAMEWORK = OpenApiParameter("framework", str, OpenApiParameter.PATH, description=CODE.description,
                             pattern=CODE.pattern)
INDICATOR = OpenApiParameter("indicator", str, OpenApiParameter.PATH, description="Mã chỉ tiêu: 5.4, III.5.",
                             pattern="^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$")


class IndicatorSdmx(VietnameseErrors, APIView):  # type: ignore[misc]
    @extend_schema(summary="Tải số liệu một chỉ tiêu theo đơn vị và kỳ, dạng SDMX-CSV 2.0 (dữ liệu mở)",
                   parameters=[FRAMEWORK, INDICATOR],
                   responses={(200, "application/vnd.sdmx.data+csv"): OpenApiResponse(
                       OpenApiTypes.BINARY, description="SDMX-CSV 2.0."),
                              **UNAUTHENTICATED, **NOT_FOUND})
    def get(self, request: Request, framework: str, indicator: str) -> HttpResponse:
        found = services.frameworks().get(framework)
        if found is None or indicator not in {i.code for i in found.indicators}:
            raise NotFound(f"Không có chỉ tiêu «{indicator}» trong bộ chỉ tiêu «{framework}».")
        measure = found.indicator(indicator).unit
        approved = set(models.Submission.objects.filter(framework__code=framework,
                                                        status=models.SubmissionStatus.APPROVED)
                       .values_list("org_unit__code", "period"))
        rows = (in_scope(request.user).filter(framework__code=framework, indicator=indicator)
                .order_by("org_unit__code", "period_end", "period", "origin")
                .values_list("org_unit__code", "period", "origin", "value", "note", "source"))
        text = sdmx.write_csv(
            sdmx.observation(framework, indicator, origin, unit, period, value, measure=measure, note=note,
                             source=source, status=sdmx.APPROVED if (unit, period) in approved else sdmx.PROVISIONAL)
            for unit, period, origin, value, note, source in rows)
        response = HttpResponse(text.encode("utf-8"), content_type=MEDIA_TYPE)
        response["Content-Disposition"] = content_disposition_header(False, f"{framework}-{indicator}.csv") or ""
        return response
