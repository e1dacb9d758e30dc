"""CSV: one table a file, UTF-8, comma-separated, header first (``.txt`` files are read as CSV too)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from chiso.io.formats.registry import Sheet, SheetRow, register_input_format
from chiso.io.text import read_text


@register_input_format("csv", (".csv", ".txt"), "CSV (UTF-8, dấu phẩy)")
def read_csv(path: Path) -> Iterator[Sheet]:
    yield delimited_sheet(read_text(path))


def delimited_sheet(text: str, delimiter: str = ",") -> Sheet:
    """The rows of a delimited text, each with the line it ends on (a quoted cell may hold line breaks)."""
    return Sheet(None, list(_rows(text, delimiter)))


def _rows(text: str, delimiter: str) -> Iterator[SheetRow]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for cells in reader:
        if cells:  # a blank line is no row, as csv.DictReader reads it
            yield SheetRow(reader.line_num, tuple(cells))
