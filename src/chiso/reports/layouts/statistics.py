"""The statistics table (Phụ lục VIII): STT | Chỉ tiêu | one column per period under the org unit's name.

Each column is one period for every row (see :mod:`chiso.reports.layouts.columns`).
"""

from __future__ import annotations

from collections.abc import Iterator

from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.errors import InputError
from chiso.orgunits.model import active_during
from chiso.orgunits.peers import is_rank, rank_base
from chiso.periods import Period
from chiso.reports.layouts.cells import value_cell
from chiso.reports.layouts.columns import (
    ColumnSpec,
    columns_with_data,
    declared_columns,
    footnotes,
    in_sentence,
    in_table_order,
    shorter_with_data,
)
from chiso.reports.layouts.heading import subtitle, title
from chiso.reports.layouts.registry import register_layout
from chiso.reports.model import Align, Cell, Column, Report, Row, RowKind
from chiso.reports.options import ReportData, ReportOptions
from chiso.values.model import Value

USABLE_WIDTH_MM = 252.0  # A4 landscape less the decree's 30 mm left and 15 mm right margins
CODE_WIDTH_MM, NAME_WIDTH_MM = 16.0, 76.0


@register_layout("statistics_table", "Bảng thống kê theo kỳ")
def statistics_table(framework: Framework, data: ReportData, options: ReportOptions) -> Report:
    if options.by_unit:
        return _by_unit(framework, data, options)
    periods = options.periods or years_with_data(framework, data, options.unit)
    columns = PeriodColumns(framework, data, options.unit, periods)
    return _report(framework, options, _column_sizes([p.label for p in periods]),
                   _header(data.unit_name(options.unit), [p.label for p in periods]), columns)


def _by_unit(framework: Framework, data: ReportData, options: ReportOptions) -> Report:
    """One period, a column for the unit and one for each unit below it: where the figure comes from."""
    if len(options.periods) > 1:
        raise InputError("bảng theo đơn vị cấp dưới chỉ có một kỳ", column="--periods",
                         expected="một kỳ, ví dụ 2026 hoặc 2026Q2")
    period = options.periods[0] if options.periods else max(years_with_data(framework, data, options.unit),
                                                             key=in_table_order, default=None)
    if period is None:
        raise InputError(f"đơn vị {options.unit} chưa có số liệu", column="--unit")
    below = sorted(u.code for u in data.hierarchy.children(options.unit) if active_during(u, period))
    units = [options.unit, *below]
    columns = UnitColumns(framework, data, units, period)
    names = [data.unit_name(u) for u in units]
    return _report(framework, options, _column_sizes(names), _header(period.label, names), columns)


def _report(framework: Framework, options: ReportOptions, sizes: tuple[Column, ...], header: tuple[Row, ...],
            columns: PeriodColumns) -> Report:
    return Report(
        framework=framework.code, unit=options.unit, appendix=framework.appendix, title=title(framework),
        subtitle=subtitle(framework, options), columns=sizes, header=header,
        body=tuple(_row(indicator, columns) for indicator in framework.indicators
                   if not indicator.report.get("part_of_parent") and _shown(indicator, columns)),
        footnotes=columns.footnotes(), layout="statistics_table",
    )


def years_with_data(framework: Framework, data: ReportData, unit: str) -> tuple[Period, ...]:
    """The columns of the years the unit has data for: a year, or in a year without a year's figure each
    period that is some indicator's latest in it (a declared column standing for the period it holds)."""
    return columns_with_data(_values_of(framework, data, unit), declared_columns(framework))


def _values_of(framework: Framework, data: ReportData, unit: str) -> list[Value]:
    return [v for v in data.values if v.framework == framework.code and v.unit == unit]


def _column_sizes(titles: list[str]) -> tuple[Column, ...]:
    each = (USABLE_WIDTH_MM - CODE_WIDTH_MM - NAME_WIDTH_MM) / max(len(titles), 1)
    return (Column("STT", CODE_WIDTH_MM), Column("Chỉ tiêu", NAME_WIDTH_MM), *(Column(t, each) for t in titles))


