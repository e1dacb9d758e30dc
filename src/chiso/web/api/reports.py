"""GET /api/reports/: an appendix as `chiso report` and the reports page make it, for a unit of the caller's scope.

The choices are read as the reports page reads them and the report is the store's (``analysis.report``):
the same file whichever way it is asked for.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from chiso.errors import ChisoError, InputError
from chiso.reports.exporters import EXPORTERS
from chiso.web.api.analysis import ERRORS, refuse_outside_scope
from chiso.web.api.errors import VietnameseErrors
from chiso.web.api.fields import Query, text
from chiso.web.dashboard import reporting


class ReportQuery(Query):
    framework = text(50, help_text="Mã bộ chỉ tiêu: cqs, cds2025.")
    unit = text(20, help_text="Mã đơn vị trong phạm vi của bạn.")
    format = serializers.ChoiceField(choices=sorted(EXPORTERS), default=reporting.DEFAULT_FORMAT,
                                     help_text="Định dạng tệp.")
    periods = text(200, required=False, help_text="Bảng thống kê: các kỳ, ví dụ 2021:2025 (tối đa "
                                                  f"{reporting.MAX_PERIODS} kỳ).")
    as_of = text(10, required=False, help_text="Bảng đánh giá: kết quả đến kỳ này.")
    doc_number = text(100, required=False)
    doc_date = text(10, required=False, help_text="Ngày văn bản, dd/mm/yyyy.")
    issuer = text(200, required=False)
    summary = serializers.BooleanField(required=False, help_text="Thêm đoạn tóm tắt soạn sẵn.")
    charts = serializers.BooleanField(required=False, help_text="Thêm phụ lục biểu đồ.")
    computed_only = serializers.BooleanField(required=False, help_text="Cột đánh giá chỉ ghi đánh giá do chiso tính.")
    by_unit = serializers.BooleanField(required=False, help_text="Bảng thống kê: một kỳ, mỗi đơn vị cấp dưới một cột.")


class JsonErrors(BaseContentNegotiation):  # type: ignore[misc]
    """Errors in JSON whatever `format=` says: here it names the report's format, not the API's rendering."""

    def select_renderer(self, request: Request, renderers: list[BaseRenderer],
                        format_suffix: str | None = None) -> tuple[BaseRenderer, str]:
        return renderers[0], renderers[0].media_type

    def select_parser(self, request: Request, parsers: list[object]) -> None:
        return None


class ReportFile(VietnameseErrors, APIView):  # type: ignore[misc]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonErrors

    @extend_schema(summary="Tải phụ lục báo cáo của một đơn vị (Word, Excel, PDF, HTML, CSV, JSON)",
                   parameters=[ReportQuery],
                   responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY,
                                                                                description="Tệp báo cáo."),
                              **ERRORS, 503: OpenApiResponse(description="Máy chủ chưa làm được định dạng này "
                                                                         "(ví dụ PDF khi chưa cài LibreOffice).")})
    def get(self, request: Request) -> HttpResponse:
        choice = reporting.read_choice(request._request)
        if choice.unit and not choice.errors:
            refuse_outside_scope(request, choice.unit)
        if choice.errors:
            raise ValidationError({"detail": choice.errors})
        try:
            content = reporting.report_bytes(choice)
        except InputError as error:
            raise ValidationError({"detail": [str(error)]}) from error
        except ChisoError as error:  # e.g. no LibreOffice for PDF: the server cannot make this format now
            return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
        response = HttpResponse(content, content_type=EXPORTERS[choice.format].media_type)
        response["Content-Disposition"] = content_disposition_header(True, choice.filename)
        return response
