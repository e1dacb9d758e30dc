"""Hoàn thành báo cáo on the web: the page, its Excel file, the API and the dashboard card, within each reader's
scope, on the small world of tests/rounds/completeness_world.py."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from chiso.periods import Period
from chiso.store import models
from chiso.web.rounds.completeness import completeness_card
from rounds.completeness_world import build, persona

PAGE, XLSX, API = "/bao-cao/hoan-thanh/", "/bao-cao/hoan-thanh/tai-ve/", "/api/completeness/"
JANUARY = {"data_set": "BC-THANG", "unit": "98", "period": "2025-01"}


@pytest.fixture
def world(db: None, tmp_path: Path) -> None:
    build(tmp_path)


def _client(username: str, role: str, unit: str) -> Client:
    client = Client()
    client.force_login(persona(username, role, unit))  # type: ignore[arg-type]
    return client


@pytest.fixture
def viewer(world: None) -> Client:
    return _client("xem98", "viewer", "98")


@pytest.fixture
def outsider(world: None) -> Client:
    return _client("ngoai97", "admin", "97")


def test_page_shows_the_tally_and_each_commune_in_words(viewer: Client) -> None:
    page = viewer.get(PAGE, JANUARY).content.decode()
    assert "2/3 đơn vị đã gửi" in page and "Tỷ lệ gửi báo cáo 66,67%" in page
    for words in ("Đã duyệt", "Nộp muộn", "Chưa gửi", "Không phải báo cáo", "Xã Một", "Xã Ba"):
        assert words in page
    assert 'data-state="late"' in page and "Tỉnh Khác" not in page


def test_page_of_the_nation_rolls_up_per_province(world: None) -> None:
    page = _client("quantri9", "viewer", "9").get(PAGE, {**JANUARY, "unit": "9"}).content.decode()
    assert "3/4 đơn vị đã gửi" in page and "2/3 xã" in page and "1/1 xã" in page


def test_outsider_sees_nothing_of_another_province(outsider: Client) -> None:
    assert outsider.get(PAGE, JANUARY).status_code == 403
    assert outsider.get(XLSX, JANUARY).status_code == 403
    assert outsider.get(API, JANUARY).status_code == 403
    own = outsider.get(PAGE, {**JANUARY, "unit": "97"}).content.decode()
    assert "1/1 đơn vị đã gửi" in own and "Xã Một" not in own


def test_unknown_data_set_or_period_of_another_type(viewer: Client) -> None:
    assert viewer.get(PAGE, {**JANUARY, "data_set": "KHONG"}).status_code == 404
    assert viewer.get(PAGE, {**JANUARY, "period": "2025Q1"}).status_code == 404


def test_signed_out_is_sent_to_login(world: None) -> None:
    assert Client().get(PAGE, JANUARY).status_code == 302


def test_xlsx_reads_back(viewer: Client) -> None:
    response = viewer.get(XLSX, JANUARY)
    assert response["Content-Disposition"].endswith('hoan-thanh-BC-THANG-98-2025-01.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == "Phải báo cáo" and rows[2][:7] == [3, 2, 1, 1, 1, 0, 1]
    assert rows[4][:3] == ["Mã đơn vị", "Đơn vị", Period.parse("2025-01").label]
    by_unit = {row[0]: row[2] for row in rows[5:]}
    assert by_unit == {"98001": "Đã duyệt", "98002": "Nộp muộn", "98003": "Chưa gửi", "98004": "Không phải báo cáo"}


def test_api_gives_the_tally_and_rows(viewer: Client) -> None:
    data = viewer.get(API, JANUARY).json()
    assert data["tally"]["expected"] == 3 and data["tally"]["submitted"] == 2 and data["tally"]["late"] == 1
    assert data["tally"]["rate"] == "66.67" and data["window"]["due"] == "2025-02-05"
    states = {row["unit"]: (row["state"], row["first_sent"]) for row in data["rows"]}
    assert states["98002"] == ("late", "2025-02-09") and states["98003"] == ("missing", None)


def test_api_of_the_nation_counts_per_province(world: None) -> None:
    data = _client("tw", "viewer", "9").get(API, {**JANUARY, "unit": "9"}).json()
    rolled = {row["unit"]: (row["rolled_up"], row["tally"]["submitted"], row["tally"]["expected"])
              for row in data["rows"]}
    assert rolled == {"97": (True, 1, 1), "98": (True, 2, 3)}


def test_api_refuses_bad_parameters_by_field(viewer: Client) -> None:
    unknown = viewer.get(API, {**JANUARY, "data_set": "KHONG"})
    assert unknown.status_code == 400 and "BC-THANG" in str(unknown.json()["data_set"])
    quarter = viewer.get(API, {**JANUARY, "period": "2025Q1"})
    assert quarter.status_code == 400 and "không phải kỳ của bộ biểu BC-THANG" in str(quarter.json()["period"])
    before = models.Submission.objects.count()
    assert viewer.get(API, {"unit": "98"}).status_code == 400 and models.Submission.objects.count() == before


def test_api_is_in_the_schema(viewer: Client) -> None:
    schema = viewer.get("/api/schema/", {"format": "json"}).json()
    assert "/api/completeness/" in schema["paths"]


def test_card_of_an_open_round(world: None) -> None:
    # A round open today: the latest month whose entry has opened, with no closing date.
    from chiso.store import completeness, rounds

    period = completeness.latest_periods(rounds.find("BC-THANG"), None, 1)[0]
    framework = models.Framework.objects.get(code="hoanthanh")
    unit = models.OrgUnit.objects.get(code="98001")
    models.Submission.objects.create(framework=framework, org_unit=unit, period=period.code, status="submitted")
    user = persona("xem2", "viewer", "98")
    card = completeness_card(user, "98")  # type: ignore[arg-type]
    assert card is not None
    item = card["rounds"][0]  # type: ignore[index]
    assert item["rate_text"] == "1/3 đã gửi" and period.code in item["url"]
    assert completeness_card(persona("ngoai2", "viewer", "97"), "98") is None  # type: ignore[arg-type]


def test_page_in_english(viewer: Client) -> None:
    assert viewer.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    page = viewer.get(PAGE, JANUARY).content.decode()
    assert "Reporting completeness" in page and "2/3 units sent" in page and "Sent late" in page


def test_dashboard_shows_the_card_and_the_menu_links_the_grid(world: None) -> None:
    from chiso.store import completeness, rounds

    period = completeness.latest_periods(rounds.find("BC-THANG"), None, 1)[0]
    framework = models.Framework.objects.get(code="hoanthanh")
    unit = models.OrgUnit.objects.get(code="98002")
    models.Submission.objects.create(framework=framework, org_unit=unit, period=period.code, status="approved")
    page = _client("xem3", "viewer", "98").get("/", {"framework": "hoanthanh", "unit": "98"}).content.decode()
    assert 'id="completeness"' in page and "1/3 đã gửi" in page
    assert f"{PAGE}?data_set=BC-THANG&amp;unit=98&amp;period={period.code}" in page
    assert f'href="{PAGE}"' in page  # the menu
    other = _client("xem97", "viewer", "97").get("/", {"framework": "hoanthanh", "unit": "97"}).content.decode()
    assert "0/1 đã gửi" in other and "unit=98" not in other  # its own province's round, nothing of 98
