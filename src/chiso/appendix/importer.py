"""An appendix's tables read into what they would become: values, notes and recorded evaluations, each with its
place, before anything is written.

For each table: the header rows (until the first row whose number or name is an indicator's) say what each
column holds (chiso.appendix.headers); each row below is matched to an indicator (chiso.appendix.matching)
and each of its cells read for it (chiso.appendix.cells). What a file gives is a :class:`Preview`: what is
new, what changes a stored figure (with the stored one), what is the same, and every row or cell that could
not be read. Nothing is written from it until every problem is dealt with and every unsure match accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from copy import copy
from dataclasses import dataclass, field, replace

from chiso.appendix import repair
from chiso.appendix.cells import read_cell
from chiso.appendix.headers import Kind, Meaning, column_meaning, header_columns
from chiso.appendix.matching import SURE, Match, Matcher, number_of
from chiso.appendix.model import Place, SourceCell, SourceTable
from chiso.appendix.proposals import Change, Proposal, value_proposal
from chiso.appendix.target_rows import read_target_row
from chiso.catalog.model import Framework, ValueType
from chiso.reports.layouts.columns import declared_columns
from chiso.values.model import RecordedEvaluation, Value

MAX_HEADER_ROWS = 4  # a header is at most this many rows: below, a table that matched nothing is no appendix
MAX_NUMBER = 12  # a row number («III.3.1.») is at most this long: a longer text in its column is a sentence
MAX_TITLE_ROWS = 12  # rows a sheet may have above its header (the appendix's number, title, «Kèm theo…»)


@dataclass(frozen=True)
class RowReading:
    """One row of a table as understood: its match and what its cells would write, or why not."""

    place: Place
    number: str
    name: str
    match: Match
    proposals: tuple[Proposal, ...] = ()
    problems: tuple[str, ...] = ()
    target: str = ""  # the target printed in a target table, the framework's (else a problem says so)


@dataclass
class Preview:
    """What the files would write into ``unit`` under ``framework``, and what stands in the way."""

    framework: Framework
    unit: str
    rows: list[RowReading] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # of whole tables: an unreadable header, no rows matched
    restored: list[str] = field(default_factory=list)  # headers read from a text that lost letters: to review

    @property
    def proposals(self) -> list[Proposal]:
        return [p for row in self.rows for p in row.proposals]

    def unsure(self, accepted: Iterable[str] = ()) -> list[RowReading]:
        """Matched rows that must be confirmed one by one and are not in ``accepted`` (their places)."""
        given = set(accepted)
        return [r for r in self.rows if r.match.indicator is not None and not r.match.sure
                and row_key(r) not in given]

    def blocking(self, accepted: Iterable[str] = ()) -> list[str]:
        """Why nothing can be written yet: problems, unmatched rows, unsure matches not accepted."""
        found = list(self.problems)
        found += [f"{row.place.text}: {problem}" for row in self.rows for problem in row.problems]
        found += [f"{row.place.text}: {row.match.reason}" for row in self.rows if row.match.indicator is None
                  and row.match.reason and not row.match.reason.startswith("mục ")]
        found += [f"{row_key(row)}: cần xác nhận ({row.match.reason})" for row in self.unsure(accepted)]
        return found

    def values(self) -> list[Value]:
        return [Value(self.framework.code, p.indicator, self.unit, p.period, p.text, p.note, p.place.text)
                for p in self.proposals if not p.judged and p.change is not Change.SAME]

    def evaluations(self) -> list[RecordedEvaluation]:
        return [RecordedEvaluation(self.framework.code, p.indicator, p.target, self.unit, p.period, p.status,
                                   p.text, p.place.text)
                for p in self.proposals if p.judged and p.target]


def row_key(row: RowReading) -> str:
    """How a row is named to accept it: «phuluc8.docx:1:7» (file, table, row)."""
    return f"{row.place.file}:{row.place.table}:{row.place.row}"


def preview(framework: Framework, unit: str, tables: Iterable[SourceTable],
            stored: Mapping[tuple[str, str], str] | None = None) -> Preview:
    """What ``tables`` would write; ``stored`` (indicator, period) → the value stored now, to tell changes."""
    found = Preview(framework, unit)
    matchers: dict[str, Matcher] = {}  # a file's tables continue each other (a table broken over pages)
    for table in tables:
        _read_table(found, table, stored or {}, matchers.setdefault(table.file, Matcher(framework)))
    return found


def _read_table(found: Preview, table: SourceTable, stored: Mapping[tuple[str, str], str],
                matcher: Matcher) -> None:
    grid = _spread(table)
    top = _header_top(table)
    start = _first_row(grid, matcher, top)
    if start is None:
        found.problems.append(f"tệp {table.file}, bảng {table.index}: không có dòng nào khớp chỉ tiêu của bộ "
                              f"{found.framework.code}")
        return
    header = [[c.text if c else None for c in row] for row in table.grid()[top:start]]
    columns = _held(found.framework, header_columns(header))
    unread = [m for m in columns if m.kind is Kind.UNKNOWN]
    found.restored += [f"tệp {table.file}, bảng {table.index}, cột {n}: {m.reason}"
                       for n, m in enumerate(columns, start=1) if m.restored]
    if not any(m.kind in (Kind.PERIOD, Kind.RESULT) for m in columns):
        found.problems.append(f"tệp {table.file}, bảng {table.index}: tiêu đề không có cột kỳ nào đọc được"
                              + "".join(f"; {m.reason}" for m in unread))
        return
    code, name = _position(columns, Kind.CODE, 0), _position(columns, Kind.NAME, 1)
    for row in grid[start:]:
        if _below_table(row, code):
            break  # a footnote or the drafted summary under the table
        reading = _read_row(found.framework, matcher, row, columns, (code, name), stored)
        if reading is not None:
            found.rows.append(reading)
            found.restored += _restored_name(found.framework, reading)


def _restored_name(framework: Framework, row: RowReading) -> list[str]:
    """A damaged name (or section title) as the framework prints it, said for review; whether the letters
    left fit it exactly, or only look like it."""
    if not row.name or not repair.is_damaged(row.name):
        return []
    section = number_of(row.number) if row.match.indicator is None else ""
    if row.match.indicator is not None:
        known = framework.indicator(row.match.indicator).name
    elif any(s.code == section for s in framework.sections):
        known = next(s.title for s in framework.sections if s.code == section)
    else:
        return []
    how = "khớp từng chữ còn lại" if repair.fits(row.name, known) else "chỉ gần giống, cần xem lại"
    return [f"{row_key(row)}: tên in «{row.name}» đã mất chữ, khôi phục theo bộ chỉ tiêu {framework.code}: "
            f"«{known}» ({how})"]


def _below_table(row: list[SourceCell | None], code: int) -> bool:
    """Whether a row is text under the table, not one of its rows: its number cell holds a sentence."""
    cell = row[code] if code < len(row) else None
    return cell is not None and len(cell.text) > MAX_NUMBER and " " in cell.text.strip()


def _header_top(table: SourceTable) -> int:
    """The first row of the header: the one whose first cell says «STT» or «TT» (a sheet may have its title
    rows above it); the table's first row when none does."""
    for index, row in enumerate(table.rows[:MAX_TITLE_ROWS]):
        if row and column_meaning(row[0].text).kind is Kind.CODE:
            return index
    return 0


