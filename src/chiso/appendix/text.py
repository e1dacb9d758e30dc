"""A statistics table from text extracted out of a PDF, where each cell's words are broken over lines.

Such text (``pdftotext`` of Phụ lục VIII) has no columns: a row is its number on a line of its own, the
indicator's name over a few lines, then the figures, one line or several; a page break repeats the header
in the middle of a row. With the framework known, the rows are found by their numbers, in the
framework's order, and a row's name is told from its figures by the indicator's name: the longest run of
lines that the name is made of. The figures are then split into the header's columns, a number's words
(«374 theo QĐ 2741/QĐ-UBND …») staying with it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from chiso.appendix.headers import Kind, column_meaning
from chiso.appendix.matching import folded
from chiso.appendix.model import Place, SourceCell, SourceTable
from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.errors import InputError
from chiso.io.text import read_text

_CODE = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s+(.*))?$")
_FIGURE = re.compile(r"^(?:[<>]=?|≥|≤)?\d[\d.,]*%?$|^[-–]$")
_HEADER_START = re.compile(r"^\s*(STT|TT)\b", re.IGNORECASE)
_YEAR_LABEL = re.compile(r"Năm\s+(\d{4})")


@dataclass(frozen=True)
class _Line:
    number: int  # in the file, from 1
    text: str


def text_table(text: str, file: str, framework: Framework) -> SourceTable:
    """The statistics table of ``text``: a header row (STT, Chỉ tiêu, the period columns) and a row per
    indicator found, its cells placed at the row's first line and the column they fall in."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = [_Line(n, " ".join(raw.split())) for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    start = next((i for i, line in enumerate(lines) if _HEADER_START.match(line.text)), None)
    if start is None:
        raise InputError("không thấy dòng tiêu đề «STT» của bảng", file=file,
                         expected="văn bản của một phụ lục có cột STT, Chỉ tiêu và các cột kỳ")
    labels, body = _header(lines[start:], file, {i.code for i in framework.indicators})
    header = _row(file, sha, lines[start].number, ["STT", "Chỉ tiêu", *labels])
    rows = [_row(file, sha, first, cells) for first, cells in _rows(framework, body, labels)]
    return SourceTable(file, sha, 1, (header, *rows))


def _header(lines: list[_Line], file: str, codes: set[str]) -> tuple[list[str], list[_Line]]:
    """The period columns' labels («Năm 2021» …) and the lines below the header (from the first row's number)."""
    end = next((n for n, line in enumerate(lines) if (found := _CODE.match(line.text)) and found.group(1) in codes),
               len(lines))
    joined = " ".join(line.text for line in lines[:end])
    labels = [f"Năm {year}" for year in _YEAR_LABEL.findall(joined)]
    if not labels or any(column_meaning(label).kind is not Kind.PERIOD for label in labels):
        raise InputError("tiêu đề bảng không có cột kỳ nào đọc được", file=file, line=lines[0].number,
                         expected="các cột «Năm 2021», «Năm 2022»…")
    return labels, _without_headers(lines[end:], labels)


def _without_headers(lines: list[_Line], labels: list[str]) -> list[_Line]:
    """The lines without the header a page break repeats: from «STT» to the last column's label."""
    kept: list[_Line] = []
    last = folded(labels[-1]).split()[-1]
    inside = False
    for line in lines:
        if _HEADER_START.match(line.text):
            inside = True
        if not inside:
            kept.append(line)
        elif last in folded(line.text).split():
            inside = False
    return kept


def _rows(framework: Framework, lines: list[_Line], labels: list[str]) -> list[tuple[int, list[str]]]:
    """Each indicator's row: its first line, and its cells (number, name, one per column)."""
    order = [i.code for i in framework.indicators]
    starts: list[tuple[int, Indicator, str]] = []  # (index in lines, indicator, text after the number)
    position = 0
    for index, line in enumerate(lines):
        found = _CODE.match(line.text)
        code = found.group(1) if found else ""
        if code in order[position:]:
            position = order.index(code) + 1
            starts.append((index, framework.indicator(code), (found.group(2) or "") if found else ""))
    found_rows = []
    for n, (index, indicator, rest) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        texts = ([rest] if rest else []) + [line.text for line in lines[index + 1:end]]
        name, figures = _split(indicator, texts)
        found_rows.append((lines[index].number, [f"{indicator.code}.", name, *_cells(indicator, figures, labels)]))
    return found_rows


