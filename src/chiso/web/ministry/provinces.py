"""One indicator across every province of the store: one computed view of all of them and their periods.

A ministry's store has no nation unit: the provinces are the top units of the tree of the period (or a
nation's provinces, in a national store). They are computed as the members of a group the page makes for
the purpose, the way a bloc is (``chiso.view.groups``), so the view reads every province's values, and
their communes', in a few queries whatever the number of provinces or periods.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial

from django.utils.translation import gettext as _

from chiso.catalog.model import Direction, Framework, Indicator, TargetKind, ValueType
from chiso.evaluation.evaluate import evaluate_series, unit_scope
from chiso.evaluation.series import Series
from chiso.orgunits.groups import OrgUnitGroup
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.orgunits.peers import is_rank, rank_base
from chiso.periods import Period
from chiso.store import completeness as rounds
from chiso.store import models
from chiso.store import rounds as store_rounds
from chiso.store.figures import StoreSource
from chiso.store.reads import recorded_evaluations
from chiso.store.seeks import distinct_each
from chiso.store.units import hierarchy
from chiso.values.model import RecordedEvaluation
from chiso.view import Scope, View, compute_view
from chiso.view.plan import needed_indicators
from chiso.view.succession import tree_source
from chiso.view.trees import TreeChoice
from chiso.web.dashboard.display import STATUS_NAMES, chronological, origin, value_text
from chiso.web.dashboard.display import partial as is_partial
from chiso.web.ministry.league import League, Row, Score, Standing, league

GROUP = "__cac_tinh__"  # the group the page computes the provinces as; never a unit's code
TREND = 4  # periods of the trend, the one compared last


@dataclass(frozen=True)
class Provinces:
    """The tree of the period compared, its provinces, and the group over them that the view is computed on."""

    snapshot: Hierarchy
    day: date | None  # of the tree (None: the latest units)
    units: list[OrgUnit]
    tree: Hierarchy
    source: StoreSource  # one for the page's views: it reads the store's codes and ids once


@dataclass(frozen=True)
class Present:
    """The periods with values in the store, of each indicator of a framework: asked of the store once a page."""

    by_indicator: dict[str, set[str]]

    @property
    def every(self) -> set[str]:
        return set().union(*self.by_indicator.values()) if self.by_indicator else set()

    def of(self, framework: Framework, item: Indicator) -> list[str]:
        """The periods of ``item`` (or of its formula's inputs), newest first."""
        return self.of_codes(framework, [item.code])

    def of_codes(self, framework: Framework, wanted: Collection[str]) -> list[str]:
        """The periods of any of ``wanted`` (or of their formulas' inputs), newest first."""
        codes = needed_indicators(framework, list(wanted))
        found = set().union(*(self.by_indicator.get(code, set()) for code in codes))
        return sorted(found, key=chronological, reverse=True)


def present_periods(framework: Framework) -> Present:
    """Every indicator's periods, by the store's index seeks made side by side: as many round trips as the
    store has periods, whatever the number of units and indicators."""
    codes = [i.code for i in framework.indicators if i.value_type is not ValueType.HEADING]
    rows = {code: models.Value.objects.filter(framework__code=framework.code, indicator=code) for code in codes}
    found = distinct_each(rows, "period") if rows else {}
    for rate in rounds.rate_indicators(framework, codes):
        found[rate.code] = rounds.rate_periods(framework, [rate.code])
    return Present(found)


def trend_periods(period: Period, count: int = TREND) -> list[Period]:
    """``period`` and the ``count`` − 1 periods of its type before it, oldest first."""
    found = [period]
    while len(found) < count:
        found.append(found[-1].previous())
    return found[::-1]


def provinces(choice: TreeChoice, period: Period | None) -> Provinces:
    """The provinces of the tree ``choice`` asks for; by default the tree of ``period``'s end (else the latest)."""
    units = hierarchy()
    day = _day(choice, units, period)
    snapshot = units.at(day)
    on = day or date.max
    found = sorted((u for u in snapshot.units.values() if u.type is OrgUnitType.PROVINCE and u.active_on(on)
                    and not any(a.type is OrgUnitType.PROVINCE for a in snapshot.ancestors(u.code))),
                   key=lambda u: u.code)
    group = OrgUnitGroup(GROUP, "Các tỉnh, thành phố", tuple(u.code for u in found))
    tree = Hierarchy(snapshot.units.values(), [*snapshot.groups.values(), group])
    return Provinces(snapshot, day if units.versioned else None, found, tree, StoreSource())


def _day(choice: TreeChoice, units: Hierarchy, period: Period | None) -> date | None:
    if not units.versioned or choice.kind == "new":
        return None
    if choice.kind == "day":
        return choice.day
    if choice.kind == "old":
        days = [link.on for link in units.links]
        return max(days) - timedelta(days=1) if days else None
    return period.end if period is not None else None


def province_view(framework: Framework, shown: Provinces, periods: Collection[Period],
                  indicators: Collection[str] | None, present: Present) -> View:
    """The figures of every province (and of the group over them) in ``periods``: one computation for all."""
    source = tree_source(shown.source, shown.snapshot)
    return compute_view(framework, shown.tree, source, unit=GROUP, periods=periods, indicators=indicators,
                        scope=Scope.CHILDREN, present=present.every)


def indicator_league(framework: Framework, item: Indicator, shown: Provinces, periods: Sequence[Period],
                     present: Present) -> League:
    """The provinces ranked on ``item`` in the last of ``periods``, with their trend, status and completeness."""
    view = province_view(framework, shown, periods, [item.code], present)
    scores = {(f.unit, f.period): Score(f.number, value_text(item, f.value), origin(f), is_partial(f))
              for f in view.figures.values() if f.unit != GROUP}
    table = league(shown.units, scores, periods, higher_is_better=higher_is_better(item), given_rank=is_rank(item),
                   base=lambda code: rank_base(shown.snapshot, code, periods[-1]))
    judged = standings(framework, item, shown, view, periods[-1])
    counted = completeness(framework, shown, periods[-1], present)
    rows = [_with(row, judged.get(row.unit.code), counted.get(row.unit.code, "")) for row in table.rows]
    return League(table.period, table.periods, rows)


def _with(row: Row, standing: Standing | None, counted: str) -> Row:
    return replace(row, standing=standing, completeness=counted)


def higher_is_better(item: Indicator) -> bool:
    """The indicator's direction, else its first target's: «≥ 80%» asks for more, «≤ 5%» for less."""
    if item.direction is not None:
        return item.direction is Direction.HIGHER
    parts = [p for t in item.targets if t.kind in (TargetKind.NUMBER, TargetKind.BOUND) for p in t.parts]
    return not parts or parts[0].comparator in (">=", ">")


def standings(framework: Framework, item: Indicator, shown: Provinces, view: View,
              period: Period) -> dict[str, Standing]:
    """Each province's first target of ``item`` judged by the core as of ``period``, on the page's figures and
    the statuses the officials recorded."""
    if not item.targets:
        return {}
    codes = [u.code for u in shown.units]
    records: dict[str, list[RecordedEvaluation]] = {}
    for record in recorded_evaluations(framework.code, units=codes):
        if record.indicator == item.code:
            records.setdefault(record.unit, []).append(record)
    found: dict[str, Standing] = {}
    for code in codes:
        values = [f.as_value(framework.code) for f in view.series(item.code, code)]
        kind, groups = unit_scope(shown.snapshot, code)
        judged = evaluate_series(framework, Series(framework, values, code, period), records.get(code, []),
                                 unit=code, as_of=period, indicator=item.code, unit_type=kind, groups=groups,
                                 out_of=partial(rank_base, shown.snapshot, code))
        if judged:
            first = judged[0]
            found[code] = Standing(first.status.value, str(STATUS_NAMES[first.status]), first.explanation)
    return found


def asked_indicators(framework: Framework) -> list[str]:
    """What a province must send: every indicator with a value of its own (no heading, formula or rate)."""
    return [i.code for i in framework.indicators if i.value_type is not ValueType.HEADING and i.formula is None
            and i.reporting_rate is None]


def completeness(framework: Framework, shown: Provinces, period: Period, present: Present) -> dict[str, str]:
    """Of each province in ``period``: how many of the indicators asked have a figure («12/15 chỉ tiêu»), and
    of a data set's round of the framework, how many of the units expected below it sent («87/102 xã»)."""
    asked = asked_indicators(framework)
    view = province_view(framework, shown, [period], asked, present)
    have: dict[str, set[str]] = {}
    for figure in view.figures.values():
        have.setdefault(figure.unit, set()).add(figure.indicator)
    sent = _sent(framework, shown, period)
    return {u.code: " · ".join(part for part in (indicators_text(len(have.get(u.code, ())), len(asked)),
                                                 sent.get(u.code, "")) if part) for u in shown.units}


def indicators_text(found: int, asked: int) -> str:
    return _("%(found)s/%(asked)s chỉ tiêu") % {"found": found, "asked": asked}


def _sent(framework: Framework, shown: Provinces, period: Period) -> dict[str, str]:
    """«87/102 đơn vị đã gửi» of the framework's data set of ``period``'s type, where the store has one."""
    kept = [d for d in store_rounds.data_sets(framework.code) if d.period_type is period.type]
    if not kept:
        return {}
    tallies = rounds.rates(kept[0], [u.code for u in shown.units], [period], shown.snapshot)
    words = _("%(sent)s/%(expected)s đơn vị đã gửi")
    return {unit: words % {"sent": c.submitted, "expected": c.expected} for (unit, _p), c in tallies.items()}
