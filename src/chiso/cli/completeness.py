"""`chiso completeness`: who has reported a round of a data set, the tally and the units × periods grid."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table as RichTable

from chiso.cli.app import DbOption, UnitOption, app, console, reports_errors
from chiso.cli.store import check_known, open_store
from chiso.periods import Period
from chiso.rounds import Completeness
from chiso.rounds.grid import Cell, Row, State
from chiso.values.numbers import format_decimal

COLOURS = {State.APPROVED: "green", State.SUBMITTED: "yellow", State.LATE: "dark_orange", State.RETURNED: "red",
           State.MISSING: "red", State.NOT_EXPECTED: "dim"}


@app.command(name="completeness")
@reports_errors
def completeness_command(
    data_set: Annotated[str, typer.Argument(help="Mã bộ biểu báo cáo, ví dụ BC-THANG.")],
    period: Annotated[str, typer.Argument(help="Kỳ của bộ biểu: 2025-06, 2025Q2…")],
    unit: UnitOption = None,
    count: Annotated[int, typer.Option("--periods", min=1, max=24, help="Số kỳ của bảng (đến kỳ đã chọn).")] = 6,
    db: DbOption = None,
) -> None:
    """Hoàn thành báo cáo: số đơn vị phải báo cáo, đã gửi, đã duyệt, đúng hạn, muộn, bị trả lại, chưa gửi,
    rồi tình hình từng đơn vị ngay dưới --unit qua các kỳ (mặc định: đơn vị gốc)."""
    open_store(db)
    from chiso.store import completeness, rounds, services

    check_known(None, unit)
    found = rounds.find(data_set)
    tree = services.hierarchy()
    root = unit or tree.roots()[0].code
    periods = completeness.latest_periods(found, Period.parse(period), count)
    shown, rows = completeness.unit_grid(found, root, periods, tree)
    window = found.window(periods[0])
    console.print(f"[bold]{found.code} {found.name}[/] · {tree[root].name} · {periods[0].label} "
                  f"(hạn nộp {window.due:%d/%m/%Y})", highlight=False)
    console.print(tally_table(shown[0].tally(completeness.today())[0]))
    console.print(grid_table(periods, rows))


def tally_table(counted: Completeness) -> RichTable:
    table = RichTable("Phải báo cáo", "Đã gửi", "Đã duyệt", "Đúng hạn", "Nộp muộn", "Bị trả lại", "Chưa gửi",
                      "Tỷ lệ đã gửi", title="Tổng hợp")
    rate = "–" if counted.rate is None else f"{format_decimal(counted.rate, 'vi')}%"
    table.add_row(*(format_decimal(Decimal(n), "vi") for n in (counted.expected, counted.submitted, counted.approved,
                                                       counted.on_time, counted.late, counted.returned,
                                                       counted.missing)), rate)
    return table


def grid_table(periods: list[Period], rows: list[Row]) -> RichTable:
    table = RichTable("Mã", "Đơn vị", *(p.code for p in periods), title="Theo đơn vị và kỳ")
    for row in rows:
        table.add_row(row.unit.code, row.unit.name, *(_cell(c) for c in row.cells))
    return table


def _cell(cell: Cell) -> str:
    count = f"{cell.counted.text} · " if cell.counted is not None else ""
    return f"{count}[{COLOURS[cell.state]}]{cell.state.label}[/]"
