"""What every appendix reader shares: the file read within bounds and hashed, and the cells given their places."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from chiso.appendix.model import Place, SourceCell, SourceTable
from chiso.errors import InputError, os_reason
from chiso.values.numbers import format_decimal

__all__ = ["MAX_BYTES", "MAX_ROWS", "SourceFile", "TableBuilder", "check_rows", "flat", "load"]

MiB = 1 << 20
MAX_BYTES = 50 * MiB  # a report's appendix is a few megabytes; a scanned one some tens
MAX_ROWS = 10_000  # an appendix lists a few hundred indicators at most


@dataclass(frozen=True)
class SourceFile:
    """A file as read: its path, the name its cells' places carry, its bytes and their sha256."""

    path: Path
    data: bytes
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def where(self) -> str:
        """The file as an error names it."""
        return str(self.path)


def load(path: Path) -> SourceFile:
    """The file's bytes, refused (InputError naming it) beyond :data:`MAX_BYTES` or when it cannot be read."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # not stat(): the file may grow between the two
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {os_reason(exc)}", file=str(path)) from exc
    if len(data) > MAX_BYTES:
        raise InputError(f"tệp lớn hơn {_count(MAX_BYTES // MiB)} MB", file=str(path),
                         expected=f"một tệp phụ lục không quá {_count(MAX_BYTES // MiB)} MB")
    return SourceFile(path, data, hashlib.sha256(data).hexdigest())


def check_rows(count: int, source: SourceFile, table: int) -> None:
    """Refuses a table of more than :data:`MAX_ROWS` rows (InputError naming the file and the table)."""
    if count > MAX_ROWS:
        raise InputError(f"bảng {table} có hơn {_count(MAX_ROWS)} dòng", file=source.where,
                         expected=f"bảng phụ lục không quá {_count(MAX_ROWS)} dòng")


def _count(number: int) -> str:
    return format_decimal(Decimal(number), "vi")


def flat(text: str) -> str:
    """Lines joined by a space, blanks collapsed (a no-break space is a blank too)."""
    return " ".join(text.split())


@dataclass
class TableBuilder:
    """One table being read: each row's cells given their places, the row count checked as rows come."""

    source: SourceFile
    index: int
    page: int | None = None
    rows: list[tuple[SourceCell, ...]] = field(default_factory=list)

    def add(self, row: int, cells: Iterable[tuple[str, int, int]]) -> None:
        """Adds the row numbered ``row`` (from 1) with its cells as (text, column from 1, span)."""
        check_rows(len(self.rows) + 1, self.source, self.index)
        self.rows.append(tuple(self.cell(text, row, column, span) for text, column, span in cells))

    def cell(self, text: str, row: int, column: int, span: int = 1) -> SourceCell:
        place = Place(self.source.name, self.source.sha256, self.index, row, column, self.page)
        return SourceCell(flat(text), place, max(1, span))

    def table(self) -> SourceTable:
        return SourceTable(self.source.name, self.source.sha256, self.index, tuple(self.rows), self.page)
