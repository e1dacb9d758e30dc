"""XLSX: each sheet a table, read through the bounded reader (:func:`chiso.io.xlsx.open_workbook`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from chiso.io.formats.cells import cell_text, is_number
from chiso.io.formats.registry import Sheet, SheetRow, register_input_format
from chiso.io.xlsx import Book, Cell, Limits, open_workbook

MiB = 1 << 20
# A table of chiso has at most eight columns; a sheet may hold as many rows as Excel allows.
LOAD_LIMITS = Limits(rows=1_048_576, columns=64, total=512 * MiB, member=256 * MiB, sheets=64,
                     strings=4_000_000)


@register_input_format("xlsx", (".xlsx",), "Bảng tính Excel (.xlsx), mỗi trang một bảng")
def read_xlsx(path: Path) -> Iterator[Sheet]:
    with open_workbook(path, LOAD_LIMITS, file=str(path)) as book:
        for name in book.sheetnames:
            yield Sheet(name, list(_rows(book, name)))


def _rows(book: Book, name: str) -> Iterator[SheetRow]:
    """The rows holding a value, each as wide as its last value (the rest of the sheet's width is padding)."""
    for line, cells in enumerate(book.cells(name), start=1):
        texts = [cell_text(c.value, c.number_format) for c in cells]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            yield SheetRow(line, tuple(texts), _typed(cells))


def _typed(cells: tuple[Cell, ...]) -> frozenset[int]:
    return frozenset(index for index, cell in enumerate(cells) if is_number(cell.value))
