"""How long `chiso dossiers compute` takes on 1 and 10 million synthetic dossiers, and how much memory.

Run: .venv/bin/python bench/dossiers.py [--data DIR] [--parquet] [--huge] [--no-pandas]

Each measurement runs in a fresh child process; its peak memory is the child's own maximum resident set
(os.wait4), its time runs inside the child from just before the computation to the figures in memory (the
import of the library compared, and for the engine the loading of the shipped frameworks, about 0,2 s, fall
inside it). Against, on the same files:

  (a) sql    one hand-written DuckDB query computing the same figures (below: it parses the same date
             and flag forms, counts a duplicated dossier id once, rolls up the org units): the floor of
             what DuckDB can do. Same threads and temp directory as (b); DuckDB gets all of --memory-limit
             here, while the engine gives DuckDB 80 % of it (the rest is the run's own).
  (b) engine chiso.dossiers.compute, as `chiso dossiers compute` calls it (and the command itself, end
             to end in its own process, once per size: `cli`).
  (c) pandas tests/dossiers/pandas_reference.py, the straightforward pandas an analyst would write
             (skipped at 100 million rows).

Goals of the issue: engine within 1.25× of (a), at least 20× faster than (c), under 1 GB at 10 million
rows, time per million rows flat. Nothing is asserted about times; the figures of (a), (b) and (c) are
compared on every size, and a disagreement ends the run with an error.

The data (1, 10 and, with --huge, 100 million dossiers of 2024, seed 1, Đắk Lắk units and catalogue)
is generated once with chiso.dossiers.synth and cached in --data (default bench/.data/).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from chiso.orgunits.model import OrgUnit

ROOT = Path(__file__).resolve().parents[1]
TOP = "66"
YEAR, SEED = 2024, 1
Figures = dict[tuple[str, str, str], Decimal]


@dataclass
class Result:
    seconds: float  # the computation inside the child (end to end for the command)
    peak: float  # MB, the child's maximum resident set
    figures: Figures = field(default_factory=dict)
    failed: bool = False  # the child ended with an error (its message is on stderr)


# --- data --------------------------------------------------------------------------------------------


def dataset(folder: Path, rows: int, suffix: str) -> tuple[Path, Path]:
    """The cached procedure catalogue and `rows` dossiers, generated when missing."""
    from chiso.dossiers.synth import write_dossiers, write_procedures

    folder.mkdir(parents=True, exist_ok=True)
    procedures, dossiers = folder / f"procedures-{YEAR}{suffix}", folder / f"dossiers-{rows // 10**6}M{suffix}"
    for path, write in ((procedures, lambda p: write_procedures(p, year=YEAR, seed=SEED)),
                        (dossiers, lambda p: write_dossiers(p, rows=rows, year=YEAR, seed=SEED))):
        if not path.exists():
            print(f"generating {path} …", file=sys.stderr, flush=True)
            partial = path.with_name(path.stem + ".partial" + path.suffix)
            write(partial)
            partial.rename(path)
    return procedures, dossiers


def parents() -> dict[str, str]:
    """code → parent of the shipped Đắk Lắk org units."""
    import csv

    from chiso.data import shipped_files

    path = next(p for p in shipped_files() if p.name == "org_units.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["parent"] for row in csv.DictReader(handle)}


# --- (a) the hand-written query ------------------------------------------------------------------------

PERIOD_CODE = {
    "year": "strftime({t}, '%Y')",
    "half": "strftime({t}, '%Y') || 'S' || (1 + (month({t}) - 1) // 6)",
    "quarter": "strftime({t}, '%Y') || 'Q' || quarter({t})",
    "month": "strftime({t}, '%Y-%m')",
}
PERIOD_END = {
    "year": "make_date(left({p}, 4)::INT, 12, 1)",
    "half": "make_date(left({p}, 4)::INT, 6 * right({p}, 1)::INT, 1)",
    "quarter": "make_date(left({p}, 4)::INT, 3 * right({p}, 1)::INT, 1)",
    "month": "make_date(left({p}, 4)::INT, right({p}, 2)::INT, 1)",
}
YES, NO = "('1', 'true', 'yes', 'có')", "('0', 'false', 'no', 'không')"
LEVEL = ("CASE lower(trim({c})) WHEN 'toàn trình' THEN 'full' WHEN 'một phần' THEN 'partial' WHEN 'không' THEN 'none'"
         " ELSE lower(trim({c})) END")


def _reader(files: list[Path]) -> str:
    names = "[" + ", ".join(f"'{f}'" for f in files) + "]"
    if files[0].suffix == ".parquet":
        return f"read_parquet({names}, union_by_name = true)"
    return f"read_csv({names}, header = true, all_varchar = true, union_by_name = true)"


def _date(column: str) -> str:
    text = f"nullif(trim({column}::VARCHAR), '')"
    return f"coalesce(try_cast({text} AS TIMESTAMP), try_strptime({text}, '%d/%m/%Y'))"


def _flag(column: str) -> str:
    return f"(lower(trim({column}::VARCHAR)) IN {YES})"


def _rate(num: str, den: str) -> str:
    """num / den × 100 with 2 decimals, rounded half-up, exactly (in integers); NULL when den is 0."""
    hundredths = f"((2 * 10000 * ({num}) + ({den})) // (2 * ({den})))"
    return f"CASE WHEN ({den}) > 0 THEN printf('%d.%02d', {hundredths} // 100, {hundredths} % 100) END"


def sql_query(procedures: list[Path], dossiers: list[Path], units: dict[str, str], period_type: str) -> str:
    code, end = PERIOD_CODE[period_type], PERIOD_END[period_type]
    rollup = ", ".join(f"('{leaf}', '{unit}')" for leaf, unit in _ancestors(units))
    grid_units = ", ".join(f"('{u}')" for u in sorted({u for _, u in _ancestors(units)}))
    return f"""
    WITH typed AS (
        SELECT trim(dossier_id::VARCHAR) AS dossier_id, trim(procedure_code::VARCHAR) AS procedure_code,
               trim(unit_code::VARCHAR) AS unit_code, lower(trim(channel::VARCHAR)) = 'online' AS online,
               {_date('received_at')} AS received_at, {_date('due_at')} AS due_at,
               {_date('completed_at')} AS completed_at, {_flag('digitized')} AS digitized,
               {_flag('e_result')} AS e_result, {_flag('reused_data')} AS reused_data
        FROM {_reader(dossiers)}),
    -- each dossier made small before the duplicates go: its unit, periods, online procedure and six bits
    src AS (
        SELECT dossier_id, unit_code, {code.format(t='received_at')} AS rp, {code.format(t='completed_at')} AS cp,
               CASE WHEN online THEN procedure_code END AS oproc,
               online::INT + 2 * digitized::INT + 4 * reused_data::INT + 8 * e_result::INT
               + 16 * (due_at IS NOT NULL)::INT + 32 * coalesce(completed_at <= due_at, false)::INT AS bits
        FROM typed),
    d AS (SELECT DISTINCT ON (dossier_id) * FROM src),
    agg AS MATERIALIZED (SELECT unit_code, rp, cp, oproc, bits, count(*) AS n FROM d GROUP BY ALL),
    u(unit_code, unit) AS (VALUES {rollup}),
    ru AS (SELECT agg.*, coalesce(u.unit, '{TOP}') AS unit FROM agg LEFT JOIN u USING (unit_code)),
    periods AS (SELECT DISTINCT p AS period, last_day({end.format(p='p')}) AS pend
                FROM (SELECT rp AS p FROM agg UNION SELECT cp FROM agg) WHERE p IS NOT NULL),
    procs AS (SELECT trim(procedure_code::VARCHAR) AS code, {LEVEL.format(c='online_level::VARCHAR')} AS level,
                     {_flag('has_fee')} AS fee, {_flag('online_payment')} AS pay,
                     {_flag('on_national_portal')} AS portal,
                     {_date('valid_from')}::DATE AS valid_from, {_date('valid_to')}::DATE AS valid_to
              FROM {_reader(procedures)}),
    active AS (SELECT period, procs.* FROM periods JOIN procs
                   ON (valid_from IS NULL OR valid_from <= pend) AND (valid_to IS NULL OR valid_to >= pend)
               QUALIFY row_number() OVER (PARTITION BY period, code ORDER BY valid_from DESC NULLS LAST) = 1),
    pc AS (SELECT period, count(*) AS total, count(*) FILTER (level = 'full') AS n_full,
                  count(*) FILTER (level = 'partial') AS n_part, count(*) FILTER (level <> 'none') AS fp,
                  count(*) FILTER (level <> 'none' AND portal) AS portal, count(*) FILTER (fee) AS fee,
                  count(*) FILTER (fee AND pay) AS pay
           FROM active GROUP BY period),
    grid AS (SELECT unit, period FROM (VALUES {grid_units}) g(unit), periods),
    used AS (SELECT unit, rp AS period, count(DISTINCT oproc) FILTER (level = 'full') AS n_full,
                    count(DISTINCT oproc) FILTER (level = 'partial') AS n_part
             FROM ru JOIN active ON active.period = ru.rp AND active.code = ru.oproc GROUP BY ALL),
    rec AS (SELECT unit, rp AS period, sum(n) AS n, sum(n) FILTER (bits & 1 > 0) AS online,
                   sum(n) FILTER (bits & 2 > 0) AS dig, sum(n) FILTER (bits & 4 > 0) AS reu FROM ru GROUP BY ALL),
    com AS (SELECT unit, cp AS period, sum(n) AS n, sum(n) FILTER (bits & 8 > 0) AS er,
                   sum(n) FILTER (bits & 16 > 0) AS has_due, sum(n) FILTER (bits & 32 > 0) AS on_time
            FROM ru WHERE cp IS NOT NULL GROUP BY ALL),
    cells AS (SELECT grid.unit, grid.period, coalesce(used.n_full, 0) AS n_full, coalesce(used.n_part, 0) AS n_part,
                     coalesce(rec.n, 0) AS rn, coalesce(rec.online, 0) AS online, coalesce(rec.dig, 0) AS dig,
                     coalesce(rec.reu, 0) AS reu, coalesce(com.n, 0) AS cn, coalesce(com.er, 0) AS er,
                     coalesce(com.has_due, 0) AS has_due, coalesce(com.on_time, 0) AS on_time
              FROM grid LEFT JOIN used USING (unit, period) LEFT JOIN rec USING (unit, period)
                   LEFT JOIN com USING (unit, period))
    SELECT '{TOP}' AS unit, period, v.* FROM pc, LATERAL (VALUES
        ('5.1.1', total::VARCHAR), ('5.2.1', total::VARCHAR), ('5.1.2', n_full::VARCHAR), ('5.2.2', n_part::VARCHAR),
        ('5.3.1', fp::VARCHAR), ('5.3.2', portal::VARCHAR), ('5.5.1', fee::VARCHAR), ('5.5.2', pay::VARCHAR),
        ('5.1', {_rate('n_full', 'total')}), ('5.2', {_rate('n_part', 'total')}), ('5.3', {_rate('portal', 'fp')}),
        ('5.5', {_rate('pay', 'fee')})) v(indicator, value)
    UNION ALL
    SELECT unit, period, v.* FROM cells, LATERAL (VALUES
        ('5.1.3', n_full::VARCHAR), ('5.2.3', n_part::VARCHAR), ('5.4.1', rn::VARCHAR), ('5.4.2', online::VARCHAR),
        ('5.4', {_rate('online', 'rn')}), ('6.1', {_rate('dig', 'rn')}), ('6.2', {_rate('reu', 'rn')}),
        ('6.3', {_rate('er', 'cn')}), ('6.4', {_rate('on_time', 'has_due')})) v(indicator, value)
    """


def _ancestors(units: dict[str, str]) -> list[tuple[str, str]]:
    """(leaf, unit counting it) for every unit of the top's subtree and every unit above it up to the top."""
    pairs = []
    for code in units:
        chain = [code]
        while units.get(chain[-1]) and units[chain[-1]] not in chain:
            chain.append(units[chain[-1]])
        if TOP in chain:
            pairs += [(code, unit) for unit in chain[: chain.index(TOP) + 1]]
    return pairs


