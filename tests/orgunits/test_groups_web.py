"""A group on the pages and in the API: read by whoever reads all its members, its figure computed from theirs.

The national admin (unit 00) reads both blocs; a province's admin reads its province, not the bloc it is
one member of.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.cli.store import load_files
from chiso.web.accounts.services import add_user

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture
def blocs() -> None:
    load_files([DATA / name for name in ("framework.yaml", "org_units.csv", "groups.csv", "values.csv")])


def browser(username: str, unit: str) -> Client:
    client = Client()
    client.force_login(add_user(username, "mat-khau-quan-tri-1", "admin", unit, check_password=False).user)
    return client


def api(username: str, unit: str) -> APIClient:
    user = add_user(username, "mat-khau-quan-tri-1", "viewer", unit, check_password=False).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def text(answer: Any) -> str:
    return " ".join(answer.content.decode().split())


def test_the_indicator_page_of_a_bloc_shows_its_rate_and_each_member(blocs: None) -> None:
    answer = browser("quantri00", "00").get("/chi-tieu/khoi/3/", {"unit": "khoi_tinh"})

    assert answer.status_code == 200
    page = text(answer)
    assert "Khối tỉnh" in page and "62,50%" in page
    assert [child.code for child in answer.context["children"]] == ["91", "92", "93"]
    for name in ("Tỉnh Thử Một", "Tỉnh Thử Hai", "Tỉnh Thử Ba"):
        assert name in page


def test_a_bloc_is_not_read_by_the_admin_of_one_of_its_members(blocs: None) -> None:
    province = browser("quantri91", "91")

    assert province.get("/chi-tieu/khoi/3/", {"unit": "khoi_tinh"}).status_code == 403
    assert province.get("/chi-tieu/khoi/3/", {"unit": "91"}).status_code == 200


# who: (unit of the account, status, figures of indicator 3)
API_CASES = {"nation": ("00", 200, [("khoi_bo", "72.22")]), "ministry": ("B01", 403, [])}


@pytest.mark.parametrize("who", list(API_CASES))
def test_the_api_gives_a_bloc_figures_to_whoever_reads_its_members(blocs: None, who: str) -> None:
    unit, status, expected = API_CASES[who]
    answer = api(f"xem{unit}", unit).get("/api/figures/", {"framework": "khoi", "unit": "khoi_bo",
                                                            "indicators": "3"})

    assert answer.status_code == status, answer.content
    found = [(f["unit"], f["value"]) for f in answer.json()["results"]] if status == 200 else []
    assert found == expected


def test_the_api_lists_a_bloc_with_its_members(blocs: None) -> None:
    answer = api("xem00", "00").get("/api/figures/", {"framework": "khoi", "unit": "khoi_bo", "indicators": "3",
                                                      "scope": "children"})

    assert answer.status_code == 200, answer.content
    assert [(f["unit"], f["value"]) for f in answer.json()["results"]] == [
        ("khoi_bo", "72.22"), ("B01", "90.00"), ("B02", "50.00")]


def test_the_unit_search_finds_a_bloc_by_its_name(blocs: None) -> None:
    answer = browser("quantri00", "00").get("/don-vi/", {"q": "khoi tinh"})

    assert answer.status_code == 200
    assert [(m.unit.code, m.kind) for m in answer.context["matches"]] == [("khoi_tinh", "Nhóm đơn vị")]


def test_the_overview_of_a_bloc_opens(blocs: None) -> None:
    answer = browser("quantri00", "00").get("/", {"framework": "khoi", "unit": "khoi_bo"})

    assert answer.status_code == 200
    assert "Khối bộ, ngành" in text(answer) and "72,22%" in text(answer)


def test_the_api_evaluates_a_bloc_and_checks_it(blocs: None) -> None:
    client = api("xem00", "00")

    evaluations = client.get("/api/evaluations/", {"framework": "khoi", "unit": "khoi_bo"})
    findings = client.get("/api/findings/", {"framework": "khoi", "unit": "khoi_bo"})

    assert (evaluations.status_code, findings.status_code) == (200, 200), (evaluations.content, findings.content)
    assert [(e["unit"], e["result"], e["status"]) for e in evaluations.json()] == [("khoi_bo", "72,22%", "exceeded")]
    assert findings.json() == []
