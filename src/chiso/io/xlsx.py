"""Reading a workbook that may be hostile: checked before openpyxl opens it, then read in read-only mode within caps.

Every XLSX file chiso reads (an uploaded entry template, a workbook of dossiers) comes through
:func:`open_workbook`: the zip and its XML are checked first (:mod:`chiso.io.zipcheck`), openpyxl then
streams the sheets (read-only mode, cached values rather than formulas), and each sheet is read only as far
as its values reach. Whatever goes wrong is a :class:`WorkbookRefused` naming the file and what was expected.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, TypeVar

from chiso.errors import InputError, os_reason
from chiso.io.zipcheck import Contents, Extent, Limits, Measure, Reason, Refusal, Refused, check_archive
from chiso.values.numbers import format_decimal

__all__ = ["Book", "Cell", "Limits", "Measure", "Reason", "WorkbookRefused", "open_workbook"]

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97–2003 file, or an XLSX encrypted with a password
EXPECTED = "tệp Excel Workbook (.xlsx)"
T = TypeVar("T")


class WorkbookRefused(InputError):
    """A workbook chiso will not read, with what was found (``refusal``) for callers that word it themselves."""

    def __init__(self, refusal: Refusal, *, file: str, sheet: str = "") -> None:
        super().__init__(_message(refusal, sheet), file=file, expected=_expected(refusal))
        self.refusal = refusal
        self.sheet = sheet


@dataclass(frozen=True)
class Cell:
    """A cell as read: its cached value and its number format ("0.00%", "General"…)."""

    value: object
    number_format: str = "General"


class Book:
    """An open workbook: its sheets by name, each read row by row as far as its values reach."""

    def __init__(self, workbook: Any, contents: Contents, file: str) -> None:
        self._workbook, self._contents, self.file = workbook, contents, file

    @property
    def sheetnames(self) -> list[str]:
        return list(self._workbook.sheetnames)

    def cells(self, sheet: str | int) -> Iterator[tuple[Cell, ...]]:
        """Every row from the first, as wide as the sheet's values reach, with the number formats."""
        return self._rows(sheet, _cells, values_only=False)

    def values(self, sheet: str | int, columns: int | None = None) -> Iterator[tuple[object, ...]]:
        """Every row's values from the first, as wide as the sheet's values reach (or ``columns``)."""
        return self._rows(sheet, tuple, values_only=True, columns=columns)

    def width(self, sheet: str | int) -> int:
        """The last column holding a value (1 for A)."""
        return self._sheet(sheet)[2].columns

    def _rows(self, sheet: str | int, convert: Callable[[Any], T], *, values_only: bool,
              columns: int | None = None) -> Iterator[T]:
        """The rows, each converted; whatever openpyxl raises on a damaged part becomes a WorkbookRefused."""
        name, worksheet, extent = self._sheet(sheet)
        width = min(extent.columns, columns) if columns is not None else extent.columns
        if not extent.rows or width < 1:  # openpyxl reads 0 as "to the declared dimension"
            return
        rows = worksheet.iter_rows(min_row=1, max_row=extent.rows, min_col=1, max_col=width, values_only=values_only)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of what it leaves out, which is not the user's concern
            while True:
                try:
                    row = convert(next(rows))
                except StopIteration:
                    return
                except Exception as exc:  # a bad shared-string index, style or number surfaces only here
                    raise WorkbookRefused(Refusal(Reason.DAMAGED, detail=str(exc)), file=self.file,
                                          sheet=name) from exc
                yield row

    def _sheet(self, sheet: str | int) -> tuple[str, Any, Extent]:
        name = self.sheetnames[sheet] if isinstance(sheet, int) else sheet
        worksheet = self._workbook[name]
        # openpyxl knows which part holds the sheet, the checks measured each part
        extent = self._contents.extents.get(str(getattr(worksheet, "_worksheet_path", "")))
        if extent is None:
            extents = self._contents.extents.values()
            extent = Extent(max((e.rows for e in extents), default=0), max((e.columns for e in extents), default=0))
        return name, worksheet, extent


def _cells(row: tuple[Any, ...]) -> tuple[Cell, ...]:
    return tuple(Cell(cell.value, str(getattr(cell, "number_format", None) or "General")) for cell in row)


