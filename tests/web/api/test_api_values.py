"""Writing values through the API: scope, roles, validation, optimistic locking, approved periods, history."""

from __future__ import annotations

from typing import Any

import pytest
from api_data import set_status, stored, value_rows
from rest_framework.test import APIClient

from chiso.store import models
from chiso.store.models import SubmissionStatus
from chiso.web.api.writes import API_SOURCE

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[Any, ...]]:
    """Every stored value with its version, to show that a refused write changed nothing."""
    return sorted(models.Value.objects.values_list("framework__code", "indicator", "org_unit__code", "period",
                                                   "value", "note", "version"))


def new_value(**changes: Any) -> dict[str, Any]:
    return {"framework": "cqs", "indicator": "5.1.1", "unit": "643", "period": "2025S1", "value": "130",
            **changes}


def test_a_reporter_sees_only_the_values_of_its_unit(district_values: None, reporter_api: APIClient) -> None:
    everything = value_rows(reporter_api.get("/api/values/"))
    elsewhere = value_rows(reporter_api.get("/api/values/", {"unit": "644"}))

    assert {r["unit"] for r in everything} == {"643"}
    assert sorted(r["indicator"] for r in everything) == ["5.1.1", "5.1.2"]
    assert elsewhere == []


def test_a_value_of_another_unit_is_not_found_by_id(district_values: None, reporter_api: APIClient) -> None:
    other = stored("5.1.1", "644", "2024")
    assert other is not None

    assert reporter_api.get(f"/api/values/{other.pk}/").status_code == 404


def test_a_reporter_creates_a_value_recorded_with_its_name(reporter: Any, reporter_api: APIClient) -> None:
    answer = reporter_api.post("/api/values/", new_value(note="  theo báo cáo quý  "), format="json")

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["value"], body["note"], body["version"]) == ("130", "theo báo cáo quý", 1)
    record = stored("5.1.1", "643", "2025S1")
    assert record is not None
    assert (record.value, record.number, record.recorded_by, record.source) == ("130", 130, "nhaplieu", API_SOURCE)
    assert record.history.first().history_user == reporter


def test_posting_an_existing_key_updates_it(district_values: None, reporter: Any, reporter_api: APIClient) -> None:
    answer = reporter_api.post("/api/values/", new_value(period="2024", value="125", version=1), format="json")

    assert answer.status_code == 200, answer.json()
    record = stored("5.1.1", "643", "2024")
    assert record is not None
    assert (record.value, record.version, record.recorded_by) == ("125", 2, "nhaplieu")
    assert record.source == API_SOURCE  # a changed value no longer comes from where the old one did
    assert [h.value for h in record.history.order_by("history_date")] == ["120", "125"]
    assert record.history.first().history_user == reporter


@pytest.mark.parametrize("unit", ["644", "66"])
def test_a_reporter_cannot_write_outside_its_unit(district_values: None, reporter_api: APIClient,
                                                  unit: str) -> None:
    before = snapshot()

    answer = reporter_api.post("/api/values/", new_value(unit=unit, period="2024"), format="json")

    assert answer.status_code == 403
    assert answer.json() == {"detail": f"Bạn không có quyền nhập số liệu cho đơn vị {unit}."}
    assert snapshot() == before


def test_a_viewer_cannot_write_even_in_its_scope(district_values: None, viewer_api: APIClient) -> None:
    before = snapshot()
    record = stored("5.1.1", "643", "2024")
    assert record is not None

    created = viewer_api.post("/api/values/", new_value(), format="json")
    changed = viewer_api.put(f"/api/values/{record.pk}/", {"value": "1"}, format="json")

    assert (created.status_code, changed.status_code) == (403, 403)
    assert snapshot() == before


def test_an_outsider_cannot_update_a_value_of_643(district_values: None, outsider_api: APIClient) -> None:
    before = snapshot()
    record = stored("5.1.1", "643", "2024")
    assert record is not None

    put = outsider_api.put(f"/api/values/{record.pk}/", {"value": "1"}, format="json")
    patch = outsider_api.patch(f"/api/values/{record.pk}/", {"note": "x"}, format="json")

    assert (put.status_code, patch.status_code) == (404, 404)
    assert snapshot() == before


@pytest.mark.parametrize(("changes", "field", "expected"), [
    ({"value": "12.5"}, "value", "Giá trị của chỉ tiêu 5.1.1: «12.5» không phải là số đếm (cần: số nguyên không âm)"),
    ({"value": "12,5"}, "value", "dấu thập phân là dấu chấm"),
    ({"value": "nhiều"}, "value", "Giá trị của chỉ tiêu 5.1.1:"),
    ({"indicator": "5"}, "value", "chỉ tiêu 5 là dòng tiêu đề nhóm, không nhận giá trị"),
    ({"indicator": "9.9.9"}, "indicator", "Bộ chỉ tiêu cqs không có chỉ tiêu «9.9.9»"),
    ({"period": "2025H1"}, "period", "nửa năm viết là S1, S2"),
    ({"unit": "999"}, "unit", "Không có đơn vị «999»"),
    ({"version": -1}, "version", "Không được nhỏ hơn 0."),
    ({"value": ""}, "value", "Trường này không được bỏ trống."),
])
def test_a_bad_value_is_refused_naming_the_field(reporter_api: APIClient, changes: dict[str, Any], field: str,
                                                 expected: str) -> None:
    before = snapshot()

    answer = reporter_api.post("/api/values/", new_value(**changes), format="json")

    assert answer.status_code == 400
    assert list(answer.json()) == [field]
    assert expected in answer.json()[field][0], answer.json()
    assert snapshot() == before


