"""chiso check: findings derived from a framework's formulas, relations, rules, types and time series."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.checks import CheckContext, CheckSettings, Finding, register, run_checks, unregister, validators
from chiso.errors import InputError
from chiso.values.model import Value

DATA = Path(__file__).parent / "data"

# A slice of Phụ lục VIII of Đắk Lắk (src/chiso/data/frameworks/cqs.yaml), with its relations and rule.
DVC = """
code: dvc
title: "Dịch vụ công trực tuyến"
indicators:
  - {code: "5", name: "Cung cấp dịch vụ công trực tuyến", type: heading}
  - {code: "5.1", name: "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình", type: percent,
     decimals: 2, formula: "{5.1.2} / {5.1.1} * 100"}
  - {code: "5.1.1", name: "Tổng số TTHC cung cấp dịch vụ công trực tuyến", type: count}
  - {code: "5.1.2", name: "Số TTHC đang cung cấp trực tuyến toàn trình", type: count}
  - {code: "5.2.2", name: "Số TTHC cung cấp dịch vụ công trực tuyến một phần", type: count}
  - {code: "5.3.1", name: "Tổng số TTHC đang cung cấp dịch vụ công trực tuyến toàn trình, một phần",
     type: count}
  - {code: "5.4.1", name: "Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)", type: count}
  - {code: "5.5", name: "Tỷ lệ TTHC được tích hợp, triển khai thanh toán trực tuyến", type: percent,
     decimals: 2, formula: "{5.5.2} / {5.5.1} * 100"}
  - {code: "5.5.1", name: "Tổng số TTHC có yêu cầu nghĩa vụ tài chính", type: count}
  - {code: "5.5.2", name: "Số TTHC đã được triển khai thanh toán trực tuyến", type: count}
  - {code: "6", name: "Số hóa hồ sơ", type: heading}
  - {code: "6.1", name: "Tỷ lệ hồ sơ TTHC số hóa hồ sơ, kết quả giải quyết TTHC", type: percent}
relations:
  - {kind: part_of, part: "5.1.2", whole: "5.1.1"}
  - {kind: part_of, part: "5.3.1", whole: "5.1.1"}
  - {kind: part_of, part: "5.5.2", whole: "5.5.1"}
  - {kind: sum, total: "5.3.1", parts: ["5.1.2", "5.2.2"]}
rules:
  - id: full_plus_partial_within_total
    check: "{5.1.2} + {5.2.2} <= {5.1.1}"
    message: >-
      Số TTHC trực tuyến toàn trình cộng số TTHC trực tuyến một phần không được vượt quá tổng số TTHC.
    indicator: "5.1.1"
"""

# A small framework for the checks one at a time.
SMALL = """
code: t
title: "Thử"
indicators:
  - {code: "1", name: "Nhóm", type: heading}
  - {code: "1.1", name: "Tỷ lệ", type: percent, decimals: 2, formula: "{1.1.2} / {1.1.1} * 100"}
  - {code: "1.1.1", name: "Tổng", type: count}
  - {code: "1.1.2", name: "Phần", type: count}
  - {code: "2", name: "Tỷ lệ khác", type: percent}
  - {code: "3", name: "Tài khoản trên 100 dân", type: percent, may_exceed_100: true}
  - {code: "4", name: "Số lượng", type: number}
  - {code: "5", name: "Trái", type: count}
  - {code: "6", name: "Phải", type: count}
relations:
  - {kind: part_of, part: "1.1.2", whole: "1.1.1"}
  - {kind: equal, left: "5", right: "6"}
rules:
  - {id: few, check: "{4} < 1000", severity: warning, message: "Số lượng phải dưới 1.000", indicator: "4"}
