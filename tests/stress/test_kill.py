"""kill -9 in the middle of writing the store: afterwards it holds all of that write or none of it, and opens.

`chiso load` of a large values file and `chiso dossiers compute --save` are killed at random moments, 20
times each, on a SQLite store: a quarter of the kills anywhere in the run, the others while the command
holds its write transaction open. After each kill the store must hold either everything that command was
writing or nothing of it, pass SQLite's own check, and `chiso check` must run on it. PostgreSQL is left
out: a killed client's transaction dies with its connection on the server, while a SQLite file has to
recover by itself, which is what is tried here.
"""

from __future__ import annotations

import fcntl
import os
import random
import struct
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from stress.served import Say, Store, new_store, query

pytestmark = pytest.mark.stress

TRIALS = int(os.environ.get("CHISO_STRESS_KILLS", "20"))
UNITS = [str(code) for code in range(643, 658)]
COUNTS = ("5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.3.1", "5.4.1", "5.4.2", "5.5.1", "5.5.2")
MONTHS = [f"{year}-{month:02d}" for year in range(2017, 2025) for month in range(1, 13)]
BIG = len(UNITS) * len(COUNTS) * len(MONTHS)  # 14.400 values a load rewrites
FRESH = len(COUNTS)  # values a load adds, in a year of its own


class WriteLock:
    """Whether a process holds the store's write lock, that is, has a write transaction open.

    In WAL mode SQLite takes it as a POSIX lock on byte 120 of the ``-shm`` file (the first of the wal-index's
    locks); F_GETLK asks who holds it without taking it, so watching does not slow the writer down.
    """

    FLOCK = "hhqqixxxx"  # struct flock on Linux: type, whence, start, length, pid

    def __init__(self, database: Path) -> None:
        self.path = Path(f"{database}-shm")

    def held(self) -> bool:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return False
        try:
            asked = struct.pack(self.FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 120, 1, 0)
            return struct.unpack(self.FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, asked))[0] != fcntl.F_UNLCK
        finally:
            os.close(fd)  # the test process holds no lock on the file, so closing releases none


@dataclass
class Timing:
    """A run left to finish: how long it took, and how long it held its (first) write transaction open."""

    whole: float
    writing: float


def finish(store: Store, args: list[str]) -> Timing:
    assert store.sqlite_file is not None
    lock, started, first, last = WriteLock(store.sqlite_file), time.monotonic(), 0.0, 0.0
    process = store.start(*args)
    while process.poll() is None:
        if lock.held():
            first, last = first or time.monotonic(), time.monotonic()
        elif first:
            break  # the transaction is over
        time.sleep(0.001)
    assert process.wait() == 0, f"chiso {' '.join(args)} → {process.returncode}"
    assert first, f"chiso {' '.join(args)} was never seen writing"
    return Timing(time.monotonic() - started, max(last - first, 0.005))


def kill_at_random(store: Store, args: list[str], timing: Timing, rng: random.Random, trial: int) -> str:
    """Starts the command and kills it (SIGKILL) at a random moment; says where the moment fell.

    One trial in four, anywhere in the run; the others within one and a half times as long as its write
    transaction lasted when left to finish, counted from the moment it takes the write lock (so that some
    land just after its commit).
    """
    assert store.sqlite_file is not None
    lock, seen = WriteLock(store.sqlite_file), False
    process = store.start(*args)
    if trial % 4 == 0:
        seen = _wait(process, lock, time.monotonic() + rng.uniform(0, timing.whole * 1.05), stop_on_lock=False)
    else:
        seen = _wait(process, lock, time.monotonic() + timing.whole * 3, stop_on_lock=True)
        seen = _wait(process, lock, time.monotonic() + rng.uniform(0, timing.writing * 1.5), stop_on_lock=False) or seen
    writing = lock.held()
    finished = process.poll() is not None
    process.kill()
    process.wait()
    if finished:
        return "after it finished"
    return "in its write transaction" if writing else ("after its commit" if seen else "before it wrote")


