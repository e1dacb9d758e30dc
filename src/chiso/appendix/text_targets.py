"""A target table (TT | Nội dung chỉ tiêu | Chỉ tiêu | Kết quả | Đánh giá/Ghi chú) from text extracted out of a
PDF: each cell's words broken over lines, rows numbered within their sections («I», then «1», «2»…), the header
repeated after a page break with the page's number above it, and often letters lost from the text layer.

The header's columns are told apart by the periods closing them (the target's «… 2025», the result's «… tháng
6/2023»); whatever follows the last is the evaluation's, even with no letter left. With the framework known,
a row's name is told from its cells by the indicator's name, its target by the framework's target, its result
by the indicator's type (a figure, a level, or the words before an evaluation's status), and what is left is
the «Đánh giá/Ghi chú» cell.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from chiso.appendix.cells import leading_status
from chiso.appendix.matching import folded
from chiso.appendix.model import Place, SourceCell, SourceTable
from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.errors import InputError
from chiso.reports.layouts.targets import row_numbers

_HEADER_START = re.compile(r"^\s*(STT|TT)\b(.*)$", re.IGNORECASE)
_PERIOD_END = re.compile(r"(?:\d{1,2}/)?\d{4}\s*$")  # a header line closing a column: «2025», «tháng 6/2023»
_SECTION = re.compile(r"^\s*([IVXL]+)\.?(?:\s+(.*))?$")
_ROW = re.compile(r"^\s*(\d+)\.?(?:\s+(.*))?$")
_FIGURE = re.compile(r"^(?:[<>]=?|≥|≤)?\d[\d.,]*%?,?$")
_PAGE = re.compile(r"^\s*\d+\s*$")
COLUMNS = 5
MIN_TARGET_SCORE = 80.0  # the printed target is the framework's when this alike; else its first figure
MAX_ROW_WORDS = 400  # a row longer is no row of an appendix: its name is looked for in its first words


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


@dataclass
class _Row:
    line: int
    number: str
    indicator: Indicator | None  # None: a section's row
    words: list[str] = field(default_factory=list)
    title: str = ""


def target_text_table(text: str, file: str, framework: Framework) -> SourceTable:
    """The target table of ``text``: its header row and a row per section and indicator found."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = [_Line(n, raw.rstrip()) for n, raw in enumerate(text.splitlines(), start=1)]
    start = next((i for i, line in enumerate(lines) if _HEADER_START.match(line.text)), None)
    if start is None:
        raise InputError("không thấy dòng tiêu đề «TT» của bảng", file=file,
                         expected="văn bản của một bảng chỉ tiêu có cột TT, Nội dung chỉ tiêu, Chỉ tiêu, Kết quả")
    header, end = _header(lines, start, framework)
    if len(header) != COLUMNS:
        raise InputError(f"tiêu đề bảng có {len(header)} cột, không phải {COLUMNS} cột của một bảng chỉ tiêu",
                         file=file, line=lines[start].number,
                         expected="TT, Nội dung chỉ tiêu, «Chỉ tiêu … đến năm 2025», «Kết quả thực hiện đến tháng "
                                  "6/2023», Đánh giá/Ghi chú; mỗi cột chỉ tiêu và kết quả kết thúc bằng năm của nó")
    body = _without_repeats(lines[end:], header[3])
    rows = [_cells(row) for row in _rows(framework, body)]
    return SourceTable(file, sha, 1, tuple(_placed(file, sha, line, texts)
                                           for line, texts in [(lines[start].number, header), *rows]))


def _header(lines: list[_Line], start: int, framework: Framework) -> tuple[list[str], int]:
    """The header's texts, column by column, and where the body starts."""
    first = _HEADER_START.match(lines[start].text)
    assert first is not None
    columns = [first.group(1), first.group(2).strip()]
    pending: list[str] = []
    index = start + 1
    while index < len(lines) and not _opens_body(lines[index].text, framework):
        pending.append(lines[index].text.strip())
        if _PERIOD_END.search(lines[index].text):
            columns.append(" ".join(t for t in pending if t))
            pending = []
        index += 1
    if len(columns) > 2:
        columns.append(" ".join(t for t in pending if t))  # the evaluation's, maybe without a letter left
    return columns, index


def _opens_body(text: str, framework: Framework) -> bool:
    """Whether a line is the first row's: a section's number, or a row's (never a year closing a column)."""
    section, row = _SECTION.match(text), _ROW.match(text)
    if section is not None and section.group(1) in {s.code for s in framework.sections}:
        return True
    return row is not None and len(row.group(1)) < 4 and row.group(1) in set(row_numbers(framework).values())


