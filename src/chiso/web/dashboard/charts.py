"""Trend charts of rates: the data a page hands to static/dashboard/charts.js through json_script."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from chiso.catalog.model import Framework, Indicator, TargetKind, TargetPart, ValueType
from chiso.periods import Period, PeriodType
from chiso.reports.summary import key_rates  # one definition of a key rate, shared with the reports
from chiso.values.model import Value
from chiso.values.numbers import format_decimal
from chiso.values.text import SYMBOLS
from chiso.web.dashboard.display import chronological, number_of, period_text, short_period

Chart = dict[str, object]


def rate_charts(framework: Framework, values: Iterable[Value]) -> list[Chart]:
    """One chart per key rate with at least one exact number for the unit."""
    by_code: dict[str, list[Value]] = {}
    for value in values:
        by_code.setdefault(value.indicator, []).append(value)
    charts = (indicator_chart(i, by_code.get(i.code, [])) for i in key_rates(framework))
    return [chart for chart in charts if chart["values"]]


def indicator_chart(indicator: Indicator, values: Iterable[Value]) -> Chart:
    """The series of one indicator for one unit, oldest first, with its numeric target if it has one."""
    points = sorted(((v.period, number_of(indicator, v.value)) for v in values), key=lambda p: chronological(p[0]))
    exact = [(Period.parse(code), number) for code, number in points if number is not None]
    target = number_target(indicator)
    return {
        "code": indicator.code,
        "title": f"{indicator.code}. {indicator.name.rstrip('. ')}",
        "percent": indicator.value_type is ValueType.PERCENT,
        "labels": [short_period(p) for p, _ in exact],
        "periods": [period_text(p) for p, _ in exact],
        "values": [float(n) for _, n in exact],  # drawing only: the exact text is in "texts"
        "texts": [_number(indicator, n) for _, n in exact],
        "target": float(target.value) if target else None,
        "target_text": _target_text(indicator, target) if target else "",
    }


def number_target(indicator: Indicator) -> TargetPart | None:
    """The single number the indicator's first numeric target asks for; compound targets have no one line."""
    target = next((t for t in indicator.targets if t.kind is TargetKind.NUMBER and len(t.parts) == 1), None)
    return target.parts[0] if target else None


def _target_text(indicator: Indicator, part: TargetPart) -> str:
    target = next(t for t in indicator.targets if part in t.parts)
    sign = "" if part.comparator in ("=", ">=") else SYMBOLS[part.comparator]
    return _("Chỉ tiêu %(period)s: %(value)s") % {"period": _deadline(target.period),
                                                  "value": sign + _number(indicator, part.value)}


def _deadline(code: str) -> str:
    period = Period.parse(code)
    return str(period.year) if period.type is PeriodType.YEAR else period_text(period)


def _number(indicator: Indicator, number: Decimal) -> str:
    percent = "%" if indicator.value_type is ValueType.PERCENT else ""
    return format_decimal(number, "vi") + percent
