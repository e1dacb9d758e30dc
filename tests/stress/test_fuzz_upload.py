"""Fuzzing the Excel upload: templates written by chiso's own writer, then mutated, read and previewed.

Cells get random text, numbers (inf and NaN too), dates, booleans and formulas; rows are inserted or deleted;
sheets are removed or renamed; the hidden sheet's facts and versions are damaged; parts of the zip are cut,
flipped or swapped. Whatever comes of it, the upload either reads (and its preview is computed) or is
refused with chiso's own message: no other exception. The quick test runs in the normal suite, the long one
with ``-m stress`` (CHISO_FUZZ_EXAMPLES examples, 400 by default).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, example, given, reject, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils.exceptions import IllegalCharacterError

from chiso.catalog.loader import shipped_frameworks
from chiso.errors import ChisoError
from chiso.store.models import Value
from chiso.web.entry import workflow
from chiso.web.transfer import layout, services
from chiso.web.transfer.template import template_bytes
from chiso.web.transfer.upload import read_upload
from hostile_xlsx import DATA_PART, replaced

EXAMPLES = int(os.environ.get("CHISO_FUZZ_EXAMPLES", "400"))
DATA, META = layout.DATA_SHEET, layout.META_SHEET
SUBJECT = ("cqs", "643", "2025S1")

cell_values = st.one_of(
    st.integers(0, 100_000), st.sampled_from([1543, 712, 46.14, 0.4614, 99.2, "Có", "Không", "1.247.855"]),
    st.none(), st.text(max_size=40), st.integers(-10**20, 10**20), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.dates(date(1900, 1, 1), date(9999, 12, 31)), st.datetimes(datetime(1900, 1, 1)),
    st.text(max_size=20).map(lambda text: "=" + text),  # formulas, kept as formulas: no cached value to read
    st.sampled_from(["1.247.855", "46,14", "46,14%", "≥ 90", "Có", "không", "-", "1e400", "NaN", "１２３"]),
)
# Mostly the value and note columns of the data sheet, as a user types; now and then the codes, the headings,
# the hidden sheet's facts and versions.
columns = st.sampled_from([4, 4, 4, 4, 4, 5, 5, 1, 2, 3, 6])
INPUT_ROWS = [line.row for line in layout.lines(shipped_frameworks()["cqs"]) if line.kind == layout.INPUT]
input_cells = st.tuples(st.just(DATA), st.sampled_from(INPUT_ROWS), st.sampled_from([4, 4, 4, 5]))
data_cells = st.tuples(st.just(DATA), st.integers(1, 45), columns)
meta_cells = st.tuples(st.just(META), st.integers(1, 14), st.integers(1, 3))
cell_edits = st.lists(st.tuples(st.one_of(*[input_cells] * 6, data_cells), cell_values), max_size=12)
meta_edits = st.one_of(st.just([]), st.just([]), st.just([]), st.lists(st.tuples(meta_cells, cell_values),
                                                                       min_size=1, max_size=2))
# The cells' XML as a broken program may write it: a shared string or style that does not exist, a type its
# value is not, a reference openpyxl cannot place.
xml_attributes = st.sampled_from([b't="s"', b't="b"', b't="d"', b't="e"', b't="str"', b't="inlineStr"', b't="n"',
                                  b's="9999"', b's="-1"', b'r="A0"', b'r="ZZZZ9"', b'r="XFD7"', b'r="7"', b'x="1"'])
xml_values = st.sampled_from([b"99999999", b"-1", b"x", b"1e400", b"NaN", b"", b"2025-13-45", b"\xc3\xa9",
                              b"<f>SUM(A1:A2)</f>", b"1.5", b"&amp;", b"0x10"])
xml_edits = st.one_of(st.just([]), st.just([]), st.lists(st.tuples(st.integers(0, 500), xml_attributes,
                                                                    xml_values), min_size=1, max_size=3))
row_edits = st.one_of(st.just([]), st.just([]), st.lists(
    st.tuples(st.sampled_from([DATA, META]), st.sampled_from(["insert", "delete"]), st.integers(1, 50),
              st.integers(1, 3)), max_size=2))
sheet_edits = st.sampled_from(["none"] * 12 + ["drop data", "drop meta", "rename meta", "add sheet", "show meta"])
zip_edits = st.one_of(st.just([]), st.just([]), st.just([]), st.lists(
    st.tuples(st.sampled_from(["flip", "cut", "drop", "swap", "inflate"]), st.integers(0, 10**6),
              st.integers(0, 255)), min_size=1, max_size=2))


@pytest.fixture
def target(reporter: Any) -> workflow.Target:
    found = services.find_target(*SUBJECT)
    assert found is not None
    Value.objects.filter(org_unit__code="643", period="2025S1").delete()
    return found


def _set(book: Any, sheet: str, row: int, column: int, value: object) -> None:
    if sheet not in book.sheetnames:
        return
    book[sheet].protection.sheet = False
    cell = book[sheet].cell(row, column)
    if isinstance(cell, MergedCell):
        return
    with contextlib.suppress(IllegalCharacterError, ValueError, TypeError):  # what openpyxl refuses, Excel
        cell.value = value                                                  # cannot hold either


@dataclass(frozen=True)
class Edits:
    cells: list[Any]
    meta: list[Any]
    rows: list[Any]
    sheets: str
    xml: list[Any]
    archive: list[Any]


edits = st.builds(Edits, cells=cell_edits, meta=meta_edits, rows=row_edits, sheets=sheet_edits, xml=xml_edits,
                  archive=zip_edits)


def mutated(original: bytes, edits: Edits) -> bytes:
    """The template with the edits made as a user (or a broken program) would make them."""
    book = load_workbook(io.BytesIO(original))
    book.security = None  # the template locks its structure; a user can unlock it
    for (sheet, row, column), value in edits.cells + edits.meta:
        _set(book, sheet, row, column, value)
    for sheet, action, row, count in edits.rows:
        if sheet in book.sheetnames:
            getattr(book[sheet], f"{action}_rows")(row, count)
    _sheets(book, edits.sheets)
    out = io.BytesIO()
    try:
        book.save(out)
    except (IllegalCharacterError, ValueError, TypeError, OverflowError):  # a workbook openpyxl cannot write
        reject()
    return _damaged(_cells_xml(out.getvalue(), edits.xml), edits.archive)


def _cells_xml(content: bytes, xml: list[Any]) -> bytes:
    """The data sheet's cells rewritten at the XML level: an attribute added, a value replaced."""
    if not xml:
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read(DATA_PART) if DATA_PART in archive.namelist() else b""
    cells = [found.start() for found in re.finditer(rb"<c ", sheet)]
    for which, attribute, value in xml:
        if cells:
            start = cells[which % len(cells)]
            end = sheet.find(b"</c>", start)
            close = sheet.find(b">", start)
            if end < 0 or sheet[close - 1:close] == b"/":
                sheet = sheet[:start] + b"<c " + attribute + b" " + sheet[start + 3:]
            else:
                sheet = sheet[:start] + b"<c " + attribute + b" " + sheet[start + 3:close + 1] + b"<v>" + value \
                    + b"</v>" + sheet[end:]
    return replaced(content, {DATA_PART: sheet}) if sheet else content