def _header(spanning: str, titles: list[str]) -> tuple[Row, ...]:
    top = (Cell("STT", rowspan=2, bold=True), Cell("Chỉ tiêu", rowspan=2, bold=True),
           Cell(spanning, colspan=len(titles), bold=True))
    return Row(RowKind.HEADER, top), Row(RowKind.HEADER, tuple(Cell(t, bold=True) for t in titles))


class PeriodColumns:
    """Finds the value behind each cell: the column's own period, or the one a declared column holds."""

    def __init__(self, framework: Framework, data: ReportData, unit: str, periods: tuple[Period, ...]) -> None:
        self.periods, self.hierarchy = periods, data.hierarchy
        mine = _values_of(framework, data, unit)
        self.values = {(v.indicator, v.period): v for v in mine}
        declared = declared_columns(framework)
        self.specs = {column: declared[column] for column in periods if column in declared}
        self.missing = {column: shorter_with_data(mine, column) for column in periods if column not in declared}

    def cells(self, indicator: str) -> Iterator[Value | None]:
        return (self.value(indicator, period) for period in self.periods)

    def value(self, indicator: str, column: Period) -> Value | None:
        spec = self.specs.get(column)
        return self.values.get((indicator, (spec.holds if spec else column).code))

    def out_of(self, indicator: Indicator, value: Value | None) -> int | None:
        """Among how many units a rank was given (63 provinces until 2025, 34 after)."""
        if value is None or not is_rank(indicator):
            return None
        return rank_base(self.hierarchy, value.unit, Period.parse(value.period))

    def used(self) -> Iterator[ColumnSpec]:
        return (self.specs[column] for column in self.periods if column in self.specs)

    def footnotes(self) -> tuple[str, ...]:
        """What each declared column holds; for a column without data of its own, the shorter periods that have some."""
        empty = [f"Cột «{column.label}» chưa có số liệu của cả kỳ; có số liệu "
                 f"{', '.join(f'{in_sentence(p)} (kỳ {p.code})' for p in parts)}."
                 for column, parts in self.missing.items() if parts]
        return (*footnotes(self.used()), *empty)


class UnitColumns(PeriodColumns):
    """One period's value for each of several units, a declared column holding its period as for one unit."""

    def __init__(self, framework: Framework, data: ReportData, units: list[str], period: Period) -> None:
        super().__init__(framework, data, units[0], (period,))
        self.units = {unit: PeriodColumns(framework, data, unit, (period,)) for unit in units}

    def cells(self, indicator: str) -> Iterator[Value | None]:
        return (columns.value(indicator, self.periods[0]) for columns in self.units.values())

    def footnotes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(note for columns in self.units.values() for note in columns.footnotes()))


def _shown(indicator: Indicator, columns: PeriodColumns) -> bool:
    """A row marked ``omit_when_empty`` (one the source appendix does not have) only when it has a value."""
    if not indicator.report.get("omit_when_empty"):
        return True
    return any(value is not None for value in columns.cells(indicator.code))


def _row(indicator: Indicator, columns: PeriodColumns) -> Row:
    code = Cell(f"{indicator.code}.", align=Align.CENTER)
    name = Cell(indicator.name, align=Align.LEFT)
    if indicator.value_type is ValueType.HEADING:
        blanks = tuple(Cell() for _ in columns.cells(indicator.code))
        return Row(RowKind.GROUP, (Cell(code.text, bold=True), Cell(name.text, bold=True, align=Align.LEFT),
                                   *blanks), indicator.code)
    cells = tuple(value_cell(indicator, value, out_of=columns.out_of(indicator, value))
                  for value in columns.cells(indicator.code))
    if indicator.report.get("merge_periods") and len({c.display for c in cells}) == 1:
        cells = (Cell(cells[0].text, note=cells[0].note, colspan=len(cells)),)
    return Row(RowKind.DATA, (code, name, *cells), indicator.code)
