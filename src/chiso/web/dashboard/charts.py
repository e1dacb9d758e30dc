"""Trend charts of rates: the data a page hands to static/dashboard/charts.js through json_script.

The points are figures of the computed view, so a province whose communes report is charted like one
that reports itself; each point says where it comes from («tổng hợp từ 87/102 xã») beside its value.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from chiso.catalog.model import Framework, Indicator, TargetPart, ValueType
from chiso.evaluation.kinds import single_number
from chiso.periods import Period, PeriodType
from chiso.reports.summary import key_rates  # one definition of a key rate, shared with the reports
from chiso.values.text import SYMBOLS, number_text
from chiso.view import Figure, View
from chiso.web.dashboard.display import origin, partial, period_text, short_period, value_text

Chart = dict[str, object]


def key_rate_codes(framework: Framework) -> list[str]:
    """The indicators the dashboard charts: what its view is asked for."""
    return [i.code for i in key_rates(framework)]


def rate_charts(framework: Framework, view: View) -> list[Chart]:
    """One chart per key rate with at least one exact number for the view's unit."""
    charts = (indicator_chart(i, view.series(i.code)) for i in key_rates(framework))
    return [chart for chart in charts if chart["values"]]


def indicator_chart(indicator: Indicator, figures: Iterable[Figure]) -> Chart:
    """The series of one indicator for one unit, oldest first, with its numeric target if it has one."""
    points = [(Period.parse(f.period), f, f.number) for f in figures if f.number is not None]
    exact = sorted(points, key=lambda p: (p[0].end, p[0].start))
    target = number_target(indicator)
    return {
        "code": indicator.code,
        "title": f"{indicator.code}. {indicator.name.rstrip('. ')}",
        "percent": indicator.value_type is ValueType.PERCENT,
        "labels": [short_period(p) for p, _, _ in exact],
        "periods": [period_text(p) for p, _, _ in exact],
        "values": [float(n) for _, _, n in exact],  # drawing only: the exact text is in "texts"
        "texts": [number_text(indicator, n) for _, _, n in exact],
        "points": [_point(indicator, p, f) for p, f, _ in exact],  # also read by the page, not only the script
        "target": float(target.value) if target else None,
        "target_text": _target_text(indicator, target) if target else "",
    }


def _point(indicator: Indicator, period: Period, figure: Figure) -> dict[str, object]:
    """One point as the page lists it under the chart: period, value and where it comes from."""
    return {"period": period_text(period), "text": value_text(indicator, figure.value), "origin": origin(figure),
            "partial": partial(figure)}


def number_target(indicator: Indicator) -> TargetPart | None:
    """The single number the indicator's first numeric target asks for; compound targets have no one line."""
    return single_number(indicator)


def _target_text(indicator: Indicator, part: TargetPart) -> str:
    target = next(t for t in indicator.targets if part in t.parts)
    sign = "" if part.comparator in ("=", ">=") else SYMBOLS[part.comparator]
    return _("Chỉ tiêu %(period)s: %(value)s") % {"period": _deadline(target.period),
                                                  "value": sign + number_text(indicator, part.value)}


def _deadline(code: str) -> str:
    period = Period.parse(code)
    return str(period.year) if period.type is PeriodType.YEAR else period_text(period)
