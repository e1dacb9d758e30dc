"""The Spark engine gives the DuckDB engine's result, to the last figure, reject and remark, on the same files.

Every test runs both engines and compares the whole ``DossierResult`` (values, rejects, duplicates, unknown
units, coverage, remapped codes, file hashes). The files: the sample of test_dossiers_engine.py, its copy with
unreadable rows, the old unit codes of test_old_codes.py (the unit table by day), and a file of edge cases
written below. One Spark session (local[2]) serves the module: the engine uses the caller's session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_old_codes import RECORDS, tree

from chiso.catalog.model import Framework
from chiso.dossiers import DossierResult, compute
from chiso.dossiers.dialect import SPARK
from chiso.dossiers.spark import MISSING, Spark
from chiso.orgunits.model import Hierarchy
from chiso.periods import PeriodType, period_range

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DATA = Path(__file__).parent / "data"
PROCEDURES, DOSSIERS = DATA / "procedures.csv", DATA / "dossiers.csv"

# Edge cases: a dossier received and completed in the last second of a quarter, dates missing, a duplicate id
# completed later, the last day of the year, a procedure without any dossier and one whose version changes on
# a quarter's first day, Vietnamese codes and words (NFC) for channels, levels and flags.
EDGE_PROCEDURES = """procedure_code,name,online_level,has_fee,online_payment,on_national_portal,valid_from,valid_to
ĐĐ-01,Cấp giấy chứng nhận quyền sử dụng đất,toàn trình,có,có,có,,
HT-02,Đăng ký kết hôn,một phần,không,không,có,01/01/2024,
HT-02,Đăng ký kết hôn,toàn trình,không,không,có,2024-04-01,
KS-03,Thủ tục chưa có hồ sơ nào,không,có,không,không,,
"""
EDGE_DOSSIERS = """dossier_id,procedure_code,unit_code,received_at,channel,due_at,completed_at,digitized,e_result,\
reused_data,paid_online
Hồ-sơ-001,ĐĐ-01,643,2024-03-31 23:59:59,trực tuyến,2024-04-10,2024-03-31 23:59:59,có,có,không,có
Hồ-sơ-001,ĐĐ-01,643,2024-03-31 23:59:59,trực tuyến,2024-04-10,2024-04-12,có,có,không,có
Hồ-sơ-002,HT-02,24121,31/03/2024,trực tiếp,,,không,không,không,
Hồ-sơ-003,HT-02,644,2024-06-30,trực tuyến,2024-06-30,2024-07-01,có,không,có,
Hồ-sơ-004,ĐĐ-01,643,2024-01-01 00:00,bưu chính,2024-01-05,2024-01-05 00:00,không,có,có,không
Hồ-sơ-005,HT-02,644,2024-12-31,Trực tuyến,2025-01-05,,có,có,có,có
Hồ-sơ-006,HT-02,24121,2024-10-01,trực tuyến,2024-10-03,2024-10-02 08:00,có,có,có,không
"""


def _spark_ready() -> str:
    """Why the Spark tests cannot run here, or "" when they can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "PySpark không được cài (.venv/bin/pip install pyspark)"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "không có Java (apt-get install default-jre-headless)"
    return ""


needs_spark = pytest.mark.skipif(bool(_spark_ready()), reason=_spark_ready() or "Spark sẵn sàng")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("chiso tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def both(spark: SparkSession, tmp_path: Path, procedures: Path | list[Path], dossiers: Path | list[Path],
         **options: object) -> tuple[DossierResult, DossierResult]:
    """The DuckDB and the Spark result on the same files, each writing its own rejects file."""
    results = []
    for name, engine in (("duckdb", None), ("spark", Spark("local[2]"))):
        rejects = tmp_path / f"rejects-{name}.csv"
        results.append(compute(_files(procedures), _files(dossiers), rejects=rejects, engine=engine,
                               **options))  # type: ignore[arg-type]
    return results[0], results[1]


def _files(given: Path | list[Path]) -> list[Path]:
    return given if isinstance(given, list) else [given]


def same(duck: DossierResult, spark: DossierResult) -> None:
    assert duck.values  # figures to compare
    assert replace(spark, rejects_file=duck.rejects_file) == duck


