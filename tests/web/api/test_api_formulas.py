"""Indicators with a formula are computed, never written through the API, as in the entry form and the Excel upload.

A rate the province reported officially (a printed appendix loaded with `chiso load`) stays readable; only the
API's writes are refused, each with a 400 naming the indicator and its formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_data import stored
from rest_framework.test import APIClient
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.store import models

pytestmark = pytest.mark.django_db

EXPECTED = ("Chỉ tiêu 5.4 («Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến») được tính theo công thức "
            "{5.4.2} / {5.4.1} * 100: không ghi được qua API; hãy ghi các chỉ tiêu trong công thức "
            "(5.4.2, 5.4.1), chiso tự tính chỉ tiêu này.")


def snapshot() -> list[tuple[Any, ...]]:
    return sorted(models.Value.objects.values_list("indicator", "org_unit__code", "period", "value", "note",
                                                   "version"))


def test_posting_a_rate_with_a_formula_is_refused_naming_it(reporter_api: APIClient) -> None:
    before = snapshot()

    answer = reporter_api.post("/api/values/", {"framework": "cqs", "indicator": "5.4", "unit": "643",
                                                "period": "2024", "value": "55"}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {"indicator": [EXPECTED]}
    assert snapshot() == before


@pytest.mark.parametrize(("method", "body"), [("put", {"value": "55"}), ("patch", {"value": "55"}),
                                               ("patch", {"note": "chỉ sửa ghi chú"})])
def test_changing_a_stored_rate_with_a_formula_is_refused(province_admin: Any, admin_api: APIClient, method: str,
                                                          body: dict[str, str]) -> None:
    record = stored("5.4", "66", "2021")  # the official rate of the printed appendix, loaded with its counts
    assert record is not None
    before = snapshot()

    answer = getattr(admin_api, method)(f"/api/values/{record.pk}/", body, format="json")

    assert answer.status_code == 400
    assert answer.json() == {"indicator": [EXPECTED]}
    assert snapshot() == before
    assert admin_api.get(f"/api/values/{record.pk}/").json()["value"] == "18.95"  # still readable


def test_the_counts_of_a_rate_are_written_and_the_rate_follows(reporter_api: APIClient) -> None:
    for indicator, value in (("5.4.1", "200"), ("5.4.2", "50")):
        answer = reporter_api.post("/api/values/", {"framework": "cqs", "indicator": indicator, "unit": "643",
                                                    "period": "2024", "value": value}, format="json")
        assert answer.status_code == 201, answer.json()

    figures = reporter_api.get("/api/figures/", {"framework": "cqs", "unit": "643", "periods": "2024",
                                                 "indicators": "5.4"}).json()["results"]

    assert [(f["value"], f["provenance"]) for f in figures] == [("25.00", "derived")]
    assert stored("5.4", "643", "2024") is None


def test_chiso_load_keeps_an_official_rate_of_a_file(shipped_store: None, tmp_path: Path) -> None:
    # A loaded file is the province's own record: a rate it printed is its reported figure, checked against
    # its counts by the formula check, so `chiso load` keeps it.
    values = tmp_path / "values.csv"
    values.write_text("framework,indicator,unit,period,value,note,source\n"
                      "cqs,5.4,643,2024,24.5,,Phụ lục VIII\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["load", str(values)])

    assert result.exit_code == 0, result.output
    record = stored("5.4", "643", "2024")
    assert record is not None and record.value == "24.5"
