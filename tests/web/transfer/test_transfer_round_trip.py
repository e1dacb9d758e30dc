"""A reporter fills the template offline, uploads it, reviews the preview and writes it to the store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from transfer_files import (
    DATA,
    as_bytes,
    change_row,
    confirm,
    download,
    fill,
    row_of,
    stored,
    text,
    token,
    upload,
)

from chiso.periods import Period
from chiso.store import analysis, models
from chiso.store.models import Submission, SubmissionStatus
from chiso.view import Provenance

pytestmark = pytest.mark.django_db

NOTE = "Số liệu Trung tâm Phục vụ hành chính công, 30/6/2025"


def filled(client: Client) -> bytes:
    book = download(client)
    # A number cell, a Vietnamese number typed as text, and a text: each as a user would leave them.
    return as_bytes(fill(book, {"5.1.1": 1543, "5.1.2": "2.000", "1": "Phiên bản 2.0", "6.1": 46.14},
                         {"5.1.2": NOTE}))


def test_the_preview_shows_changes_and_findings_and_writes_nothing(reporter_client: Client) -> None:
    response = upload(reporter_client, filled(reporter_client))
    page = text(response)

    assert response.status_code == 200
    assert change_row(response, "5.1.1").endswith("5.1.1 Tổng số TTHC cung cấp dịch vụ công trực tuyến — 1.543")
    assert "— 2.000 " + NOTE in change_row(response, "5.1.2")
    assert "(tự tính) — 129,62" in change_row(response, "5.1")
    assert "— 46,14" in change_row(response, "6.1") and "— Phiên bản 2.0" in change_row(response, "1")
    assert "Kiểm tra: 2 lỗi, 0 cảnh báo" in page
    assert "lớn hơn chỉ tiêu 5.1.1" in page and "vượt quá 100%" in page
    assert "Ghi vào kho" in page
    assert stored() == {}  # a preview writes nothing


def test_confirming_writes_every_change_with_who_made_it(reporter_client: Client) -> None:
    preview = upload(reporter_client, filled(reporter_client))

    response = confirm(reporter_client, token(preview))

    assert response.status_code == 302
    assert response["Location"] == reverse("entry:form", args=["cqs", "643", "2025S1"])
    assert stored() == {"5.1.1": ("1543", ""), "5.1.2": ("2000", NOTE), "1": ("Phiên bản 2.0", ""),
                        "6.1": ("46.14", "")}
    record = models.Value.objects.get(indicator="5.1.2", org_unit__code="643", period="2025S1")
    assert record.recorded_by == "nhaplieu" and record.history.first().history_user.username == "nhaplieu"
    [rate] = analysis.view("cqs", "643", periods=[Period.parse("2025S1")], indicators=["5.1"]).of_unit()
    assert (rate.value, rate.provenance) == ("129.62", Provenance.DERIVED)  # the view derives it, none is stored
    submission = Submission.objects.get(framework__code="cqs", org_unit__code="643", period="2025S1")
    assert submission.status == SubmissionStatus.DRAFT
    landing = reporter_client.get(response["Location"])
    assert "Đã ghi 5 thay đổi từ tệp Excel vào kho." in text(landing)


def test_a_file_with_problems_names_row_and_column_and_cannot_be_written(reporter_client: Client,
                                                                          tmp_path: Path) -> None:
    book = download(reporter_client)
    sheet = book[DATA]
    bad, orphan = row_of(sheet, "5.4.1"), row_of(sheet, "5.4.2")
    fill(book, {"5.1.1": 1543, "5.4.1": "12,3,4"}, {"5.4.2": "ghi chú không có số"})
    path = tmp_path / "cqs-643-2025S1-with-problems.xlsx"
    book.save(path)

    response = upload(reporter_client, path.read_bytes(), name=path.name)
    page = text(response)

    assert response.status_code == 200
    assert f"dòng {bad}, cột D (Giá trị): «12,3,4» không phải là số hợp lệ" in page
    assert "(cần: số, ví dụ 1.247.855 hoặc 46,14)" in page
    assert f"dòng {orphan}, cột E (Ghi chú): có ghi chú nhưng chưa có giá trị" in page
    assert "2 lỗi trong tệp" in page
    assert 'name="token"' not in response.content.decode() and "Ghi vào kho" not in page
    assert stored() == {}


def test_an_untouched_template_changes_nothing(reporter_client: Client) -> None:
    confirm(reporter_client, token(upload(reporter_client, filled(reporter_client))))
    before = {v.indicator: v.version for v in models.Value.objects.filter(org_unit__code="643")}

    response = upload(reporter_client, as_bytes(download(reporter_client)))

    assert "Tệp không thay đổi số liệu nào so với kho." in text(response)
    assert 'name="token"' not in response.content.decode()
    assert {v.indicator: v.version for v in models.Value.objects.filter(org_unit__code="643")} == before


def test_an_emptied_cell_deletes_the_value_and_the_rate_computed_from_it(reporter_client: Client) -> None:
    confirm(reporter_client, token(upload(reporter_client, filled(reporter_client))))
    book = fill(download(reporter_client), {"5.1.2": None}, {"5.1.2": ""})

    preview = upload(reporter_client, as_bytes(book))
    assert "2.000 xoá" in change_row(preview, "5.1.2") and "129,62 xoá" in change_row(preview, "5.1")
    confirm(reporter_client, token(preview))

    assert "5.1.2" not in stored() and "5.1" not in stored() and stored()["5.1.1"] == ("1543", "")


def test_a_percentage_typed_with_its_sign_is_read_as_percent(reporter_client: Client) -> None:
    book = download(reporter_client)
    cell = book[DATA][f"D{row_of(book[DATA], '6.2')}"]
    cell.value, cell.number_format = 0.4614, "0.00%"  # what Excel makes of "46,14%"

    response = upload(reporter_client, as_bytes(book))

    assert "— 46,14" in change_row(response, "6.2")


def test_values_read_back_from_the_template_are_the_stored_ones(province_client: Client) -> None:
    """Excel keeps 99,20 as 99.2 and 1.247.855 as a number: reading them back changes no typed value."""
    subject = ("cqs", "66", "2025S1")  # holds 6.1 = 99,20
    response = upload(province_client, as_bytes(download(province_client, *subject)), *subject)
    rows = re.findall(r'<tr data-code="([^"]+)">(.*?)</tr>', response.content.decode(), re.S)

    assert rows and all("tự tính" in row for _code, row in rows)  # only rates change: computed from now on
    assert "56,7 56,70 giữ giá trị, từ nay tính theo công thức thay cho số đã lưu" in change_row(response, "5.3")


def test_the_preview_in_english_when_chosen(reporter_client: Client) -> None:
    book = fill(download(reporter_client), {"5.1.1": 1543, "5.4.1": "12,3,4"})
    reporter_client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = text(upload(reporter_client, as_bytes(book)))

    assert "Upload preview" in page and "Changes to be written" in page and "H1 2025" in page
    assert f"row {row_of(book[DATA], '5.4.1')}, column D (Giá trị): «12,3,4» không phải là số hợp lệ" in page
    assert "Xem trước tệp tải lên" not in page
    assert download(reporter_client)[DATA]["A3"].value.endswith("Kỳ báo cáo: 6 tháng đầu năm 2025")  # data stays vi


def test_stored_text_starting_with_an_equals_sign_survives_the_round_trip(reporter_client: Client) -> None:
    """A note "=…" is text: written as a formula it would read back empty and the note would be deleted."""
    from chiso.store import services
    from chiso.values.model import Value

    services.save_values([Value("cqs", "5.1.1", "643", "2025S1", "1543", "=712+831 theo QĐ 2741")],
                         recorded_by="sở")
    before = {v.indicator: v.version for v in models.Value.objects.filter(org_unit__code="643")}

    response = upload(reporter_client, as_bytes(download(reporter_client)))

    assert "Tệp không thay đổi số liệu nào so với kho." in text(response)
    assert {v.indicator: v.version for v in models.Value.objects.filter(org_unit__code="643")} == before
