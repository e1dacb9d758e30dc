"""Headers and cells of past appendices: every header of the two seed appendices as their text layers give it
(the second one's lost letters included), and their cells read against the shipped frameworks, checked
against the figures chiso ships from the same appendices."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from chiso.appendix.cells import CellReading, read_cell, read_evaluation
from chiso.appendix.headers import Kind, column_meaning, header_columns
from chiso.catalog.loader import shipped_frameworks
from chiso.catalog.model import Framework
from chiso.periods import Period
from chiso.values.model import EvaluationStatus, canonical_value

FRAMEWORKS = shipped_frameworks()
CQS, CDS = FRAMEWORKS["cqs"], FRAMEWORKS["cds2025"]

# header text → (kind, period code or None, restored from lost letters?)
HEADERS = [
    # Phụ lục VIII (seed 000)
    ("STT", Kind.CODE, None, False),
    ("Chỉ tiêu", Kind.NAME, None, False),
    ("Tỉnh Đắk Lắk", Kind.OTHER, None, False),  # the unit the figures are of: the importer's to read
    ("Năm 2021", Kind.PERIOD, "2021", False),
    ("Năm 2022", Kind.PERIOD, "2022", False),
    ("Năm 2023", Kind.PERIOD, "2023", False),
    ("Năm 2024", Kind.PERIOD, "2024", False),
    ("Năm 2025", Kind.PERIOD, "2025", False),  # the framework declares it holds 2025S1, not the header
    # the Steering Committee's targets (seed 002), as its damaged text layer gives them
    ("TT", Kind.CODE, None, False),
    ("u t u", Kind.NAME, None, True),  # «Nội dung chỉ tiêu»
    ("C t u đượ t u t đ 2025", Kind.TARGET, "2025", True),  # «Chỉ tiêu được giao theo Nghị quyết đến 2025»
    ("t uả t đượ đ tháng 6/2023", Kind.RESULT, "2023S1", True),  # «Kết quả thực hiện được đến tháng 6/2023»
    # ... and as they were written
    ("Nội dung chỉ tiêu", Kind.NAME, None, False),
    ("Chỉ tiêu được giao theo Nghị quyết đến 2025", Kind.TARGET, "2025", False),
    ("Kết quả thực hiện được đến tháng 6/2023", Kind.RESULT, "2023S1", False),
    ("Ghi chú/Đánh giá", Kind.EVALUATION, None, False),
    # the other forms reports write
    ("Nội dung", Kind.NAME, None, False),
    ("6 tháng đầu năm 2025", Kind.PERIOD, "2025S1", False),
    ("6 tháng cuối năm 2024", Kind.PERIOD, "2024S2", False),
    ("Quý II/2025", Kind.PERIOD, "2025Q2", False),
    ("Tháng 6/2025", Kind.PERIOD, "2025-06", False),
    ("9 tháng đầu năm 2024", Kind.PERIOD, "2024M1-9", False),
    ("Lũy kế đến tháng 9/2024", Kind.PERIOD, "2024M1-9", False),
    ("2021", Kind.PERIOD, "2021", False),
    ("Kết quả thực hiện đến tháng 6/2023", Kind.RESULT, "2023S1", False),
    ("Kết quả thực hiện (được) đến tháng 6/2023", Kind.RESULT, "2023S1", False),
    ("Kết quả thực hiện đến tháng 12/2023", Kind.RESULT, "2023", False),
    ("Kết quả thực hiện đến tháng 9/2023", Kind.RESULT, "2023M1-9", False),
    ("Kết quả thực hiện năm 2024", Kind.RESULT, "2024", False),
    ("Chỉ tiêu đến năm 2025", Kind.TARGET, "2025", False),
    ("Đánh giá", Kind.EVALUATION, None, False),
    ("Ghi chú", Kind.EVALUATION, None, False),
    ("Đánh giá/Ghi chú", Kind.EVALUATION, None, False),
    # accents, case and blanks do not matter
    ("NĂM 2021", Kind.PERIOD, "2021", False),
    ("Nam 2021", Kind.PERIOD, "2021", False),
    ("Năm2021", Kind.PERIOD, "2021", False),
    ("6 thang dau nam 2025", Kind.PERIOD, "2025S1", False),
    ("QUÝ II/2025", Kind.PERIOD, "2025Q2", False),
    ("quy 2/2025", Kind.PERIOD, "2025Q2", False),
    ("stt", Kind.CODE, None, False),
    ("NOI DUNG CHI TIEU", Kind.NAME, None, False),
    ("Ket qua thuc hien den thang 6/2023", Kind.RESULT, "2023S1", False),
    ("Danh gia / ghi chu", Kind.EVALUATION, None, False),
]


@pytest.mark.parametrize(("text", "kind", "period", "restored"), HEADERS)
def test_column_meaning(text: str, kind: Kind, period: str | None, restored: bool) -> None:
    meaning = column_meaning(text)
    assert (meaning.kind, meaning.period, meaning.restored) == (
        kind, Period.parse(period) if period else None, restored)
    assert meaning.text == text
    if restored:  # what it was read as is said, to be confirmed
        assert meaning.reason.startswith(f"tiêu đề «{text}» đã mất chữ, đọc là «")


# header text → the reason it cannot be read
UNREADABLE = [
    ("Kỳ báo cáo 2021?", "không đọc được kỳ trong tiêu đề «Kỳ báo cáo 2021?»"),
    # seed 002's «Ghi chú/Đánh giá» lost every letter
    ("", "tiêu đề trống (có thể lớp chữ của tệp đã mất chữ)"),
    # one letter left fits a number's header and a name's
    ("t", "tiêu đề «t» đã mất chữ, có thể là «STT» hoặc «Nội dung chỉ tiêu»"),
    # a damaged year fits a year's header and a target's: neither is taken
    ("N m 2021", "tiêu đề «N m 2021» đã mất chữ, có thể là «Chỉ tiêu được giao đến năm 2021» hoặc "
                 "«Kết quả thực hiện năm 2021» hoặc «Năm 2021»"),
    ("Năm 20215", "không đọc được kỳ trong tiêu đề «Năm 20215»"),
    ("Quý V/2025", "không đọc được kỳ trong tiêu đề «Quý V/2025»"),
    ("Tháng 13/2025", "không đọc được kỳ trong tiêu đề «Tháng 13/2025»"),
    ("Kết quả thực hiện", "không đọc được kết quả đến kỳ nào trong tiêu đề «Kết quả thực hiện»"),
    ("Chỉ tiêu đến năm 20", "không đọc được hạn của chỉ tiêu trong tiêu đề «Chỉ tiêu đến năm 20»"),
]


@pytest.mark.parametrize(("text", "reason"), UNREADABLE)
def test_unreadable_header_says_why(text: str, reason: str) -> None:
    meaning = column_meaning(text)
    assert (meaning.kind, meaning.period, meaning.reason) == (Kind.UNKNOWN, None, reason)


def test_target_without_deadline_leaves_it_to_the_framework() -> None:
    meaning = column_meaning("Chỉ tiêu được giao")
    assert (meaning.kind, meaning.period) == (Kind.TARGET, None)
    assert meaning.reason == "tiêu đề «Chỉ tiêu được giao» không nói hạn của chỉ tiêu"


def _kinds(rows: list[list[str | None]]) -> list[tuple[Kind, str | None, str]]:
    return [(m.kind, m.period.code if m.period else None, m.group) for m in header_columns(rows)]


def test_spanning_unit_over_years() -> None:
    """Phụ lục VIII as a Word table: «Tỉnh Đắk Lắk» merged over the years (None: covered by the merge)."""
    rows: list[list[str | None]] = [
        ["STT", "Chỉ tiêu", "Tỉnh Đắk Lắk", None, None, None, None],
        ["", "", "Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024", "Năm 2025"],
    ]
    years = [(Kind.PERIOD, str(year), "Tỉnh Đắk Lắk") for year in range(2021, 2026)]
    assert _kinds(rows) == [(Kind.CODE, None, ""), (Kind.NAME, None, ""), *years]


def test_years_split_across_lines() -> None:
    """Phụ lục VIII as its text gives it: «Năm» and «2021» on two lines, «Năm 2024» on one, merges as blanks."""
    rows: list[list[str | None]] = [
        ["STT", "Chỉ tiêu", "Tỉnh Đắk Lắk", "", "", "", ""],
        ["", "", "Năm", "Năm", "Năm", "Năm 2024", "Năm 2025"],
        ["", "", "2021", "2022", "2023", "", ""],
    ]
    assert _kinds(rows) == [(Kind.CODE, None, ""), (Kind.NAME, None, ""), (Kind.PERIOD, "2021", "Tỉnh Đắk Lắk"),
                            (Kind.PERIOD, "2022", ""), (Kind.PERIOD, "2023", ""), (Kind.PERIOD, "2024", ""),
                            (Kind.PERIOD, "2025", "")]


def test_damaged_header_line_by_line() -> None:
    """The Steering Committee's header as its damaged text layer gives it, each line a row; the evaluation
    column lost every letter, and is read as the evaluation's by its place: last, after the result."""
    rows: list[list[str | None]] = [
        ["TT", "u t u", "C t u", "t uả t", ""],
        ["", "", "đượ", "đượ đ", ""],
        ["", "", "t", "tháng 6/2023", ""],
        ["", "", "u t đ", "", ""],
        ["", "", "2025", "", ""],
    ]
    meanings = header_columns(rows)
    assert [(m.kind, m.period.code if m.period else None) for m in meanings] == [
        (Kind.CODE, None), (Kind.NAME, None), (Kind.TARGET, "2025"), (Kind.RESULT, "2023S1"), (Kind.EVALUATION, None)]
    assert [m.restored for m in meanings] == [False, True, True, True, True]
    assert meanings[4].reason == ("tiêu đề không còn chữ nào; cột cuối, sau cột kết quả, của bảng chỉ tiêu được đọc "
                                  "là «Đánh giá/Ghi chú»")
    without_result = header_columns([row[:3] + row[4:] for row in rows])
    assert without_result[-1].kind is Kind.UNKNOWN  # only a result's neighbour is taken for the evaluation


