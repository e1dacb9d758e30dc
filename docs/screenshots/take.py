"""Takes the screenshots of docs/ and the README from a fresh demo store, in Debian's headless Chromium.

Run: .venv/bin/python docs/screenshots/take.py   (needs chromium and chromium-driver; writes the PNGs here)

The demo is built in a temporary CHISO_HOME and served with `chiso serve` on a free loopback port, so the
pictures show what `make demo` shows, with two additions made in that copy only. The demo reporter sends
the open round of Phụ lục VIII through the form before the completeness grid is shot (late: its due day has
passed), so the grid is not all «Chưa gửi». And the demo's figures are the province's alone, with no target
missed, so the leaders' pages («Chưa đạt», an indicator across the communes) are shot on a small made-up
province loaded beside it once the demo's pages are shot (Tỉnh Minh Họa, below), read by its own viewer.
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
ROUND = "/nhap-lieu/cqs/66/2026S1/"  # the demo's open round of phuluc8 (due 15/07/2026, closing 16/01/2027)

# The made-up province of the leaders' pages: six communes, the 80% target of 2025 missed by two of them.
LEADERS_FRAMEWORK = """\
code: minhhoa
title: "Dịch vụ công trực tuyến của các xã (minh họa)"
indicators:
  - {code: "1", name: "Dịch vụ công trực tuyến", type: heading}
  - {code: "1.1", name: "Tổng số hồ sơ tiếp nhận", type: count, unit: "hồ sơ"}
  - {code: "1.2", name: "Số hồ sơ tiếp nhận trực tuyến", type: count, unit: "hồ sơ"}
  - code: "1.3"
    name: "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
    type: percent
    decimals: 2
    direction: higher
    formula: "{1.2} / {1.1} * 100"
    targets:
      - {period: "2025", value: 80%}
relations:
  - {kind: part_of, part: "1.2", whole: "1.1"}
"""
LEADERS_UNITS = """\
code,name,type,parent,valid_from,valid_to
90,Tỉnh Minh Họa,province,,,
90001,Xã Hòa Bình,commune,90,,
90002,Phường Tân Lập,commune,90,,
90003,Xã Ea Tiêu,commune,90,,
90004,Xã Cư Né,commune,90,,
90005,Phường Thành Nhất,commune,90,,
90006,Xã Yang Mao,commune,90,,
"""
# commune: (all applications, online ones) in 2025
LEADERS_FIGURES = {"90001": (1240, 1116), "90002": (2310, 1640), "90003": (860, 602), "90004": (540, 281),
                   "90005": (1980, 1723), "90006": (410, 369)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    home = Path(env["CHISO_HOME"])
    subprocess.run([*CHISO, "demo", "--no-serve", "--out", str(home / "out")], env=env, check=True,
                   capture_output=True)
    server = subprocess.Popen([*CHISO, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("chiso serve did not answer on /healthz")


def add_leaders_province(env: dict[str, str], home: Path) -> None:
    """Tỉnh Minh Họa, its framework and 2025 figures, and «lanhdao», a viewer of the province."""
    values = ["framework,indicator,unit,period,value,note,source"]
    for unit, (total, online) in LEADERS_FIGURES.items():
        values += [f"minhhoa,1.1,{unit},2025,{total},,", f"minhhoa,1.2,{unit},2025,{online},,"]
    files = {"minhhoa.yaml": LEADERS_FRAMEWORK, "minhhoa-units.csv": LEADERS_UNITS,
             "minhhoa-values.csv": "\n".join(values) + "\n"}
    for name, text in files.items():
        (home / name).write_text(text, encoding="utf-8")
    subprocess.run([*CHISO, "load", *(str(home / name) for name in files)], env=env, check=True,
                   capture_output=True)
    subprocess.run([*CHISO, "user", "add", "lanhdao", "--role", "viewer", "--unit", "90"],
                   env={**env, "CHISO_PASSWORD": PASSWORD}, check=True, capture_output=True)


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
    WebDriverWait(driver, 60).until(lambda d: "dang-nhap" not in d.current_url)  # a first dashboard is slow


def phone(driver: WebDriver) -> None:
    """A phone's viewport, 390 px wide (an iPhone 14), as the browser test of the form checks it."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})


