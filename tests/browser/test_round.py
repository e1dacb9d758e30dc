"""A whole reporting round in a real browser, with a province of its own (round_world.py).

The province admin creates the monthly data set «thang95» for the three communes on the data set page and opens
this month's round early («Mở kỳ ngay»); last month's round is already open and was due two days ago. Xã Suối
Trong sends last month's report on time, Phường Đồi Cát late, Xã Bến Mây not at all. `chiso remind` mails Bến
Mây's reporter that the round is overdue. The approver returns Đồi Cát's report with a comment; its reporter
is told (in the top bar, on the notifications page, by mail), finds the form first in the list with the
comment, fixes a figure and sends it again. The completeness page shows 2/3 sent, 1 late; the leader opens
«Chưa đạt» from the dashboard and follows the target to the communes, the worst first.

Late is real: the due day is in the past when Đồi Cát sends. Suối Trong's report, sent through the browser
today too, is then stamped in the database as first sent on the due day (Submission.first_sent_at, the one
field timeliness reads), since a browser cannot send on a past day and the test mocks no clock.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from round_world import PASSWORD, build, due_day, last_month, mails, schedule
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select
from typer.testing import CliRunner

from browser.chrome import login, shows, text_of, wait
from chiso.cli.main import app
from chiso.store import models

pytestmark = pytest.mark.usefixtures("transactional_db")
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DATA_SET, NAME = "thang95", "Báo cáo tháng hồ sơ trực tuyến"
COMMENT = "Số hồ sơ trực tuyến tháng này là 60, không phải 40."


@pytest.fixture
def mail_folder(settings: Any, tmp_path: Path) -> Path:
    """Mail of the web app (the live server runs in this process) and of `chiso remind` into files."""
    folder = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    settings.EMAIL_SITE_URL = "https://chiso.vong.example"
    return folder


def sign_in(driver: WebDriver, site: str, username: str) -> str:
    return login(driver, site, username, PASSWORD)


def form_url(unit: str, period: str) -> str:
    return f"/nhap-lieu/vong/{unit}/{period}/"


def create_the_data_set(driver: WebDriver, site: str) -> None:
    """From «Quản trị» to the data set pages, a new data set of «vong» for the three communes, saved."""
    assert sign_in(driver, site, "quantri95") == "quantri95 · Quản trị cấp tỉnh · Tỉnh Vòng Thử"
    driver.find_element(By.CSS_SELECTOR, ".topbar a[href='/quan-tri/']").click()
    driver.find_element(By.CSS_SELECTOR, "main a[href='/bao-cao/bo-bieu/']").click()
    driver.find_element(By.CSS_SELECTOR, "a[href='/bao-cao/bo-bieu/moi/']").click()
    Select(driver.find_element(By.CSS_SELECTOR, "form.chooser select[name='framework']")).select_by_value("vong")
    driver.find_element(By.CSS_SELECTOR, "form.chooser button[type='submit']").click()
    # The page before the choice has a form too: wait for the framework's page before reading its form.
    wait(driver, lambda d: "framework=vong" in d.current_url
         and d.find_elements(By.CSS_SELECTOR, "#data-set-form input[name='indicators']"))
    form = driver.find_element(By.ID, "data-set-form")
    for name, text in {"code": DATA_SET, "name": NAME, "units": "95001, 95002, 95003",
                       **{k: str(v) for k, v in schedule().items()}}.items():
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(text)
    Select(form.find_element(By.NAME, "period_type")).select_by_value("month")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    shows(driver, "ul.messages", f"Đã tạo bộ biểu {DATA_SET}.")


def round_row(driver: WebDriver, period: str) -> Any:
    return driver.find_element(By.CSS_SELECTOR, f"#rounds tr[data-period='{period}']")


def open_this_month_early(driver: WebDriver) -> str:
    """Last month's round is overdue already; this month's is not open: «Mở kỳ ngay» opens it. Its code."""
    last = round_row(driver, last_month().code)
    assert "quá hạn" in last.text and f"{due_day():%d/%m/%Y}" in last.text, last.text
    assert last.find_element(By.CSS_SELECTOR, "td.num").text == "3"
    code = last_month().next().code
    assert "chưa mở" in round_row(driver, code).text
    round_row(driver, code).find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    wait(driver, lambda d: "đang mở" in round_row(d, code).text)
    assert not round_row(driver, code).find_elements(By.CSS_SELECTOR, "button[type='submit']")
    return code


def send(driver: WebDriver, site: str, username: str, unit: str, total: str, online: str) -> None:
    """A commune's reporter opens last month's form from the list and sends its two counts for approval."""
    sign_in(driver, site, username)
    driver.find_element(By.CSS_SELECTOR, ".topbar a[href='/nhap-lieu/']").click()
    driver.find_element(By.CSS_SELECTOR, f"#open-forms a[href='{form_url(unit, last_month().code)}']").click()
    fill(driver, total, online)


def fill(driver: WebDriver, total: str | None, online: str) -> None:
    shows(driver, ".subject", last_month().label)
    for code, text in (("1.1", total), ("1.2", online)):
        if text is not None:
            field = driver.find_element(By.NAME, f"v:{code}")
            field.clear()
            field.send_keys(text)
    driver.find_element(By.NAME, "n:1.2").click()  # leaving the field: the checks run
    shows(driver, "#preview-summary", "0 lỗi")
    driver.find_element(By.CSS_SELECTOR, "button[name='action'][value='submit']").click()
    shows(driver, "ul.messages", "Đã lưu và gửi duyệt.")
    shows(driver, ".subject .status", "Đã gửi, chờ duyệt")


def stamp_on_time(unit: str) -> None:
    """The report was sent on the due day, at nine (see the module's docstring for why it is stamped)."""
    sent = datetime.combine(due_day(), time(9), tzinfo=ZONE)
    assert models.Submission.objects.filter(org_unit__code=unit, period=last_month().code).update(
        first_sent_at=sent) == 1


def remind(mail_folder: Path) -> None:
    """`chiso remind` today: Bến Mây is overdue and its reporter is mailed; those who sent are not."""
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["remind"])
    assert result.exit_code == 0, result.output
    overdue = [m for m in mails(mail_folder) if str(m["Subject"]).strip().startswith("Quá hạn nộp")]
    assert [str(m["To"]) for m in overdue] == ["nhap3@benmay.example"]
    assert str(overdue[0]["Subject"]).strip() == f"Quá hạn nộp: {NAME}, {last_month().label} — Xã Bến Mây (95003)"
    body = overdue[0].get_body(("plain",))
    assert body is not None and "https://chiso.vong.example" + form_url("95003", last_month().code) in str(
        body.get_content())


