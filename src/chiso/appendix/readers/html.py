"""HTML: every ``<table>`` of the page in the order it opens, read with the standard library's parser.

``<th>`` and ``<td>`` are cells; ``colspan`` is a cell's ``span``, and a cell merged down rows
(``rowspan``) keeps its text in the top cell, the rows below it given an empty cell of the same span, as
a Word table has them. ``<br>`` and block elements (``<p>``, ``<div>``…, and the classes the page's own
stylesheet displays as blocks, such as a value's note in chiso's reports) part words with a space. A table
inside a cell is a table of its own, its text not the outer cell's. Rows and columns are counted in the
table's grid, from 1.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from chiso.appendix.model import SourceTable
from chiso.appendix.readers.registry import register_table_reader
from chiso.appendix.readers.source import SourceFile, TableBuilder
from chiso.errors import InputError

BLOCKS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
                    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
                    "nav", "ol", "p", "pre", "section", "ul"})
HIDDEN = frozenset({"script", "style", "template", "caption"})  # text that is no cell's
MOST_SPAN = 1000  # what HTML allows of a colspan; a rowspan is cut there too
CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
DISPLAYED = re.compile(r"display\s*:\s*(block|list-item|flex|grid|table)\b", re.IGNORECASE)
CLASS = re.compile(r"\.([A-Za-z_][\w-]*)\s*$")


@register_table_reader("html", (".html", ".htm"))
def read_html(source: SourceFile) -> Iterator[SourceTable]:
    parser = _Parser(source)
    parser.feed(_decode(source))
    parser.close()
    yield from parser.tables()


def _decode(source: SourceFile) -> str:
    """The page's text in the encoding its byte-order mark or ``<meta charset>`` names, else UTF-8."""
    data = source.data
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8):]
    else:
        found = CHARSET.search(data[:4096])
        encoding = found.group(1).decode("ascii") if found else "utf-8"
    try:
        return data.decode(codecs.lookup(encoding).name)
    except (LookupError, UnicodeDecodeError) as exc:
        raise InputError(f"không giải mã được trang HTML theo bảng mã «{encoding}»", file=source.where,
                         expected="trang HTML mã UTF-8, hoặc ghi đúng bảng mã trong <meta charset>") from exc


def block_classes(stylesheet: str) -> set[str]:
    """The classes a stylesheet displays as blocks: ``.note { display: block }`` gives "note"."""
    found: set[str] = set()
    for selectors, body in RULE.findall(stylesheet):
        if DISPLAYED.search(body):
            found |= {m.group(1) for s in selectors.split(",") if (m := CLASS.search(s.strip()))}
    return found


@dataclass
class _Span:
    """A cell merged down rows: its column, its span and how many rows, from the current one, it covers."""

    column: int
    span: int
    rows: int


@dataclass
class _Table:
    builder: TableBuilder
    row: list[tuple[str, int, int]] | None = None  # the open row's cells (text, column, span)
    cell: list[str] | None = None  # the open cell's pieces of text
    column: int = 1
    count: int = 0
    below: dict[int, _Span] = field(default_factory=dict)  # by column: cells reaching down into later rows

    def start_row(self) -> None:
        self.end_row()
        self.row, self.column = [], 1

    def start_cell(self, colspan: int, rowspan: int) -> None:
        if self.row is None:
            self.start_row()
        self.end_cell()
        assert self.row is not None
        self._skip_merged()
        self.row.append(("", self.column, colspan))
        if rowspan > 1:
            self.below[self.column] = _Span(self.column, colspan, rowspan)  # this row counted at its end
        self.cell = []
        self.column += colspan

    def end_cell(self) -> None:
        if self.cell is not None and self.row:
            _, column, span = self.row[-1]
            self.row[-1] = ("".join(self.cell), column, span)
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is None:
            return
        self._skip_merged(everything=True)
        self.count += 1
        self.builder.add(self.count, self.row)
        self.row = None
        for column, merged in list(self.below.items()):
            merged.rows -= 1
            if merged.rows <= 0:
                del self.below[column]

    def _skip_merged(self, everything: bool = False) -> None:
        """Empty cells where cells of rows above reach down, before the next cell (or to the row's end)."""
        assert self.row is not None
        while True:
            merged = self.below.get(self.column)
            if merged is None:
                later = [c for c in self.below if c > self.column]
                if not everything or not later:
                    return
                self.column = min(later)
                continue
            self.row.append(("", merged.column, merged.span))
            self.column += merged.span


class _Parser(HTMLParser):
    def __init__(self, source: SourceFile) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.open: list[_Table] = []
        self.done: list[_Table] = []
        self.hidden = 0
        self.styles: list[str] = []
        self.blocks: set[str] = set()
        self.parting: dict[str, list[bool]] = {}  # for each open element, by tag: whether it parts words

    def tables(self) -> list[SourceTable]:
        while self.open:
            self._end_table()
        return [t.builder.table() for t in sorted(self.done, key=lambda t: t.builder.index)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in HIDDEN:
            self.hidden += 1
        elif tag == "table":
            number = len(self.open) + len(self.done) + 1
            self.open.append(_Table(TableBuilder(self.source, number)))
        elif self.open and tag == "tr":
            self.open[-1].start_row()
        elif self.open and tag in ("td", "th"):
            self.open[-1].start_cell(_span(values.get("colspan")), _span(values.get("rowspan")))
        else:
            parts = self._parts(tag, values.get("class"))
            self.parting.setdefault(tag, []).append(parts)
            if parts:
                self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "table" and self.open:
            self._end_table()
        elif self.open and tag == "tr":
            self.open[-1].end_row()
        elif self.open and tag in ("td", "th"):
            self.open[-1].end_cell()
        elif (self.parting.get(tag) or [False]).pop():
            self._text(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in BLOCKS:
            self._text(" ")
        else:
            self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            if self.lasttag == "style":
                self.blocks |= block_classes(data)
            return
        self._text(data)

    def _parts(self, tag: str, classes: str | None) -> bool:
        """An element whose start and end part words: a block, or an element of a class displayed as one."""
        return tag in BLOCKS or bool(self.blocks & set((classes or "").split()))

    def _text(self, text: str) -> None:
        if self.open and self.open[-1].cell is not None:
            self.open[-1].cell.append(text)

    def _end_table(self) -> None:
        table = self.open.pop()
        table.end_row()
        self.done.append(table)


def _span(value: str | None) -> int:
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(number, 1), MOST_SPAN)