def _wait(process: subprocess.Popen[bytes], lock: WriteLock, deadline: float, *, stop_on_lock: bool) -> bool:
    """Waits until the deadline (or the write lock is taken, or the process ends); whether the lock was seen."""
    seen = False
    while process.poll() is None and time.monotonic() < deadline:
        if lock.held():
            seen = True
            if stop_on_lock:
                break
        time.sleep(0.001)
    return seen


def opens(store: Store) -> str | None:
    """Why the store does not open after a kill, or None: SQLite's quick check, then `chiso check` on it."""
    verdict = query(store, "PRAGMA quick_check")
    if verdict != [("ok",)]:
        return f"quick_check: {verdict[:3]}"
    done = store.chiso("check", "--framework", "cqs", "--unit", "643", "--period", "2024-12", check=False)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        return f"chiso check → {done.returncode}: {done.stderr[-500:]}"
    return None


@dataclass
class Kills:
    moments: Counter[str] = field(default_factory=Counter)  # where each kill fell
    kept: Counter[str] = field(default_factory=Counter)  # what the store held after it: all or nothing
    partial: list[str] = field(default_factory=list)
    unopened: list[str] = field(default_factory=list)

    def figures(self, what: str) -> str:
        return (f"\n[sqlite] kill -9 during {what}: {sum(self.moments.values())} trials "
                f"({', '.join(f'{n} {k}' for k, n in sorted(self.moments.items()))}); "
                f"after: {', '.join(f'{n} {k}' for k, n in sorted(self.kept.items()))}; "
                f"partial writes {len(self.partial)}, store not opening {len(self.unopened)}")


