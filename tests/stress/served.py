"""A chiso store of its own, served as `chiso serve` serves it, and a client that talks to it as people do.

Everything runs in separate processes, exactly as deployed: the command line for the store, gunicorn with
two workers for the web app, on loopback, with a CHISO_HOME in a temporary folder. Nothing is shared with
the test process's own (in-memory) database.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from html_forms import form_fields

CHISO = (sys.executable, "-m", "chiso.cli")
PASSWORD = "stress-password-1"
# username, role, unit: a reporter of 643, another of 644 and the province admin.
USERS = (("nhaplieu", "reporter", "643"), ("nhaplieu644", "reporter", "644"), ("quantri", "admin", "66"))
LOGIN = "/tai-khoan/dang-nhap/"
DATABASES = ["sqlite", "postgresql"]  # a store on each; PostgreSQL's only when CHISO_TEST_DATABASE_URL is set
Say = Callable[[str], None]  # writes a line of figures to the terminal (the ``say`` fixture)


@dataclass
class Store:
    """A store under ``home`` (SQLite there, or the database of ``database_url``) and the commands on it."""

    home: Path
    database_url: str
    env: dict[str, str]

    def chiso(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([*CHISO, *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"chiso {' '.join(args)} → {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        """A command started in the background, its output discarded (it may be killed at any moment)."""
        return subprocess.Popen([*CHISO, *args], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @property
    def sqlite_file(self) -> Path | None:
        return Path(self.database_url.removeprefix("sqlite:///")) if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    def token(self, username: str) -> str:
        return self.chiso("user", "token", username).stdout.strip().split()[-1]


def new_store(home: Path, database_url: str | None = None, *, like: Path | None = None) -> Store:
    """A store with the shipped frameworks and Đắk Lắk data, and the accounts of USERS.

    ``like``: a SQLite store made so before, copied rather than built again (SQLite only).
    """
    from chiso.data import shipped_files

    home.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{home / 'chiso.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DJANGO_"))}
    env.update(CHISO_HOME=str(home), CHISO_DATABASE_URL=url, CHISO_SECRET_KEY="stress-tests-only",
               CHISO_ARGON2="0", CHISO_PASSWORD=PASSWORD, PYTHONUNBUFFERED="1")
    store = Store(home, url, env)
    if like is not None and store.sqlite_file is not None:
        with closing(sqlite3.connect(like)) as source, closing(sqlite3.connect(store.sqlite_file)) as copy:
            source.backup(copy)
        return store
    store.chiso("migrate")
    store.chiso("load", *map(str, shipped_files()))
    for username, role, unit in USERS:
        store.chiso("user", "add", username, "--role", role, "--unit", unit)
    return store


def store_on(database: str, home: Path, name: str, like: Path | None = None) -> Store:
    """A fresh store on SQLite (a file under ``home``, a copy of ``like`` if given) or on PostgreSQL (database
    ``name`` on the test server)."""
    import pytest

    if database == "sqlite":
        return new_store(home, like=like)
    url = os.environ.get("CHISO_TEST_DATABASE_URL")
    if not url:
        pytest.skip("CHISO_TEST_DATABASE_URL is not set: PostgreSQL stress run skipped")
    return new_store(home, fresh_postgres(url, name))


def query(store: Store, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """Rows read straight from the store's database in a connection of the test's own (``%s`` marks a parameter)."""
    if store.sqlite_file is not None:
        with closing(sqlite3.connect(store.sqlite_file, timeout=30)) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(store.database_url) as connection:
        return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]


def fresh_postgres(url: str, name: str) -> str:
    """A new, empty database ``name`` on the server of ``url`` (dropped first if a run left it behind)."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(store: Store, workers: int = 2) -> Iterator[str]:
    """`chiso serve` on a free loopback port, until the block ends; yields its address."""
    port = free_port()
    log = (store.home / "serve.log").open("ab")
    process = subprocess.Popen([*CHISO, "serve", "--port", str(port), "--workers", str(workers)], env=store.env,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"chiso serve stopped at once (exit {process.returncode})")
        try:
            if Client(base).get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"chiso serve did not answer on {base} within 60 s")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


@dataclass
class Client:
    """Talks HTTP/1.1 to the served app: a token for the API, or cookies (session, CSRF) as a browser keeps them."""

    base: str
    token: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def request(self, method: str, path: str, *, body: dict[str, Any] | None = None,
                form: dict[str, str] | None = None, timeout: float = 60) -> Answer:
        headers = {"Accept": "application/json" if self.token else "text/html"}
        data: bytes | None = None
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if form is not None:
            data, headers["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        address = urlsplit(self.base)
        connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=timeout)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            connection.close()

    def _keep_cookies(self, lines: list[str]) -> None:
        for line in lines:
            cookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value

    def login(self, username: str, password: str = PASSWORD) -> None:
        fields = form_fields(self.get(LOGIN).text)
        answer = self.request("POST", LOGIN, form=fields | {"username": username, "password": password})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise AssertionError(f"{username} could not sign in: {answer.status}")
