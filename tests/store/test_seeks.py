"""Distinct values found by index seeks: the same sets as SELECT DISTINCT, in one round trip per value."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from chiso.cli.store import load_files
from chiso.store import models
from chiso.store.seeks import distinct, distinct_each

DATA = Path(__file__).parents[1] / "view" / "data"
pytestmark = pytest.mark.django_db


@pytest.fixture
def new_province(db: None) -> None:
    load_files([DATA / n for n in ("framework.yaml", "org_units.csv", "values.csv")])


def of(indicator: str) -> QuerySet[models.Value]:
    return models.Value.objects.filter(framework__code="tinhmoi", indicator=indicator)


def test_the_periods_of_each_indicator_are_those_select_distinct_finds(new_province: None) -> None:
    asked = {code: of(code) for code in ("1.1", "1.2", "2", "3", "none")}
    found = distinct_each(asked, "period")
    expected = {code: set(rows.values_list("period", flat=True).distinct()) for code, rows in asked.items()}
    assert found == expected
    assert found["1.1"] == {"2026Q1", "2026Q2", "2026Q3", "2026Q4"}
    assert found["2"] == {"2026Q4"} and found["none"] == set()


def test_one_round_trip_asks_every_indicator_for_its_next_period(new_province: None) -> None:
    asked = {code: of(code) for code in ("1.1", "1.2", "2", "3")}
    with CaptureQueriesContext(connection) as queries:
        distinct_each(asked, "period")
    assert len(queries) == 5  # four periods of 1.1 and 1.2, then one trip that finds none left


def test_a_single_query_reads_as_before(new_province: None) -> None:
    assert distinct(models.Value.objects.filter(framework__code="tinhmoi"), "indicator") == {"1.1", "1.2", "2", "3"}