def _spread(table: SourceTable) -> list[list[SourceCell | None]]:
    """The rows with a merged cell repeated in every column it covers: a text printed once across the
    periods («Đã triển khai tại …») is each period's."""
    return [[cell for cell in row for _ in range(cell.span)] for row in table.rows]


def _held(framework: Framework, columns: list[Meaning]) -> list[Meaning]:
    """Columns the framework declares to hold another period (Phụ lục VIII's «Năm 2025» holds 2025S1)."""
    declared = declared_columns(framework)
    return [replace(m, period=declared[m.period].holds) if m.period in declared else m for m in columns]


def _first_row(grid: list[list[SourceCell | None]], matcher: Matcher, top: int) -> int | None:
    """The first row below the header that is an indicator's, or a section's (asked of a copy of the matcher,
    which starts the table in the section the file's table before it ended in, so that the matcher itself
    reads the sections from the first row)."""
    probe = copy(matcher)
    for index in range(top + 1, min(len(grid), top + MAX_HEADER_ROWS + 1)):
        texts = [c.text if c else "" for c in grid[index][:2]] + ["", ""]
        if probe.match(texts[0], texts[1]).confidence >= SURE:
            return index
    return None


def _position(columns: list[Meaning], kind: Kind, default: int) -> int:
    return next((n for n, m in enumerate(columns) if m.kind is kind), default)


