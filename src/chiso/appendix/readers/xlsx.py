"""XLSX: each sheet one table (its ``index`` the sheet's number), read through chiso's bounded reader.

Cells are written as the appendix prints them: a number the workbook holds as a number the Vietnamese
way ("1.543", "46,14", and "46,14%" in a cell formatted as a percentage, or printing a "%" sign), as text
typed into a cell is, with the decimals its format shows ("0.00": 99,20), so every reader's cells are read
alike (chiso.appendix.cells). A merged range is its top-left cell with the range's span, the cells it covers to
the right omitted as in a Word row; the rows below its first are given an empty cell of the same span,
so every row covers the table's grid. Rows and columns are the sheet's (A1 is row 1, column 1); empty rows
and columns after the last value are dropped, and a sheet without values gives no table.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from chiso.appendix.model import SourceTable
from chiso.appendix.readers.registry import register_table_reader
from chiso.appendix.readers.source import MAX_ROWS, SourceFile, TableBuilder
from chiso.errors import InputError
from chiso.io.formats.cells import cell_number, cell_text, is_number, is_percent
from chiso.io.xlsx import Book, Cell, Limits, open_workbook
from chiso.io.zipcheck import COORDINATE
from chiso.values.numbers import format_decimal

MiB = 1 << 20
# A sheet longer than a table may be is refused by the checks before openpyxl reads it.
LIMITS = Limits(rows=MAX_ROWS, columns=256, total=256 * MiB, member=64 * MiB, sheets=64, strings=1_000_000)
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
MERGE = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
RELATION_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Merge:
    """A merged range: its first row and column and its last (from 1)."""

    top: int
    left: int
    bottom: int
    right: int


@register_table_reader("xlsx", (".xlsx",))
def read_xlsx(source: SourceFile) -> Iterator[SourceTable]:
    with open_workbook(source.data, LIMITS, file=source.where) as book:
        merges = _merges(source.data)  # the checks passed: the parts are bounded and declare no DTD
        for number, name in enumerate(book.sheetnames, start=1):
            texts = _texts(book, name)
            if texts:
                yield _table(source, number, texts, merges.get(number, []))


def _texts(book: Book, name: str) -> list[list[str]]:
    """The sheet's cells as text, without the empty rows and columns after the last value."""
    rows = [[_text(c) for c in cells] for cells in book.cells(name)]
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, text in enumerate(row) if text), default=0)
    return [row[:width] + [""] * (width - len(row)) for row in rows]


def _text(cell: Cell) -> str:
    """The cell as printed; a number format's quoted or escaped "%" is a printed sign (chiso's own reports
    write 100% as 100 under ``#,##0"%"``), a real percent format shows the number times a hundred."""
    if not is_number(cell.value):
        return cell_text(cell.value, cell.number_format)
    number, places = cell_number(cell.value), _places(cell.number_format)
    if is_percent(cell.number_format):
        return format_decimal(number * 100, "vi", places) + "%"
    printed = format_decimal(number, "vi", places)
    return printed + "%" if "%" in cell.number_format else printed


def _places(number_format: str) -> int | None:
    """The decimals a number format shows («#,##0.00» → 2); None for «General», which shows the number's own."""
    found = _DECIMALS.search(number_format.split(";")[0])
    return len(found.group(1)) if found else (0 if "0" in number_format else None)


_DECIMALS = re.compile(r"\.([0#]+)")


def _table(source: SourceFile, number: int, texts: list[list[str]], merges: list[Merge]) -> SourceTable:
    builder = TableBuilder(source, number)
    height, width = len(texts), len(texts[0])
    merges = [m for m in merges if m.top <= height and m.left <= width]
    area = sum((min(m.bottom, height) - m.top + 1) * (min(m.right, width) - m.left + 1) for m in merges)
    if area > height * width:  # ranges overlapping, which Excel never writes: a hostile file's way to grow
        raise InputError(f"trang {number} có các vùng gộp ô chồng lên nhau", file=source.where,
                         expected="một bảng tính Excel bình thường (.xlsx)")
    covering = {(r, c): m for m in merges for r in range(m.top, min(m.bottom, height) + 1)
                for c in range(m.left, min(m.right, width) + 1)}
    for r, row in enumerate(texts, start=1):
        builder.add(r, _cells(r, row, covering, width))
    return builder.table()


def _cells(r: int, row: list[str], covering: dict[tuple[int, int], Merge],
           width: int) -> Iterator[tuple[str, int, int]]:
    for c, text in enumerate(row, start=1):
        merge = covering.get((r, c))
        if merge is None:
            yield text, c, 1
        elif c == merge.left:  # the range's first column: its text in its first row, empty below
            yield (text if r == merge.top else ""), c, min(merge.right, width) - c + 1


def _merges(data: bytes) -> dict[int, list[Merge]]:
    """Each sheet's merged ranges, by the sheet's number (openpyxl keeps none in read-only mode)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {number: list(_ranges(archive, part)) for number, part in enumerate(_sheet_parts(archive), 1)}


def _sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The worksheet parts in the workbook's order of sheets."""
    workbook = _target("", _relations(archive, "").get(OFFICE_DOCUMENT, {}).get("", "xl/workbook.xml"))
    targets = {key: target for kinds in _relations(archive, workbook).values() for key, target in kinds.items()}
    root = ElementTree.fromstring(archive.read(workbook))
    folder = posixpath.dirname(workbook)
    return [_target(folder, targets.get(s.get(RELATION_ID, ""), "")) for s in root.iter(SHEET)]


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, dict[str, str]]:
    """A part's relationships: by type, each id's target ("" the first of the type)."""
    name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    try:
        root = ElementTree.fromstring(archive.read(name))
    except KeyError:
        return {}
    found: dict[str, dict[str, str]] = {}
    for relation in root.iter(RELATIONSHIPS):
        kind = found.setdefault(relation.get("Type", ""), {})
        kind.setdefault("", relation.get("Target", ""))
        kind[relation.get("Id", "")] = relation.get("Target", "")
    return found


def _target(folder: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def _ranges(archive: zipfile.ZipFile, part: str) -> Iterator[Merge]:
    try:
        stream = archive.open(part)
    except KeyError:
        return
    with stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag == MERGE:
                merge = _merge(element.get("ref", ""))
                if merge is not None:
                    yield merge
            element.clear()  # streamed: a sheet's rows are not kept


def _merge(ref: str) -> Merge | None:
    ends = [COORDINATE.fullmatch(end) for end in ref.split(":")]
    if len(ends) != 2 or ends[0] is None or ends[1] is None:
        return None
    (left, top), (right, bottom) = ((_column(m.group(1)), int(m.group(2))) for m in (ends[0], ends[1]))
    return Merge(min(top, bottom), min(left, right), max(top, bottom), max(left, right))


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