def test_spanning_result_over_periods() -> None:
    rows: list[list[str | None]] = [["Kết quả thực hiện", None], ["6 tháng đầu năm 2025", "Năm 2024"]]
    assert _kinds(rows) == [(Kind.RESULT, "2025S1", ""), (Kind.RESULT, "2024", "")]


def test_no_header_rows() -> None:
    assert header_columns([]) == []


def _shipped(file: str) -> list[dict[str, str]]:
    text = resources.files("chiso.data.daklak").joinpath(file).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


SHIPPED = {(r["framework"], r["indicator"], r["period"]): r for r in _shipped("values.csv") if r["unit"] == "66"}
PHU_LUC_VIII_PERIODS = ("2021", "2022", "2023", "2024", "2025S1")

# Phụ lục VIII's rows, each cell as its text gives it (lines joined by a blank)
SEED_000_ROWS = [
    ("1", ["Phiên bản 1.0", "Phiên bản 2.0", "Phiên bản 2.0", "Phiên bản 2.0", "Phiên bản 2.0"]),
    ("2", ["100%", "100%", "100%", "100%", "100%"]),
    ("4.1", ["Đã triển khai tại địa chỉ https://dichvucong.daklak.gov.vn/"] * 5),  # one merged cell
    ("5.1", ["46,14", "39,13", "41,5", "50,49", "50,49"]),
    ("5.1.1", ["1.543", "1.674", "1.600", "1.741", "1.741"]),
    ("5.1.3", ["-", "410", "232", "347", "111"]),
    ("5.5.1", ["-", "251", "489", "374 theo QĐ 2741/QĐ- UBND ngày 22/12/2023",
               "588 theo QĐ 2989/QĐ- UBND ngày 28/11/2024"]),
]


