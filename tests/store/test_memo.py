"""Findings are kept between requests, and never outlive the data they were computed from."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.cli.store import load_files
from chiso.store import analysis, models

DATA = Path(__file__).parents[1] / "view" / "data"
pytestmark = pytest.mark.django_db


@pytest.fixture
def new_province(db: None) -> None:
    load_files([DATA / n for n in ("framework.yaml", "org_units.csv", "values.csv")])


def errors() -> list[tuple[str, str, str]]:
    return [(f.rule, f.unit, f.period) for f in analysis.findings("tinhmoi", "99") if f.severity == "error"]


def test_a_load_is_seen_at_once(new_province: None) -> None:
    assert errors() == []
    load_files([DATA / "values-with-problems.csv"])
    assert errors() == [("unit_total", "99", "2026Q1"), ("part_of", "99003", "2026Q4")]


def test_a_deleted_value_takes_its_finding_with_it(new_province: None) -> None:
    load_files([DATA / "values-with-problems.csv"])
    assert len(errors()) == 2
    models.Value.objects.get(indicator="1.1", org_unit__code="99", period="2026Q1").delete()
    assert errors() == [("part_of", "99003", "2026Q4")]


def test_asked_again_the_findings_are_not_computed_again(new_province: None) -> None:
    load_files([DATA / "values-with-problems.csv"])
    first = analysis.findings("tinhmoi", "99")
    with CaptureQueriesContext(connection) as queries:
        again = analysis.findings("tinhmoi", "99")
    assert again == first
    assert len(queries) <= 5  # the stamp and the framework: no value read
