"""The appendix readers give back chiso's own reports of the shipped data, cell for cell.

Reports are built from the shipped files (no database) and written as DOCX, XLSX, HTML and PDF (the PDF
by the real LibreOffice: those tests are skipped when it is not installed); each is read back with
:func:`chiso.appendix.readers.read_tables` and compared with the tables typed in ``tests/seed_tables.py``.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

import seed_tables as seeds  # noqa: E402  (tests/ is on pythonpath)
from chiso.appendix.model import SourceCell, SourceTable
from chiso.appendix.readers import (
    MAX_ROWS,
    SourceFile,
    TableBuilder,
    read_tables,
    register_table_reader,
    unregister_table_reader,
)
from chiso.catalog.loader import shipped_frameworks
from chiso.data import shipped_report_data
from chiso.errors import InputError
from chiso.periods import period_range
from chiso.reports.build import build_report, render
from chiso.reports.exporters.pdf import libreoffice_path
from chiso.reports.model import Report
from chiso.reports.options import ReportOptions

needs_libreoffice = pytest.mark.skipif(libreoffice_path() is None,
                                       reason="LibreOffice (soffice) is not installed: no PDF can be made")
CQS_HEADER = [["STT", "Chỉ tiêu", "Tỉnh Đắk Lắk"], ["", "", *seeds.CQS_COLUMNS]]
CDS_HEADER = ["TT", "Nội dung chỉ tiêu", "Chỉ tiêu đến năm 2025", "Kết quả thực hiện đến tháng 6/2023",
              "Đánh giá/Ghi chú"]
Rows = list[list[str]]


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    frameworks, data = shipped_frameworks(), shipped_report_data()
    years = ReportOptions(unit=seeds.CQS_UNIT, periods=tuple(period_range("2021:2025")))
    return {"cqs": build_report(frameworks["cqs"], data, years),
            "cds2025": build_report(frameworks["cds2025"], data, ReportOptions(unit=seeds.CDS2025_UNIT))}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("appendices")


def written(reports: dict[str, Report], folder: Path, name: str, kind: str) -> Path:
    path = folder / f"{name}.{kind}"
    if not path.exists():
        path.write_bytes(render(reports[name], kind))
    return path


def texts(table: SourceTable) -> Rows:
    return [[cell.text for cell in row] for row in table.rows]


def spread(table: SourceTable) -> Rows:
    """The table's grid, a merged cell repeated in each column it spans (as the seed tables type it)."""
    found = []
    for row in table.grid():
        cells: list[str] = []
        for cell in row:
            cells.append(cell.text if cell is not None else cells[-1])
        found.append(cells)
    return found


def cell_of(table: SourceTable, text: str) -> SourceCell:
    return next(c for row in table.rows for c in row if c.text == text)


def only(tables: list[SourceTable]) -> SourceTable:
    assert len(tables) == 1
    return tables[0]


def assert_cqs_body(rows: Rows) -> None:
    """The body as the seed prints it: "5.1.1.", its name, the five years' cells (a merged cell repeated)."""
    assert len(rows) == len(seeds.CQS_ROWS)
    for row, (code, name, cells) in zip(rows, seeds.CQS_ROWS, strict=True):
        assert row[:2] == [f"{code}.", name]
        assert tuple(row[2:7]) == cells, code


def cds_expected() -> Iterator[tuple[str, str, str, str]]:
    """(TT, name, target, result) of each body row, the sections' rows first (their title in column 2)."""
    for section, title in seeds.CDS2025_SECTIONS:
        yield section, title, title, title
        for code, name, target, result, _, _ in seeds.CDS2025_ROWS:
            if code.split(".")[0] == section:
                yield code.split(".")[1], name, target, result


def assert_cds_body(rows: Rows) -> None:
    assert [tuple(row[:4]) for row in rows] == list(cds_expected())


