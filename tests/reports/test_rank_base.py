"""A province's rank in a report is printed with its base: out of 63 until 30/6/2025, out of 34 after."""

from __future__ import annotations

from chiso.catalog.loader import load_framework
from chiso.orgunits.model import Hierarchy
from chiso.orgunits.vn import vn_2025, vn_legacy, vn_links_2025
from chiso.periods import Period
from chiso.reports import ReportOptions, report_for
from chiso.values.model import Value
from chiso.view import MemorySource
from chiso.view.trees import parse_tree

FRAMEWORK = """
code: dti
title: "Chỉ số chuyển đổi số cấp tỉnh (DTI)"
layout: statistics_table
indicators:
  - code: "1"
    name: "Xếp hạng DTI của tỉnh"
    type: count
    unit: "hạng"
    direction: lower
    targets:
      - {id: "2025", kind: rank, value: "20", text: "nhóm 20 tỉnh dẫn đầu", period: "2025"}
"""


def test_a_rank_reads_out_of_the_provinces_of_its_period() -> None:
    tree = Hierarchy([*vn_legacy("66"), *vn_2025("66")], (), vn_links_2025("66"))
    values = [Value("dti", "1", "66", "2023", "12"), Value("dti", "1", "66", "2025S2", "5")]
    source, framework = MemorySource(values, tree), load_framework(FRAMEWORK)

    def cells(periods: str, tree_choice: str) -> list[str]:
        options = ReportOptions(unit="66", periods=tuple(Period.parse(p) for p in periods.split()),
                                tree=parse_tree(tree_choice))
        report = report_for(framework, tree, source, [], options)
        return [cell.text for cell in report.body[0].cells[2:]]

    assert cells("2023", "old") == ["12/63"]  # the old Đắk Lắk among 63
    assert cells("2025S2", "new") == ["5/34"]  # the new one among 34
    assert cells("2023", "new") == ["-"]  # a rank is no sum: the new province had none in 2023


def test_an_evaluation_of_a_rank_says_its_base() -> None:
    from chiso.evaluation.units import evaluate_units

    tree = Hierarchy([*vn_legacy("66"), *vn_2025("66")], (), vn_links_2025("66"))
    framework = load_framework(FRAMEWORK)
    values = [Value("dti", "1", "66", "2025S2", "5")]
    found = evaluate_units(framework, tree, MemorySource(values, tree), [], unit="66", as_of="2025S2")
    assert [e.result for e in found] == ["hạng 5/34"]
