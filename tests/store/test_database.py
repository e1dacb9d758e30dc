"""The suite runs on the database it was asked to: SQLite by default, PostgreSQL in the second CI run."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_store_uses_the_requested_database() -> None:
    wanted = "postgresql" if os.environ.get("CHISO_TEST_DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == wanted
