"""The shipped lists of Vietnam's units before and after 1/7/2025 and their links, as the official lists count."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date

import pytest

from chiso.errors import InputError
from chiso.orgunits.linkfile import check_links
from chiso.orgunits.links import LinkKind
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.orgunits.vn import vn_2025, vn_legacy, vn_links_2025

NEW_DAY, OLD_DAY = date(2025, 7, 1), date(2025, 6, 30)


def types(units: list[OrgUnit]) -> Counter[OrgUnitType]:
    return Counter(unit.type for unit in units)


def prefixes(units: list[OrgUnit]) -> Counter[str]:
    return Counter(unit.name.split(" ")[0] for unit in units if unit.type is OrgUnitType.COMMUNE)


def test_the_new_list_has_34_provinces_and_3321_communes_from_1_7_2025() -> None:
    units = vn_2025()
    assert types(units) == {OrgUnitType.PROVINCE: 34, OrgUnitType.COMMUNE: 3321}
    assert all(u.valid_from == NEW_DAY and u.valid_to is None for u in units)
    provinces = {u.code for u in units if u.type is OrgUnitType.PROVINCE}
    assert all(u.parent in provinces for u in units if u.type is OrgUnitType.COMMUNE)
    assert all(not u.parent for u in units if u.type is OrgUnitType.PROVINCE)


def test_codes_are_zero_padded_text_and_names_nfc() -> None:
    units = vn_2025() + vn_legacy()
    widths = {OrgUnitType.PROVINCE: 2, OrgUnitType.DISTRICT: 3, OrgUnitType.COMMUNE: 5}
    assert all(len(u.code) == widths[u.type] and u.code.isdigit() for u in units)
    assert all(unicodedata.is_normalized("NFC", u.name) for u in units)
    by_code = {u.code: u for u in vn_2025()}
    assert by_code["01"].name == "Thành phố Hà Nội"
    assert by_code["04"].name == "Tỉnh Cao Bằng"
    assert by_code["00070"].name == "Phường Hoàn Kiếm"


def test_new_66_has_102_communes_88_xa_and_14_phuong() -> None:
    units = vn_2025("66")
    assert [u.name for u in units if u.type is OrgUnitType.PROVINCE] == ["Tỉnh Đắk Lắk"]
    communes = [u for u in units if u.type is OrgUnitType.COMMUNE]
    assert len(communes) == 102 and all(u.parent == "66" for u in communes)
    assert prefixes(units) == {"Xã": 88, "Phường": 14}
    names = {u.code: u.name for u in communes}
    assert names["24235"] == "Xã Buôn Đôn" and names["24133"] == "Phường Buôn Ma Thuột"
    assert names["24373"] == "Xã Ea Kar"


def test_the_old_list_has_63_provinces_696_districts_and_10035_communes_until_30_6_2025() -> None:
    units = vn_legacy()
    assert types(units) == {OrgUnitType.PROVINCE: 63, OrgUnitType.DISTRICT: 696, OrgUnitType.COMMUNE: 10035}
    assert all(u.valid_from is None and u.valid_to == OLD_DAY for u in units)
    by_code = {u.code: u for u in units}
    assert all(by_code[u.parent].type is OrgUnitType.DISTRICT for u in units if u.type is OrgUnitType.COMMUNE)
    assert all(by_code[u.parent].type is OrgUnitType.PROVINCE for u in units if u.type is OrgUnitType.DISTRICT)


def test_types_come_from_the_level_never_the_name() -> None:
    by_code = {u.code: u for u in vn_legacy()}
    assert by_code["643"].name == "Thành phố Buôn Ma Thuột" and by_code["643"].type is OrgUnitType.DISTRICT
    assert by_code["24118"].type is OrgUnitType.COMMUNE and by_code["24118"].parent == "643"


def test_island_districts_with_no_commune_are_districts_without_children() -> None:
    units = vn_legacy()
    parents = {u.parent for u in units}
    childless = sorted(u.code for u in units if u.type is OrgUnitType.DISTRICT and u.code not in parents)
    assert childless == ["318", "471", "498", "536", "755"]
    links = {link.predecessor: link for link in vn_links_2025() if link.predecessor in childless}
    assert {code: link.successor for code, link in links.items()} == {
        "318": "11948", "471": "19742", "498": "20333", "536": "21548", "755": "26732"}


def test_old_units_of_new_66_are_old_66_and_old_54() -> None:
    units = vn_legacy("66")
    by_province: dict[str, Counter[OrgUnitType]] = {"66": Counter(), "54": Counter()}
    parents = {u.code: u.parent for u in units}
    for unit in units:
        province = unit.code
        while parents[province]:
            province = parents[province]
        by_province[province][unit.type] += 1
    assert by_province["66"] == {OrgUnitType.PROVINCE: 1, OrgUnitType.DISTRICT: 15, OrgUnitType.COMMUNE: 180}
    assert by_province["54"] == {OrgUnitType.PROVINCE: 1, OrgUnitType.DISTRICT: 9, OrgUnitType.COMMUNE: 106}


def test_links_into_new_66() -> None:
    links = vn_links_2025("66")
    provinces = sorted((link.predecessor, link.successor) for link in links if len(link.successor) == 2)
    assert provinces == [("54", "66"), ("66", "66")]
    communes = [link for link in links if len(link.successor) == 5]
    assert len(communes) == 294 and all(link.on == NEW_DAY for link in communes)
    split = sorted({link.predecessor for link in communes if link.kind is LinkKind.SPLIT})
    assert split == ["22024", "22225", "22228", "22246", "22252", "22312", "22315", "24550"]
    assert sum(1 for link in communes if not link.whole) == 16
    assert all(sum(1 for link in communes if link.predecessor == code and link.default) == 1 for code in split)
    assert all(link.share is None for link in links)


def test_every_new_commune_of_66_has_predecessors_and_its_code_is_one_of_theirs() -> None:
    communes = {u.code for u in vn_2025("66") if u.type is OrgUnitType.COMMUNE}
    links = vn_links_2025("66")
    predecessors: dict[str, set[str]] = {}
    for link in links:
        predecessors.setdefault(link.successor, set()).add(link.predecessor)
    assert communes <= set(predecessors)
    assert all(code in predecessors[code] for code in communes)  # 102/102 reused codes
    old = {u.code for u in vn_legacy()}
    non_predecessors = {code for code in communes if code in old and code not in predecessors[code]}
    assert non_predecessors == set()


def test_krong_na_became_buon_don_a_rename_and_unchanged_communes_a_move() -> None:
    links = {(link.predecessor, link.successor): link for link in vn_links_2025("66")}
    assert links["24235", "24235"].kind is LinkKind.RENAME
    assert [key for key, link in links.items() if link.kind is LinkKind.RENAME] == [("24235", "24235")]
    moved = sorted(key[1] for key, link in links.items() if link.kind is LinkKind.MOVE and len(key[1]) == 5)
    assert moved == ["24184", "24214", "24221", "24445", "24529", "24604"]
    assert links["66", "66"].kind is links["54", "66"].kind is LinkKind.MERGE


def test_the_shipped_links_pass_the_load_time_checks() -> None:
    assert check_links(vn_legacy() + vn_2025(), vn_links_2025()) == []


def test_a_hierarchy_of_old_and_new_66_gives_either_tree_by_day() -> None:
    tree = Hierarchy(vn_legacy("66") + vn_2025("66"), links=vn_links_2025("66"))
    old = tree.at(OLD_DAY)
    assert old["66"].valid_to == OLD_DAY and len(old.children("66")) == 15 and len(old.children("54")) == 9
    assert old["24235"].name == "Xã Krông Na" and old["24235"].parent == "647"
    new = tree.at(None)
    assert new["66"].valid_to is None and len(new.children("66")) == 102
    assert new["24235"].name == "Xã Buôn Đôn" and "643" not in new
    assert sorted(link.predecessor for link in new.predecessors("66")) == ["54", "66"]


def test_an_unknown_province_is_refused_with_the_codes_expected() -> None:
    for read in (vn_2025, vn_legacy, vn_links_2025):
        with pytest.raises(InputError) as raised:
            read("54")  # an old province: no longer a province of the new list
        assert raised.value.message == "«54» không phải là mã một tỉnh, thành phố từ ngày 01/07/2025"
        assert raised.value.expected is not None and "66 (Tỉnh Đắk Lắk)" in raised.value.expected
        assert raised.value.expected.startswith("mã 2 chữ số: 01 (Thành phố Hà Nội), 04 (Tỉnh Cao Bằng)")
