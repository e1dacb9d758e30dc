"""An index for a unit beside its peers, and its units that cost it the most points.

Peers are the units of the same type under the same parent in the tree of the period's end; a province of
the official lists is ranked among the country's provinces the store holds, out of all of them («5/34»,
``chiso.orgunits.peers.rank_base``). Ranks are by the total (by the 0–1 score for an index that declares
one), higher first; equal scores share a place (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.indices.model import Index
from chiso.indices.score import Score, scores
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.orgunits.peers import rank_base
from chiso.periods import Period
from chiso.values.numbers import format_decimal
from chiso.view import FigureSource, Scope, View, compute_view


@dataclass(frozen=True)
class Rank:
    position: int
    base: int  # among how many units the rank is given
    ranked: int  # how many of them have a score

    @property
    def text(self) -> str:
        """«5/34», with how many were scored when not every peer was: «2/34 (3 đơn vị có điểm)»."""
        shown = f"{format_decimal(Decimal(self.position))}/{format_decimal(Decimal(self.base))}"
        return shown if self.ranked >= self.base else f"{shown} ({format_decimal(Decimal(self.ranked))} đơn vị có điểm)"


@dataclass(frozen=True)
class Scorecard:
    """A unit's score with its rank, and the peers' scores it was ranked among (best first)."""

    score: Score
    rank: Rank | None = None
    peers: tuple[Score, ...] = ()


def scorecard(framework: Framework, hierarchy: Hierarchy, source: FigureSource, *, index: str, unit: str,
              period: Period, peers: bool = False) -> Scorecard:
    """``unit``'s score of ``index`` in ``period``; with ``peers``, its rank among its peers too."""
    declared = _declared(framework, index)
    if not peers:
        return Scorecard(_scores_of(framework, hierarchy, source, declared, [unit], period)[0])
    others = peer_units(hierarchy, unit, period)
    found = _scores_of(framework, hierarchy, source, declared, others, period)
    mine = next(s for s in found if s.unit == unit)
    ranked = sorted((s for s in found if s.ranked_by is not None), key=lambda s: -(s.ranked_by or 0))
    if mine.ranked_by is None:
        return Scorecard(mine, None, tuple(ranked))
    position = 1 + sum(1 for s in ranked if (s.ranked_by or 0) > mine.ranked_by)
    base = rank_base(hierarchy, unit, period) or len(ranked)
    return Scorecard(mine, Rank(position, max(base, len(ranked)), len(ranked)), tuple(ranked))


def costs_by_unit(framework: Framework, hierarchy: Hierarchy, source: FigureSource, *, index: str, unit: str,
                  period: Period) -> list[Score]:
    """The units directly below ``unit`` (departments, communes) scored, those that lose the most points first."""
    declared = _declared(framework, index)
    children = [c.code for c in _active(hierarchy.at(period.end).children(unit), period)]
    found = _scores_of(framework, hierarchy, source, declared, children, period) if children else []
    return sorted(found, key=lambda s: (-s.lost, s.unit))


def peer_units(hierarchy: Hierarchy, unit: str, period: Period) -> list[str]:
    """The units ``unit`` is ranked among, itself included, in code order."""
    tree = hierarchy.at(period.end)
    if unit not in tree:
        raise InputError(f"đơn vị {unit} không có trong cây đơn vị của {period.label}", column="--unit")
    me = tree[unit]
    if me.type is OrgUnitType.PROVINCE:
        from chiso.orgunits.vn import official_provinces

        if unit in official_provinces(period.end):
            official = official_provinces(period.end)
            return sorted(u.code for u in _active(tree.units.values(), period) if u.code in official)
    return sorted(u.code for u in _active(tree.units.values(), period) if u.type is me.type and u.parent == me.parent)


def _scores_of(framework: Framework, hierarchy: Hierarchy, source: FigureSource, index: Index, units: list[str],
               period: Period) -> list[Score]:
    """Each unit's score; units under one parent are read in one view of the parent's children."""
    codes = index.indicators()
    parents = {hierarchy[u].parent for u in units}
    parent = next(iter(parents)) if len(parents) == 1 else ""
    if parent and parent in hierarchy and len(units) > 1:
        view = compute_view(framework, hierarchy, source, unit=parent, periods=[period], indicators=codes,
                            scope=Scope.CHILDREN)
        return [scores(framework, index.code, view, u, period.code) for u in units]
    return [scores(framework, index.code, _view(framework, hierarchy, source, u, period, codes), u, period.code)
            for u in units]


def _view(framework: Framework, hierarchy: Hierarchy, source: FigureSource, unit: str, period: Period,
          codes: list[str]) -> View:
    return compute_view(framework, hierarchy, source, unit=unit, periods=[period], indicators=codes)


def _active(units: Iterable[OrgUnit], period: Period) -> list[OrgUnit]:
    return [u for u in units if u.active_on(period.end)]


def _declared(framework: Framework, index: str) -> Index:
    found = framework.index(index)
    if found is None:
        known = ", ".join(i.code for i in framework.indices) or "bộ chỉ tiêu chưa khai báo chỉ số nào"
        raise InputError(f"bộ chỉ tiêu {framework.code} không có chỉ số «{index}»", column="index", expected=known)
    return found
