"""Takes the screenshots of docs/ and the README from a fresh demo store, in Debian's headless Chromium.

Run: .venv/bin/python docs/screenshots/take.py   (needs chromium and chromium-driver; writes the PNGs here)

The demo is built in a temporary CHISO_HOME and served with `chiso serve` on a free loopback port, so the
pictures show exactly what `make demo` shows.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
CHISO = [sys.executable, "-m", "chiso.cli"]
PASSWORD = "chiso-demo-2025"  # the demo accounts' password (chiso.cli.web.DEMO_PASSWORD)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    subprocess.run([*CHISO, "demo", "--no-serve", "--out", str(Path(env["CHISO_HOME"]) / "out")], env=env,
                   check=True, capture_output=True)
    server = subprocess.Popen([*CHISO, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("chiso serve did not answer on /healthz")


def chrome(profile: Path) -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--disable-background-networking", "--no-first-run", "--window-size=1400,1100",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))


def login(driver: WebDriver, site: str, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{site}/tai-khoan/dang-nhap/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "dang-nhap" not in d.current_url)


def phone(driver: WebDriver) -> None:
    """A phone's viewport, 390 px wide (an iPhone 14), as the browser test of the form checks it."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})


def shoot(driver: WebDriver, name: str) -> None:
    time.sleep(1)  # charts finish drawing
    driver.save_screenshot(str(HERE / f"{name}.png"))
    print(f"wrote {HERE / name}.png")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="chiso-screenshots-") as home:
        env = {**os.environ, "CHISO_HOME": home}
        env.pop("CHISO_DATABASE_URL", None)
        port = free_port()
        site = f"http://127.0.0.1:{port}"
        server = serve(env, port)
        driver = chrome(Path(home) / "profile")
        try:
            login(driver, site, "quantri")
            driver.get(f"{site}/?framework=cds2025&unit=66")
            shoot(driver, "dashboard")
            driver.get(f"{site}/chi-tieu/cqs/5.4/?unit=66")
            shoot(driver, "indicator")
            login(driver, site, "nhaplieu")
            driver.get(f"{site}/nhap-lieu/cqs/643/2025S1/")
            driver.find_element(By.NAME, "v:5.1.1").send_keys("1.543")
            driver.find_element(By.NAME, "v:5.1.2").send_keys("2.000")
            driver.find_element(By.NAME, "n:5.1.2").click()  # leaving the field: the checks run
            WebDriverWait(driver, 15).until(lambda d: "lớn hơn" in d.page_source)
            driver.execute_script("document.getElementsByName('v:5.1.1')[0].scrollIntoView({block: 'center'})")
            shoot(driver, "entry-form")
            phone(driver)
            driver.get(f"{site}/nhap-lieu/cqs/643/2025S1/")
            driver.find_element(By.NAME, "v:5.1.1").send_keys("1.543")
            driver.find_element(By.NAME, "v:5.1.2").send_keys("2.000")
            driver.find_element(By.NAME, "n:5.1.2").click()
            WebDriverWait(driver, 15).until(lambda d: "lớn hơn" in d.page_source)
            driver.execute_script("document.getElementsByName('v:5.1.1')[0].closest('tr')"
                                  ".scrollIntoView({block: 'start'})")
            shoot(driver, "entry-phone")
        finally:
            driver.quit()
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
