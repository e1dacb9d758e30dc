"""Reporting periods (kỳ báo cáo): years, half-years, quarters and months."""

from chiso.periods.period import Period, PeriodType, period_range, years_between

__all__ = ["Period", "PeriodType", "period_range", "years_between"]
