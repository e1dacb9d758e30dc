"""Server errors are written to CHISO_HOME/logs/chiso.log, one JSON object a line, with what an operator needs.

The URLconf of these tests is chiso's own plus two views that fail, one a page and one in the API.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.views import APIView

from chiso.web.logs import JsonFormatter, django_logging
from chiso.web.urls import handler500  # noqa: F401  (this URLconf answers errors as chiso's does)
from chiso.web.urls import urlpatterns as chiso_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

SECRET = "mat-khau-bi-mat-123"


def page_that_fails(request: HttpRequest) -> HttpResponse:
    request.user.get_username()  # as every page does: the user is known when it fails
    raise ZeroDivisionError("chia cho 0 trong trang thử")


class ApiThatFails(APIView):  # type: ignore[misc]
    def get(self, request: Request) -> HttpResponse:
        raise KeyError("khoá không có trong API thử")


urlpatterns = [path("loi-thu/", page_that_fails), path("api/loi-thu/", ApiThatFails.as_view()),
               *chiso_urlpatterns]


def _log_file() -> Path:
    return Path(django_settings.CHISO_HOME) / "logs" / "chiso.log"


def _records(path: str) -> list[dict[str, Any]]:
    lines = _log_file().read_text(encoding="utf-8").splitlines()
    return [record for record in map(json.loads, lines) if record.get("path") == path]


def test_a_page_that_fails_answers_500_and_is_logged_with_its_traceback(province_admin: Any) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(province_admin)

    answer = client.get("/loi-thu/", {"password": SECRET})

    assert answer.status_code == 500
    assert "Lỗi máy chủ" in answer.content.decode()
    [record] = _records("/loi-thu/")
    assert record["level"] == "ERROR" and record["logger"] == "django.request"
    assert record["method"] == "GET" and record["status"] == 500
    assert record["user_id"] == province_admin.pk  # type: ignore[attr-defined]
    assert record["exception"] == "ZeroDivisionError"
    assert record["exception_message"] == "chia cho 0 trong trang thử"
    assert 'raise ZeroDivisionError("chia cho 0 trong trang thử")' in record["traceback"]
    assert record["time"][:2] == "20" and record["time"].endswith("+07:00")  # ISO 8601, the province's time
    assert SECRET not in _log_file().read_text(encoding="utf-8")  # the query string is never written


def test_an_api_view_that_fails_is_logged_with_the_token_user(province_admin: Any) -> None:
    key = Token.objects.create(user=province_admin).key
    client = Client(raise_request_exception=False)

    answer = client.get("/api/loi-thu/", HTTP_AUTHORIZATION=f"Token {key}")

    assert answer.status_code == 500
    assert answer["Content-Type"] == "application/json"  # as the schema documents every answer of the API
    assert answer.json()["detail"].startswith("Lỗi máy chủ: chiso gặp lỗi ngoài dự kiến")
    [record] = _records("/api/loi-thu/")
    assert record["user_id"] == province_admin.pk  # type: ignore[attr-defined]
    assert record["exception"] == "KeyError" and record["status"] == 500
    assert 'raise KeyError("khoá không có trong API thử")' in record["traceback"]
    assert key not in _log_file().read_text(encoding="utf-8")


def test_an_anonymous_failure_has_no_user_and_goes_to_stderr_too() -> None:
    Client(raise_request_exception=False).get("/loi-thu/")

    assert _records("/loi-thu/")[-1]["user_id"] is None
    logging_settings = django_settings.LOGGING
    assert logging_settings["loggers"]["django.request"]["handlers"] == ["file", "stderr"]
    assert logging_settings["handlers"]["stderr"]["stream"] == "ext://sys.stderr"
    assert logging_settings["handlers"]["stderr"]["formatter"] == "json"


def test_the_log_folder_is_made_when_missing(tmp_path: Path) -> None:
    logs = tmp_path / "chua-co" / "logs"

    config = django_logging(logs)

    assert logs.is_dir()
    assert config["handlers"]["file"]["filename"] == str(logs / "chiso.log")
    assert config["handlers"]["file"]["maxBytes"] > 0 and config["handlers"]["file"]["backupCount"] > 0


def test_a_record_without_a_request_is_still_one_json_line() -> None:
    record = logging.LogRecord("chiso", logging.WARNING, __file__, 1, "dòng %s", ("một",), None)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    assert json.loads(line) | {"time": "t", "process": 0} == {
        "time": "t", "level": "WARNING", "logger": "chiso", "message": "dòng một", "process": 0}
