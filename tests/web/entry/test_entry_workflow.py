"""A reporter fills in Phụ lục VIII for Buôn Ma Thuột, the province approves it, and the admin reopens it."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client
from django.urls import reverse
from entry_forms import CQS, fields, filled, form_url, load_form, preview_url, row_index

from chiso.periods import Period
from chiso.store import analysis, models
from chiso.store.models import Submission
from chiso.view import Figure, Provenance

pytestmark = pytest.mark.django_db

TYPED = {"1": "Phiên bản 2.0", "5.1.1": "1.543", "5.1.2": "712", "5.4.1": "1.247.855", "5.4.2": "575.812",
         "6.1": "46,14"}


def stored(code: str, unit: str = "643", period: str = "2025S1") -> models.Value | None:
    return models.Value.objects.filter(framework__code="cqs", indicator=code, org_unit__code=unit,
                                       period=period).first()


def figures(*codes: str, unit: str = "643", period: str = "2025S1") -> dict[str, Figure]:
    """The figures the dashboard shows for the unit and period: the computed view's."""
    view = analysis.view("cqs", unit, periods=[Period.parse(period)], indicators=list(codes))
    return {f.indicator: f for f in view.of_unit()}


def snapshot() -> dict[str, tuple[str, str, int]]:
    return {v.indicator: (v.value, v.note, v.version)
            for v in models.Value.objects.filter(org_unit__code="643", period="2025S1")}


def submission() -> Submission:
    return Submission.objects.get(framework__code="cqs", org_unit__code="643", period="2025S1")


def save(client: Client, values: dict[str, str], action: str = "save", notes: dict[str, str] | None = None) -> int:
    response = client.post(form_url(), filled(load_form(client), values, notes, action))
    return response.status_code


def chk(html: str, code: str) -> str:
    """The text of an indicator's checks cell in a preview response."""
    match = re.search(rf'<div id="chk-{row_index(code)}"[^>]*>(.*?)</div>', html, re.S)
    assert match is not None, f"no checks cell for {code}"
    return match.group(1)


def test_the_form_is_laid_out_like_the_appendix(reporter_client: Client) -> None:
    html = reporter_client.get(form_url()).content.decode()
    form = fields(html)

    assert "Thành phố Buôn Ma Thuột" in html and "6 tháng đầu năm 2025" in html
    assert '<tr class="heading"><td>5</td><td colspan="5">Cung cấp dịch vụ công trực tuyến</td></tr>' in html
    assert "v:5.1.1" in form and "n:5.1.1" in form and form["ver:5.1.1"] == "0"
    assert "v:5" not in form and "v:4" not in form  # group headings take no value
    assert "v:5.1" not in form and "ver:5.1" in form  # a rate with a formula is computed, not typed
    positions = [html.index(f'name="v:{code}"') for code in ("1", "2", "5.1.1", "5.4.2", "6.3")]
    assert positions == sorted(positions)  # catalogue order


def test_sections_are_rows_of_their_own(reporter_client: Client) -> None:
    html = reporter_client.get(form_url("cds2025")).content.decode()

    assert '<tr class="section"><th colspan="6">I. Phát triển chính quyền số' in html
    assert '<option value="Loại A">Loại A</option>' in html  # an ordinal level is a select


def test_the_preview_computes_rates_and_shows_findings_before_saving(reporter_client: Client) -> None:
    form = load_form(reporter_client)
    response = reporter_client.post(preview_url(), filled(form, {"5.1.1": "1.543", "5.1.2": "2.000"}))
    html = response.content.decode()

    assert response.status_code == 200
    assert "lớn hơn chỉ tiêu 5.1.1" in chk(html, "5.1.2")  # part_of: 2.000 of a whole of 1.543
    assert re.search(rf'<span id="calc-{row_index("5.1")}" class="calc" hx-swap-oob="true">\s*<output>129,62</output>',
                     html)
    assert "vượt quá 100%" in chk(html, "5.1")
    assert "Kiểm tra: 2 lỗi, 0 cảnh báo." in " ".join(html.split())
    assert snapshot() == {}  # a preview writes nothing


