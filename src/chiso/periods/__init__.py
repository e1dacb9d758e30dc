"""Reporting periods (kỳ báo cáo): years, half-years, quarters, months and years to date."""

from chiso.periods.labels import period_from_label
from chiso.periods.period import (
    MAX_PERIODS,
    Period,
    PeriodType,
    TooManyPeriods,
    period_count,
    period_range,
    years_between,
)

__all__ = ["MAX_PERIODS", "Period", "PeriodType", "TooManyPeriods", "period_count", "period_from_label", "period_range",
           "years_between"]
