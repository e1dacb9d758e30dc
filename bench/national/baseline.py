"""The hand-written baselines: what a programmer who knows the data and SQL would write, with no chiso inside.

Each answers the same question as a chiso step on the same database, through a plain DB-API connection:

- ``load``: the values of values.csv parsed, then bulk-inserted with their history rows (executemany on
  SQLite, COPY on PostgreSQL), the columns chiso fills, in chunks, in one transaction;
- ``findings``: one SQL query: the communes' monthly values pivoted to one row per unit and month (typed:
  counts as integers, rates as hundredths with the decimals written), the month before beside it (LAG),
  then every rule of cqs.yaml as a WHERE clause;
- ``evaluations``: one SQL query: each unit's latest result of 5.1, 5.4 and 5.5 (communes from their
  counts, provinces and the nation from summed counts), rounded half up, set against its target;
- ``rollup``: one SQL query: 5.4.1 and 5.4.2 summed over every commune by month and by year, divided.

They know the shape of this data (a nation, provinces, communes; monthly values only; at most 2 decimals;
every commune reporting every month), which chiso may not assume: that is what makes them a floor.
"""

from __future__ import annotations

import csv
import getpass
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from national.data import DOSSIER_RATES, FLOWS, NATION, RATES, STOCKS, TARGETS
from national.db import Database

CHUNK = 50_000
VALUE_COLUMNS = ("id", "framework_id", "indicator", "org_unit_id", "period", "period_start", "period_end", "value",
                 "number", "note", "source", "recorded_by", "recorded_at", "version")
HISTORY_COLUMNS = (*VALUE_COLUMNS, "history_id", "history_date", "history_change_reason", "history_type",
                   "history_user_id")
COUNTS = (*STOCKS, *FLOWS)
PERCENTS = (*RATES, *DOSSIER_RATES)
PART_OF = (("5.1.2", "5.1.1"), ("5.1.3", "5.1.2"), ("5.2.2", "5.2.1"), ("5.2.3", "5.2.2"), ("5.3.2", "5.3.1"),
           ("5.4.2", "5.4.1"), ("5.5.2", "5.5.1"), ("5.3.1", "5.1.1"))  # (part, whole), as in cqs.yaml
JUMP_POINTS, JUMP_MIN_BASE = 30, 100  # cqs.yaml settings.checks (jump_relative 0.5 is the «2 ×» below)
Finding = tuple[str, str, str, str]  # rule, indicator, unit, period


def ids(connection: Any) -> tuple[int, dict[str, int]]:
    framework = connection.execute("SELECT id FROM store_framework WHERE code = 'cqs'").fetchone()[0]
    units = dict(connection.execute("SELECT code, id FROM store_orgunit").fetchall())
    return int(framework), units


# --- load --------------------------------------------------------------------------------------------------


def load(database: Database, url: str, values: Path) -> int:
    """Inserts the values of ``values`` and one history row each; returns how many."""
    connection = database.connect(url)
    framework, units = ids(connection)
    first = int(connection.execute("SELECT COALESCE(MAX(id), 0) FROM store_value").fetchone()[0]) + 1
    history = int(connection.execute("SELECT COALESCE(MAX(history_id), 0) FROM store_historicalvalue")
                  .fetchone()[0]) + 1
    insert = _sqlite_insert if database.kind == "sqlite" else _postgres_copy
    count = 0
    if database.kind == "sqlite":  # autocommit connection: one explicit transaction, as chiso's load
        connection.execute("BEGIN")
    for chunk in _chunks(_rows(values, framework, units, database.kind, first)):
        insert(connection, "store_value", VALUE_COLUMNS, chunk)
        insert(connection, "store_historicalvalue", HISTORY_COLUMNS,
               [(*row, history + count + n, row[12], None, "+", None) for n, row in enumerate(chunk)])
        count += len(chunk)
    if database.kind == "postgresql":
        for table, column in (("store_value", "id"), ("store_historicalvalue", "history_id")):
            connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), MAX({column})) "
                               f"FROM {table}")
    if database.kind == "sqlite":
        connection.execute("COMMIT")
    else:
        connection.commit()
    connection.close()
    return count


def _rows(path: Path, framework: int, units: dict[str, int], kind: str, first: int) -> Iterator[tuple[Any, ...]]:
    """The value rows of the file, typed: unknown units and unreadable numbers or periods stop the load."""
    by = f"cli:{getpass.getuser()}"
    now: Any = datetime.now(UTC)
    now = now.strftime("%Y-%m-%d %H:%M:%S.%f") if kind == "sqlite" else now  # Django's text form on SQLite
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        if next(reader) != ["framework", "indicator", "unit", "period", "value", "note", "source"]:
            raise SystemExit(f"{path}: not a values file")
        for n, (code, indicator, unit, period, text, note, source) in enumerate(reader):
            if code != "cqs":
                raise SystemExit(f"{path}:{n + 2}: framework {code} is not cqs")
            start, end = _month(period)
            number = str(Decimal(text))  # SQLite's NUMERIC affinity stores it as an integer or a real, as Django
            yield (first + n, framework, indicator, units[unit], period, start, end, text, number, note, source,
                   by, now, 1)