def test_the_preview_points_at_what_cannot_be_read(reporter_client: Client) -> None:
    html = reporter_client.post(preview_url(), filled(load_form(reporter_client), {"5.1.1": "1.5"})).content.decode()

    assert "dấu chấm là dấu phân cách hàng nghìn" in chk(html, "5.1.1")
    assert "1 ô nhập chưa hợp lệ" in html


def test_vietnamese_numbers_are_stored_exactly_and_rates_computed_by_formula(reporter_client: Client) -> None:
    assert save(reporter_client, TYPED, notes={"5.4.1": "số liệu từ Cổng DVC tỉnh"}) == 302

    assert stored("5.4.1").value == "1247855" and stored("5.4.1").number == 1247855
    assert stored("5.4.1").note == "số liệu từ Cổng DVC tỉnh"
    assert stored("6.1").value == "46.14"
    assert stored("1").value == "Phiên bản 2.0"
    formula = CQS.indicator("5.4").formula
    expected = formula.evaluate({"5.4.1": Decimal(1247855), "5.4.2": Decimal(575812)})
    rates = figures("5.1", "5.2", "5.4")
    assert rates["5.4"].value == str(expected.quantize(Decimal("0.01"), ROUND_HALF_UP)) == "46.14"
    assert rates["5.4"].provenance is Provenance.DERIVED and rates["5.1"].value == "46.14"
    assert stored("5.4") is None and stored("5.1") is None  # never a copy that a later count would leave stale
    assert "5.2" not in rates  # its inputs are missing: missing is never zero
    assert submission().status == "draft"
    assert stored("5.4.1").recorded_by == "nhaplieu"


def test_a_refused_input_saves_nothing(reporter_client: Client) -> None:
    response = reporter_client.post(form_url(), filled(load_form(reporter_client), {**TYPED, "5.1.2": "bảy"}))

    assert response.status_code == 400
    assert "Chưa lưu gì" in response.content.decode()
    assert 'value="bảy"' in response.content.decode()  # what was typed is shown again
    assert snapshot() == {} and not Submission.objects.exists()


def test_clearing_an_input_deletes_its_value_and_its_rate(reporter_client: Client) -> None:
    save(reporter_client, TYPED)
    assert save(reporter_client, {"5.1.1": ""}) == 302

    assert stored("5.1.1") is None and stored("5.1") is None
    assert stored("5.1.2").value == "712"


def test_submit_approve_lock_and_reopen(reporter_client: Client, approver_client: Client,
                                        province_client: Client) -> None:
    assert save(reporter_client, TYPED, action="submit") == 302
    assert submission().status == "submitted"
    assert "Chờ phê duyệt" in approver_client.get(reverse("entry:list")).content.decode()
    assert form_url() in approver_client.get(reverse("entry:list")).content.decode()

    response = approver_client.post(form_url(), {"action": "approve", "comment": "Số liệu khớp."})
    assert response.status_code == 302 and submission().status == "approved"

    html = reporter_client.get(form_url()).content.decode()
    assert "đã khoá" in html and 'name="v:5.1.1"' not in html and "1.247.855" in html
    before = snapshot()
    refused = reporter_client.post(form_url(), filled(load_form(reporter_client), {}) | {"v:5.1.1": "9"})
    assert refused.status_code == 403 and snapshot() == before
    assert province_client.post(form_url(), {"action": "save", "v:5.1.1": "9"}).status_code == 403
    assert snapshot() == before

    response = province_client.post(form_url(), {"action": "reopen", "comment": "Sửa số hồ sơ trực tuyến"})
    assert response.status_code == 302 and submission().status == "draft"
    step = submission().history.filter(history_change_reason="reopen").get()
    assert step.comment == "Sửa số hồ sơ trực tuyến" and step.history_user.username == "quantri"
    assert step.prev_record.status == "approved"
    steps = " ".join(re.sub(r"<[^>]+>", " ", reporter_client.get(form_url()).content.decode()).split())
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d quantri Mở lại Bản nháp Sửa số hồ sơ trực tuyến", steps)
    assert "pheduyet Phê duyệt Đã phê duyệt Số liệu khớp." in steps
    assert save(reporter_client, {"5.1.1": "1.600"}) == 302 and stored("5.1.1").value == "1600"


