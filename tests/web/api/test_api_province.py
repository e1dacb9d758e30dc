"""A new province reads its findings and evaluations through the API: both come from its communes.

The data is that of tests/view (its own framework, three communes reporting counts, the province nothing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from api_data import token_client
from rest_framework.test import APIClient

DATA = Path(__file__).parents[2] / "view" / "data"
pytestmark = pytest.mark.django_db


@pytest.fixture
def province_api(db: None) -> APIClient:
    from chiso.cli.store import load_files
    from chiso.web.accounts.services import add_user

    load_files([DATA / n for n in ("framework.yaml", "org_units.csv", "values.csv", "values-with-problems.csv")])
    return token_client(add_user("quantri99", "persona-password-1", "admin", "99", check_password=False).user)


def test_findings_of_the_province_name_the_commune(province_api: APIClient) -> None:
    found = province_api.get("/api/findings/", {"framework": "tinhmoi", "unit": "99"}).json()

    assert [(f["rule"], f["unit"], f["period"]) for f in found if f["severity"] == "error"] == [
        ("unit_total", "99", "2026Q1"), ("part_of", "99003", "2026Q4")]


def test_the_province_is_evaluated_on_its_communes_counts(province_api: APIClient) -> None:
    [evaluation] = province_api.get("/api/evaluations/", {"framework": "tinhmoi", "unit": "99"}).json()

    # With Suối Mơ's fourth quarter the year is complete: (540 + 195 + 98) / (860 + 240 + 113).
    assert (evaluation["indicator"], evaluation["period"], evaluation["result"]) == ("1.3", "2026", "68,67%")
    assert evaluation["status"] == "exceeded"
