"""Writes chiso's lists of Vietnam's administrative units and their 2025 links from vietnamadminunits 1.0.4.

A development-time script, never imported by chiso: chiso promises that nothing is downloaded or needed at
run time beyond its own dependencies, and ``import vietnamadminunits`` pulls in shapely and geopy (and makes a
geocoder). So this reads the unpacked wheel's data files directly (``data/dataset.db`` with sqlite3 and
``data/converter_2025.json``) and writes plain CSVs under ``src/chiso/data/vn/``, which chiso ships.

    pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/x
    unzip -q /tmp/x/vietnamadminunits-1.0.4-py3-none-any.whl -d /tmp/x/wheel
    python tools/vn_units.py /tmp/x/wheel

No latitude, longitude, bounds or area is written: they come from Google geocoding, whose terms limit storing
them, and chiso does not need them. Names are taken from the lists (NFC), never from the mapping's name keys;
types come from the level (a «Thành phố» under a province is a district), never from the name.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

UNIT_COLUMNS = ("code", "name", "type", "parent", "valid_from", "valid_to")
LINK_COLUMNS = ("date", "from", "to", "share", "basis", "default", "kind", "note")
NEW_FROM = "2025-07-01"
OLD_TO = "2025-06-30"
OUT = Path(__file__).resolve().parent.parent / "src" / "chiso" / "data" / "vn"

Row = tuple[str, ...]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def new_units(db: sqlite3.Connection) -> list[Row]:
    """The 34 provinces and 3.321 communes (xã, phường, đặc khu) from 1/7/2025."""
    provinces = db.execute("SELECT DISTINCT provinceCode, province FROM admin_units ORDER BY provinceCode")
    rows: list[Row] = [(code, nfc(name), "province", "", NEW_FROM, "") for code, name in provinces]
    communes = db.execute("SELECT wardCode, ward, provinceCode FROM admin_units ORDER BY wardCode")
    rows += [(code, nfc(name), "commune", parent, NEW_FROM, "") for code, name, parent in communes]
    return rows


def old_units(db: sqlite3.Connection) -> list[Row]:
    """The 63 provinces, 696 districts and 10.035 communes until 30/6/2025 (start unknown)."""
    provinces = db.execute("SELECT DISTINCT provinceCode, province FROM admin_units_legacy ORDER BY provinceCode")
    rows: list[Row] = [(code, nfc(name), "province", "", "", OLD_TO) for code, name in provinces]
    districts = db.execute("SELECT DISTINCT districtCode, district, provinceCode FROM admin_units_legacy"
                           " ORDER BY districtCode")
    rows += [(code, nfc(name), "district", parent, "", OLD_TO) for code, name, parent in districts]
    communes = db.execute("SELECT wardCode, ward, districtCode FROM admin_units_legacy WHERE wardCode IS NOT NULL"
                          " ORDER BY wardCode")
    rows += [(code, nfc(name), "commune", parent, "", OLD_TO) for code, name, parent in communes]
    return rows


class Codes:
    """The official codes of the converter's name keys, joined through dataset.db (one answer per key)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.new_provinces = _pairs(db, "SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
        self.old_provinces = _pairs(db, "SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy")
        self.new_communes: dict[tuple[str, str], str] = {
            (p, w): code for p, w, code in db.execute("SELECT provinceKey, wardKey, wardCode FROM admin_units")}
        self.old_units: dict[tuple[str, str, str], str] = {
            (p, d, w or ""): ward or district for p, d, w, district, ward in db.execute(
                "SELECT provinceKey, districtKey, wardKey, districtCode, wardCode FROM admin_units_legacy")}

    def new_commune(self, province: str, ward: str) -> str:
        return self.new_communes[province, ward]

    def old_unit(self, key: str) -> str:
        """``province_district_ward`` → the old commune's code; the district's when the ward part is empty."""
        province, district, ward = key.split("_")
        return self.old_units[province, district, ward]


def _pairs(db: sqlite3.Connection, query: str) -> dict[str, str]:
    return {str(key): str(code) for key, code in db.execute(query)}


def province_links(mapping: dict[str, Any], codes: Codes) -> list[Row]:
    rows = []
    for new, olds in mapping["DICT_PROVINCE"].items():
        rows += [(NEW_FROM, codes.old_provinces[old], codes.new_provinces[new], "", "", "", "", "") for old in olds]
    return sorted(rows, key=lambda row: (row[2], row[1]))


def commune_links(mapping: dict[str, Any], codes: Codes) -> list[Row]:
    """Whole old units (communes, and island districts with no commune) and the parts of split communes."""
    rows = []
    for province, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            new = codes.new_commune(province, ward)
            rows += [(NEW_FROM, codes.old_unit(old), new, "", "", "", "", _whole_note(old)) for old in olds]
    for province, olds in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            rows += [(NEW_FROM, codes.old_unit(old), codes.new_commune(province, part["newWardKey"]), "", "",
                      "yes" if part["isDefaultNewWard"] else "no", "", "") for part in parts]
    return sorted(rows, key=lambda row: (len(row[1]), row[1], row[2]))


def _whole_note(key: str) -> str:
    return "huyện đảo không có đơn vị hành chính cấp xã" if key.endswith("_") else ""


def checked(units: list[Row], links: list[Row], new: list[Row]) -> None:
    """Stops on anything that would make the files wrong: a duplicate, a link to nowhere, a missed unit."""
    old_codes = {row[0] for row in units}
    new_codes = {row[0] for row in new}
    _unique("old units", (row[0] for row in units))
    _unique("new units", (row[0] for row in new))
    _unique("links", ((row[1], row[2]) for row in links))
    for row in links:
        if row[1] not in old_codes or row[2] not in new_codes:
            sys.exit(f"link {row[1]} → {row[2]} joins unknown codes")
    childless_districts = {r[0] for r in units if r[2] == "district"} - {r[3] for r in units if r[2] == "commune"}
    needing = {r[0] for r in units if r[2] != "district"} | childless_districts
    missed = needing - {row[1] for row in links}
    made = new_codes - {row[2] for row in links}
    if missed or made:
        sys.exit(f"old units without successor: {sorted(missed)[:10]}; new without predecessor: {sorted(made)[:10]}")


def _unique(what: str, keys: Iterable[object]) -> None:
    seen: set[object] = set()
    for key in keys:
        if key in seen:
            sys.exit(f"{what}: {key} twice")
        seen.add(key)


def write(path: Path, columns: tuple[str, ...], rows: Iterable[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def counted(rows: list[Row]) -> Iterator[str]:
    for kind in ("province", "district", "commune"):
        found = sum(1 for row in rows if row[2] == kind)
        if found:
            yield f"{found} {kind}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="the unpacked vietnamadminunits 1.0.4 wheel")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = args.wheel / "vietnamadminunits" / "data"
    db = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    mapping = json.loads((data / "converter_2025.json").read_text("utf-8"))
    new, old, codes = new_units(db), old_units(db), Codes(db)
    provinces, communes = province_links(mapping, codes), commune_links(mapping, codes)
    checked(old, provinces + communes, new)
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "units-2025.csv", UNIT_COLUMNS, new)
    write(args.out / "units-legacy.csv", UNIT_COLUMNS, old)
    write(args.out / "links-2025.csv", LINK_COLUMNS, provinces + communes)
    print("units-2025:", ", ".join(counted(new)), "| units-legacy:", ", ".join(counted(old)),
          f"| links-2025: {len(provinces)} province, {len(communes)} commune or district")


if __name__ == "__main__":
    main()