def values_file(path: Path, mark: int) -> Path:
    """The BIG values, each ``mark``, after FRESH new ones (of unit 643, in the year 1900 + ``mark``)."""
    lines = ["framework,indicator,unit,period,value"]
    lines += [f"cqs,{i},643,{1900 + mark},{mark}" for i in COUNTS]
    lines += [f"cqs,{i},{u},{m},{mark}" for u in UNITS for m in MONTHS for i in COUNTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# The loads' values (months and the years before 2000), counted by value; and their history rows of one value.
LOADED = """SELECT v.value, count(*) FROM store_value v JOIN store_framework f ON f.id = v.framework_id
  WHERE f.code = 'cqs' AND (length(v.period) = 7 OR v.period < '2000') GROUP BY v.value"""
RECORDED = """SELECT count(*) FROM store_historicalvalue h JOIN store_framework f ON f.id = h.framework_id
  WHERE f.code = 'cqs' AND (length(h.period) = 7 OR h.period < '2000') AND h.value = %s"""


def after_loads(committed: list[int]) -> dict[str, int]:
    """The counts by value once the loads ``committed`` did: the last rewrote BIG, each added FRESH of its own."""
    found = Counter({str(mark): FRESH for mark in committed})
    found[str(committed[-1])] += BIG
    return dict(found)


def test_a_killed_load_writes_all_or_nothing(tmp_path: Path, sqlite_store: Path, say: Say) -> None:
    store, rng, kills = new_store(tmp_path / "home", like=sqlite_store), random.Random(20261201), Kills()
    timing = finish(store, ["load", str(values_file(tmp_path / "values-0.csv", 0))])
    committed = [0]
    for mark in range(1, TRIALS + 1):
        loading = ["load", str(values_file(tmp_path / "values.csv", mark))]
        kills.moments[kill_at_random(store, loading, timing, rng, mark)] += 1
        held, recorded = dict(query(store, LOADED)), query(store, RECORDED, (str(mark),))[0][0]
        if held == after_loads(committed) and recorded == 0:
            kills.kept["nothing"] += 1
        elif held == after_loads([*committed, mark]) and recorded == BIG + FRESH:
            kills.kept["everything"] += 1
            committed.append(mark)
        else:
            kills.partial.append(f"load {mark}: values by count {held}, {recorded} history rows")
        if (why := opens(store)) is not None:
            kills.unopened.append(f"load {mark}: {why}")
    say(kills.figures(f"chiso load of {BIG + FRESH} values (a whole run {timing.whole:.1f} s, "
                      f"{timing.writing:.2f} s of it in its write transaction)"))
    assert kills.partial == [] and kills.unopened == [], (kills.partial[:3], kills.unopened[:3])
    assert kills.moments["in its write transaction"] >= TRIALS // 3, "too few kills landed while the load wrote"


Figures = dict[tuple[str, str, str], str]  # (indicator, unit, period) → value
SAVED = """SELECT v.indicator, u.code, v.period, v.value FROM store_value v
  JOIN store_framework f ON f.id = v.framework_id JOIN store_orgunit u ON u.id = v.org_unit_id
  WHERE f.code = 'cqs' AND v.period LIKE '2024-%%'"""


def dossier_files(store: Store, folder: Path) -> tuple[Path, list[Path]]:
    """Synthetic procedures of 2024, and two sets of 30.000 dossiers (seeds 1 and 2) that count differently."""
    procedures = folder / "tthc.csv"
    store.chiso("synth", "procedures", "-o", str(procedures), "--year", "2024", "--rows", "1741", "--seed", "1")
    dossiers = []
    for seed in (1, 2):
        dossiers.append(folder / f"ho-so-{seed}.parquet")
        store.chiso("synth", "dossiers", "-o", str(dossiers[-1]), "--year", "2024", "--rows", "30000",
                    "--seed", str(seed))
    return procedures, dossiers


def computing(procedures: Path, dossiers: Path, *, save: bool) -> list[str]:
    return ["dossiers", "compute", "--procedures", str(procedures), "--dossiers", str(dossiers), "--unit", "66",
            "--period-type", "month", *(["--save"] if save else ["--format", "csv"])]


def computed(store: Store, args: list[str]) -> Figures:
    rows = [line.split(",") for line in store.chiso(*args).stdout.splitlines()[1:] if line]
    return {(indicator, unit, period): value for _fw, indicator, unit, period, value in rows}


def test_a_killed_dossiers_save_writes_all_or_nothing(tmp_path: Path, sqlite_store: Path, say: Say) -> None:
    store, rng, kills = new_store(tmp_path / "home", like=sqlite_store), random.Random(20261202), Kills()
    procedures, dossiers = dossier_files(store, tmp_path)
    results = [computed(store, computing(procedures, d, save=False)) for d in dossiers]
    timing = finish(store, computing(procedures, dossiers[0], save=True))
    held, current = dict(results[0]), 0
    assert _saved(store) == held and results[1] != held
    for trial in range(1, TRIALS + 1):
        other = 1 - current  # the other set's figures, so that the save has something to change
        saving = computing(procedures, dossiers[other], save=True)
        kills.moments[kill_at_random(store, saving, timing, rng, trial)] += 1
        found = _saved(store)
        if found == held:
            kills.kept["nothing"] += 1
        elif found == held | results[other]:
            kills.kept["everything"] += 1
            held, current = found, other
        else:
            changed = sum(found.get(k) != v for k, v in held.items())
            kills.partial.append(f"save {trial}: {changed} of {len(held)} figures changed")
        if (why := opens(store)) is not None:
            kills.unopened.append(f"save {trial}: {why}")
    say(kills.figures(f"chiso dossiers compute --save of {len(held)} figures (a whole run {timing.whole:.1f} s, "
                      f"{timing.writing:.2f} s of it in its write transaction)"))
    assert kills.partial == [] and kills.unopened == [], (kills.partial[:3], kills.unopened[:3])
    assert kills.moments["in its write transaction"] >= TRIALS // 3, "too few kills landed while it wrote"


def _saved(store: Store) -> Figures:
    return {(indicator, unit, period): value for indicator, unit, period, value in query(store, SAVED)}
