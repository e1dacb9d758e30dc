"""Periods read from the words a report writes over a column: «9 tháng đầu năm 2024», «Quý II/2025».

Every label :attr:`Period.label` writes reads back to its period, except that «6 tháng đầu năm 2025» is
the half-year ``2025S1`` (the words the decree's appendices use for it), never ``2025M1-6``. A year to
date is also read from «Lũy kế đến tháng 9/2024», «đến (hết) tháng 9/2024» and «9 tháng năm 2024»; the
words for a cumulation always make a year to date, so «Lũy kế đến tháng 6/2025» is ``2025M1-6``. To
month 12 each of them is the year. A code (``2024M1-9``) is read as :meth:`Period.parse` reads it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from chiso.errors import InputError
from chiso.periods.period import Period, PeriodType

EXPECTED_LABEL = ("mã kỳ (2024, 2025S1, 2025Q2, 2025-06, 2024M1-9) hoặc tên kỳ như «Năm 2024», «Quý II/2025», "
                  "«Tháng 6/2025», «9 tháng đầu năm 2024», «Lũy kế đến tháng 9/2024»")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:/|\s*năm\s*)(\d{4})"  # «9/2024» or «9 năm 2024»


def _ytd(match: re.Match[str]) -> Period:
    return Period.year_to(int(match.group(2)), _month(match.group(1)))


def _half(match: re.Match[str]) -> Period:
    return Period(PeriodType.HALF, int(match.group(2)), 1 if match.group(1) == "đầu" else 2)


def _quarter(match: re.Match[str]) -> Period:
    written = match.group(1)
    return Period(PeriodType.QUARTER, int(match.group(2)), _ROMAN.get(written) or int(written))


def _month_of(match: re.Match[str]) -> Period:
    return Period(PeriodType.MONTH, int(match.group(2)), _month(match.group(1)))


def _month(written: str) -> int:
    month = int(written)
    if not 1 <= month <= 12:
        raise InputError(f"không có tháng {month}", expected="tháng từ 1 đến 12")
    return month


# Tried in order, on the label lowercased with its blanks collapsed: the cumulations before the month.
_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Period]], ...] = (
    (re.compile(r"năm (\d{4})"), lambda m: Period(PeriodType.YEAR, int(m.group(1)))),
    (re.compile(r"6 tháng (đầu|cuối) năm (\d{4})"), _half),
    (re.compile(r"(?:lũy kế |luỹ kế )?(\d{1,2}) tháng (?:đầu )?năm (\d{4})"), _ytd),
    (re.compile(r"(?:(?:lũy|luỹ) kế )?(?:từ đầu năm )?đến (?:hết )?tháng (\d{1,2})" + _YEAR), _ytd),
    (re.compile(r"(?:lũy|luỹ) kế tháng (\d{1,2})" + _YEAR), _ytd),
    (re.compile(r"quý (iv|iii|ii|i|[1-4])" + _YEAR), _quarter),
    (re.compile(r"tháng (\d{1,2})" + _YEAR), _month_of),
)


def period_from_label(text: str) -> Period:
    """The period a column heading or a cell names, in the words a report writes or as a code."""
    words = " ".join(unicodedata.normalize("NFC", text).lower().split()).rstrip(" .:")
    for pattern, make in _FORMS:
        match = pattern.fullmatch(words)
        if match:
            try:
                return make(match)
            except InputError as error:
                raise InputError(f"Tên kỳ «{text}» không hợp lệ: {error.message}", expected=EXPECTED_LABEL) from None
    try:
        return Period.parse(text)
    except InputError:
        raise InputError(f"«{text}» không phải mã hay tên một kỳ", expected=EXPECTED_LABEL) from None
