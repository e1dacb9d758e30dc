"""DOCX: the appendix as a Word document laid out as Nghị định 30/2020 asks of an appendix.

Times New Roman throughout, black, on A4 landscape with the decree's margins (top and bottom 20 mm, left
30 mm, right 15 mm). "Phụ lục …" alone on a centred line (14 bold), the title in capitals (13 bold), the
"(Kèm theo …)" line (13 italic), then the table: its header repeated on every page, no row split across
pages, merged cells as the report has them. The page number sits centred in the top margin from page 2 on.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from chiso.reports.exporters.registry import register_exporter
from chiso.reports.model import Align, Cell, Chart, Report, Row, RowKind, placed

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_MM = (297.0, 210.0)  # A4 landscape
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
HEADER_DISTANCE_MM = 10.0
APPENDIX_SIZE, TEXT_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE = 14, 13, 12, 13
CELL_SPACING = 2  # points above a cell's first line and below its last
CHART_WIDTH_CM = 12.0
SUMMARY_HEADING = "Tóm tắt tình hình thực hiện"
CHARTS_HEADING = "Biểu đồ"
BLACK = RGBColor(0, 0, 0)
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
ALIGN = {Align.LEFT: LEFT, Align.CENTER: CENTER, Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}



@register_exporter("docx", "Word (DOCX)", MEDIA_TYPE)
def render_docx(report: Report) -> bytes:
    document = Document()
    _defaults(document, report)
    _page(document)
    _headings(document, report)
    _table(document, report)
    _after_table(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- The document: fonts, language, page --------------------------------------------------------------


def _defaults(document: DocumentObject, report: Report) -> None:
    """Times New Roman 13 in Vietnamese, single-spaced, as the defaults every style inherits."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None  # python-docx's template always has them
    for r_pr in defaults.iter(qn("w:rPr")):
        set_font(r_pr)
        _set(r_pr, "w:lang", val=LANGUAGE)
        _set(r_pr, "w:sz", val=str(TEXT_SIZE * 2))
        _set(r_pr, "w:szCs", val=str(TEXT_SIZE * 2))
    for p_pr in defaults.iter(qn("w:pPr")):
        _set(p_pr, "w:spacing", after="0", line="240", lineRule="auto")
    normal = document.styles["Normal"]
    normal.font.name, normal.font.color.rgb = FONT, BLACK
    set_font(normal.element.get_or_add_rPr())
    _properties(document, report)


