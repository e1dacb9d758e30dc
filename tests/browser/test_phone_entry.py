"""The entry form on a phone, 390 px wide: every indicator a card, nothing scrolls sideways.

Headless Chromium is given a phone's viewport (390 × 844, as an iPhone 14) through the DevTools protocol,
the way a phone lays the page out; a desktop window keeps the table.
"""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from browser.chrome import login, shows, wait

pytestmark = pytest.mark.usefixtures("transactional_db")

FORM = "/nhap-lieu/cqs/643/2025S1/"
PHONE = 390


def as_phone(driver: WebDriver) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": PHONE, "height": 844, "deviceScaleFactor": 2, "mobile": True})


def widths(driver: WebDriver) -> tuple[int, int]:
    """The viewport's width and the document's: wider means a sideways scroll."""
    return (int(driver.execute_script("return window.innerWidth")),
            int(driver.execute_script("return document.documentElement.scrollWidth")))


def overflowing(driver: WebDriver) -> list[str]:
    """Elements whose right edge passes the viewport, to say which when the page is too wide."""
    return list(driver.execute_script(
        "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
        "window.innerWidth + 0.5).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id);"))


def test_the_entry_form_fits_a_phone(browser: WebDriver, live_server: Any, reporter: object,
                                     approver: object) -> None:
    driver, site = browser, str(live_server)
    login(driver, site, "nhaplieu")
    driver.get(f"{site}{FORM}")
    shows(driver, ".subject", "Thành phố Buôn Ma Thuột")
    assert driver.find_element(By.CSS_SELECTOR, "table.entry thead").is_displayed()  # a desktop keeps the table

    as_phone(driver)
    driver.get(f"{site}{FORM}")
    shows(driver, ".subject", "Thành phố Buôn Ma Thuột")
    viewport, document = widths(driver)
    assert viewport == PHONE
    assert document <= PHONE, overflowing(driver)
    assert not driver.find_element(By.CSS_SELECTOR, "table.entry thead").is_displayed()
    row = driver.find_element(By.XPATH, "//tr[td[1]='5.1.1']")
    assert row.value_of_css_property("display") == "grid"  # a card
    field = driver.find_element(By.NAME, "v:5.1.1")
    assert field.rect["x"] >= 0 and field.rect["x"] + field.rect["width"] <= PHONE
    field.send_keys("1.543")
    driver.find_element(By.NAME, "v:5.1.2").send_keys("712")
    driver.find_element(By.NAME, "n:5.1.2").click()
    shows(driver, "#preview-summary", "0 lỗi")
    driver.find_element(By.CSS_SELECTOR, "button[name='action'][value='submit']").click()
    shows(driver, ".subject .status", "Đã gửi, chờ duyệt")

    # The approver on a phone: the period before and the change in each card, the findings by the buttons.
    login(driver, site, "pheduyet")
    driver.get(f"{site}{FORM}")
    wait(driver, lambda d: d.find_elements(By.ID, "review"))
    viewport, document = widths(driver)
    assert document <= viewport == PHONE, overflowing(driver)
    assert driver.find_element(By.CSS_SELECTOR, "form.decision button[value='approve']").is_displayed()
