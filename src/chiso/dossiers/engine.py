"""``compute``: the record-based indicators of a framework from procedure and dossier files, in DuckDB.

One query per run reads the dossier files once, with DuckDB's memory limit and a spill folder, so files
far larger than memory work; a second pass over them is made only to write the rows it could not read.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from chiso.catalog.model import Framework
from chiso.dossiers.compile import CLOSURE, Compiler, period_of
from chiso.dossiers.declarations import Table, declared
from chiso.dossiers.mapping import load_mapping
from chiso.dossiers.progress import polling
from chiso.dossiers.rejects import default_rejects_path, procedure_problems, too_many, write_rejects
from chiso.dossiers.results import Figures, values
from chiso.dossiers.sources import numbered_relation_sql, open_sources, relation_sql, sha256
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, active_during
from chiso.periods import Period, PeriodType
from chiso.values.model import Value

DUCKDB_SHARE = 0.8  # of the run's memory budget; the rest is Python, file buffers and DuckDB's own overhead
_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*", re.IGNORECASE)


@dataclass
class DossierResult:
    """The values computed, and what the run met on the way."""

    values: list[Value]
    rejected: int = 0
    duplicates: int = 0
    unknown_units: dict[str, int] = field(default_factory=dict)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (file name, sha256)
    rejects_file: Path | None = None


def compute(procedures: Sequence[Path], dossiers: Sequence[Path], *, framework: Framework, hierarchy: Hierarchy,
            top: str, period_type: PeriodType, mapping: Path | None = None, rejects: Path | None = None,
            max_rejects: int = 0, memory_limit: str = "1GB", threads: int | None = None,
            temp_directory: Path | None = None, progress: Callable[[float], None] | None = None) -> DossierResult:
    """Every record-based indicator of ``framework`` for every period present and every unit under ``top``.

    ``memory_limit`` bounds the whole run: DuckDB gets 80% of it and spills the rest of its work to
    ``temp_directory`` (a temporary folder by default). ``progress`` is called with DuckDB's percentage.
    """
    if top not in hierarchy:
        raise InputError(f"không có đơn vị «{top}» trong danh sách đơn vị", column="--unit",
                         expected="mã một đơn vị đã nạp, ví dụ 66")
    rules = list(declared(framework))
    if not rules:
        raise InputError(f"bộ chỉ tiêu {framework.code} không có chỉ tiêu nào khai báo «records»",
                         expected="một bộ chỉ tiêu có chỉ tiêu tính từ hồ sơ, ví dụ cqs")
    loaded = load_mapping(mapping)
    files = [*procedures, *dossiers]
    with tempfile.TemporaryDirectory(prefix="chiso-dossiers-") as work, \
            ThreadPoolExecutor(max_workers=2) as pool, \
            _connection(memory_limit, threads, temp_directory or Path(work) / "spill") as con:
        hashes = {path: pool.submit(sha256, path) for path in dict.fromkeys(files)}
        p_src = open_sources(con, procedures, Table.PROCEDURES, loaded, Path(work))
        d_src = open_sources(con, dossiers, Table.DOSSIERS, loaded, Path(work))
        p_rel, d_rel = relation_sql(p_src, Table.PROCEDURES, loaded), relation_sql(d_src, Table.DOSSIERS, loaded)
        _closure(con, hierarchy, top)
        plan = Compiler(rules, period_type, top, loaded).plan(d_rel, p_rel)
        figures = Figures.read(_run(con, plan.sql, progress), plan)
        figures.cover(plan, lambda key: covered_units(hierarchy, top, period_of(key, period_type)))
        if figures.procedure_rejects:
            raise procedure_problems(con, numbered_relation_sql(p_src, Table.PROCEDURES, loaded), loaded,
                                     figures.procedure_rejects)
        rejects_file = None
        if figures.rejected:  # a second, ordered pass, only when the first one met unreadable rows
            rejects_file = rejects or default_rejects_path(dossiers)
            write_rejects(con, numbered_relation_sql(d_src, Table.DOSSIERS, loaded), loaded, rejects_file)
            if figures.rejected > max_rejects:
                raise too_many(figures.rejected, max_rejects, rejects_file)
        sources = [(path.name, future.result()) for path, future in hashes.items()]
    source = source_text(sources)
    return DossierResult(values(framework, figures, period_type, source), figures.rejected, figures.duplicates,
                         dict(sorted(figures.unknown_units.items())), sources, rejects_file)


def source_text(sources: Sequence[tuple[str, str]]) -> str:
    """The source recorded with each value: every file and its content hash."""
    return "chiso dossiers compute: " + ", ".join(f"{name} (sha256 {digest})" for name, digest in sources)


@contextmanager
def _connection(memory_limit: str, threads: int | None, spill: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    spill.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {"memory_limit": duckdb_memory(memory_limit), "temp_directory": str(spill),
                              "preserve_insertion_order": False,
                              "autoinstall_known_extensions": False,
                              "autoload_known_extensions": False}
    if threads:
        config["threads"] = threads
    try:
        con = duckdb.connect(":memory:", config=config)
    except duckdb.Error as exc:
        raise InputError(f"không mở được DuckDB: {exc}", column="--memory-limit",
                         expected="giới hạn bộ nhớ như 1GB, 512MB; số luồng ≥ 1") from exc
    try:
        yield con
    finally:
        con.close()


def duckdb_memory(budget: str) -> str:
    """DuckDB's memory limit for a run whose whole process must stay within ``budget`` ("1GB" → "800MB")."""
    match = _SIZE.fullmatch(budget)
    unit = match.group(2).lower() if match else ""
    if match is None or (unit and unit not in _UNITS):
        raise InputError(f"giới hạn bộ nhớ «{budget}» không hợp lệ", column="--memory-limit",
                         expected="một số và đơn vị: 1GB, 512MB, 2GiB")
    size = float(match.group(1)) * _UNITS[unit or "b"]
    return f"{max(int(size * DUCKDB_SHARE) // 1000**2, 64)}MB"


