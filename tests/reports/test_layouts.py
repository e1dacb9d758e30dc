"""The two appendix layouts drawn from the shipped Đắk Lắk data, before any file format is involved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

import seed_tables as seeds
from chiso.catalog.loader import load_framework, shipped_frameworks
from chiso.catalog.model import Framework
from chiso.data import shipped_report_data
from chiso.errors import InputError
from chiso.periods import Period, period_range
from chiso.reports import Report, ReportData, ReportOptions, RowKind, build_report
from chiso.reports.layouts import LAYOUTS, layout_for, register_layout


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return shipped_frameworks()


@pytest.fixture(scope="module")
def data(frameworks: dict[str, Framework]) -> ReportData:
    return shipped_report_data()


def texts(report: Report, kind: RowKind = RowKind.DATA) -> list[list[str]]:
    return [[cell.display for cell in row.cells] for row in report.body if row.kind is kind]


def test_statistics_table_reproduces_phu_luc_viii(frameworks: dict[str, Framework], data: ReportData) -> None:
    report = build_report(frameworks["cqs"], data, ReportOptions("66", periods=tuple(period_range("2021:2025"))))

    assert (report.appendix, report.title) == (
        "Phụ lục VIII",
        "THỐNG KÊ CÁC CHỈ TIÊU TẠI LĨNH VỰC XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ")
    assert [[c.text for c in row.cells] for row in report.header] == [
        ["STT", "Chỉ tiêu", "Tỉnh Đắk Lắk"], list(seeds.CQS_COLUMNS)]
    rows = {row.code: row for row in report.body}
    assert [code for code, _name, _cells in seeds.CQS_ROWS] == list(rows)
    for code, name, cells in seeds.CQS_ROWS:
        got = [" ".join(c.display.split()) for c in rows[code].cells]
        expected = [f"{code}.", name, *(cells[:1] if code in seeds.CQS_MERGED_ROWS else cells)]
        assert got == [c if c else "" for c in expected], code
    assert rows["4.1"].cells[2].colspan == 5
    assert report.footnotes == ("Số liệu cột «Năm 2025» là số liệu 6 tháng đầu năm 2025.",)


def test_statistics_numbers_keep_their_exact_value_and_written_places(
        frameworks: dict[str, Framework], data: ReportData) -> None:
    report = build_report(frameworks["cqs"], data, ReportOptions("66"))
    rows = {row.code: row.cells for row in report.body}

    assert [(c.text, str(c.number), c.decimals) for c in rows["5.4.1"][2:4]] == [
        ("817.352", "817352", 0), ("1.247.855", "1247855", 0)]
    assert [(c.text, c.decimals) for c in (rows["5.1"][4], rows["6.1"][6])] == [("41,5", 1), ("99,20", 2)]
    assert (rows["2"][2].text, rows["2"][2].percent_sign, rows["5.1"][2].percent_sign) == ("100%", True, False)
    assert [c.title for c in report.columns][2:] == ["Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024", "Năm 2025"]


def test_target_evaluation_reproduces_the_steering_committee_appendix(
        frameworks: dict[str, Framework], data: ReportData) -> None:
    report = build_report(frameworks["cds2025"], data, ReportOptions("66"))

    assert [c.text for c in report.header[0].cells] == [
        "TT", "Nội dung chỉ tiêu", "Chỉ tiêu đến năm 2025", "Kết quả thực hiện đến tháng 6/2023", "Đánh giá/Ghi chú"]
    assert texts(report, RowKind.SECTION) == [
        ["I", "Phát triển chính quyền số, nâng cao hiệu quả, hiệu lực hoạt động"],
        ["II", "Phát triển kinh tế số, nâng cao năng lực cạnh tranh của nền kinh tế"],
        ["III", "Phát triển xã hội số, thu hẹp khoảng cách số"]]
    rows = {row.code: [c.display for c in row.cells] for row in report.body if row.kind is RowKind.DATA}
    assert rows["I.2"] == ["2", "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng", "90%", ">90%",
                           "Vượt chỉ tiêu"]
    # The official's evaluation is printed where one was given, chiso's own elsewhere, marked as chiso's.
    assert rows["III.1"][2:] == ["90% hộ gia đình, 100% xã", "98,9% xã", "Đạt chỉ tiêu"]
    assert rows["I.3"][2:] == ["80%", "60%", "Đang thực hiện (*)"]  # a 2025 target, not reached by 6/2023
    assert rows["III.5"][2:] == ["Loại A", "Loại B", "Đang thực hiện (*)\nNăm 2021 tỉnh xếp loại B. Năm 2022 Bộ Thông "
                                 "tin và Truyền thông chưa công bố"]
    assert report.footnotes == ("(*) Đánh giá do chiso tính từ chỉ tiêu và kết quả, chưa phải đánh giá của cơ quan.",)
    assert "III.1.1" not in rows and "III.3.1" not in rows


def test_computed_only_prints_chisos_evaluation_even_against_the_official(
        frameworks: dict[str, Framework], data: ReportData) -> None:
    report = build_report(frameworks["cds2025"], data, ReportOptions("66", computed_only=True))
    rows = {row.code: row.cells[4].display for row in report.body if row.kind is RowKind.DATA}

    assert rows["III.1"] == "Đang thực hiện (*)"
    assert rows["I.2"] == "Vượt chỉ tiêu (*)"


@pytest.mark.parametrize(
    ("options", "subtitle"),
    [
        (ReportOptions("66"), "(Kèm theo Báo cáo số …/BC-UBND ngày …/6/2025 của Ủy ban nhân dân tỉnh Đắk Lắk)"),
        (ReportOptions("66", doc_number="125/BC-UBND", doc_date=date(2025, 6, 5), issuer="UBND tỉnh Đắk Lắk"),
         "(Kèm theo Báo cáo số 125/BC-UBND ngày 05/06/2025 của UBND tỉnh Đắk Lắk)"),
        (ReportOptions("66", doc_number="02144/QĐ-UBND"),
         "(Kèm theo Quyết định số 02144/QĐ-UBND ngày …/6/2025 của Ủy ban nhân dân tỉnh Đắk Lắk)"),
    ],
)
def test_subtitle_fills_what_is_known_and_leaves_the_rest_open(
        frameworks: dict[str, Framework], data: ReportData, options: ReportOptions, subtitle: str) -> None:
    assert build_report(frameworks["cqs"], data, options).subtitle == subtitle


def test_as_of_chooses_the_results_and_the_heading(frameworks: dict[str, Framework], data: ReportData) -> None:
    report = build_report(frameworks["cds2025"], data, ReportOptions("66", as_of=Period.parse("2022")))
    rows = {row.code: row.cells for row in report.body if row.kind is RowKind.DATA}

    assert report.header[0].cells[3].text == "Kết quả thực hiện năm 2022"
    assert rows["III.5"][3].text == "Loại B"  # rated in 2021, the latest result by 2022
    assert rows["I.2"][3].text == ""  # its result is from 2023


def test_layouts_are_a_registry(frameworks: dict[str, Framework], data: ReportData) -> None:
    framework = replace(frameworks["cqs"], layout="one_line")
    with pytest.raises(InputError, match="mẫu báo cáo «one_line» chưa được đăng ký"):
        layout_for(framework)

    @register_layout("one_line", "Một dòng")
    def one_line(fw: Framework, d: ReportData, o: ReportOptions) -> Report:
        return replace(LAYOUTS["statistics_table"].build(fw, d, o), body=())

    try:
        assert build_report(framework, data, ReportOptions("66")).body == ()
    finally:
        del LAYOUTS["one_line"]


def test_a_framework_without_layout_or_targets_gets_the_statistics_table() -> None:
    framework = load_framework("code: x\ntitle: X\nindicators: [{code: 1, name: Số hồ sơ, type: count}]\n")
    assert layout_for(framework).kind == "statistics_table"
