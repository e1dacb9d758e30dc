"""Template filters of data entry: periods and numbers written the Vietnamese way."""

from __future__ import annotations

from decimal import Decimal

from django import template

from chiso.periods import Period
from chiso.values.numbers import format_decimal
from chiso.web.dashboard import display

register = template.Library()


@register.filter
def period_label(code: str | Period) -> str:
    """``2025S1`` → "6 tháng đầu năm 2025" ("H1 2025" in English); a code that is no period is shown as it is."""
    return display.period_label(code)


@register.filter
def vi_number(number: int | Decimal) -> str:
    """1247855 → "1.247.855"."""
    return format_decimal(Decimal(number), "vi")