def return_with_a_comment(driver: WebDriver, site: str) -> None:
    sign_in(driver, site, "duyet95")
    driver.get(f"{site}{form_url('95002', last_month().code)}")
    shows(driver, ".subject .status", "Đã gửi, chờ duyệt")
    decision = driver.find_element(By.CSS_SELECTOR, "form.decision")
    decision.find_element(By.NAME, "comment").send_keys(COMMENT)
    decision.find_element(By.CSS_SELECTOR, "button[value='reject']").click()
    shows(driver, "ul.messages", "Đã trả lại cho đơn vị để sửa.")


def told_of_the_return(driver: WebDriver, site: str, mail_folder: Path) -> None:
    """Đồi Cát's reporter: unread notifications in the top bar, the return on the notifications page, a mail."""
    sign_in(driver, site, "nhap2")
    bell = driver.find_element(By.CSS_SELECTOR, ".topbar a.bell")
    assert "unread" in str(bell.get_attribute("class")) and bell.text != "Thông báo (0)", bell.text
    bell.click()
    returned = wait(driver, lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, "table.notifications tr.unread")
                                       if "Báo cáo bị trả lại" in r.text])
    assert COMMENT in returned[0].text
    letters = [m for m in mails(mail_folder) if str(m["To"]) == "nhap2@doicat.example"]
    assert any(str(m["Subject"]).strip().startswith("Báo cáo bị trả lại") for m in letters)


