"""Uploads that are refused as a whole: not a template, someone else's template, out of scope, locked, stale."""

from __future__ import annotations

import pytest
from django.test import Client
from openpyxl import Workbook
from transfer_files import DATA, as_bytes, confirm, download, fill, stored, text, token, upload

from chiso.store import models, services
from chiso.store.models import Submission, SubmissionStatus
from chiso.values.model import Value

pytestmark = pytest.mark.django_db


def approve(unit: str = "643", period: str = "2025S1", status: str = SubmissionStatus.APPROVED) -> None:
    Submission.objects.update_or_create(framework=models.Framework.objects.get(code="cqs"),
                                        org_unit=models.OrgUnit.objects.get(code=unit), period=period,
                                        defaults={"status": status})


def filled(client: Client, *subject: str) -> bytes:
    return as_bytes(fill(download(client, *subject), {"5.1.1": 1543, "5.1.2": 712}))


def test_a_file_that_is_not_a_workbook_is_refused(reporter_client: Client) -> None:
    response = upload(reporter_client, b"framework,indicator\ncqs,5.1.1\n", name="so-lieu.xlsx")

    assert response.status_code == 400
    assert "Tệp «so-lieu.xlsx» không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng" in text(response)
    assert stored() == {}


def test_a_workbook_that_is_not_a_template_is_refused(reporter_client: Client) -> None:
    book = Workbook()
    book.active.append(["5.1.1", 1543])

    response = upload(reporter_client, as_bytes(book))

    assert response.status_code == 400
    assert "Tệp không phải mẫu nhập liệu của chiso (không có trang ẩn «chiso»)" in text(response)


def test_a_template_of_another_framework_is_refused(reporter_client: Client) -> None:
    other = as_bytes(fill(download(reporter_client, "cds2025", "643", "2025S1"), {"II.4": 20}))

    response = upload(reporter_client, other)

    assert response.status_code == 400
    assert ("Tệp này là mẫu của bộ chỉ tiêu «cds2025», đơn vị 643, kỳ 2025S1, không phải của bộ chỉ tiêu "
            "«cqs», đơn vị 643, kỳ 2025S1 đã chọn") in text(response)
    assert not models.Value.objects.filter(org_unit__code="643").exists()


def test_a_template_of_another_unit_is_refused(province_client: Client) -> None:
    response = upload(province_client, filled(province_client, "cqs", "644", "2025S1"))

    assert response.status_code == 400
    assert "mẫu của bộ chỉ tiêu «cqs», đơn vị 644, kỳ 2025S1, không phải của bộ chỉ tiêu «cqs», đơn vị 643" \
        in text(response)
    assert stored() == {} and stored(unit="644") == {}


def test_a_template_with_rows_moved_is_refused(reporter_client: Client) -> None:
    book = fill(download(reporter_client), {"5.1.1": 1543})
    book[DATA].protection.sheet = False
    book[DATA].insert_rows(10)

    response = upload(reporter_client, as_bytes(book))

    assert response.status_code == 400
    assert "dòng 10, cột A (Mã): mã «» không khớp mẫu (cần: 4)" in text(response)


def test_an_outsider_cannot_upload_for_another_unit(reporter_client: Client, outsider_client: Client) -> None:
    response = upload(outsider_client, filled(reporter_client))

    assert response.status_code == 403
    assert "Bạn không có quyền nhập số liệu cho Thành phố Buôn Ma Thuột (643)" in text(response)
    assert stored() == {}


def test_an_outsider_cannot_confirm_someone_elses_preview(reporter_client: Client, outsider_client: Client) -> None:
    signed = token(upload(reporter_client, filled(reporter_client)))

    response = confirm(outsider_client, signed)

    assert response.status_code == 400 and "Bản xem trước này không phải của bạn" in text(response)
    assert stored() == {}


def test_a_tampered_preview_is_refused(reporter_client: Client) -> None:
    signed = token(upload(reporter_client, filled(reporter_client)))

    response = confirm(reporter_client, signed[:-3] + ("abc" if not signed.endswith("abc") else "xyz"))

    assert response.status_code == 400 and "Bản xem trước không hợp lệ" in text(response)
    assert stored() == {}


@pytest.mark.parametrize(("status", "message"), [
    (SubmissionStatus.APPROVED, "đã được phê duyệt nên số liệu đã bị khoá: không nhận tệp tải lên"),
    (SubmissionStatus.SUBMITTED, "đang chờ duyệt: không nhận tệp tải lên"),
])
def test_an_upload_for_a_locked_period_is_refused(reporter_client: Client, status: str, message: str) -> None:
    content = filled(reporter_client)
    approve(status=status)

    response = upload(reporter_client, content)

    assert response.status_code == 409
    assert f"Kỳ báo cáo 6 tháng đầu năm 2025 của Thành phố Buôn Ma Thuột {message}" in text(response)
    assert stored() == {}


def test_a_period_approved_between_preview_and_confirm_is_not_written(reporter_client: Client) -> None:
    signed = token(upload(reporter_client, filled(reporter_client)))
    approve()

    response = confirm(reporter_client, signed)

    assert response.status_code == 409 and "đã được phê duyệt" in text(response)
    assert stored() == {}


def test_the_template_of_a_locked_period_warns_before_it_is_filled(reporter_client: Client) -> None:
    approve()

    sheet = download(reporter_client)[DATA]

    assert sheet["A5"].value.startswith("Lưu ý: Kỳ báo cáo 6 tháng đầu năm 2025") and "khoá" in sheet["A5"].value


def test_a_value_changed_since_the_download_is_not_overwritten(reporter_client: Client) -> None:
    content = filled(reporter_client)
    services.save_values([Value("cqs", "5.1.1", "643", "2025S1", "1600")], recorded_by="dongnghiep")

    response = upload(reporter_client, content)

    assert "cột D (Giá trị): số liệu của chỉ tiêu 5.1.1 trên kho đã thay đổi sau khi tải mẫu (nay là «1.600»)" \
        in text(response)
    assert 'name="token"' not in response.content.decode()
    assert stored()["5.1.1"] == ("1600", "") and "5.1.2" not in stored()


def test_a_value_changed_between_preview_and_confirm_refuses_the_whole_file(reporter_client: Client) -> None:
    signed = token(upload(reporter_client, filled(reporter_client)))
    services.save_values([Value("cqs", "5.1.1", "643", "2025S1", "1600")], recorded_by="dongnghiep")

    response = confirm(reporter_client, signed)

    assert response.status_code == 409
    assert "Chưa ghi gì vào kho" in text(response) and "chỉ tiêu 5.1.1 (dongnghiep" in text(response)
    assert stored() == {"5.1.1": ("1600", "")}
