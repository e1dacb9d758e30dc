"""DOCX: every table of the document's body in order, read with python-docx.

A cell's paragraphs are joined by a space. A cell merged across columns (``w:gridSpan``) is one cell with
its ``span``; one merged down rows (``w:vMerge``) keeps its text in the top cell, the cells below it
written empty (with the same span), so each row still covers the table's grid. Rows and columns are
counted in the table's grid, from 1 (a row's ``w:gridBefore`` shifts its first cell).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from chiso.appendix.model import SourceTable
from chiso.appendix.readers.archive import check_zip
from chiso.appendix.readers.registry import register_table_reader
from chiso.appendix.readers.source import SourceFile, TableBuilder
from chiso.errors import InputError

EXPECTED = "văn bản Word (.docx)"


@register_table_reader("docx", (".docx",))
def read_docx(source: SourceFile) -> Iterator[SourceTable]:
    document = _open(source)
    for index, table in enumerate(document.tables, start=1):
        builder = TableBuilder(source, index)
        for number, tr in enumerate(table._tbl.tr_lst, start=1):
            builder.add(number, _cells(tr, table))
        yield builder.table()


def _open(source: SourceFile) -> Any:
    check_zip(source, EXPECTED)
    from docx import Document  # loaded only when a document is read: commands start faster without it

    try:
        return Document(io.BytesIO(source.data))
    except Exception as exc:  # python-docx reports a wrong or damaged package by whatever failed first
        raise InputError("tệp không phải là văn bản Word (.docx) hoặc bị hỏng", file=source.where,
                         expected=EXPECTED) from exc


def _cells(tr: Any, table: Any) -> Iterator[tuple[str, int, int]]:
    """Each cell of a row as (text, grid column from 1, span)."""
    from docx.table import _Cell

    column = tr.grid_before + 1
    for tc in tr.tc_lst:
        span = tc.grid_span
        continued = tc.vMerge == "continue"  # the text of a vertical merge is its top cell's
        text = "" if continued else " ".join(p.text for p in _Cell(tc, table).paragraphs)
        yield text, column, span
        column += span
