"""Refusals of the API, always one Vietnamese sentence (or one per field), never a server error.

DRF's own messages are only partly translated into Vietnamese, so the ones a client meets most often are
replaced here; the core's input errors, should one reach a view, are a bad request, not a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from chiso.errors import ChisoError

_VIETNAMESE = {
    exceptions.NotAuthenticated: "Chưa xác thực: gửi tiêu đề «Authorization: Token <mã>» "
                                 "(lấy mã bằng POST /api/token/ hoặc lệnh «chiso user token»).",
    exceptions.AuthenticationFailed: "Xác thực không thành công: mã (token) không hợp lệ hoặc tài khoản đã bị khóa.",
    exceptions.UnsupportedMediaType: "Kiểu nội dung không được hỗ trợ: hãy gửi application/json.",
    exceptions.NotAcceptable: "Không có định dạng trả lời phù hợp tiêu đề Accept: API trả lời application/json.",
}


class Conflict(exceptions.APIException):  # type: ignore[misc]
    """The value changed since the client read it, or its period is approved: 409, nothing is saved."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Xung đột: chưa có gì được lưu."
    default_code = "conflict"


def vietnamese_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ChisoError):
        exc = exceptions.ValidationError({"detail": [str(exc)]})
    if isinstance(exc, exceptions.ParseError):  # a 400 as every other: messages listed under their field
        exc = exceptions.ValidationError({"detail": [_unreadable(str(exc.detail))]})
    if isinstance(exc, exceptions.MethodNotAllowed):
        exc.detail = exceptions.ErrorDetail(_not_allowed(context), code=exc.default_code)
    message = _VIETNAMESE.get(type(exc))
    if message is not None:
        # Changed in place: the view has already set the exception's WWW-Authenticate header and status.
        refusal: Any = exc
        refusal.detail = exceptions.ErrorDetail(message, code=refusal.default_code)
    return exception_handler(exc, context)


def _unreadable(parsed: str) -> str:
    """Why a body could not be read, with where JSON's parser stopped when it says."""
    where = re.search(r"line (\d+) column (\d+)", parsed)
    at = f" (lỗi ở dòng {where[1]}, cột {where[2]})" if where else ""
    return f"Không đọc được nội dung yêu cầu: cần JSON hợp lệ{at}."


def _not_allowed(context: dict[str, Any]) -> str:
    view, request = context["view"], context["request"]
    allowed = ", ".join(m for m in view.allowed_methods if m not in ("HEAD", "OPTIONS"))
    return f"Phương thức {request.method} không dùng được ở địa chỉ này (dùng được: {allowed})."


def server_error(request: HttpRequest) -> HttpResponse:
    """An unhandled exception: JSON under /api/ as the schema documents every answer, else the 500 page."""
    if not request.path_info.startswith("/api/"):
        return defaults.server_error(request)
    return JsonResponse({"detail": "Lỗi máy chủ: chiso gặp lỗi ngoài dự kiến khi xử lý yêu cầu này. Lỗi đã được "
                                   "ghi vào nhật ký của máy chủ: nếu lỗi lặp lại, hãy báo quản trị viên, kèm thời "
                                   "gian và địa chỉ."}, status=500)


@csrf_exempt  # it changes nothing; a token client's PUT to a wrong id is told 404, not CSRF's page
def not_found(request: HttpRequest) -> JsonResponse:
    """Any address under /api/ that names no endpoint (an unknown path, an id that is no number): a JSON 404."""
    hint = f" Các địa chỉ của API kết thúc bằng «/»: «{request.path}/»." if _known(f"{request.path_info}/") else ""
    detail = f"Không có địa chỉ «{request.path}» trong API.{hint} Các địa chỉ có ở /api/schema/."
    return JsonResponse({"detail": detail}, status=404)


def _known(path: str) -> bool:
    try:
        return resolve(path).func is not not_found
    except Resolver404:
        return False


# Mixed into every API view, so its refusals go through the handler above, and its answers are JSON, as the
# OpenAPI document says, even to a browser (DRF's browsable pages are no part of it and need inline styles).
# (No docstring: drf-spectacular would show it as the description of every operation.)
class VietnameseErrors:
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return vietnamese_exception_handler


_MESSAGE = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
_FIELDS = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}

UNAUTHENTICATED = {401: OpenApiResponse(_MESSAGE, description="Chưa xác thực hoặc mã không hợp lệ.")}
BAD_REQUEST = {400: OpenApiResponse(_FIELDS, description="Dữ liệu không hợp lệ: mỗi trường sai kèm lời giải thích.")}
FORBIDDEN = {403: OpenApiResponse(_MESSAGE, description="Không có quyền với đơn vị này.")}
NOT_FOUND = {404: OpenApiResponse(_MESSAGE, description="Không tìm thấy.")}
UNSUPPORTED = {415: OpenApiResponse(_MESSAGE, description="Nội dung không phải application/json.")}
CONFLICT = {409: OpenApiResponse(_MESSAGE, description="Giá trị đã bị người khác thay đổi, hoặc kỳ báo cáo "
                                                       "đã được phê duyệt/đang chờ duyệt: chưa có gì được lưu.")}