def run_sql(procedures: list[Path], dossiers: list[Path], period_type: str, memory: str, threads: int,
            temp: Path) -> Figures:
    import duckdb

    con = duckdb.connect(config={"memory_limit": memory, "threads": threads, "temp_directory": str(temp)})
    con.execute("SET enable_progress_bar = false")
    rows = con.execute(sql_query(procedures, dossiers, parents(), period_type)).fetchall()
    return {(indicator, unit, period): Decimal(value) for unit, period, indicator, value in rows if value is not None}


# --- (b) the engine, (c) pandas ------------------------------------------------------------------------


def run_engine(procedures: list[Path], dossiers: list[Path], period_type: str, memory: str, threads: int,
               temp: Path) -> Figures:
    from chiso.catalog.loader import shipped_frameworks
    from chiso.dossiers import compute
    from chiso.orgunits.model import Hierarchy
    from chiso.periods import PeriodType

    result = compute(procedures, dossiers, framework=shipped_frameworks()["cqs"], hierarchy=Hierarchy(_units()),
                     top=TOP, period_type=PeriodType(period_type), memory_limit=memory, threads=threads,
                     temp_directory=temp)
    return {(v.indicator, v.unit, v.period): Decimal(v.value) for v in result.values}


def _units() -> list[OrgUnit]:
    """The shipped Đắk Lắk units without validity dates: every period is read against the same tree."""
    import csv

    from chiso.data import shipped_files
    from chiso.orgunits.model import OrgUnit, OrgUnitType

    path = next(p for p in shipped_files() if p.name == "org_units.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [OrgUnit(r["code"], r["name"], OrgUnitType(r["type"]), r["parent"]) for r in csv.DictReader(handle)]


def run_pandas(procedures: list[Path], dossiers: list[Path], period_type: str, memory: str, threads: int,
               temp: Path) -> Figures:
    sys.path.insert(0, str(ROOT / "tests" / "dossiers"))
    from pandas_reference import compute_with_pandas

    return compute_with_pandas(procedures, dossiers, parents=parents(), top=TOP, period_type=period_type)


RUNNERS = {"sql": run_sql, "engine": run_engine, "pandas": run_pandas}


def child(args: argparse.Namespace) -> None:
    """In the child process: one computation, its time and figures written to --result."""
    procedures, dossiers = [Path(args.procedures)], [Path(args.dossiers)]
    start = time.perf_counter()
    figures = RUNNERS[args.child](procedures, dossiers, args.period_type, args.memory_limit, args.threads,
                                  Path(args.temp))
    seconds = time.perf_counter() - start
    rows = [[*key, str(value)] for key, value in sorted(figures.items())]
    Path(args.result).write_text(json.dumps({"seconds": seconds, "figures": rows}), encoding="utf-8")


# --- the parent: one child per measurement -------------------------------------------------------------


class ChildFailed(Exception):
    def __init__(self, message: str, seconds: float, peak: float) -> None:
        super().__init__(message)
        self.seconds, self.peak = seconds, peak


def measure(command: list[str], stdout: IO[str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=stdout)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds, peak = time.perf_counter() - start, usage.ru_maxrss / 1024  # Linux: kilobytes
    if process.returncode:
        raise ChildFailed(f"failed ({process.returncode}): {' '.join(command)}", seconds, peak)
    return seconds, peak


def measure_kind(kind: str, files: tuple[Path, Path], args: argparse.Namespace, temp: Path) -> Result:
    result = temp / f"{kind}.json"
    command = [sys.executable, __file__, "--child", kind, "--procedures", str(files[0]), "--dossiers",
               str(files[1]), "--result", str(result), "--period-type", args.period_type, "--memory-limit",
               args.memory_limit, "--threads", str(args.threads), "--temp", str(temp)]
    try:
        _, peak = measure(command)
    except ChildFailed as exc:
        print(f"{kind} failed after {exc.seconds:.0f} s (peak {exc.peak:.0f} MB): {exc}", file=sys.stderr)
        return Result(float("nan"), exc.peak, failed=True)
    data = json.loads(result.read_text(encoding="utf-8"))
    return Result(data["seconds"], peak, {(i, u, p): Decimal(v) for i, u, p, v in data["figures"]})


def measure_cli(files: tuple[Path, Path], args: argparse.Namespace, temp: Path) -> Result:
    """`chiso dossiers compute` end to end, process start and CSV output included, on a store holding the
    shipped frameworks and Đắk Lắk org units (loaded beforehand, not timed)."""
    from chiso.data import shipped_files

    chiso = str(Path(sys.executable).with_name("chiso"))
    db = f"sqlite:///{temp / 'store.sqlite3'}"
    if not (temp / "store.sqlite3").exists():
        subprocess.run([chiso, "load", *map(str, shipped_files()), "--db", db], check=True, capture_output=True)
    command = [chiso, "dossiers", "compute", "--procedures", str(files[0]), "--dossiers", str(files[1]),
               "--unit", TOP, "--period-type", args.period_type, "--format", "csv", "--memory-limit",
               args.memory_limit, "--threads", str(args.threads), "--db", db]
    with (temp / "cli.csv").open("w", encoding="utf-8") as out:
        try:
            return Result(*measure(command, out))
        except ChildFailed as exc:
            print(f"the command failed after {exc.seconds:.0f} s: {exc}", file=sys.stderr)
            return Result(float("nan"), exc.peak, failed=True)


def disagreements(a: Figures, b: Figures, names: tuple[str, str]) -> list[str]:
    keys = sorted(set(a) | set(b))
    return [f"{k}: {names[0]}={a.get(k)} {names[1]}={b.get(k)}" for k in keys if a.get(k) != b.get(k)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / ".data", help="cache of generated files")
    parser.add_argument("--parquet", action="store_true", help="also measure on Parquet copies")
    parser.add_argument("--huge", action="store_true", help="also 100 million dossiers (about 13 GB of CSV)")
    parser.add_argument("--no-pandas", action="store_true", help="skip (c)")
    parser.add_argument("--no-cli", action="store_true", help="skip the end-to-end command")
    parser.add_argument("--sizes", default="1,10", help="millions of dossiers, comma-separated")
    parser.add_argument("--period-type", default="year", choices=["year", "half", "quarter", "month"])
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    for hidden in ("--child", "--procedures", "--dossiers", "--result", "--temp"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    sizes = [int(s) * 10**6 for s in args.sizes.split(",") if s] + ([100 * 10**6] if args.huge else [])
    suffixes = [".csv"] + ([".parquet"] if args.parquet else [])
    print(f"chiso dossiers compute vs one DuckDB query (floor) and pandas; period type {args.period_type},"
          f" memory_limit {args.memory_limit}, {args.threads} threads, {os.cpu_count()} CPUs")
    print(f"{'rows':>6} {'file':<8} {'kind':<7} {'seconds':>8} {'peak MB':>8} {'s/M rows':>9} "
          f"{'engine/sql':>10} {'pandas/engine':>13}")
    for suffix in suffixes:
        for rows in sizes:
            files = dataset(args.data, rows, suffix)
            with tempfile.TemporaryDirectory(dir=args.data) as folder:
                results = run_size(files, rows, args, Path(folder))
            report(rows, suffix, results)
            check(results)


def run_size(files: tuple[Path, Path], rows: int, args: argparse.Namespace, temp: Path) -> dict[str, Result]:
    kinds = ["sql", "engine"] + ([] if args.no_pandas or rows >= 100 * 10**6 else ["pandas"])
    results = {kind: measure_kind(kind, files, args, temp) for kind in kinds}
    if not args.no_cli:
        results["cli"] = measure_cli(files, args, temp)
    return results


def report(rows: int, suffix: str, results: dict[str, Result]) -> None:
    def seconds(kind: str) -> float:
        return results[kind].seconds if kind in results else float("nan")

    for kind, result in results.items():
        ratios = ""
        if kind == "engine":
            ratios = f"{seconds('engine') / seconds('sql'):>10.2f} {seconds('pandas') / seconds('engine'):>13.1f}"
        print(f"{rows // 10**6:>5}M {suffix.lstrip('.'):<8} {kind:<7} {result.seconds:>8.2f} {result.peak:>8.0f}"
              f" {result.seconds / (rows / 10**6):>9.3f} {ratios}{'  FAILED' if result.failed else ''}", flush=True)


def check(results: dict[str, Result]) -> None:
    """The three computations give the same figures."""
    sql = results["sql"].figures
    compared = [kind for kind in ("engine", "pandas") if kind in results and not results[kind].failed]
    if results["sql"].failed or not compared:
        return
    problems = [f"sql vs {kind}: {d}" for kind in compared for d in disagreements(sql, results[kind].figures,
                                                                                  ("sql", kind))]
    if problems:
        print("\n".join(problems[:40]), file=sys.stderr)
        raise SystemExit(f"{len(problems)} figures differ between the computations")
    print(f"       ({', '.join(['sql', *compared])}: the same {len(sql)} figures)")


if __name__ == "__main__":
    main()
