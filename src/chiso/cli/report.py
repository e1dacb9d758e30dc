"""`chiso report`: an official appendix in DOCX, XLSX, PDF, HTML, CSV or JSON."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from chiso.cli.app import DbOption, TreeOption, app, console, reports_errors
from chiso.cli.store import check_known, open_store
from chiso.errors import InputError, os_reason
from chiso.periods import Period, period_range
from chiso.periods.days import parse_day
from chiso.reports import ReportOptions, render
from chiso.reports.model import Report
from chiso.view.trees import parse_tree

STDOUT = Path("-")  # «-o -»: write to standard output, as `chiso export` does without -o



class ReportLayout(StrEnum):
    INDEX = "index"  # the index card of a framework with indices, whatever its own layout


FORMAT_HELP = "docx, xlsx, pdf, html, csv hoặc json (mặc định: theo đuôi tệp -o, nếu không thì docx)."


@app.command()
@reports_errors
def report(
    framework: Annotated[str, typer.Argument(help="Mã bộ chỉ tiêu, ví dụ cqs hoặc cds2025.")],
    unit: Annotated[str, typer.Option("--unit", "-u", help="Mã đơn vị, ví dụ 66.")],
    format: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp ghi ra; «-» ghi ra stdout.")] = None,
    periods: Annotated[str | None, typer.Option(help="Các kỳ của bảng thống kê, ví dụ 2021:2025.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Bảng đánh giá: kết quả đến kỳ này.")] = None,
    doc_number: Annotated[str, typer.Option(help="Số văn bản kèm theo, ví dụ 125/BC-UBND.")] = "",
    doc_date: Annotated[str | None, typer.Option(help="Ngày văn bản, dd/mm/yyyy.")] = None,
    issuer: Annotated[str, typer.Option(help="Cơ quan ban hành.")] = "",
    charts: Annotated[bool, typer.Option("--charts", help="Thêm phụ lục biểu đồ.")] = False,
    summary: Annotated[bool, typer.Option("--summary", help="Thêm đoạn tóm tắt soạn sẵn.")] = False,
    computed_only: Annotated[bool, typer.Option("--computed-only",
                                                help="Cột đánh giá chỉ ghi đánh giá do chiso tính.")] = False,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="Bảng thống kê: một kỳ, mỗi đơn vị cấp dưới một cột"
                                          " (nên xuất Excel khi có nhiều đơn vị).")] = False,
    layout: Annotated[ReportLayout | None, typer.Option("--layout", help="index: bảng điểm chỉ số tổng hợp"
                                                        " (QĐ 766, DTI) của kỳ --as-of và các đơn vị cấp dưới làm"
                                                        " mất điểm (mặc định: mẫu của bộ chỉ tiêu).")] = None,
    tree: TreeOption = None,
    db: DbOption = None,
) -> None:
    """Xuất phụ lục báo cáo đúng mẫu (Nghị định 30/2020): Word, Excel, PDF, HTML, CSV, JSON."""
    chosen = format or (output.suffix.lstrip(".").lower() if output and output.suffix else "docx")
    from chiso.reports.exporters import exporter  # here: Word and Excel libraries load only for a report

    exporter(chosen)  # an unknown format is bad usage: say so before any work
    options = ReportOptions(unit=unit, periods=_periods(periods), as_of=_period(as_of, "--as-of"),
                            doc_number=doc_number, doc_date=_date(doc_date), issuer=issuer, charts=charts,
                            summary=summary, computed_only=computed_only, by_unit=by_unit, tree=parse_tree(tree))
    open_store(db)
    built = store_report(framework, options, layout)
    target = output or Path(f"{framework}-{unit}.{chosen}")
    if target == STDOUT:
        sys.stdout.buffer.write(render(built, chosen))  # the report alone, for a pipe: no message after it
        sys.stdout.flush()
        return
    write_report(built, chosen, target)
    console.print(f"Đã ghi {target}")


def store_report(framework: str, options: ReportOptions, layout: ReportLayout | None = None) -> Report:
    """A report drawn from the store's computed view for one framework and unit, in its own layout or ``layout``."""
    from chiso.store import analysis

    check_known(framework, options.unit)
    if layout is ReportLayout.INDEX:
        return analysis.index_report(framework, options)
    return analysis.report(framework, options)


def write_report(built: Report, format: str, path: Path) -> None:
    content = render(built, format)
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise InputError(f"không ghi được tệp: {os_reason(exc)}", file=str(path),
                         expected="một đường dẫn trong thư mục có quyền ghi") from exc


def _periods(spec: str | None) -> tuple[Period, ...]:
    if not spec:
        return ()
    try:
        return tuple(period_range(spec))
    except InputError as exc:
        raise exc.located(column="--periods") from exc


def _period(code: str | None, option: str) -> Period | None:
    if not code:
        return None
    try:
        return Period.parse(code)
    except InputError as exc:
        raise exc.located(column=option) from exc


def _date(text: str | None) -> date | None:
    try:
        return parse_day(text)
    except InputError as exc:
        raise exc.located(column="--doc-date") from None
