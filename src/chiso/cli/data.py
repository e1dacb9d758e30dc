"""`chiso load`, `chiso export` and `chiso catalogue`: data in and out of the store."""

from __future__ import annotations

import csv
import json
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
    TreeOption,
    UnitOption,
    app,
    console,
    reports_errors,
)
from chiso.cli.store import check_known, database_label, load_files, migrate, open_store
from chiso.errors import InputError, os_reason
from chiso.view.trees import TreeChoice, parse_tree


@app.command()
@reports_errors
def load(
    files: Annotated[list[Path], typer.Argument(help="Tệp .yaml (bộ chỉ tiêu), .csv, .xlsx hoặc .json.")],
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


LABELS = {"frameworks": "bộ chỉ tiêu", "org_units": "đơn vị", "values": "giá trị", "evaluations": "đánh giá",
          "org_unit_groups": "nhóm đơn vị"}


@app.command()
@reports_errors
def export(
    framework: FrameworkOption = None,
    unit: UnitOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", help="csv hoặc json.")] = ExportFormat.CSV,
    table: Annotated[Table, typer.Option(help="Bảng xuất ra với CSV (JSON gồm mọi bảng).")] = Table.VALUES,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp ghi ra (mặc định: stdout).")] = None,
    computed: Annotated[bool, typer.Option("--computed", help="Xuất mọi số liệu của đơn vị (cần --framework và"
                                           " --unit): báo cáo, tính theo công thức, tổng hợp, cộng dồn theo kỳ,"
                                           " kèm nguồn gốc và mức đầy đủ.")] = False,
    below: Annotated[bool, typer.Option("--below", help="Với --computed: cả mọi đơn vị cấp dưới.")] = False,
    tree: TreeOption = None,
    db: DbOption = None,
) -> None:
    """Xuất đơn vị, giá trị và đánh giá đã ghi nhận, đúng định dạng `chiso load` đọc lại được."""
    open_store(db)
    from chiso.io.files import write_csv, write_json
    from chiso.store import services

    check_known(framework, unit)
    if computed:
        with _output(output) as out:
            write_figures(out, _computed(framework, unit, below, parse_tree(tree)), format)
        return
    if table is Table.ORG_UNIT_LINKS:
        from chiso.orgunits.linkfile import write_links

        with _output(output) as out:
            write_links(out, services.hierarchy().links)
        return
    tables: dict[str, Sequence[object]] = {
        "org_units": services.org_units(),
        "org_unit_groups": services.org_unit_groups(),
        "values": services.values(framework, unit),
        "evaluations": services.recorded_evaluations(framework, unit),
    }
    with _output(output) as out:
        if format is ExportFormat.JSON:
            write_json(out, **tables)
        else:
            write_csv(tables[table.value], table.value, out)


FIGURE_COLUMNS = ("framework", "indicator", "unit", "period", "value", "provenance", "completeness", "note",
                  "source", "origin")


def _computed(framework: str | None, unit: str | None, below: bool, tree: TreeChoice) -> list[dict[str, str]]:
    """The computed view of the unit (and everything below it) as rows, catalogue order, oldest period first."""
    from chiso.store import analysis
    from chiso.view import Scope

    if framework is None or unit is None:
        raise InputError("--computed cần một bộ chỉ tiêu và một đơn vị", column="--framework",
                         expected="--framework cqs --unit 66")
    view = analysis.view(framework, unit, scope=Scope.SUBTREE if below else Scope.UNIT, tree=tree)
    rows = []
    for code in [unit, *(u for u in view.units() if u != unit)]:
        for figure in view.of_unit(code):
            value = figure.as_value(framework)
            rows.append({"framework": framework, "indicator": figure.indicator, "unit": figure.unit,
                         "period": figure.period, "value": figure.value, "provenance": figure.provenance.value,
                         "completeness": figure.completeness.text if figure.completeness else "",
                         "note": value.note, "source": value.source, "origin": figure.origin})
    return rows


def write_figures(out: TextIO, rows: list[dict[str, str]], format: ExportFormat) -> None:
    if format is ExportFormat.JSON:
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=list(FIGURE_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None or path == Path("-"):
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
