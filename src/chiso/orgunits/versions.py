"""A code's versions, and the tree as it stood on one day (a snapshot).

A code may have several versions, one after another, each with its own name, type, parent and dates:
66 is the old Đắk Lắk until 30/6/2025 and the new one from 1/7/2025. A snapshot holds one version per
code: the one in force on its day, or the last one that ended before it (an ended unit keeps its past
figures, as a district does after 2025), never one that began later. An ended unit whose parent's code
now means another unit is left out with everything below it: the old districts of 66 are no part of the
new 66, whose earlier figures come from its links instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Protocol, TypeVar

from chiso.orgunits.links import UnitLink

_EARLIEST = date.min


class _Version(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def parent(self) -> str: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...


_U = TypeVar("_U", bound=_Version)


def by_code(units: Iterable[_U]) -> dict[str, list[_U]]:
    """Versions per code, earliest first; of two versions of a code starting the same day, the later given."""
    keyed: dict[tuple[str, date], _U] = {}
    for unit in units:
        keyed[unit.code, unit.valid_from or _EARLIEST] = unit
    found: dict[str, list[_U]] = {}
    for (code, _start), unit in sorted(keyed.items(), key=lambda item: item[0]):
        found.setdefault(code, []).append(unit)
    return found


def picked(versions: Mapping[str, list[_U]], on: date | None) -> dict[str, _U]:
    """Per code, the version of ``on``: in force then, else the last that ended before; the last when None."""
    found = {}
    for code, chain in versions.items():
        started = chain if on is None else [v for v in chain if v.valid_from is None or v.valid_from <= on]
        if started:
            found[code] = started[-1]
    return found


def connected(versions: Mapping[str, list[_U]], chosen: dict[str, _U]) -> dict[str, _U]:
    """``chosen`` without the units whose parent's chosen version never held them, nor those below them."""
    kept = dict(chosen)
    changed = True
    while changed:
        changed = False
        for code, unit in list(kept.items()):
            if unit.parent and _orphaned(unit, versions, kept):
                del kept[code]
                changed = True
    return kept


def _orphaned(unit: _U, versions: Mapping[str, list[_U]], kept: dict[str, _U]) -> bool:
    if unit.parent not in versions:
        return False  # a parent never declared: the unit is a root, as it always was
    parent = kept.get(unit.parent)
    if parent is None:
        return len(versions[unit.parent]) > 1 or unit.parent not in kept
    return len(versions[unit.parent]) > 1 and not overlaps(parent, unit)


def overlaps(first: _Version, second: _Version) -> bool:
    starts = max(first.valid_from or _EARLIEST, second.valid_from or _EARLIEST)
    ends = min(first.valid_to or date.max, second.valid_to or date.max)
    return starts <= ends


def since(code: str, versions: Mapping[str, list[_U]], links: Mapping[tuple[str, date], list[UnitLink]],
          start: date | None) -> date | None:
    """How far back a unit's figures reach through its predecessors: the earliest of their starts."""
    if start is None:
        return None
    earliest: date | None = start
    for link in links.get((code, start), ()):
        before = [v for v in versions.get(link.predecessor, []) if v.valid_to == start - timedelta(days=1)]
        if not before:
            continue
        reach = since(link.predecessor, versions, links, before[-1].valid_from)
        if reach is None:
            return None
        earliest = min(earliest, reach) if earliest is not None else reach
    return earliest


def reaching(units: dict[str, _U], versions: Mapping[str, list[_U]],
             links: Mapping[tuple[str, date], list[UnitLink]]) -> dict[str, _U]:
    """The snapshot's units, each made to start where its predecessors' figures start."""
    found = {}
    for code, unit in units.items():
        start = since(code, versions, links, unit.valid_from) if (code, unit.valid_from) in links else unit.valid_from
        found[code] = unit if start == unit.valid_from else _starting(unit, start)
    return found


def _starting(unit: _U, start: date | None) -> _U:
    moved: Any = replace(unit, valid_from=start)  # type: ignore[type-var]  # every version is a dataclass
    return moved  # type: ignore[no-any-return]


def renamed(versions: Mapping[str, list[Any]], links: Iterable[UnitLink]) -> set[tuple[str, date]]:
    """The (successor, day) pairs of one predecessor whose name differs from the successor's, the kind of
    unit aside: «Thị trấn Mường Lát» → «Xã Mường Lát» is a new type, «Xã Krông Na» → «Xã Buôn Đôn» a new name.
    """
    into: dict[tuple[str, date], list[str]] = {}
    for link in links:
        into.setdefault((link.successor, link.on), []).append(link.predecessor)
    found = set()
    for (after, on), before in into.items():
        ended = [v.name for v in versions.get(before[0], []) if v.valid_to == on - timedelta(days=1)]
        began = [v.name for v in versions.get(after, []) if v.valid_from == on]
        if len(before) == 1 and ended and began and _own(ended[-1]) != _own(began[-1]):
            found.add((after, on))
    return found


_TYPE_WORDS = re.compile(r"^(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+", re.IGNORECASE)


def _own(name: str) -> str:
    return _TYPE_WORDS.sub("", name.strip()).casefold()