def shoot(driver: WebDriver, name: str) -> None:
    time.sleep(1)  # charts finish drawing
    driver.save_screenshot(str(HERE / f"{name}.png"))
    print(f"wrote {HERE / name}.png")


def flagged_entry(driver: WebDriver, site: str) -> None:
    """The open round's form with 2.000 of 1.543 procedures typed: the check speaks before anything is saved."""
    driver.get(f"{site}{ROUND}")
    driver.find_element(By.NAME, "v:5.1.1").send_keys("1.543")
    driver.find_element(By.NAME, "v:5.1.2").send_keys("2.000")
    driver.find_element(By.NAME, "n:5.1.2").click()  # leaving the field: the checks run
    WebDriverWait(driver, 15).until(lambda d: "lớn hơn" in d.page_source)


def send_the_round(driver: WebDriver, site: str) -> None:
    """The demo reporter sends the open round (712 of 1.543), after its due day: the grid shows it late."""
    driver.get(f"{site}{ROUND}")
    for code, text in (("5.1.1", "1.543"), ("5.1.2", "712")):
        field = driver.find_element(By.NAME, f"v:{code}")
        field.clear()
        field.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "button[name='action'][value='submit']").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".subject .status.submitted"))


def desktop(driver: WebDriver, site: str) -> None:
    login(driver, site, "quantri")
    driver.get(f"{site}/?framework=cds2025&unit=66")
    shoot(driver, "dashboard")
    driver.get(f"{site}/chi-tieu/cqs/5.4/?unit=66")
    shoot(driver, "indicator")
    driver.get(f"{site}/quan-tri/")
    shoot(driver, "manage-home")
    driver.get(f"{site}/bao-cao/bo-bieu/phuluc8/ky/")
    shoot(driver, "rounds-data-set")
    login(driver, site, "nhaplieu")
    flagged_entry(driver, site)
    driver.execute_script("document.getElementsByName('v:5.1.1')[0].scrollIntoView({block: 'center'})")
    shoot(driver, "entry-form")


def on_a_phone(driver: WebDriver, site: str) -> None:
    phone(driver)
    flagged_entry(driver, site)
    driver.execute_script("document.getElementsByName('v:5.1.1')[0].closest('tr').scrollIntoView({block: 'start'})")
    shoot(driver, "entry-phone")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def rounds_and_leaders(driver: WebDriver, site: str, env: dict[str, str]) -> None:
    send_the_round(driver, site)
    login(driver, site, "quantri")
    driver.get(f"{site}/bao-cao/hoan-thanh/?data_set=phuluc8&unit=66")
    shoot(driver, "rounds-completeness")
    add_leaders_province(env, Path(env["CHISO_HOME"]))  # only now: the demo's own pages never show it
    login(driver, site, "lanhdao")
    driver.get(f"{site}/danh-gia/?framework=minhhoa&unit=90&status=not_met&below=1")
    shoot(driver, "leaders-not-met")
    driver.get(f"{site}/chi-tieu/minhhoa/1.3/cap-duoi/?unit=90")
    shoot(driver, "leaders-across")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="chiso-screenshots-") as home:
        env = {**os.environ, "CHISO_HOME": home}
        env.pop("CHISO_DATABASE_URL", None)
        port = free_port()
        site = f"http://127.0.0.1:{port}"
        server = serve(env, port)
        driver = chrome(Path(home) / "profile")
        try:
            desktop(driver, site)
            on_a_phone(driver, site)
            rounds_and_leaders(driver, site, env)
        finally:
            driver.quit()
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
