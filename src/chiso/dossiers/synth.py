"""Synthetic procedure catalogues and one-stop dossiers, calibrated to Đắk Lắk, for tests, demos and benchmarks.

Every random choice is a hash of (row, seed, field) computed by DuckDB, never `random()`, so a file is
the same bytes for the same arguments whatever the number of threads; rows are written in row order
straight from SQL to the file (`COPY … TO`), so 100 million dossiers never pass through Python.

The procedures and dossiers of one data set must be written with the same `year`, `seed` and
`rows`/`procedures_rows`: the dossiers draw their procedure codes from the same catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from chiso.dossiers.parsing import literal, literals
from chiso.dossiers.progress import polling
from chiso.errors import InputError, os_reason

if TYPE_CHECKING:  # DuckDB loads when a file is written, not when the CLI starts
    import duckdb

# Đắk Lắk, Phụ lục VIII, year 2024 (src/chiso/data/daklak/values.csv).
PROCEDURES = 1741  # 5.1.1 = 5.2.1: procedures in force at the end of the year
FULL = 879  # 5.1.2: toàn trình
PARTIAL = 703  # 5.2.2: một phần (5.3.1 = 879 + 703 = 1582)
ON_PORTAL = 897  # 5.3.2: of the 1582 online ones, on the national portal (56.70 %)
WITH_FEE = 374  # 5.5.1
ONLINE_PAYMENT = 374  # 5.5.2: every procedure with a fee takes online payment (100 %)
FULL_USED_ONLINE = 347  # 5.1.3: full procedures with at least one online dossier in the year
PARTIAL_USED_ONLINE = 306  # 5.2.3: partial procedures with at least one online dossier
DOSSIERS_PER_YEAR = 861_058  # 5.4.1
ONLINE_SHARE = 0.3796  # 5.4 = 326 885 / 861 058
DIGITIZED_SHARE = 0.9984  # 6.1
REUSED_SHARE = 0.1826  # 6.2 of 2025S1: 2024 reports 0, which would leave the flag constant
E_RESULT_SHARE = 0.9978  # 6.3
# Not in the appendix: the orders of magnitude.
ON_TIME_SHARE = 0.90
NEVER_COMPLETED_SHARE = 0.045  # withdrawn or still pending; plus those completed after the export date
POSTAL_SHARE = 0.02
NO_DUE_SHARE = 0.02
DUPLICATE_SHARE = 0.001  # an export repeats a dossier now and then
TWO_VERSIONS_SHARE = 0.08
NEW_IN_YEAR_SHARE = 0.03
ENDS_NEXT_YEAR_SHARE = 0.01
ENDED_IN_YEAR_SHARE = 0.02  # extra codes, repealed during the year

# The districts of Tỉnh Đắk Lắk (org_units.csv), weighted roughly by population: Buôn Ma Thuột largest.
DAKLAK_UNITS: dict[str, int] = {
    "643": 30, "644": 5, "645": 7, "646": 4, "647": 4, "648": 10, "649": 4, "650": 7,
    "651": 9, "652": 4, "653": 5, "654": 11, "655": 5, "656": 4, "657": 6,
}
# Fewer dossiers around Tết, more before the end of the year.
MONTH_WEIGHTS = (7, 5, 9, 9, 9, 9, 8, 8, 8, 9, 9, 10)
DUE_WORKING_DAYS = (3, 5, 7, 10, 12, 15, 20, 22)
XLSX_MAX_ROWS = 100_000

VERBS = ("Cấp", "Cấp lại", "Cấp đổi", "Điều chỉnh", "Gia hạn", "Đăng ký", "Thẩm định", "Phê duyệt",
         "Công nhận", "Xác nhận", "Thu hồi", "Chuyển đổi")
OBJECTS = ("giấy phép xây dựng", "giấy chứng nhận quyền sử dụng đất", "giấy phép kinh doanh vận tải",
           "hộ kinh doanh", "khai sinh", "kết hôn", "giấy phép lái xe", "chứng chỉ hành nghề y",
           "giấy phép hoạt động giáo dục", "hợp tác xã", "giấy phép khai thác nước", "con dấu",
           "giấy chứng nhận đủ điều kiện an toàn thực phẩm", "báo cáo đánh giá tác động môi trường",
           "hồ sơ mời thầu", "quy hoạch chi tiết", "trợ cấp xã hội", "giấy phép biểu diễn nghệ thuật")

Progress = Callable[[float], None]


def write_procedures(path: Path, *, rows: int = PROCEDURES, year: int, seed: int,
                     mixed_formats: bool = False) -> None:
    """The procedure catalogue: `rows` procedures in force at the end of `year` (a few with two versions,
    some starting during the year), plus about 2 % repealed during the year."""
    _check(rows, year)
    _target(path, rows)
    with _connection(seed) as con:
        con.execute(f"CREATE TEMP TABLE proc AS {_catalogue_sql(rows, year)}")
        _write(con, _procedure_rows_sql(mixed_formats), path, None)


def write_dossiers(path: Path, *, rows: int, year: int, seed: int, procedures_rows: int = PROCEDURES,
                   units: Sequence[str] = tuple(DAKLAK_UNITS), mixed_formats: bool = False,
                   progress: Progress | None = None) -> None:
    """`rows` dossiers received during `year` at `units` (weighted like Đắk Lắk for the default units,
    evenly otherwise), for procedures of `write_procedures(rows=procedures_rows, year, seed)`."""
    _check(rows, year)
    _check(procedures_rows, year, option="--procedures-rows")
    codes = [u.strip() for u in units if u.strip()]
    if not codes:
        raise InputError("cần ít nhất một mã đơn vị", column="--units", expected="ví dụ 643,644")
    _target(path, rows)
    with _connection(seed) as con:
        con.execute(f"CREATE TEMP TABLE proc AS {_catalogue_sql(procedures_rows, year)}")
        _set_pools(con)
        query = _dossier_rows_sql(rows, year, codes)
        # No ORDER BY: with insertion order preserved, range() and projections keep row order without a sort.
        _write(con, f"SELECT {_dossier_output(mixed_formats)} FROM ({query})", path, progress)


def _check(rows: int, year: int, option: str = "--rows") -> None:
    if rows <= 0:
        raise InputError(f"số dòng {rows} không hợp lệ", column=option, expected="một số nguyên dương")
    if not 1900 < year < 2200:
        raise InputError(f"năm {year} không hợp lệ", column="--year", expected="ví dụ 2024")


@contextmanager
def _connection(seed: int) -> Iterator[duckdb.DuckDBPyConnection]:
    import duckdb

    con = duckdb.connect(config={"preserve_insertion_order": True})
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(_hash(seed))
        yield con
    finally:
        con.close()


def _hash(seed: int) -> str:
    """hh: a 64-bit hash of (x, seed, k), the one source of randomness; hu: the same as a double in [0, 1).

    DuckDB combines the hashes of several arguments linearly, so hash(x, seed, 5) and hash(x, seed, 6)
    are correlated; hashing the result again mixes them into independent draws."""
    return (f"CREATE TEMP MACRO hh(x, k) AS hash(hash(x::BIGINT, {int(seed)}::BIGINT, k::BIGINT));"
            " CREATE TEMP MACRO hu(x, k) AS (hh(x, k) >> 11)::DOUBLE / 9007199254740992.0")


def _catalogue_sql(rows: int, year: int) -> str:
    """One row per procedure code with its year-end attributes and the dates of its versions."""
    ended = max(1, round(rows * ENDED_IN_YEAR_SHARE))
    total = rows + ended
    full, partial = round(rows * FULL / PROCEDURES), round(rows * PARTIAL / PROCEDURES)
    fee = round(rows * WITH_FEE / PROCEDURES)
    stride = max(1, 900_000 // total)
    used_full, used_partial = FULL_USED_ONLINE / FULL, PARTIAL_USED_ONLINE / PARTIAL
    start = f"make_date({year}, 1, 1)"
    verbs, objects = "[" + literals(VERBS) + "]", "[" + literals(OBJECTS) + "]"
    return f"""
    WITH c AS (SELECT range AS i, hh(range, 101) AS h1, hh(range, 102) AS h2, hh(range, 103) AS h3,
                      hh(range, 104) AS h4, hh(range, 105) AS h5
               FROM range({total})),
    lv AS (SELECT *, CASE WHEN i >= {rows} THEN ['full', 'partial', 'none'][1 + (h1 % 3)::INT]
                          WHEN rank_level < {full} THEN 'full'
                          WHEN rank_level < {full + partial} THEN 'partial' ELSE 'none' END AS level,
                     CASE WHEN i >= {rows} THEN h3 % 5 = 0 ELSE rank_fee < {fee} END AS has_fee
           FROM (SELECT *, row_number() OVER (PARTITION BY i < {rows} ORDER BY h1, i) - 1 AS rank_level,
                           row_number() OVER (PARTITION BY i < {rows} ORDER BY h3, i) - 1 AS rank_fee FROM c)),
    fp AS (SELECT *, row_number() OVER (PARTITION BY i < {rows} AND level <> 'none' ORDER BY h2, i) - 1 AS rank_fp,
                     row_number() OVER (PARTITION BY i < {rows}, level ORDER BY h4, i) - 1 AS rank_used,
                     count(*) OVER (PARTITION BY i < {rows} AND level <> 'none') AS n_fp,
                     count(*) OVER (PARTITION BY i < {rows}, level) AS n_level FROM lv)
    SELECT i, printf('%s.%06d', ['1', '1', '2', '3'][1 + (h5 % 4)::INT], 100 + i * {stride} + h5 % {stride})
               AS code,
           {verbs}[1 + (h2 % {len(VERBS)})::INT] || ' ' || {objects}[1 + (h4 % {len(OBJECTS)})::INT] AS name,
           level, has_fee, has_fee AS online_payment,
           level <> 'none' AND rank_fp < round(n_fp * {ON_PORTAL / (FULL + PARTIAL)}) AS on_portal,
           i < {rows} AND (level = 'full' AND rank_used < greatest(1, round(n_level * {used_full}))
               OR level = 'partial' AND rank_used < greatest(1, round(n_level * {used_partial}))) AS used_online,
           hu(i, 110) AS u_kind,
           CASE WHEN hu(i, 111) < 0.2 THEN NULL ELSE {start} - 1 - (h1 % 1825)::INT END AS first_from,
           {start} + 31 + (h3 % 300)::INT AS change_day,
           {start} + (h4 % 364)::INT AS day_in_year,
           make_date({year + 1}, 1, 1) + 90 + (h5 % 200)::INT AS day_next_year,
           i >= {rows} AS ended
    FROM fp"""


def _procedure_rows_sql(mixed: bool) -> str:
    two = TWO_VERSIONS_SHARE
    new, nxt = two + NEW_IN_YEAR_SHARE, two + NEW_IN_YEAR_SHARE + ENDS_NEXT_YEAR_SHARE
    versions = f"""
    SELECT i, 1 AS v, code, name, CASE WHEN level = 'full' AND hu(i, 112) < 0.5 THEN 'partial' ELSE level END AS level,
           has_fee, false AS online_payment, false AS on_portal, first_from AS valid_from, change_day AS valid_to
    FROM proc WHERE NOT ended AND u_kind < {two}
    UNION ALL
    SELECT i, 2, code, name, level, has_fee, online_payment, on_portal,
           CASE WHEN ended THEN first_from WHEN u_kind < {two} THEN change_day + 1
                WHEN u_kind < {new} THEN day_in_year ELSE first_from END,
           CASE WHEN ended THEN day_in_year WHEN u_kind >= {new} AND u_kind < {nxt} THEN day_next_year END
    FROM proc"""
    if not mixed:
        return (f"SELECT code AS procedure_code, name, level AS online_level, has_fee, online_payment,"
                f" on_portal AS on_national_portal, valid_from, valid_to FROM ({versions}) ORDER BY i, v")
    level = ("CASE WHEN hu(i * 2 + v, 130) < 0.3 THEN CASE level WHEN 'full' THEN 'toàn trình'"
             " WHEN 'partial' THEN 'một phần' ELSE 'không' END ELSE level END")
    flags = ", ".join(f"{_flag(name, 'i * 2 + v', 131 + k)} AS {alias}" for k, (name, alias) in enumerate(
        [("has_fee", "has_fee"), ("online_payment", "online_payment"), ("on_portal", "on_national_portal")]))
    return (f"SELECT code AS procedure_code, name, {level} AS online_level, {flags},"
            f" {_day_text('valid_from', 'i * 2 + v', 135)} AS valid_from,"
            f" {_day_text('valid_to', 'i * 2 + v', 136)} AS valid_to FROM ({versions}) ORDER BY i, v")


def _set_pools(con: duckdb.DuckDBPyConnection) -> None:
    """The procedures an online dossier can name (the used full and partial ones) and those any other can
    (every procedure in force), each in a random popularity order, as list variables the dossier query
    indexes: a lookup that keeps row order, where a join would not promise to."""
    for pool, where, salt in (("on", "used_online", 120), ("off", "NOT ended", 121)):
        order = f"ORDER BY hu(i, {salt}), i"
        con.execute(f"SET VARIABLE {pool}_code = (SELECT list(code {order}) FROM proc WHERE {where})")
        con.execute(f"SET VARIABLE {pool}_pay = (SELECT list(CASE WHEN NOT has_fee THEN 0 WHEN online_payment THEN 2"
                    f" ELSE 1 END {order}) FROM proc WHERE {where})")


def _dossier_rows_sql(rows: int, year: int, units: list[str]) -> str:
    weights = [DAKLAK_UNITS.get(u, 0) for u in units] if set(units) <= set(DAKLAK_UNITS) else [1] * len(units)
    unit = _weighted("u_unit", units, weights)
    month = _weighted("u_month", [str(m) for m in range(1, 13)], list(MONTH_WEIGHTS))
    due_days = "[" + literals(str(-(-d * 7 // 5)) for d in DUE_WORKING_DAYS) + "]"
    jan1, dec31 = f"make_date({year}, 1, 1)", f"make_date({year}, 12, 31)"
    cutoff = f"make_date({year + 1}, 1, 31)::TIMESTAMP"
    return f"""
    WITH b AS (SELECT range AS i, CASE WHEN range > 0 AND hu(range, 1) < {DUPLICATE_SHARE} THEN range - 1
                                       ELSE range END AS s FROM range({rows})),
    r AS (SELECT i, s, hu(s, 2) AS u_channel, hu(s, 3) AS u_proc, hu(s, 4) AS u_unit, hu(s, 5) AS u_month,
                 hu(s, 6) AS u_day, hu(s, 7) AS u_time, hu(s, 8) AS u_due, hu(s, 9) AS u_done, hu(s, 10) AS u_when
          FROM b),
    c AS (SELECT *, CASE WHEN u_channel < {ONLINE_SHARE} THEN 'online'
                         WHEN u_channel < {ONLINE_SHARE + POSTAL_SHARE} THEN 'postal' ELSE 'direct' END AS channel,
                    ({unit}) AS unit_code, make_date({year}, ({month})::INT, 1) AS m FROM r),
    p AS (SELECT *, CASE WHEN channel = 'online'
                         THEN 1 + floor(len(getvariable('on_code')) * u_proc * u_proc)::INT
                         ELSE 1 + floor(len(getvariable('off_code')) * pow(u_proc, 2.5))::INT END AS k,
                    m + floor(u_day * day(last_day(m)))::INT AS d0 FROM c),
    d AS (SELECT *, CASE WHEN channel = 'online' THEN d0
                         WHEN dayofweek(d0) = 6 THEN CASE WHEN d0 > {jan1} THEN d0 - 1 ELSE d0 + 2 END
                         WHEN dayofweek(d0) = 0 THEN CASE WHEN d0 < {dec31} THEN d0 + 1 ELSE d0 - 2 END
                         ELSE d0 END AS rd,
                    CASE WHEN channel = 'online' THEN getvariable('on_code')[k] ELSE getvariable('off_code')[k] END
                        AS procedure_code,
                    CASE WHEN channel = 'online' THEN getvariable('on_pay')[k] ELSE getvariable('off_pay')[k] END
                        AS pay FROM p),
    e AS (SELECT *, rd::TIMESTAMP + to_seconds(CASE WHEN channel = 'online' THEN floor(u_time * 86400)
                                                  ELSE 27000 + floor(u_time * 34200) END::BIGINT) AS received_at,
                    rd + {due_days}[1 + floor(u_due * {len(DUE_WORKING_DAYS)})::INT]::INT AS dd0 FROM d),
    f AS (SELECT *, CASE dayofweek(dd0) WHEN 6 THEN dd0 + 2 WHEN 0 THEN dd0 + 1 ELSE dd0 END AS due_day FROM e),
    g AS (SELECT *, CASE WHEN hu(s, 11) < {ON_TIME_SHARE}
                         THEN rd + floor(u_when * (due_day - rd))::INT
                         ELSE due_day + 1 + floor(u_when * 30)::INT END::TIMESTAMP
                    + to_seconds((27000 + floor(hu(s, 12) * 34200))::BIGINT) AS done0 FROM f),
    h AS (SELECT *, greatest(done0, received_at + to_seconds((600 + floor(hu(s, 13) * 3000))::BIGINT)) AS done1
          FROM g)
    SELECT i, 'H14.' || unit_code || '-' || strftime(rd, '%y%m%d') || '-' || printf('%09d', s) AS dossier_id,
           procedure_code, unit_code, received_at, channel,
           CASE WHEN hu(s, 14) >= {NO_DUE_SHARE} THEN due_day::TIMESTAMP + INTERVAL 17 HOUR END AS due_at,
           CASE WHEN u_done >= {NEVER_COMPLETED_SHARE} AND done1 <= {cutoff} THEN done1 END AS completed_at,
           hu(s, 15) < {DIGITIZED_SHARE} AS digitized,
           u_done >= {NEVER_COMPLETED_SHARE} AND done1 <= {cutoff} AND hu(s, 16) < {E_RESULT_SHARE} AS e_result,
           hu(s, 17) < {REUSED_SHARE} AS reused_data,
           CASE WHEN pay = 0 THEN NULL WHEN pay = 2 AND channel = 'online' THEN hu(s, 18) < 0.85
                WHEN pay = 2 THEN hu(s, 18) < 0.10 ELSE false END AS paid_online
    FROM h"""


def _dossier_output(mixed: bool) -> str:
    columns = ["dossier_id", "procedure_code", "unit_code", "received_at", "channel", "due_at", "completed_at",
               "digitized", "e_result", "reused_data", "paid_online"]
    if not mixed:
        return ", ".join(columns)
    out = []
    for k, name in enumerate(columns):
        if name.endswith("_at"):
            out.append(f"{_time_text(name, 'i', 30 + k)} AS {name}")
        elif name in ("digitized", "e_result", "reused_data", "paid_online"):
            out.append(f"{_flag(name, 'i', 30 + k)} AS {name}")
        else:
            out.append(name)
    return ", ".join(out)


def _flag(column: str, row: str, salt: int) -> str:
    """A yes/no written 1/0, true/false, yes/no or có/không, chosen per cell."""
    return (f"CASE WHEN {column} IS NULL THEN NULL ELSE [['1', '0'], ['true', 'false'], ['yes', 'no'],"
            f" ['có', 'không']][1 + floor(hu({row}, {salt}) * 4)::INT][CASE WHEN {column} THEN 1 ELSE 2 END] END")


def _time_text(column: str, row: str, salt: int) -> str:
    """Mostly ISO with a time; some ISO with a T, some a bare ISO date, some Vietnamese dd/mm/yyyy."""
    return (f"CASE WHEN hu({row}, {salt}) < 0.80 THEN strftime({column}, '%Y-%m-%d %H:%M:%S')"
            f" WHEN hu({row}, {salt}) < 0.88 THEN strftime({column}, '%Y-%m-%dT%H:%M:%S')"
            f" WHEN hu({row}, {salt}) < 0.93 THEN strftime({column}, '%Y-%m-%d')"
            f" ELSE strftime({column}, '%d/%m/%Y') END")


def _day_text(column: str, row: str, salt: int) -> str:
    return (f"CASE WHEN hu({row}, {salt}) < 0.7 THEN strftime({column}, '%Y-%m-%d')"
            f" WHEN hu({row}, {salt}) < 0.8 THEN strftime({column}, '%Y-%m-%d 00:00:00')"
            f" ELSE strftime({column}, '%d/%m/%Y') END")


def _weighted(u: str, labels: Sequence[str], weights: Sequence[int]) -> str:
    total, acc, cases = sum(weights), 0, []
    for label, weight in zip(labels[:-1], weights[:-1], strict=True):
        acc += weight
        cases.append(f"WHEN {u} < {acc / total!r} THEN {literal(label)}")
    return f"CASE {' '.join(cases)} ELSE {literal(labels[-1])} END" if cases else literal(labels[-1])


def _target(path: Path, rows: int) -> None:
    """Fails early, in Vietnamese, on a format chiso cannot write or a path it cannot write to."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".xlsx"):
        raise InputError(f"không ghi được định dạng «{path.suffix}»", file=str(path),
                         expected=".csv, .parquet hoặc .xlsx")
    if suffix == ".xlsx" and rows > XLSX_MAX_ROWS:
        most, asked = (f"{count:,}".replace(",", ".") for count in (XLSX_MAX_ROWS, rows))
        raise InputError(f"tệp XLSX tối đa {most} dòng, yêu cầu {asked}",
                         file=str(path), expected="dùng .csv hoặc .parquet cho số dòng lớn")
    try:
        path.open("wb").close()
    except OSError as exc:
        raise InputError(f"không ghi được tệp: {os_reason(exc)}", file=str(path),
                         expected="một đường dẫn trong thư mục có quyền ghi") from exc


