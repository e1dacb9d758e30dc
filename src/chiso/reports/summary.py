"""A drafted narrative for a report: one Vietnamese paragraph per key rate, built only from the data.

A key rate is a percent indicator that is computed by a formula or carries a target. For the statistics
table the paragraph gives the latest column's value with the period it really covers and the change from
the previous column in percentage points; for the target evaluation table it gives the result up to the
report's "as of" period set against the target. Both add the target's status and the forecast when known.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.errors import InputError
from chiso.evaluation import Evaluation, ForecastStatus, evaluate
from chiso.evaluation.evaluate import unit_scope
from chiso.evaluation.series import within
from chiso.evaluation.text import deadline_phrase, in_sentence, names_deadline
from chiso.periods import Period, PeriodType
from chiso.reports.layouts.statistics import PeriodColumns, years_with_data  # the table's own column rules
from chiso.reports.model import Report
from chiso.reports.options import ReportData, ReportOptions
from chiso.values.model import Bound, Reading, read_value
from chiso.values.numbers import format_decimal
from chiso.values.text import SYMBOLS, change_text

Point = tuple[Period, Reading]
_BOUND_WORDS = {">": "trên", "≥": "từ", "<": "dưới", "≤": "không quá", "=": ""}


def draft_summary(framework: Framework, data: ReportData, options: ReportOptions,
                  report: Report) -> tuple[str, ...]:
    if report.layout == "target_evaluation":
        return tuple(_evaluation_paragraphs(framework, data, options, report))
    if report.layout == "statistics_table":
        return tuple(_statistics_paragraphs(framework, data, options))
    return ()


def key_rates(framework: Framework) -> Iterator[Indicator]:
    """Percent indicators computed by a formula or carrying a target, in catalogue order."""
    return (i for i in framework.indicators
            if i.value_type is ValueType.PERCENT and (i.formula is not None or i.targets))


def report_periods(framework: Framework, data: ReportData, options: ReportOptions) -> tuple[Period, ...]:
    """The statistics table's columns: the periods asked for, or every year with data."""
    return options.periods or years_with_data(framework, data, options.unit)


def report_points(framework: Framework, data: ReportData, options: ReportOptions,
                  report: Report) -> dict[str, list[Point]]:
    """Each indicator's readings as the report shows them, oldest first, under the period each covers."""
    if report.layout == "statistics_table":
        return _column_points(framework, data, options)
    as_of = report.meta.get("as_of") or (options.as_of.code if options.as_of else "")
    cutoff = Period.parse(as_of) if as_of else None
    points: dict[str, list[Point]] = {}
    for value in data.values:
        period = Period.parse(value.period)
        if value.framework == framework.code and value.unit == options.unit and within(period, cutoff):
            _add(points, framework, value.indicator, period, value.value)
    return {code: sorted(found, key=lambda p: (p[0].end, p[0].start)) for code, found in points.items()}


def _column_points(framework: Framework, data: ReportData, options: ReportOptions) -> dict[str, list[Point]]:
    columns = PeriodColumns(framework, data, options.unit, report_periods(framework, data, options))
    points: dict[str, list[Point]] = {}
    for indicator in framework.indicators:
        for column in columns.periods:
            value = columns.value(indicator.code, column)
            shown = [period for period, _ in points.get(indicator.code, [])]
            if value is not None and Period.parse(value.period) not in shown:  # "2025S1" and "2025" columns
                _add(points, framework, indicator.code, Period.parse(value.period), value.value)
    return points


def _add(points: dict[str, list[Point]], framework: Framework, code: str, period: Period, text: str) -> None:
    if not framework.has(code):
        return
    try:
        reading = read_value(framework.indicator(code), text)
    except InputError:  # a value of the wrong type is left out; `chiso check` reports it
        return
    points.setdefault(code, []).append((period, reading))


# --- the statistics table ---------------------------------------------------------------------------------

def _statistics_paragraphs(framework: Framework, data: ReportData, options: ReportOptions) -> Iterator[str]:
    points = _column_points(framework, data, options)
    periods = report_periods(framework, data, options)
    evaluations = _evaluations(framework, data, options, periods[-1].code if periods else None)
    for indicator in key_rates(framework):
        found = points.get(indicator.code, [])
        if found:
            sentences = [_latest_sentence(indicator, found)]
            sentences += [s for item in evaluations.get(indicator.code, []) for s in _target_sentences(item, options)]
            yield " ".join(sentences)


def _latest_sentence(indicator: Indicator, points: list[Point]) -> str:
    period, reading = points[-1]
    sentence = f"{_name(indicator)} {in_sentence(period)} đạt {_amount(indicator, reading)}"
    if len(points) > 1:
        sentence += ", " + _change(indicator, points[-2], reading)
    return sentence + "."


