"""Frameworks from the management pages: an upload is checked, shown as a diff, stored only when confirmed;
a target is edited in the YAML text (comments kept) and goes the same way."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from state import state

from chiso.store import models, services
from web.manage.manage_world import FRAMEWORK

pytestmark = pytest.mark.django_db


def upload(client: Client, text: str, name: str = "xa_so.yaml") -> object:
    return client.post(reverse("manage:framework_upload"), {"file": SimpleUploadedFile(name, text.encode())})


def confirm(client: Client, page: str) -> object:
    """Posts the preview's confirmation form as the browser would."""
    fields = dict(re.findall(r'<input type="hidden" name="(source|base|name)" value="([^"]*)"', page))
    from html import unescape

    return client.post(reverse("manage:framework_apply"), {k: unescape(v) for k, v in fields.items()})


def test_an_upload_shows_its_diff_and_changes_nothing_until_confirmed(admin: Client) -> None:
    new = (FRAMEWORK.replace('value: "80%"', 'value: "85%"').replace('"Số thủ tục hành chính"', '"Số TTHC"')
           + '  - code: "4"\n    name: "Có cổng dịch vụ công"\n    type: yes_no\n')
    before = state()
    response = upload(admin, new)
    page = response.content.decode()
    assert response.status_code == 200 and state() == before
    assert "Chỉ tiêu thêm (1)" in page and "Có cổng dịch vụ công" in page
    assert "<del>Số thủ tục hành chính</del> → <ins>Số TTHC</ins>" in page
    assert "<del>80%</del> → <ins>85%</ins>" in page
    assert confirm(admin, page).status_code == 302
    stored = services.frameworks()["xa_so"]
    assert stored.source_text == new and stored.indicator("3").targets[0].parts[0].value == 85
    latest = models.Framework.objects.get(code="xa_so").history.first()  # type: ignore[attr-defined]
    assert (latest.history_change_reason, latest.history_user.username) == ("cập nhật từ xa_so.yaml", "tinh")


def test_a_broken_yaml_is_refused_with_its_line(admin: Client) -> None:
    broken = FRAMEWORK.replace('    unit: "thủ tục"\n  - code: "2"', '    unit: "thủ tục\n  - code: "2"', 1)
    before = state()
    response = upload(admin, broken)
    page = response.content.decode()
    assert response.status_code == 400 and state() == before
    assert '<td>xa_so.yaml</td><td class="num">9</td><td>ký tự 12</td>' in page and "YAML không hợp lệ" in page


def test_a_meaning_error_names_its_line_and_path(admin: Client) -> None:
    before = state()
    page = upload(admin, FRAMEWORK.replace('formula: "{2} / {1} * 100"', 'formula: "{2} / {9} * 100"')).content.decode()
    assert state() == before and '<td class="num">18</td><td>indicators[2].formula</td>' in page


def test_a_confirmation_is_checked_again_and_refused_when_the_framework_moved_meanwhile(admin: Client) -> None:
    page = upload(admin, FRAMEWORK.replace('value: "80%"', 'value: "85%"')).content.decode()
    other = upload(admin, FRAMEWORK.replace('value: "80%"', 'value: "70%"')).content.decode()
    assert confirm(admin, other).status_code == 302
    before = state()
    response = confirm(admin, page)
    assert response.status_code == 409 and state() == before  # shown again, against what is stored now
    assert "<del>70%</del> → <ins>85%</ins>" in response.content.decode()
    tampered = admin.post(reverse("manage:framework_apply"), {"source": "code: [", "base": "", "name": "x.yaml"})
    assert tampered.status_code == 400 and state() == before


def test_a_new_code_is_a_new_framework(admin: Client) -> None:
    page = upload(admin, FRAMEWORK.replace("code: xa_so", "code: xa_moi"), name="moi.yaml").content.decode()
    assert "Bộ chỉ tiêu mới" in page
    assert confirm(admin, page).status_code == 302 and set(services.frameworks()) == {"xa_so", "xa_moi"}


def test_the_same_text_offers_nothing_to_store(admin: Client) -> None:
    page = upload(admin, FRAMEWORK).content.decode()
    assert "Không có gì thay đổi" in page and "framework_apply" not in page and "Xác nhận và lưu" not in page


def test_a_removed_indicator_with_values_is_warned_about(admin: Client) -> None:
    new = FRAMEWORK.replace('  - code: "1"\n    name: "Số thủ tục hành chính"\n    type: count\n    unit: "thủ tục"\n',
                            "").replace('    formula: "{2} / {1} * 100"\n', "")
    page = upload(admin, new).content.decode()
    assert "Chỉ tiêu bỏ (1)" in page and "Chỉ tiêu 1 bị bỏ còn 1 giá trị trong kho" in page


def test_a_target_is_edited_in_the_yaml_with_its_comment_kept(admin: Client) -> None:
    url = reverse("manage:target_edit", args=["xa_so", "3", "2026"])
    form = admin.get(url).content.decode()
    assert 'value="80%"' in form and 'value="2026"' in form
    assert re.search(r'value="commune" id="id_types_\d" checked', form)
    before = state()
    response = admin.post(url, {"value": "75%", "text": "", "period": "2026:2027", "units": "99001, 99002",
                                "types": [], "groups": ""})
    page = response.content.decode()
    assert response.status_code == 200 and state() == before
    assert "<del>80%</del> → <ins>75%</ins>" in page
    assert "<del>Xã/phường/đặc khu</del> → <ins>Xã Một; Xã Hai</ins>" in page
    assert confirm(admin, page).status_code == 302
    source = models.Framework.objects.get(code="xa_so").source
    assert 'value: "75%"  # mục tiêu của tỉnh' in source and 'scope: {units: ["99001", "99002"]}' in source
    target = services.frameworks()["xa_so"].indicator("3").targets[0]
    assert (target.due.start, target.due.end, target.scope.units) == ("2026", "2027", ("99001", "99002"))


def test_a_target_edit_that_breaks_the_framework_is_refused_with_its_reason(admin: Client) -> None:
    url = reverse("manage:target_edit", args=["xa_so", "3", "cuoi"])
    before = state()
    response = admin.post(url, {"value": "95%", "text": "", "period": "2027Q9", "units": "", "groups": ""})
    assert response.status_code == 400 and state() == before
    said = "dòng 23, cột «indicators[2].targets[1]»: hạn của chỉ tiêu «2027Q9» không hợp lệ"
    assert said in response.content.decode()
    unknown = admin.post(url, {"value": "90%", "text": "", "period": "2027", "units": "88001", "groups": ""})
    assert unknown.status_code == 400 and "88001" in unknown.content.decode() and state() == before
    assert admin.get(reverse("manage:target_edit", args=["xa_so", "3", "khong"])).status_code == 404


@pytest.mark.parametrize(("ended", "allowed"), [("30/06/2025", True), ("", False)])
def test_a_province_that_ended_does_not_keep_the_admin_from_the_frameworks(
        admin: Client, tmp_path: object, ended: str, allowed: bool) -> None:
    """A province merged in 2025 reports no more; one still in operation shares the frameworks."""
    from pathlib import Path

    from chiso.cli.store import load_files

    units = Path(str(tmp_path)) / "other.csv"
    units.write_text(f"code,name,type,parent,valid_from,valid_to\n98,Tỉnh Cũ,province,,,{ended}\n", encoding="utf-8")
    load_files([units])
    before = state()
    response = upload(admin, FRAMEWORK.replace('value: "80%"', 'value: "85%"'))
    assert (response.status_code == 200) is allowed and state() == before
