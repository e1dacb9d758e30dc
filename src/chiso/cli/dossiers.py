"""`chiso dossiers compute`: the one-stop indicators counted from procedure and dossier records."""

from __future__ import annotations

import csv
import sys
from collections.abc import Collection
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from chiso.catalog.model import Framework
from chiso.cli.app import DbOption, app, console, err_console, print_json, progress_bar, reports_errors
from chiso.cli.store import check_known, cli_user, open_store
from chiso.errors import InputError
from chiso.io.tables import VALUE_COLUMNS, Catalogue, Row, read_rows, to_cells, value_reader
from chiso.orgunits.model import OrgUnit
from chiso.periods import Period, PeriodType, period_range
from chiso.values.model import Value
from chiso.values.text import value_text

if TYPE_CHECKING:
    from chiso.dossiers import DossierResult
    from chiso.dossiers.engine import Engine

dossiers = typer.Typer(help="Chỉ tiêu một cửa (Phụ lục VIII, mục 5 và 6) tính từ danh mục TTHC và hồ sơ.",
                       no_args_is_help=True)
app.add_typer(dossiers, name="dossiers")

COLUMNS = ("framework", "indicator", "unit", "period", "value")


class ComputeFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class EngineName(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


FilesHelp = "Tệp .csv, .parquet hoặc .xlsx; lặp lại tùy chọn cho nhiều tệp."


@dossiers.command()
@reports_errors
def compute(
    procedures: Annotated[list[Path], typer.Option("--procedures", help=f"Danh mục TTHC. {FilesHelp}")],
    dossier_files: Annotated[list[Path], typer.Option("--dossiers", help=f"Hồ sơ một cửa. {FilesHelp}")],
    period_type: Annotated[PeriodType | None, typer.Option("--period-type", help="Loại kỳ: year, half, quarter,"
                                                         " month (không cần khi có --periods).")] = None,
    periods: Annotated[str | None, typer.Option("--periods", help="Các kỳ cần tính, ví dụ 2026 hoặc 2026Q1:2026Q4"
                                                " (mặc định: các kỳ mà tệp hồ sơ bao phủ trọn).")] = None,
    mapping: Annotated[str | None, typer.Option("--mapping", help="Tệp ánh xạ YAML tên cột và mã của nhà cung cấp,"
                                                " hoặc tên một tệp có sẵn: dvcqg.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Đơn vị mà các tệp bao phủ"
                                             " (mặc định: đơn vị gốc của kho).")] = None,
    framework: Annotated[str, typer.Option("--framework", "-f", help="Mã bộ chỉ tiêu.")] = "cqs",
    save: Annotated[bool, typer.Option("--save", help="Ghi các giá trị vào kho (kiểm tra như `chiso load`;"
                                       " lỗi một giá trị thì không ghi gì).")] = False,
    format: Annotated[ComputeFormat, typer.Option("--format", help="table, json hoặc csv.")] = ComputeFormat.TABLE,
    rejects: Annotated[Path | None, typer.Option("--rejects", help="Tệp ghi các dòng bị loại và lý do (mặc định:"
                                                 " <tên tệp hồ sơ đầu tiên>-rejects.csv bên cạnh nó).")] = None,
    max_rejects: Annotated[int, typer.Option("--max-rejects", min=0, help="Số dòng bị loại tối đa vẫn cho tính"
                                             " tiếp (mặc định 0: một dòng sai là dừng).")] = 0,
    memory_limit: Annotated[str, typer.Option("--memory-limit", help="Bộ nhớ tối đa của lần chạy"
                                              " (DuckDB dùng 80%, phần lớn hơn ghi tạm ra đĩa), ví dụ 1GB.")] = "1GB",
    threads: Annotated[int | None, typer.Option("--threads", min=1, help="Số luồng của DuckDB"
                                                " (mặc định: số lõi).")] = None,
    engine: Annotated[EngineName, typer.Option("--engine", help="Máy tính: duckdb (mặc định, trên máy này) hoặc"
                                               " spark (một cụm Spark, cần PySpark và Java).")] = EngineName.DUCKDB,
    master: Annotated[str | None, typer.Option("--master", help="Cụm Spark, như spark://máy:7077, hoặc local[N]"
                                               " (mặc định local[*]); chỉ với --engine spark.")] = None,
    spark_stage: Annotated[Path | None, typer.Option("--spark-stage", help="Thư mục ghi hồ sơ đã đọc (Parquet) cho"
                                                     " Spark, mà mọi máy của cụm cùng đọc (mặc định: thư mục tạm).")]
    = None,
    db: DbOption = None,
) -> None:
    """Tính các chỉ tiêu một cửa cho mọi kỳ mà tệp bao phủ trọn và mọi đơn vị (cộng dồn lên đơn vị cấp trên)."""
    stated = period_range(periods) if periods else None
    kind = _period_type(period_type, stated)
    counting = _engine(engine, master, spark_stage)
    open_store(db)
    from chiso.dossiers import compute as run
    from chiso.store import services  # after open_store: the models need Django set up

    check_known(framework, None)
    known = services.frameworks()
    hierarchy = services.hierarchy()
    top = unit or _root(hierarchy.roots())
    with progress_bar("Đang đọc hồ sơ", total=100.0, shown=err_console.is_terminal) as progress:
        result = run(procedures, dossier_files, framework=known[framework], hierarchy=hierarchy, top=top,
                     period_type=kind, periods=stated, mapping=_mapping(mapping), rejects=rejects,
                     max_rejects=max_rejects, memory_limit=memory_limit, threads=threads, progress=progress,
                     digests=save, engine=counting)  # the files' hashes are recorded with saved values only
        if progress is not None:
            progress(100.0)  # the engine's last report may be short of the end: the run is done
    _print(result.values, format, known[framework])
    _report(result, top, set(hierarchy.versions))
    if save:
        # every code the store holds: a value may be an ended version's (24550 in 2025S1)
        count = save_values(result.values, Catalogue(known, set(hierarchy.versions)))
        err_console.print(f"Đã ghi {count} giá trị vào kho.")


def _period_type(given: PeriodType | None, stated: list[Period] | None) -> PeriodType:
    """The type of the periods computed: --period-type, or that of the stated periods."""
    kinds = {period.type for period in stated or ()}
    if PeriodType.YTD in {given, *kinds}:
        raise InputError("hồ sơ được tính theo năm, nửa năm, quý hoặc tháng; số liệu lũy kế từ đầu năm được tính "
                         "từ các tháng đã ghi vào kho", column="--periods" if given is None else "--period-type",
                         expected="--period-type year, half, quarter hoặc month")
    if len(kinds) > 1:
        raise InputError("--periods trộn nhiều loại kỳ", column="--periods",
                         expected="các kỳ cùng một loại, ví dụ 2026Q1:2026Q4")
    if given is None and not kinds:
        raise InputError("chưa nêu loại kỳ", column="--period-type",
                         expected="--period-type year, half, quarter hoặc month, hoặc các kỳ với --periods")
    if given is not None and kinds and kinds != {given}:
        raise InputError(f"--periods {next(iter(kinds)).noun} không khớp --period-type {given.value}",
                         column="--periods", expected=f"các kỳ {given.noun}, hoặc bỏ --period-type")
    return given or next(iter(kinds))


def _engine(name: EngineName, master: str | None, stage: Path | None) -> Engine | None:
    """The engine that counts: None for DuckDB, the default; Spark is loaded only when asked for."""
    if name is EngineName.DUCKDB:
        if master is not None or stage is not None:
            raise InputError(f"{'--master' if master is not None else '--spark-stage'} chỉ dùng với --engine spark",
                             column="--engine", expected="--engine spark, hoặc bỏ --master và --spark-stage")
        return None
    from chiso.dossiers.spark import Spark

    return Spark(master or "local[*]", stage)


def _root(roots: list[OrgUnit]) -> str:
    codes = sorted(r.code for r in roots)
    if len(codes) != 1:
        among = f", một trong: {', '.join(codes)}" if codes else ""
        raise InputError("kho có nhiều đơn vị gốc" if codes else "kho chưa có đơn vị nào", column="--unit",
                         expected=f"mã đơn vị mà các tệp bao phủ{among}")
    return codes[0]


def _mapping(text: str | None) -> Path | None:
    """A mapping file, or the name of one shipped with chiso (dvcqg)."""
    if text is None:
        return None
    path = Path(text)
    if not path.suffix and not path.exists():
        from chiso.dossiers.mapping import shipped_mapping

        shipped = shipped_mapping(text.lower())
        if shipped.is_file():
            return shipped
    return path


def _print(values: list[Value], format: ComputeFormat, framework: Framework) -> None:
    rows = [{"framework": v.framework, "indicator": v.indicator, "unit": v.unit, "period": v.period,
             "value": v.value} for v in values]
    if format is ComputeFormat.JSON:
        print_json(rows)
    elif format is ComputeFormat.CSV:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        console.print(_table(values, framework))


def _table(values: list[Value], framework: Framework) -> RichTable:
    """One row per unit and indicator, one column per period, each value written the Vietnamese way."""
    periods = sorted({v.period for v in values}, key=lambda code: (Period.parse(code).start, code))
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for v in values:
        cells.setdefault((v.unit, v.indicator), {})[v.period] = v.value
    order = {i.code: n for n, i in enumerate(framework.indicators)}
    table = RichTable("Đơn vị", "Chỉ tiêu", *(Period.parse(p).label for p in periods), title="Chỉ tiêu tính từ hồ sơ")
    for unit, code in sorted(cells, key=lambda key: (key[0], order.get(key[1], len(order)))):
        found = cells[(unit, code)]
        table.add_row(unit, code, *(value_text(framework.indicator(code), found[p]) if p in found else "-"
                                    for p in periods))
    return table


def _report(result: DossierResult, top: str, known: Collection[str] = ()) -> None:
    """What the run met, on stderr so that JSON and CSV on stdout stay clean. ``known``: the codes the store
    holds, so that a unit outside ``top`` on a record's day (an old commune of another province) is not said to
    be missing."""
    from chiso.dossiers.coverage import number

    say = partial(err_console.print, highlight=False)
    if result.rejected:
        say(f"[yellow]{number(result.rejected)} dòng bị loại[/], ghi ở {result.rejects_file}.")
    if result.duplicates:
        say(f"[yellow]{number(result.duplicates)} hồ sơ trùng mã[/] (mỗi mã chỉ tính một lần).")
    missing = {code: n for code, n in result.unknown_units.items() if code not in known}
    outside = {code: n for code, n in result.unknown_units.items() if code in known}
    for found, what in ((missing, "Mã đơn vị không có trong kho"),
                        (outside, f"Đơn vị không thuộc {top} vào ngày tiếp nhận hồ sơ")):
        if found:
            shown = ", ".join(f"{code} ({number(n)} hồ sơ)" for code, n in found.items())
            say(f"[yellow]{what}[/], chỉ tính vào tổng của {top}: {shown}.")
    for remapped in result.remapped:  # old codes still written after a reorganisation
        say(f"{escape(remapped.message)}.")
    for unmapped in result.unmapped:
        say(f"[yellow]{escape(unmapped.message)}[/], chỉ tính vào tổng của {top}.")
    for left in result.left_out:
        say(f"[yellow]{escape(left.message)}.[/]")
    for warning in result.partial:
        say(f"[yellow]Kỳ {escape(warning)}.[/]")
    for mixed in result.mixed:
        say(f"[yellow]{escape(mixed[0].upper() + mixed[1:])}.[/]")


def save_values(values: list[Value], catalogue: Catalogue) -> int:
    """The values checked as `chiso load` checks them, then written in one transaction (locks included)."""
    from chiso.io.files import Bundle
    from chiso.store import services

    rows = [Row("chiso dossiers compute", None, to_cells(v, VALUE_COLUMNS)) for v in values]
    checked = read_rows(rows, value_reader(catalogue), key=lambda v: v.key)
    return services.save_bundle(Bundle(values=checked), recorded_by=cli_user())["values"]
