"""XLSX: the appendix as a worksheet, numbers stored as real numbers shown in the Vietnamese format.

Every number keeps the places it was written with (``41,5`` one, ``99,20`` two) through its display
format; a value's note is a cell comment and is listed again in a notes column at the right. The page is
set up for printing as Nghị định 30/2020 asks: A4 landscape, fitted to the width, the header repeated.
"""

from __future__ import annotations

import io
import math
import re

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from chiso.reports.exporters.registry import register_exporter
from chiso.reports.model import Align, Cell, Report, RowKind, placed

FONT = "Times New Roman"
SIZE = 12
NOTES_TITLE = "Ghi chú"
NOTES_WIDTH_MM = 55.0
CELL_PADDING_MM = 2.0
MARGINS_MM = {"left": 30.0, "right": 15.0, "top": 20.0, "bottom": 20.0, "header": 8.0, "footer": 8.0}
VIETNAMESE = "[$-42A]"  # the locale tag: "." groups thousands, "," marks decimals
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"



@register_exporter("xlsx", "Excel (XLSX)", MEDIA_TYPE)
def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    _Writer(book.active, report).write()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def number_format(cell: Cell) -> str:
    """``[$-42A]#,##0.00`` for 46,14, with a literal ``"%"`` when the cell prints one."""
    places = "." + "0" * cell.decimals if cell.decimals > 0 else ""
    return f"{VIETNAMESE}#,##0{places}" + ('"%"' if cell.percent_sign else "")


def sheet_name(report: Report) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", report.appendix or report.framework).strip("'")
    return name[:31] or "Sheet1"


def row_notes(report: Report) -> dict[int, str]:
    """The notes of each row of the table (by its index), each after the heading of its column."""
    titles = [column.title for column in report.columns]
    notes: dict[int, list[str]] = {}
    for r, c, cell in placed(report.rows):
        if cell.note and report.rows[r].kind is not RowKind.HEADER:
            heading = " – ".join(titles[c:c + cell.colspan])
            notes.setdefault(r, []).append(f"{heading}: {cell.note}" if heading else cell.note)
    return {r: "\n".join(lines) for r, lines in notes.items()}


def column_width(width_mm: float) -> float:
    """Excel's width unit: characters of the default font's digit, 7 px wide plus 5 px of padding at 96 dpi."""
    return round(max(width_mm * 96 / 25.4 - 5, 7) / 7, 2)


def text_height(text: str, width_mm: float, size: float) -> float:
    """A row height (points) to show ``text`` wrapped within ``width_mm``: a serif letter is ~0,45 em wide."""
    per_line = max(int(width_mm / (size * 0.45 * 25.4 / 72)), 1)
    lines = sum(max(math.ceil(len(line) / per_line), 1) for line in text.split("\n"))
    return round(lines * size * 1.2 + 4, 1)


class _Writer:
    """Writes one report into one worksheet, top to bottom."""

    def __init__(self, sheet: Worksheet, report: Report) -> None:
        self.sheet, self.report = sheet, report
        self.notes = row_notes(report)
        self.widths_mm = [c.width_mm for c in report.columns] + ([NOTES_WIDTH_MM] if self.notes else [])
        self.width = len(self.widths_mm)
        self.heights: dict[int, float] = {}  # the table's rows by sheet row: the height their text needs
        self.row = 1

    def write(self) -> None:
        self.sheet.title = sheet_name(self.report)
        self._headings()
        top = self.row
        self._table()
        self._paragraphs()
        self._columns()
        self._page_setup(top)

    # --- Above and below the table ------------------------------------------------------------------

    def _headings(self) -> None:
        report = self.report
        if report.appendix:
            self._line(report.appendix, Font(name=FONT, size=14, bold=True))
        self._line(report.title, Font(name=FONT, size=13, bold=True))
        if report.subtitle:
            self._line(report.subtitle, Font(name=FONT, size=SIZE, italic=True))
        self.row += 1

    def _paragraphs(self) -> None:
        if self.report.footnotes or self.report.summary:
            self.row += 1
        for note in self.report.footnotes:
            self._line(note, Font(name=FONT, size=SIZE - 1, italic=True), "left")
        for paragraph in self.report.summary:
            self._line(paragraph, Font(name=FONT, size=SIZE + 1), "justify")

    def _line(self, text: str, font: Font, horizontal: str = "center") -> None:
        """One line of text merged across the sheet's width, its row high enough for it to wrap."""
        target = self.sheet.cell(self.row, 1, text)
        target.font = font
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.width)
        self.sheet.row_dimensions[self.row].height = text_height(text, sum(self.widths_mm), font.sz)
        self.row += 1

    # --- The table ------------------------------------------------------------------------------------

    def _table(self) -> None:
        top, rows = self.row, self.report.rows
        for r, c, cell in placed(rows):
            self._cell(top + r, c + 1, cell)
        if self.notes:
            self._notes_column(top)
        for line in self.sheet.iter_rows(min_row=top, max_row=top + len(rows) - 1, max_col=self.width):
            for target in line:
                target.border = BORDER
        for row, height in self.heights.items():
            self.sheet.row_dimensions[row].height = height
        self.row = top + len(rows)

    def _cell(self, row: int, column: int, cell: Cell) -> None:
        target = self.sheet.cell(row, column)
        target.value = cell.number if cell.number is not None else cell.text
        if target.data_type == "f":  # text such as "=…" is data, never a formula
            target.data_type = "s"
        target.number_format = number_format(cell) if cell.number is not None else "@"
        target.font = Font(name=FONT, size=SIZE, bold=cell.bold, italic=cell.italic)
        target.alignment = Alignment(horizontal=cell.align.value, vertical="center", wrap_text=True)
        if cell.note:
            target.comment = Comment(cell.note, "chiso", width=240, height=80)
        self._span(row, column, cell)

    def _span(self, row: int, column: int, cell: Cell) -> None:
        """Merges the cell's span and notes the height its text needs to show wrapped."""
        if cell.rowspan == 1:  # neither Excel nor LibreOffice fits a row's height to wrapped text on opening
            width = sum(self.widths_mm[column - 1:column - 1 + cell.colspan]) - CELL_PADDING_MM
            self.heights[row] = max(self.heights.get(row, 0.0), text_height(cell.text, width, SIZE))
        if cell.colspan > 1 or cell.rowspan > 1:
            self.sheet.merge_cells(start_row=row, start_column=column,
                                   end_row=row + cell.rowspan - 1, end_column=column + cell.colspan - 1)

    def _notes_column(self, top: int) -> None:
        header = len(self.report.header)
        if header:
            self._cell(top, self.width, Cell(NOTES_TITLE, rowspan=header, bold=True))
        for r, text in self.notes.items():
            self._cell(top + r, self.width, Cell(text, align=Align.LEFT))

    # --- Sheet and page -------------------------------------------------------------------------------

    def _columns(self) -> None:
        for index, width in enumerate(self.widths_mm, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column_width(width)

    def _page_setup(self, top: int) -> None:
        sheet, header = self.sheet, len(self.report.header)
        sheet.freeze_panes = sheet.cell(top + header, 1)
        if header:
            sheet.print_title_rows = f"{top}:{top + header - 1}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.page_margins = PageMargins(**{side: mm / 25.4 for side, mm in MARGINS_MM.items()})
        sheet.print_options.horizontalCentered = True