def _sheets(book: Any, edit: str) -> None:
    if edit == "drop data" and DATA in book.sheetnames:
        book.remove(book[DATA])
        book[META].sheet_state = "visible"  # a workbook keeps one visible sheet
    elif edit == "drop meta" and META in book.sheetnames:
        book.remove(book[META])
    elif edit == "rename meta" and META in book.sheetnames:
        book[META].title = "chiso2"
    elif edit == "add sheet":
        book.create_sheet("Tính nháp").append([1, 2, "=A1+B1"])
    elif edit == "show meta" and META in book.sheetnames:
        book[META].sheet_state = "visible"


def _damaged(content: bytes, edits: list[Any]) -> bytes:
    """Byte-level damage: a byte flipped (anywhere, or in a part's deflated data), the file cut, a part dropped or
    two parts' contents swapped."""
    for action, where, byte in edits:
        if action == "inflate":
            content = _deflated_byte(content, where, byte)
        elif action == "flip" and content:
            position = where % len(content)
            content = content[:position] + bytes([byte]) + content[position + 1:]
        elif action == "cut":
            content = content[:where % (len(content) + 1)]
        elif action in ("drop", "swap"):
            content = _parts(content, action, where)
    return content


def _deflated_byte(content: bytes, where: int, byte: int) -> bytes:
    """A byte of one part's compressed data replaced: part ``where`` modulo their number, at the byte ``where``
    divided by it (modulo its compressed size), so the zip's directory is intact and only inflating fails."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except Exception:
        return content
    info = infos[where % len(infos)]
    name, extra = struct.unpack("<HH", content[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name + extra
    position = start + (where // len(infos)) % max(1, info.compress_size)
    return content[:position] + bytes([byte]) + content[position + 1:]


def _parts(content: bytes, action: str, where: int) -> bytes:
    try:
        source = zipfile.ZipFile(io.BytesIO(content))
        infos = source.infolist()
        parts = {info.filename: source.read(info) for info in infos}
    except Exception:  # already damaged beyond reading: leave it so
        return content
    names = sorted(parts)
    first, second = names[where % len(names)], names[(where // 7) % len(names)]
    if action == "drop":
        del parts[first]
    else:
        parts[first], parts[second] = parts[second], parts[first]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def read_and_preview(target: workflow.Target, user: Any, content: bytes) -> None:
    """Reading either refuses the file with a message or gives an upload whose preview can be computed."""
    try:
        upload = read_upload(content, target, "mau.xlsx")
    except ChisoError as error:
        assert str(error).strip(), "a refusal without a message"
        event(f"refused: {str(error)[:50]}")
        return
    event(f"read: {bool(upload.values)} values, {bool(upload.problems)} problems")
    for problem in upload.problems:
        assert str(problem).strip()
    found = services.preview(target, upload, user)
    assert all(change.code for change in found.changes)
    for code, value in upload.values.items():
        assert value == value.strip()
        if target.framework.indicator(code).value_type.is_numeric:  # a number read from a cell is a finite number
            assert _finite(value), (code, value)


def _finite(text: str) -> bool:
    try:
        return Decimal(text.lstrip("≥≤<>= ")).is_finite()
    except ArithmeticError:
        return True  # not a plain number: a bound or a level, which the core has read already


TEMPLATES: dict[tuple[str, ...], bytes] = {}


def check(target: workflow.Target, user: Any, edits: Edits) -> None:
    if SUBJECT not in TEMPLATES:
        TEMPLATES[SUBJECT] = template_bytes(target, workflow.records(target))
    read_and_preview(target, user, mutated(TEMPLATES[SUBJECT], edits))


# Explaining a failure reruns it a thousand times over: slower than shrinking it, for little more.
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
                phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink])


# The last part of a template openpyxl writes is [Content_Types].xml (10 parts): its deflated data broken, zlib
# raised its own error where zipfile's were expected.
BROKEN_TYPES = Edits([], [], [], "none", [], [("inflate", 9 + 10 * 5, 0xFF)])


@pytest.mark.django_db
@settings(FUZZ, max_examples=15)
@example(edits=BROKEN_TYPES)
@given(edits=edits)
def test_mutated_templates_are_read_or_refused_quick(target: workflow.Target, reporter: Any, edits: Edits) -> None:
    check(target, reporter, edits)


@pytest.mark.stress
@pytest.mark.django_db
@settings(FUZZ, max_examples=EXAMPLES)
@example(edits=BROKEN_TYPES)
@given(edits=edits)
def test_mutated_templates_are_read_or_refused(target: workflow.Target, reporter: Any, edits: Edits) -> None:
    check(target, reporter, edits)
