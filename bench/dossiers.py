"""How long `chiso dossiers compute` takes on 1 and 10 million synthetic dossiers, and how much memory.

Run: .venv/bin/python bench/dossiers.py [--data DIR] [--formats csv,parquet] [--repeat N] [--huge] [--no-pandas]

Each measurement runs in a fresh child process; its peak memory is the child's own maximum resident set
and its CPU time that of all its threads (os.wait4). The time of (a), (b) and (c) runs inside the child
from just before the computation to the figures in memory (the import of the library compared, and for the
engine the loading of the shipped frameworks, about 0,2 s, fall inside it); the command's is its whole
process, from start to exit. Against, on the same files:

  (a) sql    one hand-written DuckDB query computing the same figures (below: it reads a typed Parquet
             column as it is and parses text as the engine does, counts a duplicated dossier id once,
             rolls up the org units, keeps the periods the files cover): the floor of what DuckDB can do.
             Same threads and temp directory as (b), and the same memory: the 80 % of --memory-limit the
             engine gives its DuckDB (the rest is the run's own).
  (b) engine chiso.dossiers.compute, as `chiso dossiers compute` calls it.
  cli        `chiso dossiers compute … --format json` itself, in its own process, on a store made
             beforehand; its output is checked against (a) too.
  (c) pandas tests/dossiers/pandas_reference.py, the straightforward pandas an analyst would write
             (first round only; skipped at 100 million rows).

Rounds of (a), (b) and the command run one after the other, --repeat times (default 3): each round's
ratios to (a), then the medians. The machine may be shared: the CPU times are the steadier evidence.

Goals: the engine and the command within 1.25× of (a), under 1 GB at 10 million rows, time per million
rows flat. Nothing is asserted about times; the figures of (a), (b), (c) and the command are compared on
every size and round, and a disagreement ends the run with an error.

The data (1, 10 and, with --huge, 100 million dossiers of 2024, seed 1, Đắk Lắk units and catalogue; CSV,
and Parquet with typed columns) is generated once with chiso.dossiers.synth and cached in --data (default
bench/.data/).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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
    cpu: float = float("nan")  # CPU seconds of the whole child process (every thread), from os.wait4


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
PERIOD_START = {  # the first day of the period of a code
    "year": "make_date(left({p}, 4)::INT, 1, 1)",
    "half": "make_date(left({p}, 4)::INT, 6 * right({p}, 1)::INT - 5, 1)",
    "quarter": "make_date(left({p}, 4)::INT, 3 * right({p}, 1)::INT - 2, 1)",
    "month": "make_date(left({p}, 4)::INT, right({p}, 2)::INT, 1)",
}
PERIOD_END = {  # the first day of the last month of the period of a code
    "year": "make_date(left({p}, 4)::INT, 12, 1)",
    "half": "make_date(left({p}, 4)::INT, 6 * right({p}, 1)::INT, 1)",
    "quarter": "make_date(left({p}, 4)::INT, 3 * right({p}, 1)::INT, 1)",
    "month": "make_date(left({p}, 4)::INT, right({p}, 2)::INT, 1)",
}
EDGE = {"year": 7, "half": 7, "quarter": 7, "month": 3}  # days of slack at each end (chiso.dossiers.coverage)
YES, NO = "('1', 'true', 'yes', 'có')", "('0', 'false', 'no', 'không')"
LEVEL = ("CASE lower(trim({c})) WHEN 'toàn trình' THEN 'full' WHEN 'một phần' THEN 'partial' WHEN 'không' THEN 'none'"
         " ELSE lower(trim({c})) END")


def _reader(files: list[Path]) -> str:
    names = "[" + ", ".join(f"'{f}'" for f in files) + "]"
    if files[0].suffix == ".parquet":
        return f"read_parquet({names}, union_by_name = true)"
    return f"read_csv({names}, header = true, all_varchar = true, union_by_name = true)"


class Cols:
    """The minimal expression reading each column: a typed Parquet column as it is, text parsed."""

    def __init__(self, types: dict[str, str]) -> None:
        self.types = types

    def text(self, column: str) -> str:
        return column if self.types.get(column) == "VARCHAR" and self.typed else f"trim({column}::VARCHAR)"

    def date(self, column: str) -> str:
        if self.types.get(column) in ("TIMESTAMP", "DATE"):
            return f"{column}::TIMESTAMP"
        text = f"nullif(trim({column}::VARCHAR), '')"
        return f"coalesce(try_cast({text} AS TIMESTAMP), try_strptime({text}, '%d/%m/%Y'))"

    def flag(self, column: str) -> str:
        return column if self.types.get(column) == "BOOLEAN" else f"(lower(trim({column}::VARCHAR)) IN {YES})"

    def online(self) -> str:
        return "channel = 'online'" if self.typed else "lower(trim(channel::VARCHAR)) = 'online'"

    @property
    def typed(self) -> bool:
        """A file with native types (Parquet written by a program): its text needs no trimming."""
        return any(kind != "VARCHAR" for kind in self.types.values())


def _rate(num: str, den: str) -> str:
    """num / den × 100 with 2 decimals, rounded half-up, exactly (in integers); NULL when den is 0."""
    hundredths = f"((2 * 10000 * ({num}) + ({den})) // (2 * ({den})))"
    return f"CASE WHEN ({den}) > 0 THEN printf('%d.%02d', {hundredths} // 100, {hundredths} % 100) END"


def _covered(period_type: str, code: str) -> str:
    """A received period the files cover from end to end, as chiso.dossiers.coverage decides."""
    start, end = PERIOD_START[period_type].format(p=code), f"last_day({PERIOD_END[period_type].format(p=code)})"
    return (f"span.first_day <= {start} + {EDGE[period_type]} AND span.last_day >= {end} - {EDGE[period_type]} "
            f"AND span.latest >= {end}")


def sql_query(procedures: list[Path], dossiers: list[Path], units: dict[str, str], period_type: str,
              d: Cols, p: Cols) -> str:
    code, end = PERIOD_CODE[period_type], PERIOD_END[period_type]
    rollup = ", ".join(f"('{leaf}', '{unit}')" for leaf, unit in _ancestors(units))
    grid_units = ", ".join(f"('{u}')" for u in sorted({u for _, u in _ancestors(units)}))
    return f"""
    WITH typed AS (
        SELECT {d.text('dossier_id')} AS dossier_id, {d.text('procedure_code')} AS procedure_code,
               {d.text('unit_code')} AS unit_code, {d.online()} AS online,
               {d.date('received_at')} AS received_at, {d.date('due_at')} AS due_at,
               {d.date('completed_at')} AS completed_at, {d.flag('digitized')} AS digitized,
               {d.flag('e_result')} AS e_result, {d.flag('reused_data')} AS reused_data
        FROM {_reader(dossiers)}),
    -- the days the files reach (duplicates change nothing here)
    span AS (SELECT min(received_at)::DATE AS first_day, max(received_at)::DATE AS last_day,
                    greatest(max(received_at), max(completed_at))::DATE AS latest FROM typed),
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
    -- the periods the files cover: dossiers received in them, the reception dates reaching both ends
    periods AS (SELECT period, last_day({end.format(p='period')}) AS pend
                FROM (SELECT DISTINCT rp AS period FROM agg), span WHERE {_covered(period_type, 'period')}),
    procs AS (SELECT trim(procedure_code::VARCHAR) AS code, {LEVEL.format(c='online_level::VARCHAR')} AS level,
                     {p.flag('has_fee')} AS fee, {p.flag('online_payment')} AS pay,
                     {p.flag('on_national_portal')} AS portal,
                     {p.date('valid_from')}::DATE AS valid_from, {p.date('valid_to')}::DATE AS valid_to
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

    from chiso.dossiers.engine import duckdb_memory

    # DuckDB gets what the engine gives its own DuckDB out of the same --memory-limit.
    con = duckdb.connect(config={"memory_limit": duckdb_memory(memory), "threads": threads,
                                 "temp_directory": str(temp), "preserve_insertion_order": False})
    con.execute("SET enable_progress_bar = false")
    d, p = (Cols({str(row[0]): str(row[1]) for row in con.execute(f"DESCRIBE SELECT * FROM {_reader(f)}").fetchall()})
            for f in (dossiers, procedures))
    rows = con.execute(sql_query(procedures, dossiers, parents(), period_type, d, p)).fetchall()
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


def measure(command: list[str], stdout: IO[str] | None = None,
            stderr: IO[str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB and CPU seconds (user and system, every thread) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds, peak = time.perf_counter() - start, usage.ru_maxrss / 1024  # Linux: kilobytes
    if process.returncode:
        raise ChildFailed(f"failed ({process.returncode}): {' '.join(command)}", seconds, peak)
    return seconds, peak, usage.ru_utime + usage.ru_stime


def measure_kind(kind: str, files: tuple[Path, Path], args: argparse.Namespace, temp: Path) -> Result:
    result = temp / f"{kind}.json"
    command = [sys.executable, __file__, "--child", kind, "--procedures", str(files[0]), "--dossiers",
               str(files[1]), "--result", str(result), "--period-type", args.period_type, "--memory-limit",
               args.memory_limit, "--threads", str(args.threads), "--temp", str(temp)]
    try:
        _, peak, cpu = measure(command)
    except ChildFailed as exc:
        print(f"{kind} failed after {exc.seconds:.0f} s (peak {exc.peak:.0f} MB): {exc}", file=sys.stderr)
        return Result(float("nan"), exc.peak, failed=True)
    data = json.loads(result.read_text(encoding="utf-8"))
    return Result(data["seconds"], peak, {(i, u, p): Decimal(v) for i, u, p, v in data["figures"]}, cpu=cpu)


def measure_cli(files: tuple[Path, Path], args: argparse.Namespace, temp: Path) -> Result:
    """`chiso dossiers compute … --format json` end to end in its own process (start, imports, the store, the
    output), on a store holding the shipped frameworks and Đắk Lắk org units (made beforehand, not timed)."""
    from chiso.data import shipped_files

    chiso = str(Path(sys.executable).with_name("chiso"))
    db = f"sqlite:///{temp / 'store.sqlite3'}"
    if not (temp / "store.sqlite3").exists():
        subprocess.run([chiso, "migrate", "--db", db], check=True, capture_output=True)
        subprocess.run([chiso, "load", *map(str, shipped_files()), "--db", db], check=True, capture_output=True)
    command = [chiso, "dossiers", "compute", "--procedures", str(files[0]), "--dossiers", str(files[1]),
               "--unit", TOP, "--period-type", args.period_type, "--format", "json", "--memory-limit",
               args.memory_limit, "--threads", str(args.threads), "--db", db]
    output, messages = temp / "cli.json", temp / "cli.err"
    with output.open("w", encoding="utf-8") as out, messages.open("w", encoding="utf-8") as err:
        try:
            seconds, peak, cpu = measure(command, out, err)
        except ChildFailed as exc:
            print(f"the command failed after {exc.seconds:.0f} s: {exc}\n{messages.read_text()}", file=sys.stderr)
            return Result(float("nan"), exc.peak, failed=True)
    rows = json.loads(output.read_text(encoding="utf-8"))
    return Result(seconds, peak, {(r["indicator"], r["unit"], r["period"]): Decimal(r["value"]) for r in rows}, cpu=cpu)


def disagreements(a: Figures, b: Figures, names: tuple[str, str]) -> list[str]:
    keys = sorted(set(a) | set(b))
    return [f"{k}: {names[0]}={a.get(k)} {names[1]}={b.get(k)}" for k in keys if a.get(k) != b.get(k)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / ".data", help="cache of generated files")
    parser.add_argument("--formats", default="csv", help="csv, parquet or both (comma-separated)")
    parser.add_argument("--parquet", action="store_true", help="also measure on Parquet copies (typed columns)")
    parser.add_argument("--huge", action="store_true", help="also 100 million dossiers (about 13 GB of CSV)")
    parser.add_argument("--no-pandas", action="store_true", help="skip (c)")
    parser.add_argument("--no-cli", action="store_true", help="skip the end-to-end command")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of (a), (b) and the command, interleaved")
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
    formats = {f.strip() for f in args.formats.split(",") if f.strip()} | ({"parquet"} if args.parquet else set())
    print(f"chiso dossiers compute vs one DuckDB query (floor) and pandas; period type {args.period_type},"
          f" memory_limit {args.memory_limit}, {args.threads} threads, {os.cpu_count()} CPUs, {args.repeat} rounds")
    print(f"{'rows':>6} {'file':<8} {'kind':<7} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} {'s/M rows':>9} "
          f"{'÷ sql':>6} {'cpu ÷ sql':>9} {'pandas/engine':>13}")
    for suffix in [f".{f}" for f in ("csv", "parquet") if f in formats]:
        for rows in sizes:
            files = dataset(args.data, rows, suffix)
            with tempfile.TemporaryDirectory(dir=args.data) as folder:
                rounds = [run_size(files, rows, args, Path(folder), first=not n) for n in range(args.repeat)]
            for results in rounds:
                check(results)
            report(rows, suffix, rounds)


def run_size(files: tuple[Path, Path], rows: int, args: argparse.Namespace, temp: Path,
             first: bool) -> dict[str, Result]:
    """One round: the floor, the engine and the command one after the other (pandas in the first round only)."""
    kinds = ["sql", "engine"] + ([] if args.no_pandas or rows >= 100 * 10**6 or not first else ["pandas"])
    results = {kind: measure_kind(kind, files, args, temp) for kind in kinds}
    if not args.no_cli:
        results["cli"] = measure_cli(files, args, temp)
    return results


def report(rows: int, suffix: str, rounds: list[dict[str, Result]]) -> None:
    """Every round, then the medians; ratios to the floor (a) of the same round."""
    labelled = [(f"round {n}", results) for n, results in enumerate(rounds, start=1)]
    for label, results in labelled + ([("median", median(rounds))] if len(rounds) > 1 else []):
        sql = results["sql"]
        for kind, result in results.items():
            ratios = f"{result.seconds / sql.seconds:>6.2f} {result.cpu / sql.cpu:>9.2f}" if kind != "sql" else " " * 16
            if kind == "engine" and "pandas" in results:
                ratios += f" {results['pandas'].seconds / result.seconds:>13.1f}"
            print(f"{rows // 10**6:>5}M {suffix.lstrip('.'):<8} {kind:<7} {result.seconds:>8.2f} {result.cpu:>7.2f}"
                  f" {result.peak:>8.0f} {result.seconds / (rows / 10**6):>9.3f} {ratios}"
                  f"{'  FAILED' if result.failed else ''}  {label}", flush=True)


def median(rounds: list[dict[str, Result]]) -> dict[str, Result]:
    """Each kind's median wall and CPU time over the rounds (and its largest peak)."""
    kinds = [kind for kind in rounds[0] if all(kind in r for r in rounds)]
    return {kind: Result(statistics.median(r[kind].seconds for r in rounds),
                         max(r[kind].peak for r in rounds), cpu=statistics.median(r[kind].cpu for r in rounds))
            for kind in kinds}


def check(results: dict[str, Result]) -> None:
    """The computations give the same figures: the floor, the engine, pandas and the command's output."""
    sql = results["sql"].figures
    compared = [kind for kind in ("engine", "pandas", "cli") if kind in results and not results[kind].failed]
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
