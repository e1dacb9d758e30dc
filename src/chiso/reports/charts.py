"""Small line charts of a report's rates: one PNG per percent indicator with two values or more.

Drawn with matplotlib's Agg canvas on a :class:`~matplotlib.figure.Figure` (never pyplot, so no global
state), in a serif font with Vietnamese glyphs, and saved without the software name so the same data
always gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from contextlib import AbstractContextManager
from decimal import Decimal
from functools import cache

import matplotlib
from matplotlib import font_manager, ft2font
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from chiso.catalog.model import Framework, Indicator, TargetPart, ValueType
from chiso.evaluation.kinds import single_number
from chiso.periods import Period, PeriodType
from chiso.reports.model import Chart, Report
from chiso.reports.options import ReportData, ReportOptions
from chiso.reports.summary import Point, report_points
from chiso.values.numbers import format_decimal

CM = 1 / 2.54
FIGURE_SIZE = (12 * CM, 6 * CM)
DPI = 150
FONTS = ("Liberation Serif", "Times New Roman", "DejaVu Serif")
VIETNAMESE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐƠƯ"
LINE, TARGET = "#1f4e79", "#c0392b"
Number = tuple[Period, Decimal]


def rate_charts(framework: Framework, data: ReportData, options: ReportOptions,
                report: Report) -> tuple[Chart, ...]:
    points = report_points(framework, data, options, report)
    charts = []
    for indicator in framework.indicators:
        series = numbers(points.get(indicator.code, []))
        if indicator.value_type is ValueType.PERCENT and len(series) >= 2:
            charts.append(Chart(indicator.code, chart_title(indicator), png_bytes(rate_figure(indicator, series))))
    return tuple(charts)


def numbers(points: Sequence[Point]) -> list[Number]:
    """The exact numbers among the readings; a bound (">90") has no place on a line."""
    return [(period, reading) for period, reading in points if isinstance(reading, Decimal)]


def chart_title(indicator: Indicator) -> str:
    return f"{indicator.code}. {indicator.name.rstrip('. ')}"


def short_label(period: Period) -> str:
    """An x-axis label: "2024", "6T/2025" (first half), "6T cuối/2025", "Q2/2025", "T6/2025", "9T/2024" (nine
    months to date)."""
    if period.type is PeriodType.YTD:
        return f"{period.index}T/{period.year}"
    if period.type is PeriodType.HALF:
        return f"6T/{period.year}" if period.index == 1 else f"6T cuối/{period.year}"
    if period.type is PeriodType.QUARTER:
        return f"Q{period.index}/{period.year}"
    if period.type is PeriodType.MONTH:
        return f"T{period.index}/{period.year}"
    return str(period.year)


def rate_figure(indicator: Indicator, series: Sequence[Number]) -> Figure:
    """The chart of one rate, laid out and ready to save."""
    with _style():
        figure = Figure(figsize=FIGURE_SIZE, dpi=DPI)
        axes = figure.add_subplot()
        _plot(axes, indicator, series)
        target = number_target(indicator)
        if target is not None:
            _target_line(axes, target, target_label(indicator, target))
        _frame(axes, series, target)
        axes.set_title(textwrap.fill(chart_title(indicator), width=68, max_lines=3, placeholder=" …"),
                       fontsize=8, loc="left")
        figure.tight_layout(pad=0.5)
    return figure


def png_bytes(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    with _style():
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def number_target(indicator: Indicator) -> TargetPart | None:
    """The single number the indicator's first number or bound target asks for."""
    return single_number(indicator)


def target_label(indicator: Indicator, part: TargetPart) -> str:
    """ "Chỉ tiêu 2025: 80%"; a strict or upper bound keeps its sign ("Chỉ tiêu 2025: >50%")."""
    target = next(t for t in indicator.targets if part in t.parts)
    sign = {">": ">", "<": "<", "<=": "≤"}.get(part.comparator, "")
    return f"Chỉ tiêu {Period.parse(target.period).year}: {sign}{percent(part.value)}"


def percent(value: Decimal, decimals: int | None = None) -> str:
    return format_decimal(value, "vi", decimals) + "%"


def percent_tick(y: float, _position: float | None = None) -> str:
    """A y-axis tick in Vietnamese style: 20 → "20%", 2.5 → "2,5%"."""
    return percent(Decimal(f"{y:.2f}").normalize() + 0)


def _plot(axes: Axes, indicator: Indicator, series: Sequence[Number]) -> None:
    xs = list(range(len(series)))
    axes.plot(xs, [float(v) for _, v in series], color=LINE, linewidth=1.2, marker="o", markersize=3.5,
              clip_on=False)
    for x, (_, value) in zip(xs, series, strict=True):
        axes.annotate(percent(value, indicator.decimals), (x, float(value)), textcoords="offset points",
                      xytext=(0, 4), ha="center", va="bottom", fontsize=6.5, color=LINE)
    axes.set_xticks(xs, [short_label(period) for period, _ in series], fontsize=7)


def _target_line(axes: Axes, part: TargetPart, label: str) -> None:
    axes.axhline(float(part.value), color=TARGET, linewidth=0.9, linestyle="--")
    axes.text(0.01, float(part.value), label, transform=axes.get_yaxis_transform(), ha="left",
              va="bottom", fontsize=6.5, color=TARGET)


def _frame(axes: Axes, series: Sequence[Number], target: TargetPart | None) -> None:
    highest = max([float(v) for _, v in series] + ([float(target.value)] if target is not None else []))
    axes.set_xlim(-0.5, len(series) - 0.5)
    axes.set_ylim(min(0.0, *(float(v) for _, v in series)), highest * 1.15 if highest > 0 else 1.0)
    axes.yaxis.set_major_formatter(FuncFormatter(percent_tick))
    axes.tick_params(axis="y", labelsize=7)
    axes.grid(axis="y", linewidth=0.4, alpha=0.5)
    axes.spines[["top", "right"]].set_visible(False)


def _style() -> AbstractContextManager[None]:
    return matplotlib.rc_context({"font.family": [chart_font()], "axes.titlesize": 8})


@cache
def chart_font() -> str:
    """The first preferred serif font installed that has every Vietnamese letter; DejaVu Serif ships with
    matplotlib (some Liberation Serif builds lack "ơ", "ư", "ệ"… and would print them as boxes)."""
    return next((name for name in FONTS if _writes_vietnamese(name)), "DejaVu Serif")


def _writes_vietnamese(name: str) -> bool:
    try:
        path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    except ValueError:
        return False
    charmap = ft2font.FT2Font(path).get_charmap()
    return all(ord(letter) in charmap for letter in VIETNAMESE)
