"""Template filters writing numbers and dates the Vietnamese way: 1.247.855, 46,14, 20/06/2025."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from chiso.periods import Period
from chiso.periods.days import day_text
from chiso.values.numbers import format_decimal
from chiso.web.dashboard import display

register = template.Library()


@register.filter
def vi_number(value: int | Decimal | str | None) -> str:
    """An exact number with Vietnamese separators; anything that is not a number is shown unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return str(value)
    return format_decimal(Decimal(value), "vi")


@register.filter
def vi_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, in the site's time zone for a moment in time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return day_text(value)


@register.filter
def vi_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in the site's time zone (Asia/Ho_Chi_Minh)."""
    if value is None:
        return ""
    return _local(value).strftime("%d/%m/%Y %H:%M")


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@register.filter
def period_label(code: str | Period) -> str:
    """ "2025S1" → "6 tháng đầu năm 2025" ("H1 2025" in English); an unreadable code is shown as written."""
    return display.period_label(code)
