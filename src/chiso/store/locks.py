"""Writes of a store's catalogue and units that must run one after another, each on what the last committed."""

from __future__ import annotations

from django.db import connection

LOAD_LOCK = 0x63686973  # the PostgreSQL advisory lock that makes loads of one store run one after another


def one_load_at_a_time() -> None:
    """Loads of one store wait for each other, so each decides on what the one before it committed.

    PostgreSQL: a transaction-level advisory lock (taken again in the same transaction, it is already held).
    SQLite: the store's write lock, which the transaction took when it began (chiso.web.env: IMMEDIATE), so
    there is nothing more to take.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOAD_LOCK])
