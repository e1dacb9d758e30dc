"""Past appendices from the management pages: an upload is previewed row by row and nothing is written until the
admin confirms; then everything at once, or nothing while a cell cannot be read. Province admins only."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from chiso.catalog.loader import shipped_frameworks
from chiso.data import shipped_files, shipped_report_data
from chiso.periods import period_range
from chiso.reports.build import build_report, render
from chiso.reports.options import ReportOptions
from chiso.store import services

pytestmark = pytest.mark.django_db
ROLES = {"tinh": ("admin", "66"), "nhap": ("reporter", "643"), "xem": ("viewer", "66")}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Chiso's own Phụ lục VIII of the shipped data, as Word and as Excel."""
    report = build_report(shipped_frameworks()["cqs"], shipped_report_data(),
                          ReportOptions(unit="66", periods=tuple(period_range("2021:2025"))))
    return {kind: render(report, kind) for kind in ("docx", "xlsx")}


@pytest.fixture(autouse=True)
def kept_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Uploads kept in the test's own folder, not the machine's temporary one."""
    from chiso.web.manage import appendix

    monkeypatch.setattr(appendix, "FOLDER", tmp_path / "kept")


@pytest.fixture
def signed_in(db: None) -> Callable[[str], Client]:
    """The shipped frameworks and units with no values, as a province starting with chiso, and its accounts."""
    from chiso.cli.store import load_files
    from chiso.web.accounts.services import add_user

    load_files([p for p in shipped_files() if p.name not in ("values.csv", "evaluations.csv")])
    users = {name: add_user(name, "appendix-persona-1", role, unit, check_password=False).user
             for name, (role, unit) in ROLES.items()}

    def client(name: str) -> Client:
        found = Client()
        found.force_login(users[name])
        return found

    return client


def upload(client: Client, data: bytes, name: str = "phuluc8.docx", framework: str = "cqs") -> tuple[int, str]:
    response = client.post(reverse("manage:appendix"), {"file": SimpleUploadedFile(name, data),
                                                        "framework": framework, "unit": "66"})
    return response.status_code, response.content.decode()


def confirm(client: Client, page: str, accept: list[str] | None = None) -> Any:
    """Posts the preview's confirmation as the browser would."""
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', page)
    assert sha is not None
    return client.post(reverse("manage:appendix_apply"), {"sha256": sha.group(1), "accept": accept or []})


def shipped() -> dict[tuple[str, str], tuple[str, str]]:
    return {(v.indicator, v.period): (v.value, v.note) for v in shipped_report_data().values if v.framework == "cqs"}


def stored() -> dict[tuple[str, str], tuple[str, str]]:
    return {(v.indicator, v.period): (v.value, v.note) for v in services.values("cqs", "66")}


def test_the_preview_writes_nothing_and_the_confirmation_writes_every_value(
        signed_in: Callable[[str], Client], written: dict[str, bytes]) -> None:
    admin = signed_in("tinh")
    assert "Nhập số liệu từ phụ lục" in admin.get(reverse("manage:index")).content.decode()
    code, page = upload(admin, written["docx"])
    assert code == 200 and "120 giá trị mới, 0 thay đổi, 0 như đã có; 0 đánh giá." in page
    assert "<td>phuluc8.docx:1:11</td><td>5.1.1.</td>" in page and "Xác nhận và ghi" in page
    assert services.values("cqs", "66") == []
    response = confirm(admin, page)
    assert response.status_code == 302 and response["Location"] == reverse("manage:appendix")
    assert stored() == shipped()
    source = next(v.source for v in services.values("cqs", "66") if (v.indicator, v.period) == ("5.1.1", "2021"))
    assert source.startswith("tệp phuluc8.docx (sha256 ") and source.endswith(", bảng 1, dòng 11, cột 3")
    page = admin.get(reverse("manage:appendix")).content.decode()
    assert "Đã ghi 120 giá trị và 0 đánh giá của đơn vị 66, bộ chỉ tiêu cqs, từ tệp phuluc8.docx." in page
    code, page = upload(admin, written["xlsx"], "phuluc8.xlsx")
    assert code == 200 and "0 giá trị mới, 0 thay đổi, 120 như đã có" in page


def test_a_file_replaced_since_the_preview_is_refused(
        signed_in: Callable[[str], Client], written: dict[str, bytes]) -> None:
    admin = signed_in("tinh")
    first = upload(admin, written["docx"])[1]
    upload(admin, written["xlsx"], "phuluc8.xlsx")  # in another tab: the session now holds this one
    response = confirm(admin, first)
    assert response.status_code == 409 and "chưa ghi gì" in response.content.decode()
    assert services.values("cqs", "66") == []


