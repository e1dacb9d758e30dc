"""One composite index (QĐ 766, DTI) across every province: each one's points, rank, trend and groups.

Every province's index of every period shown is scored on one computed view of all of them
(:func:`chiso.web.ministry.provinces.province_view`), by the core's own scoring
(:func:`chiso.indices.score.scores`); the scores are then ranked, sorted and drawn by the same league as an
indicator's figures. Ranks are by what the core ranks peers by: the total, or the 0–1 score of an index that
declares ``normalise``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from chiso.catalog.model import Framework
from chiso.indices.model import Index
from chiso.indices.score import Node, Status, scores
from chiso.indices.score import Score as IndexScore
from chiso.orgunits.peers import rank_base
from chiso.periods import Period
from chiso.values.numbers import format_decimal
from chiso.web.ministry.league import League, Row, Score, league
from chiso.web.ministry.provinces import Present, Provinces, province_view

POINT_DECIMALS = 2  # the points' places, as the core rounds them


@dataclass(frozen=True)
class GroupCell:
    """A group's points out of its maximum, and out of how many it was scored when fewer."""

    points: str  # «14,50/18», «N/A», «–»
    number: Decimal | None
    scored_on: str = ""  # «chấm trên 12 điểm»


@dataclass(frozen=True)
class IndexRow:
    """A province's row: the league's rank and trend, with its index of the period compared written out."""

    row: Row
    total: str  # «87,40/90»: the points out of the points it was scored on
    normalised: str  # the 0–1 form, for an index that declares it
    groups: tuple[GroupCell, ...]
    card: IndexScore | None  # of the period compared

    @property
    def unit(self) -> str:
        return self.row.unit.code


@dataclass(frozen=True)
class IndexLeague:
    index: Index
    table: League
    cards: dict[str, IndexScore]  # of the period compared, by province

    @property
    def period(self) -> Period:
        return self.table.period

    @property
    def periods(self) -> tuple[Period, ...]:
        return self.table.periods

    @property
    def rows(self) -> list[IndexRow]:
        return [index_row(self.index, row, self.cards.get(row.unit.code)) for row in self.table.rows]

    def sorted(self, by: str) -> IndexLeague:
        return replace(self, table=self.table.sorted(by))

    def only(self, codes: set[str]) -> IndexLeague:
        """The same ranks, of the provinces of ``codes`` alone."""
        return replace(self, table=replace(self.table, rows=[r for r in self.table.rows if r.unit.code in codes]))


def index_league(framework: Framework, index: Index, shown: Provinces, periods: Sequence[Period],
                 present: Present) -> IndexLeague:
    """The provinces ranked on ``index`` in the last of ``periods``, with their trend and groups."""
    view = province_view(framework, shown, periods, index.indicators(), present)
    cards = {(unit.code, period.code): scores(framework, index.code, view, unit.code, period.code)
             for unit in shown.units for period in periods}
    found = {key: score for key, card in cards.items() if (score := league_score(index, card)) is not None}
    table = league(shown.units, found, periods, higher_is_better=True,
                   base=lambda code: rank_base(shown.snapshot, code, periods[-1]))
    compared = {unit: card for (unit, period), card in cards.items() if period == periods[-1].code}
    return IndexLeague(index, table, compared)


def league_score(index: Index, card: IndexScore) -> Score | None:
    """What the league ranks and draws: the core's ranking number, written as the trend shows it."""
    number = card.ranked_by
    if number is None:
        return None
    text = format_decimal(number, decimals=index.decimals if index.normalise else POINT_DECIMALS)
    return Score(number, text, scored_on(card.out_of, index.max), card.out_of < index.max)


def index_row(index: Index, row: Row, card: IndexScore | None) -> IndexRow:
    if card is None or card.total is None:
        return IndexRow(row, "–", "", tuple(GroupCell("–", None) for _g in index.groups), card)
    normalised = format_decimal(card.normalised, decimals=index.decimals) if card.normalised is not None else ""
    return IndexRow(row, f"{points_text(card.total)}/{format_decimal(card.out_of)}", normalised,
                    tuple(group_cell(node) for node in card.groups), card)


def group_cell(node: Node) -> GroupCell:
    maximum = node.component.max
    if node.status is Status.NA:
        return GroupCell(_("N/A"), None)
    if node.points is None:
        return GroupCell("–", None)
    return GroupCell(f"{points_text(node.points)}/{format_decimal(maximum)}", node.points,
                     scored_on(node.out_of, maximum))


def scored_on(out_of: Decimal, maximum: Decimal) -> str:
    """«chấm trên 90 điểm» when N/A or missing items left fewer points to score than the maximum."""
    return _("chấm trên %(points)s điểm") % {"points": format_decimal(out_of)} if out_of < maximum else ""


def points_text(points: Decimal) -> str:
    return format_decimal(points, decimals=POINT_DECIMALS)
