"""GET /api/reports/: the appendix a province's client downloads is the one `chiso report` writes."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from api_data import token_client
from rest_framework.test import APIClient
from typer.testing import CliRunner

from chiso.cli.main import app

DATA = Path(__file__).parents[2] / "view" / "data"
pytestmark = pytest.mark.django_db


@pytest.fixture
def province_api(db: None) -> APIClient:
    from chiso.cli.store import load_files
    from chiso.web.accounts.services import add_user

    load_files([DATA / n for n in ("framework.yaml", "org_units.csv", "values.csv")])
    return token_client(add_user("quantri99", "persona-password-1", "admin", "99", check_password=False).user)


def test_the_api_report_is_the_command_s(province_api: APIClient, tmp_path: Path) -> None:
    answer = province_api.get("/api/reports/", {"framework": "tinhmoi", "unit": "99", "format": "csv",
                                                "periods": "2026Q1:2026Q4"})
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="tinhmoi-99.csv"'
    written = tmp_path / "report.csv"
    result = CliRunner().invoke(app, ["report", "tinhmoi", "--unit", "99", "--periods", "2026Q1:2026Q4",
                                      "-o", str(written)])
    assert result.exit_code == 0, result.output
    assert answer.content == written.read_bytes()
    rows = {(r["code"], r["column"]): r["text"] for r in csv.DictReader(io.StringIO(answer.content.decode()))}
    assert rows[("1.3", "Quý I/2026")] == "67,27"  # from the communes' counts


def test_a_column_per_commune(province_api: APIClient) -> None:
    answer = province_api.get("/api/reports/", {"framework": "tinhmoi", "unit": "99", "format": "csv",
                                                "periods": "2026Q4", "by_unit": "1"})
    rows = {(r["code"], r["column"]): r["text"] for r in csv.DictReader(io.StringIO(answer.content.decode()))}
    assert [rows[("1.1", n)] for n in ("Tỉnh Mới", "Xã An Bình", "Phường Hòa Lạc", "Xã Suối Mơ")] == \
        ["202", "150", "52", "-"]


@pytest.mark.parametrize(("query", "said"), [
    ({"periods": "1000:9999"}, "quá 240 kỳ"),
    ({"format": "odt"}, "Định dạng «odt» không được hỗ trợ"),
    ({"unit": "12345"}, "Không có đơn vị «12345» trong kho"),
])
def test_bad_choices_are_refused_at_once(province_api: APIClient, query: dict[str, str], said: str) -> None:
    answer = province_api.get("/api/reports/", {"framework": "tinhmoi", "unit": "99", **query})
    assert answer.status_code == 400
    assert any(said in message for message in answer.json()["detail"])


def test_a_unit_outside_the_scope_is_refused(province_api: APIClient, outsider: Any) -> None:
    answer = token_client(outsider).get("/api/reports/", {"framework": "tinhmoi", "unit": "99", "format": "csv"})
    assert answer.status_code == 403