def covered_units(hierarchy: Hierarchy, top: str, period: Period) -> list[str]:
    """The units under ``top`` that existed during ``period`` (the 2025 mergers ended and began units)."""
    return [code for code in sorted(hierarchy.subtree(top)) if active_during(hierarchy[code], period)]


def _closure(con: duckdb.DuckDBPyConnection, hierarchy: Hierarchy, top: str) -> None:
    """unit → ancestor (itself included) for every unit under ``top``; rows roll up along it."""
    units, ancestors = [], []
    for code in hierarchy.subtree(top):
        chain = [code, *(u.code for u in hierarchy.ancestors(code))]
        for ancestor in chain[:chain.index(top) + 1]:
            units.append(code)
            ancestors.append(ancestor)
    con.execute(f"CREATE TEMP TABLE {CLOSURE} AS SELECT unnest(?::VARCHAR[]) AS unit, "
                "unnest(?::VARCHAR[]) AS ancestor", [units, ancestors])


def _run(con: duckdb.DuckDBPyConnection, sql: str, progress: Callable[[float], None] | None) -> list[Any]:
    try:
        with polling(con, None if progress is None else (lambda done: progress(done * 100))):
            return con.execute(sql).fetchall()
    except duckdb.OutOfMemoryException as exc:
        raise InputError(f"không đủ bộ nhớ để tính ({exc})", column="--memory-limit",
                         expected="một giới hạn bộ nhớ lớn hơn (ví dụ 4GB), hoặc chia hồ sơ thành nhiều lần tính "
                         "theo năm") from exc
    except duckdb.Error as exc:
        raise InputError(f"không đọc được tệp hồ sơ hoặc danh mục TTHC: {exc}",
                         expected="tệp CSV UTF-8 có dòng tiêu đề, Parquet hoặc XLSX") from exc
