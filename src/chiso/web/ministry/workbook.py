"""The provinces' table as an Excel file: the rows of the page, in its order, numbers kept as numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from chiso.catalog.model import Indicator
from chiso.reports.exporters.xlsx import VIETNAMESE
from chiso.values.numbers import format_decimal
from chiso.web.dashboard.display import period_label
from chiso.web.ministry.composite import POINT_DECIMALS, IndexLeague
from chiso.web.ministry.league import League


def workbook_bytes(title: str, item: Indicator, table: League) -> bytes:
    """One sheet: a row per province with its value, rank, the trend's periods, status and completeness."""
    trend = [period_label(p) for p in table.periods]
    book, sheet = _sheet(title, ["Mã", "Tỉnh, thành phố", "Giá trị", "Xếp hạng", *trend, "So với chỉ tiêu",
                                 "Đầy đủ"])
    places = _places(item.decimals)
    for row in table.rows:
        numbers = [s.number if s is not None else None for s in row.trend]
        sheet.append([row.unit.code, row.unit.name, numbers[-1], row.rank_text, *numbers,
                      row.standing.label if row.standing else "", row.completeness])
        _formatted(sheet, [3, *range(5, 5 + len(numbers))], places)
    return _saved(book)


def index_workbook_bytes(title: str, table: IndexLeague) -> bytes:
    """One sheet: a row per province with its points, the points it was scored on, its 0–1 score when the index
    declares one, its rank, the trend's periods and each group's points."""
    index = table.index
    normalised = ["Điểm 0–1"] if index.normalise else []
    trend = [period_label(p) for p in table.periods]
    groups = [f"{g.code}. {g.name} ({format_decimal(g.max)} điểm)" for g in index.groups]
    book, sheet = _sheet(title, ["Mã", "Tỉnh, thành phố", "Điểm", "Chấm trên (điểm)", *normalised, "Xếp hạng",
                                 *trend, *groups])
    first_trend = 6 + len(normalised)
    trend_places = _places(index.decimals if index.normalise else POINT_DECIMALS)
    for row in table.rows:
        card = row.card
        scored = card is not None and card.total is not None
        numbers = [s.number if s is not None else None for s in row.row.trend]
        sheet.append([row.unit, row.row.unit.name, card.total if card and scored else None,
                      card.out_of if card and scored else None,
                      *([card.normalised if card else None] if index.normalise else []), row.row.rank_text,
                      *numbers, *(g.number for g in row.groups)])
        _formatted(sheet, [3, 4, *range(first_trend + len(numbers), first_trend + len(numbers) + len(groups))],
                   _places(POINT_DECIMALS))
        _formatted(sheet, [*([5] if index.normalise else []), *range(first_trend, first_trend + len(numbers))],
                   trend_places)
    return _saved(book)


def _sheet(title: str, header: Sequence[str]) -> tuple[Workbook, Worksheet]:
    book = Workbook()
    sheet = book.active
    sheet.title = "Các tỉnh"
    # A working document in Vietnamese, as the report appendices are, whatever the page's language.
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["B"].width = 28
    return book, sheet


def _places(decimals: int | None) -> str:
    return f"{VIETNAMESE}#,##0" + ("." + "0" * decimals if decimals else "")


def _formatted(sheet: Worksheet, columns: Sequence[int], places: str) -> None:
    for column in columns:
        sheet.cell(sheet.max_row, column).number_format = places


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
