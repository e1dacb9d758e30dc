"""Why a figure is missing: the gaps of composed figures, followed to what is made of them.

A rate of the new Đắk Lắk in 2023 has no figure when the counts it is derived from could not be composed;
its year 2025 has none when its first half could not. Each says the same as the figure it lacks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from chiso.catalog.model import Framework
from chiso.i18n import Phrase
from chiso.periods import Period
from chiso.view.figure import Figure, Key
from chiso.view.plan import finer, sub_periods


def missing(cells: Mapping[tuple[str, str], Mapping[str, Figure]], periods: Sequence[Period], codes: Sequence[str],
            gaps: Mapping[Key, Phrase], framework: Framework) -> dict[Key, Phrase]:
    """``gaps`` and, for every figure absent from ``cells``, the gap of an input it lacks (a formula's input
    in the same cell, a shorter period of the same figure); ``periods`` shortest first, ``codes`` inputs first."""
    found = dict(gaps)
    if not found:
        return found
    for unit in sorted({u for u, _p in cells}):
        for period in periods:
            cell = cells.get((unit, period.code), {})
            for code in codes:
                key = (code, unit, period.code)
                if code not in cell and key not in found:
                    inherited = _inherited(framework, found, key, period)
                    if inherited is not None:
                        found[key] = inherited
    return found


def _inherited(framework: Framework, gaps: Mapping[Key, Phrase], key: Key, period: Period) -> Phrase | None:
    code, unit, _at = key
    formula = framework.indicator(code).formula
    for reference in formula.references if formula else ():
        if (reference, unit, period.code) in gaps:
            return gaps[reference, unit, period.code]
    for kind in finer(period):
        for sub in sub_periods(period, kind):
            if (code, unit, sub.code) in gaps:
                return gaps[code, unit, sub.code]
    return None
