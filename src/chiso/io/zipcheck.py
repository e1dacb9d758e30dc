"""What an XLSX file holds, checked before openpyxl reads it: the zip's declared sizes, then every XML part.

An XLSX file is a zip of XML parts, and a few kilobytes of it can unpack to gigabytes (a decompression bomb),
declare sizes it does not have, or hold millions of rows, cells or strings no sheet needs. openpyxl keeps
much of what it parses in memory (a row's cells, every shared string, each part it reads whole), so what it
would keep is bounded here first: the declared sizes and compression ratio of the members, then one
streaming pass of expat over each XML part counting its elements, rows, cells and strings (expat reads it
in constant memory; zipfile stops at the declared size and checks the CRC, so a size that lies is caught).
The same pass finds how far the values of each sheet reach, so a sheet is read to there and no further.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO
from xml.parsers import expat

MiB = 1 << 20
MEMBERS = 10_000  # a workbook has some ten parts; a few hundred with pictures
RATIO = 100  # uncompressed ÷ compressed: spreadsheet XML deflates 5–15 times, a bomb 1.000 times
RATIO_FROM = 1 * MiB  # smaller members cannot be a bomb whatever their ratio
CELL_ELEMENTS = 16  # elements one cell may take (c, v, f, is and rich-text runs): per row, this × the columns
STRING_ELEMENTS = 4_096  # of one shared string (its rich-text runs)
LOOSE = (".vml",)  # legacy drawings, often not well-formed XML; openpyxl does not read them in read-only mode
LOOSE_BYTES = 1 * MiB
CHUNK = 64 * 1024
COORDINATE = re.compile(r"[$]?([A-Za-z]{1,3})[$]?(\d+)", re.ASCII)  # as openpyxl reads a cell's reference

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROOTS = {"worksheet": f"{MAIN}}}worksheet", "sst": f"{MAIN}}}sst", "workbook": f"{MAIN}}}workbook"}
SHEET_DATA, ROW, STRING = f"{MAIN}}}sheetData", f"{MAIN}}}row", f"{MAIN}}}si"
SHEETS, SHEET = f"{MAIN}}}sheets", f"{MAIN}}}sheet"


class Reason(StrEnum):
    """Why a file is refused, for callers that word the refusal themselves."""

    NOT_XLSX = "not_xlsx"  # not a zip, or a zip that is not a workbook
    LEGACY = "legacy"  # an Excel 97–2003 file, or one encrypted with a password: both OLE compound files
    DAMAGED = "damaged"  # a broken zip or XML, a size that lies, a DTD
    OVERSIZED = "oversized"  # more bytes, parts, rows, cells or strings than the limits
    OUTSIDE = "outside"  # a value beyond the rows or columns a sheet may have


class Measure(StrEnum):
    """What an OVERSIZED count counts."""

    BYTES = "bytes"
    RATIO = "ratio"
    MEMBERS = "members"
    ELEMENTS = "elements"
    ROWS = "rows"
    STRINGS = "strings"
    SHEETS = "sheets"

    @property
    def streamed(self) -> bool:
        """Counted while reading, which stops past the cap: how many there are in all is not known."""
        return self not in (Measure.BYTES, Measure.RATIO, Measure.MEMBERS)


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold. ``rows`` and ``columns``: where a value may be and how many rows a sheet has."""

    rows: int
    columns: int
    total: int = 50 * MiB  # declared uncompressed bytes of every member together
    member: int = 10 * MiB  # of one member
    sheets: int = 16
    elements: int = 20_000  # elements of one part outside its rows and shared strings
    strings: int | None = None  # shared strings; rows × columns when not given

    @property
    def most_strings(self) -> int:
        return self.strings if self.strings is not None else self.rows * self.columns


@dataclass(frozen=True)
class Refusal:
    """What the checks found wrong; ``part`` is the zip member, ``cell`` where a value lies outside."""

    reason: Reason
    measure: Measure | None = None
    found: int = 0
    most: int = 0
    part: str = ""
    cell: str = ""
    bound: str = ""  # the farthest cell a value may be in
    detail: str = ""  # what failed, for logs