"""


def values(rows: Iterable[tuple[str, str, str]], unit: str = "u", framework: str = "t") -> list[Value]:
    """Values from (indicator, period, value) rows of one unit."""
    return [Value(framework, code, unit, period, text) for code, period, text in rows]


def read_csv(name: str) -> Iterator[Value]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Value(row["framework"], row["indicator"], row["unit"], row["period"], row["value"],
                        note=row["note"], source=row["source"])


def summary(findings: Iterable[Finding]) -> list[tuple[str, str, str, str | None, str | None]]:
    return [(f.rule, f.indicator, f.period, f.expected, f.reported) for f in findings]


@pytest.fixture(scope="module")
def dvc() -> Framework:
    return load_framework(DVC)


@pytest.fixture(scope="module")
def small() -> Framework:
    return load_framework(SMALL)


# --- The Đắk Lắk pair ---------------------------------------------------------------------------------------


def test_clean_rates_have_no_findings(dvc: Framework) -> None:
    assert run_checks(dvc, read_csv("rates.csv")) == []


# Errors first, then catalogue order (5.1.1 < 5.2.2 < 5.3.1 < 5.5 < 6.1), then period.
PROBLEMS = [
    ("rule:full_plus_partial_within_total", "5.1.1", "2024", None, None),  # 980 + 640 > 1580
    ("value_type", "5.2.2", "2023", None, "abc"),
    ("sum", "5.3.1", "2021", "1168", "1543"),  # 712 + 456
    ("formula", "5.5", "2022", "19.12", "19.3"),  # 48 / 251 * 100 = 19,1235…
    ("percent_range", "6.1", "2024", "<=100", "101.9"),
    ("jump", "5.4.1", "2024", "817352", "1247855"),  # +52,7%; 2024 → 2025S1 is not compared
]


def test_rates_with_problems_give_exactly_these_findings(dvc: Framework) -> None:
    findings = run_checks(dvc, read_csv("rates-with-problems.csv"))
    assert summary(findings) == PROBLEMS
    assert [f.severity for f in findings] == ["error"] * 5 + ["warning"]
    assert {(f.framework, f.unit) for f in findings} == {("dvc", "daklak")}


def test_messages_write_numbers_the_vietnamese_way(dvc: Framework) -> None:
    messages = {f.rule: f.message for f in run_checks(dvc, read_csv("rates-with-problems.csv"))}
    assert messages["jump"] == ("Chỉ tiêu 5.4.1 tăng từ 817.352 (Năm 2023) lên 1.247.855 (Năm 2024), "
                                "thay đổi 52,7%, vượt ngưỡng 50%; cần kiểm tra lại số liệu")
    assert messages["formula"] == ("Chỉ tiêu 5.5 ghi 19,3 nhưng tính lại theo công thức "
                                   "{5.5.2} / {5.5.1} * 100 từ số liệu cùng kỳ được 19,12")
    assert messages["sum"] == ("Chỉ tiêu 5.3.1 ghi 1.543, khác tổng các chỉ tiêu thành phần: "
                               "5.1.2 + 5.2.2 = 712 + 456 = 1.168")
    assert messages["rule:full_plus_partial_within_total"].startswith("Số TTHC trực tuyến toàn trình")
    assert "101,9%" in messages["percent_range"]


def test_finding_to_dict_has_exactly_the_report_keys(dvc: Framework) -> None:
    finding = run_checks(dvc, read_csv("rates-with-problems.csv"), kinds=["formula"])[0]
    assert finding.to_dict() == {
        "rule": "formula", "severity": "error", "framework": "dvc", "indicator": "5.5", "unit": "daklak",
        "period": "2022", "message": finding.message, "expected": "19.12", "reported": "19.3",
    }


# --- formula ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("part", "total", "reported", "expected"), [
    ("712", "1543", "46.14", None),
    ("655", "1674", "39.13", None),
    ("664", "1600", "41.5", None),  # one decimal written: 41,5 stands for 41,45–41,55
    ("664", "1600", "41.50", None),
    ("664", "1600", "41.6", "41.50"),
    ("664", "1600", "41.54", "41.50"),  # two decimals written: must be within 0,005
    ("712", "1543", "46.15", "46.14"),
    ("712", "1543", "46", None),  # no decimals written: 46 stands for 45,5–46,5
    ("712", "1543", "47", "46.14"),
    ("712", "1543", ">40", None),  # a bound is checked as a bound
    ("712", "1543", ">=46.15", "46.14"),
    ("712", "1543", "<40", "46.14"),
])
def test_a_derived_value_must_match_its_formula(small: Framework, part: str, total: str, reported: str,
                                                expected: str | None) -> None:
    rows = [("1.1.1", "2024", total), ("1.1.2", "2024", part), ("1.1", "2024", reported)]
    found = run_checks(small, values(rows), kinds=["formula"])
    assert summary(found) == ([] if expected is None else [("formula", "1.1", "2024", expected, reported)])


@pytest.mark.parametrize("rows", [
    [("1.1.2", "2024", "48"), ("1.1", "2024", "99")],  # 1.1.1 missing: missing is never zero
    [("1.1.1", "2024", "0"), ("1.1.2", "2024", "0"), ("1.1", "2024", "99")],  # division by zero
    [("1.1.1", "2024", ">250"), ("1.1.2", "2024", "48"), ("1.1", "2024", "99")],  # input only bounded
    [("1.1.1", "2023", "251"), ("1.1.2", "2024", "48"), ("1.1", "2024", "99")],  # another period's input
])
def test_a_formula_is_not_checked_without_all_its_inputs(small: Framework,
                                                         rows: list[tuple[str, str, str]]) -> None:
    assert run_checks(small, values(rows), kinds=["formula"]) == []


# --- relations and ranges ---------------------------------------------------------------------------------


def test_a_part_larger_than_its_whole_is_an_error(small: Framework) -> None:
    rows = [("1.1.1", "2024", "251"), ("1.1.2", "2024", "252"), ("1.1.1", "2023", "251"),
            ("1.1.2", "2023", "251")]
    found = run_checks(small, values(rows), kinds=["part_of"])
    assert summary(found) == [("part_of", "1.1.2", "2024", "<=251", "252")]
    assert found[0].message == "Chỉ tiêu 1.1.2 ghi 252, lớn hơn chỉ tiêu 1.1.1 (251) mà nó là một phần"


def test_equal_indicators_must_be_equal(small: Framework) -> None:
    rows = [("5", "2024", "1674"), ("6", "2024", "1600"), ("5", "2023", "7"), ("6", "2023", "7")]
    found = run_checks(small, values(rows), kinds=["equal"])
    assert summary(found) == [("equal", "5", "2024", "1600", "1674")]


@pytest.mark.parametrize(("code", "text", "expected"), [
    ("2", "101.9", "<=100"),
    ("2", "-0.5", ">=0"),
    ("2", ">100", "<=100"),
    ("2", ">=100", None),
    ("2", "<=0", None),
    ("2", "<0", ">=0"),
    ("2", "100", None),
    ("2", "0", None),
    ("3", "125.4", None),  # may_exceed_100
])
def test_a_percent_lies_between_0_and_100(small: Framework, code: str, text: str,
                                          expected: str | None) -> None:
    found = run_checks(small, values([(code, "2024", text)]), kinds=["percent_range"])
    assert summary(found) == ([] if expected is None else [("percent_range", code, "2024", expected, text)])


# --- value_type -------------------------------------------------------------------------------------------


def test_values_that_do_not_read_as_their_type_are_errors(small: Framework) -> None:
    rows = [("1.1.1", "2024", "abc"), ("1.1.1", "2023", "12.5"), ("1", "2024", "5"), ("9.9", "2024", "5"),
            ("1.1.2", "2024", "48")]
    found = run_checks(small, values(rows), kinds=["value_type"])
    assert summary(found) == [
        ("value_type", "1", "2024", None, "5"),
        ("value_type", "1.1.1", "2023", None, "12.5"),
        ("value_type", "1.1.1", "2024", None, "abc"),
        ("value_type", "9.9", "2024", None, "5"),  # unknown codes come after the catalogue
    ]
    messages = [f.message for f in found]
    assert "dòng tiêu đề nhóm" in messages[0]
    assert "«12.5» không phải là số đếm" in messages[1]
    assert "«abc» không phải là số hợp lệ" in messages[2]
    assert messages[3] == "Mã chỉ tiêu 9.9 không có trong bộ chỉ tiêu t"


def test_a_value_with_a_bad_period_code_is_an_error(small: Framework) -> None:
    found = run_checks(small, values([("2", "2025H1", "50"), ("2", "2025s1", "50")]), kinds=["value_type"])
    assert summary(found) == [("value_type", "2", "2025H1", None, "50")]
    assert "nửa năm viết là S1, S2" in found[0].message


def test_values_of_other_frameworks_are_not_checked(small: Framework) -> None:
    assert run_checks(small, values([("9.9", "2024", "abc")], framework="cqs")) == []


# --- jump -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "before", "after", "warned"), [
    ("1.1.1", "817352", "1247855", True),
    ("1.1.1", "100", "151", True),
    ("1.1.1", "100", "150", False),  # exactly 50% is not more than 50%
    ("1.1.1", "1000", "400", True),  # falls count too
    ("1.1.1", "50", "120", False),  # below jump_min_base
    ("4", "200.5", "320", True),
    ("2", "40", "70.5", True),  # percent: points, not share
    ("2", "40", "70", False),
    ("2", "5", "9", False),  # +80% of the value, but only 4 points
])
def test_a_large_change_between_consecutive_periods_is_a_warning(small: Framework, code: str, before: str,
                                                                 after: str, warned: bool) -> None:
    found = run_checks(small, values([(code, "2023", before), (code, "2024", after)]), kinds=["jump"])
    assert summary(found) == ([("jump", code, "2024", before, after)] if warned else [])
    assert all(f.severity == "warning" for f in found)


@pytest.mark.parametrize(("before", "after", "warned"), [
    (("2024", "1000"), ("2025S1", "400"), False),  # a year and a half-year are not comparable
    (("2024S2", "1000"), ("2025S1", "400"), True),
    (("2024Q4", "1000"), ("2025Q1", "400"), True),
    (("2024Q3", "1000"), ("2025Q1", "400"), False),  # not consecutive
    (("2024-12", "1000"), ("2025-01", "400"), True),
])
def test_only_consecutive_periods_of_one_type_are_compared(small: Framework, before: tuple[str, str],
                                                           after: tuple[str, str], warned: bool) -> None:
    found = run_checks(small, values([("1.1.1", *before), ("1.1.1", *after)]), kinds=["jump"])
    assert summary(found) == ([("jump", "1.1.1", after[0], "1000", "400")] if warned else [])


def test_jump_thresholds_come_from_the_framework_settings() -> None:
    tight = load_framework(SMALL.replace('title: "Thử"', 'title: "Thử"\nsettings:\n  checks:\n'
                                         '    jump_relative: 0.1\n    jump_points: 5\n    jump_min_base: 10'))
    rows = [("1.1.1", "2023", "50"), ("1.1.1", "2024", "56"), ("2", "2023", "40"), ("2", "2024", "45.5")]
    found = run_checks(tight, values(rows), kinds=["jump"])
    assert summary(found) == [("jump", "1.1.1", "2024", "50", "56"), ("jump", "2", "2024", "40", "45.5")]
    assert "vượt ngưỡng 5 điểm phần trăm" in found[1].message
    assert CheckContext.build(tight, []).settings == CheckSettings(Decimal("0.1"), Decimal(5), Decimal(10))


def test_jump_thresholds_default_to_half_30_points_and_a_base_of_100(small: Framework) -> None:
    assert CheckContext.build(small, []).settings == CheckSettings(Decimal("0.5"), Decimal(30), Decimal(100))


# --- custom rules -----------------------------------------------------------------------------------------


def test_a_custom_rule_is_checked_where_all_its_references_are_present(small: Framework) -> None:
    rows = [("4", "2023", "999"), ("4", "2024", "1000"), ("4", "2025", "1500")]
    found = run_checks(small, values(rows), kinds=["rule"])
    assert [(f.rule, f.severity, f.indicator, f.period, f.message) for f in found] == [
        ("rule:few", "warning", "4", "2024", "Số lượng phải dưới 1.000"),
        ("rule:few", "warning", "4", "2025", "Số lượng phải dưới 1.000"),
    ]


# --- running: filters and order ---------------------------------------------------------------------------


def test_filters_restrict_the_findings_not_the_values_read(dvc: Framework) -> None:
    rows = list(read_csv("rates-with-problems.csv"))
    other = values([("5.4.1", "2023", "100000"), ("5.4.1", "2024", "300000")], unit="buon-ma-thuot",
                   framework="dvc")
    found = run_checks(dvc, rows + other, period="2024", kinds=["jump"])
    assert [(f.unit, f.expected, f.reported) for f in found] == [
        ("buon-ma-thuot", "100000", "300000"),
        ("daklak", "817352", "1247855"),  # 2023 is read although only 2024 is asked for
    ]
    found = run_checks(dvc, rows + other, unit="buon-ma-thuot")
    assert [(f.rule, f.unit) for f in found] == [("jump", "buon-ma-thuot")]
    assert [f.rule for f in run_checks(dvc, rows, period="2021")] == ["sum"]
    assert [f.rule for f in run_checks(dvc, rows, kinds=["sum", "formula"])] == ["sum", "formula"]


def test_an_unknown_kind_is_an_input_error(dvc: Framework) -> None:
    with pytest.raises(InputError, match="không có loại kiểm tra nonsense"):
        run_checks(dvc, [], kinds=["nonsense"])


def test_errors_come_before_warnings_then_catalogue_order_unit_and_period(small: Framework) -> None:
    rows = [("4", "2024", "2000"), ("4", "2023", "1000")]  # a rule warning and a jump warning
    rows += [("2", "2024", "120"), ("2", "2023", "130"), ("1.1.2", "2023", "x")]
    found = run_checks(small, values(rows, unit="b") + values([("2", "2024", "150")], unit="a"))
    assert [(f.severity, f.indicator, f.unit, f.period, f.rule) for f in found] == [
        ("error", "1.1.2", "b", "2023", "value_type"),
        ("error", "2", "a", "2024", "percent_range"),
        ("error", "2", "b", "2023", "percent_range"),
        ("error", "2", "b", "2024", "percent_range"),
        ("warning", "4", "b", "2023", "rule:few"),
        ("warning", "4", "b", "2024", "rule:few"),
        ("warning", "4", "b", "2024", "jump"),
    ]


# --- the registry -----------------------------------------------------------------------------------------


def test_built_in_validators_are_registered_in_the_same_registry() -> None:
    assert [v.kind for v in validators()][:8] == [
        "value_type", "formula", "sum", "part_of", "equal", "percent_range", "rule", "jump"]
    assert all(v.label for v in validators())


@pytest.fixture
def custom_kind() -> Iterator[str]:
    @register("negative", "Số âm")
    def negative(ctx: CheckContext) -> Iterator[Finding]:
        for key, reading in ctx.readings.items():
            if isinstance(reading, Decimal) and reading < 0:
                yield ctx.finding("negative", "warning", key, f"Chỉ tiêu {key[0]} âm")

    yield "negative"
    unregister("negative")


def test_a_registered_validator_kind_runs(small: Framework, custom_kind: str) -> None:
    rows = values([("4", "2024", "-3"), ("4", "2023", "-2")])
    assert custom_kind in [v.kind for v in validators()]
    assert summary(run_checks(small, rows)) == [("negative", "4", "2023", None, None),
                                                ("negative", "4", "2024", None, None)]
    assert run_checks(small, rows, kinds=["jump"]) == []
    with pytest.raises(ValueError, match="already registered"):
        register(custom_kind, "Lần nữa")(lambda ctx: [])


def test_an_unregistered_kind_no_longer_runs(small: Framework, custom_kind: str) -> None:
    unregister(custom_kind)
    assert run_checks(small, values([("4", "2024", "-3")])) == []
