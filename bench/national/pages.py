"""Province pages served by ``chiso serve`` (gunicorn, loopback), signed in as a province admin.

The account is made with ``chiso user add`` (password from CHISO_PASSWORD); the pages are read with the
session of a real sign-in through the login form, the API with the account's token (``chiso user token``).
Requests go one at a time (the latency of one reader, not the throughput of many), after three untimed
ones. The floor beside them is a one-view Django site (bench/minimal_site.py) served the same way.
"""

from __future__ import annotations

import http.client
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parents[1]
USERNAME, PASSWORD = "quantri-tinh", "Bench-Quoc-Gia-2026!"
WARM_UP = 3


@dataclass
class Page:
    name: str
    path: str
    api: bool = False
    latencies: list[float] = field(default_factory=list)
    first: float = 0.0  # the first request after the server started: nothing of the store kept yet
    status: int = 0
    skipped: str = ""

    def summary(self) -> dict[str, Any]:
        if self.skipped:
            return {"page": self.name, "path": self.path, "skipped": self.skipped}
        if not self.latencies:
            return {"page": self.name, "path": self.path, "failed": f"answered {self.status}"}
        ordered = sorted(self.latencies)
        return {"page": self.name, "path": self.path, "requests": len(ordered), "p50": statistics.median(ordered),
                "p95": ordered[max(0, round(len(ordered) * 0.95) - 1)], "first": self.first}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} ended with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no server on port {port} after {seconds} s")


def request(port: int, path: str, headers: dict[str, str], method: str = "GET",
            body: str | None = None) -> tuple[int, dict[str, list[str]], bytes, float]:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    elapsed = time.perf_counter() - start
    found: dict[str, list[str]] = {}
    for name, value in response.getheaders():
        found.setdefault(name.lower(), []).append(value)
    connection.close()
    return response.status, found, content, elapsed


def sign_in(port: int) -> str:
    """The Cookie header of a session signed in through the login form (with its CSRF token)."""
    status, headers, content, _ = request(port, "/tai-khoan/dang-nhap/", {})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if status != 200 or token is None:
        raise SystemExit(f"login page answered {status} without a CSRF token")
    cookies = _cookies(headers)
    body = urlencode({"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode(),
                      "next": "/"})
    status, headers, _content, _ = request(port, "/tai-khoan/dang-nhap/", {
        "Cookie": _header(cookies), "Content-Type": "application/x-www-form-urlencoded"}, "POST", body)
    cookies |= _cookies(headers)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"signing in as {USERNAME} answered {status}")
    return _header(cookies)


def _cookies(headers: dict[str, list[str]]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for line in headers.get("set-cookie", []):
        jar.load(line)
    return {name: morsel.value for name, morsel in jar.items()}


def _header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def time_page(port: int, page: Page, headers: dict[str, str], requests: int) -> Page:
    status, _headers, _content, page.first = request(port, page.path, headers)
    page.status = status
    if status == 404 and page.api:
        page.skipped = "404: not in the API yet"
        return page
    if status != 200:
        return page
    for _ in range(WARM_UP - 1):
        request(port, page.path, headers)
    for _ in range(requests):
        status, _headers, _content, elapsed = request(port, page.path, headers)
        if status != 200:
            page.status = status
            page.latencies.clear()
            return page
        page.latencies.append(elapsed)
    return page


def serve(command: list[str], env: dict[str, str], port: int, log: Path,
          cwd: Path | None = None) -> subprocess.Popen[bytes]:
    with log.open("w") as handle:  # the child keeps its own copy of the file descriptor
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT)
    wait_for(port, process)
    return process


def measure(db_url: str, province: str, commune: str, env: dict[str, str], requests: int, workers: int,
            folder: Path) -> dict[str, Any]:
    """p50 and p95 of each province page, of the API, and of the minimal Django view."""
    chiso = [sys.executable, "-m", "chiso.cli"]
    env = {**env, "CHISO_PASSWORD": PASSWORD, "CHISO_SECRET_KEY": "bench-national"}
    subprocess.run([*chiso, "user", "add", USERNAME, "--role", "admin", "--unit", province, "--db", db_url], env=env,
                   check=True, capture_output=True)
    token = subprocess.run([*chiso, "user", "token", USERNAME, "--db", db_url], env=env, check=True,
                           capture_output=True, text=True).stdout.strip().split()[-1]
    ports = {"chiso": free_port(), "minimal": free_port()}
    servers = [serve([*chiso, "serve", "--port", str(ports["chiso"]), "--workers", str(workers), "--db", db_url],
                     env, ports["chiso"], folder / "serve.log"),
               serve([sys.executable, "-m", "gunicorn", "minimal_site:application", "--bind",
                      f"127.0.0.1:{ports['minimal']}", "--workers", str(workers)], env, ports["minimal"],
                     folder / "minimal.log", BENCH)]
    try:
        session = {"Cookie": sign_in(ports["chiso"])}
        api = {"Authorization": f"Token {token}"}
        pages = [(Page("dashboard", f"/?framework=cqs&unit={province}"), session),
                 (Page("indicator 5.4", f"/chi-tieu/cqs/5.4/?unit={province}"), session),
                 (Page("API values", f"/api/values/?framework=cqs&unit={province}", api=True), api),
                 (Page("API figures", f"/api/figures/?framework=cqs&unit={province}", api=True), api),
                 (Page("API values of a commune", f"/api/values/?framework=cqs&unit={commune}", api=True), api)]
        found = [time_page(ports["chiso"], page, headers, requests).summary() for page, headers in pages]
        floor = time_page(ports["minimal"], Page("minimal Django view", "/"), {}, requests).summary()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    return {"pages": found, "minimal": floor, "workers": workers}
