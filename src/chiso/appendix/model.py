"""What an appendix's tables are read into: cells of text, each knowing where in which file it was.

Every reader (Word, Excel, PDF, HTML, extracted text) gives the same shape, so finding the header, the
periods and the rows is written once; a cell keeps its place, which every value imported from it keeps as
its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where a cell is: the file (and its sha256), the page (PDF), the table, and its row and column, from 1."""

    file: str
    sha256: str
    table: int
    row: int
    column: int
    page: int | None = None

    @property
    def text(self) -> str:
        """ «tệp phuluc8.docx (sha256 1a2b3c4d…), bảng 1, dòng 5, cột 3», as a value's source says it."""
        page = f", trang {self.page}" if self.page is not None else ""
        return (f"tệp {self.file} (sha256 {self.sha256[:12]}…){page}, bảng {self.table}, dòng {self.row}, "
                f"cột {self.column}")


@dataclass(frozen=True)
class SourceCell:
    """One cell's text (lines joined by a space, blanks collapsed) and its place; ``span`` columns wide."""

    text: str
    place: Place
    span: int = 1


@dataclass(frozen=True)
class SourceTable:
    """One table of a file, its rows top to bottom, each row's cells left to right (a merged cell once)."""

    file: str
    sha256: str
    index: int  # 1 for the file's first table
    rows: tuple[tuple[SourceCell, ...], ...]
    page: int | None = None  # the page it starts on, for a PDF

    def grid(self) -> list[list[SourceCell | None]]:
        """The rows with merged cells spread over the columns they span (None in the columns they cover)."""
        found = []
        for row in self.rows:
            cells: list[SourceCell | None] = []
            for cell in row:
                cells += [cell, *([None] * (cell.span - 1))]
            found.append(cells)
        return found
