"""The live preview in a real browser: htmx posts the form on change and swaps rates and findings in place."""

from __future__ import annotations

from typing import Any

import pytest
from entry_forms import form_url, row_index
from selenium.webdriver.common.by import By

from browser.chrome import chrome_browser, download_folder, login, shows  # noqa: F401  (fixtures browser, downloads)

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_typing_counts_updates_the_rate_and_the_findings_in_place(browser: Any, live_server: object,
                                                                  reporter: object) -> None:
    driver = browser
    login(driver, live_server, "nhaplieu")
    driver.get(f"{live_server}{form_url()}")
    driver.find_element(By.NAME, "v:5.1.1").send_keys("1.543")
    driver.find_element(By.NAME, "v:5.1.2").send_keys("712")
    driver.find_element(By.NAME, "n:5.1.2").click()  # leaving the input: change

    shows(driver, f"#calc-{row_index('5.1')} output", "46,14")
    field = driver.find_element(By.NAME, "v:5.1.2")
    field.clear()
    field.send_keys("2.000")
    driver.find_element(By.NAME, "n:5.1.2").click()
    shows(driver, f"#chk-{row_index('5.1.2')}", "lớn hơn chỉ tiêu 5.1.1")
    shows(driver, "#preview-summary", "2 lỗi")
    assert driver.find_element(By.NAME, "v:5.1.2").get_attribute("value") == "2.000"
