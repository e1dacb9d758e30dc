"""Helpers of the API tests: token clients, stored values, approved periods."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.store import models
from chiso.store.models import Submission, SubmissionStatus


def token_client(user: Any) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def stored(indicator: str, unit: str, period: str, framework: str = "cqs") -> models.Value | None:
    return models.Value.objects.filter(framework__code=framework, indicator=indicator, org_unit__code=unit,
                                       period=period).first()


def set_status(unit: str, period: str, status: str = SubmissionStatus.APPROVED) -> None:
    Submission.objects.create(framework=models.Framework.objects.get(code="cqs"),
                              org_unit=models.OrgUnit.objects.get(code=unit), period=period, status=status)


def value_rows(answer: Any) -> list[dict[str, Any]]:
    """The values of a paginated answer of GET /api/values/."""
    body = answer.json()
    assert answer.status_code == 200, body
    rows: list[dict[str, Any]] = body["results"]
    return rows
