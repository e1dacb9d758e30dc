"""Reporting periods: a year, a half-year, a quarter, a month, or the months of a year so far.

Codes are ``2024`` (year), ``2025S1``/``2025S2`` (half-year), ``2025Q2`` (quarter), ``2025-06`` (month) and
``2024M1-9`` (year to date: months 1 to 9 of 2024, «9 tháng đầu năm 2024»). A year to date runs from
month 1 to month n, n from 1 to 11: months 1 to 12 are the year, so ``2024M1-12`` reads as ``2024``.
``2024M1-6`` and ``2024S1`` cover the same months but stay two periods (and are written in the same
words): one is a point in a series of years so far, the other a half-year beside its second half.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from chiso.errors import InputError

EXPECTED_CODE = ("năm (2024), nửa năm (2025S1, 2025S2), quý (2025Q2), tháng (2025-06) "
                 "hoặc lũy kế từ đầu năm (2024M1-9)")
EXPECTED_RANGE = "một kỳ (2024), một khoảng kỳ (2021:2025, 2024Q1:2024Q4) hoặc danh sách (2021,2023,2025S1)"

_ROMAN = ("I", "II", "III", "IV")
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MIN_YEAR, _MAX_YEAR = 1000, 9999
_PARSED: dict[str, Period] = {}  # periods are immutable: each code is read once per process
_PARSED_LIMIT = 100_000


class PeriodType(StrEnum):
    """How long a period is."""

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    YTD = "ytd"  # months 1 to n of a year: as many months as its index says

    @property
    def fixed(self) -> bool:
        """Whether every period of this type has the same number of months (all but the year to date)."""
        return self is not PeriodType.YTD

    @property
    def months(self) -> int:
        """Number of months in one period of this type; a year to date has none fixed (ask ``Period.months``)."""
        if not self.fixed:
            raise ValueError("kỳ lũy kế từ đầu năm không có số tháng cố định: dùng Period.months")
        return {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.value]

    @property
    def per_year(self) -> int:
        """The largest valid index: periods of this type in a year; for a year to date its last month n (11)."""
        return 11 if not self.fixed else 12 // self.months

    @property
    def noun(self) -> str:
        """Vietnamese name of the type, for messages."""
        return {"year": "năm", "half": "nửa năm", "quarter": "quý", "month": "tháng",
                "ytd": "lũy kế từ đầu năm"}[self.value]


_PATTERNS: tuple[tuple[re.Pattern[str], PeriodType], ...] = (
    (re.compile(r"(\d{4})", re.ASCII), PeriodType.YEAR),
    (re.compile(r"(\d{4})[Ss](\d)", re.ASCII), PeriodType.HALF),
    (re.compile(r"(\d{4})[Qq](\d)", re.ASCII), PeriodType.QUARTER),
    (re.compile(r"(\d{4})-(\d{2})", re.ASCII), PeriodType.MONTH),
    (re.compile(r"(\d{4})[Mm]0?1-(\d{1,2})", re.ASCII), PeriodType.YTD),
)


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period, e.g. ``Period(PeriodType.QUARTER, 2025, 2)`` is ``2025Q2``.

    ``index`` is the half (1–2), quarter (1–4) or month (1–12) within the year; 1 for a year; for a
    year to date the last month n (1–11).

    Ordering is chronological by start date, then by end date: of periods starting the same day the
    shorter comes first, so ``2025-01 < 2025Q1 < 2025S1 < 2025M1-9 < 2025 < 2025-02``; of two with the
    same days the year to date comes after the other (``2025S1 < 2025M1-6``). Equal periods are equal
    in type, year and index.
    """

    _key: tuple[date, date] = field(init=False, repr=False)
    type: PeriodType
    year: int
    index: int = 1
    _code: str = field(init=False, repr=False, compare=False)  # computed once: periods are looked up by code

    def __post_init__(self) -> None:
        if not _MIN_YEAR <= self.year <= _MAX_YEAR:
            message = f"năm {self.year} nằm ngoài khoảng {_MIN_YEAR}–{_MAX_YEAR}"
            raise InputError(message, expected=EXPECTED_CODE)
        if not 1 <= self.index <= self.type.per_year:
            raise InputError(self._bad_index_message(), expected=EXPECTED_CODE)
        first, last = _month_span(self.type, self.index)
        start, end = date(self.year, first, 1), date(self.year, last, calendar.monthrange(self.year, last)[1])
        object.__setattr__(self, "_key", (start, end))
        object.__setattr__(self, "_code", Period._code_of(self.type, self.year, self.index))

    def _bad_index_message(self) -> str:
        rule = {
            PeriodType.YEAR: "kỳ năm chỉ có chỉ số 1",
            PeriodType.HALF: "nửa năm chỉ có S1 hoặc S2",
            PeriodType.QUARTER: "quý chỉ từ Q1 đến Q4",
            PeriodType.MONTH: "tháng chỉ từ 01 đến 12",
            PeriodType.YTD: f"kỳ lũy kế chỉ đến tháng 1 tới tháng 11 (lũy kế đến tháng 12 là cả năm, viết {self.year})",
        }[self.type]
        return f"{rule}, không có {self.index}"

    @classmethod
    def parse(cls, code: str) -> Period:
        """The period a code names; InputError for anything that is not a valid code."""
        found = _PARSED.get(code)
        if found is None:
            found = cls._parsed(code)
            if len(_PARSED) < _PARSED_LIMIT:  # periods are few; the bound keeps hostile input from growing it
                _PARSED[code] = found
        return found

    @classmethod
    def _parsed(cls, code: str) -> Period:
        text = code.strip()
        for pattern, kind in _PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                return cls._from_match(code, kind, match)
        hint = _hint(text)
        raise InputError(f"Mã kỳ «{code}» không hợp lệ{hint}", expected=EXPECTED_CODE)

    @classmethod
    def _from_match(cls, code: str, kind: PeriodType, match: re.Match[str]) -> Period:
        year, index = int(match.group(1)), int(match.group(2)) if kind is not PeriodType.YEAR else 1
        try:
            return cls.year_to(year, index) if kind is PeriodType.YTD else cls(kind, year, index)
        except InputError as error:
            message = f"Mã kỳ «{code}» không hợp lệ: {error.message}"
            raise InputError(message, expected=EXPECTED_CODE) from None

    @classmethod
    def year_to(cls, year: int, month: int) -> Period:
        """Months 1 to ``month`` of ``year``: ``2024M1-9``; to month 12 that is the year itself."""
        return cls(PeriodType.YEAR, year) if month == 12 else cls(PeriodType.YTD, year, month)

    @property
    def code(self) -> str:
        """Canonical code: ``2024``, ``2025S1``, ``2025Q2``, ``2025-06`` or ``2024M1-9``."""
        return self._code

    @property
    def months(self) -> int:
        """How many months the period covers: 12, 6, 3, 1, or n for a year to date."""
        return self.end.month - self.start.month + 1

    @property
    def start(self) -> date:
        """First day of the period."""
        return self._key[0]

    @property
    def end(self) -> date:
        """Last day of the period."""
        return self._key[1]

    @property
    def label(self) -> str:
        """Vietnamese label: "Năm 2024", "6 tháng đầu năm 2025", "Quý II/2025", "Tháng 6/2025",
        "9 tháng đầu năm 2024" (a year to date; to June the same words as the first half-year)."""
        if self.type is PeriodType.YTD:
            return f"{self.index} tháng đầu năm {self.year}"
        if self.type is PeriodType.HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.type is PeriodType.QUARTER:
            return f"Quý {_ROMAN[self.index - 1]}/{self.year}"
        if self.type is PeriodType.MONTH:
            return f"Tháng {self.index}/{self.year}"
        return f"Năm {self.year}"

    @property
    def label_en(self) -> str:
        """English label: "2024", "H1 2025", "Q2 2025", "June 2025", "January–September 2024"."""
        if self.type is PeriodType.YTD:
            last = _MONTHS_EN[self.index - 1]
            return f"January {self.year} (year to date)" if self.index == 1 else f"January–{last} {self.year}"
        if self.type is PeriodType.HALF:
            return f"H{self.index} {self.year}"
        if self.type is PeriodType.QUARTER:
            return f"Q{self.index} {self.year}"
        if self.type is PeriodType.MONTH:
            return f"{_MONTHS_EN[self.index - 1]} {self.year}"
        return str(self.year)

    def previous(self) -> Period:
        """The period of the same type just before this one (2025Q1 → 2024Q4); of a year to date, the same
        months a year before (2025M1-9 → 2024M1-9: «cùng kỳ năm trước»)."""
        return self._shift(-1)

    def next(self) -> Period:
        """The period of the same type just after this one (2024Q4 → 2025Q1; 2024M1-9 → 2025M1-9)."""
        return self._shift(1)

    def _shift(self, steps: int) -> Period:
        if not self.type.fixed:
            return Period(self.type, self.year + steps, self.index)
        year, position = divmod(self.year * self.type.per_year + self.index - 1 + steps, self.type.per_year)
        return Period.parse(Period._code_of(self.type, year, position + 1))

    @staticmethod
    def _code_of(kind: PeriodType, year: int, index: int) -> str:
        suffix = {PeriodType.YEAR: "", PeriodType.HALF: f"S{index}", PeriodType.QUARTER: f"Q{index}",
                  PeriodType.MONTH: f"-{index:02d}", PeriodType.YTD: f"M1-{index}"}[kind]
        return f"{year}{suffix}"

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies wholly inside this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        return self.code


