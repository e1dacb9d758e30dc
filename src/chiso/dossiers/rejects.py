"""Rows that cannot be read: written to a rejects file with their reason, never dropped silently."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from chiso.dossiers.declarations import Table
from chiso.dossiers.parsing import literal, rejects_sql
from chiso.errors import InputError

SUFFIX = "-rejects.csv"


def default_rejects_path(dossiers: Sequence[Path]) -> Path:
    """``<first dossiers file stem>-rejects.csv`` beside it, or in the current folder when that is read-only."""
    first = dossiers[0]
    beside = first.with_name(first.stem + SUFFIX)
    folder = beside.parent
    return beside if folder.is_dir() and _writable(folder) else Path.cwd() / beside.name


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)


def write_rejects(con: duckdb.DuckDBPyConnection, numbered: str, path: Path) -> None:
    """A second pass over the dossier files (their typed rows with line numbers), made only when the first one
    counted rejected rows."""
    query = rejects_sql(numbered, Table.DOSSIERS)
    try:
        con.execute("SET preserve_insertion_order = true")  # line numbers follow each file's order
        con.execute(f"COPY ({query}) TO {literal(str(path))} (FORMAT csv, HEADER true)")
    except duckdb.IOException as exc:
        raise InputError(f"không ghi được tệp các dòng bị loại: {exc}", file=str(path)) from exc


def too_many(rejected: int, max_rejects: int, path: Path) -> InputError:
    return InputError(
        f"{rejected} dòng hồ sơ không đọc được (ngày, cờ có/không hoặc kênh sai, hoặc thiếu giá trị), "
        f"nhiều hơn mức cho phép {max_rejects}; các dòng và lý do ở tệp {path}",
        column="--max-rejects",
        expected=f"sửa các dòng đó, hoặc cho phép bỏ qua chúng với --max-rejects {rejected}",
    )


def procedure_problems(con: duckdb.DuckDBPyConnection, numbered: str, count: int) -> InputError:
    """The catalogue of procedures is small and every row counts: a bad row stops the run, shown with why."""
    query = rejects_sql(numbered, Table.PROCEDURES)
    con.execute("SET preserve_insertion_order = true")
    rows = con.execute(f"SELECT file, line, procedure_code, reason FROM ({query}) LIMIT 5").fetchall()
    shown = "; ".join(f"{file} dòng {line}, TTHC «{code or ''}»: {reason}" for file, line, code, reason in rows)
    return InputError(f"{count} dòng danh mục TTHC không đọc được: {shown}",
                      expected="sửa các dòng đó trong tệp danh mục TTHC (procedures)")