def _split(indicator: Indicator, texts: list[str]) -> tuple[str, list[str]]:
    """The row's name (its lines before the first figure, and those a page break put after the last) and its
    figures' lines."""
    wanted = folded(indicator.name)
    figures = [n for n, t in enumerate(texts) if has_figure(t) and folded(t) not in wanted]  # «với 100% đơn vị»
    first = figures[0] if figures else len(texts)
    scores = [fuzz.ratio(folded(" ".join(texts[:k])), wanted) for k in range(first + 1)]
    cut = max(range(len(scores)), key=lambda k: (scores[k], -k))
    last = figures[-1] if figures else len(texts) - 1
    tail = [t for t in texts[last + 1:] if folded(t) in wanted]
    name = " ".join([*texts[:cut], *tail])
    return name, [t for n, t in enumerate(texts) if n >= cut and not (n > last and t in tail)]


def header_start(text: str) -> bool:
    """Whether a line opens the table's header («STT Chỉ tiêu …»), as a page break repeats it too."""
    return bool(_HEADER_START.match(text))


def has_figure(text: str) -> bool:
    return any(_FIGURE.match(word) for word in text.split())


def _cells(indicator: Indicator, figures: list[str], labels: list[str]) -> list[str]:
    """The figures' text split into one cell per column (a text printed once across them, repeated)."""
    words = " ".join(figures).split()
    columns = len(labels)
    if indicator.value_type is ValueType.HEADING or not words:
        return [""] * columns
    if indicator.value_type.is_numeric:
        cells = _numbers(words)
        if len(cells) == columns:
            return cells
    if len(words) % columns == 0:
        size = len(words) // columns
        groups = [" ".join(words[k * size:(k + 1) * size]) for k in range(columns)]
        if len(set(groups)) < columns or not indicator.report.get("merge_periods"):
            return groups
    return [" ".join(words)] * columns


def cells_of(words: list[str], columns: int) -> list[str]:
    """The words read as one cell per column, or none when they do not: figures each with the words after it
    («374 theo QĐ …»), or as many groups of words alike but for their figures («Phiên bản 1.0» … «Phiên bản 2.0»)."""
    if words and _FIGURE.match(words[0]) and len(cells := _numbers(words)) == columns:
        return cells
    if not columns or len(words) % columns:
        return []
    size = len(words) // columns
    groups = [words[k * size:(k + 1) * size] for k in range(columns)]
    if len({tuple(w for w in group if not _FIGURE.match(w)) for group in groups}) == 1:
        return [" ".join(group) for group in groups]
    return []


def _numbers(words: list[str]) -> list[str]:
    """Figures with the words after each («374 theo QĐ …»); the words joined back as the document wrote them."""
    cells: list[str] = []
    for word in words:
        if _FIGURE.match(word) or not cells:
            cells.append(word)
        else:
            cells[-1] += ("" if cells[-1].endswith("-") and word[:1].isupper() else " ") + word
    return cells


def _row(file: str, sha: str, line: int, texts: list[str]) -> tuple[SourceCell, ...]:
    return tuple(SourceCell(text, Place(file, sha, 1, line, column)) for column, text in enumerate(texts, start=1))


TEXT_SUFFIXES = (".txt",)


def tables_of(path: Path, framework: Framework) -> list[SourceTable]:
    """The tables of a file: text extracted from a PDF read against ``framework``, any other format by its
    reader (chiso.appendix.readers)."""
    from chiso.appendix.readers import read_tables
    from chiso.appendix.text_targets import target_text_table

    if path.suffix.lower() in TEXT_SUFFIXES:
        if framework.layout == "target_evaluation":
            return [target_text_table(read_text(path), path.name, framework)]
        return [text_table(read_text(path), path.name, framework)]
    return read_tables(path)
