"""`chiso serve` in a real process: it answers, keeps everything it writes under CHISO_HOME, nothing under ~."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from chiso.cli.web import control_socket

CHISO = [sys.executable, "-m", "chiso.cli"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthz(port: int, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                return str(answer.read().decode())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _written(log: Path, words: str, seconds: float = 10) -> str:
    """The log's text once it holds the words (or the time is up): a handler creates its file on its first line."""
    deadline = time.monotonic() + seconds
    while True:
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        if words in text or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Path, int]]:
    """A migrated SQLite store in a temporary CHISO_HOME, served with HOME set to an empty folder."""
    chiso_home, user_home = tmp_path / "chiso", tmp_path / "home"
    user_home.mkdir()
    env = {**os.environ, "CHISO_HOME": str(chiso_home), "HOME": str(user_home)}
    for name in ("CHISO_DATABASE_URL", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "MPLCONFIGDIR"):
        env.pop(name, None)
    migrated = subprocess.run([*CHISO, "migrate"], env=env, capture_output=True, text=True, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    server = subprocess.Popen([*CHISO, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield chiso_home, user_home, port
    finally:
        server.send_signal(signal.SIGTERM)  # gunicorn took over the process: it stops its workers and exits
        out, err = server.communicate(timeout=30)
        print(out.decode(), err.decode())  # shown by pytest when the test fails


def test_serve_answers_and_writes_nothing_under_home(served: tuple[Path, Path, int]) -> None:
    chiso_home, user_home, port = served

    assert '"status": "ok"' in _healthz(port)

    assert control_socket(chiso_home, port).is_socket()
    assert sorted(str(p.relative_to(user_home)) for p in user_home.rglob("*")) == []
    logs = chiso_home / "logs"
    assert "GET /healthz" in _written(logs / "access.log", "GET /healthz")  # once the answer has gone
    assert "Booting worker" in _written(logs / "gunicorn.log", "Booting worker")
    # The workers' own log: a request for a host chiso does not serve is refused (400) and written down.
    refused = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": "ke-gian.example"})
    with pytest.raises(urllib.error.HTTPError, match="400"):
        urllib.request.urlopen(refused, timeout=5)
    [record] = [json.loads(line) for line in _written(logs / "chiso.log", "DisallowedHost").splitlines()]
    assert record["logger"] == "django.security.DisallowedHost" and record["status"] == 400
    assert record["path"] == "/healthz" and "ke-gian.example" in record["message"]


def test_the_control_socket_is_left_out_when_its_path_is_too_long(tmp_path: Path) -> None:
    assert control_socket(tmp_path, 8000) == tmp_path / "run" / "gunicorn-8000.ctl"
    assert control_socket(tmp_path / ("x" * 120), 8000) is None  # a unix socket path holds at most 107 bytes