def fix_and_send_again(driver: WebDriver, site: str, opened_early: str) -> None:
    """The returned form is first in the list, before this month's round (newer, listed first otherwise)."""
    driver.find_element(By.CSS_SELECTOR, ".topbar a[href='/nhap-lieu/']").click()
    rows = driver.find_elements(By.CSS_SELECTOR, "#open-forms tr.slot")
    assert len(rows) == 2, [r.text for r in rows]
    assert "returned" in str(rows[0].get_attribute("class")) and last_month().label in rows[0].text
    assert f"Ý kiến người phê duyệt: {COMMENT}" in rows[0].text
    assert "returned" not in str(rows[1].get_attribute("class"))
    assert str(rows[1].find_element(By.CSS_SELECTOR, "a").get_attribute("href")).endswith(
        form_url("95002", opened_early))
    rows[0].find_element(By.CSS_SELECTOR, f"a[href='{form_url('95002', last_month().code)}']").click()
    shows(driver, ".card.comment", COMMENT)
    fill(driver, None, "60")


def completeness(driver: WebDriver, site: str) -> None:
    """The leader reads the round's completeness: 2 of 3 sent, 1 of them late, Bến Mây missing."""
    sign_in(driver, site, "lanhdao95")
    driver.find_element(By.CSS_SELECTOR, ".topbar a[href='/bao-cao/hoan-thanh/']").click()
    chooser = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "form.selector"))
    Select(chooser.find_element(By.NAME, "period")).select_by_value(last_month().code)
    wait(driver, lambda d: last_month().label in text_of(d, "main h1"))
    assert text_of(driver, "#tally-title") == "2/3 đơn vị đã gửi"
    cards = {c.find_element(By.TAG_NAME, "span").text: c.find_element(By.TAG_NAME, "b").text
             for c in driver.find_elements(By.CSS_SELECTOR, ".completeness-counts .count")}
    assert cards == {"Phải báo cáo": "3", "Đã gửi": "2", "Đã duyệt": "0", "Đúng hạn": "1", "Nộp muộn": "1",
                     "Bị trả lại": "0", "Chưa gửi": "1"}
    grid = {r.get_attribute("data-unit"): r.find_element(By.CSS_SELECTOR, "td").text
            for r in driver.find_elements(By.CSS_SELECTOR, "table.completeness-grid tbody tr")}
    assert grid == {"95001": "Chờ duyệt", "95002": "Nộp muộn", "95003": "Chưa gửi"}


def not_met_across_the_communes(driver: WebDriver, site: str) -> None:
    """The dashboard's «Chưa đạt» card, the province's target missed (250 of 300: 83,33%), then the communes."""
    driver.get(f"{site}/")
    card = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".counts .count[data-status='not_met']"))
    assert card.find_element(By.TAG_NAME, "b").text == "1"
    card.find_element(By.CSS_SELECTOR, "a.cover").click()
    row = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "table.listed tr[data-indicator='1']"))
    assert row.get_attribute("data-unit") == "95"
    assert all(words in row.text for words in ("Tỷ lệ hồ sơ tiếp nhận trực tuyến", "90%", "83,33%", "Chưa đạt"))
    row.find_element(By.CSS_SELECTOR, "a.across-link").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "table.across tbody tr"))
    order = [(r.get_attribute("data-unit"), r.text) for r in driver.find_elements(By.CSS_SELECTOR,
                                                                                  "table.across tbody tr")]
    assert [code for code, _ in order] == ["95002", "95001", "95003"]  # 60%, 95%, then no figure
    assert "60,00%" in order[0][1] and "Chưa đạt" in order[0][1]
    assert "95,00%" in order[1][1]
    assert text_of(driver, "#across-aggregate") == "83,33%"
    assert text_of(driver, "#across-completeness") == "2/3 xã"


def test_a_whole_round(browser: WebDriver, live_server: Any, tmp_path: Path, mail_folder: Path) -> None:
    build(tmp_path)
    driver, site = browser, str(live_server)

    create_the_data_set(driver, site)
    opened_early = open_this_month_early(driver)

    send(driver, site, "nhap1", "95001", "200", "190")
    stamp_on_time("95001")
    send(driver, site, "nhap2", "95002", "100", "40")  # two days after the due day: late
    remind(mail_folder)

    return_with_a_comment(driver, site)
    told_of_the_return(driver, site, mail_folder)
    fix_and_send_again(driver, site, opened_early)

    completeness(driver, site)
    not_met_across_the_communes(driver, site)
