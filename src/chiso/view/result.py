"""A computed view: its figures, looked up by indicator, unit and period, or listed per unit in report order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from chiso.catalog.model import Framework
from chiso.periods import Period
from chiso.values.model import Value
from chiso.view.figure import Figure, Key
from chiso.view.plan import Scope

if TYPE_CHECKING:
    from chiso.i18n import Phrase
    from chiso.view.succession import Composition


@dataclass(frozen=True)
class View:
    """The figures of one framework for a unit (and, by scope, the units below it) in some periods."""

    framework: Framework
    unit: str
    scope: Scope
    periods: tuple[Period, ...]  # the periods shown, oldest first
    figures: Mapping[Key, Figure] = field(repr=False)
    present: frozenset[str] | None = field(default=None, repr=False)  # periods with data in the subtree
    # Why a figure is missing where one was looked for: «chưa có số liệu của tỉnh Phú Yên»
    gaps: Mapping[Key, Phrase] = field(default_factory=dict, repr=False)
    # Units whose figures before they began are their predecessors', by unit
    compositions: Mapping[str, Composition] = field(default_factory=dict, repr=False)
    tree: date | None = None  # the day of the tree the view was computed on (None: the latest)

    def gap(self, indicator: str, unit: str, period: str) -> Phrase | None:
        return self.gaps.get((indicator, unit, period))

    def figure(self, indicator: str, unit: str, period: str) -> Figure | None:
        return self.figures.get((indicator, unit, period))

    def units(self) -> list[str]:
        return sorted({unit for _, unit, _ in self.figures})

    def of_unit(self, unit: str | None = None) -> list[Figure]:
        """The figures of ``unit`` (default: the view's unit) in catalogue order, then oldest period first."""
        wanted = unit or self.unit
        position = {i.code: n for n, i in enumerate(self.framework.indicators)}
        order = {p.code: n for n, p in enumerate(self.periods)}
        mine = [f for (_, u, _), f in self.figures.items() if u == wanted]
        return sorted(mine, key=lambda f: (position[f.indicator], order[f.period]))

    def series(self, indicator: str, unit: str | None = None) -> list[Figure]:
        """One indicator's figures for a unit, oldest period first."""
        return [f for f in self.of_unit(unit) if f.indicator == indicator]

    def values(self, unit: str | None = None) -> list[Value]:
        """The figures of ``unit`` as values: what a report, an evaluation or an export reads."""
        return [f.as_value(self.framework.code) for f in self.of_unit(unit)]
