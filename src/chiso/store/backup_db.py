"""What backup and restore ask of the database itself: a consistent snapshot, an extra connection, a copy, ids.

SQLite: the snapshot is the online backup API's copy of the live file, taken in one step (a reader's
lock for the time it takes to copy the pages, never blocking writers in WAL mode), then read at leisure;
a restore is built in a private file beside the store and copied over it by the same API in one write
transaction, so the store is either the old one or the restored one, never a mixture.
PostgreSQL: the snapshot is one REPEATABLE READ, READ ONLY transaction (what pg_dump uses); a restore is
one transaction, schema changes included, since PostgreSQL's DDL is transactional.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from itertools import count
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db import models as db
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

from chiso.errors import InputError, os_reason
from chiso.store.backup_schema import MADE_BY_MIGRATE

_aliases = count(1)


def vendor(using: str) -> str:
    return str(connections[using].vendor)


@contextmanager
def extra_database(url: str, options: dict[str, Any] | None = None) -> Iterator[str]:
    """A connection alias to another database for the time of the block (a snapshot, a store being built).

    The connection is made here and known to this thread only, outside ``settings.DATABASES``: nothing else
    (the web app, a test's database guard) mistakes it for one of the configured databases.
    """
    alias = f"chiso_backup_{os.getpid()}_{next(_aliases)}"
    config: dict[str, Any] = dict(dj_database_url.parse(url))
    config["OPTIONS"] = dict(options or {})
    config = connections.configure_settings({"default": {}, alias: config})[alias]
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]


def sqlite_file(using: str) -> Path | None:
    """The store's SQLite file, or None for an in-memory database (the test suite's)."""
    connection: Any = connections[using]  # the SQLite wrapper
    return None if connection.is_in_memory_db() else Path(str(connection.settings_dict["NAME"]))


@contextmanager
def scratch_sqlite(beside: Path | None, page_size: int | None = None) -> Iterator[Path]:
    """A new, empty SQLite file next to ``beside`` (on the store's disk, not in a RAM-backed /tmp), removed after."""
    folder = beside.parent if beside is not None else Path(tempfile.gettempdir())
    try:
        handle, name = tempfile.mkstemp(prefix=".chiso-backup-", suffix=".sqlite3", dir=folder)
    except OSError as exc:
        raise InputError(f"không tạo được tệp tạm cho bản sao: {os_reason(exc)}", file=str(folder)) from exc
    os.close(handle)
    path = Path(name)
    try:
        if page_size:
            with closing(sqlite3.connect(path)) as fresh:
                # The online backup API copies pages as they are; WAL needs both sides to share a page size.
                fresh.execute(f"PRAGMA page_size = {int(page_size)}")
                fresh.execute("VACUUM")
        yield path
    finally:
        for leftover in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)


def _raw(using: str) -> sqlite3.Connection:
    connection: BaseDatabaseWrapper = connections[using]
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def sqlite_snapshot(using: str, into: Path) -> None:
    """The live store copied into ``into`` in one step of the online backup API: a consistent snapshot."""
    with closing(sqlite3.connect(into)) as target:
        _raw(using).backup(target, pages=-1)


def sqlite_page_size(using: str) -> int:
    return int(_raw(using).execute("PRAGMA page_size").fetchone()[0])


def sqlite_replace(using: str, built: Path) -> None:
    """The store's content replaced by the file ``built``, in one write transaction of the online backup API."""
    connection = connections[using]
    connection.close()  # a fresh connection: nothing of the old schema cached, no transaction open
    with closing(sqlite3.connect(built)) as source:
        source.backup(_raw(using), pages=-1)
    connection.close()


@contextmanager
def snapshot(using: str) -> Iterator[str]:
    """The alias to read the store from, consistent as of one moment while writers go on."""
    if vendor(using) == "sqlite":
        with scratch_sqlite(sqlite_file(using)) as copy:
            sqlite_snapshot(using, copy)
            # Read raw: Django's sqlite3 type converters cost a third of a backup; backup_codec reads the text.
            with extra_database(f"sqlite:///{copy}", {"detect_types": 0}) as alias:
                yield alias
        return
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:  # the first statement of the transaction
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield using


def filled_tables(using: str) -> dict[str, int]:
    """The tables that hold rows a user put there, with their counts (SQLite's statistics are not data)."""
    connection = connections[using]
    found = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.django_table_names(only_existing=True)):
            if name in MADE_BY_MIGRATE:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            rows = int(cursor.fetchone()[0])
            if rows:
                found[name] = rows
    return found


def empty_tables(using: str, names: list[str] | None = None) -> None:
    """The tables emptied (by default every table of chiso's models, sessions included), in the caller's transaction."""
    connection = connections[using]
    names = sorted(connection.introspection.django_table_names(only_existing=True)) if names is None else names
    if not names:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(quote(n) for n in names))
            return
        for name in names:
            cursor.execute(f"DELETE FROM {quote(name)}")


def reset_sequences(using: str, models: list[type[db.Model]]) -> None:
    """Id sequences moved past the restored rows, so new rows get fresh ids (SQLite keeps this by itself)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def refresh_statistics(using: str) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
