"""The pages work under their Content-Security-Policy in a real browser, and the browser reports no violation.

Chromium reports every blocked script, style or request as a ``securitypolicyviolation`` event; a listener
installed before any page script (through the DevTools protocol, which the policy does not govern) collects
them while the province admin draws the dashboard's charts, types into the entry form (htmx) and switches the
language (chiso.js).
"""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from browser.chrome import login, page_text, wait

pytestmark = pytest.mark.usefixtures("transactional_db")

LISTENER = ("window.cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', function (e) {"
            "  window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile); });")


def violations(driver: WebDriver) -> list[str]:
    found: list[str] = driver.execute_script("return window.cspViolations || [];")
    return found


def test_the_pages_run_under_the_policy(browser: WebDriver, live_server: Any, province_admin: object) -> None:
    driver, site = browser, str(live_server)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER})
    login(driver, site, "quantri")

    driver.get(f"{site}/?framework=cqs&unit=66")
    wait(driver, lambda d: d.execute_script(
        "var c = document.querySelector('canvas[data-chart]'); return c !== null && window.Chart !== undefined"
        " && window.Chart.getChart(c) !== undefined;"))
    assert violations(driver) == []

    driver.get(f"{site}/nhap-lieu/cqs/643/2025S1/")
    field = driver.find_element(By.NAME, "v:5.1.1")
    field.clear()
    field.send_keys("1.543")
    driver.find_element(By.NAME, "n:5.1.1").click()
    wait(driver, lambda d: d.execute_script("return document.body.classList.contains('htmx-request')") is False
         and "1.543" in str(d.find_element(By.NAME, "v:5.1.1").get_attribute("value")))
    assert violations(driver) == []

    Select(driver.find_element(By.NAME, "language")).select_by_value("en")
    wait(driver, lambda d: "Data entry and approval" in page_text(d))
    assert violations(driver) == []
