"""Cells for values: Vietnamese number formats, the written decimals kept, "-" for no data."""

from __future__ import annotations

from decimal import Decimal

from chiso.catalog.model import Indicator
from chiso.errors import InputError
from chiso.reports.model import Cell
from chiso.values.model import Value, canonical_value, read_value
from chiso.values.numbers import decimals_of
from chiso.values.text import reading_text

NO_DATA = "-"


def value_cell(indicator: Indicator, value: Value | None, *, with_note: bool = True,
               out_of: int | None = None) -> Cell:
    """A value's cell; a place in a ranking among ``out_of`` units reads «12/63»."""
    if value is None:
        return Cell(NO_DATA)
    note = value.note if with_note else ""
    try:
        reading = read_value(indicator, value.value)
    except InputError:  # a value of the wrong type is printed as stored; `chiso check` reports it
        return Cell(value.value, note=note)
    sign = percent_sign(indicator)
    text = reading_text(indicator, reading, percent=sign)
    if isinstance(reading, Decimal):
        text = f"{text}/{out_of}" if out_of else text
        return Cell(text, number=reading, decimals=decimals_of(reading), percent_sign=sign, note=note)
    return Cell(text, note=note)


def percent_sign(indicator: Indicator) -> bool:
    """Whether the appendix prints "%" after this indicator's values (Phụ lục VIII does for 2, 3, 4.2 only)."""
    return bool(indicator.report.get("percent_sign", False))


def printed_cell(indicator: Indicator, text: str) -> Cell:
    """A cell for a figure already printed («100%», «11,8%», «>90%», «98,9% xã»): a plain number keeps its number,
    so that a spreadsheet holds it as one; a bound or a figure with words stays text."""
    try:
        reading = read_value(indicator, canonical_value(indicator, text, "vi"))
    except InputError:
        return Cell(text)
    if not isinstance(reading, Decimal):
        return Cell(text)
    return Cell(text, number=reading, decimals=decimals_of(reading), percent_sign=text.rstrip().endswith("%"))