def _month_span(kind: PeriodType, index: int) -> tuple[int, int]:
    """The first and last month of the period of ``kind`` numbered ``index``."""
    if not kind.fixed:
        return 1, index
    return (index - 1) * kind.months + 1, index * kind.months


def _hint(text: str) -> str:
    if re.fullmatch(r"\d{4}[Hh]\d", text):
        return "; nửa năm viết là S1, S2 (ví dụ 2025S1)"
    if re.fullmatch(r"\d{4}[Mm]\d{1,2}-\d{1,2}", text):
        return "; kỳ lũy kế luôn tính từ tháng 1 (ví dụ 2024M1-9)"
    return ""


def years_between(a: Period, b: Period) -> float:
    """Years from the end of ``a`` to the end of ``b`` (days / 365.25); negative if ``b`` ends first.

    Used for growth rates between periods of different types, e.g. 2024 → 2025S1 is about 0.5.
    """
    return (b.end - a.end).days / 365.25


MAX_PERIODS = 240  # twenty years of months: more than any report or computation asks, few enough to list


class TooManyPeriods(InputError):
    """A spec naming more periods than a command, a page or the API lists at once."""

    def __init__(self, spec: str, count: int, most: int) -> None:
        super().__init__(f"«{spec}» gồm {_dotted(count)} kỳ, nhiều hơn {_dotted(most)} kỳ mỗi lần",
                         expected=f"tối đa {_dotted(most)} kỳ, ví dụ 2021:2025 hoặc 2024-01:2025-12")
        self.count, self.most = count, most