@contextmanager
def open_workbook(source: bytes | Path, limits: Limits, *, file: str) -> Iterator[Book]:
    """The workbook in ``source`` (the file's bytes, or its path), checked against ``limits`` before openpyxl
    reads any of it; WorkbookRefused (an InputError naming ``file``) when it is not one chiso reads."""
    with _stream(source, file) as stream:
        archive = _archive(stream, file)
        try:
            contents = check_archive(archive, limits)
        except Refused as refused:
            raise WorkbookRefused(refused.refusal, file=file) from None
        finally:
            archive.close()
        workbook = _load(stream, file)
        try:
            yield Book(workbook, contents, file)
        finally:
            workbook.close()


@contextmanager
def _stream(source: bytes | Path, file: str) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
        return
    try:
        handle = source.open("rb")
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {os_reason(exc)}", file=file) from exc
    with handle:
        yield handle


def _archive(stream: IO[bytes], file: str) -> zipfile.ZipFile:
    head = stream.read(len(OLE))
    stream.seek(0)
    if head == OLE:
        raise WorkbookRefused(Refusal(Reason.LEGACY), file=file)
    try:
        return zipfile.ZipFile(stream)
    except Exception as exc:  # BadZipFile, and EOFError, OSError or ValueError for some broken directories
        raise WorkbookRefused(Refusal(Reason.NOT_XLSX, detail=str(exc)), file=file) from exc


def _load(stream: IO[bytes], file: str) -> Any:
    from openpyxl import load_workbook  # loaded only when a workbook is read: commands start faster without it

    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Cached results, not formulas: a number typed as "=1200+43" is read as 1243.
            return load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl reports a damaged file by whatever failed first in it
        raise WorkbookRefused(Refusal(Reason.DAMAGED, detail=str(exc)), file=file) from exc


def _message(refusal: Refusal, sheet: str) -> str:
    where = f"trang «{sheet}»: " if sheet else ""
    part = f" (phần «{refusal.part}»)" if refusal.part else ""
    if refusal.reason is Reason.LEGACY:
        return "tệp là bảng tính Excel 97–2003 (.xls) hoặc đã đặt mật khẩu mở tệp"
    if refusal.reason is Reason.NOT_XLSX:
        return "tệp không phải là bảng tính Excel (.xlsx)"
    if refusal.reason is Reason.DAMAGED:
        return f"{where}tệp Excel bị hỏng{part}"
    if refusal.reason is Reason.OUTSIDE:
        return f"có giá trị ở ô {refusal.cell}{part}, ngoài vùng tệp này có thể có (đến ô {refusal.bound})"
    subject = f"phần «{refusal.part}» của tệp" if refusal.part else "tệp"
    measure = refusal.measure or Measure.ELEMENTS
    most = quantity(measure, refusal.most, "vi")
    if measure.streamed:
        return f"{subject} có hơn {most}"
    return f"{subject} {VERBS.get(measure, 'có')} {quantity(measure, refusal.found, 'vi')}, nhiều hơn mức tối đa {most}"


VERBS = {Measure.BYTES: "giải nén ra", Measure.RATIO: "nén tới"}


def _expected(refusal: Refusal) -> str:
    if refusal.reason is Reason.LEGACY:
        return "lưu lại dưới dạng Excel Workbook (.xlsx), không đặt mật khẩu"
    if refusal.reason is Reason.OUTSIDE:
        return "xoá các ô thừa ở xa bảng số liệu"
    if refusal.reason is Reason.OVERSIZED:
        return "một bảng tính bình thường, không phải tệp nén độc hại hay tệp bị thêm dữ liệu thừa"
    return EXPECTED


def quantity(measure: Measure | None, count: int, locale: str) -> str:
    """A count as a refusal states it: "64,0 MB", "650 lần", "1.200 dòng" (the words are Vietnamese)."""
    if measure is Measure.BYTES:
        return megabytes(count, locale)
    number = format_decimal(Decimal(count), locale)
    return f"{number} {NOUNS.get(measure or Measure.ELEMENTS, '')}".strip()


NOUNS = {Measure.RATIO: "lần", Measure.MEMBERS: "phần", Measure.ELEMENTS: "phần tử XML", Measure.ROWS: "dòng",
         Measure.STRINGS: "chuỗi ký tự", Measure.SHEETS: "trang tính"}


def megabytes(count: int, locale: str) -> str:
    """Bytes in MB with one decimal: 52,4 MB (vi), 52.4 MB (en)."""
    return f"{format_decimal(Decimal(count) / (1 << 20), locale, 1)} MB"
