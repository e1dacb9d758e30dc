"""Years to date (lũy kế từ đầu năm): months 1 to n of a year, written 2024M1-9, «9 tháng đầu năm 2024»."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from chiso.errors import InputError
from chiso.periods import Period, PeriodType, period_count, period_from_label, period_range, years_between
from chiso.periods.period import EXPECTED_CODE

# code, index, end, months, label, label_en
YEARS_TO_DATE = [
    ("2024M1-1", 1, "2024-01-31", 1, "1 tháng đầu năm 2024", "January 2024 (year to date)"),
    ("2024M1-2", 2, "2024-02-29", 2, "2 tháng đầu năm 2024", "January–February 2024"),
    ("2025M1-2", 2, "2025-02-28", 2, "2 tháng đầu năm 2025", "January–February 2025"),
    ("2024M1-6", 6, "2024-06-30", 6, "6 tháng đầu năm 2024", "January–June 2024"),
    ("2024M1-9", 9, "2024-09-30", 9, "9 tháng đầu năm 2024", "January–September 2024"),
    ("2024M1-11", 11, "2024-11-30", 11, "11 tháng đầu năm 2024", "January–November 2024"),
]


@pytest.mark.parametrize(("code", "index", "end", "months", "label", "label_en"), YEARS_TO_DATE)
def test_a_year_to_date_has_every_property(code: str, index: int, end: str, months: int, label: str,
                                           label_en: str) -> None:
    period = Period.parse(code)
    assert (period.type, period.year, period.index) == (PeriodType.YTD, int(code[:4]), index)
    assert (period.start, period.end, period.months) == (date(period.year, 1, 1), date.fromisoformat(end), months)
    assert (period.label, period.label_en, period.code, str(period)) == (label, label_en, code, code)
    assert Period.year_to(period.year, index) == period


@pytest.mark.parametrize(("written", "code"), [
    ("2024m1-9", "2024M1-9"), ("2024M01-09", "2024M1-9"), (" 2024M1-09 ", "2024M1-9"),
    ("2024M1-12", "2024"),  # months 1 to 12 are the year: one period, one code
    ("2024M01-12", "2024"),
])
def test_codes_are_read_into_their_canonical_form(written: str, code: str) -> None:
    assert Period.parse(written).code == code


def test_six_months_to_date_is_not_the_first_half_year() -> None:
    ytd, half = Period.parse("2024M1-6"), Period.parse("2024S1")
    assert (ytd.start, ytd.end, ytd.label) == (half.start, half.end, half.label)  # the same months and words
    assert ytd != half and ytd.type is not half.type and len({ytd, half}) == 2
    assert Period.parse("2024M1-3") != Period.parse("2024Q1") and Period.parse("2024M1-1") != Period.parse("2024-01")
    assert Period.year_to(2024, 12) == Period.parse("2024")


@pytest.mark.parametrize(("code", "reason"), [
    ("2024M1-13", "tới tháng 11"), ("2024M1-0", "tới tháng 11"), ("2024M3-9", "luôn tính từ tháng 1"),
    ("2024M1", "không hợp lệ"), ("2024M1-", "không hợp lệ"), ("2024YTD9", "không hợp lệ"),
])
def test_bad_year_to_date_codes_say_why(code: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        Period.parse(code)
    assert f"«{code}»" in caught.value.message and reason in caught.value.message
    assert caught.value.expected == EXPECTED_CODE and "2024M1-9" in EXPECTED_CODE


def test_a_year_to_date_of_twelve_months_is_refused_as_a_period_of_its_own() -> None:
    with pytest.raises(InputError, match="viết 2024"):
        Period(PeriodType.YTD, 2024, 12)


def test_order_puts_a_year_to_date_after_the_shorter_periods_and_before_the_year() -> None:
    codes = ["2024", "2024M1-9", "2024Q3", "2024S1", "2024M1-6", "2024-01", "2024M1-1", "2024Q1", "2024M1-3",
             "2023M1-11", "2024-02"]
    assert [p.code for p in sorted(Period.parse(c) for c in codes)] == [
        "2023M1-11", "2024-01", "2024M1-1", "2024Q1", "2024M1-3", "2024S1", "2024M1-6", "2024M1-9", "2024",
        "2024-02", "2024Q3"]


@pytest.mark.parametrize(("outer", "inner", "expected"), [
    ("2024M1-9", "2024-09", True), ("2024M1-9", "2024Q3", True), ("2024M1-9", "2024S1", True),
    ("2024M1-9", "2024M1-6", True), ("2024M1-9", "2024-10", False), ("2024M1-9", "2024S2", False),
    ("2024", "2024M1-11", True), ("2024S1", "2024M1-6", True), ("2024M1-6", "2024S1", True),
    ("2024Q3", "2024M1-9", False), ("2025M1-9", "2024-09", False),
])
def test_contains(outer: str, inner: str, expected: bool) -> None:
    assert Period.parse(outer).contains(Period.parse(inner)) is expected


@pytest.mark.parametrize(("code", "previous", "following"), [
    ("2024M1-9", "2023M1-9", "2025M1-9"),  # «cùng kỳ năm trước»: the same months a year before
    ("2024M1-1", "2023M1-1", "2025M1-1"),
    ("2024M1-11", "2023M1-11", "2025M1-11"),
])
def test_neighbours_of_a_year_to_date_are_the_same_months_of_the_years_around(
        code: str, previous: str, following: str) -> None:
    period = Period.parse(code)
    assert (period.previous().code, period.next().code) == (previous, following)


@pytest.mark.parametrize(("start", "end", "years"), [
    ("2023M1-9", "2024M1-9", 366 / 365.25), ("2024M1-6", "2024S1", 0.0), ("2024M1-9", "2024", 92 / 365.25),
])
def test_years_between(start: str, end: str, years: float) -> None:
    assert years_between(Period.parse(start), Period.parse(end)) == pytest.approx(years)


@pytest.mark.parametrize(("spec", "codes"), [
    ("2021M1-9:2024M1-9", ["2021M1-9", "2022M1-9", "2023M1-9", "2024M1-9"]),
    ("2024M1-3,2024M1-6,2024M1-9,2024", ["2024M1-3", "2024M1-6", "2024M1-9", "2024"]),
    ("2024M1-6,2024S1", ["2024S1", "2024M1-6"]),
    ("2024M1-12:2025M1-12", ["2024", "2025"]),  # read as years
])
def test_ranges(spec: str, codes: list[str]) -> None:
    assert [p.code for p in period_range(spec)] == codes
    assert period_count(spec) == len(codes)


@pytest.mark.parametrize(("spec", "reason"), [
    ("2024M1-3:2024M1-9", "hai tháng khác nhau"), ("2024M1-9:2021M1-9", "kỳ đầu sau kỳ cuối"),
    ("2024M1-9:2025Q3", "cùng loại"),
])
def test_bad_ranges(spec: str, reason: str) -> None:
    assert period_count(spec) == 0
    with pytest.raises(InputError, match=reason):
        period_range(spec)


def test_a_range_of_years_to_date_is_capped_like_any_other() -> None:
    assert period_count("1000M1-9:9999M1-9") == 9_000
    with pytest.raises(InputError, match="9.000 kỳ"):
        period_range("1000M1-9:9999M1-9")


def test_a_year_to_date_has_no_fixed_number_of_months() -> None:
    assert not PeriodType.YTD.fixed and all(t.fixed for t in PeriodType if t is not PeriodType.YTD)
    with pytest.raises(ValueError, match="Period.months"):
        _ = PeriodType.YTD.months
    assert (PeriodType.YTD.per_year, PeriodType.YTD.noun) == (11, "lũy kế từ đầu năm")


# label as a report writes it, code
LABELS = [
    ("9 tháng đầu năm 2024", "2024M1-9"),
    ("Lũy kế đến tháng 9/2024", "2024M1-9"),
    ("Luỹ kế đến tháng 9/2024", "2024M1-9"),
    ("đến tháng 9/2024", "2024M1-9"),
    ("Đến hết tháng 09 năm 2024", "2024M1-9"),
    ("Lũy kế từ đầu năm đến tháng 9/2024", "2024M1-9"),
    ("  LŨY KẾ   ĐẾN THÁNG 9/2024. ", "2024M1-9"),
    ("9 tháng năm 2024", "2024M1-9"),
    ("Lũy kế 6 tháng đầu năm 2025", "2025M1-6"),
    ("Lũy kế đến tháng 6/2025", "2025M1-6"),  # the words of a cumulation: a year to date
    ("6 tháng đầu năm 2025", "2025S1"),  # the words of the half-year: the half-year
    ("6 tháng cuối năm 2025", "2025S2"),
    ("1 tháng đầu năm 2024", "2024M1-1"),
    ("Lũy kế đến tháng 12/2024", "2024"),
    ("12 tháng năm 2024", "2024"),
    ("Năm 2024", "2024"),
    ("Quý II/2025", "2025Q2"),
    ("Quý 3/2025", "2025Q3"),
    ("Quý IV năm 2025", "2025Q4"),
    ("Tháng 6/2025", "2025-06"),
    ("Tháng 6 năm 2025", "2025-06"),
    ("2024M1-9", "2024M1-9"),
    ("2025s1", "2025S1"),
    (unicodedata.normalize("NFD", "Lũy kế đến tháng 9/2024"), "2024M1-9"),  # as some editors store it
]


@pytest.mark.parametrize(("label", "code"), LABELS)
def test_periods_are_read_from_the_words_of_a_report(label: str, code: str) -> None:
    assert period_from_label(label).code == code


@pytest.mark.parametrize("code", ["2024", "2025S1", "2025S2", "2025Q1", "2025Q4", "2025-01", "2025-12", "2024M1-1",
                                  "2024M1-9", "2024M1-11"])
def test_every_label_reads_back_to_its_period_but_six_months_to_date(code: str) -> None:
    assert period_from_label(Period.parse(code).label).code == code
    assert period_from_label(Period.parse("2024M1-6").label).code == "2024S1"


@pytest.mark.parametrize(("label", "reason"), [
    ("13 tháng đầu năm 2024", "không có tháng 13"), ("đến tháng 0/2024", "không có tháng 0"),
    ("Quý V/2025", "không phải mã hay tên một kỳ"), ("tháng 9", "không phải mã hay tên một kỳ"),
    ("Năm 0999", "1000–9999"),
])
def test_words_that_name_no_period_are_refused(label: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        period_from_label(label)
    assert f"«{label}»" in caught.value.message and reason in caught.value.message
    assert "Lũy kế đến tháng 9/2024" in (caught.value.expected or "")


@pytest.mark.parametrize("option", [["--period-type", "ytd"], ["--periods", "2026M1-9"]])
def test_dossiers_are_not_counted_into_a_year_to_date(option: list[str]) -> None:
    from typer.testing import CliRunner

    from chiso.cli.main import app

    result = CliRunner(env={"COLUMNS": "250"}).invoke(
        app, ["dossiers", "compute", "--procedures", "p.csv", "--dossiers", "d.csv", *option])
    assert result.exit_code != 0 and "số liệu lũy kế từ đầu năm được tính từ các tháng" in result.output


def test_a_chart_axis_writes_nine_months_to_date_short() -> None:
    from chiso.reports.charts import short_label

    assert [short_label(Period.parse(c)) for c in ("2024M1-9", "2024S1", "2024")] == ["9T/2024", "6T/2024", "2024"]
