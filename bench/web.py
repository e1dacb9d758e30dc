"""Requests per second and latency of the dashboard and a values API call, against a minimal Django view.

Run: .venv/bin/python bench/web.py [--requests 400] [--concurrency 4] [--workers 2]

Both sites are served the same way on loopback (gunicorn, same worker count, same machine): chiso with
the Đắk Lắk demo database, and a one-view Django site returning "ok" (bench/minimal_site.py). The
ratio shows what chiso's own work costs per request on top of Django and the server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(app: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{app} did not start on port {port}")


def one(port: int, path: str, headers: dict[str, str]) -> float:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")
    return time.perf_counter() - start


def load(port: int, path: str, headers: dict[str, str], requests: int, concurrency: int) -> dict[str, float]:
    for _ in range(10):  # warm-up: imports, caches and connections
        one(port, path, headers)
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(lambda _i: one(port, path, headers), range(requests)))
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {"rps": requests / elapsed, "p50_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000}


def demo_home(env: dict[str, str]) -> str:
    subprocess.run([sys.executable, "-m", "chiso.cli", "demo", "--no-serve", "--out", env["CHISO_HOME"] + "/out"],
                   env=env, check=True, capture_output=True)
    return subprocess.run([sys.executable, "-m", "chiso.cli", "user", "token", "quantri"], env=env, check=True,
                           capture_output=True, text=True).stdout.strip().split()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="chiso-bench-web-")
    env = {**os.environ, "CHISO_HOME": home, "CHISO_PUBLIC_DASHBOARD": "1", "CHISO_SECRET_KEY": "bench"}
    env.pop("CHISO_DATABASE_URL", None)
    token = demo_home(env)
    ports = {"chiso": free_port(), "minimal": free_port()}
    servers = [serve("chiso.web.wsgi:application", ports["chiso"], args.workers, env),
               serve("minimal_site:application", ports["minimal"], args.workers, env)]
    try:
        baseline = load(ports["minimal"], "/", {}, args.requests, args.concurrency)
        results = {
            "minimal Django view": baseline,
            "dashboard /?framework=cds2025&unit=66": load(ports["chiso"], "/?framework=cds2025&unit=66", {},
                                                          args.requests, args.concurrency),
            "API /api/values/?framework=cqs&unit=66": load(
                ports["chiso"], "/api/values/?framework=cqs&unit=66", {"Authorization": f"Token {token}"},
                args.requests, args.concurrency),
        }
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    print(f"{'page':<42} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'rps ratio':>10}")
    for name, found in results.items():
        print(f"{name:<42} {found['rps']:>8.1f} {found['p50_ms']:>8.1f} {found['p95_ms']:>8.1f} "
              f"{baseline['rps'] / found['rps']:>9.2f}×")
    print(json.dumps({"requests": args.requests, "concurrency": args.concurrency, "workers": args.workers}))


if __name__ == "__main__":
    main()