def _month(period: str) -> tuple[date, date]:
    year, month = int(period[:4]), int(period[5:7])
    if len(period) != 7 or period[4] != "-" or not 1 <= month <= 12:
        raise SystemExit(f"period {period}: the baseline reads months only")
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), date.fromordinal(following.toordinal() - 1)


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sqlite_insert(connection: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" for _ in columns)
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                           [tuple(v.isoformat() if isinstance(v, date) else v for v in row) for row in rows])


def _postgres_copy(connection: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load_summary(database: Database, url: str) -> tuple[int, int, str]:
    """Rows of values and of their history, and the sum of the numbers: what two loads must agree on."""
    connection = database.connect(url)
    values, total = connection.execute("SELECT COUNT(*), SUM(number) FROM store_value").fetchone()
    history = connection.execute("SELECT COUNT(*) FROM store_historicalvalue").fetchone()[0]
    connection.close()
    return int(values), int(history), f"{Decimal(str(total or 0)):.2f}"


# --- findings ----------------------------------------------------------------------------------------------


def _col(code: str) -> str:
    return "v" + code.replace(".", "_")


def _pivot(database: Database) -> str:
    """One row per unit and month: counts as integers; rates as hundredths (h…) with their decimals (d…)."""
    counts = [f"MAX(CASE WHEN indicator = '{c}' THEN CAST(number AS BIGINT) END) AS {_col(c)}" for c in COUNTS]
    rates = [f"MAX(CASE WHEN indicator = '{c}' THEN CAST(ROUND(number * 100) AS BIGINT) END) AS h{_col(c)}, "
             f"MAX(CASE WHEN indicator = '{c}' THEN {database.decimals('value')} END) AS d{_col(c)}"
             for c in PERCENTS]
    return ", ".join(counts + rates)


def _lags() -> str:
    window = " OVER (PARTITION BY org_unit_id ORDER BY period_start)"
    columns = ["period_start", *(_col(c) for c in COUNTS), *(f"h{_col(c)}" for c in PERCENTS)]
    return ", ".join(f"LAG({c}){window} AS p_{c}" for c in columns)


def _rules(database: Database) -> list[tuple[str, str, str]]:
    """(rule, indicator, condition on one unit-month row) for every check cqs.yaml declares or implies."""
    found = []
    for rate, (part, whole) in RATES.items():  # |part/whole×100 − reported| ≤ 0,5·10^−decimals, in integers
        num, den, h, d = _col(part), _col(whole), f"h{_col(rate)}", f"d{_col(rate)}"
        found.append(("formula", rate, f"{den} <> 0 AND ABS({num} * 20000 - 2 * {h} * {den}) > "
                                       f"ABS({den}) * CASE {d} WHEN 0 THEN 100 WHEN 1 THEN 10 ELSE 1 END"))
    found += [("part_of", part, f"{_col(part)} > {_col(whole)}") for part, whole in PART_OF]
    found.append(("equal", "5.2.1", f"{_col('5.2.1')} <> {_col('5.1.1')}"))
    found.append(("sum", "5.3.1", f"{_col('5.3.1')} <> {_col('5.1.2')} + {_col('5.2.2')}"))
    found.append(("rule:full_plus_partial_within_total", "5.1.1",
                  f"{_col('5.1.2')} + {_col('5.2.2')} > {_col('5.1.1')}"))
    found += [("percent_range", c, f"h{_col(c)} < 0 OR h{_col(c)} > 10000") for c in PERCENTS]
    follows = f"p_period_start = {database.month_before('period_start')}"
    found += [("jump", c, f"{follows} AND ABS(p_{_col(c)}) >= {JUMP_MIN_BASE} "
                          f"AND 2 * ABS({_col(c)} - p_{_col(c)}) > ABS(p_{_col(c)})") for c in COUNTS]
    found += [("jump", c, f"{follows} AND ABS(h{_col(c)} - p_h{_col(c)}) > {JUMP_POINTS * 100}")
              for c in PERCENTS]
    return found


def findings_query(database: Database, framework: int, unit: int) -> str:
    rules = " UNION ALL ".join(f"SELECT '{rule}' AS rule, '{code}' AS indicator, org_unit_id, period FROM w "
                               f"WHERE {condition}" for rule, code, condition in _rules(database))
    # t: the unit and every unit below it; its values are then read through the index on org_unit_id.
    return (f"WITH RECURSIVE t(id) AS (SELECT CAST({unit} AS BIGINT) UNION ALL "
            f"SELECT o.id FROM store_orgunit o JOIN t ON o.parent_id = t.id), "
            f"p AS (SELECT org_unit_id, period, period_start, {_pivot(database)} FROM store_value "
            f"JOIN t ON t.id = org_unit_id WHERE framework_id = {framework} "
            f"GROUP BY org_unit_id, period, period_start), "
            f"w AS (SELECT p.*, {_lags()} FROM p) "
            f"SELECT f.rule, f.indicator, o.code, f.period FROM ({rules}) f "
            f"JOIN store_orgunit o ON o.id = f.org_unit_id")


def findings(database: Database, unit: str) -> list[Finding]:
    connection = database.connect()
    framework, units = ids(connection)
    rows = connection.execute(findings_query(database, framework, units[unit])).fetchall()
    connection.close()
    return [tuple(row) for row in rows]


# --- evaluations -------------------------------------------------------------------------------------------


def latest_periods(connection: Any, framework: int) -> tuple[str, list[str]]:
    """The period the results are judged at, and the months it sums: a year when its December is in, else the month."""
    last = connection.execute(f"SELECT MAX(period) FROM store_value WHERE framework_id = {framework}").fetchone()[0]
    if last.endswith("-12"):
        return last[:4], [f"{last[:4]}-{m:02d}" for m in range(1, 13)]
    return last, [last]


def evaluations_query(framework: int, months: list[str], nation: int) -> str:
    inside = ", ".join(f"'{m}'" for m in months)
    codes = {code for rate in TARGETS for code in RATES[rate]}
    flows = [_total(f"indicator = '{c}'") + f" AS {_col(c)}"
             for c in sorted(codes) if c in FLOWS]
    stocks = [_total(f"indicator = '{c}' AND period = '{months[-1]}'") + f" AS {_col(c)}"
              for c in sorted(codes) if c in STOCKS]  # a stock's year is its last month
    sums = ", ".join(f"CAST(SUM({_col(c)}) AS BIGINT) AS {_col(c)}" for c in sorted(codes))
    names = ", ".join(_col(c) for c in sorted(codes))
    judged = " UNION ALL ".join(_judged(rate) for rate in TARGETS)
    return (f"WITH c AS (SELECT org_unit_id AS unit, {', '.join(flows + stocks)} FROM store_value "
            f"WHERE framework_id = {framework} AND period IN ({inside}) GROUP BY org_unit_id), "
            f"u AS (SELECT unit, {names} FROM c "
            f"UNION ALL SELECT o.parent_id, {sums} FROM c JOIN store_orgunit o ON o.id = c.unit GROUP BY o.parent_id "
            f"UNION ALL SELECT {nation}, {sums} FROM c), "
            f"r AS ({judged}) "
            f"SELECT o.code, r.indicator, CASE WHEN r.hundredths IS NULL THEN 'no_data' "
            f"WHEN r.hundredths > r.target * 100 THEN 'exceeded' WHEN r.hundredths = r.target * 100 THEN 'met' "
            f"ELSE 'not_met' END FROM r JOIN store_orgunit o ON o.id = r.unit")


def _total(condition: str) -> str:
    # CAST: PostgreSQL adds bigints up as numeric, whose division would not be the integer division meant below.
    return f"CAST(SUM(CASE WHEN {condition} THEN CAST(number AS BIGINT) END) AS BIGINT)"


def _judged(rate: str) -> str:
    """The rate of each unit in hundredths, rounded half up: (20000·part + whole) div (2·whole)."""
    part, whole = (_col(c) for c in RATES[rate])
    return (f"SELECT unit, '{rate}' AS indicator, {TARGETS[rate]} AS target, CASE WHEN {whole} > 0 "
            f"THEN ({part} * 20000 + {whole}) / (2 * {whole}) END AS hundredths FROM u")


def evaluations(database: Database) -> tuple[str, dict[tuple[str, str], str]]:
    connection = database.connect()
    framework, units = ids(connection)
    period, months = latest_periods(connection, framework)
    rows = connection.execute(evaluations_query(framework, months, units[NATION])).fetchall()
    connection.close()
    return period, {(unit, code): status for unit, code, status in rows}


# --- roll-up of 5.4 to the nation --------------------------------------------------------------------------


def rollup_query(framework: int) -> str:
    sums = _total("indicator = '5.4.1'") + " AS whole, " + _total("indicator = '5.4.2'") + " AS part"
    where = f"framework_id = {framework} AND indicator IN ('5.4.1', '5.4.2')"
    return (f"WITH s AS (SELECT period, {sums} FROM store_value WHERE {where} GROUP BY period "
            f"UNION ALL SELECT substr(period, 1, 4), {sums} FROM store_value WHERE {where} "
            f"GROUP BY substr(period, 1, 4) HAVING COUNT(DISTINCT period) = 12) "  # a year needs its 12 months
            f"SELECT period, (part * 20000 + whole) / (2 * whole) FROM s WHERE whole > 0")


def rollup(database: Database) -> dict[str, str]:
    """5.4 of the nation by period, as text with 2 decimals."""
    connection = database.connect()
    framework, _units = ids(connection)
    rows = connection.execute(rollup_query(framework)).fetchall()
    connection.close()
    return {period: f"{int(h) // 100}.{int(h) % 100:02d}" for period, h in rows}
