"""One journey through the web app in a real browser, as the province's people use it.

Every persona signs in through the login form and sees who they are in the top bar. The viewer reads, the
outsider is refused 643's form, the reporter of Buôn Ma Thuột (643) fills Phụ lục VIII for 6 tháng đầu năm
2025, sees a finding inline before saving, fixes it, saves a draft and submits; the approver approves; the
reporter finds the period locked, then sends an Excel template of another period with a bad number back and
is told the row and column; the province admin downloads the appendix as Word.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from browser.chrome import login, page_text, shows, text_of, wait

pytestmark = pytest.mark.usefixtures("transactional_db")

FORM = "/nhap-lieu/cqs/643/2025S1/"
BAD_NUMBER = "12,3,4"


def value_field(driver: WebDriver, code: str) -> Any:
    return driver.find_element(By.NAME, f"v:{code}")


def row_index(driver: WebDriver, code: str) -> str:
    """The index in the element ids of an indicator's row (row-N, chk-N, calc-N), found by its code."""
    return str(driver.find_element(By.XPATH, f"//tr[td[1]='{code}']").get_attribute("id")).removeprefix("row-")


def checks_of(driver: WebDriver, code: str) -> str:
    """The text of the Kiểm tra cell of indicator ``code`` (htmx swaps it in place)."""
    return str(driver.find_element(By.ID, f"chk-{row_index(driver, code)}").text)


def type_value(driver: WebDriver, code: str, text: str) -> None:
    """Types into an indicator's value field and leaves it (a change event, as htmx listens for)."""
    field = value_field(driver, code)
    field.clear()
    field.send_keys(text)
    driver.find_element(By.NAME, f"n:{code}").click()


def press(driver: WebDriver, action: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"button[name='action'][value='{action}']").click()


def message(driver: WebDriver, text: str) -> None:
    """Waits for the flash message (the page after a redirect) that says ``text``."""
    shows(driver, "ul.messages", text)


def downloaded(driver: WebDriver, folder: Path, name: str) -> Path:
    """The file ``name`` once the browser has finished writing it (Chromium writes *.crdownload first)."""
    path = folder / name
    wait(driver, lambda _: path.exists() and not any(folder.glob("*.crdownload")))
    return path


def other_year(select: Select) -> str:
    """A year offered by the Excel page other than 2025 (whose first half this journey locks): 2024 if offered."""
    offered = [o.get_attribute("value") for o in select.options]
    years = [code for code in offered if code and code.isdigit() and code != "2025"]
    assert years, f"the Excel page offers no year other than 2025: {offered}"
    return "2024" if "2024" in years else years[-1]


