"""Pages of GET /api/values/ by cursor, and scopes read without lists of unit codes.

A page is a seek in the values' index from where the last one ended: no OFFSET, no count, so a deep page
costs what the first does. A scope is the ids of its subtree's units, or no filter when it is the whole tree.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from api_data import COMMUNES, PROVINCE, token_client, value_rows, walk
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.store import models, services
from chiso.web.accounts.services import add_user

pytestmark = pytest.mark.django_db
VALUES = "/api/values/"


def stored_order(**filters: Any) -> list[int]:
    """The ids of the values in page order: framework, unit, period (end, then code), indicator."""
    return list(models.Value.objects.filter(**filters).order_by("framework_id", "org_unit_id", "period_end", "period",
                                                                "indicator").values_list("id", flat=True))


def value_queries(client: APIClient, url: str, query: dict[str, Any] | None = None) -> tuple[Any, list[str]]:
    """The answer, and the SQL of the queries it made on the value table."""
    with CaptureQueriesContext(connection) as done:
        answer = client.get(url, query or {})
    return answer, [q["sql"] for q in done.captured_queries if 'FROM "store_value"' in q["sql"]]


def test_pages_walk_every_value_once_in_order(admin_api: APIClient) -> None:
    pages = walk(admin_api, VALUES, {"limit": 7})

    assert [row["id"] for page in pages for row in page] == stored_order()
    assert [len(page) for page in pages[:-1]] == [7] * (len(pages) - 1)


def test_previous_walks_back_through_the_same_pages(admin_api: APIClient) -> None:
    forward = walk(admin_api, VALUES, {"limit": 10})
    last = admin_api.get(VALUES, {"limit": 10})
    while last.json()["next"]:
        last = admin_api.get(last.json()["next"])

    backward = [value_rows(last)]
    while last.json()["previous"]:
        last = admin_api.get(last.json()["previous"])
        backward.append(value_rows(last))

    assert backward[::-1] == forward
    assert last.json()["previous"] is None


def test_filters_and_pages_together(admin_api: APIClient) -> None:
    pages = walk(admin_api, VALUES, {"framework": "cqs", "unit": "66", "limit": 4})

    assert [row["id"] for page in pages for row in page] == stored_order(framework__code="cqs", org_unit__code="66")
    assert {(row["framework"], row["unit"]) for page in pages for row in page} == {("cqs", "66")}


def test_a_deep_page_is_read_as_the_first_is(admin_api: APIClient) -> None:
    first, first_sql = value_queries(admin_api, VALUES, {"limit": 5})
    deep = first
    for _ in range(12):
        deep = admin_api.get(deep.json()["next"])
    _, deep_sql = value_queries(admin_api, deep.json()["next"])

    assert 1 <= len(deep_sql) <= 3  # the rest of a unit, the following units, the following frameworks
    assert not any("OFFSET" in sql.upper() or "COUNT(" in sql.upper() for sql in first_sql + deep_sql)


def test_a_cursor_that_is_not_one_is_refused_in_vietnamese(admin_api: APIClient) -> None:
    # Not base64; [1,2,3]; a float too large for an id; an integer too large for the database.
    for cursor in ("abc", "WzEsMiwzXQ", "WzFlOTk5LDEsIjIwMjQtMTItMzEiLCIyMDI0IiwiMSIsZmFsc2Vd",
                   "Wzk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5LDEsIjIwMjQtMTItMzEiLCIyMDI0IiwiMSIsZmFsc2Vd"):
        answer = admin_api.get(VALUES, {"cursor": cursor})

        assert answer.status_code == 400, cursor
        assert list(answer.json()) == ["cursor"]
        message = answer.json()["cursor"][0]
        assert message.startswith(f"Con trỏ trang «{cursor[:40]}") and "» không hợp lệ: hãy dùng nguyên" in message


def test_a_province_reads_its_own_units_by_id(new_province_api: APIClient) -> None:
    answer, sql = value_queries(new_province_api, VALUES, {"limit": 1000})

    ids = models.OrgUnit.objects.filter(code__in=[PROVINCE, *COMMUNES]).values_list("id", flat=True)
    assert [row["id"] for row in value_rows(answer)] == stored_order(org_unit_id__in=ids)
    assert {row["unit"] for row in value_rows(answer)} == {PROVINCE, "24001", "24002"}
    assert '"org_unit_id" IN (' in sql[0]
    assert not any(f"'{code}'" in sql[0] for code in (PROVINCE, *COMMUNES))  # ids, never the units' codes


def test_the_top_of_the_whole_tree_reads_without_a_filter(new_province: None) -> None:
    tops = services.hierarchy().roots()
    services.save_org_units([OrgUnit("VN", "Việt Nam", OrgUnitType.NATION),
                             *(replace(unit, parent="VN") for unit in tops)])
    nation = token_client(add_user("quocgia", "quocgia-password-1", "viewer", "VN", check_password=False).user)

    answer, sql = value_queries(nation, VALUES, {"limit": 1000})

    assert [row["id"] for row in value_rows(answer)] == stored_order()
    assert " IN (" not in sql[0]
    assert {unit["code"] for unit in nation.get("/api/org-units/").json()} == set(services.hierarchy().units)


def test_a_unit_below_the_scope_is_in_it_and_one_beside_it_is_not(new_province_api: APIClient) -> None:
    assert value_rows(new_province_api.get(VALUES, {"unit": "24001"}))
    assert value_rows(new_province_api.get(VALUES, {"unit": "66"})) == []
    assert new_province_api.get("/api/findings/", {"framework": "dvc", "unit": "24002"}).status_code == 200
    assert new_province_api.get("/api/findings/", {"framework": "cqs", "unit": "643"}).status_code == 403
