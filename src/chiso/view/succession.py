"""A unit's figures from before it existed, made of its predecessors' (the new Đắk Lắk in 2023).

On a tree with versions, :class:`SuccessionSource` wraps the real source. A value stored under a code
counts for the version of the code in force during its period (66 in 2023 is the old province), so on
the new tree the new 66 does not read the old 66's values as its own. For a period wholly before a
unit began it reports, instead, its predecessors' figures combined as the view combines units: counts
added (a part of a split unit only with its declared share), lowest and highest kept; rates are then
derived from the combined counts, never averaged. A figure is composed only when every predecessor has
one; otherwise there is none, and the gap says which predecessor is missing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from chiso.catalog.model import Aggregation, Framework, PeriodRollup, ValueType
from chiso.i18n import N_, Phrase, phrase
from chiso.orgunits.links import UnitLink
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period, PeriodType
from chiso.values.model import Value
from chiso.values.numbers import canonical, round_half_up
from chiso.view.figure import Figure, Key
from chiso.view.plan import Scope
from chiso.view.source import FigureSource, Partial, Rolled, leaf_partials, leaf_rolled

COMPOSED_ORIGIN = "composed"  # the origin of a figure composed of predecessors': no unit reported it
MISSING_MSGID = N_("chưa có số liệu của {names}")  # a gap for want of a predecessor's figure


@dataclass(frozen=True)
class Composition:
    """Whose figures a unit's figures before ``start`` are made of: «tỉnh Đắk Lắk (cũ) và tỉnh Phú Yên»."""

    unit: str
    start: date
    predecessors: tuple[str, ...]
    names: Phrase


def tree_source(source: FigureSource, snapshot: Hierarchy) -> FigureSource:
    """``source`` as the units of ``snapshot`` see it: wrapped when the tree has versions, else as it is."""
    if not snapshot.versioned or (isinstance(source, SuccessionSource) and source.snapshot is snapshot):
        return source
    return SuccessionSource(source, snapshot)


