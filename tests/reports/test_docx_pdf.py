"""The DOCX and PDF exporters draw the seed documents' tables as Nghị định 30/2020 lays out an appendix.

Reports are built from the shipped files (no database). The DOCX is read back with python-docx and
compared cell for cell with the tables typed in ``tests/seed_tables.py``; the PDF is made by the real
LibreOffice (those tests are skipped when it is not installed) and read back with pypdf.
"""

from __future__ import annotations

import io
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from pypdf import PdfReader

import seed_tables as seeds  # noqa: E402  (tests/ is on pythonpath)
from chiso.catalog.loader import shipped_frameworks
from chiso.data import shipped_report_data
from chiso.errors import ChisoError
from chiso.periods import period_range
from chiso.reports.build import build_report, render
from chiso.reports.exporters import EXPORTERS
from chiso.reports.exporters.pdf import docx_to_pdf, libreoffice_path
from chiso.reports.model import Report
from chiso.reports.options import ReportData, ReportOptions

FONT = "Times New Roman"
TOP_MARGIN_PT = 20 / 25.4 * 72
needs_libreoffice = pytest.mark.skipif(libreoffice_path() is None,
                                       reason="LibreOffice (soffice) is not installed: no PDF can be made")


@pytest.fixture(scope="module")
def data() -> ReportData:
    return shipped_report_data()


def cqs_report(data: ReportData, summary: bool = False, charts: bool = False) -> Report:
    years = ReportOptions(unit=seeds.CQS_UNIT, periods=tuple(period_range("2021:2025")), summary=summary,
                          charts=charts)
    return build_report(shipped_frameworks()["cqs"], data, years)


@pytest.fixture(scope="module")
def reports(data: ReportData) -> dict[str, Report]:
    cds = build_report(shipped_frameworks()["cds2025"], data, ReportOptions(unit=seeds.CDS2025_UNIT))
    return {"cqs": cqs_report(data), "cds2025": cds}


def read_docx(report: Report) -> DocumentObject:
    return Document(io.BytesIO(render(report, "docx")))


@pytest.fixture(scope="module")
def cqs_docx(reports: dict[str, Report]) -> DocumentObject:
    return read_docx(reports["cqs"])