def test_the_province_reports_through_the_browser(
        browser: WebDriver, downloads: Path, live_server: Any, province_admin: object, approver: object,
        reporter: object, viewer: object, outsider: object) -> None:
    driver, site = browser, str(live_server)

    # The viewer reads the dashboard and is offered no data entry.
    assert login(driver, site, "xem") == "xem · Người xem · Tỉnh Đắk Lắk"
    assert "Tỉnh Đắk Lắk" in text_of(driver, "main h1")
    assert not driver.find_elements(By.CSS_SELECTOR, ".topbar a[href='/nhap-lieu/']")

    # The outsider, a reporter of Buôn Hồ (644), is refused Buôn Ma Thuột's form.
    assert login(driver, site, "ngoai") == "ngoai · Cán bộ nhập số liệu · Thị xã Buôn Hồ"
    driver.get(f"{site}{FORM}")
    wait(driver, lambda d: "Không có quyền truy cập" in page_text(d))
    assert not driver.find_elements(By.ID, "entry-form")

    # The reporter types the counts in the Vietnamese way; the part_of check speaks before anything is saved.
    assert login(driver, site, "nhaplieu") == "nhaplieu · Cán bộ nhập số liệu · Thành phố Buôn Ma Thuột"
    driver.find_element(By.CSS_SELECTOR, ".topbar a[href='/nhap-lieu/']")  # offered data entry
    driver.get(f"{site}{FORM}")
    shows(driver, ".subject", "Thành phố Buôn Ma Thuột")
    assert "6 tháng đầu năm 2025" in text_of(driver, ".subject")
    type_value(driver, "5.1.1", "1.543")
    type_value(driver, "5.1.2", "2.000")
    wait(driver, lambda d: "lớn hơn chỉ tiêu 5.1.1" in checks_of(d, "5.1.2"))
    shows(driver, "#preview-summary", "2 lỗi")
    assert value_field(driver, "5.1.2").get_attribute("value") == "2.000"  # what was typed stays as typed

    # Fixed, the finding goes away and the rate is computed: 712 / 1.543 = 46,14 %.
    type_value(driver, "5.1.2", "712")
    wait(driver, lambda d: "lớn hơn" not in checks_of(d, "5.1.2"))
    shows(driver, f"#row-{row_index(driver, '5.1')} .calc output", "46,14")
    shows(driver, "#preview-summary", "0 lỗi")
    press(driver, "save")
    message(driver, "Đã lưu bản nháp.")
    shows(driver, ".subject .status", "Bản nháp")
    assert value_field(driver, "5.1.1").get_attribute("value") == "1.543"
    press(driver, "submit")
    message(driver, "Đã lưu và gửi duyệt.")
    shows(driver, ".subject .status", "Đã gửi, chờ duyệt")

    # The approver, signed in anew, approves.
    assert login(driver, site, "pheduyet") == "pheduyet · Người phê duyệt · Tỉnh Đắk Lắk"
    driver.get(f"{site}{FORM}")
    shows(driver, ".subject .status", "Đã gửi, chờ duyệt")
    assert not driver.find_elements(By.NAME, "v:5.1.1")  # an approver reads the figures, never types them
    driver.find_element(By.CSS_SELECTOR, "form.decision button[value='approve']").click()
    message(driver, "Đã phê duyệt; số liệu của kỳ này đã được khoá.")
    shows(driver, ".subject .status", "Đã phê duyệt")

    # For the reporter the approved period is locked: figures shown, nothing to type, no save button.
    assert login(driver, site, "nhaplieu").startswith("nhaplieu")
    driver.get(f"{site}{FORM}")
    shows(driver, ".card.locked", "số liệu đã khoá")
    assert not driver.find_elements(By.NAME, "v:5.1.1")
    assert not driver.find_elements(By.CSS_SELECTOR, "button[name='action']")
    assert "1.543" in driver.find_element(By.XPATH, "//tr[td[1]='5.1.1']").text

    # The Excel round trip for another period (2025S1 is locked now): a bad number is named by row and column.
    driver.get(f"{site}/excel/")
    period = other_year(Select(driver.find_element(By.ID, "id_period")))
    Select(driver.find_element(By.ID, "id_framework")).select_by_value("cqs")
    Select(driver.find_element(By.ID, "id_unit")).select_by_value("643")
    Select(driver.find_element(By.ID, "id_period")).select_by_value(period)
    driver.find_element(By.CSS_SELECTOR, "form[action$='/excel/mau/'] button[type='submit']").click()
    template = downloaded(driver, downloads, f"chiso-cqs-643-{period}.xlsx")
    book = load_workbook(template)
    sheet = book["Nhập liệu"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    sheet[f"D{rows['5.1.1']}"] = 1600
    sheet[f"D{rows['5.4.1']}"] = BAD_NUMBER
    filled = downloads.parent / f"cqs-643-{period}-filled.xlsx"
    book.save(filled)

    Select(driver.find_element(By.ID, "upload_framework")).select_by_value("cqs")
    Select(driver.find_element(By.ID, "upload_unit")).select_by_value("643")
    Select(driver.find_element(By.ID, "upload_period")).select_by_value(period)
    driver.find_element(By.ID, "upload_file").send_keys(str(filled))
    driver.find_element(By.CSS_SELECTOR, "form[action$='/excel/tai-len/'] button[type='submit']").click()
    shows(driver, "#problems", "lỗi trong tệp")
    assert f"dòng {rows['5.4.1']}, cột D (Giá trị): «{BAD_NUMBER}» không phải là số hợp lệ" in page_text(driver)
    assert not driver.find_elements(By.NAME, "token")
    assert "Ghi vào kho" not in page_text(driver)

    # The province admin downloads Phụ lục VIII of the province as Word; it opens.
    assert login(driver, site, "quantri") == "quantri · Quản trị cấp tỉnh · Tỉnh Đắk Lắk"
    driver.get(f"{site}/bao-cao/")
    Select(driver.find_element(By.NAME, "framework")).select_by_value("cqs")
    Select(driver.find_element(By.NAME, "unit")).select_by_value("66")
    Select(driver.find_element(By.NAME, "format")).select_by_value("docx")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/bao-cao/tai-ve/'] button[type='submit']").click()
    report = Document(str(downloaded(driver, downloads, "cqs-66.docx")))
    text = "\n".join([p.text for p in report.paragraphs]
                     + [cell.text for table in report.tables for row in table.rows for cell in row.cells])
    assert "Tỉnh Đắk Lắk" in text or "TỈNH ĐẮK LẮK" in text.upper()
    assert report.tables, "the appendix is a table"