class SuccessionSource:
    """The figures of a tree's snapshot: each value for the version it belongs to, and predecessors' composed."""

    def __init__(self, inner: FigureSource, snapshot: Hierarchy) -> None:
        self.inner, self.snapshot = inner, snapshot
        self.gaps: dict[Key, Phrase] = {}
        self.compositions: dict[str, Composition] = {}
        self._figures: dict[tuple[str, date, bool, tuple[str, ...], tuple[str, ...]], Mapping[Key, Figure]] = {}

    def periods(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None) -> set[str]:
        found = set(self.inner.periods(framework, units, indicators))
        for on, predecessors in self._by_day(units).items():
            tree = self.snapshot.at(on - timedelta(days=1))
            below = set().union(*(tree.subtree(code) for code in predecessors if code in tree))
            before = SuccessionSource(self.inner, tree).periods(framework, below, indicators) if below else set()
            found |= {p for p in before if Period.parse(p).end < on}
        return found

    def _by_day(self, units: Collection[str]) -> dict[date, set[str]]:
        """The predecessors of ``units``, by the day of their links."""
        found: dict[date, set[str]] = {}
        for unit in units:
            for link in self.snapshot.predecessors(unit):
                found.setdefault(link.on, set()).add(link.predecessor)
        return found

    def reported(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None,
                 periods: Collection[str] | None) -> Iterator[Value]:
        owns = self.snapshot.owns
        yield from (v for v in self.inner.reported(framework, units, indicators, periods)
                    if owns(v.unit, Period.parse(v.period)))
        composed = [u for u in units if self.snapshot.predecessors(u)]
        if composed:
            yield from self._composed(framework, composed, indicators, periods)

    def partials(self, framework: Framework, parents: Collection[str], indicators: Collection[str],
                 periods: Collection[str] | None) -> Iterator[Partial]:
        regular, irregular = self._split(parents)
        if regular:
            yield from self.inner.partials(framework, regular, indicators, periods)
        if irregular:
            yield from leaf_partials(framework, self.snapshot, self.reported, irregular, indicators, periods)

    def rolled(self, framework: Framework, parents: Collection[str], indicators: Collection[str], period: Period,
               kind: PeriodType, rollup: PeriodRollup) -> Iterator[Rolled]:
        regular, irregular = self._split(parents)
        if regular:
            yield from self.inner.rolled(framework, regular, indicators, period, kind, rollup)
        if irregular:
            yield from leaf_rolled(framework, self.snapshot, self.reported, irregular, indicators, period, kind,
                                   rollup)

    def _split(self, parents: Collection[str]) -> tuple[list[str], list[str]]:
        """The parents whose leaves the real source knows as this tree does, and the others."""
        regular = [p for p in parents if self._regular(p)]
        return regular, [p for p in parents if p not in set(regular)]

    def _regular(self, parent: str) -> bool:
        tree, latest = self.snapshot, self.snapshot.latest
        mine = tree.children(parent)
        if {u.code for u in mine} != {u.code for u in latest.children(parent)}:
            return False
        return all(u == latest[u.code] and bool(tree.children(u.code)) == bool(latest.children(u.code))
                   for u in mine)

    def _start(self, unit: str) -> date:
        start = self.snapshot.true[unit].valid_from
        assert start is not None  # a unit with predecessors began on the day of its links
        return start

    # --- composing ------------------------------------------------------------------------------------------

    def _composed(self, framework: Framework, units: list[str], indicators: Collection[str] | None,
                  periods: Collection[str] | None) -> Iterator[Value]:
        codes = [i.code for i in framework.indicators if i.value_type is not ValueType.HEADING
                 and (indicators is None or i.code in indicators)]
        wanted = {unit: self._periods(framework, unit, codes, periods) for unit in units}
        figures = self._of_predecessors(framework, units, codes, sorted(set().union(*wanted.values())))
        for unit in units:
            start, links = self._start(unit), self.snapshot.predecessors(unit)
            self.compositions[unit] = Composition(unit, start, tuple(link.predecessor for link in links),
                                                  self._names(unit, links))
            for code in codes:
                for period in wanted[unit]:
                    value = self._compose(framework, unit, code, period, links, figures)
                    if value is not None:
                        yield value

    def _periods(self, framework: Framework, unit: str, codes: list[str], periods: Collection[str] | None) -> list[str]:
        start = self._start(unit)
        given = periods if periods is not None else self.periods(framework, [unit], codes)
        return sorted(p for p in given if Period.parse(p).end < start)

    def _of_predecessors(self, framework: Framework, units: list[str], codes: list[str],
                         periods: list[str]) -> dict[Key, Figure]:
        """The predecessors' figures as they were, on the tree of the day before their links: one view per
        old unit at the top of them (an old province with all its communes), not one per predecessor."""
        found: dict[Key, Figure] = {}
        if not periods:
            return found
        for on, predecessors in self._by_day(units).items():
            tree = self.snapshot.at(on - timedelta(days=1))
            for top, below in _under_tops(tree, predecessors).items():
                found.update(self._view_of(framework, tree, top, below != {top}, (on, codes, periods)))
        return found

    def _view_of(self, framework: Framework, tree: Hierarchy, top: str, whole: bool,
                 asked: tuple[date, list[str], list[str]]) -> Mapping[Key, Figure]:
        from chiso.view.compute import compute_view  # a predecessor's figures are a view of their own

        on, codes, periods = asked
        key = (top, on, whole, tuple(codes), tuple(periods))
        if key not in self._figures:
            view = compute_view(framework, tree, self.inner, unit=top, indicators=codes,
                                periods=[Period.parse(p) for p in periods],
                                scope=Scope.SUBTREE if whole else Scope.UNIT)
            self._figures[key] = view.figures
        return self._figures[key]

    def _compose(self, framework: Framework, unit: str, code: str, period: str, links: list[UnitLink],
                 figures: dict[Key, Figure]) -> Value | None:
        indicator = framework.indicator(code)
        parts = [(link, figures.get((code, link.predecessor, period))) for link in links]
        if all(found is None for _link, found in parts):
            return None
        missing = [link.predecessor for link, found in parts if found is None]
        reason = self._refusal(unit, indicator.aggregation, parts, missing)
        if reason is not None:
            self.gaps[code, unit, period] = reason
            return None
        numbers = [(link, found.number) for link, found in parts if found is not None]
        number = _combined(indicator.aggregation, numbers)
        if any(not _whole(link) for link, _n in numbers):
            number = round_half_up(number, indicator.places)
        composition = self.compositions[unit]
        return Value(framework.code, code, unit, period, canonical(number),
                     source=str(phrase("số liệu gộp của {names}", names=composition.names)), origin=COMPOSED_ORIGIN)

    def _refusal(self, unit: str, aggregation: Aggregation, parts: list[tuple[UnitLink, Figure | None]],
                 missing: list[str]) -> Phrase | None:
        if missing:
            return phrase(MISSING_MSGID, names=self._joined(unit, missing))
        if not aggregation.combines:
            return phrase("không gộp được số liệu của {names}: chỉ tiêu không cộng dồn qua các đơn vị",
                          names=self.compositions[unit].names)
        inexact = [link.predecessor for link, found in parts if found is not None and found.number is None]
        if inexact:
            return phrase("không gộp được: số liệu của {names} không phải một số chính xác",
                          names=self._joined(unit, inexact))
        split = [link for link, _found in parts if not _whole(link)]
        unshared = [link.predecessor for link in split if link.share is None]
        if unshared:
            return phrase("thiếu tỉ lệ chia của {names} (tách một phần)", names=self._joined(unit, unshared))
        if split and aggregation is not Aggregation.SUM:
            return phrase("không tính được giá trị nhỏ nhất, lớn nhất từ một phần của {names}",
                          names=self._joined(unit, [link.predecessor for link in split]))
        return None

    def _names(self, unit: str, links: Iterable[UnitLink]) -> Phrase:
        return self._joined(unit, [link.predecessor for link in links])

    def _joined(self, unit: str, codes: list[str]) -> Phrase:
        names = [self._name(unit, code) for code in codes]
        if len(names) == 1:
            return Phrase(names[0], translated=False)
        return phrase("{first} và {last}", first=", ".join(names[:-1]), last=names[-1])

    def _name(self, unit: str, code: str) -> str:
        """A predecessor as a sentence names it: «tỉnh Phú Yên»; «tỉnh Đắk Lắk (cũ)» when it had the code."""
        start = self._start(unit)
        versions = [v for v in self.snapshot.versions.get(code, []) if v.valid_to == start - timedelta(days=1)]
        name = versions[-1].name if versions else code
        name = name[:1].lower() + name[1:] if name[:1].isupper() and not name[1:2].isupper() else name
        return f"{name} (cũ)" if code == unit else name


def _under_tops(tree: Hierarchy, codes: set[str]) -> dict[str, set[str]]:
    """``codes`` (those in ``tree``) grouped under the highest unit above them in ``tree``."""
    found: dict[str, set[str]] = {}
    for code in codes:
        if code in tree:
            top = ([code, *(u.code for u in tree.ancestors(code))])[-1]
            found.setdefault(top, set()).add(code)
    return found


def _whole(link: UnitLink) -> bool:
    return link.whole is not False


def _combined(aggregation: Aggregation, parts: list[tuple[UnitLink, Decimal | None]]) -> Decimal:
    numbers = [n if _whole(link) else n * (link.share or Decimal(0)) for link, n in parts if n is not None]
    if aggregation is Aggregation.MIN:
        return min(numbers)
    if aggregation is Aggregation.MAX:
        return max(numbers)
    return sum(numbers, Decimal(0))