def _read_row(framework: Framework, matcher: Matcher, row: list[SourceCell | None], columns: list[Meaning],
              at: tuple[int, int], stored: Mapping[tuple[str, str], str]) -> RowReading | None:
    cells = [*row, *([None] * (len(columns) - len(row)))]
    first = next((c for c in cells if c is not None and c.text), None)
    if first is None:
        return None  # an empty row
    number, name = (_text(cells[at[0]]), _text(cells[at[1]]))
    match = matcher.match(number, name)
    if match.indicator is None:
        return RowReading(first.place, number, name, match)
    proposals, problems, target = _cells(framework, match.indicator, cells, columns, stored)
    return RowReading(first.place, number, name, match, tuple(proposals), tuple(problems), target)


def _cells(framework: Framework, code: str, cells: list[SourceCell | None], columns: list[Meaning],
           stored: Mapping[tuple[str, str], str]) -> tuple[list[Proposal], list[str], str]:
    """What the row's cells write, the problems, and the target printed (a target table's)."""
    indicator = framework.indicator(code)
    if indicator.value_type is ValueType.HEADING:
        return [], [], ""
    if any(m.kind is Kind.RESULT for m in columns):
        pairs = [(c, m) for c, m in zip(cells, columns, strict=False) if c is not None]
        row = read_target_row(framework, code, pairs, stored)
        return row.proposals, row.problems, row.target
    proposals: list[Proposal] = []
    problems: list[str] = []
    for cell, meaning in zip(cells, columns, strict=False):
        if cell is None or meaning.kind is not Kind.PERIOD or meaning.period is None:
            continue
        reading = read_cell(indicator, cell.text)
        if reading.problem:
            problems.append(f"{cell.place.text}: {reading.problem}")
        elif reading.value is not None:
            proposals.append(value_proposal(code, meaning.period.code, reading.value, reading.note, cell.place,
                                            stored))
    return _with_column_notes(proposals, cells, columns), problems, ""


def _with_column_notes(proposals: list[Proposal], cells: list[SourceCell | None],
                       columns: list[Meaning]) -> list[Proposal]:
    """A statistics table's «Ghi chú» column gives notes by column: «Năm 2024: theo QĐ …; Năm 2025: …»."""
    text = " ".join(c.text for c, m in zip(cells, columns, strict=False) if c is not None and c.text
                    and m.kind is Kind.EVALUATION)
    labels = {m.text: m.period.code for m in columns if m.kind is Kind.PERIOD and m.period is not None and m.text}
    if not text or not labels:
        return proposals
    pattern = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    parts = re.split(f"({pattern}):", text)
    notes = {labels[parts[n]]: parts[n + 1].strip() for n in range(1, len(parts) - 1, 2)}
    return [replace(p, note=p.note or notes.get(p.period, "")) for p in proposals]


def _text(cell: SourceCell | None) -> str:
    return cell.text if cell is not None else ""
