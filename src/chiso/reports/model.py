"""A report appendix as format-neutral data: what every exporter (DOCX, XLSX, PDF, HTML) draws.

A layout (``chiso.reports.layouts``) turns a framework and its values into a :class:`Report`; an
exporter (``chiso.reports.exporters``) turns a Report into bytes. Neither knows the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class RowKind(StrEnum):
    HEADER = "header"
    SECTION = "section"  # a pillar row spanning the table: "I. Phát triển chính quyền số…"
    GROUP = "group"  # a parent row without values of its own: "5. Cung cấp dịch vụ công trực tuyến"
    DATA = "data"


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Cell:
    """One cell: its text as printed, and the exact number behind it when there is one."""

    text: str = ""
    number: Decimal | None = None  # written as a real number in spreadsheets
    decimals: int = 0  # places to display the number with ("41,5" has 1, "99,20" has 2)
    percent_sign: bool = False  # the printed text carries "%" (a spreadsheet shows it with the number)
    note: str = ""  # shown after the value ("374" / "theo QĐ 2741/QĐ-UBND…"); a comment in spreadsheets
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    italic: bool = False
    align: Align = Align.CENTER

    @property
    def display(self) -> str:
        """The cell's full printed text: the value, then its note on the next line."""
        return f"{self.text}\n{self.note}" if self.note and self.text else (self.text or self.note)


@dataclass(frozen=True)
class Row:
    kind: RowKind
    cells: tuple[Cell, ...]
    code: str = ""  # the indicator or section code the row shows


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float


@dataclass(frozen=True)
class Chart:
    """A small line chart of one rate over the report's periods, as a PNG."""

    indicator: str
    title: str
    png: bytes


@dataclass(frozen=True)
class Report:
    """An appendix: heading lines, one table, footnotes and optional annexes."""

    framework: str
    unit: str
    appendix: str  # "Phụ lục VIII", or "" when the document has none
    title: str  # printed in capitals
    subtitle: str  # "(Kèm theo Báo cáo số …/BC-UBND ngày …/6/2025 của …)"
    columns: tuple[Column, ...]
    header: tuple[Row, ...]
    body: tuple[Row, ...]
    footnotes: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()  # drafted narrative paragraphs
    charts: tuple[Chart, ...] = ()
    layout: str = ""
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.header + self.body

    @property
    def width(self) -> int:
        return len(self.columns)


Placed = tuple[int, int, Cell]  # (row, column) from 0 within the table, and the cell anchored there


def placed(rows: tuple[Row, ...]) -> Iterator[Placed]:
    """Each cell with the grid position it takes, skipping places covered by a rowspan from above."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row.cells:
            while (r, c) in taken:
                c += 1
            yield r, c, cell
            taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            c += cell.colspan
