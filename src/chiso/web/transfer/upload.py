"""Reading a filled entry template: the file is matched to its template, then every input cell is read.

A file that is not a template of the chosen framework × unit × period is refused as a whole (FileRefused);
a cell that cannot be read is a Problem naming its Excel row and column, and the reading goes on so that
one upload shows every problem of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.utils.cell import get_column_letter

from chiso.catalog.model import Indicator, ValueType
from chiso.errors import ChisoError, InputError
from chiso.io.formats.cells import cell_number, cell_text, is_number, is_percent
from chiso.io.xlsx import Book, Cell, WorkbookRefused, open_workbook
from chiso.values import model as core
from chiso.web.entry.workflow import Target
from chiso.web.transfer import bounds, layout
from chiso.web.transfer.layout import CODE, NOTE, VALUE, Line

MAX_BYTES = 5 * 1024 * 1024  # a template is some ten kilobytes; anything this big is not one
META_KEYS = ("format", "framework", "unit", "period", "layout")
EMPTY = Cell(None)


class FileRefused(ChisoError):
    """The file as a whole cannot be read as this template: nothing of it is used."""


@dataclass(frozen=True)
class Problem:
    """A cell that cannot be read, or a value that may not be written, at its Excel row and column."""

    line: int
    column: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        text = _("dòng %(line)s, cột %(column)s: %(message)s") % {
            "line": self.line, "column": layout.column_label(self.column), "message": self.message}
        return text + (_(" (cần: %(expected)s)") % {"expected": self.expected} if self.expected else "")


@dataclass
class Upload:
    """What a filled template holds for its inputs, and the versions of the values when it was downloaded."""

    values: dict[str, str] = field(default_factory=dict)  # code → canonical value, for filled inputs
    notes: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # code → Excel row
    versions: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_upload(data: bytes, target: Target, name: str) -> Upload:
    """Reads ``data`` (the file ``name``) as the template of ``target``; raises FileRefused when it is not one."""
    if len(data) > MAX_BYTES:
        raise FileRefused(_("Tệp quá lớn để là một mẫu nhập liệu (tối đa 5 MB)."))
    try:
        with open_workbook(data, bounds.limits(target.framework), file=name) as book:
            meta, versions = _meta(book)  # the hidden sheet first: a file that is not this template stops here
            _match(meta, target)
            sheet = _data_sheet(book)
    except WorkbookRefused as error:
        raise FileRefused(bounds.refusal_message(error, name)) from error
    lines = layout.lines(target.framework)
    _check_codes(sheet, lines)
    upload = Upload(versions=versions)
    for line in lines:
        if line.kind == layout.INPUT and line.indicator is not None:
            _read_line(upload, sheet, line, line.indicator)
    return upload


Grid = dict[tuple[str, int], Cell]  # ("D", 12) → the cell, for the cells holding a value


def _grid(book: Book, sheet: str) -> Grid:
    return {(get_column_letter(column), row): cell
            for row, cells in enumerate(book.cells(sheet), start=1)
            for column, cell in enumerate(cells, start=1) if cell.value is not None}


def _value(grid: Grid, column: str, row: int) -> object:
    return grid.get((column, row), EMPTY).value


def _meta(book: Book) -> tuple[dict[str, str], dict[str, int]]:
    if layout.META_SHEET not in book.sheetnames:
        raise FileRefused(_("Tệp không phải mẫu nhập liệu của chiso (không có trang ẩn «chiso»); hãy tải mẫu ở "
                            "trang này, điền vào đó rồi tải lên."))
    grid = _grid(book, layout.META_SHEET)
    meta = {cell_text(_value(grid, "A", row)): cell_text(_value(grid, "B", row))
            for row in range(1, len(META_KEYS) + 1)}
    versions = {}
    for row in range(layout.VERSIONS_FROM, max((row for _column, row in grid), default=0) + 1):
        code, version = cell_text(_value(grid, "A", row)), _value(grid, "B", row)
        if code and isinstance(version, int):
            versions[code] = version
    return meta, versions


def _match(meta: dict[str, str], target: Target) -> None:
    if meta.get("format") != layout.FORMAT:
        raise FileRefused(_("Tệp được tạo bởi một phiên bản mẫu khác; hãy tải mẫu mới rồi điền lại."))
    found = (meta.get("framework", ""), meta.get("unit", ""), meta.get("period", ""))
    wanted = (target.framework.code, target.unit.code, target.period.code)
    if found != wanted:
        raise FileRefused(_("Tệp này là mẫu của bộ chỉ tiêu %(found)s, không phải của bộ chỉ tiêu %(wanted)s đã "
                            "chọn; hãy chọn đúng bộ chỉ tiêu, đơn vị, kỳ báo cáo hoặc tải đúng tệp.")
                          % {"found": _subject(*found), "wanted": _subject(*wanted)})
    if meta.get("layout") != layout.checksum(target.framework):
        # The rows are those the unit is asked for: a data set changed since the download moves them too.
        raise FileRefused(_("Bộ chỉ tiêu %(framework)s hoặc các chỉ tiêu đơn vị được giao báo cáo kỳ này đã thay "
                            "đổi sau khi tải mẫu này nên các dòng không còn khớp; hãy tải mẫu mới rồi điền lại.")
                          % {"framework": target.framework.code})


def _subject(framework: str, unit: str, period: str) -> str:
    return _("«%(framework)s», đơn vị %(unit)s, kỳ %(period)s") % {
        "framework": framework or "?", "unit": unit or "?", "period": period or "?"}


def _data_sheet(book: Book) -> Grid:
    if layout.DATA_SHEET not in book.sheetnames:
        raise FileRefused(_("Tệp không còn trang «%(sheet)s» của mẫu; hãy tải mẫu mới rồi điền lại.")
                          % {"sheet": layout.DATA_SHEET})
    return _grid(book, layout.DATA_SHEET)


def _check_codes(sheet: Grid, lines: list[Line]) -> None:
    """Rows are read by position, so a row added, removed or sorted would put values on the wrong indicator."""
    for line in lines:
        found = cell_text(_value(sheet, CODE, line.row))
        if found != line.code:
            problem = Problem(line.row, CODE, _("mã «%(found)s» không khớp mẫu") % {"found": found}, line.code)
            raise FileRefused(_("%(problem)s. Các dòng của mẫu đã bị thêm, xoá hoặc sắp xếp lại; hãy tải mẫu "
                                "mới rồi điền lại.") % {"problem": problem})


def _read_line(upload: Upload, sheet: Grid, line: Line, indicator: Indicator) -> None:
    cell, note = sheet.get((VALUE, line.row), EMPTY), cell_text(_value(sheet, NOTE, line.row))
    upload.rows[line.code] = line.row
    if not cell_text(cell.value):
        if note:  # a note lives on a value: dropping it silently would lose what was typed
            upload.problems.append(Problem(line.row, NOTE, _("có ghi chú nhưng chưa có giá trị; ghi chú được lưu "
                                                             "cùng giá trị")))
        return
    try:
        upload.values[line.code] = cell_value(indicator, cell)
    except InputError as error:
        upload.problems.append(Problem(line.row, VALUE, error.message, error.expected or ""))
        return
    if note:
        upload.notes[line.code] = note


def cell_value(indicator: Indicator, cell: Cell) -> str:
    """The canonical value of a filled cell: a number cell as its number, a text cell read the Vietnamese way."""
    raw = cell.value
    if isinstance(raw, datetime | date | time):
        raise InputError(_("Excel đã hiểu ô này là ngày giờ («%(text)s»)") % {"text": raw},
                         expected=_("gõ lại giá trị; với chữ, đặt dấu ' ở đầu ô"))
    if isinstance(raw, bool):
        return core.canonical_value(indicator, cell_text(raw))
    if is_number(raw):
        return _number(indicator, raw, str(cell.number_format or ""))
    return core.canonical_value(indicator, str(raw), "vi")


def _number(indicator: Indicator, raw: int | float | Decimal, number_format: str) -> str:
    # Fifteen significant digits, as Excel keeps them: 0.30000000000000004 is the 0.3 someone typed.
    number = cell_number(raw)
    if indicator.value_type is ValueType.PERCENT and is_percent(number_format):
        number = number.scaleb(2)  # "46,14%" typed into a cell becomes 0.4614 shown as a percentage
    if indicator.value_type is ValueType.TEXT:
        return format(number.normalize(), "f")
    return core.canonical_value(indicator, format(number, "f"))
