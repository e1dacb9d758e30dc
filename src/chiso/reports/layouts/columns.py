"""The columns of the statistics table: each one period, the same for every row.

A column never holds the periods of several types side by side (March in one row, the third quarter in
the next). By default the table has a column for each year with data, or, in a year without a year's
figure, for each period that is some indicator's latest in that year. A framework may declare that a
column holds a shorter period, with a footnote saying so; the shipped Phụ lục VIII prints its first
half-year of 2025 under «Năm 2025»::

    settings:
      report:
        columns:
          - column: "2025"      # the column, as asked for (--periods) or chosen by default
            period: "2025S1"    # the one period every cell of it shows
            footnote: "Số liệu cột «Năm 2025» là số liệu 6 tháng đầu năm 2025."  # optional; this is the default
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.periods import Period
from chiso.values.model import Value

SETTING = "settings.report.columns"


@dataclass(frozen=True)
class ColumnSpec:
    """A declared column: the period its cells hold instead of its own, and the footnote that says so."""

    column: Period
    holds: Period
    footnote: str


def declared_columns(framework: Framework) -> dict[Period, ColumnSpec]:
    """The framework's declared columns by the period they are asked for; InputError naming the entry at fault."""
    report = framework.settings.get("report") or {}
    entries = report.get("columns", []) if isinstance(report, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{SETTING} của bộ chỉ tiêu {framework.code} phải là một danh sách",
                         expected="- {column: \"2025\", period: \"2025S1\"}")
    found: dict[Period, ColumnSpec] = {}
    for number, entry in enumerate(entries, start=1):
        spec = _spec(framework, number, entry)
        if spec.column in found:
            raise _bad(framework, number, f"cột «{spec.column.label}» đã khai báo ở trên", "mỗi cột khai báo một lần")
        found[spec.column] = spec
    return found


def _spec(framework: Framework, number: int, entry: object) -> ColumnSpec:
    if not isinstance(entry, dict) or "column" not in entry or "period" not in entry:
        raise _bad(framework, number, "thiếu column hoặc period", "column: \"2025\", period: \"2025S1\"")
    try:
        column, holds = Period.parse(str(entry["column"])), Period.parse(str(entry["period"]))
    except InputError as error:
        raise _bad(framework, number, error.message, error.expected or "") from None
    if not column.contains(holds):
        raise _bad(framework, number, f"kỳ {holds.code} không nằm trong cột «{column.label}»",
                   f"một kỳ trong {column.code}, ví dụ {column.code if column.months == 1 else column.end.year}")
    footnote = str(entry.get("footnote") or f"Số liệu cột «{column.label}» là số liệu {in_sentence(holds)}.")
    return ColumnSpec(column, holds, footnote)


def in_sentence(period: Period) -> str:
    """The period's label inside a sentence: «quý III/2018», «6 tháng đầu năm 2025» (the numeral kept upper)."""
    return period.label[0].lower() + period.label[1:]


def _bad(framework: Framework, number: int, what: str, expected: str) -> InputError:
    return InputError(f"{SETTING} mục {number} của bộ chỉ tiêu {framework.code}: {what}", expected=expected)


def columns_with_data(values: Iterable[Value], declared: dict[Period, ColumnSpec]) -> tuple[Period, ...]:
    """The default columns: per year, the period each indicator has last in it (the year itself when it has
    one), a declared column standing for the period it holds; oldest first."""
    latest: dict[tuple[str, int], Period] = {}
    for value in values:
        period = Period.parse(value.period)
        key = (value.indicator, period.year)
        if key not in latest or (period.end, period.months) > (latest[key].end, latest[key].months):
            latest[key] = period
    standing = {spec.holds: spec.column for spec in declared.values()}
    return tuple(sorted({standing.get(p, p) for p in latest.values()}, key=in_table_order))


def in_table_order(period: Period) -> tuple[object, ...]:
    """Oldest first by end, the shorter first of periods ending together (2025Q3, 2025M1-9, then 2025)."""
    return period.end, -period.start.toordinal(), not period.type.fixed


def shorter_with_data(values: Iterable[Value], column: Period) -> list[Period]:
    """The periods within ``column`` that have data, for a column of its own (none when it has its own)."""
    periods = {Period.parse(v.period) for v in values}
    if column in periods:
        return []
    return sorted((p for p in periods if column.contains(p)), key=in_table_order)


def footnotes(used: Iterator[ColumnSpec]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(spec.footnote for spec in used))
