"""Completeness over a unit's subtree and the units × periods grid of a data set.

The tallies of many units are made from one pass over the units expected in a round: each expected unit's
standing is counted once and then credited to itself and the units above it, so a nation of 3.321 communes
costs one walk up the tree per commune, never a subtree per unit. The grid has one row per unit right below
the chosen one: a unit that reports shows its standing, one that does not (a province, for the nation) the
tally of the units it has below (87/102).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from chiso.i18n import N_
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period
from chiso.rounds.completeness import Completeness, Standing, UnitReport, UnitStanding, tally
from chiso.rounds.model import DataSet
from chiso.view.figure import Completeness as Counted


class State(StrEnum):
    """What a grid cell says of a unit's report: the standing, with late sending told apart."""

    APPROVED = "approved"  # đã duyệt
    SUBMITTED = "submitted"  # chờ duyệt
    LATE = "late"  # nộp muộn, chờ duyệt
    RETURNED = "returned"  # bị trả lại
    MISSING = "missing"  # chưa gửi
    NOT_EXPECTED = "not_expected"  # not asked for this period (a unit that ended, or began later)

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


# The catalogue's msgids: a page shows them translated (chiso.i18n.translate).
STATE_LABELS = {State.APPROVED: N_("Đã duyệt"), State.SUBMITTED: N_("Chờ duyệt"), State.LATE: N_("Nộp muộn"),
                State.RETURNED: N_("Bị trả lại"), State.MISSING: N_("Chưa gửi"),
                State.NOT_EXPECTED: N_("Không phải báo cáo")}


def state(found: UnitStanding | None) -> State:
    if found is None:
        return State.NOT_EXPECTED
    if found.standing is Standing.SUBMITTED:
        return State.LATE if found.late else State.SUBMITTED
    return State(found.standing.value)


@dataclass(frozen=True)
class Round:
    """One period of a data set as the store has it: who is expected, and what each of them sent."""

    data_set: DataSet
    period: Period
    expected: tuple[str, ...]  # every unit expected in the tree (or in the part of it that was asked)
    reports: Mapping[str, UnitReport]

    def tally(self, today: date) -> tuple[Completeness, list[UnitStanding]]:
        return tally(self.expected, self.reports, self.data_set.window(self.period), today)

    def standings(self, today: date) -> dict[str, UnitStanding]:
        return {row.unit: row for row in self.tally(today)[1]}


def subtree_tallies(tree: Hierarchy, found: Round, units: Collection[str], today: date) -> dict[str, Completeness]:
    """The tally of each of ``units`` over the expected units of its subtree (those with none expected left out)."""
    window = found.data_set.window(found.period)
    return {unit: tally(codes, found.reports, window, today)[0] for unit, codes in _below(tree, found, units).items()}


def _below(tree: Hierarchy, found: Round, units: Collection[str]) -> dict[str, list[str]]:
    """The expected units of each of ``units``' subtrees, from one walk up the tree per expected unit."""
    wanted = set(units)
    below: dict[str, list[str]] = {}
    for code in found.expected:
        for unit in _self_and_above(tree, code):
            if unit in wanted:
                below.setdefault(unit, []).append(code)
    return below


def _self_and_above(tree: Hierarchy, code: str) -> Iterable[str]:
    yield code
    yield from (u.code for u in tree.ancestors(code))


@dataclass(frozen=True)
class Cell:
    """One unit in one period: its own standing, or for a unit that does not report, its subtree's tally."""

    period: Period
    state: State
    standing: UnitStanding | None = None
    tally: Completeness | None = None
    counted: Counted | None = None  # of a roll-up: «87/102 xã», units sent of units expected


@dataclass(frozen=True)
class Row:
    unit: OrgUnit
    rolled_up: bool  # the unit reports nothing itself: its cells count the units below it
    cells: tuple[Cell, ...]


def grid(tree: Hierarchy, unit: str, rounds: Sequence[Round], today: date) -> list[Row]:
    """One row per unit right below ``unit`` (``unit`` itself when it reports), one cell per round."""
    rows = [tree[unit]] if _reports(tree, unit, rounds) else sorted(tree.children(unit), key=lambda u: u.code)
    columns = [_Column(tree, r, [u.code for u in rows], today) for r in rounds]
    found = []
    for row in rows:
        rolled = not _reports(tree, row.code, rounds)
        if rolled and not any(row.code in c.tallies for c in columns):
            continue  # nothing is asked of this unit nor of any unit below it
        found.append(Row(row, rolled, tuple(c.cell(row.code, rolled) for c in columns)))
    return found


class _Column:
    """What one round's cells are made of: each unit's standing, and each row's subtree tally."""

    def __init__(self, tree: Hierarchy, found: Round, rows: Collection[str], today: date) -> None:
        self.period = found.period
        self.standings = found.standings(today)
        below = _below(tree, found, rows)
        window = found.data_set.window(found.period)
        self.tallies = {unit: tally(codes, found.reports, window, today)[0] for unit, codes in below.items()}
        self.types = {unit: _one_type(tree, codes) for unit, codes in below.items()}

    def cell(self, unit: str, rolled: bool) -> Cell:
        if not rolled:
            standing = self.standings.get(unit)
            return Cell(self.period, state(standing), standing)
        counted = self.tallies.get(unit)
        if counted is None:
            return Cell(self.period, State.NOT_EXPECTED)
        return Cell(self.period, _worst(counted), tally=counted,
                    counted=Counted(counted.submitted, counted.expected, self.types[unit]))


def _reports(tree: Hierarchy, unit: str, rounds: Sequence[Round]) -> bool:
    """Whether ``unit`` is asked itself in one of the rounds, or could be (asked, whatever the period)."""
    return any(unit in r.expected for r in rounds) or (bool(rounds) and rounds[0].data_set.asks(tree[unit], tree))


def _worst(counted: Completeness) -> State:
    """A roll-up cell's colour: what is still to be done below it, the most pressing first."""
    if counted.missing:
        return State.MISSING
    if counted.returned:
        return State.RETURNED
    if counted.approved < counted.submitted:
        return State.LATE if counted.late else State.SUBMITTED
    return State.APPROVED


def _one_type(tree: Hierarchy, codes: Iterable[str]) -> OrgUnitType | None:
    kinds = {tree[code].type for code in codes}
    return kinds.pop() if len(kinds) == 1 else None
