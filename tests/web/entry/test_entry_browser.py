"""The live preview in a real browser: htmx posts the form on change and swaps rates and findings in place."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from entry_forms import form_url, row_index

webdriver = pytest.importorskip("selenium.webdriver")

pytestmark = pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("google-chrome")),
                                reason="needs Chromium")


@pytest.fixture
def browser(transactional_db: None, live_server: object, reporter: object) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    client = Client()
    client.force_login(reporter)
    driver.get(f"{live_server}/healthz")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session, "path": "/"})
    yield driver
    driver.quit()


def test_typing_counts_updates_the_rate_and_the_findings_in_place(browser: Any, live_server: object) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def shows(selector: str, text: str) -> None:
        """Waits until the element shows ``text``; htmx replaces it meanwhile, so a found one may go stale."""
        wait = WebDriverWait(driver, 10, ignored_exceptions=[StaleElementReferenceException])
        wait.until(lambda d: text in d.find_element(By.CSS_SELECTOR, selector).text)

    driver = browser
    driver.get(f"{live_server}{form_url()}")
    driver.find_element(By.NAME, "v:5.1.1").send_keys("1.543")
    driver.find_element(By.NAME, "v:5.1.2").send_keys("712")
    driver.find_element(By.NAME, "n:5.1.2").click()  # leaving the input: change

    shows(f"#calc-{row_index('5.1')} output", "46,14")
    field = driver.find_element(By.NAME, "v:5.1.2")
    field.clear()
    field.send_keys("2.000")
    driver.find_element(By.NAME, "n:5.1.2").click()
    shows(f"#chk-{row_index('5.1.2')}", "lớn hơn chỉ tiêu 5.1.1")
    shows("#preview-summary", "2 lỗi")
    assert driver.find_element(By.NAME, "v:5.1.2").get_attribute("value") == "2.000"