def test_a_file_changed_on_disk_since_the_preview_is_refused(
        signed_in: Callable[[str], Client], written: dict[str, bytes], tmp_path: Path) -> None:
    admin = signed_in("tinh")
    page = upload(admin, written["docx"])[1]
    kept = next((tmp_path / "kept").glob("*/phuluc8.docx"))
    kept.write_bytes(written["docx"] + b"\0")
    assert confirm(admin, page).status_code == 409 and services.values("cqs", "66") == []


def edited(data: bytes, column: int, text: str, folder: Path) -> bytes:
    """The workbook with the cell of row 5.1.1 in ``column`` replaced by ``text``."""
    (folder / "phuluc8.xlsx").write_bytes(data)
    book = load_workbook(folder / "phuluc8.xlsx")
    sheet = book.active
    assert sheet is not None
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "5.1.1.")
    sheet.cell(row, column).value = text
    book.save(folder / "phuluc8-sua.xlsx")
    return (folder / "phuluc8-sua.xlsx").read_bytes()


def test_an_unsure_row_is_written_only_once_accepted(
        signed_in: Callable[[str], Client], written: dict[str, bytes], tmp_path: Path) -> None:
    admin = signed_in("tinh")
    code, page = upload(admin, edited(written["xlsx"], 2, "Số lượng cán bộ khác", tmp_path), "phuluc8-sua.xlsx")
    checkbox = '<input type="checkbox" name="accept" value="phuluc8-sua.xlsx:1:15">'
    assert code == 200 and checkbox in page and "cần xác nhận (số thứ tự 5.1.1" in page
    assert "Xác nhận và ghi" in page
    refused = confirm(admin, page)
    assert refused.status_code == 400 and services.values("cqs", "66") == []
    assert confirm(admin, page, ["phuluc8-sua.xlsx:1:15"]).status_code == 302
    assert stored() == shipped()


def test_an_unreadable_cell_is_shown_and_nothing_is_written(
        signed_in: Callable[[str], Client], written: dict[str, bytes], tmp_path: Path) -> None:
    admin = signed_in("tinh")
    code, page = upload(admin, edited(written["xlsx"], 4, "một nghìn", tmp_path), "phuluc8-loi.xlsx")
    assert code == 200 and "«một nghìn»" in page and "cột 4" in page and "Chưa ghi được" in page
    assert "Xác nhận và ghi" not in page
    response = confirm(admin, page)
    assert response.status_code == 400 and services.values("cqs", "66") == []


def test_a_file_of_another_kind_is_refused(signed_in: Callable[[str], Client]) -> None:
    code, page = upload(signed_in("tinh"), "STT;Tên\n".encode(), "phuluc8.csv")
    refusal = re.search(r"Chỉ đọc được tệp ([^<]*)\.", page)
    assert code == 400 and refusal is not None
    assert {".docx", ".xlsx", ".html", ".pdf", ".txt"} <= set(refusal.group(1).split(", "))


@pytest.mark.parametrize("name", ["nhap", "xem"])
def test_only_a_province_admin_may_import(signed_in: Callable[[str], Client], written: dict[str, bytes],
                                          name: str) -> None:
    client = signed_in(name)
    assert client.get(reverse("manage:appendix")).status_code == 403
    assert upload(client, written["docx"])[0] == 403
    assert client.post(reverse("manage:appendix_apply"), {"sha256": "0" * 64}).status_code == 403
    assert services.values("cqs", "66") == []


def test_the_damaged_target_table_text_is_previewed_with_its_restored_headers_and_targets(
        signed_in: Callable[[str], Client]) -> None:
    admin = signed_in("tinh")
    seed = Path(__file__).parents[2] / "appendix" / "data" / "cds2025-seed.txt"
    code, page = upload(admin, seed.read_bytes(), "cds2025-seed.txt", "cds2025")
    assert code == 200 and "14 giá trị mới, 0 thay đổi, 0 như đã có; 8 đánh giá." in page
    assert "Tiêu đề đã mất chữ, được khôi phục: cần xem lại" in page
    assert "đọc là «Kết quả thực hiện được đến tháng 6/2023»" in page
    assert "Chỉ tiêu in trong bảng: 90% hộ gia đình, 100% xã" in page
    assert confirm(admin, page).status_code == 302
    assert {(v.indicator, v.period) for v in services.values("cds2025", "66")} >= {("III.1.2", "2023S1"),
                                                                                  ("III.5", "2021")}
    assert len(services.recorded_evaluations("cds2025", "66")) == 8
