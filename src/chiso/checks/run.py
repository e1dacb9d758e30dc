"""Running the registered checks over a framework's values."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

import chiso.checks.builtin  # noqa: F401  (registers the built-in validators)
from chiso.catalog.model import Framework
from chiso.checks.context import CheckContext, period_code
from chiso.checks.finding import ERROR, Finding
from chiso.checks.registry import Validator, validators
from chiso.errors import InputError
from chiso.periods import Period
from chiso.values.model import Value


def run_checks(framework: Framework, values: Iterable[Value], *, unit: str | None = None,
               period: str | None = None, kinds: Collection[str] | None = None) -> list[Finding]:
    """The findings on ``values`` of ``framework``: errors first, then by catalogue order, unit and period.

    ``unit`` and ``period`` restrict the findings returned, not the values read, so that a jump into the
    period asked for is still measured from the period before it.
    """
    ctx = CheckContext.build(framework, values)
    wanted = period_code(period) if period is not None else None
    found = [finding for check in _selected(kinds) for finding in check(ctx)
             if (unit is None or finding.unit == unit) and (wanted is None or finding.period == wanted)]
    return sorted(found, key=_sort_key(framework))


def _selected(kinds: Collection[str] | None) -> list[Validator]:
    registered = validators()
    if kinds is None:
        return registered
    unknown = sorted(set(kinds) - {v.kind for v in registered})
    if unknown:
        raise InputError(f"không có loại kiểm tra {', '.join(unknown)}",
                         expected=", ".join(v.kind for v in registered))
    return [v for v in registered if v.kind in kinds]


def _sort_key(framework: Framework) -> Callable[[Finding], tuple[object, ...]]:
    order = {indicator.code: position for position, indicator in enumerate(framework.indicators)}

    def key(finding: Finding) -> tuple[object, ...]:
        # Unknown codes (reported as value_type errors) come after the catalogue, by code.
        position = order.get(finding.indicator, len(order))
        return (finding.severity != ERROR, position, finding.indicator, finding.unit,
                _chronological(finding.period))

    return key


def _chronological(code: str) -> tuple[int, Period | None, str]:
    try:
        return (0, Period.parse(code), code)
    except InputError:
        return (1, None, code)
