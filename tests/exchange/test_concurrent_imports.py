"""Two imports of packages for the same unit at once, on PostgreSQL: the second waits for the first to commit,
then finds every figure as stored and writes nothing, so each figure and its history row are written once.

SQLite lets one writer in at a time, so there the imports never overlap.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError
from pathlib import Path

import pytest
from django.db import connection, transaction

from chiso.exchange.package import read_package
from chiso.exchange.plan import Plan
from chiso.store import exchange, models
from exchange.stores import approve_all, export, own_province, to_ministry

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_second_import_waits_and_writes_nothing_twice(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: two imports never overlap")
    own_province()
    approve_all()
    export(tmp_path / "goi.zip", "-f", "thu", "-u", "99", "--below", "--periods", "2024:2025")
    package = read_package((tmp_path / "goi.zip").read_bytes(), "goi.zip")
    to_ministry()
    first_written, release = threading.Event(), threading.Event()

    def first() -> Plan:
        try:
            with transaction.atomic():
                found = exchange.receive(package)
                first_written.set()
                assert release.wait(30)  # holds its transaction, and the load lock, open
                return found
        finally:
            connection.close()

    def second() -> Plan:
        try:
            assert first_written.wait(30)
            return exchange.receive(package)
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        held, waiting = pool.submit(first), pool.submit(second)
        assert not _done_within(waiting, 1.0)  # it waits for the first import's lock, not for nothing
        release.set()
        assert len(held.result(timeout=60).changes()) == 8
        assert waiting.result(timeout=60).changes() == []

    assert models.Value.objects.count() == models.Value.history.count() == 8


def _done_within(future: Future[Plan], seconds: float) -> bool:
    try:
        future.result(timeout=seconds)
    except TimeoutError:
        return False
    return True
