"""What a locked-out login is told, in the reader's language: django-axes' own answer is one English line.

Axes locks a username at one client address (settings.AXES_LOCKOUT_PARAMETERS); the page and the API's
token endpoint say so, how long it lasts, and who can lift it.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

STATUS = 429  # Too Many Requests, as axes answers by default


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    cool_off = get_cool_off(request) or timedelta(0)
    message = lockout_message(str(get_client_username(request, credentials) or "")[:150],
                              get_failure_limit(request, credentials), cool_off)
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=STATUS)
    else:
        response = render(request, "accounts/locked.html", {"message": message}, status=STATUS)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def lockout_message(username: str, limit: int, cool_off: timedelta) -> str:
    if not cool_off:
        return _("Tài khoản «%(username)s» bị khoá đăng nhập từ địa chỉ này sau %(limit)s lần nhập sai mật khẩu. "
                 "Hãy nhờ quản trị viên mở khoá.") % {"username": username, "limit": limit}
    return _("Tài khoản «%(username)s» tạm bị khoá đăng nhập từ địa chỉ này sau %(limit)s lần nhập sai mật khẩu. "
             "Hãy thử lại sau %(minutes)s phút, hoặc nhờ quản trị viên mở khoá.") % {
        "username": username, "limit": limit, "minutes": math.ceil(cool_off.total_seconds() / 60)}
