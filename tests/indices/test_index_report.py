"""The index card report: a new province's own index over three communes, and the shipped QĐ 766 on dossiers.

Tỉnh Thử (98) reports only its overdue share; its communes report counts (tests/indices/data/index_province).
The points expected below are worked by hand from the values there and the rule of docs/indices.md (below the
threshold, rate × max ÷ threshold; lower is better, (100 − rate) × max ÷ (100 − threshold); 2 decimals).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.periods import Period
from chiso.reports import Report, ReportOptions, RowKind, render
from chiso.reports.exporters.pdf import libreoffice_path

DATA = Path(__file__).parent / "data" / "index_province"
Q1 = Period.parse("2026Q1")
FORMATS = ("docx", "xlsx", "html", "csv", "json")
pytestmark = pytest.mark.django_db
runner = CliRunner(env={"COLUMNS": "250"})

# Xã Một: 90/100 online (≥ 80 %: 10), 40/50 e-results (80 % of 100 %: 4), 5 % overdue (≤ 10 %: 5) → 19.
# Xã Hai: 30/60 = 50 % (50 × 10 ÷ 80 = 6,25), no completed dossier (declared zero: 0), 20 % overdue
#         ((100 − 20) × 5 ÷ 90 = 4,44) → 10,69. Xã Ba: 70 % (8,75), no e-result nor overdue figure → 8,75 of 10.
COMMUNES = {"98001": (Decimal("19.00"), Decimal(20)), "98002": (Decimal("10.69"), Decimal(20)),
            "98003": (Decimal("8.75"), Decimal(10))}
# The province: 190/260 = 73,08 % (9,135 → 9,14; 208 online reach 80 %: 18 more), 40/50 (4), 12 % entered
# ((100 − 12) × 5 ÷ 90 = 4,888… → 4,89): 18,03 of 20.
PROVINCE = {"1": Decimal("9.14"), "1.1": Decimal("9.14"), "2": Decimal("8.89"), "2.1": Decimal("4.00"),
            "2.2": Decimal("4.89"), "total": Decimal("18.03")}


@pytest.fixture
def province(db: None) -> None:
    from chiso.cli.store import load_files

    load_files([DATA / "framework.yaml", DATA / "org_units.csv", DATA / "values.csv"])


def card(unit: str = "98", period: Period = Q1) -> Report:
    from chiso.store import analysis

    return analysis.report("dvcxa", ReportOptions(unit=unit, as_of=period))


def rows(report: Report) -> dict[str, tuple[str, ...]]:
    return {row.code: tuple(c.text for c in row.cells) for row in report.body if row.code}


def numbers(report: Report, column: int) -> dict[str, Decimal | None]:
    return {row.code: row.cells[column].number for row in report.body if row.kind is RowKind.DATA
            and len(row.cells) > column}


def test_the_card_holds_each_group_and_item_with_its_points_and_need(province: None) -> None:
    report = card()
    assert report.layout == "index_card" and report.title == "CHỈ SỐ PHỤC VỤ CẤP XÃ"
    shown = rows(report)
    assert shown["1.1"] == ("1.1", "Hồ sơ trực tuyến", "73,08%", "80%", "9,14", "10",
                            "cần thêm 18 hồ sơ trực tuyến để đạt ngưỡng")
    assert shown["2.1"][2:6] == ("80,00%", "100%", "4,00", "5")
    assert shown["2.1"][6] == "cần thêm 10 hồ sơ để đạt ngưỡng"
    assert shown["2.2"][2:6] == ("12,00%", "10%", "4,89", "5")
    assert {code: numbers(report, 4)[code] for code in PROVINCE} == PROVINCE
    assert shown["total"][4:6] == ("18,03", "20")
    assert shown["rank"][4] == "1/1"  # a province outside the official lists is ranked among its own kind


def test_the_second_table_lists_the_communes_that_cost_the_most_points_first(province: None) -> None:
    report = card()
    body = list(report.body)
    start = next(n for n, row in enumerate(body) if row.kind is RowKind.SECTION)
    units = [row for row in body[start:] if row.kind is RowKind.DATA]
    assert [row.code for row in units] == ["98002", "98003", "98001"]  # 9,31, 1,25 and 1 point lost
    assert [(row.cells[4].number, row.cells[5].number) for row in units] == [COMMUNES[r.code] for r in units]
    assert units[0].cells[6].text == "mất 9,31 điểm: 2.1 Kết quả điện tử (−5); 1.1 Hồ sơ trực tuyến (−3,75); " \
                                     "2.2 Hồ sơ quá hạn (−0,56)"


def test_a_commune_s_card_says_na_missing_and_its_rank_among_the_communes(province: None) -> None:
    ba, hai = rows(card("98003")), rows(card("98002"))
    assert ba["2.1"][4:] == ("–", "5", "Chưa có số liệu") and ba["2.2"][4:] == ("–", "5", "Chưa có số liệu")
    assert ba["total"][4:] == ("8,75", "20", "chấm trên 10 điểm: có tiêu chí N/A hoặc chưa có số liệu")
    assert (ba["rank"][4], hai["rank"][4]) == ("3/3", "2/3")
    assert hai["2.1"][4] == "0,00"  # a zero denominator declared worth 0, not N/A


def test_every_exporter_renders_the_card_and_the_spreadsheet_holds_numbers(province: None) -> None:
    report = card()
    for format in FORMATS:
        assert render(report, format)
    sheet = load_workbook(io.BytesIO(render(report, "xlsx"))).active
    by_code = {str(r[0].value): r for r in sheet.iter_rows() if r[0].value is not None}
    assert [Decimal(str(by_code["1.1"][c].value)) for c in (2, 3, 4, 5)] == [Decimal("73.08"), 80, Decimal("9.14"), 10]
    assert all(isinstance(by_code["1.1"][c].value, int | float) for c in (2, 3, 4, 5))
    assert by_code["1.1"][2].number_format.endswith('0.00"%"')
    assert Decimal(str(by_code["98002"][4].value)) == Decimal("10.69")
    tidy = json.loads(render(report, "json"))["rows"]
    assert {(r["code"], r["column"]): r["number"] for r in tidy}[("total", "Điểm")] == "18.03"


@pytest.mark.skipif(libreoffice_path() is None, reason="LibreOffice is not installed")
def test_the_pdf_and_the_word_document_read_the_points_and_the_communes(province: None) -> None:
    report = card()
    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(render(report, "pdf"))).pages)
    assert "cần thêm 18 hồ sơ trực tuyến để đạt ngưỡng" in pdf and "Xã Hai" in pdf and "18,03" in pdf
    document = Document(io.BytesIO(render(report, "docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Đơn vị cấp dưới làm mất nhiều điểm nhất" in cells and "9,14" in cells
    assert "Tổng điểm" in render(report, "html").decode("utf-8")


def test_the_command_line_writes_the_card_of_a_framework_asked_for_with_layout_index(province: None) -> None:
    result = runner.invoke(app, ["report", "dvcxa", "-u", "98", "--as-of", "2026Q1", "--layout", "index",
                                 "--format", "csv", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert "1.1,Hồ sơ trực tuyến,Điểm,\"9,14\",9.14" in result.stdout


def test_the_store_wrappers_give_the_scorecard_and_the_costs(province: None) -> None:
    from chiso.store import analysis

    scored = analysis.index_scorecard("dvcxa", "98002", Q1, peers=True)
    assert scored.score.total == Decimal("10.69") and scored.rank is not None and scored.rank.text == "2/3"
    assert [s.unit for s in scored.peers] == ["98001", "98002", "98003"]
    assert [s.unit for s in analysis.index_costs("dvcxa", "98", Q1)] == ["98002", "98003", "98001"]


# --- The shipped QĐ 766 on dossier figures, as tests/indices/test_qd766_end_to_end.py builds the store ----------


def test_the_qd766_card_from_dossiers_agrees_with_index_show(shipped_store: None, tmp_path: Path) -> None:
    from test_qd766_end_to_end import DOSSIERS, ENTERED, PROCEDURES, show

    (tmp_path / "tthc.csv").write_text(PROCEDURES, encoding="utf-8")
    (tmp_path / "hoso.csv").write_text(DOSSIERS, encoding="utf-8")
    computed = runner.invoke(app, ["dossiers", "compute", "--framework", "qd766", "--procedures",
                                   str(tmp_path / "tthc.csv"), "--dossiers", str(tmp_path / "hoso.csv"), "--unit",
                                   "66", "--periods", "2025Q1", "--save"])
    assert computed.exit_code == 0, computed.stderr
    (tmp_path / "nhap.csv").write_text("framework,indicator,unit,period,value\n" + "".join(
        f"qd766,{code},66,2025Q1,{value}\n" for code, value in ENTERED.items()), encoding="utf-8")
    assert runner.invoke(app, ["load", str(tmp_path / "nhap.csv")]).exit_code == 0
    from chiso.store import analysis

    report = analysis.index_report("qd766", ReportOptions(unit="66", as_of=Period.parse("2025Q1")))
    expected = show("--unit", "66")
    assert isinstance(expected, dict)
    points = {i["code"]: i["points"] for g in expected["groups"] for i in g["items"]}
    got = numbers(report, 4)
    assert {code: None if got[code] is None else format(got[code], "f") for code in points} == points
    assert rows(report)["5.4"][6] == "cần thêm 3 hồ sơ tái sử dụng dữ liệu để đạt ngưỡng"
    # The first quarter of 2025 is before the 34 provinces: Đắk Lắk alone of the 63 has a score
    assert rows(report)["rank"][4] == "1/63 (1 đơn vị có điểm)"
    losing = [row.code for row in report.body[next(n for n, r in enumerate(report.body)
                                                    if r.kind is RowKind.SECTION):] if row.kind is RowKind.DATA]
    by_unit = show("--unit", "66", "--by", "unit")
    assert isinstance(by_unit, list)
    assert losing[:2] == [u["unit"] for u in by_unit][:2]
