"""The entry template's layout: which Excel row holds which indicator, and the checksum that ties an upload to it.

The rows are the entry form's (sections, group headings, inputs, computed rates in catalogue order), so the
template and the web form never disagree about what is typed and what is computed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from chiso.catalog.model import Framework, Indicator
from chiso.web.entry import rows as form_rows

FORMAT = "chiso-excel-1"  # bumped when the template's structure changes, so old files are refused
DATA_SHEET = "Nhập liệu"
META_SHEET = "chiso"  # hidden: framework, unit, period, layout checksum, versions at download
VERSIONS_FROM = 9  # the hidden sheet's first row of indicator versions
HEADER_ROW = 6
CODE, NAME, UNIT, VALUE, NOTE = "A", "B", "C", "D", "E"
HEADINGS = {CODE: "Mã", NAME: "Chỉ tiêu", UNIT: "Đơn vị tính", VALUE: "Giá trị", NOTE: "Ghi chú"}
SECTION, HEADING, INPUT, DERIVED = form_rows.SECTION, form_rows.HEADING, form_rows.INPUT, form_rows.DERIVED


@dataclass(frozen=True)
class Line:
    """One row of the data sheet below the header."""

    row: int
    kind: str
    code: str
    name: str
    unit: str
    indicator: Indicator | None  # None for a section row


def lines(framework: Framework) -> list[Line]:
    """The data sheet's rows, in catalogue order, starting just below the header."""
    built = form_rows.build(form_rows.State(framework, {}, {}))
    return [Line(HEADER_ROW + 1 + offset, row.kind, row.code, row.name, row.unit,
                 None if row.kind == SECTION else framework.indicator(row.code))
            for offset, row in enumerate(built)]


def checksum(framework: Framework) -> str:
    """A fingerprint of the rows and their value types: a changed framework no longer matches old files."""
    shape = [FORMAT, framework.code,
             [(line.row, line.kind, line.code, line.indicator.value_type.value if line.indicator else "")
              for line in lines(framework)]]
    return hashlib.sha256(json.dumps(shape, ensure_ascii=False).encode()).hexdigest()[:32]


def column_label(column: str) -> str:
    """"D (Giá trị)": how a problem names a column."""
    return f"{column} ({HEADINGS[column]})"
