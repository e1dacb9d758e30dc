"""Vietnam's official administrative units before and after the reorganisation of 1/7/2025, and its links.

The lists ship with chiso (``chiso/data/vn``, written by ``tools/vn_units.py``; see its NOTICE): the 34
provinces and 3.321 communes from 1/7/2025, the 63 provinces, 696 districts and 10.035 communes until
30/6/2025, and which old units each new one was made of. Codes are the statistics office's, as text (a
province 2 digits, a district 3, a commune 5); a new unit mostly keeps a predecessor's code, so a code may
have two versions, joined by the links. Types come from the level, never from the name: «Thành phố Buôn Ma
Thuột» was a district.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import cache
from importlib import resources

from chiso.errors import InputError
from chiso.io.tables import Row, org_unit_reader, read_rows
from chiso.orgunits.linkfile import links_of, read_links, with_kinds
from chiso.orgunits.links import UnitLink
from chiso.orgunits.model import OrgUnit, OrgUnitType

REORGANISED = date(2025, 7, 1)
UNITS_2025, UNITS_LEGACY, LINKS_2025 = "units-2025.csv", "units-legacy.csv", "links-2025.csv"


def vn_2025(province: str | None = None) -> list[OrgUnit]:
    """The units from 1/7/2025: every province and commune, or new ``province`` and its communes."""
    units = _units(UNITS_2025)
    if province is None:
        return list(units)
    _known(province)
    return [unit for unit in units if province in (unit.code, unit.parent)]


def vn_legacy(province: str | None = None) -> list[OrgUnit]:
    """The units until 30/6/2025: all of them, or the old provinces that became the new ``province`` (66: old
    66 and 54) with their districts and communes."""
    units = _units(UNITS_LEGACY)
    if province is None:
        return list(units)
    _known(province)
    kept = {link.predecessor for link in _links() if link.successor == province}
    for _below in ("districts", "communes"):  # each pass takes the level under the last
        kept |= {unit.code for unit in units if unit.parent in kept}
    return [unit for unit in units if unit.code in kept]


def vn_links_2025(province: str | None = None) -> list[UnitLink]:
    """The links of 1/7/2025, kinds filled in: all of them, or those into new ``province`` and its communes."""
    links = _links()
    if province is None:
        return list(links)
    codes = {unit.code for unit in vn_2025(province)}
    return [link for link in links if link.successor in codes]


def provinces_2025() -> dict[str, str]:
    """The codes and names of the 34 provinces from 1/7/2025."""
    return {unit.code: unit.name for unit in _units(UNITS_2025) if unit.type is OrgUnitType.PROVINCE}


def _known(province: str) -> None:
    known = provinces_2025()
    if province not in known:
        raise InputError(f"«{province}» không phải là mã một tỉnh, thành phố từ ngày 01/07/2025",
                         expected="mã 2 chữ số: " + ", ".join(f"{code} ({name})" for code, name in known.items()))


@cache
def _units(name: str) -> tuple[OrgUnit, ...]:
    file = f"chiso/data/vn/{name}"
    reader = csv.DictReader(io.StringIO(_text(name)))
    rows = [Row(file, reader.line_num, cells) for cells in reader]
    return tuple(read_rows(rows, org_unit_reader, key=lambda unit: (unit.code, unit.valid_from)))


@cache
def _links() -> tuple[UnitLink, ...]:
    given = links_of(read_links(f"chiso/data/vn/{LINKS_2025}", _text(LINKS_2025)))
    return tuple(with_kinds([*_units(UNITS_LEGACY), *_units(UNITS_2025)], given))


def _text(name: str) -> str:
    return resources.files("chiso.data.vn").joinpath(name).read_text("utf-8")


def official_provinces(day: date) -> frozenset[str]:
    """The codes of the provinces in force on ``day``: the 63 until 30/6/2025, the 34 from 1/7/2025."""
    return _provinces(UNITS_2025 if day >= REORGANISED else UNITS_LEGACY)


@cache
def _provinces(name: str) -> frozenset[str]:
    return frozenset(unit.code for unit in _units(name) if unit.type is OrgUnitType.PROVINCE)
