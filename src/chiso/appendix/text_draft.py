"""The statistics table of text extracted from a PDF whose framework chiso does not know yet, for a draft.

The text reader (chiso.appendix.text) tells a row's name from its figures by the indicator's name. Without a
framework, a first pass writes a skeleton of one from the text itself: a row per number line («5.1.1.»),
its name the short lines before its first figure, and the short lines a page break left after its last
figure (a name's lines are as narrow as its column; a text spanning the periods is wider). The table read
against that skeleton is what the draft (chiso.appendix.draft) is made from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from chiso.appendix.model import SourceTable
from chiso.appendix.text import cells_of, has_figure, header_start, text_table
from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.errors import InputError

_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s+(.*))?$")  # «5.1.1.», «6.1», «6 Số hóa hồ sơ»
NAME_WIDTH = 1.5  # a name's line is at most this many times the widest first line of a name
MAX_SKIP = 3  # a row number may skip this many (a row printed only when it has figures)
MAX_SPAN_LINES = 2  # a text cell spanning the periods may start this many lines above its first figure


@dataclass
class _Row:
    code: str
    lines: list[str] = field(default_factory=list)
    page_break: int | None = None  # the index in ``lines`` a repeated header was taken out at


def text_draft_table(text: str, file: str) -> SourceTable:
    """The table of ``text`` read against a skeleton framework drafted from the text itself."""
    return text_table(text, file, _skeleton(text, file))


def _skeleton(text: str, file: str) -> Framework:
    columns, rows = _rows(text)
    if not rows:
        raise InputError("không có dòng chỉ tiêu nào đánh số («1.», «5.1.1.») trong văn bản", file=file,
                         expected="chữ trích từ PDF của một phụ lục có cột STT")
    width = NAME_WIDTH * max(len(row.lines[0]) for row in rows if row.lines)
    indicators = [{"code": row.code, "name": _name(row, columns, width) or row.code,
                   "type": "percent" if any(has_figure(line) for line in row.lines) else "text"} for row in rows]
    return load_framework(json.dumps({"code": "draft", "title": "draft", "indicators": indicators}), file)


def _rows(text: str) -> tuple[int, list[_Row]]:
    """The number of period columns, and the numbered rows below the header in order, each with its lines
    (a repeated header left out, and where)."""
    lines = [" ".join(raw.split()) for raw in text.splitlines() if raw.strip()]
    start = next((n for n, line in enumerate(lines) if header_start(line)), len(lines))
    first = next((n for n in range(start, len(lines)) if _code(lines[n], None)), len(lines))
    years = re.findall(r"\d{4}", " ".join(lines[start:first]))
    rows: list[_Row] = []
    inside_header = False
    for line in lines[first:]:
        code = _code(line, rows[-1].code if rows else None)
        if header_start(line):
            inside_header = True
            if rows:
                rows[-1].page_break = len(rows[-1].lines)
        elif inside_header:
            inside_header = not years or years[-1] not in line.split()  # the header ends with its last year
        elif code:
            rest = _NUMBER.match(line)
            rows.append(_Row(code, [rest.group(2)] if rest and rest.group(2) else []))
        elif rows:
            rows[-1].lines.append(line)
    return len(years), rows


def _code(line: str, previous: str | None) -> str:
    """The row number a line opens with, if it comes next after ``previous`` (a first row's is «1»)."""
    found = _NUMBER.match(line)
    if found is None:
        return ""
    parts = [int(part) for part in found.group(1).split(".")]
    if previous is None:
        return found.group(1) if parts[0] == 1 and all(p == 1 for p in parts) else ""
    before = [int(part) for part in previous.split(".")]
    following = [before + [1]] + [before[:k] + [before[k] + step] for k in range(len(before))
                                  for step in range(1, MAX_SKIP + 1)]
    return found.group(1) if parts in following else ""


def _name(row: _Row, columns: int, width: float) -> str:
    """The row's lines before its cells, and those a page break put after its last figure; a row without
    figures, its lines before the first wider than a name's column (a text spanning the periods)."""
    figures = [n for n, line in enumerate(row.lines) if has_figure(line)]
    if not figures:
        wide = next((n for n, line in enumerate(row.lines) if len(line) > width), len(row.lines))
        return " ".join(row.lines[:wide])
    cut = _cut(row.lines[:figures[-1] + 1], figures[0], columns)
    broken = row.page_break is not None and row.page_break > figures[-1]
    tail = row.lines[row.page_break:] if broken else []
    return " ".join(row.lines[:cut] + tail)


def _cut(lines: list[str], first_figure: int, columns: int) -> int:
    """Where the row's cells start: the latest line from which the rest reads as one cell per column (figures
    with their words, or a text repeated over the periods), else the first line with a figure."""
    for cut in range(len(lines) - 1, max(-1, first_figure - MAX_SPAN_LINES - 1), -1):
        if len(cells_of(" ".join(lines[cut:]).split(), columns)) == columns:
            return cut
    return first_figure
