"""Input files: CSV and Parquet read by DuckDB where they lie, XLSX streamed into a temporary CSV first.

DuckDB's own Excel reader is an extension it would download, and chiso downloads nothing at run time; an
XLSX sheet holds at most about a million rows, so streaming it through openpyxl once is cheap.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chiso.dossiers import csvcheck
from chiso.dossiers.declarations import COLUMNS, Table
from chiso.dossiers.mapping import Mapping
from chiso.dossiers.parsing import (
    Native,
    as_read,
    ident,
    literal,
    literals,
    native_expr,
    raw_name,
    text_expr,
    typed_sql,
)
from chiso.errors import InputError, os_reason
from chiso.io.formats.cells import cell_text
from chiso.io.xlsx import Limits, open_workbook
from chiso.io.zipcheck import column_letter

FORMATS = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx"}
# As much as Excel itself holds in a sheet (1.048.576 rows × 16.384 columns), within bounds a machine can read:
# parts of up to 4 GiB that deflate no more than a hundred times, 8 M distinct strings.
XLSX_LIMITS = Limits(rows=1_048_576, columns=16_384, total=8 << 30, member=4 << 30, sheets=256, elements=100_000,
                     strings=8 << 20)


@dataclass(frozen=True)
class Source:
    """One input file: where the user put it, what DuckDB reads, and the columns of its header with their types."""

    path: Path
    read_path: Path
    format: str  # csv or parquet (an XLSX file is read through its CSV copy)
    columns: tuple[str, ...]
    types: tuple[str, ...] = ()  # DuckDB's type of each column: VARCHAR for every CSV column


def open_sources(con: duckdb.DuckDBPyConnection, paths: Sequence[Path], table: Table, mapping: Mapping,
                 workdir: Path) -> list[Source]:
    """The files of one table, each checked to have every column the table needs."""
    if not paths:
        raise InputError(f"chưa có tệp {_NOUNS[table]}", column=f"--{table.value}",
                         expected="ít nhất một tệp .csv, .parquet hoặc .xlsx")
    sources = []
    for index, path in enumerate(paths):
        fmt = _format(path)
        read_path = _xlsx_to_csv(path, workdir / f"{table.value}-{index}.csv") if fmt == "xlsx" else path
        source = Source(path, read_path, "parquet" if fmt == "parquet" else "csv", ())
        columns = _header(con, source)
        source = Source(path, read_path, source.format, tuple(columns), tuple(columns.values()))
        _check_columns(source, table, mapping)
        sources.append(source)
    return sources


_NOUNS = {Table.PROCEDURES: "danh mục TTHC (procedures)", Table.DOSSIERS: "hồ sơ (dossiers)"}


def _format(path: Path) -> str:
    if not path.is_file():
        raise InputError("không tìm thấy tệp" if not path.exists() else "đây không phải là một tệp", file=str(path))
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"không đọc được loại tệp «{path.suffix}»", file=str(path),
                         expected="tệp .csv, .parquet hoặc .xlsx")
    return fmt


def reader_sql(source: Source | Sequence[Source]) -> str:
    """The DuckDB table function reading one file, or several files of one format by column name."""
    group = [source] if isinstance(source, Source) else list(source)
    files = f"[{literals(str(s.read_path) for s in group)}]"
    if group[0].format == "parquet":
        return f"read_parquet({files}, union_by_name = true, filename = true)"
    return (f"read_csv({files}, all_varchar = true, header = true, union_by_name = true, filename = true, "
            "encoding = 'utf-8')")


def _header(con: duckdb.DuckDBPyConnection, source: Source) -> dict[str, str]:
    """Each column of the file and its DuckDB type (read from the header or the Parquet schema only); for a CSV
    file, checked against its header line as Python reads it (see :mod:`chiso.dossiers.csvcheck`)."""
    separator, names = csvcheck.header(source.path) if _own_csv(source) else (",", None)
    try:
        description = con.execute(f"SELECT * FROM {reader_sql(source)} LIMIT 0").description
    except duckdb.Error as exc:
        if names is not None and "sniffing" in str(exc):
            raise csvcheck.misread(source.path, separator, names) from exc
        if source.format == "csv":
            raise csvcheck.duckdb_reason(str(exc), str(source.path)) from exc
        raise InputError(f"không đọc được tệp: {str(exc).strip().splitlines()[0]}", file=str(source.path),
                         expected="tệp CSV (UTF-8, có dòng tiêu đề), Parquet hoặc XLSX") from exc
    columns = {str(d[0]): str(d[1]) for d in description or () if d[0] != "filename"}
    seen = list(columns)
    if names is not None and (len(seen) != len(names) or (names[0] and seen[:1] != names[:1])):
        raise csvcheck.misread(source.path, separator, names)
    return columns


def _own_csv(source: Source) -> bool:
    """A CSV file the user gave (a workbook's CSV copy is chiso's own, written well)."""
    return source.format == "csv" and source.read_path == source.path


def user_names(sources: Sequence[Source]) -> dict[str, str]:
    """DuckDB's path of each file → the path the user gave (a workbook's, for its CSV copy)."""
    return {str(source.read_path): str(source.path) for source in sources}


def _check_columns(source: Source, table: Table, mapping: Mapping) -> None:
    names = mapping.table(table)
    for col in COLUMNS[table]:
        wanted = names.source(col.name)
        if col.required and wanted not in source.columns:
            via = f" (cột chuẩn «{col.name}» theo {mapping.label})" if wanted != col.name else f" ({mapping.label})"
            raise InputError(f"thiếu cột «{wanted}»{via}", file=str(source.path), column=wanted,
                             expected="các cột: " + ", ".join(names.source(c.name) for c in COLUMNS[table]
                                                              if c.required))


def relation_sql(sources: Sequence[Source], table: Table, mapping: Mapping, ids_as_read: bool = False) -> str:
    """The typed rows of every file of a table (see :func:`typed_sql`): the CSV files read together, and the
    Parquet files of each set of column types together, their columns read natively where the types allow.

    ``ids_as_read``: the dossier id is taken as written (see :func:`parsing.as_read`); the query must then
    check that no id has blanks around it."""
    groups: dict[tuple[str, tuple[tuple[str, str], ...]], list[Source]] = {}
    for source in sources:
        groups.setdefault((source.format, _kinds(source) if source.format == "parquet" else ()), []).append(source)
    parts = []
    for group in groups.values():
        cells, natives = _cells(group, table, mapping, ids_as_read)
        parts.append(typed_sql(f"SELECT {cells} FROM {reader_sql(group)}", table, mapping, natives))
    return " UNION ALL ".join(parts)


def numbered_relation_sql(sources: Sequence[Source], table: Table, mapping: Mapping) -> str:
    """The same rows with the line each came from (the header is line 1; a Parquet file's first row is 1).

    Only for the rejects pass: each file is read on its own, in order (the connection must preserve
    insertion order), which is slower than the main query's parallel read of all files at once."""
    parts = []
    for source in sources:
        first = 2 if source.format == "csv" else 1  # a CSV (or a workbook's copy) starts with its header
        cells, natives = _cells([source], table, mapping)
        numbered = f"SELECT {cells}, row_number() OVER () + {first - 1} AS line FROM {reader_sql(source)}"
        parts.append(typed_sql(numbered, table, mapping, natives, keep="file, line"))
    return " UNION ALL ".join(parts)


def _kinds(source: Source) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(zip(source.columns, source.types, strict=True)))