@pytest.mark.parametrize(("code", "cells"), SEED_000_ROWS)
def test_phu_luc_viii_cells_are_the_shipped_figures(code: str, cells: list[str]) -> None:
    indicator = CQS.indicator(code)
    for period, text in zip(PHU_LUC_VIII_PERIODS, cells, strict=True):
        reading = read_cell(indicator, text)
        shipped = SHIPPED.get(("cqs", code, period))
        assert not reading.problem
        assert (reading.value, reading.note) == ((shipped["value"], shipped["note"]) if shipped else (None, ""))


# (framework, indicator, cell) → (value, note)
CELLS = [
    (CQS, "1", "Phiên bản 2.0", "Phiên bản 2.0", ""),
    (CQS, "2", "100%", "100", ""),
    (CQS, "5.1", "46,14", "46.14", ""),
    (CQS, "5.1", "99,20", "99.20", ""),  # the decimals written are kept
    (CQS, "5.1.1", "1.543", "1543", ""),
    (CQS, "5.4.1", "1.247.855", "1247855", ""),
    (CQS, "5.1.3", "-", None, ""),
    (CQS, "5.1.3", "–", None, ""),
    (CQS, "5.1.3", "—", None, ""),
    (CQS, "5.1.3", "", None, ""),
    (CQS, "5.1.3", "0", "0", ""),  # a zero is a figure
    (CQS, "5.5.1", "374 theo QĐ 2741/QĐ-UBND ngày 22/12/2023", "374", "theo QĐ 2741/QĐ-UBND ngày 22/12/2023"),
    (CQS, "4", "", None, ""),  # a heading row's empty cells
    (CDS, "I.2", ">90%", ">90", ""),
    (CDS, "III.1.2", "98,9% xã", "98.9", "xã"),
    (CDS, "III.5", "Loại B", "Loại B", ""),
    (CDS, "III.5", "loại b", "Loại B", ""),  # the framework's level, whatever the case
    (CDS, "II.4", "20 Doanh nghiệp", "20", ""),  # the indicator's unit
    (CDS, "II.4", "20 doanh nghiệp", "20", ""),
    (CDS, "II.4", "20 doanh nghiệp lớn", "20", "doanh nghiệp lớn"),  # more than the unit: kept whole
    (CDS, "III.3.2", "1.918.440 người", "1918440", ""),
    (CDS, "III.3.2", "1.918.440 nhân khẩu", "1918440", "nhân khẩu"),  # not its unit: a note
]


