"""The points one rate earns, and how far its counts are from the threshold.

At or past the threshold an item earns every point; short of it, its share: rate × max ÷ threshold,
rounded half up to 2 decimals (QĐ 766's rule). When lower is better (an overdue share), the shares are
of what is left: (100 − rate) × max ÷ (100 − threshold). Points never fall below 0 nor pass the maximum.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from chiso.indices.model import HUNDRED, Component
from chiso.values.numbers import round_half_up

POINT_PLACES = 2


def reached(component: Component, rate: Decimal) -> bool:
    if component.lower_is_better:
        return rate <= component.threshold
    return rate >= component.threshold


def points(component: Component, rate: Decimal) -> Decimal:
    """The points ``rate`` (in percent) earns on ``component``."""
    if reached(component, rate):
        return component.max
    if component.lower_is_better:
        share = (HUNDRED - rate) * component.max / (HUNDRED - component.threshold)
    else:
        share = rate * component.max / component.threshold
    return min(component.max, max(Decimal(0), round_half_up(share, POINT_PLACES)))


def needed(component: Component, numerator: Decimal, denominator: Decimal, places: int) -> int:
    """How many more records the numerator needs (fewer, when lower is better) for the rate, rounded to
    ``places`` as the view rounds it, to reach the threshold; 0 when it already does."""
    if denominator <= 0:
        return 0

    def rate(count: Decimal) -> Decimal:
        return round_half_up(count * HUNDRED / denominator, places)

    if reached(component, rate(numerator)):
        return 0
    exact = component.threshold * denominator / HUNDRED
    if component.lower_is_better:
        goal = exact.to_integral_value(ROUND_FLOOR)
        while goal < numerator and reached(component, rate(goal + 1)):  # rounding may let one more through
            goal += 1
        return int(numerator - goal)
    goal = exact.to_integral_value(ROUND_CEILING)
    while goal > numerator and reached(component, rate(goal - 1)):  # rounding may reach it one sooner
        goal -= 1
    return int(goal - numerator)
