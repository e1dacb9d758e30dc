"""How long `chiso load` takes to store values, against a hand-written bulk insert of the same rows.

Run: .venv/bin/python bench/load.py [--values 200000] [--repeat 3] [--db URL] [--profile]

Without --db the store is a fresh SQLite file in a temporary folder; with --db (e.g.
postgres://postgres@127.0.0.1:5432/chiso_bench) that database is EMPTIED first: use one of your own.

The values are generated for the shipped framework cqs and a province with a few hundred communes (every
indicator that takes a value, every quarter of 2021–2025) and stored through
chiso.store.services.save_bundle into an empty value table. The baseline, on the same database, is one
executemany INSERT of the value rows and one of their history rows (the same columns), in one
transaction, the rows built by the simplest code that fills them. The ratio chiso ÷ baseline shows what
chiso's own work costs: reading the stored rows, the lock query, reading each value as a number, the
chunks. Times are the best of --repeat runs, as wall-clock time and as CPU time (this process plus, on
PostgreSQL, the server process serving it), since a busy machine stretches wall-clock times.

For reference it also times simple_history's bulk helpers (Django's bulk_create of the same rows and
bulk_history_create of their history), which chiso does not use for values because of this cost.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chiso.catalog.model import Indicator
    from chiso.values.model import Value

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "src" / "chiso" / "data" / "frameworks" / "cqs.yaml"
PERIODS = [f"{year}Q{quarter}" for year in range(2021, 2026) for quarter in range(1, 5)]


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float

    def best(self, other: Timing | None) -> Timing:
        return self if other is None else Timing(min(self.wall, other.wall), min(self.cpu, other.cpu))


def open_database(url: str | None) -> str:
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='chiso-bench-load-')) / 'chiso.sqlite3'}"
    os.environ["CHISO_HOME"] = tempfile.mkdtemp(prefix="chiso-bench-home-")
    from chiso.store.setup import database_label, migrate

    migrate(url)
    return database_label()


def prepare(count: int) -> list[Value]:
    """An empty store with cqs and the org units, and about ``count`` values to load into it."""
    from chiso.catalog.loader import load_framework
    from chiso.io.files import Bundle
    from chiso.orgunits.model import OrgUnit, OrgUnitType
    from chiso.store import services

    services.reset()
    framework = load_framework(FRAMEWORK.read_text(encoding="utf-8"), file=str(FRAMEWORK))
    indicators = [i for i in framework.indicators if i.value_type.value != "heading"]
    communes = max(1, round(count / (len(indicators) * len(PERIODS))) - 1)
    units = [OrgUnit("66", "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE)]
    units += [OrgUnit(f"66{n:03d}", f"Xã số {n}", OrgUnitType.COMMUNE, "66") for n in range(1, communes + 1)]
    services.save_bundle(Bundle(frameworks=[framework], org_units=units))
    return generated(indicators, [u.code for u in units])


def generated(indicators: list[Indicator], units: list[str]) -> list[Value]:
    from chiso.values.model import Value

    rng = random.Random(1)
    texts: dict[str, Callable[[], str]] = {
        "count": lambda: str(rng.randint(0, 900000)), "percent": lambda: f"{rng.randint(0, 10000) / 100:.2f}",
        "text": lambda: "Phiên bản 2.0"}
    return [Value("cqs", i.code, unit, period, texts[i.value_type.value](), "", "Phụ lục VIII")
            for unit in units for period in PERIODS for i in indicators]


def empty_values() -> None:
    from django.db import connection

    with connection.cursor() as cursor:  # no deletion history: the next run starts from empty tables
        cursor.execute("DELETE FROM store_historicalvalue")
        cursor.execute("DELETE FROM store_value")


def chiso_load(values: list[Value]) -> None:
    from chiso.io.files import Bundle
    from chiso.store import services

    services.save_bundle(Bundle(values=values), recorded_by="cli:bench")


def baseline(values: list[Value]) -> None:
    """One executemany of the value rows and one of their history rows, in one transaction."""
    from django.db import connection, transaction
    from django.utils import timezone

    from chiso.periods import Period
    from chiso.store import models

    framework = models.Framework.objects.get(code="cqs").pk
    units = dict(models.OrgUnit.objects.values_list("code", "id"))
    spans = {code: (Period.parse(code).start, Period.parse(code).end) for code in PERIODS}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ("id, framework_id, indicator, org_unit_id, period, period_start, period_end, value, number, "
               "note, source, recorded_by, recorded_at, version")
    marks = ", ".join(["%s"] * 14)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM store_value")
        first = cursor.fetchone()[0] + 1
        rows = [(first + n, framework, v.indicator, units[v.unit], v.period, *spans[v.period], v.value,
                 _number(v.value), v.note, v.source, "cli:bench", now, 1) for n, v in enumerate(values)]
        cursor.executemany(f"INSERT INTO store_value ({columns}) VALUES ({marks})", rows)
        cursor.executemany(f"INSERT INTO store_historicalvalue ({columns}, history_date, history_change_reason, "
                           f"history_type, history_user_id) VALUES ({marks}, %s, %s, %s, %s)",
                           [(*row, now, None, "+", None) for row in rows])


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def orm_helpers(values: list[Value]) -> None:
    """The same rows through simple_history's bulk helper: Django's bulk_create, then bulk_history_create."""
    from django.db import transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from chiso.periods import Period
    from chiso.store import models

    framework = models.Framework.objects.get(code="cqs").pk
    units = dict(models.OrgUnit.objects.values_list("code", "id"))
    spans = {code: (Period.parse(code).start, Period.parse(code).end) for code in PERIODS}
    now = timezone.now()
    records = [models.Value(framework_id=framework, indicator=v.indicator, org_unit_id=units[v.unit], period=v.period,
                            period_start=spans[v.period][0], period_end=spans[v.period][1], value=v.value,
                            number=_number(v.value), note=v.note, source=v.source, recorded_by="cli:bench",
                            recorded_at=now) for v in values]
    with transaction.atomic():
        bulk_create_with_history(records, models.Value, batch_size=5000, default_date=now)


def server_cpu() -> float:
    """CPU seconds of the PostgreSQL process serving this connection (0 on SQLite: it runs in this process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(run: Callable[[list[Value]], None], values: list[Value], empty: bool = True,
          profile: bool = False) -> Timing:
    if empty:
        empty_values()
    profiler = cProfile.Profile() if profile else None
    server, cpu, start = server_cpu(), time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    run(values)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    return Timing(time.perf_counter() - start, time.process_time() - cpu + server_cpu() - server)


def check(values: list[Value], changes: int = 1) -> None:
    from chiso.store import models

    stored, history = models.Value.objects.count(), models.Value.history.count()
    if stored != len(values) or history != len(values) * changes:
        raise SystemExit(f"expected {len(values)} values and {len(values) * changes} history rows, "
                         f"found {stored} and {history}")


def changed(values: list[Value]) -> list[Value]:
    from dataclasses import replace

    return [replace(v, note="rà soát lại") for v in values]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--values", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="database URL (emptied first); default: a fresh SQLite file")
    parser.add_argument("--profile", action="store_true", help="profile chiso's load (to stderr)")
    args = parser.parse_args()
    label = open_database(args.db)
    values = prepare(args.values)
    best: dict[str, Timing | None] = dict.fromkeys(("baseline", "chiso", "unchanged", "changed", "helpers"))
    for _ in range(args.repeat):
        best["baseline"] = timed(baseline, values).best(best["baseline"])
        check(values)
        best["chiso"] = timed(chiso_load, values, profile=args.profile).best(best["chiso"])
        check(values)
        best["unchanged"] = timed(chiso_load, values, empty=False).best(best["unchanged"])
        check(values)
        best["changed"] = timed(chiso_load, changed(values), empty=False).best(best["changed"])
        check(values, changes=2)
    best["helpers"] = timed(orm_helpers, values)
    report(label, len(values), best)


def report(label: str, count: int, best: dict[str, Timing | None]) -> None:
    lines = {"baseline": "baseline: executemany of values + history", "chiso": "chiso save_bundle, empty store",
             "unchanged": "chiso again, every value unchanged", "changed": "chiso again, every value changed",
             "helpers": "reference: simple_history bulk helpers"}
    print(f"{label}: {count} values (best of the runs; wall-clock, then CPU of client + server)")
    for name, title in lines.items():
        t = best[name]
        assert t is not None
        print(f"  {title:44} {t.wall:7.2f} s {t.wall / count * 1e6:6.1f} µs/value   "
              f"cpu {t.cpu:7.2f} s {t.cpu / count * 1e6:6.1f} µs/value")
    base, ours, helpers = best["baseline"], best["chiso"], best["helpers"]
    assert base is not None and ours is not None and helpers is not None
    print(f"  ratio chiso ÷ baseline: {ours.wall / base.wall:.2f}× wall-clock, {ours.cpu / base.cpu:.2f}× CPU")
    print(f"  (bulk helpers ÷ baseline: {helpers.wall / base.wall:.2f}× wall-clock, {helpers.cpu / base.cpu:.2f}× CPU)")


if __name__ == "__main__":
    main()

