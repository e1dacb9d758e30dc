"""Two `chiso remind` runs at once on PostgreSQL: each notification is written once and each mail sent once.

Both runs are held until each has read which events are still untold (all of them), so both then try to
write every row: the unique (person, key) lets one insert and makes the other find the row, and only
the run that inserted mails. SQLite lets one writer in at a time, so there the runs never overlap.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from notify_world import mails, subject, to

from chiso.web.notify import deliver
from chiso.web.notify.models import Notification
from chiso.web.notify.remind import run

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_at_once_send_each_mail_once(world: dict[str, Any], mail_folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: two runs never overlap")
    both_read = threading.Barrier(2, timeout=20)
    read = deliver.unsent

    def read_then_wait(messages: Sequence[deliver.Message]) -> list[deliver.Message]:
        found = read(messages)
        both_read.wait()
        return found

    monkeypatch.setattr(deliver, "unsent", read_then_wait)

    def remind() -> list[deliver.Message]:
        try:
            return run(date(2026, 4, 12))
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(remind) for _ in range(2)]
        sent = [future.result(timeout=60) for future in runs]

    assert sorted(len(one) for one in sent) != [5, 5]  # not both: each event went to one run
    assert sum(len(one) for one in sent) == Notification.objects.count() == 5
    letters = mails(mail_folder)
    assert len(letters) == 4
    assert len({(to(m), subject(m)) for m in letters}) == 4
