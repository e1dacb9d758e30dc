"""What every validator sees: the framework, its values indexed by indicator × unit × period, and settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from chiso.catalog.model import Framework
from chiso.checks.finding import Finding
from chiso.errors import InputError
from chiso.i18n import Phrase, verbatim
from chiso.periods import Period
from chiso.values.model import Reading, Value, read_value
from chiso.values.origins import choose
from chiso.view.figure import Beside

Key = tuple[str, str, str]  # (indicator, unit, period code)


def period_code(text: str) -> str:
    """The canonical code of a period (``2025s1`` → ``2025S1``); text that is no period is kept as is."""
    try:
        return Period.parse(text).code
    except InputError:
        return text.strip()


def _setting(raw: Mapping[str, object], name: str, default: str) -> Decimal:
    # Settings may come from YAML (exact Decimal) or from code (float): str keeps the number as written.
    value = raw.get(name)
    return Decimal(default) if value is None else Decimal(str(value))


@dataclass(frozen=True)
class CheckSettings:
    """Thresholds of the ``jump`` check; a framework overrides them under ``settings.checks``."""

    jump_relative: Decimal = Decimal("0.5")
    jump_points: Decimal = Decimal("30")
    jump_min_base: Decimal = Decimal("100")

    @classmethod
    def of(cls, framework: Framework) -> CheckSettings:
        raw = framework.settings.get("checks")
        raw = raw if isinstance(raw, Mapping) else {}
        return cls(
            jump_relative=_setting(raw, "jump_relative", "0.5"),
            jump_points=_setting(raw, "jump_points", "30"),
            jump_min_base=_setting(raw, "jump_min_base", "100"),
        )


def _alternatives(values: list[Value]) -> tuple[Value, ...]:
    """Every value of the figures that several origins hold, one per origin."""
    if not any(v.origin for v in values):
        return ()
    by_figure: dict[Key, dict[str, Value]] = {}
    for v in values:
        by_figure.setdefault((v.indicator, v.unit, period_code(v.period)), {})[v.origin] = v
    return tuple(v for found in by_figure.values() if len(found) > 1 for v in found.values())


@dataclass(frozen=True)
class CheckContext:
    """The values of one framework, read once so that each validator only compares.

    ``readings`` holds the values that read as their indicator's type; ``unreadable`` the read errors
    of the others. Values of unknown indicators are in ``values`` only. ``besides`` holds, for values a
    parent reported itself, what its units add up to in the computed view. Of several origins of one figure
    ``values`` holds the one that counts; ``alternatives`` every value of such figures, for the reconciliation.
    """

    framework: Framework
    values: Mapping[Key, Value]
    readings: Mapping[Key, Reading] = field(default_factory=dict)
    unreadable: Mapping[Key, InputError] = field(default_factory=dict)
    settings: CheckSettings = field(default_factory=CheckSettings)
    besides: Mapping[Key, Beside] = field(default_factory=dict)
    alternatives: tuple[Value, ...] = ()

    @classmethod
    def build(cls, framework: Framework, values: Iterable[Value],
              besides: Mapping[Key, Beside] | None = None) -> CheckContext:
        """Index ``values`` of ``framework`` (values of other frameworks are not its business)."""
        mine = [v for v in values if v.framework == framework.code]
        indexed = {(v.indicator, v.unit, period_code(v.period)): v for v in choose(mine, framework.official_origin)}
        readings: dict[Key, Reading] = {}
        unreadable: dict[Key, InputError] = {}
        for key, value in indexed.items():
            if framework.has(key[0]):
                try:
                    readings[key] = read_value(framework.indicator(key[0]), value.value)
                except InputError as error:
                    unreadable[key] = error
        return cls(framework, indexed, readings, unreadable, CheckSettings.of(framework), besides or {},
                   _alternatives(mine))

    def reading(self, indicator: str, unit: str, period: str) -> Reading | None:
        return self.readings.get((indicator, unit, period))

    def number(self, indicator: str, unit: str, period: str) -> Decimal | None:
        """The exact number reported, or None. A bound (">90") is not exact, so cross-checks skip it."""
        reading = self.reading(indicator, unit, period)
        return reading if isinstance(reading, Decimal) else None

    def numbers(self, codes: Iterable[str], unit: str, period: str) -> dict[str, Decimal] | None:
        """The exact numbers of all ``codes``, or None when one is missing: missing is never zero."""
        found = {code: self.number(code, unit, period) for code in codes}
        present = {code: number for code, number in found.items() if number is not None}
        return present if len(present) == len(found) else None

    @cached_property
    def slices(self) -> tuple[tuple[str, str], ...]:
        """Every (unit, period) that has at least one value; computed once, as each relation walks them."""
        return tuple(sorted({(unit, period) for _code, unit, period in self.values}))

    def finding(self, rule: str, severity: str, key: Key, message: Phrase | str,
                expected: str | None = None, reported: str | None = None) -> Finding:
        """A finding of ``key``; a plug-in's message in plain words is shown as written, in every language."""
        indicator, unit, period = key
        return Finding(rule, severity, self.framework.code, indicator, unit, period, verbatim(message),
                       expected, reported)
