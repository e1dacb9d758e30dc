"""How a value is written for people, everywhere: 1.247.855; 46,14%; ≥90%; Có; Loại B; 20 doanh nghiệp.

Numbers are always written the Vietnamese way, whatever the reader's language (the data is Vietnamese);
only the words for yes and no follow the language. Reports, evaluations, pages, the API and the CLI
write values through these functions and no other.
"""

from __future__ import annotations

from decimal import Decimal

from chiso.catalog.model import Indicator, ValueType
from chiso.errors import InputError
from chiso.values.model import Bound, Reading, read_value
from chiso.values.numbers import decimals_of, format_decimal

SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
YES_NO = {"vi": ("Có", "Không"), "en": ("Yes", "No")}


def number_text(indicator: Indicator, value: Decimal, *, decimals: int | None = None, percent: bool = True,
                unit: bool = False) -> str:
    """46.14 → "46,14%" for a percent (without "%" unless ``percent``), 20 → "20 doanh nghiệp" with ``unit``."""
    shown = format_decimal(value, "vi", decimals)
    if indicator.value_type is ValueType.PERCENT:
        return shown + "%" if percent else shown
    return f"{shown} {indicator.unit}" if unit and indicator.unit else shown


def reading_text(indicator: Indicator, reading: Reading, *, language: str = "vi", percent: bool = True,
                 unit: bool = False) -> str:
    """A reading as a Vietnamese table writes it: ">90%", "98,9%", "Loại B", "Có" ("Yes" in English)."""
    if isinstance(reading, bool):
        words = YES_NO.get(language, YES_NO["vi"])
        return words[0] if reading else words[1]
    if isinstance(reading, Bound):
        return SYMBOLS[reading.comparator] + number_text(indicator, reading.limit, percent=percent, unit=unit)
    if isinstance(reading, Decimal):
        return number_text(indicator, reading, percent=percent, unit=unit)
    return reading


def value_text(indicator: Indicator, text: str, *, language: str = "vi", percent: bool = True,
               unit: bool = False) -> str:
    """A stored value written for people; a value not of the indicator's type is shown as stored."""
    try:
        reading = read_value(indicator, text)
    except InputError:
        return text  # the checks say what is wrong with it
    return reading_text(indicator, reading, language=language, percent=percent, unit=unit)


def change_text(indicator: Indicator, before: Decimal, now: Decimal) -> str:
    """How much ``now`` differs from ``before``, unsigned, with the indicator's decimals (else the finer of the two):
    a rate's change is in points, so no "%"."""
    places = indicator.decimals if indicator.decimals is not None else max(decimals_of(before), decimals_of(now))
    return format_decimal(abs(now - before), "vi", places)
