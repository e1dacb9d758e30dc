"""Two people writing one value at the same moment on the served app's SQLite file: one wins, one is refused.

The app runs as deployed (`chiso serve`, two gunicorn workers) on a SQLite file of its own. Both requests
arrive while another writer (as a `chiso load` would) holds the store's write lock, so both read the same
version before either can write: neither may fail with a server error, and the second may not overwrite
the first. A writer kept waiting past the busy timeout is told the store is busy, never a server error.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from stress.served import Answer, Client, Store, form_fields, new_store, served

pytestmark = pytest.mark.sqlite_only  # the app's own store is a SQLite file in every run

FORM = "/nhap-lieu/cqs/643/2025S1/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    store = new_store(tmp_path_factory.mktemp("races"))
    with served(store) as base:
        yield store, base


@contextmanager
def writer_busy(database: Path) -> Iterator[None]:
    """The store's write lock held by the test itself (as a `chiso load` would hold it) until the block ends."""
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def race(store: Store, *requests: Callable[[], Answer]) -> list[Answer]:
    assert store.sqlite_file is not None
    with ThreadPoolExecutor(len(requests)) as pool:
        with writer_busy(store.sqlite_file):
            running = [pool.submit(request) for request in requests]
            time.sleep(1.5)  # every request has read what it needs and waits for the lock
        return [future.result() for future in running]


def test_two_api_writes_of_one_version_one_wins_one_conflicts(site: tuple[Store, str]) -> None:
    store, base = site
    reporter, admin = Client(base, store.token("nhaplieu")), Client(base, store.token("quantri"))
    created = reporter.request("POST", "/api/values/", body={"framework": "cqs", "indicator": "5.1.1",
                                                             "unit": "643", "period": "2024", "value": "100"})
    assert created.status == 201
    path = f"/api/values/{created.json()['id']}/"

    answers = race(store, lambda: reporter.request("PATCH", path, body={"value": "101", "version": 1}),
                   lambda: admin.request("PATCH", path, body={"value": "102", "version": 1}))

    assert sorted(a.status for a in answers) == [200, 409], [(a.status, a.text[:300]) for a in answers]
    won, lost = sorted(answers, key=lambda a: a.status)
    assert "phiên bản đang lưu là 2" in lost.json()["detail"]
    stored = reporter.get(path).json()
    assert (stored["value"], stored["version"]) == (won.json()["value"], 2)


def test_two_form_saves_of_one_version_one_wins_one_conflicts(site: tuple[Store, str]) -> None:
    store, base = site
    people = [Client(base), Client(base)]
    people[0].login("nhaplieu")
    people[1].login("quantri")
    forms = [form_fields(person.get(FORM).text, "entry-form") for person in people]

    answers = race(store, *[lambda person=person, form=form, typed=typed: person.request(
        "POST", FORM, form=form | {"v:5.1.1": typed, "action": "save"})
        for person, form, typed in zip(people, forms, ("1543", "1600"), strict=True)])

    assert sorted(a.status for a in answers) == [302, 409], [(a.status, a.text[-300:]) for a in answers]
    refused = next(a for a in answers if a.status == 409)
    assert "người khác thay đổi" in refused.text and "chỉ tiêu 5.1.1" in refused.text
    winner = answers.index(next(a for a in answers if a.status == 302))
    shown = form_fields(people[0].get(FORM).text, "entry-form")
    assert (shown["v:5.1.1"], shown["ver:5.1.1"]) == (("1.543", "1.600")[winner], "1")


def test_a_write_kept_waiting_too_long_is_refused_as_busy(site: tuple[Store, str]) -> None:
    store, _ = site
    impatient = replace(store, env=store.env | {"CHISO_SQLITE_BUSY_TIMEOUT": "1"})
    loaded = store.home / "one-value.csv"
    loaded.write_text("framework,indicator,unit,period,value\ncqs,5.1.1,643,2023,7\n", encoding="utf-8")
    with served(impatient) as base:
        api, person = Client(base, store.token("nhaplieu")), Client(base)
        created = api.request("POST", "/api/values/", body={"framework": "cqs", "indicator": "5.1.2",
                                                            "unit": "643", "period": "2024", "value": "5"})
        path = f"/api/values/{created.json()['id']}/"
        person.login("nhaplieu")
        form = form_fields(person.get(FORM).text, "entry-form")
        assert store.sqlite_file is not None
        with writer_busy(store.sqlite_file), ThreadPoolExecutor(3) as pool:
            patch = pool.submit(api.request, "PATCH", path, body={"value": "6", "version": 1})
            post = pool.submit(person.request, "POST", FORM, form=form | {"v:5.1.1": "9", "action": "save"})
            load = pool.submit(impatient.chiso, "load", str(loaded), check=False)
        stored = api.get(path).json()

    assert (patch.result().status, patch.result().headers.get("retry-after")) == (503, "30")
    assert "Kho số liệu đang bận" in patch.result().json()["detail"]
    assert post.result().status == 503 and "Chưa có gì được lưu" in post.result().text
    assert load.result().returncode == 2 and "Traceback" not in load.result().stderr
    assert "kho số liệu đang bận" in load.result().stderr and "sau 1 giây" in load.result().stderr
    assert (stored["value"], stored["version"]) == ("5", 1)