@pytest.mark.parametrize(("framework", "code", "text", "value", "note"), CELLS)
def test_read_cell(framework: Framework, code: str, text: str, value: str | None, note: str) -> None:
    assert read_cell(framework.indicator(code), text) == CellReading(text, value, note)


# (framework, indicator, cell) → the problem, naming the cell and what was expected
PROBLEMS = [
    (CQS, "5.1", "46.14", "ô «46.14» của chỉ tiêu 5.1: «46.14» không phải là số hợp lệ"),
    (CQS, "5.1", "Đã triển khai", "ô «Đã triển khai» của chỉ tiêu 5.1: «Đã triển khai» không phải là số hợp lệ"),
    (CQS, "5.1.1", "12,5", "ô «12,5» của chỉ tiêu 5.1.1: «12,5» không phải là số đếm (cần: số nguyên không âm)"),
    (CQS, "5.1.1", "100%", "ô «100%» của chỉ tiêu 5.1.1: «100%»: ở đây không được có dấu %"),
    (CQS, "5.1.1", "1.5 theo QĐ", "ô «1.5 theo QĐ» của chỉ tiêu 5.1.1: «1.5 theo QĐ» không phải là số hợp lệ"),
    (CQS, "4", "x", "ô «x» của chỉ tiêu 4: chỉ tiêu 4 là dòng tiêu đề nhóm, không nhận giá trị"),
    (CDS, "III.5", "Loại E", "ô «Loại E» của chỉ tiêu III.5: «Loại E» không phải là một mức của chỉ tiêu III.5 "
                             "(cần: Loại A, Loại B, Loại C, Loại D)"),
]


@pytest.mark.parametrize(("framework", "code", "text", "problem"), PROBLEMS)
def test_unreadable_cell_is_a_problem(framework: Framework, code: str, text: str, problem: str) -> None:
    reading = read_cell(framework.indicator(code), text)
    assert (reading.value, reading.note) == (None, "")
    assert reading.problem.startswith(problem)
    assert "(cần: " in reading.problem