def _set(parent: BaseOxmlElement, tag: str, **attributes: str) -> None:
    """Sets the attributes of the child ``tag`` of ``parent``, the child added when missing."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    child.attrib.clear()
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)


def _properties(document: DocumentObject, report: Report) -> None:
    properties = document.core_properties
    properties.title, properties.language, properties.author = report.title, LANGUAGE, "chiso"
    properties.last_modified_by, properties.revision = "chiso", 1


def set_font(r_pr: CT_RPr) -> None:
    """Times New Roman for every script (Latin, East Asian, complex): LibreOffice reads each of them."""
    fonts = r_pr.get_or_add_rFonts()
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)


def _page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header: no number on page 1
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    page_field(number)


def page_field(paragraph: Paragraph) -> None:
    """A PAGE field, the number the page is printed with (13 pt)."""
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instruction.text = " PAGE "
    add_run(paragraph, "", PAGE_NUMBER_SIZE)._r.append(instruction)
    _field_char(paragraph, "separate")
    add_run(paragraph, "1", PAGE_NUMBER_SIZE)  # shown until the field is updated
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    add_run(paragraph, "", PAGE_NUMBER_SIZE)._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


# --- Text ----------------------------------------------------------------------------------------------


def add_run(paragraph: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False) -> Run:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = BLACK
    run.bold, run.italic = bold or None, italic or None
    set_font(run._r.get_or_add_rPr())
    return run


def add_paragraph(document: DocumentObject, text: str, size: float, *, bold: bool = False, italic: bool = False,
                  align: WD_ALIGN_PARAGRAPH = CENTER) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    add_run(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def _headings(document: DocumentObject, report: Report) -> None:
    if report.appendix:
        add_paragraph(document, report.appendix, APPENDIX_SIZE, bold=True)
    add_paragraph(document, report.title, TEXT_SIZE, bold=True)
    if report.subtitle:
        add_paragraph(document, report.subtitle, TEXT_SIZE, italic=True)
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _after_table(document: DocumentObject, report: Report) -> None:
    for number, note in enumerate(report.footnotes):
        footnote = add_paragraph(document, note, TABLE_SIZE, italic=True, align=JUSTIFY)
        footnote.paragraph_format.space_before = Pt(6 if number == 0 else 0)
    if report.summary:
        _summary(document, report.summary)
    if report.charts:
        _charts(document, report.charts)


def _summary(document: DocumentObject, paragraphs: tuple[str, ...]) -> None:
    _heading(document, SUMMARY_HEADING)
    for text in paragraphs:
        paragraph = add_paragraph(document, text, TEXT_SIZE, align=JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)


def _charts(document: DocumentObject, charts: tuple[Chart, ...]) -> None:
    _heading(document, CHARTS_HEADING)
    for chart in charts:
        picture = add_paragraph(document, "", TEXT_SIZE)
        picture.runs[0].add_picture(io.BytesIO(chart.png), width=Cm(CHART_WIDTH_CM))
        picture.paragraph_format.keep_with_next = True
        _caption(document, chart.title)


def _caption(document: DocumentObject, text: str) -> None:
    """A chart's title under it, wrapped within about the chart's width."""
    caption = add_paragraph(document, text, TABLE_SIZE, italic=True)
    usable = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    side = Mm(max((usable - CHART_WIDTH_CM * 10) / 2 - 10, 0))
    caption.paragraph_format.left_indent = caption.paragraph_format.right_indent = side
    caption.paragraph_format.space_after = Pt(12)


def _heading(document: DocumentObject, text: str) -> None:
    heading = add_paragraph(document, text, TEXT_SIZE, bold=True, align=LEFT)
    heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(12), Pt(6)
    heading.paragraph_format.keep_with_next = True


# --- The table -----------------------------------------------------------------------------------------


def _table(document: DocumentObject, report: Report) -> None:
    table = document.add_table(rows=len(report.rows), cols=report.width)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, report)
    for r, row in enumerate(report.rows):
        _row_flags(table, r, row)
    for r, c, cell in placed(report.rows):
        if cell.colspan > 1 or cell.rowspan > 1:
            table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
    grid = [row.cells for row in table.rows]  # once: Table.cell() walks the whole table at each call
    for r, c, cell in placed(report.rows):
        fill_cell(grid[r][c], cell, report.rows[r].kind)


def _widths(table: Table, report: Report) -> None:
    """Fixed column widths from the report, on the grid and on every cell (Word reads one, LibreOffice the other)."""
    table.autofit = False  # <w:tblLayout w:type="fixed"/>
    for column, spec in zip(table.columns, report.columns, strict=True):
        column.width = Mm(spec.width_mm)
        for cell in column.cells:
            cell.width = Mm(spec.width_mm)


def _row_flags(table: Table, index: int, row: Row) -> None:
    """No row split across pages; the header rows repeated at the top of every page."""
    tr_pr = table.rows[index]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if row.kind is RowKind.HEADER:
        tr_pr.append(OxmlElement("w:tblHeader"))


def fill_cell(target: _Cell, cell: Cell, kind: RowKind) -> None:
    """The cell's text, one paragraph per printed line (a value's note on its own line), 12 pt."""
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    bold = cell.bold or kind in (RowKind.SECTION, RowKind.HEADER)
    lines = cell.display.split("\n")
    for number, line in enumerate(lines):
        paragraph = target.paragraphs[0] if number == 0 else target.add_paragraph()
        paragraph.alignment = ALIGN[cell.align]
        paragraph.paragraph_format.space_before = Pt(CELL_SPACING if number == 0 else 0)
        paragraph.paragraph_format.space_after = Pt(CELL_SPACING if number == len(lines) - 1 else 0)
        paragraph.paragraph_format.keep_with_next = kind in (RowKind.SECTION, RowKind.GROUP) or None
        add_run(paragraph, line, TABLE_SIZE, bold=bold, italic=cell.italic)
