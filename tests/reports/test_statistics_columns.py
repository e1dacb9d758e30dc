"""The statistics table: each column is one period for every row, or a declared column with its footnote."""

from __future__ import annotations

import pytest

from chiso.catalog.loader import load_framework
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period, period_range
from chiso.reports import Report, ReportData, ReportOptions, build_report
from chiso.reports.build import report_for
from chiso.values.model import Value
from chiso.view import MemorySource

FRAMEWORK = """
code: tk
title: "Thống kê thử"
appendix: "Phụ lục thử"
layout: statistics_table
indicators:
  - {code: "1", name: "Số hồ sơ tiếp nhận", type: count, period_rollup: sum}
  - {code: "2", name: "Số TTHC đang cung cấp", type: count, period_rollup: last}
  - {code: "3", name: "Tỷ lệ cán bộ dùng chữ ký số", type: percent}
"""
DECLARED = FRAMEWORK.replace("layout: statistics_table", """layout: statistics_table
settings:
  report:
    columns:
      - {column: "2024", period: "2024M1-9", footnote: "Số liệu đến tháng 9/2024."}
      - {column: "2023", period: "2023S1"}""")

UNITS = [OrgUnit("T", "Tỉnh Thử", OrgUnitType.PROVINCE),
         *(OrgUnit(code, f"Xã {code}", OrgUnitType.COMMUNE, parent="T") for code in ("X1", "X2"))]
HIERARCHY = Hierarchy(UNITS)


def values(rows: list[tuple[str, str, str]], unit: str = "T") -> tuple[Value, ...]:
    """(indicator, period, value) rows of one unit."""
    return tuple(Value("tk", code, unit, period, text) for code, period, text in rows)


def table(report: Report) -> dict[str, list[str]]:
    return {"": [c.title for c in report.columns][2:],
            **{row.code: [c.display for c in row.cells][2:] for row in report.body}}


# Indicator 1 has its year 2017 and March 2018, 2 its third quarter of 2018, 3 a half-year of 2018.
MIXED = values([("1", "2017", "1200"), ("1", "2018-03", "110"), ("2", "2017", "40"), ("2", "2018Q3", "52"),
                ("3", "2018S1", "61.5")])


def test_mixed_periods_each_get_a_column_of_their_own() -> None:
    report = build_report(load_framework(FRAMEWORK), ReportData(MIXED, hierarchy=HIERARCHY), ReportOptions("T"))
    assert table(report) == {
        "": ["Năm 2017", "Tháng 3/2018", "6 tháng đầu năm 2018", "Quý III/2018"],
        "1": ["1.200", "110", "-", "-"],
        "2": ["40", "-", "-", "52"],
        "3": ["-", "-", "61,5", "-"],
    }
    assert report.footnotes == ()


def test_a_year_asked_for_shows_the_year_only_and_says_what_shorter_data_there_is() -> None:
    report = build_report(load_framework(FRAMEWORK), ReportData(MIXED, hierarchy=HIERARCHY),
                          ReportOptions("T", periods=tuple(period_range("2017:2018"))))
    assert table(report) == {"": ["Năm 2017", "Năm 2018"], "1": ["1.200", "-"], "2": ["40", "-"], "3": ["-", "-"]}
    assert report.footnotes == ("Cột «Năm 2018» chưa có số liệu của cả kỳ; có số liệu tháng 3/2018 (kỳ 2018-03), "
                                "6 tháng đầu năm 2018 (kỳ 2018S1), quý III/2018 (kỳ 2018Q3).",)


NINE_MONTHS = values([("1", "2023S1", "300"), ("1", "2023", "800"), ("1", "2024M1-9", "650"), ("2", "2024M1-9", "57"),
                      ("2", "2024-03", "50"), ("3", "2024", "70")])


@pytest.mark.parametrize("periods", [(), tuple(period_range("2023:2024"))])
def test_a_declared_column_holds_one_period_and_its_footnote_says_which(periods: tuple[Period, ...]) -> None:
    report = build_report(load_framework(DECLARED), ReportData(NINE_MONTHS, hierarchy=HIERARCHY),
                          ReportOptions("T", periods=periods))
    # «Năm 2024» holds the nine months to date in every row: 3's year figure is not put beside them.
    assert table(report) == {"": ["Năm 2023", "Năm 2024"], "1": ["300", "650"], "2": ["-", "57"], "3": ["-", "-"]}
    assert report.footnotes == ("Số liệu cột «Năm 2023» là số liệu 6 tháng đầu năm 2023.", "Số liệu đến tháng 9/2024.")


def test_a_declared_column_by_unit() -> None:
    data = ReportData(NINE_MONTHS + values([("1", "2024M1-9", "400")], "X1"), hierarchy=HIERARCHY)
    report = build_report(load_framework(DECLARED), data, ReportOptions("T", by_unit=True))
    assert table(report)["1"] == ["650", "400", "-"]
    assert report.header[0].cells[2].text == "Năm 2024" and report.footnotes == ("Số liệu đến tháng 9/2024.",)


def test_a_declared_column_of_nine_months_is_computed_from_the_communes_months() -> None:
    months = [Value("tk", code, unit, f"2024-{m:02d}", text) for unit in ("X1", "X2") for m in range(1, 10)
              for code, text in (("1", str(10 * m)), ("2", str(100 + m)))]
    report = report_for(load_framework(DECLARED), HIERARCHY, MemorySource(months, HIERARCHY), (),
                        ReportOptions("T", periods=(Period.parse("2024"),)))
    assert table(report) == {"": ["Năm 2024"], "1": ["900"], "2": ["218"], "3": ["-"]}  # 2 × 450; 2 × 109
    assert report.footnotes == ("Số liệu đến tháng 9/2024.",)


@pytest.mark.parametrize(("columns", "reason"), [
    ('[{column: "2024", period: "2025S1"}]', "mục 1 của bộ chỉ tiêu tk: kỳ 2025S1 không nằm trong cột «Năm 2024»"),
    ('[{column: "2024", period: "2024S1"}, {column: "2024", period: "2024Q1"}]', "mục 2 .*đã khai báo ở trên"),
])
def test_a_declared_column_that_cannot_be_is_refused_naming_its_entry(columns: str, reason: str) -> None:
    declared = f"layout: statistics_table\nsettings:\n  report:\n    columns: {columns}"
    framework = load_framework(FRAMEWORK.replace("layout: statistics_table", declared))
    with pytest.raises(InputError, match=f"settings.report.columns {reason}"):
        build_report(framework, ReportData(MIXED, hierarchy=HIERARCHY), ReportOptions("T"))


def test_the_schema_refuses_a_column_without_its_period() -> None:
    with pytest.raises(InputError, match="period"):
        load_framework(FRAMEWORK.replace("layout: statistics_table",
                                         'layout: statistics_table\nsettings: {report: {columns: [{column: "2024"}]}}'))
