"""``compute``: the record-based indicators of a framework from procedure and dossier files, in DuckDB.

One query per run reads the dossier files once, with DuckDB's memory limit and a spill folder, so files
far larger than memory work; a second pass over them is made only to write the rows it could not read (or,
rarely, to read again ids written with blanks around them). Figures are kept only for the periods the
files cover (``coverage``).

Another engine may count instead (``engine=``, :mod:`chiso.dossiers.spark`): it is given the run's
:class:`Query` and returns the same figures; reading the files, the rejects and the coverage stay here.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import duckdb

from chiso.catalog.model import Framework
from chiso.dossiers import csvcheck
from chiso.dossiers.compile import Compiler, Plan, period_of
from chiso.dossiers.coverage import Coverage, LeftOut, Span, decide
from chiso.dossiers.declarations import Declared, Table, declared
from chiso.dossiers.dialect import DUCKDB, Dialect
from chiso.dossiers.mapping import Mapping, load_mapping
from chiso.dossiers.progress import polling
from chiso.dossiers.rejects import default_rejects_path, procedure_problems, too_many, write_rejects
from chiso.dossiers.results import Figures, values
from chiso.dossiers.sources import Source, numbered_relation_sql, open_sources, relation_sql, sha256, user_names
from chiso.dossiers.units import Remapped, UnitTable, Unmapped, unit_table
from chiso.dossiers.units import covered_units as covered_units  # where callers have found it
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
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
    sources: list[tuple[str, str]] = field(default_factory=list)  # (file name, sha256, or "" when not asked)
    rejects_file: Path | None = None
    left_out: list[LeftOut] = field(default_factory=list)  # periods with dossiers and no figure, and why
    partial: list[str] = field(default_factory=list)  # stated periods the files reach only in part
    span: Span | None = None  # the days the dossiers reach
    remapped: list[Remapped] = field(default_factory=list)  # records of old codes counted for their successor
    unmapped: list[Unmapped] = field(default_factory=list)  # records of codes counted for no unit, and why
    mixed: list[str] = field(default_factory=list)  # periods whose figures join an old and a new unit of one code


@dataclass(frozen=True)
class Query:
    """What one run counts: the declarations, the files read (DuckDB's view of them) and the unit table."""

    rules: Sequence[Declared]
    period_type: PeriodType
    top: str
    periods: Sequence[Period]
    units: UnitTable
    dossiers: Sequence[Source]
    procedures: Sequence[Source]
    mapping: Mapping
    workdir: Path  # the run's temporary folder

    def compiler(self, dialect: Dialect = DUCKDB) -> Compiler:
        return Compiler(self.rules, self.period_type, self.top, self.periods, timed=self.units.timed, dialect=dialect)


class Engine(Protocol):
    """Counts the figures of a :class:`Query`; ``con`` is the run's DuckDB, with the unit tables created."""

    def figures(self, con: duckdb.DuckDBPyConnection, query: Query,
                progress: Callable[[float], None] | None) -> tuple[Plan, Figures]: ...


class DuckDB:
    """The default engine: the query in the run's own DuckDB, on the files where they lie."""

    def figures(self, con: duckdb.DuckDBPyConnection, query: Query,
                progress: Callable[[float], None] | None) -> tuple[Plan, Figures]:
        return _figures(con, query.compiler(), query.dossiers,
                        relation_sql(query.procedures, Table.PROCEDURES, query.mapping), query.mapping, progress)


def compute(procedures: Sequence[Path], dossiers: Sequence[Path], *, framework: Framework, hierarchy: Hierarchy,
            top: str, period_type: PeriodType, periods: Sequence[Period] | None = None,
            mapping: Path | None = None, rejects: Path | None = None, max_rejects: int = 0,
            memory_limit: str = "1GB", threads: int | None = None, temp_directory: Path | None = None,
            progress: Callable[[float], None] | None = None, digests: bool = True,
            engine: Engine | None = None) -> DossierResult:
    """Every record-based indicator of ``framework`` for every period the files cover and every unit under ``top``.

    The periods the files cover are inferred from the reception dates (see :mod:`chiso.dossiers.coverage`),
    or stated in ``periods``; no figure is given for any other. ``memory_limit`` bounds the whole run:
    DuckDB gets 80% of it and spills the rest of its work to ``temp_directory`` (a temporary folder by
    default). ``progress`` is called with DuckDB's percentage. ``digests``: the sha256 of every file, recorded
    in each value's source (reading every file once more, alongside the query). ``engine``: what counts
    (DuckDB by default; :class:`chiso.dossiers.spark.Spark` gives the same result).
    """
    if top not in hierarchy.versions:  # any version: the top may be a unit that has ended
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
        hashes = {path: pool.submit(sha256, path) if digests else None for path in dict.fromkeys(files)}
        p_src = open_sources(con, procedures, Table.PROCEDURES, loaded, Path(work))
        d_src = open_sources(con, dossiers, Table.DOSSIERS, loaded, Path(work))
        units = unit_table(hierarchy, top)
        units.create(con)
        query = Query(rules, period_type, top, periods or (), units, d_src, p_src, loaded, Path(work))
        plan, figures = (engine or DuckDB()).figures(con, query, progress)
        if figures.procedure_rejects:
            raise procedure_problems(con, numbered_relation_sql(p_src, Table.PROCEDURES, loaded),
                                     figures.procedure_rejects)
        rejects_file = None
        if figures.rejected:  # a second, ordered pass, only when the first one met unreadable rows
            rejects_file = rejects or default_rejects_path(dossiers)
            write_rejects(con, numbered_relation_sql(d_src, Table.DOSSIERS, loaded), rejects_file)
            if figures.rejected > max_rejects:
                raise too_many(figures.rejected, max_rejects, rejects_file)
        coverage = _cover(figures, plan, units, top, period_type, periods)
        sources = [(path.name, future.result() if future else "") for path, future in hashes.items()]
    remapped, unmapped = units.counted(figures.remapped)
    mixed = [text for period in coverage.periods if (text := units.mixed(period))]
    return DossierResult(values(framework, figures, period_type, source_text(sources)), figures.rejected,
                         figures.duplicates, dict(sorted(figures.unknown_units.items())), sources, rejects_file,
                         coverage.left_out, coverage.partial, figures.span(), remapped, unmapped, mixed)


def _figures(con: duckdb.DuckDBPyConnection, compiler: Compiler, dossiers: Sequence[Source], procedures: str,
             mapping: Mapping, progress: Callable[[float], None] | None) -> tuple[Plan, Figures]:
    """The query's figures. Ids are first grouped as read; in the rare files where one has blanks around it,
    the files are read again with every id trimmed."""
    plan = compiler.plan(relation_sql(dossiers, Table.DOSSIERS, mapping, ids_as_read=True), procedures)
    figures = Figures.read(run(con, plan.sql, progress, user_names(dossiers)), plan)
    if figures.padded_ids:
        plan = compiler.plan(relation_sql(dossiers, Table.DOSSIERS, mapping), procedures)
        figures = Figures.read(run(con, plan.sql, progress, user_names(dossiers)), plan)
    return plan, figures


def _cover(figures: Figures, plan: Plan, units: UnitTable, top: str, period_type: PeriodType,
           periods: Sequence[Period] | None) -> Coverage:
    """Only the periods the files cover (or those stated) keep their figures, every unit's zeros included."""
    coverage = decide(figures.events(top, period_type), figures.span(), period_type, periods)
    figures.keep(coverage.periods)
    figures.cover(plan, lambda key: units.covered(period_of(key, period_type)))
    return coverage


def source_text(sources: Sequence[tuple[str, str]]) -> str:
    """The source recorded with each value: every file and its content hash (when computed)."""
    return "chiso dossiers compute: " + ", ".join(f"{name} (sha256 {digest})" if digest else name
                                                  for name, digest in sources)


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


def run(con: duckdb.DuckDBPyConnection, sql: str, progress: Callable[[float], None] | None,
         names: dict[str, str]) -> list[Any]:
    try:
        with polling(con, None if progress is None else (lambda done: progress(done * 100))):
            return con.execute(sql).fetchall()
    except duckdb.OutOfMemoryException as exc:
        raise InputError(f"không đủ bộ nhớ để tính ({exc})", column="--memory-limit",
                         expected="một giới hạn bộ nhớ lớn hơn (ví dụ 4GB), hoặc chia hồ sơ thành nhiều lần tính "
                         "theo năm") from exc
    except duckdb.Error as exc:
        file = csvcheck.file_of(str(exc), names)
        if file is not None:
            raise csvcheck.duckdb_reason(str(exc), file) from exc
        raise InputError(f"không đọc được tệp hồ sơ hoặc danh mục TTHC: {str(exc).strip().splitlines()[0]}",
                         expected="tệp CSV UTF-8 có dòng tiêu đề, Parquet hoặc XLSX") from exc
