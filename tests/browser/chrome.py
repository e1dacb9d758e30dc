"""A real browser for the tests: Debian's Chromium driven by its own ChromeDriver, and the real login form.

Selenium is never allowed to fetch a browser or a driver: both are given by path, and a test is skipped (with
the reason) when either is missing. The fixtures are defined here so that tests outside tests/browser can
import them: ``from browser.chrome import chrome_browser, download_folder`` brings the fixtures ``browser`` and
``downloads`` into a module (tests/browser/conftest.py does just that).
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

T = TypeVar("T")
TIMEOUT = 15  # seconds for any one wait; the slowest step (a Word report) takes about one
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,1000")


def _personas_password() -> str:
    """PASSWORD of tests/conftest.py, read from the file itself: ``import conftest`` may find another one."""
    spec = importlib.util.spec_from_file_location("chiso_tests_root_conftest",
                                                  Path(__file__).resolve().parents[1] / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.PASSWORD)


PASSWORD = _personas_password()


def executables() -> tuple[str, str]:
    """Chromium and ChromeDriver on this machine; skips the test when either is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        missing = " and ".join(name for name, found in (("chromium", chromium), ("chromedriver", driver))
                               if not found)
        pytest.skip(f"browser tests need Chromium and ChromeDriver installed (apt-get install chromium "
                    f"chromium-driver): {missing} not found on PATH")
    return chromium, driver


def start_chrome(download_dir: Path, profile_dir: Path) -> WebDriver:
    chromium, driver = executables()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_experimental_option("prefs", {
        "download.default_directory": str(download_dir), "download.prompt_for_download": False,
        "download.directory_upgrade": True, "safebrowsing.enabled": False,
        "intl.accept_languages": "vi-VN,vi"})
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


@pytest.fixture(name="downloads")
def download_folder(tmp_path: Path) -> Path:
    """Where the browser saves downloaded files."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture(name="browser")
def chrome_browser(downloads: Path) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile, saving downloads into ``downloads`` without asking."""
    profile = tempfile.mkdtemp(prefix="chiso-chromium-")
    driver = start_chrome(downloads, Path(profile))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver: WebDriver, until: Callable[[WebDriver], T], timeout: float = TIMEOUT) -> T:
    """WebDriverWait that tolerates elements htmx replaced between finding and reading them."""
    return WebDriverWait(driver, timeout, ignored_exceptions=[StaleElementReferenceException]).until(until)


def text_of(driver: WebDriver, selector: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, selector).text)


def shows(driver: WebDriver, selector: str, text: str, timeout: float = TIMEOUT) -> None:
    """Waits until the element at ``selector`` shows ``text``."""
    wait(driver, lambda d: text in text_of(d, selector), timeout)


def page_text(driver: WebDriver) -> str:
    return " ".join(str(driver.find_element(By.TAG_NAME, "body").text).split())


def logout(driver: WebDriver) -> None:
    """Signs out with the top bar's button if someone is signed in on the current page."""
    buttons = driver.find_elements(By.CSS_SELECTOR, "form[action$='/dang-xuat/'] button")
    if buttons:
        buttons[0].click()
        wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, ".topbar .who"))


def login(driver: WebDriver, live_server: Any, username: str, password: str = PASSWORD) -> str:
    """Signs ``username`` in through the login form as a person would; returns what the top bar then shows."""
    driver.get(f"{live_server}/tai-khoan/dang-nhap/")
    logout(driver)
    if "/tai-khoan/dang-nhap/" not in driver.current_url:
        driver.get(f"{live_server}/tai-khoan/dang-nhap/")
    form = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "main form[method='post']"))
    form.find_element(By.NAME, "username").send_keys(username)
    form.find_element(By.NAME, "password").send_keys(password)
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".topbar .who")
         or d.find_elements(By.CSS_SELECTOR, "main p.error"))
    assert not driver.find_elements(By.CSS_SELECTOR, "main p.error"), f"{username} could not sign in"
    return text_of(driver, ".topbar .who")
