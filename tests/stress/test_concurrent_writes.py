"""Eight people writing at once, for a bounded time, to a served chiso: no server error and no lost update.

`chiso serve` (gunicorn, two workers) runs on a store of its own, SQLite and, when CHISO_TEST_DATABASE_URL
is set, PostgreSQL. Five writers PATCH values through the API with the version they read (three of them the
same value), three save entry forms as a browser does (two the same form, one of its values also written by
the API), and `chiso load` writes other values of the same store meanwhile. Every answer must be a success,
or the refusal of a stale version (409 from the API, the form's conflict message); every acknowledged write
must be in the store's history at the version it was given, and the last of each value must be the stored one.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from stress.served import DATABASES, Answer, Client, Say, Store, form_fields, query, served, store_on

pytestmark = pytest.mark.stress

SECONDS = float(os.environ.get("CHISO_STRESS_SECONDS", "20"))
FORM_CONFLICT = "người khác thay đổi"  # the entry form's refusal of a stale form
API_CONFLICT = "phiên bản đang lưu là"  # the API's refusal of a stale version


@dataclass(frozen=True)
class Key:
    framework: str
    indicator: str
    unit: str
    period: str


@dataclass(frozen=True)
class Ack:
    """A write the app said it made: the value and the version it gave it."""

    key: Key
    version: int
    value: str


@dataclass
class Tally:
    attempts: int = 0
    conflicts: int = 0
    acks: list[Ack] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)  # any other answer: neither success nor conflict

    def odd(self, what: str, answer: Answer) -> None:
        found = self.server_errors if answer.status >= 500 else self.unexpected
        found.append(f"{what} → {answer.status}: {answer.text[:300]}")

    def add(self, other: Tally) -> None:
        self.attempts += other.attempts
        self.conflicts += other.conflicts
        self.acks += other.acks
        self.server_errors += other.server_errors
        self.unexpected += other.unexpected


def typed(writer: int, attempt: int) -> str:
    """A value no other write types (nor the set-up, which stores 1): whose write it was can be read from it."""
    return str((writer + 1) * 1_000_000 + attempt)


@dataclass
class ApiWriter:
    """Reads a value, then PATCHes it with the version read."""

    number: int
    client: Client
    key: Key
    path: str
    tally: Tally = field(default_factory=Tally)

    def once(self, attempt: int) -> None:
        read = self.client.get(self.path)
        if read.status != 200:
            self.tally.odd(f"GET {self.path}", read)
            return
        self.tally.attempts += 1
        text = typed(self.number, attempt)
        answer = self.client.request("PATCH", self.path, body={"value": text, "version": read.json()["version"]})
        if answer.status == 200 and answer.json()["value"] == text:
            self.tally.acks.append(Ack(self.key, answer.json()["version"], text))
        elif answer.status == 409 and API_CONFLICT in answer.json().get("detail", ""):
            self.tally.conflicts += 1
        else:
            self.tally.odd(f"PATCH {self.path}", answer)


@dataclass
class FormWriter:
    """Opens an entry form, types one value into it and saves it, as a browser posts it."""

    number: int
    client: Client
    key: Key
    tally: Tally = field(default_factory=Tally)

    @property
    def path(self) -> str:
        return f"/nhap-lieu/{self.key.framework}/{self.key.unit}/{self.key.period}/"

    def once(self, attempt: int) -> None:
        page = self.client.get(self.path)
        if page.status != 200:
            self.tally.odd(f"GET {self.path}", page)
            return
        fields = form_fields(page.text, "entry-form")
        self.tally.attempts += 1
        text = typed(self.number, attempt)
        answer = self.client.request("POST", self.path, form=fields | {f"v:{self.key.indicator}": text,
                                                                         "action": "save"})
        if answer.status == 302:  # saved: the form's version of the value, plus one
            self.tally.acks.append(Ack(self.key, int(fields[f"ver:{self.key.indicator}"]) + 1, text))
        elif answer.status == 409 and FORM_CONFLICT in answer.text:
            self.tally.conflicts += 1
        else:
            self.tally.odd(f"POST {self.path}", answer)


Writer = ApiWriter | FormWriter

SHARED = Key("cqs", "5.1.1", "644", "2024")  # three API writers on this one value
IN_FORM = Key("cqs", "5.1.1", "643", "2025S1")  # an API writer and a form writer on this one


def writers(store: Store, base: str) -> list[Writer]:
    tokens = {name: store.token(name) for name in ("nhaplieu", "nhaplieu644", "quantri")}
    api = [(SHARED, "nhaplieu644"), (SHARED, "nhaplieu644"), (SHARED, "quantri"),
           (Key("cqs", "5.1.2", "644", "2024"), "nhaplieu644"), (IN_FORM, "nhaplieu")]
    found: list[Writer] = []
    paths: dict[Key, str] = {}
    for number, (key, user) in enumerate(api):
        client = Client(base, tokens[user])
        if key not in paths:
            paths[key] = _created(client, key)
        found.append(ApiWriter(number, client, key, paths[key]))
    forms = [(IN_FORM, "nhaplieu"), (Key("cqs", "5.1.2", "643", "2025S1"), "quantri"),
             (Key("cqs", "5.1.1", "645", "2025S1"), "quantri")]
    for number, (key, user) in enumerate(forms, start=len(api)):
        client = Client(base)
        client.login(user)
        found.append(FormWriter(number, client, key))
    return found


def _created(client: Client, key: Key) -> str:
    answer = client.request("POST", "/api/values/", body={**key.__dict__, "value": "1", "version": 0})
    assert answer.status == 201, answer.text
    return f"/api/values/{answer.json()['id']}/"


@dataclass
class Loads:
    """`chiso load` run again and again meanwhile, on values no writer touches."""

    done: int = 0
    failed: list[str] = field(default_factory=list)

    def run(self, store: Store, until: float) -> None:
        rows = ["framework,indicator,unit,period,value"]
        units = [str(code) for code in range(646, 658)]
        months = [f"{year}-{month:02d}" for year in range(2020, 2025) for month in range(1, 13)]
        indicators = ("5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.3.1", "5.4.1", "5.4.2")
        while time.monotonic() < until:
            path = store.home / "load.csv"
            lines = [f"cqs,{i},{u},{m},{self.done + 1}" for u in units for m in months for i in indicators]
            path.write_text("\n".join(rows + lines) + "\n", encoding="utf-8")
            result = store.chiso("load", str(path), check=False)
            if result.returncode == 0:
                self.done += 1
            else:
                self.failed.append(result.stderr[-500:])


def run(ready: list[Writer], store: Store, seconds: float) -> Loads:
    """Every writer, and the loads, in a thread of its own until the time is up."""
    loads = Loads()
    until = time.monotonic() + seconds

    def loop(writer: Writer) -> None:
        attempt = 0
        while time.monotonic() < until:
            attempt += 1
            writer.once(attempt)

    threads = [threading.Thread(target=loop, args=(w,)) for w in ready]
    threads.append(threading.Thread(target=loads.run, args=(store, until)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return loads


HISTORY = """SELECT h.version, h.value, h.history_type FROM store_historicalvalue h
  JOIN store_framework f ON f.id = h.framework_id JOIN store_orgunit u ON u.id = h.org_unit_id
  WHERE f.code = %s AND h.indicator = %s AND u.code = %s AND h.period = %s ORDER BY h.history_id"""
STORED = """SELECT v.version, v.value FROM store_value v
  JOIN store_framework f ON f.id = v.framework_id JOIN store_orgunit u ON u.id = v.org_unit_id
  WHERE f.code = %s AND v.indicator = %s AND u.code = %s AND v.period = %s"""


@dataclass
class Audit:
    lost: list[str] = field(default_factory=list)  # acknowledged writes that are not where they should be
    unacknowledged: list[str] = field(default_factory=list)  # writes in the history that no answer reported


def audit(store: Store, keys: set[Key], acks: list[Ack], first: dict[Key, int]) -> Audit:
    """Each acknowledged write in the history at its version, once; the last of each value the stored one."""
    found = Audit()
    for key in keys:
        params = (key.framework, key.indicator, key.unit, key.period)
        written = {(v, text) for v, text, kind in query(store, HISTORY, params) if kind != "-" and v > first[key]}
        stored = query(store, STORED, params)
        mine = [a for a in acks if a.key == key]
        twice = Counter(a.version for a in mine)
        for ack in mine:
            if twice[ack.version] > 1 or (ack.version, ack.value) not in written:
                found.lost.append(f"{ack}: history {sorted(written)[-5:]}")
        last = max(mine, key=lambda a: a.version, default=None)
        if last is not None and stored != [(last.version, last.value)]:
            found.lost.append(f"{key}: stored {stored}, last acknowledged {last}")
        acked = {(a.version, a.value) for a in mine}
        found.unacknowledged += [f"{key}: {w}" for w in sorted(written - acked)]
    return found


def versions(store: Store, keys: set[Key]) -> dict[Key, int]:
    found = {}
    for key in keys:
        rows = query(store, STORED, (key.framework, key.indicator, key.unit, key.period))
        found[key] = rows[0][0] if rows else 0
    return found


KEYS = {SHARED, IN_FORM, Key("cqs", "5.1.2", "644", "2024"), Key("cqs", "5.1.2", "643", "2025S1"),
        Key("cqs", "5.1.1", "645", "2025S1")}


@pytest.mark.parametrize("database", DATABASES)
def test_concurrent_writers_lose_nothing_and_never_fail(database: str, tmp_path: Path, sqlite_store: Path,
                                                        say: Say) -> None:
    store = store_on(database, tmp_path / "home", "chiso_stress_writes", like=sqlite_store)
    with served(store) as base:
        ready = writers(store, base)
        first = versions(store, KEYS)
        started = time.monotonic()
        loads = run(ready, store, SECONDS)
        elapsed = time.monotonic() - started
    api, form = Tally(), Tally()
    for writer in ready:
        (api if isinstance(writer, ApiWriter) else form).add(writer.tally)
    total = Tally()
    total.add(api)
    total.add(form)
    audited = audit(store, KEYS, total.acks, first)
    say(f"\n[{database}] {len(ready)} writers for {elapsed:.0f} s: "
        f"API {api.attempts} writes, {len(api.acks)} saved, {api.conflicts} refused with 409; "
        f"form {form.attempts} saves, {len(form.acks)} saved, {form.conflicts} refused as a conflict; "
        f"5xx {len(total.server_errors)}, other answers {len(total.unexpected)}; "
        f"lost updates {len(audited.lost)}, unacknowledged writes {len(audited.unacknowledged)}; "
        f"chiso load meanwhile: {loads.done} done, {len(loads.failed)} failed")
    assert total.server_errors == [], total.server_errors[:5]
    assert total.unexpected == [], total.unexpected[:5]
    assert audited.lost == [], audited.lost[:5]
    assert audited.unacknowledged == [], audited.unacknowledged[:5]
    assert loads.failed == [], loads.failed[:3]
    assert total.acks and total.conflicts, "the writers never raced: the test proves nothing"