def period_range(spec: str, most: int = MAX_PERIODS) -> list[Period]:
    """Periods named by a CLI spec, sorted and without duplicates; TooManyPeriods beyond ``most``, counted from
    the bounds before any is listed (1000-01:9999-12 would be 108.000 months).

    A spec is a code (``2025Q2``), an inclusive range of one type (``2021:2025``, ``2024Q1:2024Q4``)
    or a comma list of codes and ranges (``2021,2023,2025S1``); types may mix only across commas.
    """
    parts = spec.split(",")
    if not spec.strip() or any(not part.strip() for part in parts):
        raise InputError(f"Danh sách kỳ «{spec}» có phần trống", expected=EXPECTED_RANGE)
    count = period_count(spec)
    if count > most:
        raise TooManyPeriods(spec.strip(), count, most)
    return sorted({period for part in parts for period in _one_range(part.strip())})


def period_count(spec: str) -> int:
    """How many periods a spec names (a period listed twice counted twice), without listing them; a part that
    cannot be read counts 0, for period_range to say what is wrong with it."""
    return sum(_span(part) for part in spec.split(","))


def _span(part: str) -> int:
    bounds = [bound.strip() for bound in part.split(":")]
    try:
        first, last = Period.parse(bounds[0]), Period.parse(bounds[-1])
    except InputError:
        return 0
    if len(bounds) > 2 or first.type is not last.type:
        return 0
    if not first.type.fixed:  # years to date step by year, each to the same month
        return max(0, last.year - first.year + 1) if first.index == last.index else 0
    return max(0, (last.year - first.year) * first.type.per_year + last.index - first.index + 1)


def _dotted(count: int) -> str:
    from chiso.values.numbers import format_decimal  # late: the values package builds on periods

    return format_decimal(Decimal(count))


def _one_range(part: str) -> list[Period]:
    """The periods of one comma-separated part: a single code or ``first:last``."""
    bounds = part.split(":")
    if len(bounds) == 1:
        return [Period.parse(part)]
    if len(bounds) != 2 or not all(b.strip() for b in bounds):
        raise InputError(f"Khoảng kỳ «{part}» không hợp lệ", expected=EXPECTED_RANGE)
    first, last = Period.parse(bounds[0]), Period.parse(bounds[1])
    _check_range(part, first, last)
    periods = [first]
    while periods[-1] != last:
        periods.append(periods[-1].next())
    return periods


def _check_range(part: str, first: Period, last: Period) -> None:
    if first.type is not last.type:
        raise InputError(
            f"Khoảng kỳ «{part}» trộn hai loại kỳ ({first.type.noun} và {last.type.noun}); "
            "hai đầu khoảng phải cùng loại",
            expected=EXPECTED_RANGE,
        )
    if first.type is PeriodType.YTD and first.index != last.index:
        raise InputError(
            f"Khoảng kỳ «{part}» có hai đầu lũy kế đến hai tháng khác nhau; khoảng kỳ lũy kế đi theo năm, "
            "cùng một tháng (ví dụ 2021M1-9:2024M1-9)",
            expected=EXPECTED_RANGE,
        )
    if last < first:
        raise InputError(f"Khoảng kỳ «{part}» có kỳ đầu sau kỳ cuối", expected=EXPECTED_RANGE)
