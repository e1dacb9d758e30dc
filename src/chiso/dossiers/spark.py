"""The dossier query run by Spark (``compute(…, engine=Spark(master))``), on a cluster or in local mode.

The same declarations compile to Spark SQL (:class:`~chiso.dossiers.dialect.SparkDialect`). What is
readable is still decided by DuckDB: the run's DuckDB reads and types the files as the default engine does
(``sources.relation_sql``: the same parsers, the same ids trimmed, the same rejected rows) and writes the
typed rows, with the unit tables, to Parquet in a staging folder, which Spark reads. One parser for both
engines is what makes their figures and rejects identical; the Parquet holds only typed columns, so Spark
reads a fraction of the text. On a cluster the staging folder must be one the executors read at the same
path (a shared mount): ``stage``.

PySpark is imported only when a run starts, so that the commands start fast without it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from chiso.dossiers.compile import CLOSURE, UNITS, Plan
from chiso.dossiers.declarations import COLUMNS, Table
from chiso.dossiers.dialect import SPARK
from chiso.dossiers.engine import Query, run
from chiso.dossiers.parsing import literal
from chiso.dossiers.results import Figures
from chiso.dossiers.sources import relation_sql, user_names
from chiso.errors import InputError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

MISSING = "cần PySpark và Java (default-jre-headless) để chạy với Spark"
INSTALL = "pip install pyspark và apt-get install default-jre-headless, hoặc --engine duckdb"
DOSSIERS, PROCEDURES = "chiso_dossiers", "chiso_procedures"
# Small figures from a few columns: settings that keep a local run light; a cluster's own settings win.
SETTINGS = {"spark.ui.showConsoleProgress": "false", "spark.sql.session.timeZone": "UTC",
            "spark.sql.parquet.datetimeRebaseModeInRead": "CORRECTED"}


@dataclass(frozen=True)
class Spark:
    """The Spark engine: ``master`` as ``spark-submit --master`` takes it (spark://host:7077, local[4])."""

    master: str = "local[*]"
    stage: Path | None = None  # where the typed Parquet is written; the run's temporary folder by default

    def figures(self, con: duckdb.DuckDBPyConnection, query: Query,
                progress: Callable[[float], None] | None) -> tuple[Plan, Figures]:
        with self._folder(query) as folder, session(self.master) as spark:
            staged = stage(con, query, folder, progress)
            for name, path in staged.items():
                spark.read.parquet(path.as_uri()).createOrReplaceTempView(name)
            plan = query.compiler(SPARK).plan(f"SELECT * FROM {DOSSIERS}", f"SELECT * FROM {PROCEDURES}")
            try:
                return plan, Figures.read(_collect(spark, plan), plan)
            finally:
                for view in (*(name for name, _, _ in plan.steps), *staged):
                    spark.catalog.dropTempView(view)  # and its cache: a caller's session outlives the run

    @contextmanager
    def _folder(self, query: Query) -> Iterator[Path]:
        if self.stage is None:
            yield query.workdir
            return
        try:
            self.stage.mkdir(parents=True, exist_ok=True)
            folder = tempfile.TemporaryDirectory(prefix="chiso-spark-", dir=self.stage)
        except OSError as exc:
            raise InputError(f"không ghi được vào thư mục trung gian: {exc.strerror}", file=str(self.stage),
                             column="--spark-stage",
                             expected="một thư mục ghi được, mà các máy Spark cùng đọc") from exc
        with folder as path:
            yield Path(path)


def stage(con: duckdb.DuckDBPyConnection, query: Query, folder: Path,
          progress: Callable[[float], None] | None = None) -> dict[str, Path]:
    """The typed rows of the files and the unit tables written as Parquet: Spark's view name → file."""
    relations = {DOSSIERS: _typed(relation_sql(query.dossiers, Table.DOSSIERS, query.mapping), Table.DOSSIERS),
                 PROCEDURES: _typed(relation_sql(query.procedures, Table.PROCEDURES, query.mapping), Table.PROCEDURES),
                 UNITS: f"SELECT * FROM {UNITS}", CLOSURE: f"SELECT * FROM {CLOSURE}"}
    names = user_names([*query.dossiers, *query.procedures])
    staged = {}
    for name, sql in relations.items():
        path = folder / f"{name}.parquet"
        run(con, f"COPY ({sql}) TO {literal(str(path))} (FORMAT parquet)",
            progress if name == DOSSIERS else None, names)
        staged[name] = path
    return staged


def _typed(relation: str, table: Table) -> str:
    """Only what the query reads: each canonical column typed, and whether the row is rejected."""
    return f"SELECT {', '.join(c.name for c in COLUMNS[table])}, rejected FROM ({relation})"


@contextmanager
def session(master: str) -> Iterator[SparkSession]:
    """The active Spark session (a caller's, kept), or a new one on ``master``, stopped after the run."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise InputError(MISSING, column="--engine", expected=INSTALL) from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        for key, value in SETTINGS.items():
            if key.startswith("spark.sql."):
                active.conf.set(key, value)
        yield active
        return
    started = _start(SparkSession.builder, master)
    try:
        yield started
    finally:
        started.stop()


def _start(builder: Any, master: str) -> SparkSession:
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise InputError(MISSING, column="--engine", expected=INSTALL)
    builder = builder.master(master).appName("chiso dossiers compute").config("spark.ui.enabled", "false")
    for key, value in SETTINGS.items():
        builder = builder.config(key, value)
    try:
        spark: SparkSession = builder.getOrCreate()
    except Exception as exc:  # PySpark raises plain runtime errors for a missing Java or a bad master
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"không khởi động được Spark với --master «{master}»: {first}", column="--master",
                         expected="local[2], local[*] hoặc địa chỉ một cụm Spark như spark://host:7077; "
                         + MISSING) from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _collect(spark: SparkSession, plan: Plan) -> list[Any]:
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        for name, query, once in plan.steps:
            view = spark.sql(query)
            # computed now, and read as computed: a cached view is still re-planned, and then recomputed
            (view.localCheckpoint() if once else view).createOrReplaceTempView(name)
        return [tuple(row) for row in spark.sql(plan.sql).collect()]
    except (PySparkException, Py4JError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"Spark không tính được các chỉ tiêu: {first}",
                         expected="một cụm Spark 3.4 trở lên đọc được thư mục trung gian (--spark-stage)") from exc
