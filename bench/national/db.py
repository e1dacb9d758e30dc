"""The two databases of one run, each with chiso's store and the baseline's copy, and their SQL differences.

The bench creates and drops its own PostgreSQL databases (``<name>`` for chiso's store, ``<name>_base`` for
the baseline's load); on SQLite both are files in the run's temp folder.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg


@dataclass(frozen=True)
class Database:
    """One kind of database: chiso's store (``url``) and the empty copy the baseline loads into (``base_url``)."""

    kind: str  # "sqlite" or "postgresql"
    url: str
    base_url: str

    @property
    def marker(self) -> str:
        return "?" if self.kind == "sqlite" else "%s"

    def connect(self, url: str | None = None) -> Any:
        """A plain DB-API connection (no Django), as a hand-written program would open one."""
        target = url or self.url
        if self.kind == "sqlite":
            return sqlite3.connect(sqlite_path(target), isolation_level=None)
        return psycopg.connect(target)

    def month_before(self, column: str) -> str:
        """SQL for the first day of the month before the date in ``column``."""
        if self.kind == "sqlite":
            return f"date({column}, '-1 month')"
        return f"CAST({column} - INTERVAL '1 month' AS DATE)"

    def decimals(self, column: str) -> str:
        """SQL for the number of decimals written in the text ``column`` (46.10 → 2, 396 → 0)."""
        position = f"instr({column}, '.')" if self.kind == "sqlite" else f"strpos({column}, '.')"
        return f"CASE WHEN {position} > 0 THEN length({column}) - {position} ELSE 0 END"


def sqlite_database(folder: Path) -> Database:
    return Database("sqlite", f"sqlite:///{folder / 'chiso.sqlite3'}", f"sqlite:///{folder / 'base.sqlite3'}")


def postgres_database(url: str) -> Database:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "chiso_national"
    base = urlunsplit(parts._replace(path=f"/{name}_base"))
    return Database("postgresql", urlunsplit(parts._replace(path=f"/{name}")), base)


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def create(database: Database, url: str) -> None:
    """An empty database at ``url``: a missing file, or a PostgreSQL database dropped and created again."""
    drop(database, url)
    if database.kind == "postgresql":
        with _server(url) as connection:
            connection.execute(f'CREATE DATABASE "{urlsplit(url).path.lstrip("/")}"')


def copy(database: Database, source: str, target: str) -> None:
    """``target`` as a copy of ``source`` (a file copy, or CREATE DATABASE … TEMPLATE)."""
    if database.kind == "sqlite":
        shutil.copyfile(sqlite_path(source), sqlite_path(target))
        return
    name, template = urlsplit(target).path.lstrip("/"), urlsplit(source).path.lstrip("/")
    with _server(target) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def drop(database: Database, url: str) -> None:
    if database.kind == "sqlite":
        sqlite_path(url).unlink(missing_ok=True)
        return
    name = urlsplit(url).path.lstrip("/")
    with _server(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def size_mb(database: Database, url: str) -> float:
    if database.kind == "sqlite":
        return sqlite_path(url).stat().st_size / 2**20
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
    return float(row[0]) / 2**20 if row else 0.0


def _server(url: str) -> psycopg.Connection[Any]:
    """A connection to the server's maintenance database, outside any transaction (CREATE DATABASE needs it)."""
    return psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True)
