"""Two first saves of one form at the same moment on PostgreSQL: the later one waits, then saves or is refused.

A form's first save creates its submission. When another save creates it meanwhile, the later insert waits
for that transaction and then meets the one-submission-per-period constraint: the form goes on with the row
the other save made (and checks its versions against what that save wrote), never a server error.
SQLite lets one writer in at a time, so there the two saves never overlap.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from entry_forms import filled, form_url, load_form

from chiso.store import models
from chiso.store.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)


def _save(client: Client, form: dict[str, str]) -> HttpResponse:
    try:
        return client.post(form_url(), form)  # type: ignore[return-value]
    finally:
        connection.close()  # this thread's own connection


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees the activity of its start
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock' AND query ILIKE '%%entry_submission%%'")
        row = cursor.fetchone()
    return bool(row and row[0])


def test_a_submission_created_meanwhile_is_waited_for(reporter: object, province_admin: object) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: two saves never overlap")
    mine = Client()
    mine.force_login(reporter)  # type: ignore[arg-type]
    form = filled(load_form(mine), {"5.1.1": "1.543"})
    pool = ThreadPoolExecutor(1)
    with transaction.atomic():  # the other first save, not yet committed when mine arrives
        Submission.objects.create(framework=models.Framework.objects.get(code="cqs"),
                                  org_unit=models.OrgUnit.objects.get(code="643"), period="2025S1",
                                  updated_by=province_admin)
        saving = pool.submit(_save, mine, form)
        deadline = time.monotonic() + 20
        while not _waiting_on_a_lock() and time.monotonic() < deadline and not saving.done():
            time.sleep(0.05)
        assert _waiting_on_a_lock(), "my save never waited for the other's submission"
    answer = saving.result(timeout=30)
    pool.shutdown()

    assert answer.status_code == 302
    assert Submission.objects.get(org_unit__code="643", period="2025S1").updated_by.username == "nhaplieu"
    assert models.Value.objects.get(org_unit__code="643", period="2025S1", indicator="5.1.1").value == "1543"
