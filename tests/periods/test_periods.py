"""Reporting periods: parsing, labels, neighbours, date ranges, ordering and CLI ranges."""

from __future__ import annotations

from datetime import date

import pytest

from chiso.errors import InputError
from chiso.periods import Period, PeriodType, period_range, years_between
from chiso.periods.period import EXPECTED_CODE

# code, type, year, index, start, end, label, label_en
PERIODS = [
    ("2024", "year", 2024, 1, "2024-01-01", "2024-12-31", "Năm 2024", "2024"),
    ("2025S1", "half", 2025, 1, "2025-01-01", "2025-06-30", "6 tháng đầu năm 2025", "H1 2025"),
    ("2025S2", "half", 2025, 2, "2025-07-01", "2025-12-31", "6 tháng cuối năm 2025", "H2 2025"),
    ("2025Q1", "quarter", 2025, 1, "2025-01-01", "2025-03-31", "Quý I/2025", "Q1 2025"),
    ("2025Q2", "quarter", 2025, 2, "2025-04-01", "2025-06-30", "Quý II/2025", "Q2 2025"),
    ("2025Q3", "quarter", 2025, 3, "2025-07-01", "2025-09-30", "Quý III/2025", "Q3 2025"),
    ("2025Q4", "quarter", 2025, 4, "2025-10-01", "2025-12-31", "Quý IV/2025", "Q4 2025"),
    ("2025-01", "month", 2025, 1, "2025-01-01", "2025-01-31", "Tháng 1/2025", "January 2025"),
    ("2024-02", "month", 2024, 2, "2024-02-01", "2024-02-29", "Tháng 2/2024", "February 2024"),
    ("2025-02", "month", 2025, 2, "2025-02-01", "2025-02-28", "Tháng 2/2025", "February 2025"),
    ("2025-06", "month", 2025, 6, "2025-06-01", "2025-06-30", "Tháng 6/2025", "June 2025"),
    ("2025-12", "month", 2025, 12, "2025-12-01", "2025-12-31", "Tháng 12/2025", "December 2025"),
]


@pytest.mark.parametrize(("code", "kind", "year", "index", "start", "end", "label", "label_en"), PERIODS)
def test_parse_gives_every_property(
    code: str, kind: str, year: int, index: int, start: str, end: str, label: str, label_en: str
) -> None:
    period = Period.parse(code)
    assert (period.type, period.year, period.index) == (PeriodType(kind), year, index)
    assert (period.start, period.end) == (date.fromisoformat(start), date.fromisoformat(end))
    assert (period.label, period.label_en) == (label, label_en)
    assert period.code == str(period) == code


@pytest.mark.parametrize(
    ("written", "code"),
    [("2025s1", "2025S1"), ("2025q2", "2025Q2"), (" 2025Q2 ", "2025Q2"), ("2024", "2024")],
)
def test_parse_accepts_lowercase_and_surrounding_blanks(written: str, code: str) -> None:
    assert Period.parse(written).code == code


def test_period_type_values() -> None:
    assert [t.value for t in PeriodType] == ["year", "half", "quarter", "month", "ytd"]