@needs_spark
def test_the_sample_and_the_edge_cases_give_the_same_figures(spark: SparkSession, cqs: Framework,
                                                             hierarchy: Hierarchy, tmp_path: Path) -> None:
    procedures, dossiers = tmp_path / "thu-tuc.csv", tmp_path / "hồ sơ.csv"
    procedures.write_text(EDGE_PROCEDURES, encoding="utf-8")
    dossiers.write_text(EDGE_DOSSIERS, encoding="utf-8")
    duck, sparked = both(spark, tmp_path, [PROCEDURES, procedures], [DOSSIERS, dossiers], framework=cqs,
                         hierarchy=hierarchy, top="66", period_type=PeriodType.QUARTER,
                         periods=period_range("2023Q4:2024Q4"))
    same(duck, sparked)
    got = {(v.indicator, v.unit, v.period): v.value for v in sparked.values}
    # received in Q1 2024: D01–D03 of the sample, Hồ-sơ-001 (its duplicate once), 002 on the quarter's last
    # day (24121, under 643) and 004; in Q4: D09 and Hồ-sơ-005, 006
    assert (got["5.4.1", "643", "2024Q1"], got["5.4.1", "66", "2024Q1"], got["5.4.1", "66", "2024Q4"]) == \
        ("5", "6", "3")
    assert sparked.duplicates == 1
    assert sparked.unknown_units == {"999": 1}


@needs_spark
def test_unreadable_rows_are_rejected_alike(spark: SparkSession, cqs: Framework, hierarchy: Hierarchy,
                                            tmp_path: Path) -> None:
    duck, sparked = both(spark, tmp_path, PROCEDURES, DATA / "dossiers-with-problems.csv", framework=cqs,
                         hierarchy=hierarchy, top="66", period_type=PeriodType.YEAR,
                         periods=period_range("2024"), max_rejects=10)
    same(duck, sparked)
    assert sparked.rejected > 0
    assert (tmp_path / "rejects-spark.csv").read_bytes() == (tmp_path / "rejects-duckdb.csv").read_bytes()


@needs_spark
def test_old_unit_codes_count_for_their_successor_alike(spark: SparkSession, cqs: Framework, tmp_path: Path) -> None:
    dossiers = tmp_path / "ho-so.csv"
    lines = ["dossier_id,procedure_code,unit_code,received_at,channel,due_at,completed_at,digitized,e_result,"
             "reused_data,paid_online", *(f"{r},P1,{unit},{day},online,,{day},1,1,0,0" for r, unit, day in RECORDS)]
    dossiers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    duck, sparked = both(spark, tmp_path, PROCEDURES, dossiers, framework=cqs, hierarchy=tree(), top="66",
                         period_type=PeriodType.HALF, periods=period_range("2025S1:2025S2"), digests=False)
    same(duck, sparked)
    assert sparked.remapped and sparked.unmapped


@needs_spark
@pytest.mark.django_db
def test_the_command_prints_and_reports_the_same_with_either_engine(spark: SparkSession, shipped_store: None,
                                                                    tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chiso.cli.main import app

    runner = CliRunner(env={"COLUMNS": "250"})
    units = tmp_path / "units.csv"
    units.write_text("code,name,type,parent,valid_from,valid_to\n24121,Phường Tân Lập,commune,643,,\n",
                     encoding="utf-8")
    assert runner.invoke(app, ["load", str(units)]).exit_code == 0
    outputs = []
    for engine in (["--engine", "duckdb"], ["--engine", "spark", "--master", "local[2]"]):
        done = runner.invoke(app, ["dossiers", "compute", "--procedures", str(PROCEDURES), "--dossiers",
                                   str(DATA / "dossiers-with-problems.csv"), "--unit", "66", "--periods", "2024",
                                   "--max-rejects", "10", "--rejects", str(tmp_path / "rejects.csv"),
                                   "--format", "csv", *engine])
        assert done.exit_code == 0, done.stderr
        outputs.append((done.stdout, done.stderr))
    assert outputs[0] == outputs[1]
    assert "dòng bị loại" in outputs[1][1] and "5.4.1" in outputs[1][0]


@needs_spark
def test_spark_reads_quotes_backslashes_and_diacritics_as_written(spark: SparkSession) -> None:
    texts = ["Xã Ea H'Leo", "C:\\hồ sơ\\", "''", "\\'", "Đắk Lắk"]
    row = spark.sql("SELECT " + ", ".join(f"{SPARK.literal(t)} AS t{i}" for i, t in enumerate(texts))).first()
    assert row is not None and list(row) == texts


def test_without_java_the_engine_says_what_it_needs(tmp_path: Path) -> None:
    """A run where neither PySpark's launcher nor the engine can find Java: the message, no traceback."""
    script = ("from chiso.dossiers.spark import session\n"
              "from chiso.errors import InputError\n"
              "try:\n    session('local[1]').__enter__()\n"
              "except InputError as exc:\n    print(exc.message)\n")
    env = {key: value for key, value in os.environ.items() if key != "JAVA_HOME"} | {"PATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.strip() == MISSING, done.stderr
    assert "Traceback" not in done.stderr


def test_pyspark_is_loaded_only_for_a_spark_run() -> None:
    script = "import sys, chiso.cli.dossiers, chiso.dossiers.spark; print('pyspark' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr
