"""The dossier unit table: which unit a record's code counts for, and how it rolls up, on its received day.

Where the hierarchy has no versions nor links, a code is one unit at all times: the table numbers the units
under the top, as it always did. Where it has them, a code keeps its meaning only within one version (66 is
the old Đắk Lắk until 30/6/2025 and the new one from 1/7/2025), and one-stop systems go on writing the old
codes of merged communes after the reorganisation. Each row then holds a code over a span of days:

- the version in force then: a record counts for it, and rolls up along the tree of its own days;
- once the code's version ended, its successor through the links: a whole link's, or the ``default`` one of
  a split, followed along a chain of reorganisations (A → B → C);
- no unit, with why (a split without a default, an end without a successor, a day before the code began):
  the record counts in the top's total only, and is reported.

Records counted for a successor, and those counted for none, are tallied per row group (``rid``) so that the
run says how many went where.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from chiso.dossiers.compile import CLOSURE, DAY_ZERO, UNITS, date_of
from chiso.dossiers.coverage import noun, number
from chiso.orgunits.links import UnitLink
from chiso.orgunits.model import Hierarchy, OrgUnit, active_during
from chiso.periods import Period
from chiso.periods.days import day_text
from chiso.view.figure import UNIT_NOUNS

_LOW, _HIGH = 0, (date.max - DAY_ZERO).days  # before every readable day, the last one: open ends of a version


def _day(day: date) -> int:
    return (day - DAY_ZERO).days


@dataclass(frozen=True)
class Remapped:
    """Records still written with an old code after its version ended, counted for its successor."""

    code: str
    noun: str  # what the old unit was: xã, huyện, tỉnh
    since: date  # the first day the old version no longer held
    successor: str
    name: str  # the successor's name, on the days the records count for it
    dossiers: int = 0

    @property
    def message(self) -> str:
        return (f"{number(self.dossiers)} hồ sơ ghi mã {self.noun} cũ {self.code} sau {day_text(self.since)} "
                f"được tính cho {self.name} ({self.successor})")


@dataclass(frozen=True)
class Unmapped:
    """Records written with a code on days no unit of it holds, nor any successor can be chosen for."""

    code: str
    day: date  # after an end: the first day without the version; before the start: the first day of the code
    reason: str
    before: bool = False  # written before the code's first version began
    dossiers: int = 0

    @property
    def message(self) -> str:
        if self.before:
            return (f"{number(self.dossiers)} hồ sơ ghi mã {self.code} trước {day_text(self.day)} không xác định "
                    f"được đơn vị ({self.reason})")
        return (f"{number(self.dossiers)} hồ sơ ghi mã {self.code} sau {day_text(self.day)} không xác định được "
                f"đơn vị kế thừa ({self.reason})")


Tally = Remapped | Unmapped


@dataclass
class UnitTable:
    """The rows of the unit table and of the unit → ancestor closure, and what each row group tallies."""

    timed: bool
    codes: list[str] = field(default_factory=list)
    ix: list[int | None] = field(default_factory=list)  # the version's number (None: counted for no unit)
    first: list[int] = field(default_factory=list)  # day numbers (compile.day_number), timed tables only
    last: list[int] = field(default_factory=list)
    rid: list[int | None] = field(default_factory=list)  # the tally of a remapped or unmapped row
    closure: list[tuple[int, str]] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)  # by rid
    spans: dict[str, list[OrgUnit]] = field(default_factory=dict)  # the versions under the top, per code

    def create(self, con: duckdb.DuckDBPyConnection) -> None:
        if self.timed:
            con.execute(f"CREATE TEMP TABLE {UNITS} AS SELECT unnest(?::VARCHAR[]) AS code, "
                        "unnest(?::INTEGER[]) AS first_day, unnest(?::INTEGER[]) AS last_day, "
                        "unnest(?::INTEGER[]) AS ix, unnest(?::INTEGER[]) AS rid",
                        [self.codes, self.first, self.last, self.ix, self.rid])
        else:
            con.execute(f"CREATE TEMP TABLE {UNITS} AS SELECT unnest(?::VARCHAR[]) AS code, "
                        "unnest(?::INTEGER[]) AS ix", [self.codes, self.ix])
        con.execute(f"CREATE TEMP TABLE {CLOSURE} AS SELECT unnest(?::INTEGER[]) AS unit, "
                    "unnest(?::VARCHAR[]) AS ancestor",
                    [[unit for unit, _ in self.closure], [ancestor for _, ancestor in self.closure]])

    def covered(self, period: Period) -> list[str]:
        """The units under the top that existed during ``period``: they count, zeros included."""
        return [code for code in sorted(self.spans) if any(active_during(v, period) for v in self.spans[code])]

    def mixed(self, period: Period) -> str | None:
        """Why the figures of ``period`` join two units under one code, if they do: a code's versions both
        in force during it (66, old until 30/6/2025 and new from 1/7/2025, in the year 2025)."""
        codes = [code for code, versions in sorted(self.spans.items())
                 if sum(active_during(v, period) for v in versions) > 1]
        if not codes:
            return None
        starts = sorted({v.valid_from for code in codes for v in self.spans[code][1:] if v.valid_from is not None})
        shown = ", ".join(codes[:10]) + (f" và {number(len(codes) - 10)} mã khác" if len(codes) > 10 else "")
        return (f"{noun(period)}: mã {shown} ứng với đơn vị cũ và đơn vị mới trong kỳ (đổi từ "
                f"{', '.join(day_text(day) for day in starts)}); số liệu của kỳ gộp hồ sơ của cả hai")

    def counted(self, dossiers: dict[int, int]) -> tuple[list[Remapped], list[Unmapped]]:
        """The tallies with the number of dossiers of each (``rid`` → n), those with none left out."""
        found = [_with(self.tallies[rid], n) for rid, n in sorted(dossiers.items()) if n]  # by code and day
        return [t for t in found if isinstance(t, Remapped)], [t for t in found if isinstance(t, Unmapped)]


def _with(tally: Tally, dossiers: int) -> Tally:
    if isinstance(tally, Remapped):
        return Remapped(tally.code, tally.noun, tally.since, tally.successor, tally.name, dossiers)
    return Unmapped(tally.code, tally.day, tally.reason, tally.before, dossiers)


def unit_table(hierarchy: Hierarchy, top: str) -> UnitTable:
    """The unit table of a run under ``top``: by code alone, or by code and day where the hierarchy has
    versions or links."""
    return _Timeline(hierarchy, top).table() if hierarchy.versioned else _plain(hierarchy, top)


def covered_units(hierarchy: Hierarchy, top: str, period: Period) -> list[str]:
    """The units under ``top`` that existed during ``period`` (the 2025 mergers ended and began units)."""
    if hierarchy.versioned:
        return unit_table(hierarchy, top).covered(period)
    return [code for code in sorted(hierarchy.subtree(top)) if active_during(hierarchy[code], period)]


def _plain(hierarchy: Hierarchy, top: str) -> UnitTable:
    """Every unit under ``top`` numbered, and unit → ancestor (itself included): rows roll up along it."""
    table = UnitTable(timed=False)
    for index, code in enumerate(sorted(hierarchy.subtree(top)), start=1):
        table.codes.append(code)
        table.ix.append(index)
        table.spans[code] = [hierarchy[code]]
        chain = [code, *(u.code for u in hierarchy.ancestors(code))]
        table.closure += [(index, ancestor) for ancestor in chain[:chain.index(top) + 1]]
    return table


@dataclass(frozen=True)
class _Piece:
    """Days of a code's records, and the version they count for (None: none, for ``reason``)."""

    first: int
    last: int
    target: OrgUnit | None
    reason: str = ""
    candidates: tuple[str, ...] = ()  # the successors that could have been chosen


class _Timeline:
    """Per code, what its records count for on each day: its versions, then their successors."""

    def __init__(self, hierarchy: Hierarchy, top: str) -> None:
        self.hierarchy = hierarchy
        self.after: dict[tuple[str, date], list[UnitLink]] = {}
        for link in hierarchy.links:
            self.after.setdefault((link.predecessor, link.on), []).append(link)
        self.ancestors = _scoped(hierarchy, top)
        self.number = {version: index for index, version in enumerate(self.ancestors, start=1)}
        self.built = UnitTable(timed=True)
        self.groups: dict[tuple[object, ...], int] = {}

    def table(self) -> UnitTable:
        table = self.built
        for version, chain in self.ancestors.items():
            table.spans.setdefault(version.code, []).append(version)
            table.closure += [(self.number[version], ancestor) for ancestor in chain]
        for code in sorted(self.hierarchy.versions):
            self._rows(code)
        return table

    def _rows(self, code: str) -> None:
        for first, last, own, ended in _segments(self.hierarchy.versions[code]):
            if own is not None:
                if own in self.number:
                    self._row(code, first, last, self.number[own], None)
            elif ended is None:
                begun = self.hierarchy.versions[code][0]
                assert begun.valid_from is not None  # only a first version with a start has days before it
                if code in self.built.spans:
                    start, reason = begun.valid_from, f"mã của {begun.name}, chưa có trước ngày đó"
                    self._row(code, first, last, None, self._group(Unmapped(code, start, reason, before=True)))
            else:
                for piece in self._succeeded(code, code, ended, first, last, 0):
                    self._piece(code, first, ended, piece)

    def _piece(self, code: str, since: int, ended: OrgUnit, piece: _Piece) -> None:
        day = date_of(since)
        if piece.target is not None:
            if piece.target in self.number:
                tally = Remapped(code, UNIT_NOUNS[ended.type], day, piece.target.code, piece.target.name)
                self._row(code, piece.first, piece.last, self.number[piece.target], self._group(tally))
        elif code in self.built.spans or any(c in self.built.spans for c in piece.candidates):
            self._row(code, piece.first, piece.last, None, self._group(Unmapped(code, day, piece.reason)))

    def _row(self, code: str, first: int, last: int, ix: int | None, rid: int | None) -> None:
        table = self.built
        table.codes.append(code)
        table.first.append(first)
        table.last.append(last)
        table.ix.append(ix)
        table.rid.append(rid)

    def _group(self, tally: Tally) -> int:
        key = (tally.code, tally.since, tally.successor) if isinstance(tally, Remapped) else \
            (tally.code, tally.day, tally.reason, tally.before)
        if key not in self.groups:
            self.groups[key] = len(self.built.tallies)
            self.built.tallies.append(tally)
        return self.groups[key]

    def _resolved(self, written: str, code: str, first: int, last: int, depth: int) -> Iterator[_Piece]:
        """What records of ``code`` on days ``first``…``last`` count for, as the successor of ``written``."""
        for start, end, own, ended in _segments(self.hierarchy.versions.get(code, [])):
            low, high = max(start, first), min(end, last)
            if low > high:
                continue
            if own is not None:
                yield _Piece(low, high, own)
            elif ended is None:
                yield _Piece(low, high, None, f"đơn vị kế thừa {code} chưa có vào ngày đó", (code,))
            else:
                yield from self._succeeded(written, code, ended, low, high, depth)

    def _succeeded(self, written: str, code: str, ended: OrgUnit, first: int, last: int,
                   depth: int) -> Iterator[_Piece]:
        """Records of ``code`` after its version ``ended``: through the link chosen, or for no unit, and why."""
        assert ended.valid_to is not None  # a version ends before a successor takes its records
        links = self.after.get((code, ended.valid_to + timedelta(days=1)), [])
        noun = UNIT_NOUNS[ended.type] if code == written else f"{UNIT_NOUNS[ended.type]} kế thừa {code}"
        chosen, reason = _chosen(links, noun, ended.valid_to)
        if chosen is None:
            yield _Piece(first, last, None, reason, tuple(link.successor for link in links))
        elif depth > len(self.hierarchy.links):  # each step moves on in time; only links going back loop
            yield _Piece(first, last, None, "chuỗi đơn vị kế thừa quay vòng", (chosen.successor,))
        else:
            yield from self._resolved(written, chosen.successor, first, last, depth + 1)


def _chosen(links: list[UnitLink], noun: str, ended: date) -> tuple[UnitLink | None, str]:
    """The successor that takes a code's records once its version ended: a whole link's, or a split's default."""
    if not links:
        return None, f"{noun} kết thúc ngày {day_text(ended)}, không có đơn vị kế thừa"
    if len(links) == 1 and links[0].whole is not False:
        return links[0], ""
    defaults = [link for link in links if link.default]
    if len(defaults) == 1:
        return defaults[0], ""
    if defaults:
        return None, f"{noun} chia tách, có nhiều đơn vị mặc định: {', '.join(d.successor for d in defaults)}"
    return None, f"{noun} chia tách, chưa chọn đơn vị mặc định"


def _segments(chain: list[OrgUnit]) -> Iterator[tuple[int, int, OrgUnit | None, OrgUnit | None]]:
    """Every day of a code, in spans: (first, last, version in force, version ended before), one of them None,
    both None before the first version."""
    cursor = _LOW
    ended: OrgUnit | None = None
    for version in chain:
        start = _LOW if version.valid_from is None else _day(version.valid_from)
        if start > cursor:
            yield cursor, start - 1, None, ended
        end = _HIGH if version.valid_to is None else _day(version.valid_to)
        yield max(start, cursor), end, version, None
        cursor, ended = end + 1, version
    if cursor <= _HIGH:
        yield cursor, _HIGH, None, ended


def _scoped(hierarchy: Hierarchy, top: str) -> dict[OrgUnit, list[str]]:
    """Every version under ``top`` in the tree of its own first day (or last, when it has no start), with its
    ancestors up to ``top``, itself first."""
    by_day: dict[date | None, list[OrgUnit]] = {}
    for versions in hierarchy.versions.values():
        for version in versions:
            by_day.setdefault(version.valid_from or version.valid_to, []).append(version)
    found: dict[OrgUnit, list[str]] = {}
    for day, begun in sorted(by_day.items(), key=lambda item: item[0] or date.max):
        tree = hierarchy.at(day)
        under = tree.subtree(top) if top in tree.units else set()
        for version in sorted(begun, key=lambda v: v.code):
            if version.code in under and tree.true.get(version.code) is version:
                chain = [version.code, *(u.code for u in tree.ancestors(version.code))]
                found[version] = chain[:chain.index(top) + 1]
    return dict(sorted(found.items(), key=lambda item: (item[0].code, item[0].valid_from or date.min)))
