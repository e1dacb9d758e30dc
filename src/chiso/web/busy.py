"""A store too busy to write answers 503 "try again later", in Vietnamese, never a server error.

Every write of the web app waits for SQLite's write lock up to the busy timeout (chiso.store.busy); one
that waited longer, behind a very large `chiso load`, wrote nothing. Pages answer with a page saying so,
the API with its usual ``{"detail": …}``; both with Retry-After.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chiso.store.busy import is_busy, waited

RETRY_AFTER = "30"  # seconds: long enough for a large load to move on, short enough for a person to wait


class BusyStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        message = _("Kho số liệu đang bận: một thao tác ghi khác (ví dụ một lần nạp số liệu lớn) chưa xong sau "
                    "%(seconds)s giây chờ. Chưa có gì được lưu; hãy thử lại sau ít phút.") % {"seconds": waited()}
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = render(request, "busy.html", {"message": message}, status=503)
        response["Retry-After"] = RETRY_AFTER
        return response
