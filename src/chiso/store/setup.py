"""Opening the store: Django configured for the chosen database, and its schema brought up to date on request.

The database comes from ``--db``, ``CHISO_DATABASE_URL`` or ``CHISO_HOME`` (a SQLite file). Only
``chiso migrate`` (and ``chiso demo``, which builds a store from nothing) changes the schema; every
other command refuses a schema that is behind and says how to bring it up to date.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import django
from django.core.management import call_command

from chiso.errors import ChisoError


class SchemaBehind(ChisoError):
    """The database lacks some of chiso's tables or columns: ``chiso migrate`` adds them."""


def configure(db_url: str | None = None) -> None:
    """Django set up for the chosen database, nothing read or written yet."""
    from django.conf import settings

    if db_url:
        os.environ["CHISO_DATABASE_URL"] = db_url
    if not settings.configured:  # already configured when a test suite or the web app runs the CLI
        # Another project's DJANGO_SETTINGS_MODULE in the shell must not leak into chiso.
        os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("CHISO_SETTINGS_MODULE", "chiso.web.settings")
    django.setup()
    _ensure_sqlite_folder()


def open_store(db_url: str | None = None) -> None:
    """The store ready to use: configured, with a schema that is up to date (else SchemaBehind)."""
    configure(db_url)
    pending = pending_migrations()
    if pending:
        shown = ", ".join(pending[:3]) + (f" và {len(pending) - 3} bước khác" if len(pending) > 3 else "")
        raise SchemaBehind(f"cơ sở dữ liệu {database_label()} chưa có cấu trúc mới nhất của chiso "
                           f"({len(pending)} bước chưa áp dụng: {shown}); chạy «chiso migrate» để cập nhật")


def migrate(db_url: str | None = None) -> list[str]:
    """Brings the schema up to date; returns the steps applied (none when it already was)."""
    configure(db_url)
    pending = pending_migrations()
    if pending:
        call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
        refresh_statistics()
    return pending


def pending_migrations() -> list[str]:
    """The migrations not yet applied to the database, as ``app.name``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _ensure_sqlite_folder() -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def database_label() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = str(database["ENGINE"]).rsplit(".", 1)[-1]
    return f"{engine}: {database['NAME']}"


def refresh_statistics() -> None:
    """Brings the database's statistics up to date after a large write, so its planner picks the right index.

    Without them SQLite reads a framework's values by indicator even when a province's view needs only
    its communes' (a twentieth of a second becomes two). SQLite's sampled statistics (``analysis_limit``)
    count a framework of 1,7 M values as a thousand and mislead it the same way; the full pass costs about
    a second per 1,7 M values, a fiftieth of their load.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 0")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            # Every table, the units' too: counted as 62 rows instead of 3.356, they sent a year's roll-up
            # through each unit's values (0,5 s instead of 0,19 s).
            cursor.execute("ANALYZE")