def grid(table: Table) -> list[list[str]]:
    """Every cell's text, a merged cell repeated in each place it covers."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def flat(text: str) -> str:
    return " ".join(text.split())


def mm(length: int | None) -> float:
    """A length in millimetres (Word keeps lengths in twentieths of a point)."""
    assert length is not None
    return round(length / Mm(1), 1)


def row_of(table: Table, code: str) -> int:
    return next(i for i, row in enumerate(table.rows) if row.cells[0].text == f"{code}.")


# --- DOCX: the statistics table (Phụ lục VIII) ----------------------------------------------------------


def test_exporters_are_registered() -> None:
    assert EXPORTERS["docx"].media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (EXPORTERS["pdf"].media_type, EXPORTERS["pdf"].extension) == ("application/pdf", ".pdf")


def test_cqs_docx_cells_are_the_seed_table(cqs_docx: DocumentObject) -> None:
    assert len(cqs_docx.tables) == 1
    cells = [[flat(text) for text in row] for row in grid(cqs_docx.tables[0])]
    assert cells[0] == ["STT", "Chỉ tiêu", *["Tỉnh Đắk Lắk"] * 5]
    assert cells[1] == ["STT", "Chỉ tiêu", *seeds.CQS_COLUMNS]
    assert len(cells) == 2 + len(seeds.CQS_ROWS)
    for row, (code, name, values) in zip(cells[2:], seeds.CQS_ROWS, strict=True):
        assert (row[0].rstrip("."), row[1]) == (code, name)
        assert tuple(row[2:]) == values, code


def test_cqs_docx_merges_and_notes(cqs_docx: DocumentObject) -> None:
    table = cqs_docx.tables[0]
    merged = table.rows[row_of(table, "4.1")]._tr.tc_lst
    assert len(merged) == 3 and merged[2].grid_span == 5
    assert merged[2].xpath("string(.)") == "Đã triển khai tại địa chỉ https://dichvucong.daklak.gov.vn/"
    top = table.rows[0]._tr.tc_lst
    assert [tc.grid_span for tc in top] == [1, 1, 5] and top[0].vMerge == "restart"
    note_cell = table.cell(row_of(table, "5.5.1"), 5)
    assert flat(note_cell.text) == "374 theo QĐ 2741/QĐ-UBND ngày 22/12/2023"
    assert [p.text for p in note_cell.paragraphs] == ["374", "theo QĐ 2741/QĐ-UBND ngày 22/12/2023"]


def test_cqs_docx_page_is_a4_landscape_with_the_decree_margins(cqs_docx: DocumentObject) -> None:
    section = cqs_docx.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (mm(section.page_width), mm(section.page_height)) == (297, 210)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)


def test_cqs_docx_table_layout(cqs_docx: DocumentObject, reports: dict[str, Report]) -> None:
    table = cqs_docx.tables[0]
    assert table.style is not None and table.style.name == "Table Grid"
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    repeated = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows]
    assert repeated == [True, True] + [False] * len(seeds.CQS_ROWS)
    for column, spec in zip(table.columns, reports["cqs"].columns, strict=True):
        assert mm(column.width) == round(spec.width_mm, 1)
    assert sum(spec.width_mm for spec in reports["cqs"].columns) <= 297 - 30 - 15
    name = table.cell(row_of(table, "5.1"), 1)
    assert name.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.CENTER
    assert name.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert table.cell(row_of(table, "5.1"), 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    group = table.cell(row_of(table, "5"), 1).paragraphs[0].runs[0]
    assert group.bold and not name.paragraphs[0].runs[0].bold
    assert table.cell(0, 2).paragraphs[0].runs[0].bold


def test_cqs_docx_fonts(cqs_docx: DocumentObject) -> None:
    assert cqs_docx.styles["Normal"].font.name == FONT
    runs = [run for p in cqs_docx.paragraphs for run in p.runs]
    runs += [run for row in cqs_docx.tables[0].rows for cell in row.cells for p in cell.paragraphs for run in p.runs]
    for run in runs:
        fonts = run._r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}
    sizes = {run.font.size for row in cqs_docx.tables[0].rows for run in row.cells[1].paragraphs[0].runs}
    assert sizes == {Pt(12)}


def test_cqs_docx_headings_and_footnote(cqs_docx: DocumentObject, reports: dict[str, Report]) -> None:
    appendix, title, subtitle = cqs_docx.paragraphs[:3]
    assert appendix.text == "Phụ lục VIII" and appendix.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (appendix.runs[0].bold, appendix.runs[0].font.size) == (True, Pt(14))
    assert title.text == reports["cqs"].title and title.text.isupper()
    assert (title.runs[0].bold, title.runs[0].font.size, title.alignment) == (True, Pt(13), WD_ALIGN_PARAGRAPH.CENTER)
    assert subtitle.text.startswith("(Kèm theo Báo cáo số") and subtitle.runs[0].italic
    footnote = cqs_docx.paragraphs[3]
    assert footnote.text == "Số liệu cột «Năm 2025» là số liệu 6 tháng đầu năm 2025."
    assert (footnote.runs[0].italic, footnote.runs[0].font.size) == (True, Pt(12))
    texts = [p.text for p in cqs_docx.paragraphs]
    assert "Tóm tắt tình hình thực hiện" not in texts and "Biểu đồ" not in texts


def test_cqs_docx_page_number_hidden_on_page_one(cqs_docx: DocumentObject, reports: dict[str, Report]) -> None:
    section = cqs_docx.sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    assert all(not p.text for p in section.first_page_header.paragraphs)
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert number._p.xpath("string(.//w:instrText)").strip() == "PAGE"
    assert {run.font.size for run in number.runs} == {Pt(13)}
    properties = cqs_docx.core_properties
    assert (properties.title, properties.language) == (reports["cqs"].title, "vi-VN")


def test_docx_summary_and_charts(data: ReportData) -> None:
    report = cqs_report(data, summary=True, charts=True)
    assert report.summary and report.charts
    document = read_docx(report)
    texts = [p.text for p in document.paragraphs]
    heading = document.paragraphs[texts.index("Tóm tắt tình hình thực hiện")]
    assert heading.runs[0].bold
    first = document.paragraphs[texts.index(report.summary[0])]
    assert first.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert (mm(first.paragraph_format.first_line_indent), first.runs[0].font.size) == (10, Pt(13))
    assert texts.index("Biểu đồ") > texts.index(report.summary[-1])
    assert len(document.inline_shapes) == len(report.charts)
    assert all(mm(shape.width) == 120 for shape in document.inline_shapes)
    assert all(chart.title in texts for chart in report.charts)


# --- DOCX: the target evaluation table (cds2025) --------------------------------------------------------


def test_cds2025_docx_cells_are_the_seed_table(reports: dict[str, Report]) -> None:
    document = read_docx(reports["cds2025"])
    assert document.paragraphs[0].text == reports["cds2025"].title  # no appendix line: the document has none
    rows = iter(grid(document.tables[0]))
    assert next(rows)[:2] == list(seeds.CDS2025_COLUMNS[:2])
    for section, title in seeds.CDS2025_SECTIONS:
        assert next(rows) == [section, title, title, title, title]
        for code, name, target, result, status, note in seeds.CDS2025_ROWS:
            if code.split(".")[0] == section:
                row = next(rows)
                assert row[:4] == [code.split(".")[1], name, target, result], code
                lines = row[4].split("\n")
                assert lines[0] == status or (not status and lines[0]), code
                assert lines[1:] == ([note] if note else []), code
    assert next(rows, None) is None


def test_cds2025_docx_section_rows_are_bold_and_merged(reports: dict[str, Report]) -> None:
    table = read_docx(reports["cds2025"]).tables[0]
    sections = [row for row in table.rows if row.cells[0].text in {"I", "II", "III"}]
    assert len(sections) == 3
    for row in sections:
        assert [tc.grid_span for tc in row._tr.tc_lst] == [1, 4]
        assert all(run.bold for cell in row.cells for p in cell.paragraphs for run in p.runs)


# --- PDF --------------------------------------------------------------------------------------------------


def top_margin_texts(reader: PdfReader, page: int) -> list[str]:
    """The text printed in the page's top margin: where the page number goes."""
    height = float(reader.pages[page].mediabox.height)
    found: list[str] = []
    reader.pages[page].extract_text(visitor_text=lambda text, cm, tm, font, size: found.append(text.strip())
                                    if text.strip() and tm[5] > height - TOP_MARGIN_PT else None)
    return found


