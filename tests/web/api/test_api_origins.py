"""Values of several sources through the API: written and read by (key, origin), each with its own version."""

from __future__ import annotations

from typing import Any

import pytest
from api_data import token_client
from rest_framework.test import APIClient
from sources_data import two_sources_store

from chiso.store import models


@pytest.fixture
def bloc_api(db: None) -> APIClient:
    return token_client(two_sources_store())


def post(api: APIClient, **fields: Any) -> Any:
    body = {"framework": "boso", "indicator": "3", "unit": "971", "period": "2026", **fields}
    return api.post("/api/values/", body, format="json")


@pytest.mark.django_db
def test_two_origins_of_one_key_round_trip_each_with_its_version(bloc_api: APIClient) -> None:
    own = post(bloc_api, value="70.5")
    national = post(bloc_api, value="70.4", origin="dvcqg", source="Cổng DVCQG, 01/12/2026")

    assert (own.status_code, national.status_code) == (201, 201)
    assert (own.json()["origin"], national.json()["origin"]) == ("", "dvcqg")
    listed = bloc_api.get("/api/values/", {"framework": "boso", "period": "2026"}).json()["results"]
    assert [(r["origin"], r["value"], r["version"]) for r in listed] == [("", "70.5", 1), ("dvcqg", "70.4", 1)]
    first = bloc_api.get("/api/values/", {"framework": "boso", "period": "2026", "limit": 1}).json()
    second = bloc_api.get(first["next"]).json()
    assert [r["origin"] for r in first["results"] + second["results"]] == ["", "dvcqg"]  # pages by (key, origin)
    only = bloc_api.get("/api/values/", {"framework": "boso", "period": "2026", "origin": "dvcqg"}).json()
    assert [r["value"] for r in only["results"]] == ["70.4"]
    own_only = bloc_api.get("/api/values/", {"framework": "boso", "period": "2026", "origin": "-"}).json()
    assert [r["value"] for r in own_only["results"]] == ["70.5"]

    again = post(bloc_api, value="70.6", origin="dvcqg", version=1)
    stale = post(bloc_api, value="70.7", origin="dvcqg", version=1)

    assert (again.status_code, again.json()["version"]) == (200, 2)
    assert stale.status_code == 409  # the version is per (key, origin): the unit's own is still at 1
    assert models.Value.objects.get(period="2026", origin="").version == 1
    updated = bloc_api.patch(f"/api/values/{own.json()['id']}/", {"value": "71"}, format="json").json()
    assert (updated["origin"], updated["value"]) == ("", "71")
    assert models.Value.objects.get(period="2026", origin="dvcqg").value == "70.6"


@pytest.mark.django_db
def test_an_undeclared_origin_is_refused_by_name(bloc_api: APIClient) -> None:
    answer = post(bloc_api, value="70", origin="vneid")

    assert answer.status_code == 400
    assert "không khai báo nguồn «vneid»" in str(answer.json()) and "dvcqg, emc" in str(answer.json())
    assert not models.Value.objects.filter(period="2026").exists()


@pytest.mark.django_db
def test_the_figures_say_which_origin_they_use(bloc_api: APIClient) -> None:
    found = bloc_api.get("/api/figures/", {"framework": "boso", "unit": "971", "periods": "2025"}).json()

    [figure] = [f for f in found["results"] if f["indicator"] == "3"]
    assert (figure["value"], figure["origin"]) == ("83.48", "dvcqg")
