"""Every answer under /api/ is JSON in the documented shape, strict about types, never a page of HTML.

400: {"field": ["message", …]} ("detail" for what belongs to no field); 401, 403, 404, 405, 409, 415:
{"detail": "message"}. Each message in Vietnamese.
"""

from __future__ import annotations

from typing import Any

import pytest
from api_data import stored
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

NEW = {"framework": "cqs", "indicator": "5.1.1", "unit": "643", "period": "2025S1", "value": "130"}


@pytest.mark.parametrize(("path", "names"), [
    ("/api/khong-co/", "«/api/khong-co/»"),
    ("/api/values/abc/", "«/api/values/abc/»"),
    ("/api/values/-3/", "«/api/values/-3/»"),
    ("/api/frameworks/cqs/indicators/5.4/", "«/api/frameworks/cqs/indicators/5.4/»"),
])
def test_an_unknown_address_or_a_malformed_id_is_a_json_404(admin_api: APIClient, path: str, names: str) -> None:
    answer = admin_api.get(path)

    assert answer.status_code == 404
    assert answer.headers["Content-Type"] == "application/json"
    assert names in answer.json()["detail"]
    assert "/api/schema/" in answer.json()["detail"]


def test_an_address_without_its_final_slash_is_named_with_it(admin_api: APIClient) -> None:
    answer = admin_api.post("/api/values", NEW, format="json")

    assert answer.status_code == 404
    assert "«/api/values/»" in answer.json()["detail"]


def test_an_unknown_address_is_a_json_404_for_anyone(shipped_store: None) -> None:
    answer = APIClient().get("/api/khong-co/")

    assert answer.status_code == 404
    assert answer.json()["detail"].startswith("Không có địa chỉ «/api/khong-co/»")


def test_a_method_not_allowed_is_named_in_vietnamese(admin_api: APIClient) -> None:
    answer = admin_api.delete("/api/values/")

    assert answer.status_code == 405
    assert answer.json() == {"detail": "Phương thức DELETE không dùng được ở địa chỉ này (dùng được: GET, POST)."}
    assert answer.headers["Allow"] == "GET, POST, HEAD, OPTIONS"


def test_an_unparseable_body_is_a_400_in_the_documented_shape(admin_api: APIClient) -> None:
    answer = admin_api.post("/api/values/", '{"framework": ', content_type="application/json")

    assert answer.status_code == 400
    assert answer.json() == {"detail": ["Không đọc được nội dung yêu cầu: cần JSON hợp lệ (lỗi ở dòng 1, cột 15)."]}


@pytest.mark.parametrize("path", ["/api/values/", "/api/values/{id}/"])
def test_values_are_written_in_json_only(reporter_api: APIClient, district_values: None, path: str) -> None:
    record = stored("5.1.1", "643", "2024")
    assert record is not None
    address = path.format(id=record.pk)
    send = reporter_api.post if path == "/api/values/" else reporter_api.put

    answer = send(address, "value=1", content_type="application/x-www-form-urlencoded")

    assert answer.status_code == 415
    assert answer.json() == {"detail": "Kiểu nội dung không được hỗ trợ: hãy gửi application/json."}


@pytest.mark.parametrize(("changes", "field", "expected"), [
    ({"note": 5}, "note", "Cần một chuỗi ký tự, không phải số."),
    ({"value": 130}, "value", "Cần một chuỗi ký tự, không phải số."),
    ({"source": True}, "source", "Cần một chuỗi ký tự, không phải true/false."),
    ({"framework": ["cqs"]}, "framework", "Cần một chuỗi ký tự, không phải danh sách."),
    ({"version": "1"}, "version", "Cần một số nguyên, không phải chuỗi ký tự."),
    ({"version": 1.5}, "version", "Cần một số nguyên."),
    ({"version": True}, "version", "Cần một số nguyên, không phải true/false."),
])
def test_a_field_of_the_wrong_json_type_is_refused(reporter_api: APIClient, changes: dict[str, Any], field: str,
                                                   expected: str) -> None:
    answer = reporter_api.post("/api/values/", {**NEW, **changes}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {field: [expected]}
    assert stored("5.1.1", "643", "2025S1") is None


def test_a_patch_with_an_integer_note_is_refused(reporter_api: APIClient, district_values: None) -> None:
    record = stored("5.1.1", "643", "2024")
    assert record is not None

    answer = reporter_api.patch(f"/api/values/{record.pk}/", {"note": 7}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {"note": ["Cần một chuỗi ký tự, không phải số."]}
    assert stored("5.1.1", "643", "2024").note == ""  # type: ignore[union-attr]


EMPTY = "Để trống: hãy bỏ hẳn tham số nếu không dùng, hoặc ghi một giá trị."


@pytest.mark.parametrize(("path", "query", "field"), [
    ("/api/values/", {"unit": ""}, "unit"),
    ("/api/values/", {"framework": ""}, "framework"),
    ("/api/values/", {"period": ""}, "period"),
    ("/api/values/", {"indicator": ""}, "indicator"),
    ("/api/values/", {"cursor": ""}, "cursor"),
    ("/api/values/", {"limit": ""}, "limit"),
    ("/api/figures/", {"framework": "cqs", "unit": "66", "periods": ""}, "periods"),
    ("/api/figures/", {"framework": "cqs", "unit": "66", "scope": ""}, "scope"),
    ("/api/figures/", {"framework": "cqs", "unit": "66", "limit": ""}, "limit"),
    ("/api/findings/", {"framework": "cqs", "unit": "66", "period": ""}, "period"),
    ("/api/evaluations/", {"framework": "cds2025", "unit": "66", "as_of": ""}, "as_of"),
])
def test_an_empty_query_parameter_is_refused(admin_api: APIClient, path: str, query: dict[str, str],
                                             field: str) -> None:
    answer = admin_api.get(path, query)

    assert answer.status_code == 400
    assert answer.json() == {field: [EMPTY]}


@pytest.mark.parametrize(("limit", "expected"), [("x", "Cần một số nguyên."), ("0", "Không được nhỏ hơn 1."),
                                                 ("1001", "Không được lớn hơn 1000."),
                                                 (str(10**20), "Không được lớn hơn 1000.")])
def test_a_page_size_out_of_bounds_is_refused(admin_api: APIClient, limit: str, expected: str) -> None:
    answer = admin_api.get("/api/values/", {"limit": limit})

    assert answer.status_code == 400
    assert answer.json() == {"limit": [expected]}


@pytest.mark.parametrize("period", [" 2024", "2024 "])
def test_a_period_with_spaces_around_it_is_refused_as_its_pattern_says(admin_api: APIClient, period: str) -> None:
    answer = admin_api.get("/api/values/", {"period": period})

    assert answer.status_code == 400
    assert answer.json() == {"period": [f"Mã kỳ «{period}» có khoảng trắng ở đầu hoặc cuối (cần: 2024, 2025S1, "
                                        "2025Q2, 2025-06 hoặc 2024M1-9)."]}


def test_the_schema_says_which_texts_may_be_empty(shipped_store: None) -> None:
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]

    assert schema["ValueCreate"]["properties"]["framework"]["minLength"] == 1
    assert "minLength" not in schema["ValueCreate"]["properties"]["note"]
