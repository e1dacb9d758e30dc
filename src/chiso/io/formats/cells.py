"""One conversion of a spreadsheet or JSON cell to the text chiso's readers read.

Every reader of cells (``chiso load``, the dossier sources, the web's Excel upload) writes a cell as this
module does, so a workbook and its CSV twin load the same values: booleans as ``yes``/``no`` (what the
yes/no readers accept), numbers as plain decimals with at most fifteen significant digits (what Excel
keeps, so a computed 0.30000000000000004 is the 0.3 it shows), days as ISO dates (what the day readers
accept), text without surrounding blanks.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeGuard

__all__ = ["cell_number", "cell_text", "is_number", "is_percent"]

SIGNIFICANT = 15  # the digits Excel keeps of a number; beyond them a float shows only binary noise


def cell_text(value: object, number_format: str = "General") -> str:
    """The text of a cell's value; a number in a cell formatted as a percentage is written "46.14%"."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: a bool is an int
        return "yes" if value else "no"
    if is_number(value):
        return _number_text(value, number_format)
    if isinstance(value, datetime):
        return _moment_text(value)
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def is_number(value: object) -> TypeGuard[int | float | Decimal]:
    """A number a cell holds (int, float or Decimal), not a bool."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, an escaped character, a [locale] or [colour]


def is_percent(number_format: str) -> bool:
    """A number format showing the cell's number times a hundred with a ``%`` ("0.00%"); a ``%`` printed as a
    literal sign (quoted, ``#,##0"%"``, or escaped, ``0\\%``), as chiso's own workbooks write 100%, is not."""
    bare = _LITERAL.sub("", number_format)
    return "%" in bare


def cell_number(value: int | float | Decimal) -> Decimal:
    """The number as typed: a float cut to fifteen significant digits, an int or a Decimal exact.

    A hostile file's "inf" or "nan" gives Decimal's Infinity or NaN, which no value reader accepts."""
    if isinstance(value, float):
        return Decimal(format(value, f".{SIGNIFICANT}g"))
    return Decimal(value)


def _number_text(value: int | float | Decimal, number_format: str) -> str:
    number = cell_number(value)
    if not number.is_finite():
        return str(value)
    if is_percent(number_format):
        return _plain(number.scaleb(2)) + "%"
    return _plain(number)


def _plain(number: Decimal) -> str:
    """Without an exponent or trailing zeros: 1E+3 → 1000, 46.140 → 46.14, 12.0 → 12, -0 → 0."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _moment_text(value: datetime) -> str:
    """A day typed into a cell is a datetime at midnight: written as the day; a moment keeps its time."""
    if value.time() == time() and value.tzinfo is None:
        return value.date().isoformat()
    return value.isoformat(sep=" ")
