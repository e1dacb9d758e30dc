"""Two imports of the official units and links of 66 at once, on PostgreSQL: the second waits for the first
and then finds everything written, so each unit, version and link is stored once and neither import fails.

SQLite lets one writer in at a time, so there the imports never overlap.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from chiso.orgunits.vn import vn_2025, vn_legacy, vn_links_2025
from chiso.store import models, services

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_imports_at_once_write_each_unit_and_link_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: two imports never overlap")
    units, links = [*vn_legacy("66"), *vn_2025("66")], vn_links_2025("66")
    first_written, release = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                services.save_org_units(units)
                services.save_org_unit_links(links)
                first_written.set()
                assert release.wait(30)  # holds its transaction, and the lock, open
        finally:
            connection.close()

    def second() -> int:
        try:
            assert first_written.wait(30)
            services.save_org_units(units)
            return services.save_org_unit_links(links)
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        held, waiting = pool.submit(first), pool.submit(second)
        assert not _done_within(waiting, 1.0)  # it waits for the first import's lock, not for nothing
        release.set()
        held.result(timeout=60)
        changed = waiting.result(timeout=60)

    assert changed == 0  # the second found every link written by the first
    assert models.OrgUnitLink.objects.count() == len(links) == 296
    assert models.OrgUnitVersion.objects.count() == len(units)
    assert models.OrgUnit.objects.count() == len({unit.code for unit in units})


def _done_within(future: object, seconds: float) -> bool:
    from concurrent.futures import Future, TimeoutError

    assert isinstance(future, Future)
    try:
        future.result(timeout=seconds)
    except TimeoutError:
        return False
    return True