def _write(con: duckdb.DuckDBPyConnection, select: str, path: Path, progress: Progress | None) -> None:
    """The query's rows to `path` in row order: CSV or Parquet by COPY, XLSX through openpyxl."""
    import duckdb

    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            _write_xlsx(con, select, path)
            return
        options = "FORMAT csv, HEADER true" if suffix == ".csv" else "FORMAT parquet, COMPRESSION zstd"
        with polling(con, progress):
            con.execute(f"COPY ({select}) TO {literal(str(path))} ({options})")
        if progress is not None:
            progress(1.0)
    except (duckdb.IOException, OSError) as exc:
        raise InputError(f"không ghi được tệp: {exc}", file=str(path),
                         expected="một đường dẫn trong thư mục có quyền ghi, đủ chỗ trống") from exc


def _write_xlsx(con: duckdb.DuckDBPyConnection, select: str, path: Path) -> None:
    import openpyxl
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    cursor = con.execute(select)
    sheet.append([d[0] for d in cursor.description or []])
    for batch in _batches(cursor):
        for row in batch:
            sheet.append(list(row))
    workbook.save(path)


def _batches(cursor: duckdb.DuckDBPyConnection) -> Iterator[list[tuple[object, ...]]]:
    while batch := cursor.fetchmany(10_000):
        yield batch
