"""Readers of past appendices: a file's tables as :class:`~chiso.appendix.model.SourceTable`, by its suffix.

Importing this package registers the built-in readers (DOCX, XLSX, HTML, PDF and scanned images) the way a plug-in
registers its own (see :mod:`chiso.appendix.readers.registry`).
"""

from chiso.appendix.readers import docx, html, ocr, pdf, xlsx
from chiso.appendix.readers.registry import (
    TableReader,
    read_tables,
    register_table_reader,
    table_reader,
    table_readers,
    unregister_table_reader,
)
from chiso.appendix.readers.source import MAX_BYTES, MAX_ROWS, SourceFile, TableBuilder

__all__ = ["MAX_BYTES", "MAX_ROWS", "SourceFile", "TableBuilder", "TableReader", "docx", "html", "ocr", "pdf",
           "read_tables", "register_table_reader", "table_reader", "table_readers", "unregister_table_reader",
           "xlsx"]
