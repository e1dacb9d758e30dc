"""Exact numbers in Vietnamese and English notation: parsing, formatting, places."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.errors import InputError
from chiso.values.numbers import (
    babel_format_decimal,
    canonical,
    decimals_of,
    format_decimal,
    format_percent,
    parse_decimal,
)

# Every figure style of the Đắk Lắk report: written (vi), exact value, English rendering.
REPORT_FIGURES = [
    ("1.247.855", Decimal("1247855"), "1,247,855"),
    ("817.352", Decimal("817352"), "817,352"),
    ("46,14", Decimal("46.14"), "46.14"),
    ("41,5", Decimal("41.5"), "41.5"),
    ("99,20", Decimal("99.20"), "99.20"),
    ("0,64", Decimal("0.64"), "0.64"),
    ("1.543", Decimal("1543"), "1,543"),
    ("100", Decimal("100"), "100"),
    ("0", Decimal("0"), "0"),
]


@pytest.mark.parametrize(("written", "value", "english"), REPORT_FIGURES)
def test_report_figures_parse_exactly_and_round_trip(written: str, value: Decimal, english: str) -> None:
    parsed = parse_decimal(written, "vi")
    assert parsed == value
    assert parsed.as_tuple() == value.as_tuple()  # same places, not just the same number
    assert format_decimal(parsed, "vi") == written
    assert format_decimal(parsed, "en") == english
    assert parse_decimal(english, "en").as_tuple() == value.as_tuple()


@pytest.mark.parametrize(
    ("written", "locale", "value"),
    [
        ("1247855", "en", "1247855"),
        ("1,247,855", "en", "1247855"),
        ("46.14", "en", "46.14"),
        ("-0.5", "en", "-0.5"),
        ("-3", "c", "-3"),
        ("1247855", "vi", "1247855"),
        ("-1.247.855,50", "vi", "-1247855.50"),
        ("-0,5", "vi", "-0.5"),
        ("0,00", "vi", "0.00"),
        ("-0,00", "vi", "0.00"),
        ("  46,14\u00a0", "vi", "46.14"),
        ("\u00a01.000\u202f", "vi_VN", "1000"),
        ("\u22123", "vi", "-3"),
        ("007", "en", "7"),
    ],
)
def test_parse_decimal_accepts(written: str, locale: str, value: str) -> None:
    parsed = parse_decimal(written, locale)
    assert isinstance(parsed, Decimal)
    assert canonical(parsed) == value


@pytest.mark.parametrize(
    ("written", "locale", "value"),
    [("46,14%", "vi", "46.14"), ("46,14 %", "vi", "46.14"), ("99.20%", "en", "99.20"), ("100", "vi", "100")],
)
def test_percent_sign_only_when_allowed(written: str, locale: str, value: str) -> None:
    assert canonical(parse_decimal(written, locale, allow_percent=True)) == value


def test_percent_sign_is_an_error_by_default() -> None:
    with pytest.raises(InputError, match="%"):
        parse_decimal("46,14%", "vi")


@pytest.mark.parametrize(
    ("written", "locale", "reason"),
    [
        ("12,34,5", "vi", "xuất hiện nhiều lần"),
        ("12,34,5", "en", "đúng 3 chữ số"),
        ("1.5", "vi", "dấu thập phân là dấu phẩy"),
        ("46.14", "vi", "dấu thập phân là dấu phẩy"),
        ("0.640", "vi", "dấu thập phân là dấu phẩy"),
        ("1.2345", "vi", "đúng 3 chữ số"),
        ("1,5", "en", "dấu thập phân là dấu chấm"),
        ("abc", "vi", "chỉ được có chữ số"),
        ("abc", "en", "chỉ được có chữ số"),
        ("", "vi", "trống"),
        ("   ", "en", "trống"),
        ("\u00a0", "vi", "trống"),
        ("%", "vi", "%"),
        ("1..2", "vi", "dấu thập phân là dấu phẩy"),
        ("1..2", "en", "xuất hiện nhiều lần"),
        ("--3", "vi", "một dấu trừ"),
        ("3-", "en", "một dấu trừ"),
        ("1 000", "vi", "chỉ được có chữ số"),
        (",5", "vi", "dấu phẩy"),
        ("5,", "vi", "dấu phẩy"),
        ("1e3", "en", "chỉ được có chữ số"),
        ("NaN", "en", "chỉ được có chữ số"),
    ],
)
def test_bad_numbers_are_input_errors(written: str, locale: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_decimal(written, locale)
    assert reason in caught.value.message
    assert caught.value.expected is not None and "46" in caught.value.expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("vi", "số, ví dụ 1.247.855 hoặc 46,14"), ("en", "số, ví dụ 1247855, 1,247,855 hoặc 46.14")],
)
def test_errors_name_the_expected_notation(locale: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_decimal("abc", locale)
    assert caught.value.expected == expected


def test_unknown_locale_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="locale"):
        parse_decimal("1", "fr")


@pytest.mark.parametrize(
    ("value", "locale", "decimals", "text"),
    [
        ("1247855", "vi", None, "1.247.855"),
        ("1247855", "en", None, "1,247,855"),
        ("99.2", "vi", 2, "99,20"),
        ("99.20", "vi", None, "99,20"),
        ("46.14", "vi", 1, "46,1"),
        ("0.645", "vi", 2, "0,65"),
        ("0.125", "en", 2, "0.13"),
        ("2.5", "vi", 0, "3"),
        ("-1247855.5", "vi", None, "-1.247.855,5"),
        ("-1247855.5", "en", None, "-1,247,855.5"),
        ("-0.001", "vi", 2, "0,00"),
        ("1E+3", "vi", None, "1.000"),
        ("12345678901234567890123456789.5", "vi", 3, "12.345.678.901.234.567.890.123.456.789,500"),
        ("0.1234567890123456789012345678901", "en", None, "0.1234567890123456789012345678901"),
    ],
)
def test_format_decimal(value: str, locale: str, decimals: int | None, text: str) -> None:
    assert format_decimal(Decimal(value), locale, decimals) == text


@pytest.mark.parametrize(
    ("value", "locale", "decimals", "text"),
    [("46.14", "vi", None, "46,14%"), ("99.2", "vi", 2, "99,20%"), ("46.14", "en", None, "46.14%"),
     ("100", "vi", None, "100%")],
)
def test_format_percent(value: str, locale: str, decimals: int | None, text: str) -> None:
    assert format_percent(Decimal(value), locale, decimals) == text


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity")])
def test_formatting_non_finite_values_is_an_error(bad: Decimal) -> None:
    with pytest.raises(ValueError, match="finite"):
        format_decimal(bad)


@pytest.mark.parametrize(
    ("value", "places"), [("41.5", 1), ("100", 0), ("99.20", 2), ("1E+3", 0), ("0.000", 3), ("-2.50", 2)]
)
def test_decimals_of(value: str, places: int) -> None:
    assert decimals_of(Decimal(value)) == places


@pytest.mark.parametrize(
    ("value", "text"),
    [("1E+3", "1000"), ("99.20", "99.20"), ("1.5E-7", "0.00000015"), ("-12", "-12"), ("0.0", "0.0")],
)
def test_canonical(value: str, text: str) -> None:
    assert canonical(Decimal(value)) == text


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**15, max_value=10**15, places=6),
       st.sampled_from(["vi", "en"]), st.one_of(st.none(), st.integers(min_value=0, max_value=6)))
def test_format_decimal_writes_what_babel_writes(value: Decimal, locale: str, decimals: int | None) -> None:
    assert format_decimal(value, locale, decimals) == babel_format_decimal(value, locale, decimals)
