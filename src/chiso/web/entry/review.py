"""What an approver reads beside a submitted form: each row against the period before, and the findings.

The figures of both periods come from the computed view of the unit (``chiso.store.analysis.view``), so a
rate is compared as the dashboard shows it; the findings are the core's checks of the unit and the units
below it for the period (``chiso.store.analysis.findings``). Numbers are written by the core.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.checks import ERROR, WARNING, Finding
from chiso.store import analysis
from chiso.values.numbers import format_percent
from chiso.values.text import change_text
from chiso.view import Figure, View
from chiso.web.dashboard.display import SEVERITY_NAMES, period_label
from chiso.web.entry.sheet import display
from chiso.web.entry.workflow import Target

MINUS = "\u2212"  # a minus sign, not a hyphen, before a fall


@dataclass(frozen=True)
class Before:
    """A row's figure in the period before and how much it changed since: «+12», «+8,5%»."""

    shown: str
    change: str = ""
    relative: str = ""
    falls: bool = False


@dataclass(frozen=True)
class Severity:
    key: str
    label: Promise
    count: int


@dataclass(frozen=True)
class Review:
    period: str  # the label of the period compared with
    before: dict[str, Before]  # indicator code → its figure then ("–" when it had none)
    severities: list[Severity]
    findings: list[Finding]  # errors first, as the core orders them


def review(target: Target) -> Review:
    """The period before ``target``'s, row by row, and the findings of the unit for the period."""
    framework, unit, period = target.framework, target.unit.code, target.period
    earlier = period.previous()
    view = analysis.view(framework.code, unit, periods=[earlier, period])
    found = analysis.findings(framework.code, unit, period.code)
    counted = Counter(f.severity for f in found)
    return Review(period_label(earlier), _before(framework, view, unit, earlier.code, period.code),
                  [Severity(key, SEVERITY_NAMES[key], counted[key]) for key in (ERROR, WARNING)], found)


def _before(framework: Framework, view: View, unit: str, earlier: str, now: str) -> dict[str, Before]:
    return {i.code: compared(i, view.figure(i.code, unit, earlier), view.figure(i.code, unit, now))
            for i in framework.indicators if i.value_type is not ValueType.HEADING}


def compared(indicator: Indicator, then: Figure | None, now: Figure | None) -> Before:
    """The figure of the period before, and the change to this period's when both are numbers."""
    if then is None:
        return Before("–")
    shown = display(indicator, then.value)  # as the form writes its own values: 46,14 (the unit column says %)
    if then.number is None or now is None or now.number is None:
        return Before(shown)
    step = now.number - then.number
    return Before(shown, _step(indicator, step, then.number, now.number), _relative(step, then.number), step < 0)


def _step(indicator: Indicator, step: Decimal, then: Decimal, now: Decimal) -> str:
    """«+12», «−1.250»; a rate's change in points: «+2,50 điểm %»."""
    text = _signed(step, change_text(indicator, then, now))
    return _("%(change)s điểm %%") % {"change": text} if indicator.value_type is ValueType.PERCENT else text


def _relative(step: Decimal, then: Decimal) -> str:
    """The change as a share of the figure before; none from zero, which has no share."""
    if then == 0:
        return ""
    share = step / abs(then) * 100
    return _signed(share, format_percent(abs(share), "vi", decimals=1))


def _signed(value: Decimal, text: str) -> str:
    if text.strip("0,.%") == "":
        return text  # «0», «0,0%»: no sign on what rounds to nothing
    return ("+" if value > 0 else MINUS) + text