def _cells(group: Sequence[Source], table: Table, mapping: Mapping,
           ids_as_read: bool = False) -> tuple[str, dict[str, Native]]:
    """Each canonical column's text (raw_x) and, where the files' type allows, its typed value (x)."""
    names = mapping.table(table)
    types = {name: kind for source in group for name, kind in _kinds(source)}  # CSV: every column VARCHAR
    cells, natives = [], {}
    for col in COLUMNS[table]:
        vendor = names.source(col.name)
        if vendor not in types:
            cells.append(f"CAST(NULL AS VARCHAR) AS {raw_name(col.name)}")
            continue
        if ids_as_read and table is Table.DOSSIERS and col.name == "dossier_id":
            native: Native | None = as_read(ident(vendor), types[vendor])
        else:
            native = native_expr(col, ident(vendor), types[vendor], names)
        if native is None:
            cells.append(f"{text_expr(ident(vendor), names, col)} AS {raw_name(col.name)}")
            continue
        # The text is only for the rejects file and the reasons; the figures never read it.
        cells += [f"CAST({ident(vendor)} AS VARCHAR) AS {raw_name(col.name)}", f"{native.sql} AS {col.name}"]
        natives[col.name] = native
    cells.append(f"{_file_name(group)} AS file")
    return ", ".join(cells), natives


def _file_name(group: Sequence[Source]) -> str:
    """The name of the file a row came from, as the user named it (not the CSV copy of a workbook)."""
    copies = " ".join(f"WHEN {literal(str(s.read_path))} THEN {literal(s.path.name)}" for s in group
                      if s.read_path != s.path)
    return f"CASE filename {copies} ELSE parse_filename(filename) END" if copies else "parse_filename(filename)"


def _xlsx_to_csv(path: Path, target: Path) -> Path:
    """The first sheet of a workbook as a UTF-8 CSV, streamed row by row through the bounded reader, as wide as its
    header: a value to the right of the last column named in row 1 would be a column without a name. Cells are
    written as every reader of chiso writes them (:func:`chiso.io.formats.cells.cell_text`)."""
    with open_workbook(path, XLSX_LIMITS, file=str(path)) as book, \
            target.open("w", encoding="utf-8", newline="") as out:
        header = next(book.values(0), ())
        width = max((index for index, value in enumerate(header, start=1) if cell_text(value)), default=0)
        if not width:
            raise InputError("trang tính đầu tiên không có dòng tiêu đề", file=str(path), line=1,
                             expected="dòng tiêu đề: tên các cột ở dòng 1")
        if book.width(0) > width:
            raise InputError(f"có giá trị ở cột {column_letter(book.width(0))}, bên phải cột cuối cùng có tiêu đề "
                             f"({column_letter(width)})", file=str(path),
                             expected="mọi giá trị nằm dưới một tên cột ở dòng 1")
        writer = csv.writer(out)
        for row in book.values(0, columns=width):
            writer.writerow([cell_text(v) for v in row])
    return target


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {os_reason(exc)}", file=str(path)) from exc
    return digest.hexdigest()

