"""Long computations over the store kept (in Django's cache) until the data they were made from changes.

A province's findings take a check of its hundred communes' values, a few tenths of a second: every page
of the province would pay for it again. The key holds a stamp of the data instead of a time limit, so a
result is never older than the store: any write of a value, a unit or a framework moves the stamp.
Every such write leaves a history row (django-simple-history, also for bulk loads and deletions), and the
newest history row of each table is read through its primary key, so the stamp costs an index lookup per table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import connection

from chiso.store import models

T = TypeVar("T")
_MISSING = object()
KEPT_SECONDS = 24 * 3600  # the stamp decides freshness; the limit only lets unused results go


def remembered(kind: str, compute: Callable[[], T], *key: object) -> T:
    """``compute()``, or what it gave for the same ``kind`` and ``key`` while the data was as it is now."""
    name = f"chiso:{kind}:{_digest((connection.settings_dict['NAME'], key, data_stamp()))}"
    found = cache.get(name, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(name, found, KEPT_SECONDS)
    return cast(T, found)


def data_stamp() -> tuple[object, ...]:
    """Moves with every change of values, org units (their versions and links too), frameworks, submissions or
    data sets; equal stamps, equal data.

    Submissions and data sets count because a reporting-rate indicator's figures are made of them.

    The newest history row's time is part of it, so a store rebuilt with as many rows (a test rolled back,
    a restore) does not pass for the old one. One statement for every table: pages ask for it often.
    """
    parts = []
    for model in _STAMPED:
        table = connection.ops.quote_name(model.history.model._meta.db_table)
        newest = f"(SELECT {{}} FROM {table} ORDER BY history_id DESC LIMIT 1)"
        parts += [newest.format("history_id"), newest.format("history_date")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return tuple(row) if row is not None else ()


_STAMPED: tuple[Any, ...] = (models.Value, models.OrgUnit, models.OrgUnitVersion, models.OrgUnitLink,
                             models.Framework, models.Submission, models.DataSet)


def _digest(key: object) -> str:
    return hashlib.sha1(repr(key).encode()).hexdigest()
