"""Token authentication: POST /api/token/ and `chiso user token`, and the OpenAPI document at /api/schema/."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from typer.testing import CliRunner

from chiso.cli.main import app

pytestmark = pytest.mark.django_db

PASSWORD = "persona-password-1"  # tests/conftest.py's personas


def test_a_token_from_username_and_password_opens_the_api(province_admin: Any) -> None:
    answer = APIClient().post("/api/token/", {"username": "quantri", "password": PASSWORD}, format="json")

    assert answer.status_code == 200
    key = answer.json()["token"]
    assert key == Token.objects.get(user=province_admin).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/org-units/").status_code == 200


def test_a_wrong_password_gets_no_token(province_admin: Any) -> None:
    answer = APIClient().post("/api/token/", {"username": "quantri", "password": "sai"}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {"non_field_errors": ["Sai tên đăng nhập hoặc mật khẩu."]}
    assert not Token.objects.filter(user=province_admin).exists()


def test_repeated_wrong_passwords_lock_the_account_out(province_admin: Any) -> None:
    for _attempt in range(5):
        APIClient().post("/api/token/", {"username": "quantri", "password": "sai"}, format="json")

    answer = APIClient().post("/api/token/", {"username": "quantri", "password": PASSWORD}, format="json")

    assert answer.status_code == 429  # django-axes answers the lockout itself
    assert not Token.objects.filter(user=province_admin).exists()


def test_chiso_user_token_prints_the_same_token_every_time(province_admin: Any) -> None:
    runner = CliRunner()

    first = runner.invoke(app, ["user", "token", "quantri"])
    again = runner.invoke(app, ["user", "token", "quantri"])
    kept = Token.objects.get(user=province_admin).key
    renewed = runner.invoke(app, ["user", "token", "quantri", "--new"])

    assert first.exit_code == 0, first.output
    assert first.output.strip() == again.output.strip() == kept
    assert renewed.output.strip() == Token.objects.get(user=province_admin).key != kept


def test_chiso_user_token_of_an_unknown_account_fails(shipped_store: None) -> None:
    result = CliRunner().invoke(app, ["user", "token", "khong-co"])

    assert result.exit_code != 0
    assert "không có tài khoản «khong-co»" in result.output


def test_the_schema_is_openapi_3_with_every_endpoint(shipped_store: None) -> None:
    as_yaml = yaml.safe_load(APIClient().get("/api/schema/").content)
    as_json = json.loads(APIClient().get("/api/schema/", {"format": "json"}).content)

    assert as_yaml == as_json
    assert as_yaml["openapi"].startswith("3.")
    assert set(as_yaml["paths"]) == {
        "/api/token/", "/api/frameworks/", "/api/frameworks/{code}/", "/api/frameworks/{code}/indicators/",
        "/api/org-units/", "/api/values/", "/api/values/{id}/", "/api/figures/", "/api/findings/",
        "/api/evaluations/", "/api/reports/", "/api/completeness/", "/api/sdmx/{framework}/{indicator}.csv"}
    assert set(as_yaml["paths"]["/api/values/{id}/"]) == {"get", "put", "patch"}


def test_the_schema_documents_query_parameters_and_answers(shipped_store: None) -> None:
    schema = json.loads(APIClient().get("/api/schema/", {"format": "json"}).content)

    findings = schema["paths"]["/api/findings/"]["get"]
    assert {(p["name"], p.get("required", False)) for p in findings["parameters"]} == \
        {("framework", True), ("unit", True), ("period", False)}
    assert findings["responses"]["200"]["content"]["application/json"]["schema"]["items"] == \
        {"$ref": "#/components/schemas/Finding"}
    created = schema["paths"]["/api/values/"]["post"]["responses"]
    assert {"200", "201", "400", "401", "403", "409"} <= set(created)
    assert "version" in schema["components"]["schemas"]["ValueCreate"]["properties"]
    values = schema["paths"]["/api/values/"]["get"]
    assert {p["name"] for p in values["parameters"]} == {"framework", "indicator", "unit", "period", "origin", "cursor",
                                                         "limit"}
    assert schema["components"]["schemas"]["PaginatedValueList"]["required"] == ["next", "previous", "results"]
    figures = schema["paths"]["/api/figures/"]["get"]
    assert {(p["name"], p.get("required", False)) for p in figures["parameters"]} == {
        ("framework", True), ("unit", True), ("periods", False), ("indicators", False), ("scope", False),
        ("tree", False), ("cursor", False), ("limit", False)}
    page = schema["components"]["schemas"]["FigurePage"]["properties"]
    assert page["results"]["items"] == {"$ref": "#/components/schemas/Figure"}
    assert set(schema["components"]["schemas"]["Figure"]["properties"]) == {
        "framework", "indicator", "unit", "period", "value", "text", "provenance", "provenance_label",
        "completeness", "beside", "note", "source", "origin"}
