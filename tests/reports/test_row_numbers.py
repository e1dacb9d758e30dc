"""The TT column of the target table never prints one number twice, in the report and in every file made of it."""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.etree import ElementTree

import pytest
from docx import Document
from openpyxl import load_workbook

from chiso.catalog.loader import load_framework
from chiso.reports import ReportData, ReportOptions, RowKind, build_report
from chiso.reports.build import render
from chiso.reports.model import Report

# Codes 1.1 and 2.1 share their last segment within section A; B's codes carry their section's prefix.
SECTIONED = """
code: so_dong
title: Chỉ tiêu có mã trùng đuôi
layout: target_evaluation
sections:
  - code: A
    title: Nhóm A
    indicators:
      - {code: "1.1", name: Một chấm một, type: percent, direction: higher, targets: [{period: "2027", value: 90%}]}
      - {code: "2.1", name: Hai chấm một, type: percent, direction: higher, targets: [{period: "2027", value: 80%}]}
  - code: B
    title: Nhóm B
    indicators:
      - {code: B.1, name: B một, type: count, direction: higher, targets: [{period: "2027", value: 5}]}
      - {code: B.2, name: B hai, type: count, direction: higher, targets: [{period: "2027", value: 6}]}
"""
UNSECTIONED = """
code: khong_muc
title: Chỉ tiêu không chia mục
layout: target_evaluation
indicators:
  - {code: "1", name: Một, type: percent, direction: higher, targets: [{period: "2027", value: 90%}]}
  - {code: "2.1", name: Hai chấm một, type: percent, direction: higher, targets: [{period: "2027", value: 90%}]}
  - {code: "3.1", name: Ba chấm một, type: percent, direction: higher, targets: [{period: "2027", value: 90%}]}
"""

# (framework, indicator name, TT printed)
EXPECTED = [
    ("so_dong", "Một chấm một", "1.1"),
    ("so_dong", "Hai chấm một", "2.1"),
    ("so_dong", "B một", "1"),
    ("so_dong", "B hai", "2"),
    ("khong_muc", "Một", "1"),
    ("khong_muc", "Hai chấm một", "2.1"),
    ("khong_muc", "Ba chấm một", "3.1"),
]


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    built = (build_report(load_framework(text), ReportData(()), ReportOptions("T"))
             for text in (SECTIONED, UNSECTIONED))
    return {report.framework: report for report in built}


def expected(framework: str) -> list[tuple[str, str]]:
    return [(number, name) for code, name, number in EXPECTED if code == framework]


def docx_rows(report: Report) -> list[tuple[str, str]]:
    table = Document(io.BytesIO(render(report, "docx"))).tables[0]
    return [(row.cells[0].text, row.cells[1].text) for row in table.rows]


def xlsx_rows(report: Report) -> list[tuple[str, str]]:
    sheet = load_workbook(io.BytesIO(render(report, "xlsx"))).active
    return [(str(a.value), str(b.value)) for a, b in sheet.iter_rows(min_col=1, max_col=2) if a.value is not None
            and b.value is not None]


def html_rows(report: Report) -> list[tuple[str, str]]:
    page = render(report, "html").decode("utf-8")
    table = ElementTree.fromstring(page[page.index("<table"):page.index("</table>") + len("</table>")])
    return [(row[0].text or "", row[1].text or "") for row in table.iter("tr") if len(row) > 1]


@pytest.mark.parametrize("framework", ["so_dong", "khong_muc"])
def test_report_rows_are_numbered_apart(reports: dict[str, Report], framework: str) -> None:
    rows = [(row.cells[0].text, row.cells[1].text) for row in reports[framework].body if row.kind is RowKind.DATA]
    assert rows == expected(framework)


@pytest.mark.parametrize("read", [docx_rows, xlsx_rows, html_rows], ids=["docx", "xlsx", "html"])
@pytest.mark.parametrize("framework", ["so_dong", "khong_muc"])
def test_files_print_distinct_numbers(reports: dict[str, Report], framework: str,
                                      read: Callable[[Report], list[tuple[str, str]]]) -> None:
    rows = read(reports[framework])
    data = [row for row in rows if row in expected(framework)]
    assert data == expected(framework)
    names = {name for _number, name in expected(framework)}
    numbers = [number for number, name in rows if name in names]
    assert len(numbers) == len(set(numbers)) == len(expected(framework))