class Refused(Exception):
    """Raised by the checks with what they found; chiso.io.xlsx turns it into the error a user reads."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal)
        self.refusal = refusal


@dataclass
class Extent:
    """How far the values of a sheet reach: the last row and column holding one."""

    rows: int = 0
    columns: int = 0


@dataclass
class Contents:
    """What the checks learnt: each worksheet part's extent, by member name."""

    extents: dict[str, Extent] = field(default_factory=dict)


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> Contents:
    """Refuses (Refused) a zip whose members or XML would take more than ``limits``; their extents otherwise."""
    infos = archive.infolist()
    _check_sizes(infos, limits)
    _check_types(archive)
    contents = Contents()
    for info in infos:
        if info.file_size:
            extent = _scan(archive, info, limits)
            if extent is not None:
                contents.extents[info.filename] = extent
    return contents


def _check_sizes(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > MEMBERS:
        raise Refused(Refusal(Reason.OVERSIZED, Measure.MEMBERS, len(infos), MEMBERS))
    total = sum(info.file_size for info in infos)
    if total > limits.total:
        raise Refused(Refusal(Reason.OVERSIZED, Measure.BYTES, total, limits.total))
    for info in infos:
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(Refusal(Reason.NOT_XLSX, part=info.filename, detail="encrypted or unusual compression"))
        if info.file_size > limits.member:
            raise Refused(Refusal(Reason.OVERSIZED, Measure.BYTES, info.file_size, limits.member, info.filename))
        if info.file_size > RATIO_FROM and info.file_size > RATIO * info.compress_size:
            ratio = info.file_size // max(1, info.compress_size)
            raise Refused(Refusal(Reason.OVERSIZED, Measure.RATIO, ratio, RATIO, info.filename))


def _check_types(archive: zipfile.ZipFile) -> None:
    """A workbook says so in its content types; a Word or PowerPoint file, or any other zip, does not."""
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        raise Refused(Refusal(Reason.NOT_XLSX, detail="no [Content_Types].xml")) from None
    except Exception as exc:  # zipfile, zlib and the OS each report a broken member their own way
        raise Refused(Refusal(Reason.DAMAGED, part="[Content_Types].xml", detail=str(exc))) from exc
    if b"spreadsheetml" not in types:
        raise Refused(Refusal(Reason.NOT_XLSX, detail="not a spreadsheet"))


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Extent | None:
    """One streaming pass over a member: its counts checked, its extent if it is a worksheet."""
    walker = _Walker(limits)
    try:
        with archive.open(info) as stream:
            if not _feed(walker, stream):
                return None  # not XML: a picture or other binary openpyxl does not parse
    except Refused as refused:
        raise Refused(_located(refused.refusal, info.filename)) from None
    except expat.ExpatError as exc:
        if info.filename.lower().endswith(LOOSE) and info.file_size <= LOOSE_BYTES:
            return None
        raise Refused(Refusal(Reason.DAMAGED, part=info.filename, detail=str(exc))) from exc
    except Exception as exc:  # zipfile and zlib report a bad CRC, a short member or a broken stream each their way
        raise Refused(Refusal(Reason.DAMAGED, part=info.filename, detail=str(exc) or type(exc).__name__)) from exc
    return walker.extent if walker.root == ROOTS["worksheet"] else None


def _feed(walker: _Walker, stream: IO[bytes]) -> bool:
    chunk = stream.read(CHUNK)
    if not chunk.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<"):
        return False
    parser = walker.parser()
    while chunk:
        parser.Parse(chunk, False)
        chunk = stream.read(CHUNK)
    parser.Parse(b"", True)
    return True


def _located(refusal: Refusal, part: str) -> Refusal:
    return dataclasses.replace(refusal, part=part)


class _Walker:
    """expat's handlers for one part: depth, the row or shared string being read, and the counts so far.

    Every element is counted once: inside a row (per row, at most CELL_ELEMENTS × columns), inside a shared
    string (at most STRING_ELEMENTS), or outside both (at most ``limits.elements`` per part); rows, shared
    strings and sheets are counted too. A cell's column follows openpyxl: its ``r``, else one past the last.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.root = self.second = ""
        self.depth = self.unit = self.inside = self.outside = 0  # unit: depth of the open row or string, or 0
        self.rows = self.strings = self.sheets = 0
        self.row = self.column = self.counted = 0  # counted: the column whose value was last seen
        self.extent = Extent()
        self.row_elements = CELL_ELEMENTS * limits.columns + 64

    def parser(self) -> expat.XMLParserType:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.StartDoctypeDeclHandler = self.doctype
        return parser

    def doctype(self, *_: object) -> None:  # entities are how XML bombs grow; no workbook part declares any
        raise Refused(Refusal(Reason.DAMAGED, detail="DOCTYPE"))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.unit:
            self._inside(attrs)
        elif self.depth == 3 and name == ROW and self.second == SHEET_DATA and self.root == ROOTS["worksheet"]:
            self._row(attrs)
        elif self.depth == 2 and name == STRING and self.root == ROOTS["sst"]:
            self._string()
        else:
            self._outside(name)

    def end(self, _name: str) -> None:
        if self.depth == self.unit:
            self.unit = 0
        self.depth -= 1

    def _outside(self, name: str) -> None:
        if self.depth == 1:
            self.root = name
        elif self.depth == 2:
            self.second = name
        elif self.depth == 3 and name == SHEET and self.second == SHEETS and self.root == ROOTS["workbook"]:
            self.sheets += 1
            self._most(Measure.SHEETS, self.sheets, self.limits.sheets)
        self.outside += 1
        self._most(Measure.ELEMENTS, self.outside, self.limits.elements)

    def _row(self, attrs: dict[str, str]) -> None:
        self.unit, self.inside, self.column, self.counted = self.depth, 0, 0, 0
        self.rows += 1
        self._most(Measure.ROWS, self.rows, self.limits.rows)
        self.row = _row_number(attrs["r"]) if "r" in attrs else self.row + 1

    def _string(self) -> None:
        self.unit, self.inside = self.depth, 0
        self.strings += 1
        self._most(Measure.STRINGS, self.strings, self.limits.most_strings)

    def _inside(self, attrs: dict[str, str]) -> None:
        self.inside += 1
        if self.root == ROOTS["sst"]:
            self._most(Measure.ELEMENTS, self.inside, STRING_ELEMENTS)
            return
        self._most(Measure.ELEMENTS, self.inside, self.row_elements)
        if self.depth == self.unit + 1:  # a cell, as openpyxl takes every child of a row
            self.column = _column_number(attrs["r"]) if "r" in attrs else self.column + 1
        elif self.depth == self.unit + 2 and self.counted != self.column:  # its value, formula or text
            self.counted = self.column
            self._value()

    def _value(self) -> None:
        if self.row > self.limits.rows or self.column > self.limits.columns:
            farthest = _cell(self.limits.rows, self.limits.columns)
            raise Refused(Refusal(Reason.OUTSIDE, found=self.row, most=self.limits.rows,
                                  cell=_cell(self.row, self.column), bound=farthest))
        self.extent.rows = max(self.extent.rows, self.row)
        self.extent.columns = max(self.extent.columns, self.column)

    @staticmethod
    def _most(measure: Measure, found: int, most: int) -> None:
        if found > most:
            raise Refused(Refusal(Reason.OVERSIZED, measure, found, most))


def _row_number(text: str) -> int:
    """A row's ``r`` as openpyxl reads it: an integer, or a float that is one."""
    try:
        number = float(int(text))
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            number = 0.5
    if not number.is_integer() or number < 1:
        raise Refused(Refusal(Reason.DAMAGED, detail=f"row number {text!r}"))
    return int(number)


def _column_number(coordinate: str) -> int:
    """The column of a cell's ``r`` ("AB12" → 28), refusing what openpyxl would fail on."""
    found = COORDINATE.fullmatch(coordinate)
    if found is None or not int(found.group(2)):
        raise Refused(Refusal(Reason.DAMAGED, detail=f"cell reference {coordinate!r}"))
    number = 0
    for letter in found.group(1).upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letter(number: int) -> str:
    """28 → "AB", as Excel names columns."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"
