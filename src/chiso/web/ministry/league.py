"""A league table of peer units: each one's score in a period, its rank among them with the base, and its trend.

Nothing here knows where a score comes from: the indicator page gives figures of the computed view, and a
composite index's score table gives the index's points the same way (one :class:`Score` per unit and
period), so both are ranked, sorted and drawn alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from chiso.orgunits.model import OrgUnit
from chiso.periods import Period
from chiso.web.ministry.sparkline import Sparkline, sparkline

SORTS = ("rank", "value", "name")


@dataclass(frozen=True)
class Score:
    """One unit's result in one period, as the page writes it (the core's text), and its exact number."""

    number: Decimal | None
    text: str
    origin: str = ""  # «tổng hợp từ 87/102 xã»: how a figure nobody reported was made
    partial: bool = False  # made of fewer units than expected


@dataclass(frozen=True)
class Standing:
    """How the core judges a unit's result against its target, as the other pages show it."""

    status: str  # the badge's CSS class: met, not_met, at_risk, ...
    label: str
    explanation: str = ""


@dataclass(frozen=True)
class Row:
    unit: OrgUnit
    score: Score | None  # of the period compared
    rank: int | None
    base: int | None  # among how many units the rank was given: «5/34»
    trend: tuple[Score | None, ...]  # of the league's periods, oldest first
    spark: Sparkline | None
    standing: Standing | None = None
    completeness: str = ""  # what the unit sent: «12/15 chỉ tiêu», «87/102 xã»

    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return "–"
        return f"{self.rank}/{self.base}" if self.base else str(self.rank)


@dataclass(frozen=True)
class League:
    period: Period  # the period compared
    periods: tuple[Period, ...]  # the trend's periods, oldest first, the last one compared
    rows: list[Row]

    def sorted(self, by: str) -> League:
        return replace(self, rows=sorted_rows(self.rows, by))


def league(units: Sequence[OrgUnit], scores: Mapping[tuple[str, str], Score], periods: Sequence[Period], *,
           higher_is_better: bool, base: Callable[[str], int | None], given_rank: bool = False) -> League:
    """The units ranked on their scores of the last of ``periods``; ``given_rank`` when the scores are places
    already (a DTI rank of 30 is 30th, not ranked again)."""
    period = periods[-1]
    ranks = _given(units, scores, period) if given_rank else ranked(units, scores, period, higher_is_better)
    rows = []
    for unit in units:
        trend = tuple(scores.get((unit.code, p.code)) for p in periods)
        rows.append(Row(unit, trend[-1], ranks.get(unit.code), base(unit.code), trend,
                        sparkline([s.number if s else None for s in trend])))
    return League(period, tuple(periods), sorted_rows(rows, "rank"))


def ranked(units: Sequence[OrgUnit], scores: Mapping[tuple[str, str], Score], period: Period,
           higher_is_better: bool) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) of the units with a number in ``period``, the best first."""
    numbers = {u.code: s.number for u in units
               if (s := scores.get((u.code, period.code))) is not None and s.number is not None}
    sign = -1 if higher_is_better else 1
    order = sorted(numbers, key=lambda code: (sign * numbers[code], code))
    ranks: dict[str, int] = {}
    for place, code in enumerate(order, start=1):
        tied = place > 1 and numbers[order[place - 2]] == numbers[code]
        ranks[code] = ranks[order[place - 2]] if tied else place
    return ranks


def _given(units: Sequence[OrgUnit], scores: Mapping[tuple[str, str], Score], period: Period) -> dict[str, int]:
    found = {u.code: scores.get((u.code, period.code)) for u in units}
    return {code: int(s.number) for code, s in found.items() if s is not None and s.number is not None}


def sorted_rows(rows: Sequence[Row], by: str) -> list[Row]:
    """By rank (the best first), by value (the largest first) or by name; units without a result last."""
    if by == "name":
        return sorted(rows, key=lambda r: (name_key(r.unit.name), r.unit.code))
    if by == "value":
        known = [r for r in rows if r.score is not None and r.score.number is not None]
        rest = [r for r in rows if r not in known]
        return sorted(known, key=lambda r: (-(r.score.number if r.score and r.score.number else 0), r.unit.code)) \
            + sorted(rest, key=lambda r: r.unit.code)
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.unit.code))


def name_key(name: str) -> tuple[str, str]:
    """Vietnamese alphabetical order, near enough for a list of provinces: letters before their marks, đ after d."""
    bare = "".join(c for c in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(c))
    return bare.replace("đ", "d~"), name
