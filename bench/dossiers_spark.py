"""`chiso dossiers compute` with DuckDB and with Spark (local mode) on the same 10 million synthetic dossiers.

Run: .venv/bin/python bench/dossiers_spark.py [--rows 10000000] [--format parquet|csv] [--master local[2]]
     [--driver-memory 4g] [--memory-limit 4GB]

The dossiers (of 2024, seed 1, Đắk Lắk units and catalogue, as bench/dossiers.py makes them) are generated
with chiso.dossiers.synth into a temporary folder, removed at the end. Both engines run in this process,
one after the other, by quarter: DuckDB (the default engine) and then Spark, on a session started
beforehand (its start is timed on its own; a cluster's session is started once for many runs). The Spark
time includes DuckDB's reading and typing of the files into the staging Parquet, which the engine does
before Spark reads (see chiso.dossiers.spark); that part is timed too.

No goal: the ratio is printed. The two results must be identical (every value, reject count, duplicate,
unknown unit and coverage remark), or the run ends with an error.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOP, YEAR, SEED = "66", 2024, 1


def units() -> Any:
    """The shipped Đắk Lắk units without validity dates: every period is read against the same tree."""
    from chiso.data import shipped_files
    from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType

    path = next(p for p in shipped_files() if p.name == "org_units.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return Hierarchy([OrgUnit(r["code"], r["name"], OrgUnitType(r["type"]), r["parent"])
                          for r in csv.DictReader(handle)])


def generate(folder: Path, rows: int, suffix: str) -> tuple[Path, Path]:
    from chiso.dossiers.synth import write_dossiers, write_procedures

    procedures, dossiers = folder / f"procedures{suffix}", folder / f"dossiers{suffix}"
    start = time.perf_counter()
    write_procedures(procedures, year=YEAR, seed=SEED)
    write_dossiers(dossiers, rows=rows, year=YEAR, seed=SEED)
    size = dossiers.stat().st_size / 1e6
    print(f"generated {rows:,} dossiers ({size:,.0f} MB {suffix[1:]}) in {time.perf_counter() - start:.1f} s",
          flush=True)
    return procedures, dossiers


def session(master: str, memory: str) -> Any:
    from pyspark.sql import SparkSession

    start = time.perf_counter()
    spark = (SparkSession.builder.master(master).appName("chiso bench").config("spark.driver.memory", memory)
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    print(f"spark {spark.version} session on {master} started in {time.perf_counter() - start:.1f} s", flush=True)
    return spark


def timed_stage() -> dict[str, float]:
    """Wraps the engine's staging so that the DuckDB part of a Spark run is timed on its own."""
    from chiso.dossiers import spark as engine

    spent = {"stage": 0.0}
    original = engine.stage

    def stage(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent["stage"] += time.perf_counter() - start

    engine.stage = stage
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB's run budget (--memory-limit)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from chiso.catalog.loader import shipped_frameworks
    from chiso.dossiers import compute
    from chiso.dossiers.spark import Spark
    from chiso.periods import PeriodType

    with tempfile.TemporaryDirectory(prefix="chiso-bench-spark-") as work:
        folder = Path(work)
        procedures, dossiers = generate(folder, args.rows, f".{args.format}")
        options: dict[str, Any] = dict(framework=shipped_frameworks()["cqs"], hierarchy=units(), top=TOP,
                                       period_type=PeriodType.QUARTER, memory_limit=args.memory_limit,
                                       temp_directory=folder / "spill", digests=False)
        start = time.perf_counter()
        duck = compute([procedures], [dossiers], **options)
        duck_seconds = time.perf_counter() - start
        print(f"duckdb: {duck_seconds:.1f} s, {len(duck.values):,} values", flush=True)
        spark = session(args.master, args.driver_memory)
        spent = timed_stage()
        start = time.perf_counter()
        sparked = compute([procedures], [dossiers], engine=Spark(args.master), **options)
        spark_seconds = time.perf_counter() - start
        spark.stop()
        print(f"spark:  {spark_seconds:.1f} s ({spent['stage']:.1f} s of it DuckDB typing the files into the "
              f"staging Parquet), {len(sparked.values):,} values", flush=True)
        if sparked != duck:
            raise SystemExit("the two engines disagree")
        print(f"identical results; spark / duckdb = {spark_seconds / duck_seconds:.2f}×")


if __name__ == "__main__":
    main()
