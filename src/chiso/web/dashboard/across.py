"""One indicator across the units right below a unit: which of them drag its figure down, against a target.

The figures are the indicator page's table of lower units (``indicator.child_table``) for one period, from
one computed view of the unit and its children; the parent's figure in that view is the aggregate, with the
completeness the core counted («87/102 xã»). Each unit's standing is its own evaluation by the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

from chiso.catalog.model import Direction, Framework, Indicator, Target, TargetKind, TargetPart
from chiso.evaluation import Evaluation
from chiso.evaluation.kinds import target_text
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.periods import Period
from chiso.store import analysis
from chiso.values.text import number_text
from chiso.view import Figure, Scope
from chiso.web.dashboard.display import (
    STATUS_NAMES,
    chronological,
    completeness_text,
    origin,
    partial,
    period_label,
    value_text,
)
from chiso.web.dashboard.indicator import Cell, child_table

HIGHER_IS_BETTER = (">=", ">")


@dataclass(frozen=True)
class Standing:
    """A lower unit's figure in the period compared, and how the core judges it against the target."""

    unit: OrgUnit
    cell: Cell
    number: Decimal | None
    status: str = ""  # the CSS class of the badge: not_met, met, ...
    label: Promise | None = None
    explanation: str = ""
    judged_on: str = ""  # the period the standing is judged on, when not the one compared


LABEL, PLOT, ROW, BAR = 190, 400, 24, 16  # the SVG's units: names' column, bars' width, a row, a bar's height


def _at(number: float) -> str:
    """A coordinate as SVG reads it: a template would write a float the page's way (12,5 in Vietnamese)."""
    return f"{number:.1f}"


@dataclass(frozen=True)
class Bar:
    """One bar of the chart, its unit's name left of it and its value right of it."""

    name: str
    text: str
    row: int
    length: float
    status: str  # the badge's class, which colours the bar

    @property
    def name_y(self) -> str:
        return _at(self.row * ROW + BAR)

    @property
    def bar_y(self) -> str:
        return _at(self.row * ROW + (ROW - BAR) / 2 + 1)

    @property
    def width(self) -> str:
        return _at(self.length)

    @property
    def value_x(self) -> str:
        return _at(LABEL + self.length + 4)


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    target: float | None  # where the target's line crosses, from the left of the bars
    target_text: str
    label_x: str = _at(LABEL - 6)
    plot_x: str = _at(LABEL)
    width: str = _at(LABEL + PLOT + 80)  # room right of the longest bar for its value

    @property
    def height(self) -> str:
        return _at(ROW * len(self.bars) + 20)  # and under the last bar for the target's label

    @property
    def plot_bottom(self) -> str:
        return _at(ROW * len(self.bars))

    @property
    def target_x(self) -> str:
        return _at(LABEL + (self.target or 0))

    @property
    def caption_y(self) -> str:
        return _at(ROW * len(self.bars) + 14)


@dataclass(frozen=True)
class Across:
    target: Target | None
    target_text: str
    period: str  # the period compared (code)
    periods: list[tuple[str, str]]  # (code, label) of every period with figures, newest first
    aggregate: Cell | None  # the unit's own figure, made from its units when it did not report one
    completeness: str  # «87/102 xã»: how many of the units expected contributed to the aggregate
    rows: list[Standing]
    chart: Chart | None


