"""Org units (đơn vị): provinces, departments, districts and communes, with validity dates.

Units carry validity dates because the 2025 mergers ended the district level and merged provinces:
a series must be read against the hierarchy as it was, not as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from chiso.errors import InputError
from chiso.orgunits.groups import OrgUnitGroup
from chiso.orgunits.links import UnitLink, inferred
from chiso.orgunits.versions import by_code, connected, picked, reaching, renamed
from chiso.periods import Period


class OrgUnitType(StrEnum):
    NATION = "nation"
    MINISTRY = "ministry"  # a ministry or central agency (bộ, ngành trung ương), reporting beside the provinces
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"

    @property
    def label(self) -> str:
        return TYPE_LABELS[self]


TYPE_LABELS = {
    OrgUnitType.NATION: "Trung ương",
    OrgUnitType.MINISTRY: "Bộ, ngành trung ương",
    OrgUnitType.PROVINCE: "Tỉnh/thành phố",
    OrgUnitType.DEPARTMENT: "Sở/ban/ngành",
    OrgUnitType.DISTRICT: "Huyện/thị xã/thành phố thuộc tỉnh",
    OrgUnitType.COMMUNE: "Xã/phường/đặc khu",
}

_ALIASES = {
    "quoc_gia": OrgUnitType.NATION, "trung ương": OrgUnitType.NATION,
    "bo": OrgUnitType.MINISTRY, "bộ": OrgUnitType.MINISTRY, "bo_nganh": OrgUnitType.MINISTRY,
    "bộ, ngành": OrgUnitType.MINISTRY, "bộ/ngành": OrgUnitType.MINISTRY, "bộ ngành": OrgUnitType.MINISTRY,
    "bộ, ngành trung ương": OrgUnitType.MINISTRY, "cơ quan trung ương": OrgUnitType.MINISTRY,
    "tinh": OrgUnitType.PROVINCE, "tỉnh": OrgUnitType.PROVINCE, "thành phố": OrgUnitType.PROVINCE,
    "so": OrgUnitType.DEPARTMENT, "sở": OrgUnitType.DEPARTMENT, "sở/ban/ngành": OrgUnitType.DEPARTMENT,
    "so_nganh": OrgUnitType.DEPARTMENT, "ban": OrgUnitType.DEPARTMENT, "ngành": OrgUnitType.DEPARTMENT,
    "huyen": OrgUnitType.DISTRICT, "huyện": OrgUnitType.DISTRICT, "thị xã": OrgUnitType.DISTRICT,
    "xa": OrgUnitType.COMMUNE, "xã": OrgUnitType.COMMUNE, "phường": OrgUnitType.COMMUNE,
    "thị trấn": OrgUnitType.COMMUNE, "xã/phường": OrgUnitType.COMMUNE, "đặc khu": OrgUnitType.COMMUNE,
}


def parse_unit_type(text: str) -> OrgUnitType:
    folded = text.strip().casefold()
    try:
        return OrgUnitType(folded)
    except ValueError:
        pass
    if folded in _ALIASES:
        return _ALIASES[folded]
    raise InputError(f"loại đơn vị «{text}» không hợp lệ",
                     expected="province (tỉnh), ministry (bộ, ngành), department (sở/ban/ngành), district (huyện),"
                     " commune (xã/phường) hoặc nation")


@dataclass(frozen=True)
class OrgUnit:
    code: str  # national administrative unit code where one exists (66 = Tỉnh Đắk Lắk)
    name: str
    type: OrgUnitType
    parent: str = ""
    valid_from: date | None = None
    valid_to: date | None = None

    def active_on(self, day: date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_to is None or day <= self.valid_to)


def active_during(unit: OrgUnit, period: Period) -> bool:
    """Whether the validity of ``unit`` overlaps ``period`` by at least a day.

    A district that ended on 30/6/2025 counts in 2025S1 and in the year 2025, but not in 2025S2.
    """
    started = unit.valid_from is None or unit.valid_from <= period.end
    return started and (unit.valid_to is None or unit.valid_to >= period.start)


_LATEST = date.max  # the key of the latest versions among a tree's snapshots


class Hierarchy:
    """The tree of org units, looked up by code, and the groups of units across it.

    Given several versions of a code (``chiso.orgunits.versions``) and the links between them, the tree is
    a snapshot: as it stands on ``on`` (the latest versions when None); :meth:`at` gives it on another day.
    """

    def __init__(self, units: Iterable[OrgUnit], groups: Iterable[OrgUnitGroup] = (),
                 links: Iterable[UnitLink] = (), *, on: date | None = None) -> None:
        self.versions = by_code(units)
        given = list(links)
        self.links = tuple(inferred(given, renamed(self.versions, given))) if given else ()
        self.on = on
        self.versioned = bool(self.links) or any(len(chain) > 1 for chain in self.versions.values())
        self._into: dict[tuple[str, date], list[UnitLink]] = {}
        for link in self.links:
            self._into.setdefault((link.successor, link.on), []).append(link)
        self.true = connected(self.versions, picked(self.versions, on)) if self.versioned else \
            {code: chain[-1] for code, chain in self.versions.items()}
        self.units = reaching(self.true, self.versions, self._into) if self.links else self.true
        self._snapshots: dict[date | None, Hierarchy] = {on: self}
        self._set_up(groups)

    def _set_up(self, groups: Iterable[OrgUnitGroup]) -> None:
        self.groups = {g.code: g for g in groups}
        self._children: dict[str, list[str]] = {}
        for unit in self.units.values():
            self._children.setdefault(unit.parent, []).append(unit.code)
        memberships: dict[str, set[str]] = {}
        for group in self.groups.values():
            for member in group.members:
                memberships.setdefault(member, set()).add(group.code)
        self._groups = {code: frozenset(found) for code, found in memberships.items()}

    def at(self, day: date | None) -> Hierarchy:
        """The tree as it stood on ``day`` (the latest versions when None), with the same versions and links."""
        if not self.versioned:
            return self
        found = self._snapshots.get(day)
        if found is None:
            everything = (version for chain in self.versions.values() for version in chain)
            found = Hierarchy(everything, self.groups.values(), self.links, on=day)
            found._snapshots = self._snapshots
            self._snapshots[day] = found
        return found

    @property
    def latest(self) -> Hierarchy:
        """Every code's latest version, as a store holds its units: what a source's own roll-ups are made on."""
        if not self.versioned:
            return self
        found = self._snapshots.get(_LATEST)
        if found is None:
            found = self._snapshots[_LATEST] = Hierarchy([chain[-1] for chain in self.versions.values()],
                                                         self.groups.values())
        return found

    def version(self, code: str, period: Period) -> OrgUnit | None:
        """The version a value of ``code`` for ``period`` belongs to: the latest one in force during it."""
        during = [v for v in self.versions.get(code, []) if active_during(v, period)]
        return during[-1] if during else None

    def owns(self, code: str, period: Period) -> bool:
        """Whether a value of ``code`` for ``period`` is this snapshot's unit's (not an earlier version's)."""
        chain = self.versions.get(code, [])
        if len(chain) < 2:
            return True
        return code in self.true and self.version(code, period) is self.true[code]

    def predecessors(self, code: str) -> list[UnitLink]:
        """The links that made this snapshot's unit ``code``, on the day its version began."""
        unit = self.true.get(code)
        found = [] if unit is None or unit.valid_from is None else self._into.get((code, unit.valid_from), [])
        # The one that had the code first (the old Đắk Lắk), then the others by code: the order names are said in.
        return sorted(found, key=lambda link: (link.predecessor != code, link.predecessor))

    def composed_of(self, code: str) -> tuple[str, ...]:
        return tuple(link.predecessor for link in self.predecessors(code))

    def successors(self, code: str) -> list[UnitLink]:
        """The links this snapshot's unit ``code`` went into, the day after its version ended."""
        unit = self.true.get(code)
        if unit is None or unit.valid_to is None:
            return []
        day = unit.valid_to + timedelta(days=1)
        return [link for link in self.links if link.predecessor == code and link.on == day]

    def links_of(self, code: str) -> list[UnitLink]:
        """Every link of ``code``, whichever of its versions, by day."""
        return sorted((link for link in self.links if code in (link.predecessor, link.successor)),
                      key=lambda link: (link.on, link.predecessor, link.successor))

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def __getitem__(self, code: str) -> OrgUnit:
        return self.units[code]

    def roots(self) -> list[OrgUnit]:
        return [u for u in self.units.values() if not u.parent or u.parent not in self.units]

    def children(self, code: str) -> list[OrgUnit]:
        return [self.units[c] for c in self._children.get(code, [])]

    def descendants(self, code: str) -> Iterator[OrgUnit]:
        for child in self.children(code):
            yield child
            yield from self.descendants(child.code)

    def ancestors(self, code: str) -> Iterator[OrgUnit]:
        parent = self.units[code].parent
        while parent in self.units:
            yield self.units[parent]
            parent = self.units[parent].parent

    def groups_of(self, code: str) -> frozenset[str]:
        """The codes of the org-unit groups (blocs) ``code`` is a member of."""
        return self._groups.get(code, frozenset())

    def is_group(self, code: str) -> bool:
        return code in self.groups

    def group(self, code: str) -> OrgUnitGroup:
        return self.groups[code]

    def members(self, code: str) -> list[OrgUnit]:
        """The units of group ``code`` (those the tree has), in the group's order."""
        return [self.units[m] for m in self.groups[code].members if m in self.units]

    def name(self, code: str) -> str:
        """The name of a unit or of a group; the code itself when it is neither."""
        if code in self.units:
            return self.units[code].name
        return self.groups[code].name if code in self.groups else code

    def subtree(self, code: str) -> set[str]:
        """The unit and every unit below it; of a group, the group and the subtrees of its members: the units
        whose data its figures are made of."""
        if code not in self.units and code in self.groups:
            return {code, *(c for member in self.members(code) for c in self.subtree(member.code))}
        return {code, *(u.code for u in self.descendants(code))}