@pytest.mark.parametrize(
    ("code", "previous", "following"),
    [
        ("2024", "2023", "2025"),
        ("2025S1", "2024S2", "2025S2"),
        ("2025S2", "2025S1", "2026S1"),
        ("2025Q1", "2024Q4", "2025Q2"),
        ("2025Q4", "2025Q3", "2026Q1"),
        ("2025-01", "2024-12", "2025-02"),
        ("2025-12", "2025-11", "2026-01"),
        ("2025-06", "2025-05", "2025-07"),
    ],
)
def test_previous_and_next_keep_the_type_and_cross_years(code: str, previous: str, following: str) -> None:
    period = Period.parse(code)
    assert period.previous().code == previous
    assert period.next().code == following
    assert period.next().previous() == period


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("2025S3", "S1 hoặc S2"),
        ("2025S0", "S1 hoặc S2"),
        ("2025Q5", "Q1 đến Q4"),
        ("2025Q0", "Q1 đến Q4"),
        ("2025-13", "01 đến 12"),
        ("2025-00", "01 đến 12"),
        ("25", "không hợp lệ"),
        ("2025H1", "S1, S2"),
        ("2025-6", "không hợp lệ"),
        ("2025Q", "không hợp lệ"),
        ("", "không hợp lệ"),
        ("0999", "1000–9999"),
        ("Q2/2025", "không hợp lệ"),
    ],
)
def test_bad_codes_are_input_errors(code: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        Period.parse(code)
    assert f"«{code}»" in caught.value.message
    assert reason in caught.value.message
    assert caught.value.expected == EXPECTED_CODE


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2025", "2025S2", True),
        ("2025", "2025Q3", True),
        ("2025", "2025-12", True),
        ("2025S1", "2025Q2", True),
        ("2025S1", "2025Q3", False),
        ("2025Q2", "2025-06", True),
        ("2025Q2", "2025-07", False),
        ("2025Q2", "2025Q2", True),
        ("2025Q2", "2025", False),
        ("2024", "2025-01", False),
    ],
)
def test_contains_compares_date_ranges(outer: str, inner: str, expected: bool) -> None:
    assert Period.parse(outer).contains(Period.parse(inner)) is expected


def test_order_is_by_start_then_end() -> None:
    codes = ["2025-02", "2025", "2024S2", "2025S1", "2025Q1", "2025-01", "2024Q4"]
    ordered = sorted(Period.parse(code) for code in codes)
    assert [p.code for p in ordered] == ["2024S2", "2024Q4", "2025-01", "2025Q1", "2025S1", "2025", "2025-02"]


def test_periods_are_frozen_values() -> None:
    assert Period.parse("2025q2") == Period(PeriodType.QUARTER, 2025, 2)
    assert len({Period.parse("2025Q2"), Period(PeriodType.QUARTER, 2025, 2)}) == 1
    with pytest.raises(AttributeError):
        Period.parse("2025").year = 2026  # type: ignore[misc]


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        ("2024", "2025", 365 / 365.25),
        ("2021", "2025", 1461 / 365.25),
        ("2024", "2025S1", 181 / 365.25),
        ("2025", "2024", -365 / 365.25),
        ("2025Q2", "2025S1", 0.0),
    ],
)
def test_years_between_uses_end_dates(start: str, end: str, years: float) -> None:
    assert years_between(Period.parse(start), Period.parse(end)) == pytest.approx(years)


@pytest.mark.parametrize(
    ("spec", "codes"),
    [
        ("2021:2025", ["2021", "2022", "2023", "2024", "2025"]),
        ("2024Q1:2024Q4", ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]),
        ("2024Q3:2025Q2", ["2024Q3", "2024Q4", "2025Q1", "2025Q2"]),
        ("2024-11:2025-02", ["2024-11", "2024-12", "2025-01", "2025-02"]),
        ("2024S2:2025S2", ["2024S2", "2025S1", "2025S2"]),
        ("2025q2", ["2025Q2"]),
        ("2025:2025", ["2025"]),
        ("2021,2023,2025S1", ["2021", "2023", "2025S1"]),
        ("2025S1, 2021 ,2023", ["2021", "2023", "2025S1"]),
        ("2021:2022,2025Q1", ["2021", "2022", "2025Q1"]),
        ("2023,2023", ["2023"]),
    ],
)
def test_period_range(spec: str, codes: list[str]) -> None:
    assert [p.code for p in period_range(spec)] == codes


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("2021:2025Q1", "cùng loại"),
        ("2025:2021", "kỳ đầu sau kỳ cuối"),
        ("2024Q4:2024Q1", "kỳ đầu sau kỳ cuối"),
        ("2021:", "không hợp lệ"),
        ("2021:2022:2023", "không hợp lệ"),
        ("2021,,2023", "phần trống"),
        ("", "phần trống"),
        ("2021,2025Q5", "Q1 đến Q4"),
    ],
)
def test_bad_ranges_are_input_errors(spec: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        period_range(spec)