def _without_repeats(lines: list[_Line], result_header: str) -> list[_Line]:
    """The body without the header a page break repeats, nor the page's number above it."""
    closing = result_header.split()[-1] if result_header.split() else ""
    kept: list[_Line] = []
    inside = False
    for line in lines:
        if _HEADER_START.match(line.text):
            inside = True
            while kept and (not kept[-1].text.strip() or _PAGE.match(kept[-1].text)):
                kept.pop()
        elif inside and closing and line.text.strip().endswith(closing):
            inside = False
        elif not inside:
            kept.append(line)
    return kept


def _rows(framework: Framework, lines: list[_Line]) -> Iterator[_Row]:
    """The section rows and indicator rows, each with the words of its lines."""
    shown = row_numbers(framework)
    numbers = {(i.section, shown[i.code]): i for i in framework.indicators}
    sections = {s.code for s in framework.sections}
    section, seen, row = "", set[str](), None  # seen: the sections and indicators already found
    for line in lines:
        found_section, found_row = _SECTION.match(line.text), _ROW.match(line.text)
        if found_section and found_section.group(1) in sections and found_section.group(1) not in seen:
            section = found_section.group(1)
            seen.add(section)
            if row is not None:
                yield row
            row = _Row(line.number, section, None, title=" ".join((found_section.group(2) or "").split()))
        elif found_row and (section, found_row.group(1)) in numbers and \
                numbers[(section, found_row.group(1))].code not in seen:
            if row is not None:
                yield row
            indicator = numbers[(section, found_row.group(1))]
            seen.add(indicator.code)
            row = _Row(line.number, found_row.group(1), indicator, (found_row.group(2) or "").split())
        elif row is not None:
            row.words += line.text.split()
    if row is not None:
        yield row


def _cells(row: _Row) -> tuple[int, list[str]]:
    if row.indicator is None:
        return row.line, [row.number, row.title]
    name, rest = _cut(row.words[:MAX_ROW_WORDS], row.indicator.name)
    rest += row.words[MAX_ROW_WORDS:]
    target, rest = _target(row.indicator, rest)
    result, rest = _result(row.indicator, rest)
    return row.line, [row.number, name, target, result, " ".join(rest)]


def _cut(words: list[str], printed: str) -> tuple[str, list[str]]:
    """The first words most like ``printed`` (a name, a target) and the words after them."""
    wanted = folded(printed)
    scores = [fuzz.ratio(folded(" ".join(words[:k])), wanted) for k in range(len(words) + 1)]
    cut = max(range(len(scores)), key=lambda k: (scores[k], -k))
    return " ".join(words[:cut]), words[cut:]


def _target(indicator: Indicator, words: list[str]) -> tuple[str, list[str]]:
    """The target printed first: the framework's when the words begin with it, else a first figure."""
    if indicator.targets:
        printed = indicator.targets[0].text
        target, rest = _cut(words[:len(printed.split()) + 3], printed)
        if fuzz.ratio(folded(target), folded(printed)) >= MIN_TARGET_SCORE:
            return target, rest + words[len(printed.split()) + 3:]
    if words and _FIGURE.match(words[0]):
        return words[0], words[1:]
    return "", words


def _result(indicator: Indicator, words: list[str]) -> tuple[str, list[str]]:
    """The result printed after the target, by what the indicator's values look like."""
    if indicator.value_type.is_numeric:
        return _figures(indicator, words)
    if indicator.value_type is ValueType.ORDINAL:
        for level in indicator.levels:
            size = len(level.split())
            if folded(" ".join(words[:size])) == folded(level):
                return " ".join(words[:size]), words[size:]
    start = next((n for n in range(len(words)) if leading_status(" ".join(words[n:]))[0] is not None), len(words))
    return " ".join(words[:start]), words[start:]


def _figures(indicator: Indicator, words: list[str]) -> tuple[str, list[str]]:
    """A figure, or for a compound target figures each followed by its part's label («98,9% xã»)."""
    labels = sorted((p.label for t in indicator.targets for p in t.parts if p.label), key=len, reverse=True)
    taken = 0
    while taken < len(words) and _FIGURE.match(words[taken]):
        taken += 1
        label = next((label for label in labels if folded(" ".join(words[taken:taken + len(label.split())])
                                                         ).rstrip(",") == folded(label)), None)
        if label is None:
            break
        taken += len(label.split())
        if not words[taken - 1].endswith(","):
            break
    return " ".join(words[:taken]), words[taken:]


def _placed(file: str, sha: str, line: int, texts: list[str]) -> tuple[SourceCell, ...]:
    return tuple(SourceCell(text, Place(file, sha, 1, line, column)) for column, text in enumerate(texts, start=1))
