"""The formats ``chiso load`` reads tables from, by file suffix (see :mod:`chiso.io.formats.registry`).

Importing this package registers the built-in formats, CSV and XLSX, the way a plug-in registers its own.
JSON is read by :mod:`chiso.io.files` itself: one file holds several tables of objects, not sheets of rows.
"""

from chiso.io.formats import delimited, workbook
from chiso.io.formats.cells import cell_text
from chiso.io.formats.registry import (
    InputFormat,
    Sheet,
    SheetRow,
    input_format,
    input_formats,
    register_input_format,
    unregister_input_format,
)

__all__ = ["InputFormat", "Sheet", "SheetRow", "cell_text", "delimited", "input_format", "input_formats",
           "register_input_format", "unregister_input_format", "workbook"]