def _change(indicator: Indicator, before: Point, reading: Reading) -> str:
    """ "tăng 18,43 điểm phần trăm so với năm 2024"; a bound cannot say by how much."""
    period, previous = before
    since = f"so với {in_sentence(period)}"
    if not isinstance(reading, Decimal) or not isinstance(previous, Decimal):
        return f"{in_sentence(period)} là {_amount(indicator, previous)}"
    delta = reading - previous
    if delta == 0:
        return f"không thay đổi {since}"
    shown = change_text(indicator, previous, reading)
    return f"{'tăng' if delta > 0 else 'giảm'} {shown} điểm phần trăm {since}"


def _amount(indicator: Indicator, reading: Reading) -> str:
    """A percent reading in words: "56,39%" (the indicator's decimals), "trên 90%"."""
    if isinstance(reading, Bound):
        words = _BOUND_WORDS[SYMBOLS[reading.comparator]]
        return f"{words} {format_decimal(reading.limit, 'vi', indicator.decimals)}%".strip()
    if isinstance(reading, Decimal):
        return format_decimal(reading, "vi", indicator.decimals) + "%"
    return str(reading)


def _target_sentences(item: Evaluation, options: ReportOptions) -> list[str]:
    sentences = [_capital(_target_clause(item, options)) + "."]
    forecast = item.forecast
    if forecast is not None and forecast.status is not ForecastStatus.NOT_AVAILABLE:
        sentences.append(f"Dự báo: {forecast.label.lower()}. {_full_stop(forecast.reason)}")
    return sentences


def _target_clause(item: Evaluation, options: ReportOptions) -> str:
    """ "chỉ tiêu đến năm 2025 là 80%: chưa đạt": chiso's status, which the figures bear out, and the official's
    where it was recorded and says otherwise, named as a disagreement."""
    words = _result_words(item.target_text)
    due = item.target.due
    deadline = "" if names_deadline(item.target_text, due) else f" {deadline_phrase(due)}"
    clause = f"chỉ tiêu{deadline} là {words}: {item.status.label.lower()}"
    recorded = item.recorded.status if item.recorded is not None else None
    if recorded is not None and recorded is not item.status and not options.computed_only:
        clause += f" (báo cáo ghi «{recorded.label}», khác với kết quả tính từ số liệu)"
    return clause


def _evaluations(framework: Framework, data: ReportData, options: ReportOptions,
                 as_of: str | None) -> dict[str, list[Evaluation]]:
    if not any(True for _ in framework.targets()):
        return {}
    by_indicator: dict[str, list[Evaluation]] = {}
    unit_type, groups = unit_scope(data.hierarchy, options.unit)
    for item in evaluate(framework, data.values, data.recorded, unit=options.unit, as_of=as_of,
                         unit_type=unit_type, groups=groups):
        by_indicator.setdefault(item.indicator, []).append(item)
    return by_indicator


# --- the target evaluation table --------------------------------------------------------------------------

def _evaluation_paragraphs(framework: Framework, data: ReportData, options: ReportOptions,
                           report: Report) -> Iterator[str]:
    as_of = report.meta.get("as_of") or None
    evaluations = _evaluations(framework, data, options, as_of)
    until = _until(Period.parse(as_of)) if as_of else ""
    for indicator in key_rates(framework):
        items = [item for item in evaluations.get(indicator.code, []) if item.result is not None]
        if items:
            yield _evaluation_paragraph(indicator, items, until, options)


def _evaluation_paragraph(indicator: Indicator, items: list[Evaluation], until: str,
                          options: ReportOptions) -> str:
    result = _result_words(items[0].result or "")
    clauses = "; ".join(_target_clause(item, options) for item in items)
    sentences = [" ".join(part for part in (_name(indicator), until, f"đạt {result}, {clauses}.") if part)]
    sentences += [s for item in items for s in _target_sentences(item, options)[1:]]
    return " ".join(sentences)


def _until(as_of: Period) -> str:
    """ "năm 2024" for a year, "đến tháng 6/2023" for a part-year, as the result column's heading."""
    if as_of.type is PeriodType.YEAR:
        return in_sentence(as_of)
    return f"đến tháng {as_of.end.month}/{as_of.end.year}"


def _result_words(result: str) -> str:
    """A result as the table prints it, a leading comparison in words: ">90%" → "trên 90%"."""
    for symbol in sorted(_BOUND_WORDS, key=len, reverse=True):
        if symbol and result.startswith(symbol):
            return f"{_BOUND_WORDS[symbol]} {result[len(symbol):]}".strip()
    return result


# --- wording ----------------------------------------------------------------------------------------------

def _name(indicator: Indicator) -> str:
    """The indicator's name as a sentence's subject: its own trailing full stop dropped."""
    return _capital(indicator.name.rstrip(". "))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _full_stop(text: str) -> str:
    text = _capital(text.strip())
    return text if text.endswith(".") else text + "."