def across(framework: Framework, item: Indicator, unit: OrgUnit, tree: Hierarchy,
           period: str = "", target_id: str = "") -> Across:
    """The units below ``unit`` compared on ``item`` in one period (default: the one its target is judged on)."""
    target = next((t for t in item.targets if t.id == target_id), item.targets[0] if item.targets else None)
    found = [e for e in analysis.evaluations(framework.code, unit.code, below=True)
             if e.indicator == item.code and target is not None and e.target.id == target.id]
    own = analysis.view(framework.code, unit.code, indicators=[item.code])
    codes = sorted({p.code for p in own.periods}, key=chronological, reverse=True)
    chosen = _period(period, codes, found, unit)
    if not chosen:
        return Across(target, "", "", [], None, "", [], None)
    view = analysis.view(framework.code, unit.code, indicators=[item.code], scope=Scope.CHILDREN,
                         periods=[Period.parse(chosen)])
    _labels, cells = child_table(item, tree, unit, view)
    judged = {e.unit: e for e in found}
    rows = _ordered(item, target, [_standing(child, cell, view.figure(item.code, child.code, chosen),
                                             judged.get(child.code), chosen) for child, cell in _single(cells)])
    parent = view.figure(item.code, unit.code, chosen)
    return Across(target, target_text(framework, target) if target else "", chosen,
                  [(c, period_label(c)) for c in codes], _aggregate(item, parent), _completeness(parent),
                  rows, bar_chart(item, target, rows))


def _period(asked: str, codes: list[str], found: list[Evaluation], unit: OrgUnit) -> str:
    """The period asked for if it has figures, else the one the unit's target is judged on, else the latest."""
    if asked in codes:
        return asked
    judged = next((e.period for e in found if e.unit == unit.code and e.period in codes), None)
    return judged or (codes[0] if codes else "")


def _single(rows: list[tuple[OrgUnit, list[Cell]]]) -> list[tuple[OrgUnit, Cell]]:
    """The child table of one period: each unit's one cell ("–" when the period has no figure of theirs)."""
    return [(child, cells[0] if cells else Cell("–")) for child, cells in rows]


def _standing(child: OrgUnit, cell: Cell, figure: Figure | None, evaluation: Evaluation | None,
              period: str) -> Standing:
    number = figure.number if figure is not None else None
    if evaluation is None:
        return Standing(child, cell, number)
    other = evaluation.period if evaluation.period and evaluation.period != period else ""
    return Standing(child, cell, number, evaluation.status.value, STATUS_NAMES[evaluation.status],
                    evaluation.explanation, period_label(other) if other else "")


def _ordered(item: Indicator, target: Target | None, rows: list[Standing]) -> list[Standing]:
    """Worst first against the target: the lowest where higher is better; units without a number last."""
    sign = 1 if _higher_is_better(item, _line(target)) else -1
    known = [r for r in rows if r.number is not None]
    return sorted(known, key=lambda r: (sign * (r.number or 0), r.unit.code)) + [r for r in rows if r.number is None]


def _higher_is_better(item: Indicator, line: TargetPart | None) -> bool:
    if item.direction is not None:
        return item.direction is Direction.HIGHER
    return line is None or line.comparator in HIGHER_IS_BETTER


def _line(target: Target | None) -> TargetPart | None:
    """The single number a target asks for, where it asks for one: a line across the bars."""
    lined = (TargetKind.NUMBER, TargetKind.BOUND)
    if target is None or target.kind not in lined or len(target.parts) != 1:
        return None
    return target.parts[0]


def _aggregate(item: Indicator, figure: Figure | None) -> Cell | None:
    return Cell(value_text(item, figure.value), origin(figure), partial(figure)) if figure is not None else None


def _completeness(figure: Figure | None) -> str:
    """How many units contributed: the aggregate's own count, or of what the units add up to beside a report."""
    if figure is None:
        return ""
    found = figure.completeness or (figure.beside.completeness if figure.beside is not None else None)
    return completeness_text(found) if found is not None else ""


def bar_chart(item: Indicator, target: Target | None, rows: list[Standing]) -> Chart | None:
    """Horizontal bars of the units with a number, from zero, worst first, with the target as a vertical line."""
    drawn = [r for r in rows if r.number is not None]
    if not drawn:
        return None
    line = _line(target)
    numbers = [abs(r.number) for r in drawn if r.number is not None] + ([line.value] if line else [])
    scale = float(max(numbers)) or 1.0
    bars = tuple(Bar(r.unit.name, r.cell.shown, n, PLOT * abs(float(r.number or 0)) / scale, r.status or "no_data")
                 for n, r in enumerate(drawn))
    return Chart(bars, PLOT * float(line.value) / scale if line else None,
                 number_text(item, line.value) if line else "")