def test_reopening_needs_a_reason_and_an_admin(reporter_client: Client, approver_client: Client,
                                               province_client: Client) -> None:
    save(reporter_client, TYPED, action="submit")
    approver_client.post(form_url(), {"action": "approve"})

    assert province_client.post(form_url(), {"action": "reopen", "comment": "  "}).status_code == 302
    assert approver_client.post(form_url(), {"action": "reopen", "comment": "x"}).status_code == 403
    assert reporter_client.post(form_url(), {"action": "reopen", "comment": "x"}).status_code == 403
    assert submission().status == "approved"


def test_rejection_returns_the_period_with_its_comment(reporter_client: Client, approver_client: Client) -> None:
    save(reporter_client, TYPED, action="submit")

    assert approver_client.post(form_url(), {"action": "reject", "comment": ""}).status_code == 302
    assert submission().status == "submitted"  # a rejection without a reason is refused
    approver_client.post(form_url(), {"action": "reject", "comment": "5.1.1 chưa khớp Cổng DVC"})
    assert submission().status == "rejected" and submission().comment == "5.1.1 chưa khớp Cổng DVC"
    assert submission().history.filter(history_change_reason="reject", history_user__username="pheduyet").exists()
    html = reporter_client.get(form_url()).content.decode()
    assert "5.1.1 chưa khớp Cổng DVC" in html and 'name="v:5.1.1"' in html  # editable again
    assert save(reporter_client, {"5.1.1": "1.544"}, action="submit") == 302
    assert submission().status == "submitted" and stored("5.1.1").value == "1544"


def test_a_submitted_period_waits_for_the_approver(reporter_client: Client, approver_client: Client) -> None:
    save(reporter_client, TYPED, action="submit")
    before = snapshot()

    assert reporter_client.post(form_url(), {"action": "approve"}).status_code == 403
    assert reporter_client.post(form_url(), {"action": "save", "v:5.1.1": "7"}).status_code == 403
    assert approver_client.post(form_url(), {"action": "save", "v:5.1.1": "7"}).status_code == 403
    assert snapshot() == before and submission().status == "submitted"


def test_each_value_shows_its_history(reporter_client: Client) -> None:
    save(reporter_client, TYPED)
    save(reporter_client, {"5.4.1": "1.300.000"}, notes={"5.4.1": "đã rà soát"})
    html = reporter_client.get(form_url()).content.decode()

    history = re.search(rf'<tr class="input" id="row-{row_index("5.4.1")}">.*?<details class="history">(.*?)</details>',
                        html, re.S)
    assert history is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", history.group(1)).split())
    assert "Lịch sử (2 thay đổi)" in text
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d · nhaplieu: 1.247.855 → 1.300.000 — đã rà soát", text)
    assert text.endswith("nhaplieu: (chưa có) → 1.247.855")  # newest first


def test_the_list_offers_the_reporters_units_and_periods(reporter_client: Client) -> None:
    save(reporter_client, TYPED)
    html = reporter_client.get(reverse("entry:list"), {"period": "2025S1"}).content.decode()

    assert form_url() in html and form_url("cds2025") in html
    assert form_url(unit="644") not in html  # another district's
    assert '<span class="status draft">Bản nháp</span>' in html
    assert reporter_client.get(reverse("entry:open"), {"framework": "cqs", "unit": "643",
                                                       "period": "2025S1"})["Location"] == form_url()


def test_units_that_no_longer_exist_are_not_offered(reporter_client: Client) -> None:
    # The districts were merged away on 30/6/2025: Buôn Ma Thuột reports nothing for 2026.
    html = reporter_client.get(reverse("entry:list"), {"period": "2026S1"}).content.decode()

    assert form_url(period="2026S1") not in html
    assert "Không có đơn vị nào của bạn hoạt động trong kỳ này." in html
