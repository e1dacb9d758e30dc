"""The target evaluation table (Steering Committee appendix): TT | Nội dung chỉ tiêu | Chỉ tiêu | Kết quả | Đánh giá."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from chiso.catalog.model import Framework, Indicator, Section
from chiso.evaluation import Evaluation, evaluate
from chiso.evaluation.evaluate import unit_scope
from chiso.periods import Period, PeriodType
from chiso.reports.layouts.cells import printed_cell
from chiso.reports.layouts.heading import subtitle, title
from chiso.reports.layouts.registry import register_layout
from chiso.reports.model import Align, Cell, Column, Report, Row, RowKind
from chiso.reports.options import ReportData, ReportOptions

WIDTHS_MM = (14.0, 90.0, 38.0, 50.0, 60.0)
# chiso's own status, printed where no official's was recorded, is marked so that no reader (nor chiso reading
# the table back) takes it for the official's.
COMPUTED_MARK = "(*)"
COMPUTED_FOOTNOTE = f"{COMPUTED_MARK} Đánh giá do chiso tính từ chỉ tiêu và kết quả, chưa phải đánh giá của cơ quan."


@register_layout("target_evaluation", "Bảng đánh giá thực hiện chỉ tiêu")
def target_evaluation(framework: Framework, data: ReportData, options: ReportOptions) -> Report:
    as_of = options.as_of or latest_period(framework, data, options.unit)
    unit_type, groups = unit_scope(data.hierarchy, options.unit)
    evaluations = evaluate(framework, data.values, data.recorded, unit=options.unit,
                           as_of=as_of.code if as_of else None, unit_type=unit_type, groups=groups)
    by_indicator: dict[str, list[Evaluation]] = {}
    for item in evaluations:
        by_indicator.setdefault(item.indicator, []).append(item)
    titles = _column_titles(framework, as_of)
    body = tuple(_body(framework, by_indicator, options))
    marked = any(COMPUTED_MARK in row.cells[-1].text for row in body if row.kind is RowKind.DATA)
    return Report(
        framework=framework.code, unit=options.unit, appendix=framework.appendix, title=title(framework),
        subtitle=subtitle(framework, options),
        columns=tuple(Column(t, w) for t, w in zip(titles, WIDTHS_MM, strict=True)),
        header=(Row(RowKind.HEADER, tuple(Cell(t, bold=True) for t in titles)),),
        body=body, layout="target_evaluation", meta={"as_of": as_of.code if as_of else ""},
        footnotes=(COMPUTED_FOOTNOTE,) if marked else (),
    )


def latest_period(framework: Framework, data: ReportData, unit: str) -> Period | None:
    periods = [Period.parse(v.period) for v in data.values if v.framework == framework.code and v.unit == unit]
    return max(periods, key=lambda p: (p.end, p.start)) if periods else None


def result_heading(as_of: Period | None) -> str:
    """"Kết quả thực hiện đến tháng 6/2023" for a part-year, "… năm 2024" for a year."""
    if as_of is None:
        return "Kết quả thực hiện"
    if as_of.type is PeriodType.YEAR:
        return f"Kết quả thực hiện năm {as_of.year}"
    return f"Kết quả thực hiện đến tháng {as_of.end.month}/{as_of.end.year}"


def _column_titles(framework: Framework, as_of: Period | None) -> tuple[str, ...]:
    deadlines = Counter(Period.parse(t.period).year for _, t in framework.targets())
    target_title = f"Chỉ tiêu đến năm {deadlines.most_common(1)[0][0]}" if deadlines else "Chỉ tiêu"
    return ("TT", "Nội dung chỉ tiêu", target_title, result_heading(as_of), "Đánh giá/Ghi chú")


def _body(framework: Framework, by_indicator: dict[str, list[Evaluation]], options: ReportOptions) -> Iterator[Row]:
    sections = framework.sections or (Section("", ""),)
    numbers = row_numbers(framework)
    for section in sections:
        if section.code:
            yield Row(RowKind.SECTION, (Cell(section.code, bold=True),
                                        Cell(section.title, colspan=4, bold=True, align=Align.LEFT)), section.code)
        for indicator in framework.indicators:
            if indicator.section == section.code and not indicator.report.get("part_of_parent"):
                yield from _rows(indicator, numbers[indicator.code], by_indicator.get(indicator.code, []), options)


def row_numbers(framework: Framework) -> dict[str, str]:
    """The TT column: each indicator's code within its section ("I.2" → "2"), or its whole code throughout a
    section where the short form would print one number twice (codes 1.1 and 2.1 are not both "1")."""
    numbers: dict[str, str] = {}
    for section in dict.fromkeys(i.section for i in framework.indicators):
        codes = [i.code for i in framework.indicators if i.section == section]
        short = [_within(code, section) for code in codes]
        numbers.update(zip(codes, short if len(set(short)) == len(short) else codes, strict=True))
    return numbers


def _within(code: str, section: str) -> str:
    prefix = f"{section}."
    return code[len(prefix):] if section and code.startswith(prefix) else code


def _rows(indicator: Indicator, number: str, evaluations: list[Evaluation], options: ReportOptions) -> Iterator[Row]:
    if not evaluations:
        yield Row(RowKind.DATA, (Cell(number), Cell(indicator.name, align=Align.LEFT), Cell(), Cell(), Cell()),
                  indicator.code)
    for item in evaluations:
        yield Row(RowKind.DATA, (
            Cell(number), Cell(indicator.name, align=Align.LEFT), printed_cell(indicator, item.target_text),
            printed_cell(indicator, item.result or ""),
            Cell(evaluation_text(item, options.computed_only)),
        ), indicator.code)


def evaluation_text(item: Evaluation, computed_only: bool = False) -> str:
    """The official's evaluation where one was recorded (unless asked for chiso's, marked), then the notes."""
    recorded = item.recorded
    if recorded is not None and recorded.status is not None and not computed_only:
        verdict = recorded.status.label
    else:
        verdict = f"{item.status.label} {COMPUTED_MARK}"
    note = recorded.note if recorded is not None else ""
    return "\n".join(part for part in (verdict, note) if part)
