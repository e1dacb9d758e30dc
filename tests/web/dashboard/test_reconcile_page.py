"""The reconciliation page and its Excel file: the same rows, the figures whose sources disagree."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from sources_data import two_sources_store


@pytest.fixture
def bloc_client(db: None) -> Client:
    client = Client()
    client.force_login(two_sources_store())
    return client


@pytest.mark.django_db
def test_the_page_lists_each_disagreement_with_both_sources(bloc_client: Client) -> None:
    page = bloc_client.get("/doi-soat/", {"framework": "boso", "unit": "97"})
    html = page.content.decode()

    assert page.status_code == 200
    assert html.count("<tr><td>") == 2  # 3 at 971 (83,48 / 83,49) and 1 at 972 (1.200 / 1.250); 90,001 ≈ 90
    for text in ("Cổng Dịch vụ công quốc gia (dvcqg)", "83,48", "83,49", "0,01", "Bộ Thử nghiệm Một",
                 "Hệ thống EMC (emc)", "1.200", "1.250", "Báo cáo của đơn vị"):
        assert text in html
    assert "90,001" not in html
    assert 'href="/doi-soat/"' in bloc_client.get("/", {"framework": "boso", "unit": "97"}).content.decode()


@pytest.mark.django_db
def test_the_excel_file_holds_the_same_rows_as_numbers(bloc_client: Client) -> None:
    response = bloc_client.get("/doi-soat/tai-ve/", {"framework": "boso", "unit": "97"})

    assert response.status_code == 200
    assert "doi-soat-boso-97.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows: list[tuple[Any, ...]] = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[:2] + row[3:4] + row[5:] for row in rows] == [
        (1, "1", "972", "2025", "Báo cáo của đơn vị", 1250, "Hệ thống EMC (emc)", 1200, 50),
        (2, "3", "971", "2025", "Cổng Dịch vụ công quốc gia (dvcqg)", 83.48,
         "Báo cáo của đơn vị", 83.49, 0.01),
    ]
    assert sheet["H4"].number_format == "[$-42A]#,##0.00"
    assert sheet["B2"].value == "Mã chỉ tiêu" and sheet.freeze_panes == "A3"


@pytest.mark.django_db
def test_a_unit_below_sees_only_its_own_rows(bloc_client: Client) -> None:
    html = bloc_client.get("/doi-soat/", {"framework": "boso", "unit": "972"}).content.decode()

    assert html.count("<tr><td>") == 1 and "83,48" not in html
