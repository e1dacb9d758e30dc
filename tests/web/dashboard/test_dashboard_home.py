"""The dashboard ("/"): target statuses, key rates, findings and submissions awaiting approval."""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_pages import charts, counts, finding_rows, options, page

from chiso.store import models
from chiso.store.models import Submission, SubmissionStatus

pytestmark = pytest.mark.django_db


def test_cds2025_counts_every_status_with_its_label(as_user: Any, province_admin: Any) -> None:
    text = page(as_user(province_admin).get("/", {"framework": "cds2025"}))
    assert counts(text) == {
        # 2025 targets judged today on results up to 6/2023: their deadline has passed, those not reached failed
        "exceeded": ("Vượt chỉ tiêu", "3"), "met": ("Đạt chỉ tiêu", "2"), "not_met": ("Chưa đạt", "5"),
        "in_progress": ("Đang thực hiện", "0"), "no_data": ("Chưa có số liệu", "3"), "manual": ("Cần đánh giá", "2"),
    }


def test_cds2025_details_flag_where_the_official_disagrees(as_user: Any, province_admin: Any) -> None:
    text = page(as_user(province_admin).get("/", {"framework": "cds2025", "unit": "66"}))
    row = text[text.index(">III.1</a>"):text.index(">III.2</a>")]
    assert '<span class="status not_met">Chưa đạt</span>' in row
    assert '<span class="status met">Đạt chỉ tiêu</span>' in row  # what the official recorded
    assert "khác đánh giá của chiso" in row


def test_cqs_findings_are_the_printed_mismatches_errors_first(as_user: Any, province_admin: Any) -> None:
    rows = finding_rows(page(as_user(province_admin).get("/", {"framework": "cqs"})))
    errors = [row for row in rows if row[0] == "error"]
    assert [(code, period) for _, code, period, _ in errors] == [("5.3.1", "Năm 2021"), ("5.5", "Năm 2022")]
    assert "1.168" in errors[0][3] and "1.543" in errors[0][3]
    assert "19,12" in errors[1][3] and "19,3" in errors[1][3]
    severities = [row[0] for row in rows]
    assert severities == sorted(severities, key=lambda s: s != "error") and "warning" in severities


def test_cqs_has_no_targets_so_no_counts(as_user: Any, province_admin: Any) -> None:
    text = page(as_user(province_admin).get("/", {"framework": "cqs"}))
    assert counts(text) == {}
    assert "không đặt mục tiêu" in text


def test_key_rates_are_charted_with_vietnamese_values_and_the_target(as_user: Any, province_admin: Any) -> None:
    cqs = {c["code"]: c for c in charts(page(as_user(province_admin).get("/", {"framework": "cqs"})))}
    assert cqs["5.5"]["texts"] == ["19,3%", "70,76%", "100%", "100%"]
    assert cqs["5.5"]["periods"][-1] == "6 tháng đầu năm 2025"
    assert "5.4.1" not in cqs and "2" not in cqs  # counts are not rates; a rate without formula or target is not key
    cds = {c["code"]: c for c in charts(page(as_user(province_admin).get("/", {"framework": "cds2025"})))}
    assert (cds["I.3"]["target"], cds["I.3"]["target_text"]) == (80.0, "Chỉ tiêu 2025: 80%")
    assert cds["III.3"]["target_text"] == "Chỉ tiêu 2025: >50%"


def test_unit_defaults_to_the_users_own_and_only_viewable_units_are_offered(
        as_user: Any, reporter: Any, province_admin: Any) -> None:
    mine = page(as_user(reporter).get("/"))
    assert "<h1>Thành phố Buôn Ma Thuột</h1>" in mine
    assert options(mine, "unit") == ["643"]
    admin = page(as_user(province_admin).get("/"))
    assert "<h1>Tỉnh Đắk Lắk</h1>" in admin
    assert options(admin, "unit") == ["66", *(str(code) for code in range(643, 658))]  # not 54, Phú Yên


def test_a_unit_outside_the_scope_is_refused(as_user: Any, reporter: Any) -> None:
    assert as_user(reporter).get("/", {"unit": "66"}).status_code == 403
    assert as_user(reporter).get("/", {"framework": "nope"}).status_code == 404


def _submission(unit: str, period: str, status: str) -> None:
    Submission.objects.create(framework=models.Framework.objects.get(code="cqs"),
                              org_unit=models.OrgUnit.objects.get(code=unit), period=period, status=status)


def test_awaiting_approval_lists_submitted_periods_in_scope(as_user: Any, approver: Any, outsider: Any) -> None:
    _submission("643", "2024", SubmissionStatus.SUBMITTED)
    _submission("645", "2023", SubmissionStatus.DRAFT)
    text = page(as_user(approver).get("/"))
    assert '<a href="/nhap-lieu/cqs/643/2024/">Thành phố Buôn Ma Thuột</a>' in text
    assert "/nhap-lieu/cqs/645/2023/" not in text  # a draft is not awaiting anyone
    other = page(as_user(outsider).get("/"))
    assert "/nhap-lieu/cqs/643/2024/" not in other and "Không có kỳ báo cáo nào đang chờ phê duyệt." in other