@pytest.fixture(scope="module")
def cqs_pdf(reports: dict[str, Report]) -> PdfReader:
    if libreoffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF can be made")
    return PdfReader(io.BytesIO(render(reports["cqs"], "pdf")))


@needs_libreoffice
def test_cqs_pdf_text_page_and_numbers(cqs_pdf: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in cqs_pdf.pages)
    for expected in ("Phụ lục VIII", "THỐNG KÊ CÁC CHỈ TIÊU", "1.247.855", "46,14", "Tỉnh Đắk Lắk",
                     "Năm 2021", "Số liệu cột «Năm 2025» là số liệu 6 tháng đầu năm 2025."):
        assert expected in text, expected
    assert len(cqs_pdf.pages) >= 2
    for page in cqs_pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    assert top_margin_texts(cqs_pdf, 0) == []
    assert top_margin_texts(cqs_pdf, 1) == ["2"]
    assert "STT" in cqs_pdf.pages[1].extract_text()  # the header row repeated on page 2


@needs_libreoffice
def test_cds2025_pdf_text(reports: dict[str, Report]) -> None:
    reader = PdfReader(io.BytesIO(render(reports["cds2025"], "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Đạt chỉ tiêu", "Vượt chỉ tiêu", "Phát triển xã hội số, thu hẹp khoảng cách số", "98,9% xã"):
        assert expected in text, expected


@needs_libreoffice
def test_pdf_conversions_side_by_side(reports: dict[str, Report]) -> None:
    content = render(reports["cds2025"], "docx")
    with ThreadPoolExecutor(2) as pool:
        pdfs = list(pool.map(docx_to_pdf, [content, content]))
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)


def test_pdf_without_libreoffice_says_how_to_install_it(reports: dict[str, Report], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert libreoffice_path() is None
    with pytest.raises(ChisoError) as raised:
        render(reports["cqs"], "pdf")
    message = str(raised.value)
    assert "LibreOffice" in message and "apt-get install libreoffice-writer-nogui" in message
    assert "--format docx" in message


def test_pdf_conversion_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\nsleep 30\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}:/bin:/usr/bin")
    with pytest.raises(ChisoError, match="sau 0.5 giây"):
        docx_to_pdf(b"PK", timeout=0.5)
