"""The provinces' table as an Excel file: the rows of the page, in its order, numbers kept as numbers."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from chiso.catalog.model import Indicator
from chiso.reports.exporters.xlsx import VIETNAMESE
from chiso.web.dashboard.display import period_label
from chiso.web.ministry.league import League


def workbook_bytes(title: str, item: Indicator, table: League) -> bytes:
    """One sheet: a row per province with its value, rank, the trend's periods, status and completeness."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Các tỉnh"
    # A working document in Vietnamese, as the report appendices are, whatever the page's language.
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    trend = [period_label(p) for p in table.periods]
    sheet.append(["Mã", "Tỉnh, thành phố", "Giá trị", "Xếp hạng", *trend, "So với chỉ tiêu", "Đầy đủ"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    places = f"{VIETNAMESE}#,##0" + ("." + "0" * item.decimals if item.decimals else "")
    for row in table.rows:
        numbers = [s.number if s is not None else None for s in row.trend]
        sheet.append([row.unit.code, row.unit.name, numbers[-1], row.rank_text, *numbers,
                      row.standing.label if row.standing else "", row.completeness])
        for column in [3, *range(5, 5 + len(numbers))]:
            sheet.cell(sheet.max_row, column).number_format = places
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["B"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
