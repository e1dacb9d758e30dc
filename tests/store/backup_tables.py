"""Every table of a store, read for comparison: found by introspection, each read through its Django model.

A table that no model describes fails the read, so a new table can never be left out of a comparison.
Rows are read through the models so that a SQLite and a PostgreSQL store compare by value (a decimal, an
aware time), not by how each database writes them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.apps import apps
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from chiso.store.backup_db import extra_database

# Not kept by a backup, by design: a restored store signs everyone in again.
SESSIONS = "django_session"


def contents(alias: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows by primary key; the migrations applied as a set (their times are the target's own)."""
    connection = connections[alias]
    models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy}
    found: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    for name in names:
        if name.startswith("sqlite_"):  # SQLite's own statistics
            continue
        if name == "django_migrations":
            found[name] = sorted(MigrationRecorder(connection).applied_migrations())
            continue
        assert name in models, f"table {name} has no Django model: a comparison through the models would miss it"
        model = models[name]
        fields = [f.attname for f in model._meta.concrete_fields]
        found[name] = list(model._base_manager.using(alias).order_by("pk").values_list(*fields))
    return found


def differences(left: dict[str, list[tuple[Any, ...]]], right: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """What differs, table by table, readable in a failed assertion."""
    found = []
    for name in sorted(set(left) | set(right)):
        a, b = left.get(name), right.get(name)
        if a != b:
            extra = [r for r in (b or []) if r not in (a or [])][:2]
            gone = [r for r in (a or []) if r not in (b or [])][:2]
            found.append(f"{name}: {len(a or [])} → {len(b or [])} rows; gone {gone}; new {extra}")
    return found


def postgres_server() -> dict[str, Any] | None:
    url = os.environ.get("CHISO_TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import dj_database_url

    return dict(dj_database_url.parse(url))


def _admin(server: dict[str, Any]) -> psycopg.Connection[Any]:
    return psycopg.connect(host=server["HOST"], port=server["PORT"] or 5432, user=server["USER"],
                           password=server["PASSWORD"] or None, dbname="postgres", autocommit=True)


@contextmanager
def other_store(kind: str, folder: Path, name: str) -> Iterator[str]:
    """An alias to a new, empty database of that kind (no tables), removed afterwards."""
    if kind == "sqlite":
        with extra_database(f"sqlite:///{folder / (name + '.sqlite3')}") as alias:
            yield alias
        return
    server = postgres_server()
    if server is None:
        pytest.skip("PostgreSQL: only when CHISO_TEST_DATABASE_URL names a server")
    database = f"{server['NAME']}_{name}"
    with _admin(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')
    port = server["PORT"] or 5432
    try:
        with extra_database(f"postgres://{server['USER']}@{server['HOST']}:{port}/{database}") as alias:
            yield alias
    finally:
        with _admin(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
