"""A backup taken while four processes write is a snapshot of one moment, and restores as that moment.

Each writer commits, one transaction after another, its k-th write: two values whose text is k (5.4.1 and
5.4.2 of a period of its own) and its counter (5.1.1 of a year of its own) set to k, which makes the
counter's version k; each write also adds three history rows. It notes k in its file only once the
transaction has committed. A snapshot of one moment then holds, for each writer, exactly its first c
writes, with c the counter: both values of every k ≤ c and none above, c versions and c history rows of
the counter, 2c history rows of the values; and c is at least what the writer had noted before the backup
began and at most one more than it had noted when the backup ended. A copy read table by table while the
writers go on breaks these: the history tables are read before the value table, so the counter runs
ahead of its history. Every other table, which the writers leave alone, is compared with the live store.

The store is a real file (or database) written by real processes: the test suite's own database is not
what a served store is, and SQLite's locks are per process.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from backup_tables import contents, differences, other_store
from django.db import connection

from chiso.data import shipped_files
from chiso.store import models
from chiso.store.backup import restore

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 4
MAX_WRITES = 480  # each writer's periods are years 2100 + 40 × writer onwards, 12 a year: no overlap
WRITER = """
import sys, time
from pathlib import Path
url, writer, acks, stop, limit = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5])
from chiso.store.setup import open_store
open_store(url)
from django.db import DatabaseError
from chiso.errors import InputError
from chiso.store import services
from chiso.values.model import Value
with acks.open("a") as noted:
    for k in range(1, limit + 1):
        if stop.exists():
            break
        period = f"{2100 + 40 * writer + (k - 1) // 12}-{(k - 1) % 12 + 1:02d}"
        write = [Value("cqs", "5.4.1", "66", period, str(k)), Value("cqs", "5.4.2", "66", period, str(k)),
                 Value("cqs", "5.1.1", "66", str(2090 + writer), str(k))]
        while True:
            try:
                services.save_values(write, recorded_by=f"writer{writer}")
                break
            except (InputError, DatabaseError):  # busy: not written, tried again
                time.sleep(0.01)
        noted.write(f"{k}\\n")
        noted.flush()
        time.sleep(0.01)  # a person's pace, and a turn for the others: SQLite's lock goes to whoever asks first
"""
COUNTS = ("5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.2.3", "5.3.1", "5.3.2", "5.4.1", "5.4.2", "5.5.1",
          "5.5.2")
UNITS = ("66", *(str(code) for code in range(643, 658)))


def chiso(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "chiso.cli", *args, "--db", url], capture_output=True,
                          text=True, env=environment(), timeout=600, check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    return done


def environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items()
            if key not in ("CHISO_DATABASE_URL", "DJANGO_SETTINGS_MODULE")} | {"CHISO_ARGON2": "0"}


def monthly_values(path: Path) -> Path:
    """About 46.000 values (16 units × 12 counts × 240 months of 2005–2024): a backup that takes a while."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["framework", "indicator", "unit", "period", "value", "note", "source"])
        for year in range(2005, 2025):
            for month in range(1, 13):
                for unit in UNITS:
                    writer.writerows(["cqs", code, unit, f"{year}-{month:02d}", str(year + month), "", "mẫu"]
                                     for code in COUNTS)
    return path


def noted(path: Path) -> int:
    return len(path.read_text().split()) if path.exists() else 0


def url_of(alias: str) -> str:
    from django.db import connections

    settings = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"


def test_a_backup_during_four_writers_restores_one_moment(tmp_path: Path) -> None:
    kind = connection.vendor
    with other_store(kind, tmp_path, "live") as live, other_store(kind, tmp_path, "restored") as restored:
        url = url_of(live)
        chiso(url, "migrate")
        chiso(url, "load", *map(str, shipped_files()), str(monthly_values(tmp_path / "months.csv")))
        acks = [tmp_path / f"writer{w}.txt" for w in range(WRITERS)]
        stop = tmp_path / "stop"
        writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(w), str(acks[w]), str(stop),
                                     str(MAX_WRITES)], env=environment(), stderr=subprocess.PIPE, text=True)
                   for w in range(WRITERS)]
        try:
            wait_for(lambda: all(noted(a) >= 3 for a in acks), writers)
            before = [noted(a) for a in acks]
            chiso(url, "backup", "-o", str(tmp_path / "kho.zip"))
            after = [noted(a) for a in acks]
        finally:
            stop.touch()
            failed = [process.communicate(timeout=120)[1] for process in writers]
        assert all(p.returncode == 0 for p in writers), failed
        assert sum(after) - sum(before) >= WRITERS, "the writers hardly wrote during the backup: nothing was raced"

        restore(tmp_path / "kho.zip", using=restored)
        for w in range(WRITERS):
            written = writes_of(restored, w)
            assert before[w] <= written <= after[w] + 1, (w, before[w], written, after[w])
        assert differences(untouched(contents(live)), untouched(contents(restored))) == []


def wait_for(condition: Any, writers: list[subprocess.Popen[str]]) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        for process in writers:
            assert process.poll() is None, f"a writer stopped early: {process.communicate()[1]}"
        assert time.monotonic() < deadline, "the writers did not start writing"
        time.sleep(0.05)


def writes_of(alias: str, writer: int) -> int:
    """How many of its writes the writer has in the store, after checking that none is there in part."""
    values = models.Value.objects.using(alias).filter(framework__code="cqs", org_unit__code="66")
    history = models.Value.history.using(alias).filter(framework__code="cqs", org_unit__code="66")
    counter = values.get(indicator="5.1.1", period=str(2090 + writer))
    written = int(counter.value)
    assert counter.version == written
    assert history.filter(indicator="5.1.1", period=str(2090 + writer)).count() == written
    periods = {"period__gte": f"{2100 + 40 * writer}", "period__lt": f"{2100 + 40 * (writer + 1)}"}
    for code in ("5.4.1", "5.4.2"):
        found = sorted(int(v) for v in values.filter(indicator=code, **periods).values_list("value", flat=True))
        assert found == list(range(1, written + 1)), (writer, code, written)
        assert history.filter(indicator=code, **periods).count() == written
    return written


def untouched(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every table without the writers' rows (their values and history rows are checked above)."""
    kept = {}
    for name, rows in tables.items():
        if name in ("store_value", "store_historicalvalue"):
            model = models.Value if name == "store_value" else models.Value.history.model
            at = [f.attname for f in model._meta.concrete_fields].index("recorded_by")
            rows = [row for row in rows if not str(row[at]).startswith("writer")]
        kept[name] = rows
    return kept
