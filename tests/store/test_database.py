"""The suite runs on the database it was asked to: SQLite by default, PostgreSQL in the second CI run."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_store_uses_the_requested_database() -> None:
    wanted = "postgresql" if os.environ.get("CHISO_TEST_DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == wanted


@pytest.mark.django_db
@pytest.mark.sqlite_only
def test_statistics_are_refreshed_for_the_planner(shipped_store: None) -> None:

    from chiso.store.setup import refresh_statistics

    refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'store_value'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert "value_by_indicator" in indexes  # the index the view's roll-ups choose between
