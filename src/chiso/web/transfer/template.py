"""The XLSX entry template: the appendix's rows with the current values, inputs open, everything else locked.

Numbers are real numbers in the Vietnamese format (1.247.855; 46,14); yes/no and ordinal levels are lists to
pick from; computed rates are Excel formulas. A hidden sheet says which framework, unit and period the file
is for, fingerprints the layout and keeps the version of every value, so an upload can be matched to its
template and a value changed by someone else since the download is noticed.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from chiso.catalog.model import Indicator, ValueType
from chiso.errors import InputError
from chiso.reports.exporters.xlsx import FONT, VIETNAMESE, column_width, text_height
from chiso.store import models
from chiso.values import model as core
from chiso.values.text import YES_NO, reading_text
from chiso.web.entry.workflow import Target
from chiso.web.transfer import layout
from chiso.web.transfer.formulas import excel_formula
from chiso.web.transfer.layout import CODE, NAME, NOTE, UNIT, VALUE, Line

WIDTHS_MM = {CODE: 16.0, NAME: 120.0, UNIT: 22.0, VALUE: 32.0, NOTE: 70.0}
SIZE = 12
FILLS = {layout.SECTION: "D9D9D9", layout.HEADING: "EDEDED", layout.DERIVED: "F2F2F2", "header": "BFBFBF"}
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
OPEN = Protection(locked=False)
TEXT_FORMAT = "@"  # typed text stays text: "2.0" must not become the number 2
HINT = ("Nhập vào các ô trắng của cột Giá trị và Ghi chú; ô xám là tiêu đề hoặc được tự tính. Số viết kiểu "
        "Việt Nam (1.247.855; 46,14). Để trống ô Giá trị nghĩa là không có số liệu (thiếu không phải là 0): "
        "số liệu đang có sẽ bị xoá khi ghi.")


def template_bytes(target: Target, stored: Mapping[str, models.Value], warning: str = "") -> bytes:
    """The template for ``target``, pre-filled with ``stored`` (indicator code → stored value)."""
    book = Workbook()
    sheet = book.active
    sheet.title = layout.DATA_SHEET
    _DataSheet(sheet, target, stored).write(warning)
    _meta_sheet(book.create_sheet(layout.META_SHEET), target, stored)
    book.active = 0
    book.security = WorkbookProtection(lockStructure=True)  # keeps the hidden sheet hidden, sheets in place
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _meta_sheet(sheet: Worksheet, target: Target, stored: Mapping[str, models.Value]) -> None:
    rows: list[tuple[object, ...]] = [
        ("format", layout.FORMAT), ("framework", target.framework.code), ("unit", target.unit.code),
        ("period", target.period.code), ("layout", layout.checksum(target.framework)),
        ("created", timezone.localtime().isoformat(timespec="seconds")), (), ("indicator", "version")]
    rows += [(code, record.version) for code, record in stored.items()]
    for row in rows:
        sheet.append(row)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


class _DataSheet:
    """Writes the visible sheet: title lines, the header, then one row per line of the layout."""

    def __init__(self, sheet: Worksheet, target: Target, stored: Mapping[str, models.Value]) -> None:
        self.sheet, self.target, self.stored = sheet, target, stored
        self.lines = layout.lines(target.framework)
        self.cells = {line.code: f"{VALUE}{line.row}" for line in self.lines if line.kind != layout.SECTION}
        self.lists: dict[str, DataValidation] = {}

    def write(self, warning: str) -> None:
        self._titles(warning)
        self._header()
        for line in self.lines:
            self._line(line)
        self._finish()

    def _titles(self, warning: str) -> None:
        fw, unit, period = self.target.framework, self.target.unit, self.target.period
        title = "MẪU NHẬP SỐ LIỆU" + (f" — {fw.appendix.upper()}" if fw.appendix else "")
        texts = [(title, True), (fw.title, True),
                 (f"Đơn vị: {unit.name} ({unit.code}) · Kỳ báo cáo: {period.label}", False), (HINT, False),
                 (warning, True)]
        for row, (text, bold) in enumerate(texts, start=1):
            cell = self.sheet.cell(row, 1, text or None)
            cell.font = Font(name=FONT, size=SIZE, bold=bold, color="C00000" if row == 5 else None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            self.sheet.row_dimensions[row].height = text_height(text, sum(WIDTHS_MM.values()), SIZE)

    def _header(self) -> None:
        for column, title in layout.HEADINGS.items():
            cell = self.sheet[f"{column}{layout.HEADER_ROW}"]
            cell.value = title
            self._style(cell, "header", bold=True, centre=True)

    def _line(self, line: Line) -> None:
        texts = {CODE: line.code, NAME: line.name, UNIT: line.unit}
        for column in layout.HEADINGS:
            cell = self.sheet[f"{column}{line.row}"]
            if column in texts:
                cell.value = texts[column] or None
            self._style(cell, line.kind, bold=line.kind in (layout.SECTION, layout.HEADING))
        if line.kind == layout.INPUT and line.indicator is not None:
            self._input(line, line.indicator)
        elif line.kind == layout.DERIVED and line.indicator is not None:
            self._derived(line, line.indicator)
        self._height(line.row)

    def _height(self, row: int) -> None:
        """Tall enough for the longest wrapped text of the row: Excel does not grow rows written by openpyxl."""
        texts = {column: self.sheet[f"{column}{row}"].value for column in WIDTHS_MM}
        needed = [text_height(text, WIDTHS_MM[column], SIZE) for column, text in texts.items()
                  if isinstance(text, str) and not text.startswith("=")]
        self.sheet.row_dimensions[row].height = max(needed, default=text_height("", 1, SIZE))

    def _input(self, line: Line, indicator: Indicator) -> None:
        value, note = self.sheet[f"{VALUE}{line.row}"], self.sheet[f"{NOTE}{line.row}"]
        value.protection = note.protection = OPEN
        value.number_format = _format(indicator)
        value.alignment = Alignment(horizontal="right" if indicator.value_type.is_numeric else "left",
                                    vertical="top", wrap_text=not indicator.value_type.is_numeric)
        record = self.stored.get(line.code)
        if record is not None:
            value.value, note.value = cell_value(indicator, record.value), record.note or None
            for cell in (value, note):  # stored text such as "=…" is text, not a formula to lose on upload
                if cell.data_type == "f":
                    cell.data_type = "s"
        self._choices(indicator, value.coordinate)

    def _derived(self, line: Line, indicator: Indicator) -> None:
        value, note = self.sheet[f"{VALUE}{line.row}"], self.sheet[f"{NOTE}{line.row}"]
        formula = indicator.formula
        found = excel_formula(formula, self.cells, indicator.places) if formula is not None else None
        value.value = found or "tự tính"
        value.number_format = _format(indicator)
        value.alignment = Alignment(horizontal="right", vertical="top")
        note.value = f"tự tính: {formula}" if formula is not None else "tự tính"
        note.font = Font(name=FONT, size=11, italic=True, color="595959")

    def _choices(self, indicator: Indicator, coordinate: str) -> None:
        """A drop-down of yes/no or the ordinal levels; other text is refused by Excel too."""
        choices = _choices(indicator)
        if choices is None:
            return
        if choices not in self.lists:
            self.lists[choices] = DataValidation(
                type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True,
                errorTitle="Giá trị không hợp lệ", error=f"Chọn một trong: {choices}")
            self.sheet.add_data_validation(self.lists[choices])
        self.lists[choices].add(coordinate)

    def _style(self, cell: Cell, kind: str, *, bold: bool = False, centre: bool = False) -> None:
        cell.font = Font(name=FONT, size=SIZE, bold=bold)
        cell.border = BORDER
        if kind in FILLS:
            cell.fill = PatternFill("solid", fgColor=FILLS[kind])
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if centre else None)

    def _finish(self) -> None:
        for column, width in WIDTHS_MM.items():
            self.sheet.column_dimensions[column].width = column_width(width)
        self.sheet.freeze_panes = f"A{layout.HEADER_ROW + 1}"
        self.sheet.print_title_rows = f"{layout.HEADER_ROW}:{layout.HEADER_ROW}"
        self.sheet.page_setup.orientation = "landscape"
        self.sheet.page_setup.paperSize = self.sheet.PAPERSIZE_A4
        self.sheet.page_setup.fitToWidth, self.sheet.page_setup.fitToHeight = 1, 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        # No password: the protection prevents accidents, not people. Widths and heights stay adjustable.
        self.sheet.protection.sheet = True
        self.sheet.protection.formatColumns = self.sheet.protection.formatRows = False


def _format(indicator: Indicator) -> str:
    if not indicator.value_type.is_numeric:
        return TEXT_FORMAT
    decimals = indicator.places
    return f"{VIETNAMESE}#,##0" + ("." + "0" * decimals if decimals else "")


def _choices(indicator: Indicator) -> str | None:
    if indicator.value_type is ValueType.YES_NO:
        return ",".join(YES_NO["vi"])  # the words an upload reads back
    listed = ",".join(indicator.levels)
    # Excel's inline lists are comma-separated and at most 255 characters; longer ones are checked on upload.
    if indicator.value_type is ValueType.ORDINAL and listed and len(listed) <= 255 \
            and not any("," in level or '"' in level for level in indicator.levels):
        return listed
    return None


def cell_value(indicator: Indicator, text: str) -> Decimal | str:
    """A stored value as the cell holds it: numbers as numbers; a bound (≥90), a text, Có/Không as text.

    Written in Vietnamese whatever the page's language: the template is a Vietnamese document.
    """
    try:
        reading = core.read_value(indicator, text)
    except InputError:
        return text  # kept as stored; the upload reports what is wrong with it
    if isinstance(reading, Decimal):
        return reading
    return reading_text(indicator, reading, percent=False)
