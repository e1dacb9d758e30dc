"""`chiso load`, `chiso export` and `chiso catalogue`: data in and out of the store."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.table import Table as RichTable

from chiso.cli.app import (
    DbOption,
    ExportFormat,
    FrameworkOption,
    Table,
    UnitOption,
    app,
    console,
    reports_errors,
)
from chiso.cli.store import check_known, database_label, load_files, migrate, open_store
from chiso.errors import InputError, os_reason


@app.command()
@reports_errors
def load(
    files: Annotated[list[Path], typer.Argument(help="Tệp .yaml (bộ chỉ tiêu), .csv hoặc .json.")],
    locale: Annotated[str, typer.Option(help="Cách viết số trong CSV: en (46.14) hoặc vi (1.247.855; 46,14).")] = "en",
    db: DbOption = None,
) -> None:
    """Nạp bộ chỉ tiêu, đơn vị, giá trị và đánh giá. Một dòng sai thì không nạp gì cả."""
    if locale not in ("en", "vi"):
        raise InputError(f"--locale «{locale}» không hợp lệ", expected="en hoặc vi")
    open_store(db)
    counts = load_files(files, locale)
    console.print(f"Đã nạp vào {database_label()}: " + ", ".join(f"{n} {LABELS[k]}" for k, n in counts.items()))


@app.command(name="migrate")
@reports_errors
def migrate_command(db: DbOption = None) -> None:
    """Tạo hoặc cập nhật cấu trúc cơ sở dữ liệu (bảng, cột, chỉ mục) lên phiên bản của chiso đang cài."""
    applied = migrate(db)
    if applied:
        console.print(f"Đã cập nhật {database_label()}: {len(applied)} bước ({', '.join(applied)}).")
    else:
        console.print(f"{database_label()} đã có cấu trúc mới nhất, không có gì phải làm.")


LABELS = {"frameworks": "bộ chỉ tiêu", "org_units": "đơn vị", "values": "giá trị", "evaluations": "đánh giá"}


@app.command()
@reports_errors
def export(
    framework: FrameworkOption = None,
    unit: UnitOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", help="csv hoặc json.")] = ExportFormat.CSV,
    table: Annotated[Table, typer.Option(help="Bảng xuất ra với CSV (JSON gồm cả ba).")] = Table.VALUES,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp ghi ra (mặc định: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Xuất đơn vị, giá trị và đánh giá đã ghi nhận, đúng định dạng `chiso load` đọc lại được."""
    open_store(db)
    from chiso.io.files import write_csv, write_json
    from chiso.store import services

    check_known(framework, unit)
    tables: dict[str, Sequence[object]] = {
        "org_units": services.org_units(),
        "values": services.values(framework, unit),
        "evaluations": services.recorded_evaluations(framework, unit),
    }
    with _output(output) as out:
        if format is ExportFormat.JSON:
            write_json(out, **tables)
        else:
            write_csv(tables[table.value], table.value, out)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"không ghi được tệp: {os_reason(exc)}", file=str(path)) from exc
    with handle:
        yield handle


@app.command()
@reports_errors
def catalogue(
    framework: Annotated[str | None, typer.Argument(help="Mã bộ chỉ tiêu; bỏ trống để liệt kê các bộ.")] = None,
    db: DbOption = None,
) -> None:
    """Liệt kê các bộ chỉ tiêu trong kho, hoặc các chỉ tiêu của một bộ."""
    open_store(db)
    from chiso.store import services

    check_known(framework, None)
    known = services.frameworks()
    if framework is None:
        table = RichTable("Mã", "Tên", "Số chỉ tiêu", title="Các bộ chỉ tiêu")
        for code, fw in sorted(known.items()):
            table.add_row(code, fw.title, str(len(fw.indicators)))
    else:
        fw = known[framework]
        table = RichTable("Mã", "Chỉ tiêu", "Kiểu", "Công thức", "Chỉ tiêu đặt ra", title=fw.title)
        for ind in fw.indicators:
            targets = "; ".join(f"{t.text} ({t.period})" for t in ind.targets)
            table.add_row(ind.code, ind.name, ind.value_type.value, ind.formula.text if ind.formula else "", targets)
    console.print(table)
