"""The 34 new provinces' series composed from the 63 old ones, against one hand-written SQL query.

Run by hand (the test suite never runs it):

    .venv/bin/python bench/reorganisation.py                  # SQLite in a temp folder
    .venv/bin/python bench/reorganisation.py --postgres postgres://postgres@127.0.0.1:5432/chiso_reorg

The store: the whole country's official lists (63 provinces, 696 districts, 10.035 communes until
30/6/2025; 34 provinces and 3.321 communes from 1/7/2025) and the 10.665 links of 1/7/2025, loaded with
`chiso units import` and `chiso units links`; the shipped cqs framework; each old province reports the
counts of Phụ lục VIII section 5 (5.1.1 … 5.5.2, 10 counts) for 2021 … 2024 and 2025S1, from a seed.

chiso: the view of each new province on the new tree, 2021 … 2025S1, with the rates 5.1 … 5.5 derived
from the composed counts (``analysis.view``). Baseline: one SQL query over the same store summing the old
provinces' counts per new province through the province links (GROUP BY successor, indicator, period), and
the rates computed from the sums in Python with the same rounding. Both must give the same figures; the
ratio chiso / baseline is printed (no goal).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PERIODS = ("2021", "2022", "2023", "2024", "2025S1")
RATES = {"5.1": ("5.1.2", "5.1.1"), "5.2": ("5.2.2", "5.2.1"), "5.3": ("5.3.2", "5.3.1"),
         "5.4": ("5.4.2", "5.4.1"), "5.5": ("5.5.2", "5.5.1")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of SQLite (the database is recreated)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="print where chiso's time goes (cProfile)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        url = args.postgres or f"sqlite:///{home / 'chiso.sqlite3'}"
        if args.postgres:
            _recreate(args.postgres)
        env = {**os.environ, "CHISO_HOME": str(home), "CHISO_DATABASE_URL": url}
        _build(home, env, args.seed)
        os.environ.update(env)
        _measure(args.profile)


def _recreate(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _build(home: Path, env: dict[str, str], seed: int) -> None:
    chiso = [sys.executable, "-m", "chiso.cli"]
    from chiso.data import shipped_files
    from chiso.orgunits.vn import vn_legacy

    frameworks = [str(p) for p in shipped_files() if p.suffix == ".yaml"]
    values = home / "values.csv"
    _write_values(values, [u.code for u in vn_legacy() if not u.parent], seed)
    started = time.perf_counter()
    for step in (["migrate"], ["units", "import", "vn-legacy"], ["units", "import", "vn-2025"],
                 ["units", "links", "vn-2025"], ["load", *frameworks, str(values)]):
        subprocess.run([*chiso, *step], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"store built in {time.perf_counter() - started:.1f} s")


def _write_values(path: Path, provinces: list[str], seed: int) -> None:
    rng = random.Random(seed)
    lines = ["framework,indicator,unit,period,value"]
    for province in provinces:
        for period in PERIODS:
            for part, whole in RATES.values():
                total = rng.randint(500, 900_000)
                lines += [f"cqs,{whole},{province},{period},{total}",
                          f"cqs,{part},{province},{period},{rng.randint(0, total)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _measure(profile: bool) -> None:
    from chiso.store.setup import open_store

    open_store()
    from chiso.orgunits.vn import provinces_2025

    new = sorted(provinces_2025())
    chiso_time, composed = _timed(lambda: _chiso(new))
    base_time, summed = _timed(_baseline)
    assert composed == summed, _first_difference(composed, summed)
    figures = len(composed)
    print(f"{figures} figures of the 34 new provinces ({len(PERIODS)} periods, 10 counts and 5 rates each)")
    print(f"chiso composed view: {chiso_time:.2f} s; baseline SQL: {base_time:.3f} s; "
          f"ratio {chiso_time / base_time:.1f}×; figures identical")
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(_chiso, new)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def _timed(run: Callable[[], dict[tuple[str, str, str], str]]) -> tuple[float, dict[tuple[str, str, str], str]]:
    started = time.perf_counter()
    found = run()
    return time.perf_counter() - started, found


def _chiso(provinces: list[str]) -> dict[tuple[str, str, str], str]:
    from chiso.periods import Period
    from chiso.store import analysis
    from chiso.view.trees import parse_tree

    codes = [*RATES, *(c for pair in RATES.values() for c in pair)]
    found = {}
    for province in provinces:
        view = analysis.view("cqs", province, periods=[Period.parse(p) for p in PERIODS], indicators=codes,
                             tree=parse_tree("new"))
        found.update({(f.unit, f.indicator, f.period): f.value for f in view.figures.values()})
    return found


def _baseline() -> dict[tuple[str, str, str], str]:
    from django.db import connection

    sql = """
        SELECT s.code, v.indicator, v.period, SUM(v.number)
        FROM store_value v
        JOIN store_orgunitlink l ON l.predecessor_id = v.org_unit_id
        JOIN store_orgunit s ON s.id = l.successor_id
        JOIN store_orgunit p ON p.id = l.predecessor_id
        WHERE p.type = 'province' AND s.type = 'province' AND l."on" = '2025-07-01'
        GROUP BY s.code, v.indicator, v.period
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        sums = {(unit, code, period): Decimal(total) for unit, code, period, total in cursor.fetchall()}
    found = {key: str(int(total)) for key, total in sums.items()}
    for (unit, code, period), total in sums.items():
        for rate, (part, whole) in RATES.items():
            if code == whole and total:
                value = sums[unit, part, period] / total * 100
                found[unit, rate, period] = str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))
    return found


def _first_difference(first: dict[tuple[str, str, str], str], second: dict[tuple[str, str, str], str]) -> str:
    for key in sorted(set(first) | set(second)):
        if first.get(key) != second.get(key):
            return f"{key}: chiso {first.get(key)}, baseline {second.get(key)}"
    return ""


if __name__ == "__main__":
    main()
