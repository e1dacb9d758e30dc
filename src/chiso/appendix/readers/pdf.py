"""PDF: the tables of the text layer, each page's found by pdfplumber (``page.extract_tables``'s finder).

A table continued over several pages is a table per page, each with its ``page``; joining them is the
header finder's work, which knows the repeated header rows. A cell's lines are joined by a space, except
after a hyphen ending a word ("2741/QĐ-" and "UBND" are "2741/QĐ-UBND"): a line broken there was one word.
Merged cells are found from the cells' boxes: a cell spanning several columns is one cell with its span; one
spanning several rows keeps its text in its top row, the rows below given an empty cell of the same span,
as a Word table has them. A page without a text layer but with an image (a scan) is rendered at
:data:`~chiso.appendix.readers.ocr.DPI` with pypdfium2 and read by :mod:`~chiso.appendix.readers.ocr`;
a file with neither text nor images has nothing to read and is refused.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

from chiso.appendix.model import SourceTable
from chiso.appendix.readers.ocr import DPI, MAX_PAGES, Scanner, check_pixels
from chiso.appendix.readers.registry import register_table_reader
from chiso.appendix.readers.source import SourceFile, TableBuilder
from chiso.errors import InputError

EXPECTED = "tệp PDF có lớp chữ (xuất từ Word hay LibreOffice)"
EMPTY = "tệp PDF không có chữ, cũng không có ảnh trang quét nào"
POINTS = 72  # a PDF's unit: points per inch
NEAR = 1.0  # points: boxes of one grid meet within rounding
HYPHENATED = re.compile(r"(?<=\S-)\n(?=\S)")
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@register_table_reader("pdf", (".pdf",))
def read_pdf(source: SourceFile) -> Iterator[SourceTable]:
    pdf = _open(source)
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise InputError(f"tệp PDF có {len(pdf.pages)} trang", file=source.where,
                             expected=f"một phụ lục không quá {MAX_PAGES} trang")
        tables, read = _tables(source, pdf.pages)
    if not read:
        raise InputError(EMPTY, file=source.where, expected=EXPECTED)
    yield from tables


def _open(source: SourceFile) -> Any:
    import pdfplumber  # loaded only when a PDF is read: commands start faster without it

    try:
        return pdfplumber.open(io.BytesIO(source.data))
    except Exception as exc:  # pdfminer reports a damaged or encrypted file by whatever failed first
        raise InputError("tệp không phải là PDF, bị hỏng hoặc đã đặt mật khẩu", file=source.where,
                         expected=EXPECTED) from exc


def _tables(source: SourceFile, pages: Sequence[Any]) -> tuple[list[SourceTable], bool]:
    """Every page's tables, numbered through the file, and whether any page had text or a scan to read."""
    tables: list[SourceTable] = []
    scans = _Scans(source)
    read = False
    try:
        for page in pages:
            tables += _page_tables(source, page, scans, len(tables))
            read = read or bool(page.chars or page.images)
    finally:
        scans.close()
    return tables, read


def _page_tables(source: SourceFile, page: Any, scans: _Scans, before: int) -> list[SourceTable]:
    """A page's tables: its text layer's, or those of its scan when it has no text but an image."""
    try:
        if page.chars:
            return [_table(source, before + n, page.page_number, t) for n, t in enumerate(page.find_tables(), 1)]
        return scans.tables(page.page_number, before) if page.images else []
    except InputError:
        raise
    except Exception as exc:  # a damaged content stream surfaces only when its page is read
        raise InputError(f"trang {page.page_number} của tệp PDF bị hỏng", file=source.where,
                         expected=EXPECTED) from exc


class _Scans:
    """The file's scanned pages, rendered by pypdfium2 (opened, and Tesseract checked, at the first one)."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.scanner: Scanner | None = None
        self.document: Any = None

    def tables(self, number: int, before: int) -> list[SourceTable]:
        if self.scanner is None:
            import pypdfium2  # pdfplumber's own renderer: no library more

            self.scanner = Scanner(self.source)
            self.document = pypdfium2.PdfDocument(self.source.data)
        page = self.document[number - 1]
        width, height = page.get_size()
        check_pixels(self.source, width * DPI / POINTS, height * DPI / POINTS, number)
        image = page.render(scale=DPI / POINTS, grayscale=True).to_pil()
        return [scanned.table for scanned in self.scanner.tables(number, image, before)]

    def close(self) -> None:
        if self.document is not None:
            self.document.close()


def _table(source: SourceFile, index: int, page: int, table: Any) -> SourceTable:
    builder = TableBuilder(source, index, page)
    texts = table.extract()
    rows: list[list[Box | None]] = [list(row.cells) for row in table.rows]
    lefts = sorted({box[0] for row in rows for box in row if box is not None})
    above: list[tuple[Box, int, int]] = []  # cells of earlier rows: box, first column, span
    for number, (boxes, row_texts) in enumerate(zip(rows, texts, strict=True), start=1):
        top = min((box[1] for box in boxes if box is not None), default=0.0)
        above[:] = [a for a in above if a[0][3] > top + NEAR]  # only cells reaching this row can cover it
        cells = list(_cells(boxes, row_texts, lefts, top, above))
        builder.add(number, cells)
    return builder.table()


def _cells(boxes: list[Box | None], texts: list[str | None], lefts: list[float], top: float,
           above: list[tuple[Box, int, int]]) -> Iterator[tuple[str, int, int]]:
    """A row's cells as (text, column, span): a column no box starts in is covered by a cell to its left
    (omitted) or above (an empty cell where the covering cell starts); one covered by neither is empty."""
    covered_to = 0  # the last column a cell of this row spans
    for column, (box, text) in enumerate(zip(boxes, texts, strict=True), start=1):
        if box is not None:
            span = _span(box, lefts)
            above.append((box, column, span))
            covered_to = column + span - 1
            yield _text(text or ""), column, span
        elif column > covered_to:
            reaching = next((a for a in above if _reaches(a[0], lefts[column - 1], top)), None)
            if reaching is None:
                yield "", column, 1
            elif reaching[1] == column:
                covered_to = column + reaching[2] - 1
                yield "", column, reaching[2]


def _span(box: Box, lefts: list[float]) -> int:
    return max(1, sum(1 for left in lefts if box[0] - NEAR <= left < box[2] - NEAR))


def _reaches(box: Box, left: float, top: float) -> bool:
    """Whether a cell of a row above covers the column starting at ``left`` in the row starting at ``top``."""
    return box[0] - NEAR <= left < box[2] - NEAR and box[1] < top - NEAR and top < box[3] - NEAR


def _text(text: str) -> str:
    """The cell's lines joined (by a space, but for a word broken after its hyphen)."""
    return HYPHENATED.sub("", text)
