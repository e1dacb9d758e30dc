"""The few figures an evaluation of many units reads, found in the computed view one period at a time.

Judging a target reads, of each unit's series, the latest result within the target's window (its phase,
its occurrence, or everything), and for a forecast the latest result before the window and the earliest
within it. Each of these is found by computing the view for one period after another — the latest first,
or the earliest — until every unit has one or the periods run out; a period's view is computed once for
all of them. A store whose units all report is judged on one or two periods' views, not on every period.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from chiso.catalog.model import Framework, Indicator, Target
from chiso.errors import InputError
from chiso.evaluation.evaluate import unit_scope
from chiso.evaluation.judge import Window, window_of
from chiso.evaluation.kinds import is_forecastable
from chiso.evaluation.series import Point, Series, earliest_key, latest_key
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.values.model import Reading, read_value
from chiso.view import Figure, FigureSource, Scope, compute_view

Key = tuple[str, str]  # (unit, indicator)


@dataclass
class Views:
    """The computed view of a subtree, one period at a time, each period computed once."""

    framework: Framework
    hierarchy: Hierarchy
    source: FigureSource
    root: str
    scope: Scope
    codes: set[str]
    present: set[str]
    periods: list[Period]  # every period with figures, up to the evaluation's cut-off
    _points: dict[Period, dict[Key, Point]] = field(default_factory=dict)

    def of(self, period: Period) -> dict[Key, Point]:
        if period not in self._points:
            view = compute_view(self.framework, self.hierarchy, self.source, unit=self.root, periods=[period],
                                indicators=self.codes, scope=self.scope, present=self.present)
            self._points[period] = {(f.unit, f.indicator): p for f in view.figures.values()
                                    if (p := _point(self.framework, f)) is not None}
        return self._points[period]

    def first(self, units: Collection[str], codes: Collection[str], kept: Callable[[Period], bool], *,
              latest: bool) -> dict[Key, Point]:
        """Each (unit, indicator)'s figure of the latest (or earliest) period ``kept`` that has one."""
        order = sorted((p for p in self.periods if kept(p)), key=latest_key if latest else earliest_key,
                       reverse=latest)
        members, asked = set(units), set(codes)
        found: dict[Key, Point] = {}
        for period in order:
            if len(found) == len(members) * len(asked):
                break
            found |= {key: point for key, point in self.of(period).items()
                      if key[0] in members and key[1] in asked and key not in found}
        return found


def judged_points(views: Views, units: list[str], as_of: Period | None) -> dict[str, list[tuple[str, Point]]]:
    """Of each unit, every figure a judgement or a forecast of the framework's targets reads."""
    points: dict[Key, set[Point]] = {}
    for indicator, target in views.framework.targets():
        for key, point in _target_points(views, units, as_of, indicator, target):
            points.setdefault(key, set()).add(point)
    by_unit: dict[str, list[tuple[str, Point]]] = {}
    for (unit, code), found in points.items():
        by_unit.setdefault(unit, []).extend((code, point) for point in found)
    return by_unit


def _target_points(views: Views, units: list[str], as_of: Period | None, indicator: Indicator,
                   target: Target) -> Iterable[tuple[Key, Point]]:
    codes = [part.indicator for part in target.parts] or [indicator.code]
    read = _Reads(views, codes)
    if not target.scope.everyone:
        units = [u for u in units if target.scope.applies(u, *unit_scope(views.hierarchy, u))]
    phase = _phase(target, indicator, as_of)
    first = read.latest(units, phase)
    for window, members in _windows(target, indicator, units, first, as_of).items():
        found = first if window == phase else read.latest(members, window)
        yield from found.items()
        if is_forecastable(target.kind):
            yield from _forecast_points(read, _not_due(found, members, window, as_of), window, target).items()


def _windows(target: Target, indicator: Indicator, units: list[str], first: dict[Key, Point],
             as_of: Period | None) -> dict[Window, list[str]]:
    """The units by the window their target is judged in: one for all but a recurring target's occurrences."""
    phase = _phase(target, indicator, as_of)
    if not target.due.every or as_of is not None:
        return {phase: units}
    latest = _by_unit(first)
    found: dict[Window, list[str]] = {}
    for unit in units:
        series = Series.of_points(latest.get(unit, {}).items(), as_of)
        found.setdefault(window_of(target, indicator, series, as_of), []).append(unit)
    return found


def _phase(target: Target, indicator: Indicator, as_of: Period | None) -> Window:
    """The window of the target as far as it is known without any result: its phase, or everything."""
    start = target.due.start
    if start and as_of is None:
        return Window(Period.parse(start), Period.parse(target.due.end))
    return window_of(target, indicator, Series.of_points((), as_of), as_of)


def _forecast_points(read: _Reads, units: list[str], window: Window, target: Target) -> dict[Key, Point]:
    if not units or target.baseline is not None:
        return {}
    found = read.earliest(units, window)
    if window.start is not None:
        start = window.start
        found |= read.first(units, lambda p: p.end < start.start, latest=True)
    return found


def _not_due(found: dict[Key, Point], units: list[str], window: Window, as_of: Period | None) -> list[str]:
    """The units with a result whose evaluation point is before the deadline: only their targets are forecast.

    A unit without a result in the window has nothing to forecast from, and none before or after it.
    """
    latest = _by_unit(found)
    ends = {unit: as_of.end if as_of else max(p.period.end for p in points.values())
            for unit, points in latest.items()}
    return [u for u in units if u in ends and ends[u] < window.end.end]


def _by_unit(found: dict[Key, Point]) -> dict[str, dict[str, Point]]:
    by_unit: dict[str, dict[str, Point]] = {}
    for (unit, code), point in found.items():
        by_unit.setdefault(unit, {})[code] = point
    return by_unit


@dataclass(frozen=True)
class _Reads:
    views: Views
    codes: list[str]

    def latest(self, units: list[str], window: Window) -> dict[Key, Point]:
        return self.first(units, _inside(window), latest=True)

    def earliest(self, units: list[str], window: Window) -> dict[Key, Point]:
        return self.first(units, _inside(window), latest=False)

    def first(self, units: list[str], kept: Callable[[Period], bool], *, latest: bool) -> dict[Key, Point]:
        return self.views.first(units, self.codes, kept, latest=latest)


def _inside(window: Window) -> Callable[[Period], bool]:
    start, end = window.start, window.end
    if start is None:
        return lambda period: True
    return lambda period: start.start <= period.start and period.end <= end.end


def _point(framework: Framework, figure: Figure) -> Point | None:
    reading = figure.number if figure.number is not None else _reading(framework, figure)
    return None if reading is None else Point(Period.parse(figure.period), reading)


def _reading(framework: Framework, figure: Figure) -> Reading | None:
    try:
        return read_value(framework.indicator(figure.indicator), figure.value)
    except InputError:
        return None  # a value of the wrong type: the checks report it, an evaluation cannot use it
