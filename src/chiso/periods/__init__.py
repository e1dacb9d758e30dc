"""Reporting periods (kỳ báo cáo): years, half-years, quarters and months."""

from chiso.periods.period import (
    MAX_PERIODS,
    Period,
    PeriodType,
    TooManyPeriods,
    period_count,
    period_range,
    years_between,
)

__all__ = ["MAX_PERIODS", "Period", "PeriodType", "TooManyPeriods", "period_count", "period_range", "years_between"]