def test_a_stale_version_is_a_conflict(district_values: None, reporter_api: APIClient) -> None:
    record = stored("5.1.1", "643", "2024")
    assert record is not None
    reporter_api.patch(f"/api/values/{record.pk}/", {"value": "121", "version": 1}, format="json")
    before = snapshot()

    answer = reporter_api.put(f"/api/values/{record.pk}/", {"value": "122", "version": 1}, format="json")

    assert answer.status_code == 409
    assert "phiên bản đang lưu là 2, yêu cầu gửi phiên bản 1" in answer.json()["detail"]
    assert "người nhập gần nhất: nhaplieu" in answer.json()["detail"]
    assert snapshot() == before


def test_creating_with_version_0_conflicts_with_a_value_stored_meanwhile(district_values: None,
                                                                        reporter_api: APIClient) -> None:
    answer = reporter_api.post("/api/values/", new_value(period="2024", version=0), format="json")

    assert answer.status_code == 409
    assert stored("5.1.1", "643", "2024").value == "120"  # type: ignore[union-attr]


def test_patch_changes_the_note_and_keeps_the_value_and_its_source(district_values: None,
                                                                   reporter_api: APIClient) -> None:
    record = stored("5.1.1", "643", "2024")
    assert record is not None

    answer = reporter_api.patch(f"/api/values/{record.pk}/", {"note": "đã đối chiếu"}, format="json")

    assert answer.status_code == 200
    record.refresh_from_db()
    assert (record.value, record.note, record.source, record.version) == ("120", "đã đối chiếu", "sở", 2)


@pytest.mark.parametrize(("status", "expected"), [
    (SubmissionStatus.APPROVED, "kỳ đã được phê duyệt, không thể sửa; quản trị cấp tỉnh có thể mở lại"),
    (SubmissionStatus.SUBMITTED, "kỳ đang chờ duyệt, không thể sửa"),
])
def test_an_approved_or_submitted_period_is_refused(district_values: None, reporter_api: APIClient,
                                                    admin_api: APIClient, status: str, expected: str) -> None:
    set_status("643", "2024", status)
    record = stored("5.1.1", "643", "2024")
    assert record is not None
    before = snapshot()

    put = reporter_api.put(f"/api/values/{record.pk}/", {"value": "1"}, format="json")
    post = admin_api.post("/api/values/", new_value(indicator="5.1.3", period="2024", value="3"), format="json")

    assert (put.status_code, post.status_code) == (409, 409)
    assert put.json()["detail"].startswith(f"Bộ chỉ tiêu cqs, đơn vị 643, kỳ 2024: {expected}")
    assert post.json()["detail"].startswith(f"Bộ chỉ tiêu cqs, đơn vị 643, kỳ 2024: {expected}")
    assert snapshot() == before


def test_a_rejected_period_is_open_again(district_values: None, reporter_api: APIClient) -> None:
    set_status("643", "2024", SubmissionStatus.REJECTED)

    answer = reporter_api.post("/api/values/", new_value(period="2024", value="119"), format="json")

    assert answer.status_code == 200
    assert stored("5.1.1", "643", "2024").value == "119"  # type: ignore[union-attr]


@pytest.mark.parametrize(("indicator", "number"), [("5.4.1", "99999999999999999999"),
                                                  ("5.4.1", "1000000000000000000"),
                                                  ("6.1", "-99999999999999990000")])
def test_a_number_too_large_for_the_store_is_refused(admin_api: APIClient, indicator: str, number: str) -> None:
    # Found by the schemathesis run: SQLite kept such a number as a float that broke every later read.
    body = new_value(unit="66", indicator=indicator, period="2020", value=number)

    answer = admin_api.post("/api/values/", body, format="json")

    assert answer.status_code == 400
    assert answer.json() == {"value": [f"Giá trị của chỉ tiêu {indicator}: «{number}» quá lớn "
                                       "(cần: số có trị tuyệt đối nhỏ hơn 10^18)."]}
    assert stored(indicator, "66", "2020") is None


def test_the_largest_number_the_store_keeps_is_written_and_read_back(admin_api: APIClient) -> None:
    largest = "999999999999999999"
    body = new_value(unit="66", indicator="5.4.1", period="2020", value=largest)

    created = admin_api.post("/api/values/", body, format="json")
    rows = value_rows(admin_api.get("/api/values/", {"indicator": "5.4.1", "period": "2020"}))

    assert created.status_code == 201
    assert [(r["unit"], r["value"]) for r in rows] == [("66", largest)]


@pytest.mark.parametrize(("body", "expected"), [
    ("[1, 2]", {"non_field_errors": ["Dữ liệu không hợp lệ: cần một đối tượng (JSON object hoặc biểu mẫu), "
                                     "không phải list."]}),
    ("{not json", {"detail": ["Không đọc được nội dung yêu cầu: cần JSON hợp lệ (lỗi ở dòng 1, cột 2)."]}),
    ('{"framework": "cqs\\u0000"}', "Không được chứa ký tự NUL"),
])
def test_a_malformed_body_is_refused_in_vietnamese(admin_api: APIClient, body: str, expected: Any) -> None:
    answer = admin_api.post("/api/values/", body, content_type="application/json")

    assert answer.status_code == 400
    if isinstance(expected, dict):
        assert answer.json() == expected
    else:
        assert expected in answer.json()["framework"][0]