def assert_places(tables: Iterable[SourceTable], path: Path) -> None:
    """Every cell names the file and its sha256, its table, and the row and column it is in."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for table in tables:
        assert (table.file, table.sha256) == (path.name, digest)
        for number, row in enumerate(table.rows, start=1):
            columns = [cell.place.column for cell in row]
            assert columns == sorted(columns) and len(set(columns)) == len(columns)
            for cell in row:
                place = cell.place
                assert (place.file, place.sha256, place.table, place.row, place.page) == (
                    path.name, digest, table.index, number, table.page)


# --- DOCX ---------------------------------------------------------------------------------------------------

def test_docx_statistics_table(reports: dict[str, Report], folder: Path) -> None:
    path = written(reports, folder, "cqs", "docx")
    table = only(read_tables(path))
    assert table.index == 1 and table.page is None
    assert texts(table)[:2] == CQS_HEADER
    assert cell_of(table, "Tỉnh Đắk Lắk").span == 5
    assert [c.span for c in table.rows[1][:2]] == [1, 1]  # STT and Chỉ tiêu merged down: empty below
    assert_cqs_body(spread(table)[2:])
    merged = next(row for row in table.rows if row[0].text == "4.1.")
    assert [c.span for c in merged] == [1, 1, 5]
    figure = next(row for row in table.rows if row[0].text == "5.1.1.")[2]
    assert figure.text == "1.543"
    assert figure.place.text.startswith(f"tệp cqs.docx (sha256 {table.sha256[:12]}…), bảng 1, dòng ")
    assert (figure.place.column, figure.place.row) == (3, 2 + [c for c, _, _ in seeds.CQS_ROWS].index("5.1.1") + 1)
    assert_places([table], path)


def test_docx_target_evaluation(reports: dict[str, Report], folder: Path) -> None:
    path = written(reports, folder, "cds2025", "docx")
    table = only(read_tables(path))
    assert texts(table)[0] == CDS_HEADER
    section = table.rows[1]
    assert [(c.text, c.span) for c in section] == [("I", 1), (seeds.CDS2025_SECTIONS[0][1], 4)]
    assert_cds_body(spread(table)[1:])
    note = next(r for r in table.rows if r[1].text.startswith("Tỷ lệ dân số có tài khoản"))[4].text
    assert note.endswith(" " + seeds._NOTE_III3)  # a cell's paragraphs joined by a space
    assert_places([table], path)


def test_docx_merges_and_blanks(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Cột  gộp\tdọc"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Gộp ngang"
    table.cell(2, 2).text = "dòng một"
    table.cell(2, 2).add_paragraph("dòng\u00a0hai")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "bảng hai"
    path = tmp_path / "phuluc.docx"
    document.save(str(path))
    first, second = read_tables(path)
    assert [[(c.text, c.place.column, c.span) for c in row] for row in first.rows] == [
        [("Cột gộp dọc", 1, 1), ("Gộp ngang", 2, 2)],
        [("", 1, 1), ("", 2, 1), ("", 3, 1)],
        [("", 1, 1), ("", 2, 1), ("dòng một dòng hai", 3, 1)],
    ]
    assert (second.index, texts(second)) == (2, [["bảng hai"]])


# --- XLSX ---------------------------------------------------------------------------------------------------

def test_xlsx_statistics_sheet(reports: dict[str, Report], folder: Path) -> None:
    path = written(reports, folder, "cqs", "xlsx")
    table = only(read_tables(path))
    assert table.index == 1
    assert [(c.text, c.span) for c in table.rows[0]] == [("Phụ lục VIII", 8)]  # the title across the sheet
    header = next(i for i, row in enumerate(table.rows) if row[0].text == "STT")
    assert texts(table)[header][:3] == CQS_HEADER[0]
    assert texts(table)[header + 1][:7] == CQS_HEADER[1]
    assert cell_of(table, "Tỉnh Đắk Lắk").span == 5
    body = [row for row in spread(table)[header + 2:] if re.fullmatch(r"\d+(\.\d+)*\.", row[0])]
    assert [row[:2] for row in body] == [[f"{code}.", name] for code, name, _ in seeds.CQS_ROWS]
    rows = {row[0]: row for row in body}
    # numbers as the sheet prints them, the Vietnamese way; a printed "100%" is 100 under "#,##0"%""
    assert rows["5.1.1."][2] == "1.543" and rows["5.4.1."][3] == "1.247.855"
    assert rows["5.1."][2:7] == ["46,14", "39,13", "41,5", "50,49", "50,49"]
    assert rows["2."][2] == "100%" and rows["5.1.3."][2] == "-"
    assert rows["4.1."][2:7] == [seeds.CQS_ROWS[4][2][0]] * 5
    figure = next(row for row in table.rows if row[0].text == "5.1.1.")[2]
    assert (figure.place.row, figure.place.column) == (header + 1 + 2 + 8, 3)  # the sheet's own row and column: C15
    assert_places([table], path)


def test_xlsx_merges_trailing_blanks_and_typed_text(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Chỉ tiêu", "Năm 2021", None])
    sheet.append([None, None, None])
    sheet.append(["1", "Tỷ lệ", 0.4614, "46,14"])
    sheet["C3"].number_format = "0.00%"
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("C1:D1")
    sheet["F9"].number_format = "0.00"  # formatting, no value: not part of the table
    book.create_sheet("Trống")
    book.create_sheet("Ba")["A1"] = "trang ba"
    path = tmp_path / "phuluc.xlsx"
    book.save(path)
    first, third = read_tables(path)
    assert [[(c.text, c.place.column, c.span) for c in row] for row in first.rows] == [
        [("STT", 1, 1), ("Chỉ tiêu", 2, 1), ("Năm 2021", 3, 2)],
        [("", 1, 1), ("", 2, 1), ("", 3, 1), ("", 4, 1)],
        [("1", 1, 1), ("Tỷ lệ", 2, 1), ("46,14%", 3, 1), ("46,14", 4, 1)],  # a number as printed, as typed text
    ]
    assert (third.index, texts(third)) == (3, [["trang ba"]])  # an empty sheet gives no table


# --- HTML ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cqs", "cds2025"])
def test_html_gives_the_docx_table(reports: dict[str, Report], folder: Path, name: str) -> None:
    path = written(reports, folder, name, "html")
    table = only(read_tables(path))
    word = only(read_tables(written(reports, folder, name, "docx")))

    def cells(t: SourceTable) -> list[list[tuple[str, int, int, int]]]:
        return [[(c.text, c.place.row, c.place.column, c.span) for c in row] for row in t.rows]

    assert cells(table) == cells(word)
    assert_places([table], path)


def test_html_spans_breaks_and_nested_tables(tmp_path: Path) -> None:
    path = tmp_path / "phuluc.htm"
    path.write_text(
        "<html><head><meta charset='utf-8'><style>.ghi { display: block }</style></head><body>"
        "<table><tr><th rowspan=2>TT<th colspan='2'>Kết quả<br>năm&nbsp;2023<th rowspan=3>Gh<b>i</b> chú</tr>"
        "<tr><td>Quý 1<td rowspan=2>Quý 2<span class=ghi>ước</span></tr>"
        "<tr><td>1<td>5<table><tr><td>bảng trong ô</td></tr></table> %</tr>"
        "</table><script>var x = '<table>';</script></body></html>", encoding="utf-8")
    outer, inner = read_tables(path)
    assert [[(c.text, c.place.column, c.span) for c in row] for row in outer.rows] == [
        [("TT", 1, 1), ("Kết quả năm 2023", 2, 2), ("Ghi chú", 4, 1)],
        [("", 1, 1), ("Quý 1", 2, 1), ("Quý 2 ước", 3, 1), ("", 4, 1)],
        [("1", 1, 1), ("5 %", 2, 1), ("", 3, 1), ("", 4, 1)],
    ]
    assert (inner.index, texts(inner)) == (2, [["bảng trong ô"]])


# --- PDF ----------------------------------------------------------------------------------------------------

@needs_libreoffice
def test_pdf_statistics_table_by_page(reports: dict[str, Report], folder: Path) -> None:
    path = written(reports, folder, "cqs", "pdf")
    tables = read_tables(path)
    assert [t.index for t in tables] == list(range(1, len(tables) + 1)) and len(tables) > 1
    assert [t.page for t in tables] == list(range(1, len(tables) + 1))  # the table goes on over the pages
    body: Rows = []
    for table in tables:  # every page repeats the two header rows
        assert texts(table)[:2] == CQS_HEADER
        assert cell_of(table, "Tỉnh Đắk Lắk").span == 5
        body += spread(table)[2:]
    assert_cqs_body(body)
    figure = next(row for t in tables for row in t.rows if row[0].text == "5.1.1.")[2]
    assert figure.text == "1.543" and figure.place.page == 1
    assert figure.place.text.startswith(f"tệp cqs.pdf (sha256 {tables[0].sha256[:12]}…), trang 1, bảng 1")
    assert_places(tables, path)


@needs_libreoffice
def test_pdf_target_evaluation(reports: dict[str, Report], folder: Path) -> None:
    path = written(reports, folder, "cds2025", "pdf")
    tables = read_tables(path)
    body: Rows = []
    for table in tables:
        assert texts(table)[0] == CDS_HEADER
        body += spread(table)[1:]
    assert_cds_body(body)
    section = next(row for t in tables for row in t.rows if row[0].text == "II")
    assert section[1].span == 4
    assert_places(tables, path)


def test_pdf_with_neither_text_nor_a_scan_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "trang-trang.pdf"
    with path.open("wb") as out:
        writer.write(out)
    with pytest.raises(InputError) as raised:
        read_tables(path)
    assert raised.value.file == str(path)
    assert raised.value.message == "tệp PDF không có chữ, cũng không có ảnh trang quét nào"


def test_a_damaged_pdf_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4\n this is no PDF")
    with pytest.raises(InputError) as raised:
        read_tables(path)
    assert raised.value.file == str(path)


# --- Bounds and the registry --------------------------------------------------------------------------------

def test_a_file_over_50_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lon.docx"
    with path.open("wb") as handle:
        handle.truncate(50 * (1 << 20) + 1)
    with pytest.raises(InputError) as raised:
        read_tables(path)
    assert raised.value.file == str(path) and "50 MB" in raised.value.message


def test_a_table_over_10_000_rows_is_refused_in_html(tmp_path: Path) -> None:
    path = tmp_path / "dai.html"
    path.write_text("<table>" + "<tr><td>1</td></tr>" * (MAX_ROWS + 1) + "</table>", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_tables(path)
    assert raised.value.file == str(path) and "10.000 dòng" in raised.value.message
    path.write_text("<table>" + "<tr><td>1</td></tr>" * MAX_ROWS + "</table>", encoding="utf-8")
    assert len(only(read_tables(path)).rows) == MAX_ROWS


def test_a_sheet_over_10_000_rows_is_refused(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for number in range(MAX_ROWS + 1):
        sheet.append([number])
    path = tmp_path / "dai.xlsx"
    book.save(path)
    with pytest.raises(InputError) as raised:
        read_tables(path)
    assert raised.value.file == str(path) and "10.000 dòng" in str(raised.value)


def test_an_unread_suffix_lists_the_suffixes_read(tmp_path: Path) -> None:
    path = tmp_path / "phuluc.odt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as raised:
        read_tables(path)
    assert raised.value.file == str(path)
    assert raised.value.expected is not None
    assert all(s in raised.value.expected for s in (".docx", ".xlsx", ".html", ".htm", ".pdf"))


def test_a_plug_in_reader_registers_as_the_built_ins_do(tmp_path: Path) -> None:
    @register_table_reader("tsv-test", (".TSVX",))
    def read_tsv(source: SourceFile) -> Iterator[SourceTable]:
        builder = TableBuilder(source, 1)
        for number, line in enumerate(source.data.decode().splitlines(), start=1):
            builder.add(number, ((text, column, 1) for column, text in enumerate(line.split("\t"), start=1)))
        yield builder.table()

    try:
        path = tmp_path / "phuluc.tsvx"
        path.write_text("STT\tChỉ tiêu\n1.\t Tỷ lệ  hồ sơ \n", encoding="utf-8")
        table = only(read_tables(path))
        assert texts(table) == [["STT", "Chỉ tiêu"], ["1.", "Tỷ lệ hồ sơ"]]
        assert table.rows[1][1].place.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        with pytest.raises(ValueError):
            register_table_reader("other", (".tsvx",))(read_tsv)
    finally:
        unregister_table_reader("tsv-test")


def test_a_word_file_that_is_not_one_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sai.docx"
    buffer = io.BytesIO()
    Workbook().save(buffer)  # a zip, but a workbook
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError) as raised:
        read_tables(path)
    assert raised.value.file == str(path) and raised.value.expected == "văn bản Word (.docx)"


def test_overlapping_merged_ranges_are_refused(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["a", "b"])
    book.active.append(["c", "d"])
    buffer = io.BytesIO()
    book.save(buffer)
    # Excel and openpyxl never write ranges that overlap: each of a hostile file's would cover the sheet again
    merges = '<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="A1:B1"/></mergeCells>'
    path = tmp_path / "chong.xlsx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<pageMargins", merges.encode() + b"<pageMargins")
            target.writestr(info, data)
    with pytest.raises(InputError) as raised:
        read_tables(path)
    assert raised.value.file == str(path) and "chồng lên nhau" in raised.value.message
