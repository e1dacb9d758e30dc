"""Template filters of data entry: periods and numbers written the Vietnamese way."""

from __future__ import annotations

from decimal import Decimal

from django import template

from chiso.errors import InputError
from chiso.periods import Period
from chiso.values.numbers import format_decimal

register = template.Library()


@register.filter
def period_label(code: str) -> str:
    """``2025S1`` → "6 tháng đầu năm 2025"; a code that is no period is shown as it is."""
    try:
        return Period.parse(code).label
    except InputError:
        return code


@register.filter
def vi_number(number: int | Decimal) -> str:
    """1247855 → "1.247.855"."""
    return format_decimal(Decimal(number), "vi")
