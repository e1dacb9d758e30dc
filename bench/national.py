"""chiso at the scale of a ministry, against hand-written SQL on the same database: SQLite and PostgreSQL.

Run (by hand; the test suite never runs it; the full size takes hours, most of it `chiso load`):

    .venv/bin/python bench/national.py --postgres postgres://postgres@127.0.0.1:5432/chiso_national \\
        --json national.json
    .venv/bin/python bench/national.py --communes 340 --months 12       # a small store, SQLite only

The store: 1 nation (VN), 34 provinces, 3.321 communes (~98 a province), no validity dates; the shipped
cqs.yaml with ``period_rollup: sum`` on the dossier counts (5.4.1, 5.4.2), ``last`` on the procedure counts
and targets 5.1 ≥ 80 %, 5.4 ≥ 50 %, 5.5 ≥ 80 % by the last year (a modified copy in the temp folder). Each
commune reports the 12 counts of section 5, the 5 rates computed from them (rounded half up to 2 decimals)
and the 4 rates of section 6 for every month (2025-01 … 2026-12): 21 × 3.321 × 24 = 1.673.784 values, of
which about 0,1 % of the commune-months carry a deliberate problem (a part above its whole, a rate off its
counts, a month's dossiers typed three times, a percent above 100, two totals that differ). Provinces and
the nation report nothing. Generated with a seed as CSV files in chiso's load format (bench/national/data.py).

Per database, each chiso step beside its hand-written baseline (bench/national/baseline.py), same database,
same run; what each found is compared, and a difference fails the step:

1. load: the real `chiso load cqs.yaml org_units.csv values.csv` in a subprocess, end to end, into an empty
   migrated store, vs the values and their history rows bulk-inserted (executemany; COPY on PostgreSQL) into
   a copy of the store that has the same framework and units. Goal ≤ 5×.
2. check of the nation: findings("cqs", unit="VN") vs one SQL query over the same rules; peak memory of
   the chiso child. Goals ≤ 3×, < 2 GB.
3. check of one province: goal < 2 s (the baseline is shown for scale).
4. evaluate every unit: evaluations("cqs") vs one SQL query (latest rate of each unit against its target).
   Goal ≤ 3×. Linear in units: each province's subtree evaluated on its own (evaluations(unit=P, below=True)),
   summed for 1, 4, 16 and 34 provinces, time per unit within 1,5× across the sizes and the one call.
5. roll-up of 5.4 to the nation: view("cqs", "VN", indicators=["5.4"]) vs one SQL query. Goal ≤ 2×.
6. province pages served by `chiso serve` (gunicorn, --workers, loopback), signed in as a province admin:
   dashboard, indicator page 5.4, /api/values/ and /api/figures/ (skipped when it answers 404) of the
   province, and /api/values/ of one of its communes; p50 and p95 of --requests sequential requests; a
   minimal Django view served the same way is the baseline. Goal p50 ≤ 300 ms. The store keeps a
   unit's findings until its data changes (chiso.store.memo), so the first request of a page, which
   computes them, is shown beside the p50; the check steps clear what is kept before each run.

Warm or cold: chiso's steps 2–5 each run in a fresh child process after one untimed warm-up call (the
findings of one commune); a step under 3 s is timed three times and the median kept (so are the
baselines). The data was just written, so the database is in the OS cache for both. Steps that miss their
goal are profiled (one more run under cProfile; the load on its first --profile-rows values) and the
first 25 lines by cumulative time are printed after the tables.

Everything generated lives in a temp folder (removed at the end unless --keep); on PostgreSQL the bench
creates and drops <database>, <database>_base, <database>_empty and <database>_profile itself.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from national import db, measure, steps
from national.data import Size, generate


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", metavar="URL", help="also on PostgreSQL, in this database (created, dropped)")
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--months", type=int, default=24, help="from 2025-01")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=50, help="requests per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of chiso serve")
    parser.add_argument("--profile", default="auto",
                        help="steps to profile (load,check,evaluate,rollup,page), 'auto' (those missing a goal), "
                             "or 'none'")
    parser.add_argument("--profile-rows", type=int, default=50_000, help="values loaded for the load's profile")
    parser.add_argument("--skip", default="", help="steps to leave out: " + ",".join(n for n, _ in measure.STEPS))
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True, help="run on SQLite")
    parser.add_argument("--json", type=Path, help="write the tables and details here")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and the chiso databases")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.profile = set(args.profile.split(","))
    args.skip = set(filter(None, args.skip.split(",")))
    return args


def main() -> None:
    args = arguments()
    if args.child:
        steps.child(json.loads(args.child))
        return
    folder = Path(tempfile.mkdtemp(prefix="chiso-national-"))
    try:
        measure_all(args, folder)
    finally:  # also when a step fails: the generated data and SQLite stores are a few GB
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def measure_all(args: argparse.Namespace, folder: Path) -> None:
    size = Size(provinces=args.provinces, communes=args.communes, months=args.months, seed=args.seed)
    start = time.perf_counter()
    files = generate(folder / "data", size)
    print(f"{files.rows:,} values of {args.communes:,} communes in {args.provinces} provinces, {args.months} months "
          f"({dict(files.problems)} deliberate problems) in {time.perf_counter() - start:.1f} s: {folder}", flush=True)
    report: dict[str, Any] = {"size": asdict(size), "rows": files.rows, "problems": dict(files.problems),
                              "command": " ".join(sys.argv), "databases": {}}
    for database in databases(args, folder):
        report["databases"][database.kind] = run_database(database, files, folder, args)
        if args.json:  # after each database, so a long run keeps what it has measured
            args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    for kind, found in report["databases"].items():
        print_table(kind, found, profiles=True)


def databases(args: argparse.Namespace, folder: Path) -> list[db.Database]:
    chosen = []
    if args.sqlite:
        (folder / "sqlite").mkdir()
        chosen.append(db.sqlite_database(folder / "sqlite"))
    if args.postgres:
        chosen.append(db.postgres_database(args.postgres))
    return chosen


def run_database(database: db.Database, files: Any, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    work = folder / f"work-{database.kind}"
    work.mkdir(exist_ok=True)
    home = work / "home"  # CHISO_HOME of every chiso process: nothing touches the user's own store
    env = {**os.environ, "CHISO_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("CHISO_DATABASE_URL", None)
    run = measure.Run(database, files, work, env, args)
    run.details["source"] = source_state()
    start = time.perf_counter()
    try:
        measure.measure(run)
    finally:
        measure.cleanup(run)
    found = {"rows": [asdict(r) | {"ratio": r.ratio} for r in run.rows], "details": run.details,
             "profiles": run.profiles, "seconds": time.perf_counter() - start, "url": database.url}
    print_table(database.kind, found)
    return found


def source_state() -> str:
    """The commit and a digest of the uncommitted changes of src/: others edit chiso while the bench runs."""
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str:
        found = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        return found.stdout

    digest = hashlib.sha1(git("diff", "HEAD", "--", "src").encode()).hexdigest()[:10]
    return f"{git('rev-parse', '--short', 'HEAD').strip()} + uncommitted src diff {digest}"


def print_table(kind: str, found: dict[str, Any], profiles: bool = False) -> None:
    print(f"\n{kind} ({found['url']}; bench {found['seconds'] / 60:.1f} min; chiso at {found['details']['source']})")
    print(f"{'step':<40} {'chiso':>10} {'baseline':>10} {'ratio':>8}  {'goal':<14} {'met?':<5} note")
    for row in found["rows"]:
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else "–"
        met = {True: "yes", False: "NO", None: "–"}[row["met"]]
        print(f"{row['step']:<40} {_number(row['chiso']):>10} {_number(row['baseline']):>10} {ratio:>8}  "
              f"{row['goal']:<14} {met:<5} {row['note']}")
    for name, text in found["profiles"].items() if profiles else ():
        print(f"\n--- profile: {kind}, {name} ---\n{_top(text)}")


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 100 else f"{value:,.0f}"


def _top(text: str) -> str:
    """The pstats listing without its blank header lines."""
    return "\n".join(line for line in text.splitlines() if line.strip())


if __name__ == "__main__":
    main()