# The Steering Committee's rows: the target's cell, the result's to June 2023, the evaluation's
SEED_002_ROWS = [
    ("I.1", "100%", "100%", "Đạt chỉ tiêu", EvaluationStatus.MET),
    ("I.2", "90%", ">90%", "Vượt chỉ tiêu", EvaluationStatus.EXCEEDED),
    ("II.1", "20%", "", "Năm 2022 chưa tính được tỷ trọng kinh tế số trong từng ngành, lĩnh vực do chưa có "
                        "hướng dẫn từ các Bộ, ngành liên quan", None),
    ("II.3", "7%", "11,8%", "Vượt chỉ tiêu", EvaluationStatus.EXCEEDED),
    ("II.4", "20 Doanh nghiệp", "", "", None),
]


@pytest.mark.parametrize(("code", "target", "result", "evaluation", "status"), SEED_002_ROWS)
def test_steering_committee_cells_are_the_shipped_figures(code: str, target: str, result: str, evaluation: str,
                                                          status: EvaluationStatus | None) -> None:
    indicator = CDS.indicator(code)
    (declared,) = indicator.targets
    assert read_cell(indicator, target) == CellReading(target, canonical_value(indicator, str(declared.parts[0].value)))
    shipped = SHIPPED.get(("cds2025", code, "2023S1"))
    assert read_cell(indicator, result) == CellReading(result, shipped["value"] if shipped else None)
    recorded = {r["indicator"]: r for r in _shipped("evaluations.csv")}.get(code)
    assert read_evaluation(evaluation) == (status, recorded["note"] if recorded else "")
    if recorded:
        assert recorded["status"] == (status.label if status else "")


EVALUATIONS = [
    ("Đạt chỉ tiêu", EvaluationStatus.MET, ""),
    ("Vượt chỉ tiêu", EvaluationStatus.EXCEEDED, ""),
    ("Chưa đạt", EvaluationStatus.NOT_MET, ""),
    ("Chưa đạt chỉ tiêu", EvaluationStatus.NOT_MET, ""),
    ("ĐẠT CHỈ TIÊU", EvaluationStatus.MET, ""),
    ("Dat chi tieu", EvaluationStatus.MET, ""),
    ("Đạt chỉ tiêu.", EvaluationStatus.MET, ""),
    ("Đạt chỉ tiêu (98,9% xã)", EvaluationStatus.MET, "(98,9% xã)"),
    ("Vượt chỉ tiêu - cao hơn năm trước", EvaluationStatus.EXCEEDED, "cao hơn năm trước"),
    ("", None, ""),
    ("Năm 2021 tỉnh xếp loại B. Năm 2022 Bộ Thông tin và Truyền thông chưa công bố", None,
     "Năm 2021 tỉnh xếp loại B. Năm 2022 Bộ Thông tin và Truyền thông chưa công bố"),
    # a number broken after its slash at a line's end is one again
    ("Một người có nhiều tài khoản tại các ngân hàng (1.954.846/ 1.918.440)", None,
     "Một người có nhiều tài khoản tại các ngân hàng (1.954.846/1.918.440)"),
    # a status on its own line, then the note
    ("Đạt chỉ tiêu Kết quả tốt hơn kế hoạch", EvaluationStatus.MET, "Kết quả tốt hơn kế hoạch"),
    ("Chưa đạt do thiếu kinh phí", EvaluationStatus.NOT_MET, "do thiếu kinh phí"),
    # chiso's own status, marked by its report, is no official's: only the note is read
    ("Đang thực hiện (*)", None, ""),
    ("Vượt chỉ tiêu (*) Một người có nhiều tài khoản", None, "Một người có nhiều tài khoản"),
    ("Đạt 95% kế hoạch", None, "Đạt 95% kế hoạch"),
]


@pytest.mark.parametrize(("text", "status", "note"), EVALUATIONS)
def test_read_evaluation(text: str, status: EvaluationStatus | None, note: str) -> None:
    assert read_evaluation(text) == (status, note)
