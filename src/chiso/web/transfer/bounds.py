"""What an uploaded template may hold, and how a file refused by the workbook reader is explained on the page.

A template is some ten kilobytes: one row per line of the framework in five columns, and a hidden sheet of
as many rows. The caps leave room for what a user may add (a note below the table, a sum beside it, Excel's
own styles) and refuse anything that could keep a worker busy or fill its memory.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from chiso.catalog.model import Framework
from chiso.io.xlsx import Limits, Measure, Reason, WorkbookRefused, megabytes
from chiso.io.zipcheck import MiB
from chiso.values.numbers import format_decimal
from chiso.web.dashboard.display import language
from chiso.web.transfer import layout

ROW_MARGIN = 200  # rows below the table a user may write in
COLUMNS = 26  # A–Z: the template uses A–E
TOTAL_BYTES = 50 * MiB  # unpacked, all parts together; a template unpacks to some fifty kilobytes
PART_BYTES = 10 * MiB


def limits(framework: Framework) -> Limits:
    """The caps for a template of ``framework``: its rows (or the hidden sheet's) with a margin, A to Z."""
    rows = max(layout.HEADER_ROW + len(layout.lines(framework)), layout.VERSIONS_FROM + len(framework.indicators))
    return Limits(rows=rows + ROW_MARGIN, columns=COLUMNS, total=TOTAL_BYTES, member=PART_BYTES)


def refusal_message(error: WorkbookRefused, file: str) -> str:
    """Why the workbook reader refused ``file``, and what to upload instead."""
    found = error.refusal
    if found.reason is Reason.LEGACY:
        return _("Tệp «%(file)s» là bảng tính Excel 97–2003 (.xls) hoặc đã đặt mật khẩu mở tệp; hãy lưu lại dưới "
                 "dạng Excel Workbook (.xlsx), không đặt mật khẩu, rồi tải lên.") % {"file": file}
    if found.reason is Reason.OUTSIDE:
        return _("Tệp «%(file)s» có giá trị ở ô %(cell)s, quá xa bảng của mẫu (mẫu chỉ dùng đến ô %(bound)s); hãy "
                 "xoá các ô thừa hoặc tải mẫu mới rồi điền lại.") % {
            "file": file, "cell": found.cell, "bound": found.bound}
    if found.reason is Reason.OVERSIZED and found.measure is not None and found.measure.streamed:
        return _("Tệp «%(file)s» không phải là một mẫu nhập liệu: %(found)s (một mẫu có tối đa %(most)s). Tệp có "
                 "thể đã bị thêm dữ liệu thừa hoặc là tệp nén độc hại; hãy tải mẫu mới ở trang này rồi điền lại.") % {
            "file": file, "found": _too_many(found.measure), "most": _most(found.measure, found.most)}
    if found.reason is Reason.OVERSIZED:
        return _("Tệp «%(file)s» không phải là một mẫu nhập liệu: %(found)s, nhiều hơn mức tối đa %(most)s của một "
                 "mẫu. Tệp có thể đã bị thêm dữ liệu thừa hoặc là tệp nén độc hại; hãy tải mẫu mới ở trang này rồi "
                 "điền lại.") % {"file": file, "found": _found(found.measure, found.found, found.part),
                                  "most": _most(found.measure, found.most)}
    return _("Tệp «%(file)s» không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng; hãy tải lên tệp mẫu đã điền, "
             "lưu dưới dạng Excel Workbook (.xlsx).") % {"file": file}


def _found(measure: Measure | None, count: int, part: str) -> str:
    """What was found, in the page's language: "tệp giải nén ra 64,0 MB" / "the file unpacks to 64.0 MB"."""
    if measure is Measure.RATIO:
        return _("một phần của tệp nén tới %(count)s lần") % {"count": _number(measure, count)}
    if measure is Measure.MEMBERS:
        return _("tệp có %(count)s phần") % {"count": _number(measure, count)}
    if part:
        return _("một phần của tệp giải nén ra %(count)s") % {"count": _number(measure, count)}
    return _("tệp giải nén ra %(count)s") % {"count": _number(measure, count)}


def _too_many(measure: Measure) -> str:
    """What there is too much of, counted while reading (which stops at the cap)."""
    if measure is Measure.ROWS:
        return _("một trang tính có quá nhiều dòng")
    if measure is Measure.STRINGS:
        return _("tệp có quá nhiều chuỗi ký tự")
    if measure is Measure.SHEETS:
        return _("tệp có quá nhiều trang tính")
    return _("một phần của tệp có quá nhiều phần tử XML")


def _most(measure: Measure | None, count: int) -> str:
    """The cap: "50,0 MB", "100 lần", "300 dòng"."""
    words = {
        Measure.BYTES: "%(count)s", Measure.RATIO: _("%(count)s lần"), Measure.MEMBERS: _("%(count)s phần"),
        Measure.ROWS: _("%(count)s dòng"), Measure.STRINGS: _("%(count)s chuỗi ký tự"),
        Measure.SHEETS: _("%(count)s trang tính"), Measure.ELEMENTS: _("%(count)s phần tử XML")}
    return words[measure or Measure.ELEMENTS] % {"count": _number(measure, count)}


def _number(measure: Measure | None, count: int) -> str:
    locale = language()
    return megabytes(count, locale) if measure is Measure.BYTES else format_decimal(Decimal(count), locale)
