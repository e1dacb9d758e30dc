"""A past appendix of a province's own framework, read into what it would write: matched rows, values new,
changed or as stored, the official's evaluations, and what stands in the way, before anything is written."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from chiso.appendix.importer import preview
from chiso.appendix.model import Place, SourceCell, SourceTable
from chiso.appendix.proposals import Change
from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.values.model import EvaluationStatus

FRAMEWORK = """
code: tn
title: "Chỉ tiêu dịch vụ công của tỉnh"
indicators:
  - {code: "1", name: "Tỷ lệ hồ sơ nộp trực tuyến", type: percent, decimals: 2, formula: "{1.2} / {1.1} * 100",
     direction: higher, targets: [{id: "2025", kind: number, value: ">=50", text: "50%", period: "2025"}]}
  - {code: "1.1", name: "Tổng số hồ sơ tiếp nhận", type: count}
  - {code: "1.2", name: "Số hồ sơ nộp trực tuyến", type: count}
  - {code: "2", name: "Số thủ tục hành chính cung cấp trực tuyến", type: count, unit: "thủ tục"}
"""


def table(rows: Sequence[Sequence[str | tuple[str, int]]], file: str = "phuluc.docx") -> SourceTable:
    built = []
    for r, row in enumerate(rows, start=1):
        cells, column = [], 1
        for item in row:
            text, span = item if isinstance(item, tuple) else (item, 1)
            cells.append(SourceCell(text, Place(file, "ab" * 32, 1, r, column), span))
            column += span
        built.append(tuple(cells))
    return SourceTable(file, "ab" * 32, 1, tuple(built))


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FRAMEWORK)


STATISTICS = [
    ["STT", "Chỉ tiêu", ("Tỉnh Sông Xanh", 2)],
    ["", "", "Năm 2024", "6 tháng đầu năm 2025"],
    ["1.", "Tỷ lệ hồ sơ nộp trực tuyến", "50,00", "52,5"],
    ["1.1.", "Tổng số hồ sơ tiếp nhận", "1.200", "1.350"],
    ["1.2.", "Số hồ sơ nộp trực tuyến", "600", "-"],
    ["2.", "Số TTHC cung cấp trực tuyến", "374 theo QĐ 2741/QĐ-UBND ngày 22/12/2023", "380 thủ tục"],
]


def test_every_cell_becomes_a_value_of_its_row_and_column(framework: Framework) -> None:
    found = preview(framework, "91", [table(STATISTICS)], {("1.1", "2024"): "1100", ("1.2", "2024"): "600"})
    rows = {row.match.indicator: [(p.period, p.text, p.note, p.change) for p in row.proposals] for row in found.rows}
    assert rows == {
        "1": [("2024", "50.00", "", Change.NEW), ("2025S1", "52.5", "", Change.NEW)],
        "1.1": [("2024", "1200", "", Change.CHANGED), ("2025S1", "1350", "", Change.NEW)],
        "1.2": [("2024", "600", "", Change.SAME)],  # «-» is no figure, never zero
        "2": [("2024", "374", "theo QĐ 2741/QĐ-UBND ngày 22/12/2023", Change.NEW), ("2025S1", "380", "", Change.NEW)],
    }
    assert found.blocking() == []
    changed = next(p for p in found.proposals if p.change is Change.CHANGED)
    assert changed.stored == "1100"
    assert changed.place.text == "tệp phuluc.docx (sha256 abababababab…), bảng 1, dòng 4, cột 3"
    assert {v.source for v in found.values() if v.indicator == "1.1"} == {
        "tệp phuluc.docx (sha256 abababababab…), bảng 1, dòng 4, cột 3",
        "tệp phuluc.docx (sha256 abababababab…), bảng 1, dòng 4, cột 4"}
    assert len(found.values()) == 6  # the figure as stored is not written again


def test_an_unknown_row_an_unreadable_cell_and_an_unsure_match_stop_the_import(framework: Framework) -> None:
    rows = [*STATISTICS[:3], ["1.1.", "Tổng số hồ sơ tiếp nhận", "một nghìn", "1.350"],
            ["7.", "Số cán bộ được tập huấn an toàn thông tin", "12", "15"],
            ["9.", "Số hồ sơ nộp trực tuyến", "600", "610"]]
    found = preview(framework, "91", [table(rows, "phuluc-with-problems.docx")])
    blocking = found.blocking()
    assert any("dòng 4, cột 3" in reason and "«một nghìn»" in reason for reason in blocking)
    assert any("dòng 5" in reason and "không khớp chỉ tiêu nào" in reason for reason in blocking)
    assert "phuluc-with-problems.docx:1:6: cần xác nhận" in " ".join(blocking)
    unsure = found.unsure()
    assert [row.match.indicator for row in unsure] == ["1.2"]
    accepted = found.blocking(["phuluc-with-problems.docx:1:6"])
    assert not any("phuluc-with-problems.docx:1:6" in reason for reason in accepted)


def test_a_target_table_gives_results_and_the_officials_evaluations(framework: Framework) -> None:
    rows = [["TT", "Nội dung chỉ tiêu", "Chỉ tiêu đến năm 2025", "Kết quả thực hiện đến tháng 6/2023",
             "Đánh giá/Ghi chú"],
            ["1", "Tỷ lệ hồ sơ nộp trực tuyến", "50%", "55%", "Vượt chỉ tiêu"]]
    found = preview(framework, "91", [table(rows)])
    assert [(v.indicator, v.period, v.value) for v in found.values()] == [("1", "2023S1", "55")]
    assert [(e.indicator, e.target, e.period, e.status) for e in found.evaluations()] == [
        ("1", "2025", "2023S1", EvaluationStatus.EXCEEDED)]


def test_a_table_matching_nothing_is_said_so(framework: Framework) -> None:
    found = preview(framework, "91", [table([["Họ tên", "Chức vụ"], ["Nguyễn Văn A", "Giám đốc"]])])
    assert found.blocking() == ["tệp phuluc.docx, bảng 1: không có dòng nào khớp chỉ tiêu của bộ tn"]
